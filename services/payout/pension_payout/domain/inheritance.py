"""The heir's one payout of a deceased's balance: what is withheld for overpayments, who may do what, and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pension_kit.errors import FailedPrecondition, PermissionDenied
from pension_payout.domain.overpayment import OPEN, OverpaymentCase

REQUESTED: Final = "REQUESTED"
APPROVED: Final = "APPROVED"
PAID: Final = "PAID"
FAILED: Final = "FAILED"


@dataclass(frozen=True, slots=True)
class Offset:
    """What of the balance goes to one open overpayment case before the heir is paid."""

    overpayment_case_id: str
    amount_fen: int


def offsets(balance_fen: int, cases: Iterable[OverpaymentCase]) -> tuple[Offset, ...]:
    """The balance to inherit, taken first for the open cases, case by case in the order given, until none is
    left; refused when there is no balance at all."""
    if balance_fen <= 0:
        raise FailedPrecondition(
            "INHERITANCE_NOTHING_TO_PAY",
            "the deceased's account holds nothing to inherit",
            field="resident_id",
            message_zh="个人账户无余额可继承",
        )
    remaining = balance_fen
    taken = []
    for case in cases:
        if case.status != OPEN or case.balance_due_fen <= 0 or remaining == 0:
            continue
        amount = min(remaining, case.balance_due_fen)
        taken.append(Offset(case.case_id, amount))
        remaining -= amount
    return tuple(taken)


def already_paid(identifier: str) -> FailedPrecondition:
    return FailedPrecondition(
        "INHERITANCE_ALREADY_PAID",
        f"{identifier} has been paid; an account balance is inherited once",
        field="inheritance_id",
        message_zh="个人账户余额已支付给继承人，不能重复支付",
    )


def check_may_request(identifier: str, status: str) -> None:
    """Asked again after a failed transfer, or to correct a request nobody has approved yet; not once approved
    or paid."""
    if status == PAID:
        raise already_paid(identifier)
    if status == APPROVED:
        raise FailedPrecondition(
            "INHERITANCE_IN_PROGRESS",
            f"{identifier} is approved and awaits the bank's result; record it before asking again",
            field="resident_id",
            message_zh="继承支付已审批，待银行结果，不能重复申请",
        )


def check_may_approve(identifier: str, status: str, *, requested_by: str, approver: str) -> None:
    """Only a request awaiting approval is approved, and by another officer than the one who asked."""
    if status == PAID:
        raise already_paid(identifier)
    if status != REQUESTED:
        raise FailedPrecondition(
            "INHERITANCE_NOT_REQUESTED",
            f"{identifier} is {status}: only a request awaiting approval is approved",
            field="inheritance_id",
            message_zh="只有待审批的继承支付可以审批",
        )
    if approver == requested_by:
        raise PermissionDenied(
            "INHERITANCE_APPROVER_IS_REQUESTER",
            f"{approver} requested {identifier} and cannot approve it",
            field="approver_id",
            message_zh="申请人不能审批本人提出的继承支付",
        )


Amounts = tuple[int, tuple[Offset, ...]]  # the balance to inherit and what of it is withheld


def check_amounts_unchanged(identifier: str, requested: Amounts, now: Amounts) -> None:
    """The approval is of the amounts requested: the balance and the offsets as they stand must be the same."""
    if requested != now:
        raise FailedPrecondition(
            "INHERITANCE_AMOUNT_CHANGED",
            f"the balance or the overpayments changed since {identifier} was requested; request it again",
            field="inheritance_id",
            message_zh="账户余额或多领金额已变化，请重新申请",
        )


def check_may_record_result(identifier: str, status: str) -> None:
    """Only an approved payout has a bank result (a paid one has had its result)."""
    if status == PAID:
        raise already_paid(identifier)
    if status != APPROVED:
        raise FailedPrecondition(
            "INHERITANCE_NOT_APPROVED",
            f"{identifier} is {status}: only an approved payout has a bank result",
            field="inheritance_id",
            message_zh="继承支付尚未审批，不能登记银行结果",
        )
