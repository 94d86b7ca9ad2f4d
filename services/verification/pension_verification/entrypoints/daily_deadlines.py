"""The daily run of the certification deadlines for every region (pension_kit.daily: once at start, then daily).

Each run is the deadlines job with the request id `daily`, so two replicas or a restart the same day change
nothing twice (DeadlineService.run is idempotent per region, day and request), and a run killed halfway is
finished by the next one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time

from pension_kit.daily import daily_job
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.lease import Leases
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.service_layer.deadlines import DeadlineService

log = logging.getLogger(__name__)

DAILY_REQUEST_ID = "daily"


def daily_deadlines(
    repository: Certifications,
    deadlines: DeadlineService,
    *,
    at: time,
    now: Callable[[], datetime],
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    leases: Leases | None = None,
) -> Callable[[], Awaitable[None]]:
    """The service's background job; `now` and `wait` are the clock (real ones in the service); with `leases`, one
    instance of the service runs each day's run (pension_kit.daily)."""

    async def run_once() -> None:
        for region in await repository.regions():
            try:
                counts = await deadlines.run(region, as_of=None, request_id=DAILY_REQUEST_ID, caller=SYSTEM_CALLER)
            except Exception:  # one region's failure (e.g. no policy in force yet) must not stop the others
                log.exception("daily certification deadlines of region %s failed", region)
                continue
            log.info("daily deadlines of %s: %d due soon, %d overdue", region, counts.due_soon, counts.overdue)

    return daily_job("daily-certification-deadlines", run_once, at=at, now=now, wait=wait, leases=leases)
