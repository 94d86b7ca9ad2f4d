"""The daily publication of the audit chain's heads (pension_kit.daily: once at start, then daily at 00:10 CST).

Each run publishes every closed day not yet published (AuditHeadPublisher.publish_due is idempotent per day), so
two replicas or a restart the same day publish nothing twice, and days missed while the service was down are
caught up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, time

from pension_kit.daily import daily_job
from pension_kit.lease import Leases
from pension_supervision.service_layer.audit_heads import AuditHeadPublisher

log = logging.getLogger(__name__)


def daily_audit_heads(
    publisher: AuditHeadPublisher,
    *,
    at: time,
    now: Callable[[], datetime],
    wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    leases: Leases | None = None,
) -> Callable[[], Awaitable[None]]:
    """The service's background job; `now` and `wait` are the clock (real ones in the service); with `leases`, one
    instance of the service runs each day's run (pension_kit.daily)."""

    async def run_once() -> None:
        try:
            heads = await publisher.publish_due(now())
        except Exception:  # the next run tries again; the service goes on recording meanwhile
            log.exception("publishing the audit chain's daily heads failed")
            return
        for head in heads:
            log.info("audit head of %s: entry %d, %d that day", head.day, head.sequence, head.entries_that_day)

    return daily_job("daily-audit-heads", run_once, at=at, now=now, wait=wait, leases=leases)
