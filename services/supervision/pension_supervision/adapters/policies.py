"""Supervision's copy of each region's policy versions, heard from enrolment's PolicyChanged (collection
`policies`), and the alert thresholds in force on a day."""

from __future__ import annotations

from datetime import date

from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import enrolment_pb2
from pension_contracts.policy import HeardPolicyVersions
from pension_kit.errors import FailedPrecondition
from pension_kit.mongo import Document
from pension_kit.policy import PolicyVersion, SupervisionThresholds, in_force

POLICIES = "policies"


class RegionPolicies:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._heard = HeardPolicyVersions(database[POLICIES])

    async def record(self, policy: enrolment_pb2.Policy) -> None:
        await self._heard.record(policy)

    async def versions(self, pooling_region_code: str) -> list[PolicyVersion]:
        """Every version of the region heard (the monthly statistics split each subsidy as its version does)."""
        return await self._heard.of_region(pooling_region_code)

    async def thresholds(self, pooling_region_code: str, on: date) -> SupervisionThresholds:
        """The region's thresholds in force on `on`; the demo values when no version of the region was heard yet
        (or none in force then): a rule is never switched off for want of a policy."""
        versions = await self._heard.of_region(pooling_region_code)
        try:
            return in_force(versions, on).supervision
        except FailedPrecondition:
            return SupervisionThresholds()
