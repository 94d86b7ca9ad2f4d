"""Distances between positions as the contracts carry them (GeoPoint: degrees x 1,000,000 as integers)."""

from __future__ import annotations

import math
from typing import Final, Protocol

# Mean Earth radius (IUGG), in metres: the haversine distance on this sphere is within 0.5 % of the ellipsoid's,
# a few metres at the distances checked, far below a phone's GPS error.
EARTH_RADIUS_M: Final = 6_371_009
MICRO: Final = 1_000_000


class MicroDegrees(Protocol):
    @property
    def latitude_e6(self) -> int: ...

    @property
    def longitude_e6(self) -> int: ...


def great_circle_m(first: MicroDegrees, second: MicroDegrees) -> float:
    """The haversine distance in metres, unrounded: each rule rounds it the way that keeps its own promise."""
    lat1, lat2 = math.radians(first.latitude_e6 / MICRO), math.radians(second.latitude_e6 / MICRO)
    half_dlat = (lat2 - lat1) / 2
    half_dlon = math.radians((second.longitude_e6 - first.longitude_e6) / MICRO) / 2
    h = math.sin(half_dlat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_dlon) ** 2
    # min(1, h): rounding may push h a hair above 1 for antipodal points, where asin is undefined.
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, h)))
