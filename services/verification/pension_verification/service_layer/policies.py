"""The certification policy in force for a region on a day, from the policy versions verification has heard."""

from __future__ import annotations

from datetime import date

from pension_kit.errors import FailedPrecondition
from pension_kit.policy import in_force
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.domain.certification import CertificationPolicy


async def policy_on(repository: Certifications, pooling_region_code: str, day: date) -> CertificationPolicy:
    """The validity and notice of the version in force on `day` (enrolment's PolicyChanged events, kept by
    service_layer.cycle); POLICY_NOT_IN_FORCE while verification has heard of none for the region."""
    versions = await repository.policy_versions(pooling_region_code)
    if not versions:
        raise FailedPrecondition(
            "POLICY_NOT_IN_FORCE",
            f"verification has no policy for region {pooling_region_code} yet",
            field="pooling_region_code",
            message_zh="尚未收到该统筹地区的政策参数",
        )
    return CertificationPolicy.of(in_force(versions, day))
