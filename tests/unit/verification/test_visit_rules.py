"""The rules of an agent's visit: the distance from the village committee, the time of the visit, the position
given, and the agent's relation to the pensioner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pension_kit.errors import DomainError
from pension_verification.domain.visits import (
    RELATIVE,
    SELF,
    VISIT_TOO_FAR,
    Position,
    check_not_related,
    check_visited_at,
    checked_position,
    distance_m,
    too_far,
)

VILLAGE = Position(32_950_000, 114_550_000)
NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert distance_m(Position(0, 0), Position(1_000_000, 0)) == 111_196  # 2 pi R / 360, rounded up


def test_the_distance_between_beijing_and_shanghai() -> None:
    beijing, shanghai = Position(39_904_200, 116_407_400), Position(31_230_400, 121_473_700)
    assert 1_060_000 < distance_m(beijing, shanghai) < 1_075_000
    assert distance_m(beijing, shanghai) == distance_m(shanghai, beijing)


def test_a_point_is_no_distance_from_itself() -> None:
    assert distance_m(VILLAGE, VILLAGE) == 0


def test_a_micro_degree_apart_is_a_metre_at_most() -> None:
    assert distance_m(VILLAGE, Position(VILLAGE.latitude_e6 + 1, VILLAGE.longitude_e6)) == 1


def test_a_visit_within_the_distance_passes_and_one_beyond_is_refused() -> None:
    # 0.017 degrees of latitude is about 1,890 m; 0.018 about 2,002 m.
    near = Position(VILLAGE.latitude_e6 + 17_000, VILLAGE.longitude_e6)
    far = Position(VILLAGE.latitude_e6 + 18_000, VILLAGE.longitude_e6)
    assert too_far(near, VILLAGE, max_distance_m=2_000) is None
    refusal = too_far(far, VILLAGE, max_distance_m=2_000)
    assert refusal is not None and (refusal.reason, refusal.field) == (VISIT_TOO_FAR, "position")
    assert "2002 m" in refusal.message
    # Exactly at the limit passes: the rule is "within".
    assert too_far(far, VILLAGE, max_distance_m=distance_m(far, VILLAGE)) is None


def test_across_the_antimeridian_is_near() -> None:
    east, west = Position(0, 179_999_000), Position(0, -179_999_000)
    assert distance_m(east, west) < 250


@pytest.mark.parametrize(
    ("position", "reason"),
    [
        (Position(0, 0), "POSITION_REQUIRED"),
        (Position(90_000_001, 114_000_000), "POSITION_INVALID"),
        (Position(32_000_000, -180_000_001), "POSITION_INVALID"),
        (Position(32_000_000, 114_000_000, -1), "POSITION_INVALID"),
    ],
)
def test_a_position_outside_the_globe_or_unset_is_refused(position: Position, reason: str) -> None:
    with pytest.raises(DomainError) as refused:
        checked_position(position, field="position")
    assert (refused.value.reason, refused.value.field) == (reason, "position")


def test_a_position_on_the_globe_is_kept() -> None:
    assert checked_position(VILLAGE, field="position") == VILLAGE


def test_a_visit_is_recorded_within_the_days_allowed_and_not_from_the_future() -> None:
    check_visited_at(NOW - timedelta(days=7), now=NOW, max_age_days=7)
    check_visited_at(NOW + timedelta(minutes=4), now=NOW, max_age_days=7)  # a phone's clock a little ahead
    with pytest.raises(DomainError) as old:
        check_visited_at(NOW - timedelta(days=7, seconds=1), now=NOW, max_age_days=7)
    assert (old.value.reason, old.value.field) == ("VISITED_AT_TOO_OLD", "visited_at")
    with pytest.raises(DomainError) as future:
        check_visited_at(NOW + timedelta(minutes=6), now=NOW, max_age_days=7)
    assert (future.value.reason, future.value.field) == ("VISITED_AT_IN_FUTURE", "visited_at")


@pytest.mark.parametrize(("relation", "reason"), [(SELF, "AGENT_IS_SELF"), (RELATIVE, "AGENT_IS_RELATIVE")])
def test_an_agent_may_not_certify_themself_or_a_relative(relation: str, reason: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_not_related(relation)
    assert (refused.value.reason, refused.value.field) == (reason, "agent_id")


def test_an_agent_without_a_recorded_relation_may_certify() -> None:
    check_not_related(None)
