"""The daily check of ticket deadlines for every region with unclosed tickets (pension_kit.daily: once at start,
then every day at 02:00 China Standard Time).

Each run is the check with the request id `daily` for today, so two replicas or a restart the same day answer
from the first run, and a ticket is escalated once whatever the number of runs (ComplaintService.check_deadlines).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time

from pension_kit.daily import daily_job
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.lease import Leases
from pension_supervision.service_layer.complaints import ComplaintService, DeadlineCheck

log = logging.getLogger(__name__)

DAILY_REQUEST_ID = "daily"


def daily_complaint_deadlines(
    complaints: ComplaintService,
    *,
    at: time,
    now: Callable[[], datetime],
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    leases: Leases | None = None,
) -> Callable[[], Awaitable[None]]:
    """The service's background job; `now` and `wait` are the clock (real ones in the service); with `leases`, one
    instance of the service runs each day's run (pension_kit.daily)."""

    async def run_once() -> None:
        for region in await complaints.regions():
            try:
                check = await complaints.check_deadlines(
                    caller=SYSTEM_CALLER, request_id=DAILY_REQUEST_ID, pooling_region_code=region, as_of=None
                )
            except Exception:  # one region's failure must not stop the others
                log.exception("daily complaint deadlines of region %s failed", region)
                continue
            log.info(
                "daily complaint deadlines of %s: %d newly overdue, %d overdue",
                region,
                check.newly_overdue,
                check.overdue,
            )

    return daily_job("daily-complaint-deadlines", run_once, at=at, now=now, wait=wait, leases=leases)


def _counts(check: DeadlineCheck) -> tuple[int, int]:
    return check.newly_overdue, check.overdue
