"""Overpayment cases (多领/冒领): what was paid for months an award does not pay, what is recovered, when it closes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from pension_kit.errors import FailedPrecondition
from pension_kit.identifiers import Month
from pension_payout.domain.reactions import MonthRange, OverpaymentCause

OPEN: Final = "OPEN"
RECOVERED: Final = "RECOVERED"
WRITTEN_OFF: Final = "WRITTEN_OFF"
CASE_STATUSES: Final = (OPEN, RECOVERED, WRITTEN_OFF)
# pension.payout.v1.RecoveryMethod
RECOVERY_METHODS: Final = {1: "BANK_CLAWBACK", 2: "REPAYMENT", 3: "INHERITANCE_OFFSET", 4: "BENEFIT_OFFSET"}
RECOVERY_METHOD_INHERITANCE_OFFSET: Final = 3


@dataclass(frozen=True, slots=True)
class PaidMonth:
    """A payment PAID for a month the award does not pay."""

    payment_id: str
    month: Month
    amount_fen: int


@dataclass(frozen=True, slots=True)
class Recovery:
    """Money recovered against a case, as an officer (or an inheritance offset) recorded it."""

    recovery_id: str
    amount_fen: int
    method: int
    recovered_on: date
    reference: str
    reason: str
    recorded_by: str
    recorded_at: datetime
    request_id: str


@dataclass(frozen=True, slots=True)
class OverpaymentCase:
    """One resident's overpayment of one cause: the months paid that should not have been, and what came back.

    `awaiting_return` names payments of such months that are at the bank: not overpaid unless the bank pays them.
    """

    case_id: str
    resident_id: str
    award_id: str
    pooling_region_code: str
    village_code: str
    cause: OverpaymentCause
    payments: tuple[PaidMonth, ...]
    awaiting_return: tuple[str, ...]
    recovered_fen: int
    written_off_fen: int
    status: str
    recoveries: tuple[Recovery, ...]
    opened_at: datetime
    updated_at: datetime

    @property
    def amount_fen(self) -> int:
        return sum(payment.amount_fen for payment in self.payments)

    @property
    def balance_due_fen(self) -> int:
        return self.amount_fen - self.recovered_fen - self.written_off_fen


@dataclass(frozen=True, slots=True)
class CaseChange:
    """A case before and after a change, and what the change means to those who follow the case."""

    before: OverpaymentCase
    after: OverpaymentCase

    @property
    def grew(self) -> bool:
        """More was found paid: the case is announced again with its new amount."""
        return self.after.amount_fen > self.before.amount_fen

    @property
    def closed(self) -> bool:
        return self.before.status == OPEN and self.after.status != OPEN


def case_status(balance_due_fen: int, written_off_fen: int) -> str:
    if balance_due_fen > 0:
        return OPEN
    return WRITTEN_OFF if written_off_fen > 0 else RECOVERED


def _by_month(payments: Iterable[PaidMonth]) -> tuple[PaidMonth, ...]:
    return tuple(sorted(payments, key=lambda payment: payment.month))


def opened(
    case_id: str,
    *,
    resident_id: str,
    award_id: str,
    pooling_region_code: str,
    village_code: str,
    cause: OverpaymentCause,
    paid: Iterable[PaidMonth],
    at_bank: Iterable[str],
    now: datetime,
) -> OverpaymentCase | None:
    """A new case of what was paid for unpayable months; None when nothing was (no case)."""
    payments = _by_month(paid)
    if not payments:
        return None
    amount = sum(payment.amount_fen for payment in payments)
    return OverpaymentCase(
        case_id=case_id,
        resident_id=resident_id,
        award_id=award_id,
        pooling_region_code=pooling_region_code,
        village_code=village_code,
        cause=cause,
        payments=payments,
        awaiting_return=tuple(at_bank),
        recovered_fen=0,
        written_off_fen=0,
        status=case_status(amount, 0),
        recoveries=(),
        opened_at=now,
        updated_at=now,
    )


def refreshed(
    case: OverpaymentCase,
    paid: Mapping[str, PaidMonth],
    at_bank: Sequence[str],
    unpayable: Sequence[MonthRange],
    *,
    now: datetime,
) -> CaseChange | None:
    """The case as the payments now stand (`paid` by payment id, `at_bank` the ids of payments at the bank, both
    of the `unpayable` months); None when nothing changed."""
    # PAID is final: a payment this case counted stays counted even if the payments were read before it was paid.
    merged = {p.payment_id: p for p in case.payments if any(p.month in months for months in unpayable)}
    merged.update(paid)
    payments = _by_month(merged.values())
    awaiting = tuple(identifier for identifier in at_bank if identifier not in merged)
    if payments == case.payments and awaiting == case.awaiting_return:
        return None
    after = replace(case, payments=payments, awaiting_return=awaiting, updated_at=now)
    return CaseChange(case, replace(after, status=case_status(after.balance_due_fen, after.written_off_fen)))


def recovered(case: OverpaymentCase, recovery: Recovery) -> CaseChange:
    """The case with `recovery` recorded; refused when it is more than is still due."""
    if recovery.amount_fen > case.balance_due_fen:
        raise FailedPrecondition(
            "RECOVERY_EXCEEDS_BALANCE",
            f"{recovery.amount_fen} fen is more than the {case.balance_due_fen} fen still due",
            field="amount_fen",
            message_zh="追回金额超过应追回余额",
        )
    after = replace(
        case,
        recovered_fen=case.recovered_fen + recovery.amount_fen,
        recoveries=(*case.recoveries, recovery),
        updated_at=recovery.recorded_at,
    )
    return CaseChange(case, replace(after, status=case_status(after.balance_due_fen, after.written_off_fen)))
