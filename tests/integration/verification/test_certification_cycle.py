"""The certification cycle as a running service on the real broker and database: an award starts it, the deadlines
job (run twice) makes the pensioner overdue once, a data proof resumes them, and the task list is the village's."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from google.protobuf.message import Message
from payout_testkit import refusal

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics
from pension_kit.clock import today_in_china
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.grpc_client import create_channel
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.runtime import ServiceRuntime
from pension_testkit import eventually, publish, signed, start_at_the_end
from pension_verification.adapters.store import CERTIFICATIONS, POLICIES, certification_id
from pension_verification.bootstrap import build
from pension_verification.config import VerificationSettings

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
SCHEDULER = Caller("scheduler-1", Role.COUNTY_OFFICER)


@dataclass
class Verification:
    runtime: ServiceRuntime
    settings: VerificationSettings
    stub: verification_service_pb2_grpc.VerificationServiceStub
    # Where the verification topic ended before this test: its events are read from here.
    start_offsets: dict[TopicPartition, int]
    reader: AIOKafkaConsumer
    records: list[ConsumerRecord[bytes, bytes]]
    region: str
    village: str
    other_village: str


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


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    prefix = uuid.uuid4().hex[:8]
    settings = VerificationSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"verification_cycle_{prefix}",
        mongo_server_selection_timeout_ms=1000,
        payout_consumer_group=f"verification-payout-{prefix}",
        enrolment_consumer_group=f"verification-enrolment-{prefix}",
        registry_consumer_group=f"verification-registry-{prefix}",
        grpc_port=0,
        outbox_sweep_seconds=0.5,
        daily_deadlines=False,  # the tests run the deadlines themselves, on the days they choose
    )
    topics = [*settings.topics(), settings.topic_registry_record]
    await create_topics(kafka_broker.bootstrap_servers, topics)
    await start_at_the_end(
        kafka_broker.bootstrap_servers,
        [settings.payout_consumer_group, settings.enrolment_consumer_group, settings.registry_consumer_group],
        topics,
    )
    start_offsets = await _end_offsets(kafka_broker.bootstrap_servers, settings.topic_verification_resident)
    runtime = ServiceRuntime(settings, build)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.port}")
    # A region of this test's own (a county code: province, prefecture and county parts all nonzero), and two
    # of its villages.
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
            [],
            region,
            f"{region}101201",
            f"{region}101202",
        )
    finally:
        await reader.stop()
        await channel.close()
        await runtime.stop(grace=1.0)


async def hear_policy(verification: Verification) -> None:
    """Enrolment announces the region's policy (demo values: 12 months' validity, 30 days' notice)."""
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


async def award(verification: Verification, resident_id: str, first_month: Month, village: str = "") -> None:
    """Payout grants an award (AwardGranted on payout's resident topic), as its award job does."""
    settings = verification.settings
    granted = payout_pb2.Award(
        award_id=f"AW-{resident_id}",
        resident_id=resident_id,
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
                subject_key=resident_id,
                producer="payout",
                actor="system",
            )
        ],
    )


async def status_of(verification: Verification, resident_id: str) -> verification_pb2.CertificationStatus | None:
    try:
        response = await verification.stub.GetCertificationStatus(
            verification_service_pb2.GetCertificationStatusRequest(resident_id=resident_id),
            metadata=signed(OFFICER),
            timeout=10,
        )
    except grpc.aio.AioRpcError as error:
        if error.code() == grpc.StatusCode.NOT_FOUND:
            return None
        raise
    status: verification_pb2.CertificationStatus = response.status
    return status


async def published(verification: Verification, resident_id: str) -> list[Message]:
    """Every event of `resident_id` on verification's topic since the test began, in order, up to the topic's end
    as it is now (one reader for the whole test, started where the topic ended before it)."""
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


async def started(verification: Verification, resident_id: str) -> verification_pb2.CertificationStatus:
    async def status() -> verification_pb2.CertificationStatus | None:
        return await status_of(verification, resident_id)

    return await eventually(status, what=f"the award started the cycle of {resident_id}")


def of_type(events: list[Message], kind: type[Message]) -> list[Any]:
    return [event for event in events if isinstance(event, kind)]


