"""The rules of an overpayment case (domain.overpayment): opened from what was paid, grown, recovered, closed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_payout.domain.overpayment import (
    OPEN,
    RECOVERED,
    WRITTEN_OFF,
    OverpaymentCase,
    PaidMonth,
    Recovery,
    case_status,
    opened,
    recovered,
    refreshed,
)
from pension_payout.domain.reactions import MonthRange, OverpaymentCause

NOW = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 7, 16, 9, 0, tzinfo=UTC)
APRIL = PaidMonth("AW-R1/2026-04", Month(2026, 4), 20_350)
MAY = PaidMonth("AW-R1/2026-05", Month(2026, 5), 20_350)
AFTER_DEATH = (MonthRange(Month(2026, 4), None),)


def case(*paid: PaidMonth, at_bank: tuple[str, ...] = ()) -> OverpaymentCase:
    found = opened(
        "OP-R1-1",
        resident_id="R1",
        award_id="AW-R1",
        pooling_region_code="411723",
        village_code="411723101201",
        cause=OverpaymentCause.DEATH,
        paid=paid,
        at_bank=at_bank,
        now=NOW,
    )
    assert found is not None
    return found


def recovery(amount_fen: int) -> Recovery:
    return Recovery("RC-1", amount_fen, 2, date(2026, 7, 1), "receipt 88", "", "officer-1", LATER, "r-1")


def test_a_case_is_opened_only_for_something_paid() -> None:
    assert (
        opened(
            "OP-R1-1",
            resident_id="R1",
            award_id="AW-R1",
            pooling_region_code="411723",
            village_code="",
            cause=OverpaymentCause.DEATH,
            paid=(),
            at_bank=("AW-R1/2026-05",),
            now=NOW,
        )
        is None
    )
    first = case(MAY, APRIL)
    assert first.payments == (APRIL, MAY) and first.amount_fen == first.balance_due_fen == 40_700
    assert first.status == OPEN


def test_a_payment_paid_by_the_bank_grows_the_case_and_leaves_the_payments_at_the_bank() -> None:
    first = case(APRIL, at_bank=(MAY.payment_id,))
    change = refreshed(first, {MAY.payment_id: MAY}, [], AFTER_DEATH, now=LATER)
    assert change is not None and change.grew and not change.closed
    assert change.after.payments == (APRIL, MAY) and change.after.awaiting_return == ()
    assert change.after.amount_fen == 40_700 and change.after.updated_at == LATER
    assert refreshed(change.after, {MAY.payment_id: MAY}, [], AFTER_DEATH, now=LATER) is None


def test_a_payment_counted_once_stays_counted_though_the_payments_were_read_before_it_was_paid() -> None:
    grown = case(APRIL, MAY)
    assert refreshed(grown, {APRIL.payment_id: APRIL}, [], AFTER_DEATH, now=LATER) is None


def test_a_recovery_lowers_the_balance_and_the_last_one_closes_the_case() -> None:
    first = case(APRIL)
    part = recovered(first, recovery(15_000))
    assert (part.after.recovered_fen, part.after.balance_due_fen, part.after.status) == (15_000, 5_350, OPEN)
    assert not part.closed and part.after.recoveries == (recovery(15_000),)
    rest = recovered(part.after, recovery(5_350))
    assert rest.closed and (rest.after.balance_due_fen, rest.after.status) == (0, RECOVERED)


def test_a_recovery_above_the_balance_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        recovered(case(APRIL), recovery(20_351))
    assert (refused.value.reason, refused.value.field) == ("RECOVERY_EXCEEDS_BALANCE", "amount_fen")


def test_a_case_with_nothing_due_is_recovered_unless_some_was_written_off() -> None:
    assert (case_status(1, 0), case_status(0, 0), case_status(0, 100)) == (OPEN, RECOVERED, WRITTEN_OFF)
