"""Payout's case and reaction use cases on in-memory repositories: an award, its payments and runs, the services."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_payout.adapters.award_reactions import InMemoryAwardReactions
from pension_payout.adapters.overpayment_cases import InMemoryOverpaymentCases
from pension_payout.adapters.store import award_id, payment_id, run_id
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_payout.service_layer.payroll_records import InMemoryPayroll
from pension_payout.service_layer.reactions import ReactionService

TODAY: Final = date(2026, 7, 15)
RESIDENT: Final = "R0001"
AWARD: Final = award_id(RESIDENT)
REGION: Final = "411723"
MONTHLY_FEN: Final = 20_350
TOPIC: Final = "pension.payout.resident.v1"


class Relay:
    """The relay's nudges, recorded."""

    def __init__(self) -> None:
        self.hints: list[tuple[str, list[Any]]] = []

    def __call__(self, collection: str, ids: Iterable[Any]) -> None:
        self.hints.append((collection, list(ids)))


def award(**fields: Any) -> Document:
    """An active award as the award job writes it (the fields the reactions and cases read)."""
    return {
        "_id": AWARD,
        "resident_id": RESIDENT,
        "pooling_region_code": REGION,
        "village_code": f"{REGION}101201",
        "first_month": "2025-01",
        "status": "ACTIVE",
        "suspension": None,
        "stop": None,
        "back_pay_pending": [],
        "ended_suspensions": [],
        "applied_events": [],
        "version": 1,
        **fields,
    }


@dataclass
class Payout:
    """The two services on in-memory awards, cases, payments and runs."""

    awards: InMemoryAwardReactions = field(default_factory=lambda: InMemoryAwardReactions(award()))
    cases: InMemoryOverpaymentCases = field(default_factory=InMemoryOverpaymentCases)
    payroll: InMemoryPayroll = field(default_factory=InMemoryPayroll)
    relay: Relay = field(default_factory=Relay)

    def __post_init__(self) -> None:
        self.overpayments = OverpaymentService(
            None,
            resident_topic=TOPIC,
            notify_relay=self.relay,
            today=lambda: TODAY,
            cases=self.cases,
            awards=self.awards,
            payroll=self.payroll,
        )
        self.reactions = ReactionService(
            None,
            self.overpayments,
            resident_topic=TOPIC,
            notify_relay=self.relay,
            today=lambda: TODAY,
            awards=self.awards,
            payroll=self.payroll,
        )

    def pay(self, month: str, status: str) -> str:
        """A payment of the award for `month`: PAID, PREPARED in a DRAFT run, or EXPORTED (PREPARED in an
        exported run)."""
        run = run_id(REGION, parse_month(month))
        identifier = payment_id(AWARD, parse_month(month))
        self.payroll.payments[identifier] = {
            "_id": identifier,
            "award_id": AWARD,
            "resident_id": RESIDENT,
            "pooling_region_code": REGION,
            "month": month,
            "amount_fen": MONTHLY_FEN,
            "payroll_run_id": run,
            "status": "PREPARED" if status == "EXPORTED" else status,
        }
        self.payroll.runs.setdefault(run, "DRAFT" if status == "PREPARED" else "EXPORTED")
        return identifier

    def stored_award(self) -> Document:
        return self.awards.documents[AWARD]


def payloads(events: Iterable[dict[str, Any]]) -> list[Any]:
    """The event messages written, in order."""
    return [unpack_payload(parse_envelope(bytes(event["envelope"]))) for event in events]


def names(events: Iterable[dict[str, Any]]) -> list[str]:
    return [type(payload).__name__ for payload in payloads(events)]
