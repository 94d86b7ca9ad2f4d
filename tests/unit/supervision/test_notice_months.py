"""Which month a fact belongs to: a payment to its payroll run's month, an instant to China's calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from pension_kit.identifiers import Month
from pension_supervision.domain.facts import month_of_moment, payroll_month


def test_a_back_payment_belongs_to_the_run_it_was_paid_in() -> None:
    assert payroll_month("PR-410122-202607", Month(2026, 3)) == Month(2026, 7)
    assert payroll_month("something else", Month(2026, 3)) == Month(2026, 3)


def test_an_instant_late_on_the_last_day_in_utc_is_already_next_month_in_china() -> None:
    assert month_of_moment(datetime(2026, 6, 30, 17, 0, tzinfo=UTC)) == Month(2026, 7)
    assert month_of_moment(datetime(2026, 6, 30, 15, 59, tzinfo=UTC)) == Month(2026, 6)
