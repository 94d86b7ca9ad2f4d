"""A background job that runs once when the service starts (a day missed while it was down is caught up), then
every day at a set time in China Standard Time. The job itself must be idempotent per day: two replicas or a
restart the same day run it again and must change nothing twice."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta

from pension_kit.clock import CHINA


def next_run_after(now: datetime, at: time) -> datetime:
    """The first instant after `now` whose China Standard Time clock reads `at`."""
    local = now.astimezone(CHINA)
    candidate = datetime.combine(local.date(), at, tzinfo=CHINA)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=CHINA)
    return candidate


def daily_job(
    name: str,
    run_once: Callable[[], Awaitable[None]],
    *,
    at: time,
    now: Callable[[], datetime],
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Callable[[], Awaitable[None]]:
    """The service's background job named `name`; `now` and `wait` are the clock (real ones in the service)."""

    async def job() -> None:
        while True:
            await run_once()
            await wait(max(0.0, (next_run_after(now(), at) - now()).total_seconds()))

    job.__name__ = name
    return job
