"""Agents' cash (日清月结): cash collected is owed by the agent until deposited; what is owed, by day, and overdue."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from pension_kit.errors import FailedPrecondition, InvalidArgument


@dataclass(frozen=True, slots=True)
class CashReceipt:
    """One receipt an agent issued for a cash contribution; `deposit_id` once the cash is in the bank."""

    receipt_number: str
    resident_id: str
    contribution_id: str
    amount_fen: int
    collected_on: date
    deposit_id: str = ""
    reversed: bool = False  # a reversed contribution is refunded in cash, so nothing is owed for it

    @property
    def owed(self) -> bool:
        return not self.deposit_id and not self.reversed


@dataclass(frozen=True, slots=True)
class CashDay:
    collected_on: date
    collected_fen: int
    deposited_fen: int

    @property
    def outstanding_fen(self) -> int:
        return self.collected_fen - self.deposited_fen


def outstanding(receipts: Iterable[CashReceipt], as_of: date) -> tuple[int, list[CashDay], list[CashReceipt]]:
    """What the agent owes on `as_of`: the total, by day of collection, and the receipts not yet deposited."""
    days: dict[date, list[int]] = {}
    owed: list[CashReceipt] = []
    for receipt in receipts:
        if receipt.reversed or receipt.collected_on > as_of:
            continue
        collected, deposited = days.setdefault(receipt.collected_on, [0, 0])
        days[receipt.collected_on] = [
            collected + receipt.amount_fen,
            deposited + (receipt.amount_fen if receipt.deposit_id else 0),
        ]
        if not receipt.deposit_id:
            owed.append(receipt)
    by_day = [CashDay(day, c, d) for day, (c, d) in sorted(days.items())]
    return sum(r.amount_fen for r in owed), by_day, sorted(owed, key=lambda r: (r.collected_on, r.receipt_number))


def overdue(receipts: Iterable[CashReceipt], as_of: date, settlement_days: int) -> list[CashReceipt]:
    """Receipts still owed after the settlement period: collected more than `settlement_days` days before as_of."""
    deadline = as_of - timedelta(days=settlement_days)
    return [r for r in receipts if r.owed and r.collected_on < deadline]


def receipt_issued_to_another(
    receipts: Iterable[CashReceipt], receipt_number: str, resident_id: str
) -> CashReceipt | None:
    """A receipt the agent already issued under this number to someone else, if any. One paper receipt is one
    payer's: it may cover several of their contributions paid together (this year's and arrears of past years,
    each recorded on its own), never two people's (nor is a receipt voided for a reversed contribution issued
    again)."""
    return next((r for r in receipts if r.receipt_number == receipt_number and r.resident_id != resident_id), None)


def apply_deposit(
    receipts: Sequence[CashReceipt], *, deposit_id: str, amount_fen: int, receipt_numbers: Sequence[str]
) -> list[CashReceipt]:
    """The receipts with the deposited ones marked; the amount must be exactly what those receipts owe."""
    if amount_fen <= 0:
        raise InvalidArgument(
            "CASH_DEPOSIT_AMOUNT_INVALID", "a deposit is a positive amount of fen", field="amount_fen"
        )
    if not receipt_numbers:
        raise InvalidArgument(
            "CASH_DEPOSIT_RECEIPTS_REQUIRED", "name the receipts the deposit settles", field="receipt_numbers"
        )
    if len(set(receipt_numbers)) != len(receipt_numbers):
        raise InvalidArgument("CASH_DEPOSIT_RECEIPT_REPEATED", "a receipt is named twice", field="receipt_numbers")
    # A number names every contribution recorded under it (one payer's several years; or two people's recorded at
    # the same moment, before the book knew the first: receipt_issued_to_another): one deposit of it settles all.
    by_number: dict[str, list[CashReceipt]] = {}
    for receipt in receipts:
        by_number.setdefault(receipt.receipt_number, []).append(receipt)
    total = 0
    for number in receipt_numbers:
        issued = by_number.get(number, [])
        if not issued:
            raise FailedPrecondition(
                "CASH_RECEIPT_UNKNOWN", f"receipt {number} is not one of this agent's", field="receipt_numbers"
            )
        if all(r.reversed for r in issued):
            raise FailedPrecondition(
                "CASH_RECEIPT_REVERSED", f"receipt {number}'s contribution was reversed", field="receipt_numbers"
            )
        owed = [r for r in issued if r.owed]
        if not owed:
            deposited = next(r for r in issued if r.deposit_id)
            raise FailedPrecondition(
                "CASH_RECEIPT_ALREADY_DEPOSITED",
                f"receipt {number} was deposited by {deposited.deposit_id}",
                field="receipt_numbers",
            )
        total += sum(r.amount_fen for r in owed)
    if total != amount_fen:
        raise FailedPrecondition(
            "CASH_DEPOSIT_AMOUNT_MISMATCH",
            f"the receipts owe {total} fen, the deposit is {amount_fen} fen",
            field="amount_fen",
            message_zh="缴存金额与收据合计不符",
        )
    named = set(receipt_numbers)
    return [replace(r, deposit_id=deposit_id) if r.receipt_number in named and r.owed else r for r in receipts]
