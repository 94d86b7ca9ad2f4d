"""The supervision service's settings."""

from __future__ import annotations

from datetime import time

from pension_kit.config import ServiceSettings


class SupervisionSettings(ServiceSettings):
    service_name: str = "supervision"
    grpc_port: int = 50054
    audit_consumer_group: str = "supervision-audit"
    case_consumer_group: str = "supervision-cases"
    alerts_consumer_group: str = "supervision-alerts"
    # The daily check of ticket deadlines: on at start and then every day at this time (China Standard Time).
    daily_complaint_deadlines: bool = True
    daily_complaint_deadlines_at: time = time(2, 0)
    reports_consumer_group: str = "supervision-reports"
    # Printed on every public notice: where a resident disputes it (the county's supervision hotline).
    notice_dispute_contact: str = "12333"
