"""Enrolment on the real database and broker: one enrolment per person, changes with history, death."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaProducer

from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.verification.v1 import events_pb2 as verification_events
from pension_kit.events import new_event
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
OTHER_AGENT = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({"411723101202"}))


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[enrolment_service_pb2_grpc.EnrolmentServiceStub]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    yield enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    await services.stop()


def enrol_request(**overrides: Any) -> enrolment_service_pb2.EnrolRequest:
    body = new_enrolment(**overrides)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    return enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on))


async def refusal(call: Any) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.code, error.reason, error.field


async def test_two_agents_enrolling_the_same_person_at_the_same_instant_one_succeeds(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub,
) -> None:
    first = enrol_request()
    second = enrol_request(citizen_id_number=first.citizen_id_number)  # another agent, another request id
    results = await asyncio.gather(
        *(enrolment.Enrol(r, metadata=signed(OFFICER)) for r in (first, second) * 4),
        return_exceptions=True,
    )
    succeeded = {r.resident.resident_id for r in results if not isinstance(r, BaseException)}
    refused = [from_rpc_error(r) for r in results if isinstance(r, grpc.aio.AioRpcError)]
    assert len(succeeded) == 1, "exactly one resident exists for one citizen ID number"
    assert refused and {e.reason for e in refused} == {"DUPLICATE_ENROLMENT"}
    assert {e.field for e in refused} == {"citizen_id_number"}
    found = await enrolment.FindResidentByCitizenId(
        enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=first.citizen_id_number),
        metadata=signed(OFFICER),
    )
    assert found.resident.resident_id in succeeded


async def test_a_changed_mobile_is_kept_in_history_once_however_often_the_request_is_sent(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub,
) -> None:
    resident = (await enrolment.Enrol(enrol_request(), metadata=signed(AGENT))).resident
    change = enrolment_service_pb2.ChangeMobileRequest(
        request_id=uuid.uuid4().hex, resident_id=resident.resident_id, mobile="13900001111", reason="new phone"
    )
    for _ in range(2):
        changed = (await enrolment.ChangeMobile(change, metadata=signed(AGENT))).resident
    assert changed.mobile == "13900001111" and changed.mobile_masked == "139****1111"
    history = await enrolment.GetResidentHistory(
        enrolment_service_pb2.GetResidentHistoryRequest(resident_id=resident.resident_id),
        metadata=signed(AGENT),
    )
    kinds = [c.kind for c in history.changes]
    assert kinds == [enrolment_pb2.RESIDENT_CHANGE_KIND_ENROLLED, enrolment_pb2.RESIDENT_CHANGE_KIND_MOBILE]
    mobile_change = history.changes[1]
    assert (mobile_change.old_value, mobile_change.new_value) == (resident.mobile_masked, "139****1111")
    assert (mobile_change.actor, mobile_change.reason) == ("agent-1", "new phone")


async def test_refusals_name_the_field_and_change_nothing(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub,
) -> None:
    resident = (await enrolment.Enrol(enrol_request(), metadata=signed(AGENT))).resident
    bad_card = enrolment_service_pb2.ChangeBankAccountRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident.resident_id,
        bank_card_number="6228480402564890011",
        bank_code="ABC",
        reason="lost card",
    )
    assert await refusal(enrolment.ChangeBankAccount(bad_card, metadata=signed(AGENT))) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "BANK_CARD_CHECKSUM",
        "bank_card_number",
    )
    outsider = enrolment_service_pb2.ChangeMobileRequest(
        request_id=uuid.uuid4().hex, resident_id=resident.resident_id, mobile="13900001111", reason="x"
    )
    # Another village's resident is answered as an unknown id: the agent learns nothing of who is enrolled.
    assert await refusal(enrolment.ChangeMobile(outsider, metadata=signed(OTHER_AGENT))) == (
        grpc.StatusCode.NOT_FOUND,
        "RESIDENT_NOT_FOUND",
        "resident_id",
    )
    moved_out = enrolment_service_pb2.ChangeVillageRequest(
        request_id=uuid.uuid4().hex, resident_id=resident.resident_id, village_code="410122101201", reason="moved"
    )
    assert (await refusal(enrolment.ChangeVillage(moved_out, metadata=signed(OFFICER))))[1] == (
        "VILLAGE_OUTSIDE_POOLING_REGION"
    )
    unchanged = await enrolment.GetResident(
        enrolment_service_pb2.GetResidentRequest(resident_id=resident.resident_id), metadata=signed(OFFICER)
    )
    assert unchanged.resident.bank_account.account_masked == resident.bank_account.account_masked
    assert unchanged.resident.mobile == resident.mobile and unchanged.resident.village_code == DEMO_VILLAGE


async def test_a_confirmed_death_ends_the_enrolment_once_even_when_redelivered(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub, kafka_broker: Any
) -> None:
    resident = (await enrolment.Enrol(enrol_request(), metadata=signed(AGENT))).resident
    death = new_event(
        topic="pension.verification.resident.v1",
        payload=verification_events.DeathConfirmed(
            resident_id=resident.resident_id,
            date_of_death=to_calendar_date(date(2026, 3, 2)),
            record_ref="CA-2026-0001",
            pooling_region_code="411723",
        ),
        subject_key=resident.resident_id,
        producer="verification",
        actor="system:registry",
    )
    producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    await producer.start()
    try:
        for _ in range(2):
            await producer.send_and_wait(death["topic"], death["envelope"], key=resident.resident_id.encode())
    finally:
        await producer.stop()

    async def terminated() -> Any:
        response = await enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=resident.resident_id), metadata=signed(OFFICER)
        )
        return response.resident if response.resident.status == enrolment_pb2.ENROLMENT_STATUS_TERMINATED else None

    ended = await eventually(terminated, what="the death ends the enrolment")
    assert ended.termination_cause == enrolment_pb2.TERMINATION_CAUSE_DEATH
    assert (ended.date_of_death.year, ended.date_of_death.month, ended.date_of_death.day) == (2026, 3, 2)
    history = await enrolment.GetResidentHistory(
        enrolment_service_pb2.GetResidentHistoryRequest(resident_id=resident.resident_id),
        metadata=signed(OFFICER),
    )
    assert [c.kind for c in history.changes].count(enrolment_pb2.RESIDENT_CHANGE_KIND_TERMINATED) == 1
