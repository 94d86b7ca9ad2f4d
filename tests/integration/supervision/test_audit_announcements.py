"""The audit chain's announcements on the real Kafka and FerretDB: a verification's verdict once per request id,
and the daily heads, as a signed file and an event on the supervision topic (key "000000")."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from google.protobuf.message import Message

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.supervision.v1 import events_pb2, supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.runtime import ServiceRuntime
from pension_supervision.adapters.alert_repository import ALERTS
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.adapters.audit_publications import AUDIT_HEADS, AUDIT_VERIFICATIONS
from pension_supervision.adapters.audit_repository import ENTRIES
from pension_supervision.audit_parts import audit_parts
from pension_supervision.config import SupervisionSettings
from pension_supervision.domain.audit_heads import day_end, day_of
from pension_testkit import AUDITOR, InProcessServices, eventually, publish, signed


def public_key_of(settings: SupervisionSettings) -> Ed25519PublicKey:
    return Ed25519PrivateKey.from_private_bytes(settings.audit_head_signing_key).public_key()


class Stack:
    def __init__(self, services: InProcessServices, reader: AIOKafkaConsumer) -> None:
        assert services.supervision is not None
        self.services = services
        self.runtime: ServiceRuntime = services.supervision
        self.stub = supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision))
        self.reader = reader
        self.records: list[ConsumerRecord[bytes, bytes]] = []

    @property
    def settings(self) -> SupervisionSettings:
        settings = self.runtime.settings
        assert isinstance(settings, SupervisionSettings)
        return settings

    def collection(self, name: str) -> Any:
        return self.runtime.context.database[name]

    async def announced(self) -> list[tuple[str, str, Message]]:
        """(key, event id, payload) of every event on the supervision topic since the test began."""
        partitions = list(self.reader.assignment())
        ends = await self.reader.end_offsets(partitions)
        for partition in partitions:
            while await self.reader.position(partition) < ends[partition]:
                batch = await self.reader.getmany(partition, timeout_ms=1000)
                self.records.extend(batch.get(partition, []))
        announced = []
        for record in self.records:
            envelope = parse_envelope(record.value or b"")
            announced.append(((record.key or b"").decode(), envelope.event_id, unpack_payload(envelope)))
        return announced

    async def of_type(self, kind: type[Message]) -> list[tuple[str, str, Any]]:
        return [item for item in await self.announced() if isinstance(item[2], kind)]

    async def verify(
        self, request_id: str, caller: Caller = AUDITOR
    ) -> supervision_service_pb2.VerifyAuditChainResponse:
        request = supervision_service_pb2.VerifyAuditChainRequest(request_id=request_id)
        response: supervision_service_pb2.VerifyAuditChainResponse = await self.stub.VerifyAuditChain(
            request, metadata=signed(caller), timeout=30
        )
        return response


@pytest.fixture
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Stack]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.supervision is not None
    topic = services.supervision.settings.topic_supervision_region
    producer = AIOKafkaProducer(bootstrap_servers=kafka_broker.bootstrap_servers)
    await producer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(await producer.partitions_for(topic))]
    finally:
        await producer.stop()
    reader = AIOKafkaConsumer(bootstrap_servers=kafka_broker.bootstrap_servers, enable_auto_commit=False)
    await reader.start()
    reader.assign(partitions)
    for partition, offset in (await reader.end_offsets(partitions)).items():
        reader.seek(partition, offset)
    yield Stack(services, reader)
    await reader.stop()
    await services.stop()


async def record_events(stack: Stack, count: int) -> None:
    """`count` enrolment events published as enrolment would, and recorded in the chain."""
    settings = stack.settings
    events = [
        new_event(
            topic=settings.topic_enrolment_resident,
            payload=enrolment_events.ResidentEnrolled(resident_id=f"R{stack.services.prefix}{n:04d}"),
            subject_key=f"R{stack.services.prefix}{n:04d}",
            producer="enrolment",
            actor="agent-1",
        )
        for n in range(count)
    ]
    await publish(settings.kafka_bootstrap_servers, events)

    async def recorded() -> bool:
        return bool(await stack.collection(ENTRIES).count_documents({"producer": "enrolment"}) >= count)

    await eventually(recorded, what="the events are in the audit chain")


async def test_a_verdict_is_announced_once_per_request_id(stack: Stack) -> None:
    await record_events(stack, 5)
    verdict = await stack.verify("verify-1")
    assert verdict.intact and verdict.entries_checked >= 5 and verdict.broken_at_sequence == 0

    async def verified() -> list[tuple[str, str, Any]]:
        return await stack.of_type(events_pb2.AuditChainVerified)

    ((key, event_id, announced),) = await eventually(verified, what="AuditChainVerified on the supervision topic")
    assert key == "000000"
    assert (announced.entries_checked, announced.head_hash) == (verdict.entries_checked, verdict.head_hash)
    # The same request id again: the same verdict, no second announcement.
    assert await stack.verify("verify-1") == verdict
    assert await stack.collection(AUDIT_VERIFICATIONS).count_documents({}) == 1

    # An entry edited in the database: the next verification names it, and announces the break.
    await stack.collection(ENTRIES).update_one({"_id": "000000000002"}, {"$set": {"actor": "someone else"}})
    broken = await stack.verify("verify-2")
    assert (broken.intact, broken.broken_at_sequence) == (False, 2)
    assert broken.break_kind == supervision_pb2.CHAIN_BREAK_KIND_HASH_MISMATCH

    async def broken_announced() -> list[tuple[str, str, Any]]:
        return await stack.of_type(events_pb2.AuditChainBroken)

    ((key, _, announced),) = await eventually(broken_announced, what="AuditChainBroken on the supervision topic")
    assert key == "000000" and announced.broken_at_sequence == 2
    assert announced.found_hash == broken.found_hash and announced.expected_hash == broken.expected_hash
    assert [item[1] for item in await stack.of_type(events_pb2.AuditChainVerified)] == [event_id]

    # The break is an alert for the auditors, once, however often the broken chain is verified.
    await stack.verify("verify-3")

    async def alerted() -> list[Any]:
        found: list[Any] = await stack.collection(ALERTS).find({"rule": "AUDIT_CHAIN_BROKEN"}).to_list()
        return found

    (alert,) = await eventually(alerted, what="an AUDIT_CHAIN_BROKEN alert")
    assert alert["pooling_region_code"] == "000000" and alert["score"] == 100
    assert "2" in alert["reason_en"] and alert["evidence"][0]["event_type"] == "pension.supervision.v1.AuditChainBroken"
    assert len(await stack.of_type(events_pb2.AuditChainBroken)) == 2
    assert await stack.collection(ALERTS).count_documents({"rule": "AUDIT_CHAIN_BROKEN"}) == 1


async def test_only_auditors_and_county_staff_verify_and_a_request_id_is_bounded(stack: Stack) -> None:
    agent = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({"420102001001"}))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.verify("verify-agent", caller=agent)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.verify("x" * 101)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (from_rpc_error(refused.value).reason, from_rpc_error(refused.value).field) == (
        "FIELD_TOO_LONG",
        "request_id",
    )
    assert await stack.collection(AUDIT_VERIFICATIONS).count_documents({}) == 0


async def test_the_daily_heads_are_published_once_as_signed_files_and_events(stack: Stack) -> None:
    await record_events(stack, 3)
    settings = stack.settings
    parts = audit_parts(settings, stack.runtime.context.database, stack.runtime.context.relay.notify)
    publisher = parts.heads
    files = AuditHeadFiles(settings.audit_heads_dir, public_key_of(settings))
    # Just after today's end (China Standard Time), when the daily job runs.
    tomorrow = day_end(day_of(datetime.now(UTC))) + timedelta(minutes=10)
    (head,) = await publisher.publish_due(tomorrow)
    assert head.sequence >= 3 and head.entries_that_day == head.sequence
    path = files.path_of(head)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(settings.audit_heads_dir).st_mode) == 0o700
    assert await publisher.publish_due(tomorrow) == []  # the same day again: nothing more

    async def heads() -> list[tuple[str, str, Any]]:
        return await stack.of_type(events_pb2.AuditHeadPublished)

    ((key, _, announced),) = await eventually(heads, what="AuditHeadPublished on the supervision topic")
    assert key == "000000"
    assert (announced.sequence, announced.head_hash, announced.signature) == (
        head.sequence,
        head.head_hash,
        head.signature,
    )
    assert await stack.collection(AUDIT_HEADS).count_documents({}) == 1
    # The verification reads the published head back, signature checked.
    assert (await stack.verify("")).intact
    # Truncated below the head, the head document moved back with it: named through the published head.
    await stack.collection(ENTRIES).delete_many({"_id": {"$gte": f"{head.sequence:012d}"}})
    previous = await stack.collection(ENTRIES).find_one({"_id": f"{head.sequence - 1:012d}"})
    await stack.collection("audit_head").replace_one(
        {"_id": "head"}, {"sequence": head.sequence - 1, "hash": previous["hash"]}
    )
    truncated = await stack.verify("")
    assert (truncated.intact, truncated.broken_at_sequence) == (False, head.sequence)
    assert truncated.break_kind == supervision_pb2.CHAIN_BREAK_KIND_SEQUENCE_GAP


async def test_an_unreadable_record_in_a_batch_is_parked_with_its_key_and_the_rest_recorded(stack: Stack) -> None:
    """The audit consumer takes a poll's events at once; a record that is no event is parked, and the later events
    of its key behind it, as one event at a time would; the events before it and of other keys are recorded."""
    settings = stack.settings
    topic = settings.topic_enrolment_resident

    def enrolled(key: str) -> dict[str, Any]:
        return new_event(
            topic=topic,
            payload=enrolment_events.ResidentEnrolled(resident_id=key),
            subject_key=key,
            producer="enrolment",
            actor="agent-1",
        )

    key, other_key = f"R{stack.services.prefix}9998", f"R{stack.services.prefix}9999"
    before, behind, other = enrolled(key), enrolled(key), enrolled(other_key)
    garbage = {"topic": topic, "key": key, "envelope": b"\xff not an event envelope"}
    await publish(settings.kafka_bootstrap_servers, [before, garbage, behind, other, before])

    async def parked() -> list[str]:
        parked_here = {"group": settings.audit_consumer_group, "key": key}  # other groups park it too
        documents = await stack.collection("parked_events").find(parked_here).sort("offset", 1).to_list()
        return [document["error"] for document in documents] if len(documents) == 3 else []

    errors = await eventually(parked, what="the unreadable record parked, and its key's later events behind it")
    assert errors[1:] == ["KEY_PARKED", "KEY_PARKED"] and errors[0] != "KEY_PARKED"

    async def recorded() -> list[str]:
        entries = await stack.collection(ENTRIES).find({"subject_key": {"$in": [key, other_key]}}).to_list()
        return sorted(entry["event_id"] for entry in entries) if len(entries) >= 2 else []

    assert await eventually(recorded, what="the other events recorded") == sorted(
        [before["event_id"], other["event_id"]]
    )
