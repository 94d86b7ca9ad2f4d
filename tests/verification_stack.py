"""The verification service on the test session's real Kafka and FerretDB, and what other services tell it (a policy,
a village, an enrolment, an award, an end of enrolment), for every test of verification on the real stack."""

from __future__ import annotations

import contextlib
import io
import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Protocol

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
from pension_kit.clock import today_in_china
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id, mask_name
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_sealed_value, to_year_month
from pension_kit.runtime import ServiceRuntime
from pension_testkit import eventually, publish, random_region, signed, start_at_the_end
from pension_verification.adapters.store import (
    CERTIFICATIONS,
    OUTBOX_COLLECTIONS,
    POLICIES,
    REGISTRY_RESIDENTS,
    VILLAGES,
    certification_id,
)
from pension_verification.bootstrap import build
from pension_verification.config import VerificationSettings

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
# Where the test's citizen ID numbers were issued (a real county: a number's first two digits must name a province).
BIRTHPLACE = "411723"


class Running(Protocol):
    """A verification service started by a test (`running_verification`, or the end-to-end tests' InProcessServices),
    with the county the test owns."""

    @property
    def runtime(self) -> ServiceRuntime: ...

    @property
    def region(self) -> str: ...

    @property
    def village(self) -> str: ...


@dataclass
class Verification:
    """The service of one test: its settings and stub, a reader of its topic from where the topic ended before the
    service started, and a pooling region of the test's own with two of its villages."""

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

    @property
    def agent(self) -> Caller:
        """The agent of `village`."""
        return Caller("agent-1", Role.VILLAGE_AGENT, frozenset({self.village}))

    @property
    def other_agent(self) -> Caller:
        """The agent of `other_village`."""
        return Caller("agent-2", Role.VILLAGE_AGENT, frozenset({self.other_village}))

    def collection(self, name: str) -> Any:
        return self.runtime.context.database[name]


@dataclass
class Person:
    resident_id: str
    citizen_id_number: str
    name: str
    birth_date: date
    village_code: str


async def _end_offsets(bootstrap: str, topic: str) -> dict[TopicPartition, int]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(await producer.partitions_for(topic))]
    finally:
        await producer.stop()
    assert partitions, f"{topic} has no partitions"
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        offsets: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return offsets
    finally:
        await consumer.stop()


@contextlib.asynccontextmanager
async def running_verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    """The service with a database and consumer groups of its own, reading only what is published from now on, in
    a pooling region of its own with two villages."""
    prefix = uuid.uuid4().hex[:8]
    settings = VerificationSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"verification_{prefix}",
        mongo_server_selection_timeout_ms=1000,
        payout_consumer_group=f"verification-payout-{prefix}",
        enrolment_consumer_group=f"verification-enrolment-{prefix}",
        registry_consumer_group=f"verification-registry-{prefix}",
        signs_of_life_consumer_group=f"verification-signs-of-life-{prefix}",
        grpc_port=0,
        outbox_sweep_seconds=0.5,
        daily_deadlines=False,  # the tests run the deadlines themselves, on the days they choose
    )
    topics = [*settings.topics(), *settings.input_topics()]
    await create_topics(kafka_broker.bootstrap_servers, topics)
    groups = [value for name, value in settings.model_dump().items() if name.endswith("_consumer_group")]
    await start_at_the_end(kafka_broker.bootstrap_servers, groups, topics)
    start_offsets = await _end_offsets(kafka_broker.bootstrap_servers, settings.topic_verification_resident)
    runtime = ServiceRuntime(settings, build)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.port}")
    reader = AIOKafkaConsumer(bootstrap_servers=kafka_broker.bootstrap_servers, enable_auto_commit=False)
    await reader.start()
    reader.assign(list(start_offsets))
    for partition, offset in start_offsets.items():
        reader.seek(partition, offset)
    region = new_region()
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


def new_region() -> str:
    """A county code of the caller's own (province, prefecture and county parts all nonzero)."""
    return random_region(4)


def resident_id() -> str:
    return f"R{uuid.uuid4().hex[:20].upper()}"


