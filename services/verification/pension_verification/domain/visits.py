"""The rules of an agent's visit in person (入户认证): the agent's relation to the pensioner, the time of the visit,
and the distance from the village committee, computed from integer micro-degree positions."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument, PermissionDenied
from pension_kit.geo import MICRO, great_circle_m

# pension.verification.v1.AgentRelation, by name.
SELF: Final = "SELF"
RELATIVE: Final = "RELATIVE"
RELATIONS: Final = (SELF, RELATIVE)

# A phone's clock may run a little ahead of the server's: a visit "in the future" by less than this is accepted.
CLOCK_SKEW: Final = timedelta(minutes=5)
# The reason code of a visit too far from the village; also the failure code of its CertificationFailed event.
VISIT_TOO_FAR: Final = "VISIT_TOO_FAR"


@dataclass(frozen=True, slots=True)
class Position:
    """A point as the contract's GeoPoint gives it: degrees x 1,000,000, as integers; accuracy in metres (0 unknown)."""

    latitude_e6: int
    longitude_e6: int
    accuracy_m: int = 0

    @property
    def known(self) -> bool:
        """(0, 0) is the contract's unset GeoPoint, in the Gulf of Guinea: no village or visit of ours is there."""
        return (self.latitude_e6, self.longitude_e6) != (0, 0)


def checked_position(position: Position, *, field: str) -> Position:
    """A position within the globe's bounds, set (not the unset 0, 0), with a plausible accuracy."""
    if not position.known:
        raise InvalidArgument(
            "POSITION_REQUIRED", f"{field} is required", field=field, message_zh="缺少定位信息，请开启定位后重新拍摄"
        )
    if not (
        -90 * MICRO <= position.latitude_e6 <= 90 * MICRO
        and -180 * MICRO <= position.longitude_e6 <= 180 * MICRO
        and 0 <= position.accuracy_m <= 100_000
    ):
        raise InvalidArgument(
            "POSITION_INVALID",
            f"{field} ({position.latitude_e6}, {position.longitude_e6}, ±{position.accuracy_m} m) is not a position",
            field=field,
            message_zh="定位信息不正确",
        )
    return position


def distance_m(first: Position, second: Position) -> int:
    """The great-circle distance between two positions, in whole metres, rounded up so that a visit just past the
    limit is never let through by rounding."""
    return math.ceil(great_circle_m(first, second))


def too_far(visit: Position, village: Position, *, max_distance_m: int) -> FailedPrecondition | None:
    """The refusal of a visit farther than `max_distance_m` from the village committee, or None when near enough."""
    distance = distance_m(visit, village)
    if distance <= max_distance_m:
        return None
    return FailedPrecondition(
        VISIT_TOO_FAR,
        f"the visit was {distance} m from the village committee; at most {max_distance_m} m is accepted",
        field="position",
        message_zh=f"认证位置距村委会{distance}米，超过{max_distance_m}米，请在本村入户认证",
    )


def check_visited_at(visited_at: datetime, *, now: datetime, max_age_days: int) -> None:
    """A visit is recorded when it happened: not in the future (beyond a phone clock's skew), and not older than
    `max_age_days` (a phone offline in the hills uploads its visits later, within days, not months)."""
    if visited_at > now + CLOCK_SKEW:
        raise InvalidArgument(
            "VISITED_AT_IN_FUTURE",
            f"visited_at {visited_at.isoformat()} is after now ({now.isoformat()})",
            field="visited_at",
            message_zh="认证时间晚于当前时间，请检查手机时间",
        )
    if now - visited_at > timedelta(days=max_age_days):
        raise InvalidArgument(
            "VISITED_AT_TOO_OLD",
            f"a visit is recorded within {max_age_days} days; {visited_at.isoformat()} is older",
            field="visited_at",
            message_zh=f"入户认证须在{max_age_days}天内上传",
        )


def check_not_related(relation: str | None) -> None:
    """An agent may not certify themself or a relative (a pension kept alive by its own family is the classic
    fraud); officers record these relations (RecordAgentRelation)."""
    if relation == SELF:
        raise PermissionDenied(
            "AGENT_IS_SELF",
            "an agent may not certify themself",
            field="agent_id",
            message_zh="协办员不能为本人认证",
        )
    if relation == RELATIVE:
        raise PermissionDenied(
            "AGENT_IS_RELATIVE",
            "an agent may not certify a relative",
            field="agent_id",
            message_zh="协办员不能为亲属认证",
        )
