"""The public notice (公示) of one village for one month: who contributed, who was paid, and how much.

A contributor line is one contribution paid in the month (reversed ones are left out: they did not happen); a
recipient line is one pensioner with everything paid to them in the month's payroll run, back pay included and
shown apart. Identifiers are the masked forms the events carry; a form that is somehow not masked is masked again
here, so that no full name or ID number can reach a notice board.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pension_kit.identifiers import Month
from pension_kit.masking import mask_citizen_id, mask_name
from pension_supervision.domain.facts import (
    ContributionFact,
    ContributionKind,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
    ResidentFact,
)

UNKNOWN_NAME = "*"  # a resident whose enrolment supervision never saw (it shows that something is missing)


@dataclass(frozen=True, slots=True)
class ContributorLine:
    name_masked: str
    citizen_id_masked: str
    year: int
    kind: ContributionKind
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int


@dataclass(frozen=True, slots=True)
class RecipientLine:
    name_masked: str
    citizen_id_masked: str
    amount_fen: int  # everything paid in the month, back pay included
    back_pay_fen: int


@dataclass(frozen=True, slots=True)
class PublicNotice:
    village_code: str
    village_name: str
    month: Month
    contributors: tuple[ContributorLine, ...]
    recipients: tuple[RecipientLine, ...]
    contributed_fen: int  # the sum of the columns printed: personal + subsidy + paid on behalf
    paid_fen: int
    generated_at: datetime
    dispute_contact: str


def shown_name(name_masked: str) -> str:
    """The masked name; one that arrived unmasked (no '*') is masked here."""
    return name_masked if "*" in name_masked or not name_masked else mask_name(name_masked)


def shown_citizen_id(citizen_id_masked: str) -> str:
    """The masked ID number; one that arrived unmasked (no '*') is masked here."""
    return (
        citizen_id_masked if "*" in citizen_id_masked or not citizen_id_masked else mask_citizen_id(citizen_id_masked)
    )


def compose_notice(
    *,
    village_code: str,
    village_name: str,
    month: Month,
    contributions: Iterable[ContributionFact],
    payments: Iterable[PaymentFact],
    residents: Mapping[str, ResidentFact],
    generated_at: datetime,
    dispute_contact: str,
) -> PublicNotice:
    """The notice from the month's contributions and payments of the village (already chosen by month and village)."""

    def names(resident_id: str) -> tuple[str, str]:
        resident = residents.get(resident_id)
        if resident is None:
            return UNKNOWN_NAME, UNKNOWN_NAME
        return shown_name(resident.name_masked), shown_citizen_id(resident.citizen_id_masked)

    contributors = sorted(
        (
            ContributorLine(
                *names(c.resident_id),
                year=c.year,
                kind=c.kind,
                grade_fen=c.grade_fen,
                personal_fen=c.personal_fen,
                subsidy_fen=c.subsidy_fen,
                paid_on_behalf_fen=c.paid_on_behalf_fen,
            )
            for c in contributions
            if c.month == month and c.village_code == village_code
        ),
        key=lambda line: (line.citizen_id_masked, line.name_masked, line.year, line.kind.value),
    )
    paid: dict[str, list[PaymentFact]] = {}
    for payment in payments:
        if (
            payment.outcome is PaymentOutcome.PAID
            and payment.payroll_month == month
            and payment.village_code == village_code
        ):
            paid.setdefault(payment.resident_id, []).append(payment)
    recipients = sorted(
        (
            RecipientLine(
                *names(resident_id),
                amount_fen=sum(p.amount_fen for p in their),
                back_pay_fen=sum(p.amount_fen for p in their if p.kind is PaymentKind.BACK_PAY),
            )
            for resident_id, their in paid.items()
        ),
        key=lambda line: (line.citizen_id_masked, line.name_masked),
    )
    return PublicNotice(
        village_code=village_code,
        village_name=village_name,
        month=month,
        contributors=tuple(contributors),
        recipients=tuple(recipients),
        contributed_fen=sum(c.personal_fen + c.subsidy_fen + c.paid_on_behalf_fen for c in contributors),
        paid_fen=sum(r.amount_fen for r in recipients),
        generated_at=generated_at,
        dispute_contact=dispute_contact,
    )
