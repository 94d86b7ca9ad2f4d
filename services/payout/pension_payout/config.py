"""The payout service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class PayoutSettings(ServiceSettings):
    service_name: str = "payout"
    grpc_port: int = 50052
