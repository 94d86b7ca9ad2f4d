"""The verification service's settings."""

from __future__ import annotations

import base64
from datetime import time
from typing import Self

from pydantic import Field, field_validator, model_validator

from pension_kit.config import Environment, ServiceSettings

# A well-known development key for the liveness challenges' signatures: `make up` works with no set-up, and it is
# refused in production (as the kit's development personal-data keys are).
DEVELOPMENT_LIVENESS_KEY = base64.b64encode(b"development-only-liveness-key-32").decode()
# A face proof's 5 frames of at most 4 MiB each, with room for the rest of the request.
FACE_PROOF_MAX_BYTES = 5 * 4 * 1024 * 1024 + 1024 * 1024


class VerificationSettings(ServiceSettings):
    service_name: str = "verification"
    grpc_port: int = 50053
    grpc_max_receive_bytes: int = Field(default=FACE_PROOF_MAX_BYTES, ge=1024 * 1024, le=64 * 1024 * 1024)
    payout_consumer_group: str = "verification-payout"
    enrolment_consumer_group: str = "verification-enrolment"
    registry_consumer_group: str = "verification-registry"
    signs_of_life_consumer_group: str = "verification-signs-of-life"
    # How recent a sign of life from another system must be to count as a proof of life (data certification).
    data_certification_max_age_days: int = Field(default=90, ge=1, le=365)
    # The HMAC key that signs liveness challenges (base64 of at least 32 bytes); never logged, never in a reply.
    liveness_challenge_key: bytes = Field(default=b"", validate_default=True, repr=False)
    # How long a liveness challenge may be answered: long enough to read and follow it, short enough that a
    # captured answer is soon worthless.
    liveness_challenge_ttl_seconds: int = Field(default=180, ge=1, le=900)
    # The daily certification deadlines job: on at start and then every day at this time (China Standard Time).
    daily_deadlines: bool = True
    daily_deadlines_at: time = time(1, 30)
    # How far from the village committee an agent's visit may be taken, in metres (the village's fields and
    # hamlets lie within a few kilometres of it).
    visit_max_distance_m: int = Field(default=2_000, ge=100, le=50_000)
    # How old a visit may be when uploaded: an agent's phone without signal keeps its visits for days.
    visit_max_age_days: int = Field(default=7, ge=1, le=60)

    @field_validator("liveness_challenge_key", mode="before")
    @classmethod
    def _parse_liveness_key(cls, value: object) -> bytes:
        text = value.decode() if isinstance(value, bytes) else str(value or "")
        try:
            raw = base64.b64decode(text or DEVELOPMENT_LIVENESS_KEY, validate=True)
        except ValueError as exc:
            raise ValueError("the liveness challenge key is not valid base64") from exc
        if len(raw) < 32:
            raise ValueError(f"the liveness challenge key must decode to at least 32 bytes, got {len(raw)}")
        return raw

    @model_validator(mode="after")
    def _refuse_development_key_in_production(self) -> Self:
        if self.env is Environment.PRODUCTION and self.liveness_challenge_key == base64.b64decode(
            DEVELOPMENT_LIVENESS_KEY
        ):
            raise ValueError("PENSION_LIVENESS_CHALLENGE_KEY holds the development key; set a real one")
        return self
