"""PAYMENT_AFTER_DEATH: a pension paid for a month after the month of a recorded death."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pension_kit.money import format_yuan
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


@dataclass(frozen=True, slots=True)
class RecordedDeath:
    """A death as an event recorded it: verification's DeathConfirmed or enrolment's EnrolmentTerminated."""

    date_of_death: date
    confirmed: bool  # verification confirmed it (registry or officer); False: only enrolment's termination says so
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class PaidMonth:
    """A PaymentPaid: the month it paid and how much."""

    month: str  # YYYY-MM
    amount_fen: int
    evidence: Evidence


def _month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_between(first: str, second: str) -> int:
    return (int(second[:4]) - int(first[:4])) * 12 + int(second[5:7]) - int(first[5:7])


def payment_after_death(
    *, resident_id: str, pooling_region_code: str, deaths: list[RecordedDeath], payment: PaidMonth
) -> AlertDraft | None:
    """An alert when `payment` is for a month after the month of the earliest recorded death; facts: resident, month."""
    if not deaths:
        return None
    death = min(deaths, key=lambda d: (d.date_of_death, not d.confirmed))
    death_month = _month_of(death.date_of_death)
    months_after = _months_between(death_month, payment.month)
    if months_after <= 0:
        return None
    confirmed = any(d.confirmed for d in deaths)
    score = 95 if confirmed else 85
    explanation = (
        f"{score}: the death is "
        + ("confirmed by verification" if confirmed else "recorded by enrolment's termination only")
        + f"; the payment is for {months_after} month(s) after the month of death"
    )
    yuan = format_yuan(payment.amount_fen)
    return AlertDraft(
        rule=AlertRule.PAYMENT_AFTER_DEATH,
        facts=(resident_id, payment.month),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=explanation,
        reason_zh=(
            f"参保人已于{death.date_of_death.isoformat()}死亡，仍发放了{payment.month}的待遇{yuan}元（死亡次月起应停发）"
        ),
        reason_en=(
            f"the resident died on {death.date_of_death.isoformat()} and was still paid {yuan} yuan for "
            f"{payment.month} (payments stop from the month after death)"
        ),
        evidence=(*sorted({d.evidence for d in deaths}, key=lambda e: e.occurred_at), payment.evidence),
        resident_ids=(resident_id,),
        amount_fen=payment.amount_fen,
    )