async def test_an_award_starts_the_cycle_and_a_late_data_proof_resumes_the_pensioner(
    verification: Verification,
) -> None:
    await hear_policy(verification)
    resident = f"R{uuid.uuid4().hex[:12].upper()}"
    first_month = Month(2025, 1)  # due 2026-01-01 under the demo policy: long past today
    await award(verification, resident, first_month)
    first = await started(verification, resident)
    assert (first.due_on.year, first.due_on.month, first.due_on.day) == (2026, 1, 1)
    assert first.village_code == verification.village and not first.HasField("last_certification")
    # The award event again (redelivered or republished) changes nothing.
    await award(verification, resident, first_month)

    # The daily job, run twice: overdue once, announced once.
    runs = []
    for attempt in range(2):
        runs.append(
            await verification.stub.RunCertificationDeadlines(
                verification_service_pb2.RunCertificationDeadlinesRequest(
                    request_id=f"deadlines-{attempt}", pooling_region_code=verification.region
                ),
                metadata=signed(SCHEDULER),
                timeout=30,
            )
        )
    assert [(run.due_soon, run.overdue) for run in runs] == [(0, 1), (0, 0)]
    certifications = verification.runtime.context.database[CERTIFICATIONS]

    async def all_sent() -> bool:
        document = await certifications.find_one({"_id": certification_id(resident)})
        return document is not None and not document.get("outbox_pending")

    await eventually(all_sent, what="the relay sent every event")

    async def overdue_published() -> list[Any]:
        return of_type(await published(verification, resident), verification_events.CertificationOverdue)

    (overdue,) = await eventually(overdue_published, what="CertificationOverdue published")
    assert (overdue.suspend_from.year, overdue.suspend_from.month) == (2026, 2)
    assert overdue.village_code == verification.village and overdue.pooling_region_code == verification.region

    await eventually(all_sent, what="the relay sent every event")
    assert len(of_type(await published(verification, resident), verification_events.CertificationOverdue)) == 1
    overdue_status = await status_of(verification, resident)
    assert overdue_status is not None and overdue_status.state == verification_pb2.CERTIFICATION_STATE_OVERDUE

    # A hospital visit a few days ago proves the pensioner alive: payment resumes from that month.
    observed_on = today_in_china() - timedelta(days=3)
    request = verification_service_pb2.RecordDataCertificationRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident,
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT,
        source_ref="HIS-2026-000778",
        observed_on=to_calendar_date(observed_on),
        reason="hospital settlement record",
    )
    recorded = await verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)
    assert recorded.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    assert recorded.certification.method == verification_pb2.CERTIFICATION_METHOD_DATA
    again = await verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)
    assert again.certification == recorded.certification  # the same request: the same proof, recorded once

    async def passed_published() -> list[Any]:
        return of_type(await published(verification, resident), verification_events.CertificationPassed)

    (passed,) = await eventually(passed_published, what="CertificationPassed published")
    assert passed.was_overdue and passed.certification.resident_id == resident
    assert (passed.resumes_from.year, passed.resumes_from.month) == (observed_on.year, observed_on.month)
    assert passed.certification.certification_id == recorded.certification.certification_id
    await eventually(all_sent, what="the relay sent every event")
    assert len(of_type(await published(verification, resident), verification_events.CertificationPassed)) == 1


async def test_a_data_proof_refused_names_the_field_and_writes_nothing(verification: Verification) -> None:
    await hear_policy(verification)
    resident = f"R{uuid.uuid4().hex[:12].upper()}"
    await award(verification, resident, Month(2025, 1))
    await started(verification, resident)
    stub = verification.stub
    request = verification_service_pb2.RecordDataCertificationRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident,
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL,
        source_ref="BANK-1",
        observed_on=to_calendar_date(today_in_china() + timedelta(days=1)),
    )
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "OBSERVED_ON_IN_FUTURE",
    )
    request.observed_on.CopyFrom(to_calendar_date(today_in_china()))
    request.source = 99  # type: ignore[assignment]
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "ENUM_VALUE_UNKNOWN",
    )
    request.source = verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL
    agent = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({verification.village}))
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(agent), timeout=10)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
    )
    status = await status_of(verification, resident)
    assert status is not None and not status.HasField("last_certification")
    document = await verification.runtime.context.database[CERTIFICATIONS].find_one({"_id": certification_id(resident)})
    assert document is not None and document["version"] == 1 and document["outbox"] == []


async def test_the_task_list_is_refused_to_an_agent_of_another_village(verification: Verification) -> None:
    await hear_policy(verification)
    overdue, due_soon, later, elsewhere = (f"R{uuid.uuid4().hex[:12].upper()}" for _ in range(4))
    today = today_in_china()
    this_month = Month.of(today)
    await award(verification, overdue, Month(2025, 1))
    # Due on the first of next month, a year after the first month paid: within the 30 days' notice, or near it.
    await award(verification, due_soon, this_month.next().plus_months(-12))
    await award(verification, later, this_month.plus_months(6))
    await award(verification, elsewhere, Month(2025, 1), village=verification.other_village)
    for resident in (overdue, due_soon, later, elsewhere):
        await started(verification, resident)

    agent = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({verification.village}))
    listed = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village, due_by=to_calendar_date(this_month.next().first_day)
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in listed.statuses] == [overdue, due_soon]
    assert listed.statuses[0].state == verification_pb2.CERTIFICATION_STATE_OVERDUE
    assert listed.next_page_token == ""
    first_page = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village, due_by=to_calendar_date(this_month.next().first_day), page_size=1
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in first_page.statuses] == [overdue] and first_page.next_page_token
    second_page = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village,
            due_by=to_calendar_date(this_month.next().first_day),
            page_size=1,
            page_token=first_page.next_page_token,
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in second_page.statuses] == [due_soon]

    other_agent = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({verification.other_village}))
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(village_code=verification.village),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "VILLAGE_NOT_ASSIGNED")
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(pooling_region_code=verification.region),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "VILLAGE_NOT_ASSIGNED")
    assert await refusal(
        verification.stub.GetCertificationStatus(
            verification_service_pb2.GetCertificationStatusRequest(resident_id=overdue),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "VILLAGE_NOT_ASSIGNED")
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(village_code=verification.village, page_size=1001),
            metadata=signed(agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "PAGE_SIZE_INVALID")
