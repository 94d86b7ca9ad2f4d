"""A background job that runs once when the service starts (a day missed while it was down is caught up), then
every day at a set time in China Standard Time. The job itself must be idempotent per day: a restart the same day,
or an instance that took over from a killed one, runs it again and must change nothing twice.

With `leases` (pension_kit.lease), of N instances of a service one runs each day's run: the one that takes the
job's lease. It records the day as completed; the others wake every `retry_every` and run it only if the day is
not recorded as completed and the lease is free or expired, so a holder killed mid-run is replaced within the
lease's ttl plus `retry_every`. Without `leases` (unit tests; a single instance) every instance runs every day.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta

from pension_kit.clock import CHINA
from pension_kit.lease import Lease, LeaseLost, Leases
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS

log = logging.getLogger(__name__)

DEFAULT_RETRY_EVERY = timedelta(minutes=5)


def next_run_after(now: datetime, at: time) -> datetime:
    """The first instant after `now` whose China Standard Time clock reads `at`."""
    local = now.astimezone(CHINA)
    candidate = datetime.combine(local.date(), at, tzinfo=CHINA)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=CHINA)
    return candidate


def run_day(now: datetime, at: time) -> date:
    """The China day whose run is due at `now`: the day of the last time the clock read `at`, at or before `now`.

    Before `at` it is yesterday's run (a start at 00:30 catches up the run of 01:30 the day before, if nobody did
    it), from `at` on today's."""
    local = now.astimezone(CHINA)
    return local.date() if local.time() >= at else local.date() - timedelta(days=1)


def daily_job(
    name: str,
    run_once: Callable[[], Awaitable[None]],
    *,
    at: time,
    now: Callable[[], datetime],
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    leases: Leases | None = None,
    retry_every: timedelta = DEFAULT_RETRY_EVERY,
) -> Callable[[], Awaitable[None]]:
    """The service's background job named `name`; `now` and `wait` are the clock (real ones in the service)."""

    def seconds_to_next_run() -> float:
        return max(0.0, (next_run_after(now(), at) - now()).total_seconds())

    async def unleased() -> None:
        while True:
            await run_once()
            await wait(seconds_to_next_run())

    async def leased(lease: Lease) -> None:
        while True:
            done = False
            try:
                done = await run_unless_done(lease, run_day(now(), at))
            except DATABASE_UNAVAILABLE_ERRORS:
                log.warning("daily job %s: the database is out of reach; trying again later", name, exc_info=True)
            except LeaseLost:
                log.warning("daily job %s lost its lease mid-run; another instance finishes it", name)
            # Done (here or elsewhere): sleep to the next run. Not done: another instance holds the lease now, so
            # look again soon in case it dies before finishing.
            await wait(seconds_to_next_run() if done else min(retry_every.total_seconds(), seconds_to_next_run()))

    async def run_unless_done(lease: Lease, day: date) -> bool:
        """Runs the day's run if nobody has and the lease is to be had; True if the day is done (by anyone)."""
        if await is_done(lease, day):
            return True
        if not await lease.acquire():
            return False
        # Read again under the lease: the previous holder may have finished between the read and the take.
        if not await is_done(lease, day):
            # Cancelled (the service stopping), the lease is not released but lapses within its ttl, as a killed
            # holder's does; the day is not recorded, so the next holder runs it again.
            try:
                await lease.run_while_held(run_once)
            except Exception:
                await lease.release()
                raise
            if not await lease.record_completed(day):
                raise LeaseLost(f"lease {name} lost before its run of {day} was recorded")
        await lease.release()
        return True

    async def is_done(lease: Lease, day: date) -> bool:
        completed = await lease.completed()
        return completed is not None and completed >= day

    async def job() -> None:
        if leases is None:
            await unleased()
        else:
            await leased(leases.lease(name))

    job.__name__ = name
    return job
