"""The verification service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class VerificationSettings(ServiceSettings):
    service_name: str = "verification"
    grpc_port: int = 50053
