"""The supervision service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class SupervisionSettings(ServiceSettings):
    service_name: str = "supervision"
    grpc_port: int = 50054
    audit_consumer_group: str = "supervision-audit"
    case_consumer_group: str = "supervision-cases"
    alerts_consumer_group: str = "supervision-alerts"
