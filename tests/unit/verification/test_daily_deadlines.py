"""The daily deadlines job: runs for every region at start and then daily at its time, each day's moves once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from verification_testkit import InMemoryCertifications

from pension.verification.v1 import events_pb2
from pension_kit.clock import CHINA
from pension_kit.daily import next_run_after
from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.identifiers import Month
from pension_kit.policy import demo_policy
from pension_verification.entrypoints.daily_deadlines import daily_deadlines
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.deadlines import DeadlineService

REGIONS = ("410105", "410106")
AT = time(1, 30)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # 00:10 in Beijing is still the evening before in UTC: the run is the same Beijing morning.
        (datetime(2026, 12, 2, 16, 10, tzinfo=UTC), datetime(2026, 12, 3, 1, 30, tzinfo=CHINA)),
        (datetime(2026, 12, 2, 17, 30, tzinfo=UTC), datetime(2026, 12, 4, 1, 30, tzinfo=CHINA)),  # exactly at: next
        (datetime(2026, 12, 31, 18, 0, tzinfo=UTC), datetime(2027, 1, 2, 1, 30, tzinfo=CHINA)),
    ],
)
def test_the_next_run_is_the_next_time_the_china_clock_reads_the_configured_time(
    now: datetime, expected: datetime
) -> None:
    assert next_run_after(now, AT) == expected


class Stop(Exception):
    pass


async def test_it_moves_every_regions_overdue_pensioners_once_however_often_it_runs_in_a_day() -> None:
    repository = InMemoryCertifications(*(demo_policy(region, datetime(2011, 1, 1, tzinfo=UTC)) for region in REGIONS))
    nudged: list[Any] = []
    cycle = CycleService(repository, topic="t", notify_relay=lambda c, ids: nudged.append(ids))
    for n, region in enumerate(REGIONS):
        await cycle.start(
            f"award-{n}",
            resident_id=f"R{n}",
            award_id=f"AW-{n}",
            pooling_region_code=region,
            village_code=f"{region}001001",
            first_month=Month(2025, 1),
        )
    day = date(2026, 3, 1)  # both awarded January 2025: due a year on, overdue by March 2026
    deadlines = DeadlineService(repository, topic="t", notify_relay=lambda c, ids: None, today=lambda: day)
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise Stop

    now = datetime(2026, 2, 28, 20, 0, tzinfo=UTC)  # 04:00 on 1 March in Beijing
    job = daily_deadlines(repository, deadlines, at=AT, now=lambda: now, wait=wait)
    with pytest.raises(Stop):
        await job()  # the start's run, a wait, the same day's run again (a restart), a wait
    statuses = {d["_id"]: d["status"] for d in repository.documents.values()}
    assert set(statuses.values()) == {"OVERDUE"}, statuses
    overdue = [p for p in payloads(repository) if isinstance(p, events_pb2.CertificationOverdue)]
    # Announced once each, though the job ran twice that day.
    assert sorted(p.resident_id for p in overdue) == ["R0", "R1"]
    assert waits == [21.5 * 3600, 21.5 * 3600]


async def test_a_region_without_a_policy_in_force_does_not_stop_the_others() -> None:
    """A region whose first policy starts later (a new county being set up) fails its run; the next one runs."""
    later = replace(demo_policy("410101", datetime(2011, 1, 1, tzinfo=UTC)), effective_from=date(2030, 1, 1))
    repository = InMemoryCertifications(later, demo_policy("410102", datetime(2011, 1, 1, tzinfo=UTC)))
    cycle = CycleService(repository, topic="t", notify_relay=lambda c, ids: None)
    await cycle.start(
        "award-1",
        resident_id="R1",
        award_id="AW-1",
        pooling_region_code="410102",
        village_code="410102001001",
        first_month=Month(2025, 1),
    )
    deadlines = DeadlineService(repository, topic="t", notify_relay=lambda c, ids: None, today=lambda: date(2026, 3, 1))

    async def wait(seconds: float) -> None:
        raise Stop

    job = daily_deadlines(repository, deadlines, at=AT, now=lambda: datetime(2026, 3, 1, tzinfo=UTC), wait=wait)
    with pytest.raises(Stop):
        await job()
    assert [type(p).__name__ for p in payloads(repository)] == ["CertificationOverdue"]


def payloads(repository: InMemoryCertifications) -> list[Any]:
    return [unpack_payload(parse_envelope(event["envelope"])) for event in repository.events]
