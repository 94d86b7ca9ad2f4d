"""A running verification service on the real broker and database for the registry feeds' tests: its own region,
villages and consumer groups; residents enrolled and awarded through enrolment's and payout's events."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from google.protobuf.message import Message

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.verification.v1 import verification_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics
from pension_kit.clock import today_in_china
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.grpc_client import create_channel
from pension_kit.identifiers import Month, make_citizen_id
from pension_kit.masking import mask_citizen_id, mask_name
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_sealed_value, to_year_month
from pension_kit.runtime import ServiceRuntime
from pension_testkit import eventually, publish, start_at_the_end
from pension_verification.adapters.store import OUTBOX_COLLECTIONS, POLICIES, REGISTRY_RESIDENTS
from pension_verification.bootstrap import build
from pension_verification.config import VerificationSettings


@dataclass
class Person:
    resident_id: str
    citizen_id_number: str
    name: str
    birth_date: date
    village_code: str


@dataclass
class Verification:
    runtime: ServiceRuntime
    settings: VerificationSettings
    stub: verification_service_pb2_grpc.VerificationServiceStub
    start_offsets: dict[TopicPartition, int]
    reader: AIOKafkaConsumer
    region: str
    village: str
    other_village: str
    records: list[ConsumerRecord[bytes, bytes]] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.runtime.port}"

    @property
    def vault(self) -> PersonalDataVault:
        return PersonalDataVault.from_settings(self.settings)


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


@asynccontextmanager
async def running_verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    prefix = uuid.uuid4().hex[:8]
    settings = VerificationSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"verification_registry_{prefix}",
        mongo_server_selection_timeout_ms=1000,
        payout_consumer_group=f"verification-payout-{prefix}",
        enrolment_consumer_group=f"verification-enrolment-{prefix}",
        registry_consumer_group=f"verification-registry-{prefix}",
        grpc_port=0,
        outbox_sweep_seconds=0.5,
    )
    topics = [*settings.topics(), settings.topic_registry_record]
    await create_topics(kafka_broker.bootstrap_servers, topics)
    groups = [settings.payout_consumer_group, settings.enrolment_consumer_group, settings.registry_consumer_group]
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
            start_offsets,
            reader,
            region,
            f"{region}101201",
            f"{region}101202",
        )
    finally:
        await reader.stop()
        await channel.close()
        await runtime.stop(grace=1.0)


async def hear_policy(verification: Verification) -> None:
    settings = verification.settings
    policy = policy_message(demo_policy(verification.region, datetime.now(UTC)))
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_region,
                payload=enrolment_events.PolicyChanged(policy=policy),
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


_sequence = iter(range(random.Random(uuid.uuid4().int).randrange(1, 500), 999))
# Where the numbers were issued (a real county: a number's first two digits must name a province).
BIRTHPLACE = "411723"


def person(verification: Verification, name: str, birth_date: date, village: str = "") -> Person:
    number = make_citizen_id(BIRTHPLACE, birth_date, next(_sequence))
    return Person(f"R{uuid.uuid4().hex[:12].upper()}", number, name, birth_date, village or verification.village)


async def enrol(verification: Verification, someone: Person) -> None:
    """Enrolment announces the enrolment (ResidentEnrolled with the number's keyed hash and the sealed name), and
    verification's index has the resident."""
    settings = verification.settings
    vault = verification.vault
    enrolled = enrolment_events.ResidentEnrolled(
        resident_id=someone.resident_id,
        pooling_region_code=verification.region,
        village_code=someone.village_code,
        citizen_id_masked=mask_citizen_id(someone.citizen_id_number),
        name_masked=mask_name(someone.name),
        birth_date=to_calendar_date(someone.birth_date),
        sealed_name=to_sealed_value(vault.seal(someone.name, purpose="name")),
        citizen_id_hash=vault.lookup_hash(someone.citizen_id_number, purpose="citizen_id_number"),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_resident,
                payload=enrolled,
                subject_key=someone.resident_id,
                producer="enrolment",
                actor="agent-1",
            )
        ],
    )
    index = verification.runtime.context.database[REGISTRY_RESIDENTS]

    async def indexed() -> bool:
        return await index.find_one({"_id": someone.resident_id}) is not None

    await eventually(indexed, what=f"{someone.resident_id} in the resident index")


async def award(verification: Verification, someone: Person) -> None:
    """Payout awards a pension from this month; verification starts the certification cycle (current)."""
    first_month = Month.of(today_in_china())
    settings = verification.settings
    granted = payout_pb2.Award(
        award_id=f"AW-{someone.resident_id}",
        resident_id=someone.resident_id,
        pooling_region_code=verification.region,
        village_code=someone.village_code,
        first_month=to_year_month(first_month),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_payout_resident,
                payload=payout_events.AwardGranted(award=granted),
                subject_key=someone.resident_id,
                producer="payout",
                actor="system",
            )
        ],
    )
    certifications = verification.runtime.context.database["certifications"]

    async def started() -> bool:
        return await certifications.find_one({"resident_id": someone.resident_id}) is not None

    await eventually(started, what=f"the cycle of {someone.resident_id} started")


async def published(verification: Verification, resident_id: str) -> list[Message]:
    """Every event of `resident_id` on verification's topic since the test began, up to the topic's end now."""
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
        if record.key == resident_id.encode()
    ]


def of_type(events: list[Message], kind: type[Message]) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


async def all_sent(verification: Verification) -> bool:
    """No event of verification is waiting in an outbox: what is on the topic now is all there will be."""
    database = verification.runtime.context.database
    for collection in OUTBOX_COLLECTIONS:
        if await database[collection].find_one({"outbox_pending": True}) is not None:
            return False
    return True


async def events_of(verification: Verification, resident_id: str, kind: type[Message], count: int = 1) -> list[Any]:
    """The `kind` events of a resident once at least `count` are published (and every outbox is empty)."""

    async def found() -> list[Any] | None:
        if not await all_sent(verification):
            return None
        events = of_type(await published(verification, resident_id), kind)
        return events if len(events) >= count else None

    return await eventually(found, what=f"{count} {kind.DESCRIPTOR.name} of {resident_id} published")
