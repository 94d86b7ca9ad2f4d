"""Agents' cash: owed until deposited, by day; a deposit must match its receipts exactly; overdue after settlement;
a receipt number is one payer's."""

from datetime import date

import pytest

from pension_enrolment.domain.cash import CashReceipt, apply_deposit, outstanding, overdue, receipt_issued_to_another
from pension_kit.errors import DomainError

R1 = CashReceipt("SJ-001", "R1", "C1", 20000, date(2026, 3, 2))
R2 = CashReceipt("SJ-002", "R2", "C2", 30000, date(2026, 3, 2))
R3 = CashReceipt("SJ-003", "R3", "C3", 50000, date(2026, 3, 4))


def test_cash_is_owed_by_day_until_deposited() -> None:
    owed, days, receipts = outstanding([R1, R2, R3], date(2026, 3, 4))
    assert owed == 100000
    assert [(d.collected_on, d.collected_fen, d.outstanding_fen) for d in days] == [
        (date(2026, 3, 2), 50000, 50000),
        (date(2026, 3, 4), 50000, 50000),
    ]
    assert [r.receipt_number for r in receipts] == ["SJ-001", "SJ-002", "SJ-003"]


def test_a_deposit_settles_exactly_its_receipts() -> None:
    settled = apply_deposit([R1, R2, R3], deposit_id="D1", amount_fen=50000, receipt_numbers=["SJ-001", "SJ-002"])
    owed, days, _ = outstanding(settled, date(2026, 3, 4))
    assert owed == 50000
    assert days[0].deposited_fen == 50000 and days[0].outstanding_fen == 0


@pytest.mark.parametrize(
    ("amount", "numbers", "reason"),
    [
        (49999, ["SJ-001", "SJ-002"], "CASH_DEPOSIT_AMOUNT_MISMATCH"),
        (20000, ["SJ-999"], "CASH_RECEIPT_UNKNOWN"),
        (40000, ["SJ-001", "SJ-001"], "CASH_DEPOSIT_RECEIPT_REPEATED"),
        (0, ["SJ-001"], "CASH_DEPOSIT_AMOUNT_INVALID"),
        (20000, [], "CASH_DEPOSIT_RECEIPTS_REQUIRED"),
    ],
)
def test_a_deposit_that_does_not_match_is_refused(amount: int, numbers: list[str], reason: str) -> None:
    with pytest.raises(DomainError) as refused:
        apply_deposit([R1, R2, R3], deposit_id="D1", amount_fen=amount, receipt_numbers=numbers)
    assert refused.value.reason == reason


def test_a_receipt_cannot_be_deposited_twice() -> None:
    settled = apply_deposit([R1], deposit_id="D1", amount_fen=20000, receipt_numbers=["SJ-001"])
    with pytest.raises(DomainError) as refused:
        apply_deposit(settled, deposit_id="D2", amount_fen=20000, receipt_numbers=["SJ-001"])
    assert refused.value.reason == "CASH_RECEIPT_ALREADY_DEPOSITED"


def test_overdue_means_collected_before_the_settlement_period_began() -> None:
    # Daily settlement (1 day): cash of 2 March is due by 3 March, overdue on 4 March.
    assert overdue([R1, R3], date(2026, 3, 3), 1) == []
    assert [r.receipt_number for r in overdue([R1, R3], date(2026, 3, 4), 1)] == ["SJ-001"]


def test_a_reversed_contribution_is_not_owed() -> None:
    reversed_r1 = CashReceipt("SJ-001", "R1", "C1", 20000, date(2026, 3, 2), reversed=True)
    assert outstanding([reversed_r1], date(2026, 3, 4))[0] == 0
    assert overdue([reversed_r1], date(2026, 3, 10), 1) == []


def test_one_payers_years_under_one_receipt_are_all_owed_and_one_deposit_of_it_settles_them() -> None:
    # This year's contribution and a past year's arrears paid together against one paper receipt.
    this_year = CashReceipt("SJ-007", "R1", "C1", 20000, date(2026, 3, 2))
    arrears = CashReceipt("SJ-007", "R1", "C1-2024", 15000, date(2026, 3, 2))
    assert outstanding([this_year, arrears], date(2026, 3, 2))[0] == 35000
    with pytest.raises(DomainError) as refused:
        apply_deposit([this_year, arrears], deposit_id="D1", amount_fen=20000, receipt_numbers=["SJ-007"])
    assert refused.value.reason == "CASH_DEPOSIT_AMOUNT_MISMATCH"
    settled = apply_deposit([this_year, arrears], deposit_id="D1", amount_fen=35000, receipt_numbers=["SJ-007"])
    assert [r.deposit_id for r in settled] == ["D1", "D1"] and outstanding(settled, date(2026, 3, 2))[0] == 0


def test_a_deposit_of_a_number_leaves_a_receipt_deposited_before_under_it_as_it_was() -> None:
    deposited = CashReceipt("SJ-007", "R1", "C1", 20000, date(2026, 3, 2), deposit_id="D1")
    later = CashReceipt("SJ-007", "R1", "C1-2024", 15000, date(2026, 3, 5))
    settled = apply_deposit([deposited, later], deposit_id="D2", amount_fen=15000, receipt_numbers=["SJ-007"])
    assert [r.deposit_id for r in settled] == ["D1", "D2"]


def test_a_receipt_number_is_taken_only_when_issued_to_someone_else() -> None:
    assert receipt_issued_to_another([R1, R2], "SJ-001", "R1") is None
    assert receipt_issued_to_another([R1, R2], "SJ-001", "R9") == R1
    assert receipt_issued_to_another([R1, R2], "SJ-999", "R9") is None
