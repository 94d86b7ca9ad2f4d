"""The supervision service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class SupervisionSettings(ServiceSettings):
    service_name: str = "supervision"
    grpc_port: int = 50054
    audit_consumer_group: str = "supervision-audit"
    reports_consumer_group: str = "supervision-reports"
    # Printed on every public notice: where a resident disputes it (the county's supervision hotline).
    notice_dispute_contact: str = "12333"
