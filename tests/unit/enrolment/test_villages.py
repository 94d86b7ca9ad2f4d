"""A catalogue entry's checks: a village's division code in the region, its township from its code, a name, and a
position on the globe."""

from __future__ import annotations

import pytest

from pension_enrolment.domain.villages import VillageEntry, VillageProblem, checked_village

REGION = "411731"


def entry(**changes: object) -> VillageEntry:
    values: dict[str, object] = {
        "village_code": "411731101201",
        "name": "李庄村",
        "township_code": "",
        "township_name": "城关镇",
        "pooling_region_code": "",
        "latitude_e6": 32_950_000,
        "longitude_e6": 114_550_000,
    }
    values.update(changes)
    return VillageEntry(**values)  # type: ignore[arg-type]


def test_a_village_gets_its_township_and_region_from_its_code() -> None:
    checked = checked_village(entry(name=" 李庄村 "), REGION)
    assert checked == VillageEntry("411731101201", "李庄村", "411731101", "城关镇", REGION, 32_950_000, 114_550_000, 0)


def test_a_village_without_a_position_is_kept_without_one() -> None:
    checked = checked_village(entry(latitude_e6=0, longitude_e6=0), REGION)
    assert isinstance(checked, VillageEntry) and (checked.latitude_e6, checked.longitude_e6) == (0, 0)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"village_code": "41173110120"}, "village_code", "DIVISION_CODE_FORMAT"),
        ({"village_code": "411731101000"}, "village_code", "DIVISION_CODE_NOT_VILLAGE"),
        ({"village_code": "411732101201"}, "village_code", "VILLAGE_OUTSIDE_POOLING_REGION"),
        ({"township_code": "411731102"}, "township_code", "TOWNSHIP_CODE_MISMATCH"),
        ({"pooling_region_code": "411732"}, "pooling_region_code", "VILLAGE_OUTSIDE_POOLING_REGION"),
        ({"name": "  "}, "name", "VILLAGE_NAME_REQUIRED"),
        ({"name": "村" * 33}, "name", "FIELD_TOO_LONG"),
        ({"latitude_e6": 90_000_001}, "position", "POSITION_INVALID"),
        ({"longitude_e6": -180_000_001}, "position", "POSITION_INVALID"),
    ],
)
def test_a_malformed_entry_is_refused_naming_its_field(changes: dict[str, object], field: str, reason: str) -> None:
    problem = checked_village(entry(**changes), REGION)
    assert isinstance(problem, VillageProblem) and (problem.field, problem.reason) == (field, reason)
