"""The synthetic county: townships and villages with division codes, coordinates and village agents."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Final

from pension_kit.identifiers import division_code_of_pooling_region
from pension_synthetic.contacts import mobile_number
from pension_synthetic.names import person_name, township_name, village_name
from pension_synthetic.records import County, Township, Village, VillageAgent

MIN_SIZE: Final = 1_000
MAX_SIZE: Final = 10_000_000
# A county code not allocated in GB/T 2260 (under 驻马店市, Henan), so that no generated citizen ID
# number can be a real person's.
DEFAULT_POOLING_REGION: Final = "411731"
DEFAULT_COUNTY_NAME: Final = "青禾县"
CITY_NAME: Final = "驻马店市"
PROVINCE_NAME: Final = "河南省"
_CENTRE_LATITUDE_MICRO: Final = 32_950_000
_CENTRE_LONGITUDE_MICRO: Final = 114_550_000
_HALF_EXTENT_MICRO: Final = 250_000  # the county spans about 0.5 degrees (roughly 50 km) each way
_VILLAGE_SPREAD_MICRO: Final = 45_000  # villages lie within about 5 km of their township seat
_MIN_TOWNSHIP_GAP_MICRO: Final = 60_000


def check_size(size: int) -> None:
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise ValueError(f"size must be {MIN_SIZE:,} to {MAX_SIZE:,} residents, got {size:,}")


def _unique(rng: random.Random, taken: set[str], make: Callable[[random.Random], str]) -> str:
    for _ in range(200):
        name = make(rng)
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("ran out of distinct place names")


def _allocate(size: int, weights: list[int]) -> list[int]:
    """Split `size` in proportion to integer `weights` exactly (largest remainder, ties by position)."""
    total = sum(weights)
    counts = [size * weight // total for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(size * weights[i] % total), i))
    for i in remainders[: size - sum(counts)]:
        counts[i] += 1
    return counts


def generate_county(
    seed: int,
    size: int,
    reference_date: date,
    *,
    pooling_region: str = DEFAULT_POOLING_REGION,
    name: str = DEFAULT_COUNTY_NAME,
) -> County:
    """One county of 15-25 townships with 10-30 villages each; `size` residents shared among villages."""
    check_size(size)
    county_code = division_code_of_pooling_region(pooling_region)
    rng = random.Random(f"county:{seed}")
    township_count = 15 + int(rng.random() * 11)
    township_names: set[str] = set()
    village_names: set[str] = set()
    townships: list[Township] = []
    village_rows: list[tuple[str, str, str, int, int, int]] = []
    towns = rural_townships = 0
    seats: list[tuple[int, int]] = []
    for _ in range(township_count):
        is_town = rng.random() < 0.45
        if is_town:
            towns += 1
            township_code = f"{pooling_region}{100 + towns:03d}000"
        else:
            rural_townships += 1
            township_code = f"{pooling_region}{200 + rural_townships:03d}000"
        township_label = _unique(rng, township_names, partial(township_name, town=is_town))
        for _ in range(100):
            lat = _CENTRE_LATITUDE_MICRO + int((rng.random() * 2 - 1) * _HALF_EXTENT_MICRO)
            lon = _CENTRE_LONGITUDE_MICRO + int((rng.random() * 2 - 1) * _HALF_EXTENT_MICRO)
            if all(abs(lat - a) + abs(lon - b) >= _MIN_TOWNSHIP_GAP_MICRO for a, b in seats):
                break
        seats.append((lat, lon))
        townships.append(Township(township_code, township_label, lat, lon))
        village_count = 10 + int(rng.random() * 21)
        for number in range(village_count):
            if is_town and number == 0:
                # The town seat is a community (居委会, codes 001-199); the rest are villages (村委会, 200+).
                village_code = township_code[:9] + "001"
                label = township_label[:-1] + "社区"
            else:
                village_code = f"{township_code[:9]}{200 + number:03d}"
                label = _unique(rng, village_names, village_name)
            village_lat = lat + int((rng.random() * 2 - 1) * _VILLAGE_SPREAD_MICRO)
            village_lon = lon + int((rng.random() * 2 - 1) * _VILLAGE_SPREAD_MICRO)
            weight = 600 + int(rng.random() * 1800)
            village_rows.append((village_code, label, township_code, village_lat, village_lon, weight))
    counts = _allocate(size, [row[5] for row in village_rows])
    villages = tuple(
        Village(code, label, township_code, lat, lon, count)
        for (code, label, township_code, lat, lon, _), count in zip(village_rows, counts, strict=True)
    )
    agents = tuple(
        VillageAgent(
            agent_id=f"AG{village.division_code}",
            name=person_name(rng, "M" if rng.random() < 0.6 else "F", 1965 + int(rng.random() * 25)),
            mobile=mobile_number(rng),
            village_code=village.division_code,
        )
        for village in villages
    )
    return County(
        pooling_region=pooling_region,
        division_code=county_code,
        name=name,
        city_name=CITY_NAME,
        province_name=PROVINCE_NAME,
        latitude_micro=_CENTRE_LATITUDE_MICRO,
        longitude_micro=_CENTRE_LONGITUDE_MICRO,
        seed=seed,
        size=size,
        reference_date=reference_date,
        townships=tuple(townships),
        villages=villages,
        agents=agents,
    )
