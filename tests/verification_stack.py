"""The verification service running on the test session's real Kafka and FerretDB, and what other services would
tell it (a policy, an award, a village, an end of enrolment), for the integration tests of visits and signs of life."""

from __future__ import annotations

import contextlib
import io
import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from google.protobuf.message import Message
from PIL import Image

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_year_month
from pension_kit.runtime import ServiceRuntime
from pension_testkit import eventually, publish, signed, start_at_the_end
from pension_verification.adapters.store import CERTIFICATIONS, POLICIES, VILLAGES, certification_id
from pension_verification.bootstrap import build
from pension_verification.config import VerificationSettings

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)


@dataclass
class Verification:
    runtime: ServiceRuntime
    settings: VerificationSettings
    stub: verification_service_pb2_grpc.VerificationServiceStub
    reader: AIOKafkaConsumer
    start_offsets: dict[TopicPartition, int]
    records: list[ConsumerRecord[bytes, bytes]]
    region: str
    village: str
    other_village: str

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.runtime.port}"


async def _end_offsets(bootstrap: str, topic: str) -> dict[TopicPartition, int]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(await producer.partitions_for(topic))]
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        offsets: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return offsets
    finally:
        await consumer.stop()


@contextlib.asynccontextmanager
async def running_verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    """The service with consumer groups and a database of its own, reading only what is published from now on, in
    a pooling region of its own with two villages."""
    prefix = uuid.uuid4().hex[:8]
    settings = VerificationSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"verification_visits_{prefix}",
        mongo_server_selection_timeout_ms=1000,
        payout_consumer_group=f"verification-payout-{prefix}",
        enrolment_consumer_group=f"verification-enrolment-{prefix}",
        signs_of_life_consumer_group=f"verification-signs-of-life-{prefix}",
        grpc_port=0,
        outbox_sweep_seconds=0.5,
        daily_deadlines=False,  # the tests run the deadlines themselves, when they choose
    )
    topics = settings.topics() + settings.input_topics()
    await create_topics(kafka_broker.bootstrap_servers, topics)
    groups = [
        settings.payout_consumer_group,
        settings.enrolment_consumer_group,
        settings.signs_of_life_consumer_group,
    ]
    await start_at_the_end(kafka_broker.bootstrap_servers, groups, topics)
    start_offsets = await _end_offsets(kafka_broker.bootstrap_servers, settings.topic_verification_resident)
    runtime = ServiceRuntime(settings, build)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.port}")
    rng = random.Random(uuid.uuid4().int)
    region = f"4{rng.randrange(1, 10)}{rng.randrange(1, 100):02d}{rng.randrange(1, 100):02d}"
    reader = AIOKafkaConsumer(bootstrap_servers=kafka_broker.bootstrap_servers, enable_auto_commit=False)
    await reader.start()
    reader.assign(list(start_offsets))
    for partition, offset in start_offsets.items():
        reader.seek(partition, offset)
    try:
        yield Verification(
            runtime,
            settings,
            verification_service_pb2_grpc.VerificationServiceStub(channel),
            reader,
            start_offsets,
            [],
            region,
            f"{region}101201",
            f"{region}101202",
        )
    finally:
        await reader.stop()
        await channel.close()
        await runtime.stop(grace=1.0)


def resident_id() -> str:
    return f"R{uuid.uuid4().hex[:12].upper()}"


async def hear_policy(verification: Verification, **changes: Any) -> None:
    """Enrolment announces the region's policy: the demo values, with `changes`."""
    settings = verification.settings
    version = replace(demo_policy(verification.region, datetime(2011, 1, 1, tzinfo=UTC)), **changes)
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_region,
                payload=enrolment_events.PolicyChanged(policy=policy_message(version)),
                subject_key=verification.region,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )
    policies = verification.runtime.context.database[POLICIES]

    async def heard() -> bool:
        return await policies.find_one({"pooling_region_code": verification.region}) is not None

    await eventually(heard, what="verification kept the region's policy")


