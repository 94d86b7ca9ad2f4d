"""The verification service's settings."""

from __future__ import annotations

from datetime import time

from pydantic import Field

from pension_kit.config import ServiceSettings


class VerificationSettings(ServiceSettings):
    service_name: str = "verification"
    grpc_port: int = 50053
    payout_consumer_group: str = "verification-payout"
    enrolment_consumer_group: str = "verification-enrolment"
    registry_consumer_group: str = "verification-registry"
    signs_of_life_consumer_group: str = "verification-signs-of-life"
    # How recent a sign of life from another system must be to count as a proof of life (data certification).
    data_certification_max_age_days: int = Field(default=90, ge=1, le=365)
    # The daily certification deadlines job: on at start and then every day at this time (China Standard Time).
    daily_deadlines: bool = True
    daily_deadlines_at: time = time(1, 30)
    # How far from the village committee an agent's visit may be taken, in metres (the village's fields and
    # hamlets lie within a few kilometres of it).
    visit_max_distance_m: int = Field(default=2_000, ge=100, le=50_000)
    # How old a visit may be when uploaded: an agent's phone without signal keeps its visits for days.
    visit_max_age_days: int = Field(default=7, ge=1, le=60)
