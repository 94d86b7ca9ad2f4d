"""A pooling region's catalogue of villages: each entry's checks (its division code, township and region, its name,
the committee's position), and whether an entry changes the one kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pension_kit.identifiers import IdentifierError, validate_village_code

NAME_MAX: Final = 32
MICRO: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class VillageEntry:
    """A village as the catalogue keeps it; the position in micro-degrees, (0, 0) when not known."""

    village_code: str
    name: str
    township_code: str
    township_name: str
    pooling_region_code: str
    latitude_e6: int = 0
    longitude_e6: int = 0
    accuracy_m: int = 0


@dataclass(frozen=True, slots=True)
class VillageProblem:
    field: str
    reason: str
    message: str


def checked_village(entry: VillageEntry, pooling_region_code: str) -> VillageEntry | VillageProblem:
    """The entry with its blanks trimmed and its township and region filled in from its code, or the first problem."""
    code = entry.village_code.strip()
    try:
        division = validate_village_code(code)
    except IdentifierError as error:
        return VillageProblem(error.field, error.reason, error.message)
    if division.county_code != pooling_region_code:
        return VillageProblem(
            "village_code",
            "VILLAGE_OUTSIDE_POOLING_REGION",
            f"village {code} is not in pooling region {pooling_region_code}",
        )
    township = entry.township_code.strip() or code[:9]
    if township != code[:9]:
        return VillageProblem("township_code", "TOWNSHIP_CODE_MISMATCH", f"the township of {code} is {code[:9]}")
    if entry.pooling_region_code.strip() not in ("", pooling_region_code):
        return VillageProblem(
            "pooling_region_code", "VILLAGE_OUTSIDE_POOLING_REGION", f"the region of {code} is {pooling_region_code}"
        )
    name, township_name = entry.name.strip(), entry.township_name.strip()
    if not name:
        return VillageProblem("name", "VILLAGE_NAME_REQUIRED", "a village needs its name")
    for field, value in (("name", name), ("township_name", township_name)):
        if len(value) > NAME_MAX:
            return VillageProblem(field, "FIELD_TOO_LONG", f"{field} has at most {NAME_MAX} characters")
    if not (
        -90 * MICRO <= entry.latitude_e6 <= 90 * MICRO
        and -180 * MICRO <= entry.longitude_e6 <= 180 * MICRO
        and 0 <= entry.accuracy_m <= 100_000
    ):
        return VillageProblem("position", "POSITION_INVALID", f"the position of {code} is not on the globe")
    return VillageEntry(
        code,
        name,
        township,
        township_name,
        pooling_region_code,
        entry.latitude_e6,
        entry.longitude_e6,
        entry.accuracy_m,
    )
