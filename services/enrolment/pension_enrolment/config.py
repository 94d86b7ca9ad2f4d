"""The enrolment service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class EnrolmentSettings(ServiceSettings):
    service_name: str = "enrolment"
    grpc_port: int = 50051
    death_consumer_group: str = "enrolment-deaths"
