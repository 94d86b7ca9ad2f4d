"""Instants as the database keeps them: UTC to the millisecond, so a value read back equals the one written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def to_millisecond(moment: datetime) -> datetime:
    """`moment` in UTC, cut to the millisecond (BSON dates keep no finer), e.g. before hashing or announcing it."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def now_to_millisecond() -> datetime:
    """This instant as it will read back from the database."""
    return to_millisecond(datetime.now(UTC))


def today_in_china() -> date:
    """Dates are calendar dates in China Standard Time (docs/domain.md), whatever the server's zone."""
    return datetime.now(CHINA).date()
