"""The payout service's settings."""

from __future__ import annotations

from pathlib import Path

from pension_kit.config import ServiceSettings


class PayoutSettings(ServiceSettings):
    service_name: str = "payout"
    grpc_port: int = 50052
    enrolment_consumer_group: str = "payout-enrolment"
    verification_consumer_group: str = "payout-verification"
    # Distinct approvers a payroll run needs, none of them its preparer (docs/domain.md: 2 in the demo).
    payroll_approvals_required: int = 2
    # Where bank batch files are written (one folder per payroll run); banks receive them from here.
    bank_files_dir: Path = Path("var/bank-files")
