"""Policy as versioned data: the version in force on a date, a region's versions, changes, and the demo seed.

A change does not go through the kit's UnitOfWork, on purpose. The unit of work changes one existing document
with a conditional update (`{_id, version}`) and remembers request ids in that document; a policy change inserts
a new version document, one per change, and the race between two officers is settled by the unique index on
(region, change_number), a repeated request by the unique index on request_id. That insert already does what
the unit of work is for: the version and its PolicyChanged event in one write, one winner per change number (the
loser validates again against the winner), a repeated request answered from what is stored, CONCURRENT_CHANGE
after five lost races. Fitting it into the unit of work would need a region document as the aggregate holding
the versions as its state, which changes behaviour and stored shapes:

- the `policies` collection would hold one document per region instead of one per version, so the versions
  stored so far would need a data migration, and `PolicyRepository` (versions, by_request_id, add) with its
  service-layer tests (tests/unit/enrolment/test_policy_changes.py, which assert on the stored versions and
  their change numbers) would no longer describe the store;
- request ids would be remembered per region, not across regions as the unique index remembers them now, so a
  request id reused for another region would make a second change instead of answering with the first;
- keeping the version documents and adding a region document beside them would be two writes without a
  transaction: a crash between them would leave a version without its event or an event without its version.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

from pension.enrolment.v1 import events_pb2
from pension_contracts.policy import policy_message
from pension_enrolment.adapters.policies import PolicyConflict, PolicyRepository, policy_document, policy_version
from pension_enrolment.service_layer import PRODUCER
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import Aborted, InvalidArgument
from pension_kit.events import new_event
from pension_kit.identifiers import division_code_of_pooling_region
from pension_kit.identity import Caller, Role
from pension_kit.policy import (
    PolicyVersion,
    demo_policy,
    in_force,
    validate_policy_change,
)
from pension_kit.text import IDENTIFIER_MAX, REASON_MAX, REQUEST_ID_MAX, check_free_text, check_length

log = logging.getLogger(__name__)

POLICY_CHANGING_ROLES: Final = (Role.COUNTY_OFFICER,)
# Every authenticated caller may read the parameters: they are public policy, not personal data.
POLICY_READING_ROLES: Final = tuple(Role)
DEMO_SEED_ACTOR: Final = "system:demo-seed"


# --- the service -------------------------------------------------------------------------------------


# BSON dates keep milliseconds; a version read back must equal the one announced.
_now = now_to_millisecond


def _timeline(versions: Iterable[PolicyVersion]) -> list[PolicyVersion]:
    """Oldest effective date first; of two versions with one date, the later change last (as in_force reads them)."""
    return sorted(versions, key=lambda version: (version.effective_from, version.changed_at))


def _previous_on_timeline(existing: Sequence[PolicyVersion], proposed: PolicyVersion) -> str:
    earlier = [v for v in existing if v.effective_from <= proposed.effective_from]
    return _timeline(earlier)[-1].policy_version_id if earlier else ""


@dataclass
class PolicyService:
    """Reads and changes a region's versions; a calculation asks for the version in force on its own date.

    In development, the regions of `demo_regions` get the demo version (docs/domain.md's example values, in force
    from the scheme start) as their first version, seeded at start and, should a read come first, on that read.
    """

    policies: PolicyRepository
    topic: str
    # Called without arguments: the relay then sweeps every outbox, which finds the new version. Policy changes
    # are rare, and the import CLI and the benchmark build this service with a no-argument no-op.
    notify_relay: Callable[[], None]
    demo_regions: frozenset[str] = field(default_factory=frozenset)
    today: Callable[[], date] = today_in_china

    async def versions(self, pooling_region_code: str) -> list[PolicyVersion]:
        """Every version of the region, oldest effective date first."""
        code = pooling_region_code.strip()
        division_code_of_pooling_region(code, field="pooling_region_code")
        documents = await self.policies.versions(code)
        if not documents and code in self.demo_regions:
            await self.seed_demo(code)
            documents = await self.policies.versions(code)
        return _timeline(policy_version(document) for document in documents)

    async def in_force(self, pooling_region_code: str, on: date) -> PolicyVersion:
        """The version a calculation concerning `on` uses; POLICY_NOT_IN_FORCE when the region has none then."""
        return in_force(await self.versions(pooling_region_code), on)

    async def get(self, pooling_region_code: str, as_of: date | None, *, caller: Caller) -> PolicyVersion:
        caller.require_role(*POLICY_READING_ROLES)
        check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
        return await self.in_force(pooling_region_code, as_of or self.today())

    async def list_versions(self, pooling_region_code: str, *, caller: Caller) -> list[PolicyVersion]:
        caller.require_role(*POLICY_READING_ROLES)
        check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
        return await self.versions(pooling_region_code)

    async def change(self, proposal: PolicyVersion, *, reason: str, request_id: str, caller: Caller) -> PolicyVersion:
        """Adds a version made by the caller now, for the reason given; a repeated request id returns the first."""
        caller.require_role(*POLICY_CHANGING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        check_length(proposal.pooling_region_code, field="policy.pooling_region_code", max_length=IDENTIFIER_MAX)
        for index, source in enumerate(proposal.data_certification_sources):
            check_length(source, field=f"policy.data_certification_sources[{index}]", max_length=IDENTIFIER_MAX)
        # The reason is kept with the version and announced in PolicyChanged: no personal number in it.
        check_free_text(reason, field="reason", max_length=REASON_MAX)
        code = proposal.pooling_region_code
        for _ in range(5):
            earlier = await self.policies.by_request_id(request_id)
            if earlier is not None:
                return policy_version(earlier)
            existing = await self.versions(code)
            version = replace(
                proposal,
                policy_version_id=f"{code}:{proposal.effective_from.isoformat()}:{uuid.uuid4().hex[:12]}",
                changed_by=caller.user_id,
                changed_at=_now(),
                reason=reason.strip(),
            )
            validate_policy_change(existing, version, today=self.today())
            try:
                await self._store(version, existing, request_id=request_id, actor=caller.user_id)
            except PolicyConflict as conflict:
                if conflict.index == "change_number":
                    continue  # another change came first: validate against it as well
                stored = await self.policies.by_request_id(request_id)
                if stored is None:
                    raise
                return policy_version(stored)
            return version
        raise Aborted(
            "CONCURRENT_CHANGE",
            "the region's policy kept changing while this change was made; try again",
            field="pooling_region_code",
            message_zh="该地区政策参数正被他人修改，请重试",
        )

    async def seed_demo(self, pooling_region_code: str) -> None:
        """Stores the demo version as the region's first version, once (its id is deterministic)."""
        if await self.policies.versions(pooling_region_code):
            return
        version = demo_policy(pooling_region_code, _now())
        try:
            await self._store(version, [], request_id=f"demo-seed:{pooling_region_code}", actor=DEMO_SEED_ACTOR)
        except PolicyConflict:
            return  # seeded meanwhile by another process or a concurrent read
        log.info("seeded the demo policy of pooling region %s", pooling_region_code)

    async def seed_demo_regions(self) -> None:
        """The start-up job of development: every demo region gets its demo version."""
        for code in sorted(self.demo_regions):
            await self.seed_demo(code)

    async def _store(
        self, version: PolicyVersion, existing: Sequence[PolicyVersion], *, request_id: str, actor: str
    ) -> None:
        previous = _previous_on_timeline(existing, version)
        event = new_event(
            topic=self.topic,
            payload=events_pb2.PolicyChanged(policy=policy_message(version), previous_policy_version_id=previous),
            subject_key=version.pooling_region_code,
            producer=PRODUCER,
            actor=actor,
            reason=version.reason,
            occurred_at=version.changed_at,
        )
        document = policy_document(
            version, change_number=len(existing) + 1, request_id=request_id, previous_policy_version_id=previous
        )
        await self.policies.add(document, [event])
        self.notify_relay()
