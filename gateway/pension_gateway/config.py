"""The gateway's settings."""

from __future__ import annotations

from pathlib import Path
from typing import Final, Self

from pydantic import Field, field_validator, model_validator

from pension_kit.config import Environment, KitSettings
from pension_kit.tokens import DEVELOPMENT_SIGNING_KEY, SigningKey, is_development_key, read_public_keys

# Where scripts/install-web.sh builds the agents' phone app (web/) in a checkout of the repository.
BUILT_APP: Final = Path(__file__).resolve().parents[2] / "web" / "dist"


class GatewaySettings(KitSettings):
    service_name: str = "gateway"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)
    # The built phone app served at /app/ (pension_gateway.app_files); until it is built, /app/ answers 503.
    app_dir: Path = BUILT_APP
    # The Ed25519 private key (a JWK with its `kid`) that signs the tokens the gateway issues at sign-in; its
    # public half must be in every process's PENSION_TOKEN_PUBLIC_KEYS. Only the gateway holds it.
    token_signing_key: str = ""
    # How long a signed-in user's token lasts: a working day, so that an agent signs in once a day.
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60, le=24 * 3600)
    # How long the gateway waits for a service before answering 503.
    rpc_timeout_seconds: float = Field(default=10.0, gt=0)
    # A request body over this many bytes is refused with 413 before any route reads it (an enrolment is about
    # 1 KiB); far below gRPC's 4 MiB message limit, whose refusal would otherwise come back as a 429.
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=1024 * 1024)
    # Rate limits (api/rate_limits.py), each a token bucket per key holding a window's allowance (the burst) and
    # refilled evenly over the window; per gateway instance (docs/limits.md). Tests set a short window.
    rate_limit_window_seconds: float = Field(default=60.0, gt=0, le=3600)
    # Each agent (their user id) on /agent/v1, all their phones together.
    agent_requests_per_window: int = Field(default=120, ge=1)
    # Each registered phone (the token's device) on /agent/v1.
    device_requests_per_window: int = Field(default=120, ge=1)
    # Each hotline client (the 12333 system's user id) on /hotline/v1: many operators behind one client.
    hotline_requests_per_window: int = Field(default=600, ge=1)
    # Sign-in attempts per user id typed, whether or not the user exists: slows down guessing a password.
    sign_in_attempts_per_window: int = Field(default=10, ge=1)
    # Requests to /agent/v1 and /hotline/v1 without a valid token, per client address.
    address_requests_per_window: int = Field(default=120, ge=1)

    # The 12333 hotline's caller verification (pension_gateway.hotline.verification): how long a verified call's
    # token lasts (a call, with its follow-up questions), how many failed verifications of one citizen ID number
    # lock it, and for how long (failures older than that are forgotten).
    hotline_call_ttl_seconds: int = Field(default=20 * 60, ge=60, le=30 * 60)
    hotline_failures_before_lock: int = Field(default=3, ge=1, le=10)
    hotline_lock_seconds: int = Field(default=30 * 60, ge=1, le=24 * 3600)

    @field_validator("token_signing_key", mode="before")
    @classmethod
    def _check_signing_key(cls, value: object) -> str:
        text = str(value or "") or DEVELOPMENT_SIGNING_KEY
        SigningKey.from_jwk(text)
        return text

    @model_validator(mode="after")
    def _refuse_development_key_in_production(self) -> Self:
        key = self.signing_key()
        if self.env is Environment.PRODUCTION and is_development_key(key.public_jwk()):
            raise ValueError("PENSION_TOKEN_SIGNING_KEY holds the development key; set a real one")
        # A gateway whose tokens its own verifiers would refuse fails at start, not at every call.
        trusted = read_public_keys(self.token_public_keys).get(key.key_id)
        if trusted is None or trusted.public_bytes_raw() != key.key.public_key().public_bytes_raw():
            raise ValueError(
                f"the public half of PENSION_TOKEN_SIGNING_KEY (kid {key.key_id!r}) is not in PENSION_TOKEN_PUBLIC_KEYS"
            )
        return self

    def signing_key(self) -> SigningKey:
        return SigningKey.from_jwk(self.token_signing_key)
