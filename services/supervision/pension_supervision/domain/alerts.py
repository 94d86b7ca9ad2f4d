"""An alert: what a rule found, the events that show it, a score a person can read, and the key of its facts.

The alert's id is derived from its rule and its facts (not from the event that completed them), so the same facts,
delivered twice or completed in another order, raise one alert. Rules (domain/alert_rules/) return `AlertDraft`s;
the alert store keeps at most one alert per id.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AlertRule(StrEnum):
    """The rules, named as in the contract's `AlertRule` without its prefix."""

    PAYMENT_AFTER_DEATH = "PAYMENT_AFTER_DEATH"
    SHARED_BANK_ACCOUNT = "SHARED_BANK_ACCOUNT"
    CENTENARIAN_WEAK_CERTIFICATION = "CENTENARIAN_WEAK_CERTIFICATION"
    CERTIFICATION_FAR_FROM_VILLAGE = "CERTIFICATION_FAR_FROM_VILLAGE"
    CERTIFICATION_BURST = "CERTIFICATION_BURST"
    CASH_NOT_DEPOSITED = "CASH_NOT_DEPOSITED"
    EMPLOYEE_PENSION_ENROLMENT = "EMPLOYEE_PENSION_ENROLMENT"
    PAYROLL_NOT_RECONCILED = "PAYROLL_NOT_RECONCILED"
    DUPLICATE_ENROLMENT = "DUPLICATE_ENROLMENT"
    DUPLICATE_RECEIPT = "DUPLICATE_RECEIPT"
    AUDIT_CHAIN_BROKEN = "AUDIT_CHAIN_BROKEN"


class AlertStatus(StrEnum):
    OPEN = "OPEN"
    IN_CASE = "IN_CASE"
    DISMISSED = "DISMISSED"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One event behind an alert and what it shows (no personal number in the clear: masked forms only)."""

    event_id: str
    event_type: str
    subject_key: str
    occurred_at: datetime
    summary: str


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """What a rule returns: an alert not yet stored.

    `facts` names the facts the alert is about, in the rule's own words (e.g. ("R123", "2026-07") for a payment
    of July after a death): the same facts give the same alert id, whoever delivers them and how often.
    """

    rule: AlertRule
    facts: tuple[str, ...]
    pooling_region_code: str
    score: int  # 0-100
    score_explanation: str
    reason_zh: str
    reason_en: str
    evidence: tuple[Evidence, ...]
    resident_ids: tuple[str, ...] = ()
    agent_ids: tuple[str, ...] = ()
    amount_fen: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.score <= 100:
            raise ValueError(f"score {self.score} is not 0 to 100")
        if self.amount_fen < 0:
            raise ValueError("amount_fen must not be negative")
        if not self.facts:
            raise ValueError("an alert needs the facts it is about")

    @property
    def facts_key(self) -> str:
        return facts_key(self.rule, self.facts)

    @property
    def alert_id(self) -> str:
        return alert_id(self.rule, self.facts)


@dataclass(frozen=True, slots=True)
class Alert:
    """A stored alert: the draft, where it stands, and when it was raised."""

    draft: AlertDraft
    status: AlertStatus
    raised_at: datetime
    case_id: str = ""
    dismissal_reason: str = ""
    history: tuple[str, ...] = field(default=())

    @property
    def alert_id(self) -> str:
        return self.draft.alert_id


def facts_key(rule: AlertRule, facts: tuple[str, ...]) -> str:
    """SHA-256 (hex) of the rule and its facts, unambiguous whatever characters the facts hold."""
    digest = hashlib.sha256(rule.value.encode())
    for fact in facts:
        encoded = fact.encode()
        digest.update(len(encoded).to_bytes(4, "big"))
        digest.update(encoded)
    return digest.hexdigest()


def alert_id(rule: AlertRule, facts: tuple[str, ...]) -> str:
    """The id: "AL-" and the first 24 hex digits of the facts key (96 bits: no two facts will share one)."""
    return "AL-" + facts_key(rule, facts)[:24]