_sequence = iter(range(random.Random(uuid.uuid4().int).randrange(1, 500), 999))


def person(verification: Verification, name: str, birth_date: date, village: str = "") -> Person:
    """A resident with a valid citizen ID number of their own, of `village` (by default the test's)."""
    number = make_citizen_id(BIRTHPLACE, birth_date, next(_sequence))
    return Person(resident_id(), number, name, birth_date, village or verification.village)


async def hear_policy(service: Running, region: str = "", **changes: Any) -> None:
    """Enrolment announces a region's policy (by default the test's): the demo values (a proof each 12 months, 30
    days' notice), with `changes`."""
    settings = service.runtime.settings
    region = region or service.region
    version = replace(demo_policy(region, datetime.now(UTC)), **changes)
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_region,
                payload=enrolment_events.PolicyChanged(policy=policy_message(version)),
                subject_key=region,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )
    policies = service.runtime.context.database[POLICIES]

    async def heard() -> bool:
        return await policies.find_one({"pooling_region_code": region}) is not None

    await eventually(heard, what=f"verification kept the policy of {region}")


async def register_village(service: Running, village_code: str, latitude_e6: int, longitude_e6: int) -> None:
    """Enrolment announces a village of its catalogue with its committee's position (VillageRegistered)."""
    settings = service.runtime.settings
    village = enrolment_pb2.Village(
        village_code=village_code,
        name="李庄村",
        township_code=village_code[:9],
        township_name="城关镇",
        pooling_region_code=service.region,
        position=types_pb2.GeoPoint(latitude_e6=latitude_e6, longitude_e6=longitude_e6),
    )
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_region,
                payload=enrolment_events.VillageRegistered(village=village),
                subject_key=service.region,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )
    await position_kept(service, village_code, latitude_e6)


async def position_kept(service: Running, village_code: str, latitude_e6: int) -> None:
    """Waits until verification keeps the village's committee at `latitude_e6`."""
    villages = service.runtime.context.database[VILLAGES]

    async def kept() -> bool:
        found = await villages.find_one({"_id": village_code})
        return found is not None and found["position"] is not None and found["position"]["latitude_e6"] == latitude_e6

    await eventually(kept, what=f"verification kept the position of village {village_code}")


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
    index = verification.collection(REGISTRY_RESIDENTS)

    async def indexed() -> bool:
        return await index.find_one({"_id": someone.resident_id}) is not None

    await eventually(indexed, what=f"{someone.resident_id} in the resident index")


async def award(service: Running, resident: str, first_month: Month, village: str = "") -> None:
    """Payout grants an award (AwardGranted on payout's resident topic, as its award job does) to a pensioner of
    `village` (by default the test's), and verification starts the pensioner's cycle."""
    settings = service.runtime.settings
    village = village or service.village
    granted = payout_pb2.Award(
        award_id=f"AW-{resident}",
        resident_id=resident,
        pooling_region_code=village[:6],  # a village's code begins with its county's
        village_code=village,
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
    certifications = service.runtime.context.database[CERTIFICATIONS]

    async def started() -> bool:
        return await certifications.find_one({"_id": certification_id(resident)}) is not None

    await eventually(started, what=f"the award started the cycle of {resident}")


async def award_from_this_month(service: Running, someone: Person) -> None:
    """Payout awards the person a pension from this month; verification starts their cycle (current)."""
    await award(service, someone.resident_id, Month.of(today_in_china()), someone.village_code)


async def end_enrolment(
    service: Running,
    resident: str,
    cause: enrolment_pb2.TerminationCause = enrolment_pb2.TERMINATION_CAUSE_DEATH,
    terminated_on: date | None = None,
) -> None:
    """Enrolment ends a resident's enrolment (EnrolmentTerminated: by default a death)."""
    settings = service.runtime.settings
    terminated = enrolment_events.EnrolmentTerminated(resident_id=resident, cause=cause)
    if terminated_on is not None:
        terminated.terminated_on.CopyFrom(to_calendar_date(terminated_on))
    await publish(
        settings.kafka_bootstrap_servers,
        [
            new_event(
                topic=settings.topic_enrolment_resident,
                payload=terminated,
                subject_key=resident,
                producer="enrolment",
                actor="officer-1",
            )
        ],
    )


async def die(verification: Verification, resident: str) -> None:
    """Enrolment ends the enrolment of a pensioner who died; verification ends the cycle."""
    await end_enrolment(verification, resident)

    async def ended() -> bool:
        status = await status_of(verification, resident)
        return status.state == verification_pb2.CERTIFICATION_STATE_DECEASED

    await eventually(ended, what=f"the death of {resident} ended the cycle")


def hospital_visit(resident: str, observed_on: date) -> verification_service_pb2.RecordDataCertificationRequest:
    """A hospital's settlement record of the pensioner on `observed_on`, as an officer records it: a data proof."""
    return verification_service_pb2.RecordDataCertificationRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident,
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
        source_ref="HIS-2026-000778",
        observed_on=to_calendar_date(observed_on),
        reason="hospital settlement record",
    )


