"""CERTIFICATION_FAR_FROM_VILLAGE: a certification whose GPS position is farther than `far_from_village_metres` from
the village committee's position (VillageRegistered)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pension_kit.geo import great_circle_m
from pension_kit.policy import SupervisionThresholds
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


@dataclass(frozen=True, slots=True)
class Point:
    """Degrees x 1,000,000 as the contract's GeoPoint gives them; (0, 0) is the contract's unset point."""

    latitude_e6: int
    longitude_e6: int

    @property
    def known(self) -> bool:
        return (self.latitude_e6, self.longitude_e6) != (0, 0)


@dataclass(frozen=True, slots=True)
class PositionedCertification:
    """A certification (or a refused visit) with the position the phone reported."""

    certification_id: str
    resident_id: str
    agent_id: str
    village_code: str
    position: Point
    evidence: Evidence


def distance_m(first: Point, second: Point) -> int:
    """Great-circle distance in whole metres, rounded down: an alert only when past the limit for certain."""
    return math.floor(great_circle_m(first, second))


def certification_far_from_village(
    *,
    certification: PositionedCertification,
    village: Point | None,
    pooling_region_code: str,
    thresholds: SupervisionThresholds,
) -> AlertDraft | None:
    """An alert when the position is farther from the village than allowed; facts: the certification's id."""
    if village is None or not village.known or not certification.position.known:
        return None
    distance = distance_m(certification.position, village)
    limit = thresholds.far_from_village_metres
    if distance <= limit:
        return None
    # 60 just past the limit, up to 100 at four times it: the farther, the less a GPS error explains it.
    score = min(100, 60 + (40 * (distance - limit)) // (3 * limit))
    km = f"{distance / 1000:.1f}"
    return AlertDraft(
        rule=AlertRule.CERTIFICATION_FAR_FROM_VILLAGE,
        facts=(certification.certification_id,),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=f"{score}: {distance} m from the village, limit {limit} m (60 at the limit, 100 at 4x)",
        reason_zh=f"协办员认证时的定位距村委会{km}公里，超过{limit}米的限值",
        reason_en=f"the agent's certification was made {km} km from the village committee (limit {limit} m)",
        evidence=(certification.evidence,),
        resident_ids=(certification.resident_id,) if certification.resident_id else (),
        agent_ids=(certification.agent_id,) if certification.agent_id else (),
    )