async def register_village(verification: Verification, village_code: str, latitude_e6: int, longitude_e6: int) -> None:
    """Enrolment announces a village of its catalogue with its committee's position (VillageRegistered)."""
    settings = verification.settings
    village = enrolment_pb2.Village(
        village_code=village_code,
        name="李庄村",
        township_code=village_code[:9],
        township_name="城关镇",
        pooling_region_code=verification.region,
        position=types_pb2.GeoPoint(latitude_e6=latitude_e6, longitude_e6=longitude_e6),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_region,
                payload=enrolment_events.VillageRegistered(village=village),
                subject_key=verification.region,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )
    villages = verification.runtime.context.database[VILLAGES]

    async def kept() -> bool:
        found = await villages.find_one({"_id": village_code})
        return found is not None and found["position"]["latitude_e6"] == latitude_e6

    await eventually(kept, what=f"verification kept village {village_code}'s position")


async def award(verification: Verification, resident: str, first_month: Month, village: str = "") -> None:
    """Payout grants an award (AwardGranted), and verification starts the pensioner's cycle."""
    settings = verification.settings
    granted = payout_pb2.Award(
        award_id=f"AW-{resident}",
        resident_id=resident,
        pooling_region_code=verification.region,
        village_code=village or verification.village,
        first_month=to_year_month(first_month),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_payout_resident,
                payload=payout_events.AwardGranted(award=granted),
                subject_key=resident,
                producer="payout",
                actor="system",
            )
        ],
    )
    certifications = verification.runtime.context.database[CERTIFICATIONS]

    async def started() -> bool:
        return await certifications.find_one({"_id": certification_id(resident)}) is not None

    await eventually(started, what=f"the award started the cycle of {resident}")


async def die(verification: Verification, resident: str) -> None:
    """Enrolment ends the enrolment of a pensioner who died; verification ends the cycle."""
    settings = verification.settings
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_resident,
                payload=enrolment_events.EnrolmentTerminated(
                    resident_id=resident, cause=enrolment_pb2.TERMINATION_CAUSE_DEATH
                ),
                subject_key=resident,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )

    async def ended() -> bool:
        status = await status_of(verification, resident)
        return status.state == verification_pb2.CERTIFICATION_STATE_DECEASED

    await eventually(ended, what=f"the death of {resident} ended the cycle")


async def status_of(verification: Verification, resident: str) -> verification_pb2.CertificationStatus:
    response = await verification.stub.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id=resident),
        metadata=signed(OFFICER),
        timeout=10,
    )
    status: verification_pb2.CertificationStatus = response.status
    return status


async def document_of(verification: Verification, resident: str) -> dict[str, Any]:
    found = await verification.runtime.context.database[CERTIFICATIONS].find_one({"_id": certification_id(resident)})
    assert found is not None
    return found


async def published(verification: Verification, resident: str) -> list[Message]:
    """Every event of `resident` on verification's topic since the service started, up to the topic's end now."""
    reader = verification.reader
    partitions = list(verification.start_offsets)
    ends = await reader.end_offsets(partitions)
    for partition in partitions:
        while await reader.position(partition) < ends[partition]:
            batch = await reader.getmany(partition, timeout_ms=1000)
            verification.records.extend(batch.get(partition, []))
    return [
        unpack_payload(parse_envelope(record.value or b""))
        for record in verification.records
        if record.key == resident.encode()
    ]


async def all_sent(verification: Verification, resident: str) -> None:
    """Waits until the relay has sent every event the pensioner's certification holds."""

    async def sent() -> bool:
        return not (await document_of(verification, resident)).get("outbox_pending")

    await eventually(sent, what=f"the relay sent every event of {resident}")


def of_type(events: list[Message], kind: type[Message]) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


def photo(width: int = 320, height: int = 240) -> bytes:
    """A JPEG photograph as a phone would send one (a gradient: the visit's photo is kept, not measured)."""
    image = Image.new("RGB", (width, height))
    image.putdata([(x % 256, y % 256, (x + y) % 256) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


async def refused(call: Any) -> tuple[grpc.StatusCode, str, str]:
    """The status code, reason code and field of a call that must be refused."""
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await call
    remote = from_rpc_error(raised.value)
    return raised.value.code(), remote.reason, remote.field