async def run_deadlines(
    verification: Verification, *, request_id: str = "", as_of: date | None = None, caller: Caller = OFFICER
) -> verification_service_pb2.RunCertificationDeadlinesResponse:
    """The daily deadlines job of the test's region, run now (as of today, or `as_of`) by `caller`."""
    request = verification_service_pb2.RunCertificationDeadlinesRequest(
        request_id=request_id or uuid.uuid4().hex, pooling_region_code=verification.region
    )
    if as_of is not None:
        request.as_of.CopyFrom(to_calendar_date(as_of))
    response: verification_service_pb2.RunCertificationDeadlinesResponse = (
        await verification.stub.RunCertificationDeadlines(request, metadata=signed(caller), timeout=60)
    )
    return response


async def status_of(verification: Verification, resident: str) -> verification_pb2.CertificationStatus:
    """The pensioner's certification status, as an officer reads it."""
    response = await verification.stub.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id=resident),
        metadata=signed(OFFICER),
        timeout=10,
    )
    status: verification_pb2.CertificationStatus = response.status
    return status


async def document_of(service: Running, resident: str) -> dict[str, Any]:
    """The pensioner's certification as stored."""
    found: dict[str, Any] | None = await service.runtime.context.database[CERTIFICATIONS].find_one(
        {"_id": certification_id(resident)}
    )
    assert found is not None
    return found


async def published(verification: Verification, resident: str) -> list[Message]:
    """Every event of `resident` on verification's topic since the service started, in order, up to the topic's end
    as it is now (one reader for the whole test)."""
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


def of_type(events: list[Message], kind: type[Message]) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


async def all_sent(verification: Verification, resident: str) -> None:
    """Waits until the relay has sent every event the pensioner's certification holds."""

    async def sent() -> bool:
        return not (await document_of(verification, resident)).get("outbox_pending")

    await eventually(sent, what=f"the relay sent every event of {resident}")


async def nothing_pending(verification: Verification) -> bool:
    """No event of verification is waiting in an outbox: what is on the topic now is all there will be."""
    for collection in OUTBOX_COLLECTIONS:
        if await verification.collection(collection).find_one({"outbox_pending": True}) is not None:
            return False
    return True


async def every_outbox_sent(verification: Verification) -> None:
    """Waits until the relay has sent every event of every outbox."""
    await eventually(lambda: nothing_pending(verification), what="every outbox empty")


async def events_of(verification: Verification, resident: str, kind: type[Message], count: int = 1) -> list[Any]:
    """The `kind` events of a resident once at least `count` are published (and every outbox is empty)."""

    async def found() -> list[Any] | None:
        if not await nothing_pending(verification):
            return None
        events = of_type(await published(verification, resident), kind)
        return events if len(events) >= count else None

    return await eventually(found, what=f"{count} {kind.DESCRIPTOR.name} of {resident} published")


def photo(width: int = 320, height: int = 240) -> bytes:
    """A JPEG photograph as a phone would send one (a gradient: a visit's photo is kept, not measured)."""
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
