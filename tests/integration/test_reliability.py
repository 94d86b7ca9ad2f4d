"""The kit's promises on the real broker and database: nothing lost, nothing applied twice, outages survived."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaProducer

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc, events_pb2
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.events import new_event
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import AUDITOR, DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER, frozenset({DEMO_VILLAGE}))


@pytest.fixture
async def services(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[InProcessServices]:
    started = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    yield started
    await started.stop()


def enrol_request(**overrides: Any) -> enrolment_service_pb2.EnrolRequest:
    body = new_enrolment(**overrides)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    return enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on))


async def audit_entries(services: InProcessServices, subject_key: str) -> list[Any]:
    assert services.supervision is not None
    stub = supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision))
    response = await stub.ListAuditEntries(
        supervision_service_pb2.ListAuditEntriesRequest(subject_key=subject_key, page_size=1000),
        metadata=signed(AUDITOR),
    )
    return list(response.entries)


async def test_events_written_while_kafka_is_down_all_arrive_and_none_twice(
    services: InProcessServices, kafka_broker: Any
) -> None:
    assert services.enrolment is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    kafka_broker.stop()
    try:
        resident_ids = []
        for _ in range(12):  # the service keeps accepting writes with the broker gone
            response = await enrolment.Enrol(enrol_request(), metadata=signed(OFFICER), timeout=10)
            resident_ids.append(response.resident.resident_id)
    finally:
        kafka_broker.start()

    async def all_audited() -> dict[str, int]:
        counts = {rid: len(await audit_entries(services, rid)) for rid in resident_ids}
        return counts if all(counts.values()) else {}

    counts = await eventually(all_audited, deadline=120, what="every event written during the outage arrives")
    assert set(counts.values()) == {1}, f"an event had its effect twice: {counts}"


async def test_the_same_event_delivered_twice_changes_state_once(
    services: InProcessServices, kafka_broker: Any
) -> None:
    assert services.enrolment is not None and services.supervision is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    resident = (await enrolment.Enrol(enrol_request(), metadata=signed(OFFICER))).resident
    entries = await eventually(lambda: audit_entries(services, resident.resident_id), what="enrolment audited")
    original = entries[0]

    marker_payload = events_pb2.MobileChanged(resident_id=resident.resident_id, mobile_masked="139****0000")
    producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    await producer.start()
    try:
        topic, key = original.topic, resident.resident_id.encode()
        # Redelivered twice as it was (the relay re-sent it after a crash). The audit consumer takes a poll's events
        # at once and keeps no per-event record of its own: the log's claim of each event id is what holds.
        await producer.send_and_wait(topic, original.envelope, key=key)
        await producer.send_and_wait(topic, original.envelope, key=key)
        marker = new_event(
            topic=topic,
            payload=marker_payload,
            subject_key=resident.resident_id,
            producer="enrolment",
            actor="test",
            event_id=str(uuid.uuid4()),
        )
        await producer.send_and_wait(topic, marker["envelope"], key=key)  # same key: processed after both
    finally:
        await producer.stop()

    async def marker_recorded() -> list[Any]:
        found = await audit_entries(services, resident.resident_id)
        return found if any(e.event_type.endswith("MobileChanged") for e in found) else []

    entries = await eventually(marker_recorded, what="the later event of the same resident is recorded")
    assert [e.event_type for e in entries] == [
        "pension.enrolment.v1.ResidentEnrolled",
        "pension.enrolment.v1.MobileChanged",
    ]


async def test_while_the_database_is_down_calls_are_unavailable_and_recover_without_restart(
    services: InProcessServices, ferretdb: Any
) -> None:
    assert services.enrolment is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    ferretdb.stop()
    try:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await enrolment.Enrol(enrol_request(), metadata=signed(OFFICER), timeout=20)
        error = from_rpc_error(refused.value)
        assert error.code is grpc.StatusCode.UNAVAILABLE and error.reason == "DATABASE_UNAVAILABLE"
    finally:
        ferretdb.start()

    async def enrols() -> str:
        try:
            response = await enrolment.Enrol(enrol_request(), metadata=signed(OFFICER), timeout=20)
        except grpc.aio.AioRpcError as exc:
            assert exc.code() is grpc.StatusCode.UNAVAILABLE
            return ""
        return str(response.resident.resident_id)

    assert await eventually(enrols, deadline=60, what="enrolment works again after the database returns")
