"""Several instances of a service's daily job on the real database: one runs each day's run, a killed holder's
lease lapses and another instance runs it, and a holder that keeps renewing keeps it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.daily import daily_job, run_day
from pension_kit.lease import LEASES, Leases
from pension_kit.mongo import Document
from pension_testkit import eventually

JOB = "daily-test-job"
AT = time(1, 30)
TTL = timedelta(seconds=1)
RETRY_EVERY = timedelta(seconds=0.1)


@pytest.fixture
async def database(ferretdb: Any) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    yield client[f"kit_{uuid.uuid4().hex[:8]}"]
    await client.close()


@dataclass
class Instance:
    """One instance of the service: its daily job, the runs its body started and finished, and its waits."""

    name: str
    started: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    proceed: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Future[None] | None = None

    def start(self, database: AsyncDatabase[Document], *, blocking: bool = False) -> None:
        if not blocking:
            self.proceed.set()

        async def run_once() -> None:
            self.started.append(self.name)
            try:
                await self.proceed.wait()  # a long run, until the test lets it end
            except asyncio.CancelledError:
                self.stopped.append(self.name)
                raise
            self.finished.append(self.name)

        async def wait(seconds: float) -> None:
            self.waits.append(seconds)
            await asyncio.sleep(min(seconds, RETRY_EVERY.total_seconds()))

        job = daily_job(
            JOB,
            run_once,
            at=AT,
            now=lambda: datetime.now(UTC),
            wait=wait,
            leases=Leases(database, ttl=TTL),
            retry_every=RETRY_EVERY,
        )
        self.task = asyncio.ensure_future(job())

    def slept_to_the_next_day(self) -> bool:
        """Whether the job has gone to sleep until the next run, i.e. it found the day's run done."""
        return any(seconds > RETRY_EVERY.total_seconds() for seconds in self.waits)

    async def kill(self) -> None:
        """As SIGKILL would: the job stops where it is, releasing nothing."""
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


@pytest.fixture
async def instances() -> AsyncIterator[Callable[[str], Instance]]:
    made: list[Instance] = []

    def make(name: str) -> Instance:
        made.append(Instance(name))
        return made[-1]

    yield make
    for instance in made:
        await instance.kill()


async def completed(database: AsyncDatabase[Document]) -> str | None:
    document = await database[LEASES].find_one({"_id": JOB})
    return (document or {}).get("completed")


def today() -> str:
    return run_day(datetime.now(UTC), AT).isoformat()


async def test_of_two_instances_started_together_one_runs_the_days_run(
    database: AsyncDatabase[Document], instances: Callable[[str], Instance]
) -> None:
    first, second = instances("first"), instances("second")
    first.start(database)
    second.start(database)

    async def both_asleep_to_the_next_day() -> bool:
        return first.slept_to_the_next_day() and second.slept_to_the_next_day()

    await eventually(both_asleep_to_the_next_day, what="both instances to find the day's run done")
    assert first.finished + second.finished in (["first"], ["second"])
    assert await completed(database) == today()


async def test_a_holder_killed_mid_run_is_replaced_once_its_lease_lapses(
    database: AsyncDatabase[Document], instances: Callable[[str], Instance]
) -> None:
    doomed, survivor = instances("doomed"), instances("survivor")
    doomed.start(database, blocking=True)

    async def doomed_running() -> bool:
        return doomed.started == ["doomed"]

    await eventually(doomed_running, what="the first instance to start the day's run")
    survivor.start(database)
    await doomed.kill()

    async def survivor_done() -> bool:
        return survivor.finished == ["survivor"] and survivor.slept_to_the_next_day()

    await eventually(survivor_done, what="the other instance to run the day's run after the lease lapsed")
    assert doomed.finished == []
    assert await completed(database) == today()


async def test_a_lease_renewed_past_its_ttl_is_not_taken_while_its_job_runs(
    database: AsyncDatabase[Document], instances: Callable[[str], Instance]
) -> None:
    holder, other = instances("holder"), instances("other")
    holder.start(database, blocking=True)

    async def holder_running() -> bool:
        return holder.started == ["holder"]

    await eventually(holder_running, what="the holder to start the day's run")
    lease = await database[LEASES].find_one({"_id": JOB})
    assert lease is not None
    first_expiry: datetime = lease["expires_at"]
    other.start(database)

    async def renewed_past_three_ttls() -> bool:
        current = await database[LEASES].find_one({"_id": JOB})
        return current is not None and current["expires_at"] > first_expiry + 3 * TTL

    # Three ttls on, the lease would long have lapsed without its renewals; the other instance kept looking.
    await eventually(renewed_past_three_ttls, what="the holder to renew its lease past three ttls")
    assert len(other.waits) > 3
    assert other.started == []
    holder.proceed.set()

    async def both_asleep_to_the_next_day() -> bool:
        return holder.slept_to_the_next_day() and other.slept_to_the_next_day()

    await eventually(both_asleep_to_the_next_day, what="both instances to find the day's run done")
    assert (holder.finished, other.started) == (["holder"], [])
    assert await completed(database) == today()


async def test_a_holder_whose_lease_is_taken_stops_its_run_and_records_nothing(
    database: AsyncDatabase[Document], instances: Callable[[str], Instance]
) -> None:
    holder = instances("holder")
    holder.start(database, blocking=True)

    async def holder_running() -> bool:
        return holder.started == ["holder"]

    await eventually(holder_running, what="the holder to start the day's run")
    # Another instance took the lease (as after a pause longer than the ttl, when the holder's had lapsed).
    await database[LEASES].update_one(
        {"_id": JOB}, {"$set": {"holder": "elsewhere:1:0", "expires_at": datetime.now(UTC) + timedelta(hours=1)}}
    )

    async def holder_stopped() -> bool:
        return holder.stopped == ["holder"]

    await eventually(holder_stopped, what="the holder's renewal to find the lease taken and stop its run")
    holder.proceed.set()
    assert holder.finished == []
    assert await completed(database) is None
