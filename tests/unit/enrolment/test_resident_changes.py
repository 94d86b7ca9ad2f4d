"""Changes of an enrolled resident (service_layer.resident_changes) on the kit's in-memory repository."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from pension.common.v1 import envelope_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.residents import RESIDENTS
from pension_enrolment.service_layer.resident_changes import ResidentChangeService
from pension_kit.errors import DomainError
from pension_kit.events import unpack_payload
from pension_kit.identifiers import IdentifierError
from pension_kit.identity import SYSTEM_CALLER, Caller, Role
from pension_kit.masking import mask_mobile
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import from_sealed_value
from pension_kit.unit_of_work import InMemoryRepository

RESIDENT = "R-0001"
VILLAGE = "411723101201"
OLD_MOBILE = "13900139000"
NEW_MOBILE = "13800138000"
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
VAULT = PersonalDataVault((("k1", b"K" * 32),), b"L" * 32)


class Relay:
    def __init__(self) -> None:
        self.hints: list[tuple[str, list[Any]]] = []

    def __call__(self, collection: str, ids: Iterable[Any]) -> None:
        self.hints.append((collection, list(ids)))


def resident(**fields: Any) -> Document:
    return {
        "_id": RESIDENT,
        "village_code": VILLAGE,
        "pooling_region_code": "411723",
        "status": enrolment_pb2.ENROLMENT_STATUS_ACTIVE,
        "mobile": OLD_MOBILE,
        "mobile_masked": mask_mobile(OLD_MOBILE),
        "history": [],
        "version": 3,
        "applied_requests": [],
        **fields,
    }


def changes(residents: InMemoryRepository, relay: Relay | None = None) -> ResidentChangeService:
    return ResidentChangeService(residents, VAULT, topic="pension.enrolment.resident.v1", notify_relay=relay or Relay())


def payloads(residents: InMemoryRepository) -> list[Any]:
    return [unpack_payload(envelope_pb2.EventEnvelope.FromString(e["envelope"])) for e in residents.events]


async def test_a_change_of_mobile_is_written_with_its_history_line_and_its_event() -> None:
    residents, relay = InMemoryRepository(resident()), Relay()
    changed = await changes(residents, relay).change_mobile(
        RESIDENT, NEW_MOBILE, reason="new phone", request_id="C-1", caller=OFFICER
    )
    assert (changed["mobile"], changed["mobile_masked"], changed["version"]) == (NEW_MOBILE, mask_mobile(NEW_MOBILE), 4)
    assert changed["applied_requests"] == ["C-1"] and "outbox" not in changed
    [event] = payloads(residents)
    assert isinstance(event, events_pb2.MobileChanged)
    assert (event.old_mobile_masked, event.mobile_masked) == (mask_mobile(OLD_MOBILE), mask_mobile(NEW_MOBILE))
    assert VAULT.open(from_sealed_value(event.sealed_mobile), purpose="mobile") == NEW_MOBILE
    [line] = changed["history"]
    assert (line["kind"], line["old_value"], line["new_value"]) == (
        enrolment_pb2.RESIDENT_CHANGE_KIND_MOBILE,
        mask_mobile(OLD_MOBILE),
        mask_mobile(NEW_MOBILE),
    )
    assert (line["actor"], line["reason"], line["event_id"]) == (
        "officer-1",
        "new phone",
        residents.events[0]["event_id"],
    )
    assert residents.events[0]["key"] == RESIDENT and relay.hints == [(RESIDENTS, [RESIDENT])]


async def test_a_repeated_change_of_mobile_returns_the_resident_as_it_is_and_announces_nothing_more() -> None:
    residents = InMemoryRepository(resident())
    service = changes(residents)
    await service.change_mobile(RESIDENT, NEW_MOBILE, reason="new phone", request_id="C-1", caller=OFFICER)
    again = await service.change_mobile(RESIDENT, "13700137000", reason="again", request_id="C-1", caller=OFFICER)
    assert again["mobile"] == NEW_MOBILE and again["version"] == 4
    assert len(residents.events) == 1 and len(again["history"]) == 1


async def test_a_change_that_lost_a_race_is_decided_again_on_the_new_state() -> None:
    residents = InMemoryRepository(resident())
    residents.lose_races = 2
    changed = await changes(residents).change_mobile(
        RESIDENT, NEW_MOBILE, reason="new phone", request_id="C-1", caller=OFFICER
    )
    assert changed["version"] == 6 and len(residents.events) == 1


async def test_a_resident_changing_all_the_time_is_refused_as_a_conflict() -> None:
    residents = InMemoryRepository(resident())
    residents.lose_races = 5
    with pytest.raises(DomainError) as refused:
        await changes(residents).change_mobile(
            RESIDENT, NEW_MOBILE, reason="new phone", request_id="C-1", caller=OFFICER
        )
    assert (refused.value.reason, refused.value.message_zh) == ("CONCURRENT_CHANGE", "该参保人信息正被他人修改，请重试")
    assert residents.events == []


@pytest.mark.parametrize(
    ("stored", "caller", "reason"),
    [
        (resident(status=enrolment_pb2.ENROLMENT_STATUS_TERMINATED), OFFICER, "ENROLMENT_TERMINATED"),
        # Another village's resident is answered as an unknown one: the agent learns nothing of who is enrolled.
        (resident(), Caller("agent-9", Role.VILLAGE_AGENT, frozenset({"411723101299"})), "RESIDENT_NOT_FOUND"),
        (resident(), Caller("auditor-1", Role.AUDITOR), "ROLE_NOT_ALLOWED"),
        (resident(_id="R-other"), OFFICER, "RESIDENT_NOT_FOUND"),
    ],
)
async def test_a_refused_change_of_mobile_writes_nothing(stored: Document, caller: Caller, reason: str) -> None:
    residents = InMemoryRepository(stored)
    with pytest.raises(DomainError) as refused:
        await changes(residents).change_mobile(RESIDENT, NEW_MOBILE, reason="x", request_id="C-1", caller=caller)
    assert refused.value.reason == reason
    assert residents.events == [] and residents.documents[stored["_id"]] == stored


async def test_a_change_of_mobile_needs_a_reason_and_a_valid_number() -> None:
    residents = InMemoryRepository(resident())
    for mobile, reason, code in ((NEW_MOBILE, " ", "REASON_REQUIRED"), ("1380013800", "r", "MOBILE_FORMAT")):
        # An invalid identifier is refused as it is read (the transports make it INVALID_ARGUMENT).
        with pytest.raises((DomainError, IdentifierError)) as refused:
            await changes(residents).change_mobile(RESIDENT, mobile, reason=reason, request_id="C-1", caller=OFFICER)
        assert getattr(refused.value, "reason", None) == code
    assert residents.events == []


async def test_a_move_within_the_region_changes_the_village_and_one_outside_it_is_refused() -> None:
    residents = InMemoryRepository(resident())
    service = changes(residents)
    with pytest.raises(DomainError) as refused:
        await service.change_village(RESIDENT, "411731100201", reason="moved", request_id="V-1", caller=OFFICER)
    assert refused.value.reason == "VILLAGE_OUTSIDE_POOLING_REGION" and residents.events == []
    moved = await service.change_village(RESIDENT, "411723101202", reason="moved", request_id="V-2", caller=OFFICER)
    assert moved["village_code"] == "411723101202"
    [event] = payloads(residents)
    assert isinstance(event, events_pb2.VillageChanged)
    assert (event.old_village_code, event.village_code, event.pooling_region_code) == (
        VILLAGE,
        "411723101202",
        "411723",
    )
    # The refused request id was never applied, so it may still be used.
    assert moved["applied_requests"] == ["V-2"]


async def test_a_death_ends_the_enrolment_once() -> None:
    residents = InMemoryRepository(resident())
    service = changes(residents)
    for _ in range(2):
        ended = await service.terminate(
            RESIDENT,
            enrolment_pb2.TERMINATION_CAUSE_DEATH,
            date(2026, 5, 2),
            date_of_death=date(2026, 5, 1),
            reason="death confirmed",
            request_id="event:D-1",
            caller=SYSTEM_CALLER,
        )
        assert ended["status"] == enrolment_pb2.ENROLMENT_STATUS_TERMINATED
        assert (ended["terminated_on"], ended["date_of_death"]) == ("2026-05-02", "2026-05-01")
    [event] = payloads(residents)
    assert isinstance(event, events_pb2.EnrolmentTerminated)
    assert event.cause == enrolment_pb2.TERMINATION_CAUSE_DEATH and event.pooling_region_code == "411723"
    with pytest.raises(DomainError) as refused:
        await service.change_mobile(RESIDENT, NEW_MOBILE, reason="r", request_id="C-9", caller=OFFICER)
    assert refused.value.reason == "ENROLMENT_TERMINATED"
