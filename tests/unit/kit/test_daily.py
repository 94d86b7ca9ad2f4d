"""The daily job's pure parts: which day's run is due at an instant, and who holds a lease."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from pension_kit.daily import run_day
from pension_kit.lease import holder_id

AT = time(1, 30)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 00:30 in Beijing on 3 December: today's 01:30 has not come, so the run due is the 2nd's (a catch-up).
        (datetime(2026, 12, 2, 16, 30, tzinfo=UTC), date(2026, 12, 2)),
        (datetime(2026, 12, 2, 17, 30, tzinfo=UTC), date(2026, 12, 3)),  # 01:30 exactly: today's
        (datetime(2026, 12, 3, 15, 59, tzinfo=UTC), date(2026, 12, 3)),  # 23:59 in Beijing
        (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), date(2026, 12, 31)),  # 01:00 on New Year's Day: the year before
    ],
)
def test_the_run_due_is_that_of_the_last_time_the_china_clock_read_the_configured_time(
    now: datetime, expected: date
) -> None:
    assert run_day(now, AT) == expected


def test_a_holder_names_its_host_and_process_and_two_holders_in_one_process_differ() -> None:
    assert holder_id("pod-7", 42, "beef") == "pod-7:42:beef"
    first, second = holder_id("pod-7", 42), holder_id("pod-7", 42)
    assert first.startswith("pod-7:42:")
    assert first != second
