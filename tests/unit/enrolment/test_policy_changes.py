"""Changes of a region's policy (service_layer.policy) on an in-memory repository of its versions."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from pension.common.v1 import envelope_pb2
from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.policies import PolicyConflict, PolicyRepository, policy_document
from pension_enrolment.service_layer.policy import PolicyService
from pension_kit.errors import DomainError
from pension_kit.events import unpack_payload
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.policy import PolicyVersion, demo_policy

REGION = "411723"
TODAY = date(2026, 6, 1)
OFFICER = Caller("county-1", Role.COUNTY_OFFICER)


class InMemoryPolicies(PolicyRepository):
    """Versions in a list, refused as the unique indexes refuse them; `before_add` plays a concurrent writer."""

    def __init__(self) -> None:
        self.documents: list[Document] = []
        self.events: list[dict[str, Any]] = []
        self.before_add: list[Document] = []

    async def versions(self, pooling_region_code: str) -> list[Document]:
        found = [d for d in self.documents if d["pooling_region_code"] == pooling_region_code]
        return copy.deepcopy(sorted(found, key=lambda d: d["change_number"]))

    async def by_request_id(self, request_id: str) -> Document | None:
        return next((copy.deepcopy(d) for d in self.documents if d["request_id"] == request_id), None)

    async def add(self, document: Document, events: list[dict[str, Any]]) -> None:
        if self.before_add:
            self._insert(self.before_add.pop(0), [])
        self._insert(document, events)

    def _insert(self, document: Document, events: list[dict[str, Any]]) -> None:
        for index in ("request_id", "change_number"):
            if any(
                d[index] == document[index]
                and (index == "request_id" or d["pooling_region_code"] == document["pooling_region_code"])
                for d in self.documents
            ):
                raise PolicyConflict(index)
        if any(d["_id"] == document["_id"] for d in self.documents):
            raise PolicyConflict("_id")
        self.documents.append(copy.deepcopy(document))
        self.events.extend(events)


class Relay:
    def __init__(self) -> None:
        self.sweeps = 0

    def __call__(self) -> None:
        self.sweeps += 1


def service(policies: InMemoryPolicies, relay: Relay | None = None) -> PolicyService:
    return PolicyService(
        policies, "pension.enrolment.region.v1", relay or Relay(), demo_regions=frozenset({REGION}), today=lambda: TODAY
    )


def proposal(effective_from: date, **changes: Any) -> PolicyVersion:
    return replace(
        demo_policy(REGION, datetime(2026, 1, 1, tzinfo=UTC)),
        policy_version_id="",
        effective_from=effective_from,
        **changes,
    )


def announced(policies: InMemoryPolicies) -> list[events_pb2.PolicyChanged]:
    found = []
    for event in policies.events:
        payload = unpack_payload(envelope_pb2.EventEnvelope.FromString(event["envelope"]))
        assert isinstance(payload, events_pb2.PolicyChanged)
        found.append(payload)
    return found


async def test_a_change_is_stored_as_a_new_version_and_announced_with_the_one_before_it() -> None:
    policies, relay = InMemoryPolicies(), Relay()
    policy = service(policies, relay)
    [seeded] = await policy.versions(REGION)  # the demo region's first version
    changed = await policy.change(
        proposal(date(2027, 1, 1), pension_age=61), reason="provincial notice", request_id="P-1", caller=OFFICER
    )
    assert (changed.changed_by, changed.reason, changed.pension_age) == ("county-1", "provincial notice", 61)
    assert changed.policy_version_id.startswith(f"{REGION}:2027-01-01:")
    assert [v.policy_version_id for v in await policy.versions(REGION)] == [
        seeded.policy_version_id,
        changed.policy_version_id,
    ]
    assert [d["change_number"] for d in policies.documents] == [1, 2]
    *_, event = announced(policies)
    assert event.policy.policy_version_id == changed.policy_version_id
    assert event.previous_policy_version_id == seeded.policy_version_id
    assert policies.events[-1]["key"] == REGION and relay.sweeps == 2  # the seed and the change
    assert (await policy.in_force(REGION, date(2027, 1, 1))).pension_age == 61


async def test_a_repeated_request_returns_the_first_version_and_stores_nothing_more() -> None:
    policies = InMemoryPolicies()
    policy = service(policies)
    first = await policy.change(proposal(date(2027, 1, 1)), reason="r", request_id="P-1", caller=OFFICER)
    again = await policy.change(proposal(date(2028, 1, 1)), reason="other", request_id="P-1", caller=OFFICER)
    assert again == first
    assert len(policies.documents) == 2 and len(announced(policies)) == 2


async def test_the_past_is_never_rewritten() -> None:
    policies = InMemoryPolicies()
    with pytest.raises(DomainError) as refused:
        await service(policies).change(proposal(TODAY), reason="r", request_id="P-1", caller=OFFICER)
    assert refused.value.reason == "POLICY_EFFECTIVE_DATE_NOT_FUTURE"
    assert [d["request_id"] for d in policies.documents] == [f"demo-seed:{REGION}"]


def rival(effective_from: date, change_number: int) -> Document:
    """A version another officer stored meanwhile, as the repository keeps it."""
    version = replace(
        proposal(effective_from),
        policy_version_id=f"{REGION}:{effective_from.isoformat()}:rival",
        changed_by="county-2",
        changed_at=datetime(2026, 6, 1, tzinfo=UTC),
        reason="rival",
    )
    return policy_document(
        version, change_number=change_number, request_id=f"rival-{change_number}", previous_policy_version_id=""
    )


async def test_a_change_that_lost_the_race_is_validated_again_against_the_winner() -> None:
    policies = InMemoryPolicies()
    policy = service(policies)
    await policy.versions(REGION)
    policies.before_add = [rival(date(2027, 1, 1), 2)]
    changed = await policy.change(proposal(date(2027, 7, 1)), reason="second", request_id="P-1", caller=OFFICER)
    assert [(d["change_number"], d["request_id"]) for d in policies.documents] == [
        (1, f"demo-seed:{REGION}"),
        (2, "rival-2"),
        (3, "P-1"),
    ]
    assert announced(policies)[-1].previous_policy_version_id == f"{REGION}:2027-01-01:rival"
    assert changed.reason == "second"


async def test_a_region_whose_policy_keeps_changing_is_refused_as_a_conflict() -> None:
    policies = InMemoryPolicies()
    policy = service(policies)
    await policy.versions(REGION)
    policies.before_add = [rival(date(2027 + n, 1, 1), n + 2) for n in range(5)]
    with pytest.raises(DomainError) as refused:
        await policy.change(proposal(date(2035, 1, 1)), reason="late", request_id="P-1", caller=OFFICER)
    assert (refused.value.reason, refused.value.field) == ("CONCURRENT_CHANGE", "pooling_region_code")
    assert await policies.by_request_id("P-1") is None


async def test_only_a_county_officer_changes_the_policy() -> None:
    policies = InMemoryPolicies()
    with pytest.raises(DomainError) as refused:
        await service(policies).change(
            proposal(date(2027, 1, 1)), reason="r", request_id="P-1", caller=Caller("hotline-1", Role.HOTLINE)
        )
    assert refused.value.reason == "ROLE_NOT_ALLOWED" and policies.documents == []
