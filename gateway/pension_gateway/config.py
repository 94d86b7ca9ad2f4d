"""The gateway's settings."""

from __future__ import annotations

import base64
from typing import Self

from pydantic import Field, field_validator, model_validator

from pension_kit.config import Environment, KitSettings

DEVELOPMENT_SESSION_KEY = base64.b64encode(b"development-only-session-key-32b").decode()


class GatewaySettings(KitSettings):
    service_name: str = "gateway"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)
    # Signs the bearer tokens the gateway issues; 32 bytes, base64.
    session_key: bytes = b""
    token_ttl_seconds: int = Field(default=8 * 3600, ge=60)
    # How long the gateway waits for a service before answering 503.
    rpc_timeout_seconds: float = Field(default=10.0, gt=0)

    @field_validator("session_key", mode="before")
    @classmethod
    def _parse_session_key(cls, value: object) -> bytes:
        if isinstance(value, bytes) and len(value) == 32:
            return value
        text = (value.decode() if isinstance(value, bytes) else str(value or "")) or DEVELOPMENT_SESSION_KEY
        raw = base64.b64decode(text, validate=True)
        if len(raw) != 32:
            raise ValueError("must decode to 32 bytes")
        return raw

    @model_validator(mode="after")
    def _refuse_development_key_in_production(self) -> Self:
        if self.env is Environment.PRODUCTION and self.session_key == base64.b64decode(DEVELOPMENT_SESSION_KEY):
            raise ValueError("PENSION_SESSION_KEY holds the development key; set a real one")
        return self
