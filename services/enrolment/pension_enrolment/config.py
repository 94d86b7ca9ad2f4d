"""The enrolment service's settings."""

from __future__ import annotations

from pension_kit.config import ServiceSettings


class EnrolmentSettings(ServiceSettings):
    service_name: str = "enrolment"
    grpc_port: int = 50051
    death_consumer_group: str = "enrolment-deaths"
    cash_consumer_group: str = "enrolment-agent-cash"
    payout_consumer_group: str = "enrolment-payouts"
    # Pooling regions given the demo policy (docs/domain.md's example values) at start, in development only: the
    # demo county of `make up` and the tests' region. Comma separated 6-digit codes; empty for none.
    demo_policy_regions: str = "411731,411723"

    def demo_policy_region_codes(self) -> frozenset[str]:
        return frozenset(code.strip() for code in self.demo_policy_regions.split(",") if code.strip())
