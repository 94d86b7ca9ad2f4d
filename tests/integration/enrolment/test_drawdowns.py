"""Payout's payments drawn from the account on the real database and broker: once each, never below zero."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from google.protobuf.message import Message
from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc, events_pb2
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension_enrolment.config import EnrolmentSettings
from pension_kit.consumer import PARKED_EVENTS, PROCESSED
from pension_kit.events import new_event, parse_envelope
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.protoconv import to_calendar_date
from pension_testkit import (
    DEMO_VILLAGE,
    InProcessServices,
    ensure_demo_policy,
    eventually,
    fresh_citizen_id,
    new_enrolment,
    signed,
)

REGION = DEMO_VILLAGE[:6]
PAYOUT_TOPIC = "pension.payout.resident.v1"
RESIDENT_TOPIC = "pension.enrolment.resident.v1"
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub
DRAWDOWN = enrolment_pb2.ACCOUNT_ENTRY_KIND_PENSION_DRAWDOWN
INHERITANCE = enrolment_pb2.ACCOUNT_ENTRY_KIND_INHERITANCE_PAYOUT


@dataclass
class Enrolment:
    stub: Stub
    kafka_bootstrap: str
    database: AsyncDatabase[Document]
    payout_group: str


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Enrolment]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    settings = services.enrolment.settings
    assert isinstance(settings, EnrolmentSettings)
    stub = Stub(services.channel(services.enrolment))
    await ensure_demo_policy(stub, REGION)
    yield Enrolment(
        stub,
        kafka_broker.bootstrap_servers,
        services.enrolment.context.database,
        settings.payout_consumer_group,
    )
    await services.stop()


async def contributing_resident(stub: Stub, grade_fen: int = 50_000) -> tuple[str, int]:
    """A resident of contributing age with one own contribution credited; their id and balance."""
    body = new_enrolment(citizen_id_number=fresh_citizen_id(date(1970, 1, 1), 20, region=REGION))
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    enrolled = await stub.Enrol(
        enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on)),
        metadata=signed(AGENT),
    )
    resident_id = enrolled.resident.resident_id
    recorded = await stub.RecordContribution(
        enrolment_service_pb2.RecordContributionRequest(
            request_id=uuid.uuid4().hex,
            resident_id=resident_id,
            year=TODAY.year,
            kind=types_pb2.CONTRIBUTION_KIND_OWN,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            grade_fen=grade_fen,
            receipt_number=f"R{uuid.uuid4().hex[:10]}",
            agent_id=AGENT.user_id,
            paid_on=to_calendar_date(TODAY),
        ),
        metadata=signed(AGENT),
    )
    return resident_id, recorded.balance_fen


async def account(stub: Stub, resident_id: str) -> enrolment_service_pb2.GetAccountResponse:
    request = enrolment_service_pb2.GetAccountRequest(resident_id=resident_id)
    response: enrolment_service_pb2.GetAccountResponse = await stub.GetAccount(
        request, metadata=signed(replace(HOTLINE, resident_id=resident_id))
    )
    return response


def payment_paid(resident_id: str, payment_id: str, month: int, account_fen: int) -> payout_events.PaymentPaid:
    """A month's pension paid: the basic pension from the pooled fund, the account pension from the account."""
    amounts = [
        types_pb2.BenefitAmount(
            component=types_pb2.BENEFIT_COMPONENT_BASIC_PENSION, fund=types_pb2.FUND_POOLED, amount_fen=17_300
        ),
        types_pb2.BenefitAmount(
            component=types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION,
            fund=types_pb2.FUND_INDIVIDUAL_ACCOUNT,
            amount_fen=account_fen,
        ),
    ]
    return payout_events.PaymentPaid(
        payment=payout_pb2.Payment(
            payment_id=payment_id,
            resident_id=resident_id,
            pooling_region_code=REGION,
            month=types_pb2.YearMonth(year=TODAY.year, month=month),
            amounts=amounts,
            amount_fen=17_300 + account_fen,
            paid_on=to_calendar_date(TODAY),
            village_code=DEMO_VILLAGE,
        )
    )


async def publish(kafka_bootstrap: str, resident_id: str, *payloads: Message, topic: str = PAYOUT_TOPIC) -> list[str]:
    """Publishes each payload as its own event (a new event id each), in order on the resident's key."""
    events = [
        new_event(topic=topic, payload=p, subject_key=resident_id, producer="payout", actor="system:bank-return")
        for p in payloads
    ]
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(topic, event["envelope"], key=resident_id.encode())
    finally:
        await producer.stop()
    return [event["event_id"] for event in events]


async def drawdown_events(kafka_bootstrap: str, resident_id: str, until_payment_id: str) -> list[str]:
    """The payment ids of the resident's AccountDrawdownRecorded events, up to the one of `until_payment_id`."""
    consumer = AIOKafkaConsumer(
        RESIDENT_TOPIC,
        bootstrap_servers=kafka_bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[str] = []
    try:

        async def reached() -> bool:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    envelope = parse_envelope(record.value or b"")
                    event = events_pb2.AccountDrawdownRecorded()
                    if envelope.subject_key == resident_id and envelope.payload.Unpack(event):
                        found.append(event.payment_id)
            return until_payment_id in found

        await eventually(reached, what=f"the drawdown of {until_payment_id} announced")
        return found
    finally:
        await consumer.stop()


async def test_a_paid_pension_draws_its_account_part_once_however_often_it_is_announced(
    enrolment: Enrolment,
) -> None:
    stub = enrolment.stub
    resident_id, credited = await contributing_resident(stub)
    first, second = f"PAY-{uuid.uuid4().hex[:8]}", f"PAY-{uuid.uuid4().hex[:8]}"
    await publish(enrolment.kafka_bootstrap, resident_id, payment_paid(resident_id, first, 6, 4_000))

    async def drawn(payment_id: str) -> list[enrolment_pb2.AccountEntry] | None:
        entries = [e for e in (await account(stub, resident_id)).entries if e.kind == DRAWDOWN]
        return entries if any(payment_id in e.source_ref for e in entries) else None

    [entry] = await eventually(lambda: drawn(first), what="the account part of the payment drawn")
    assert entry.amount_fen == -4_000 and first in entry.source_ref and f"{TODAY.year}-06" in entry.source_ref

    # payout announces the same payment again under a new event id, then pays the next month: the resident's
    # events are handled in order, so once the next month is drawn the repeat has been handled too.
    await publish(
        enrolment.kafka_bootstrap,
        resident_id,
        payment_paid(resident_id, first, 6, 4_000),
        payment_paid(resident_id, second, 7, 4_000),
    )
    both = await eventually(lambda: drawn(second), what="the next month drawn")
    after = await account(stub, resident_id)
    assert [e.amount_fen for e in both] == [-4_000, -4_000]
    assert after.balance_fen == credited - 8_000
    assert await drawdown_events(enrolment.kafka_bootstrap, resident_id, second) == [first, second]


async def test_a_payment_the_account_cannot_hold_is_parked_and_draws_nothing(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident_id, credited = await contributing_resident(stub, grade_fen=20_000)
    [event_id] = await publish(
        enrolment.kafka_bootstrap,
        resident_id,
        payment_paid(resident_id, f"PAY-{uuid.uuid4().hex[:8]}", 6, credited + 1),
    )

    async def parked() -> Document | None:
        found: Document | None = await enrolment.database[PARKED_EVENTS].find_one({"event_id": event_id})
        return found

    document = await eventually(parked, what="the overdrawing payment parked")
    assert "ACCOUNT_BALANCE_INSUFFICIENT" in document["error"]
    after = await account(stub, resident_id)
    assert after.balance_fen == credited and not [e for e in after.entries if e.kind == DRAWDOWN]


async def test_the_inheritance_empties_a_deceased_residents_account_once(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident_id, credited = await contributing_resident(stub)
    death = verification_events.DeathConfirmed(
        resident_id=resident_id,
        date_of_death=to_calendar_date(TODAY),
        record_ref="CA-2026-0002",
        pooling_region_code=REGION,
    )
    await publish(enrolment.kafka_bootstrap, resident_id, death, topic="pension.verification.resident.v1")

    async def terminated() -> bool:
        response: enrolment_service_pb2.GetResidentResponse = await stub.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=resident_id), metadata=signed(OFFICER)
        )
        return response.resident.status == enrolment_pb2.ENROLMENT_STATUS_TERMINATED

    await eventually(terminated, what="the death ends the enrolment")

    # Part of the balance is offset against an overpayment and the rest paid to the heir: all of it leaves.
    paid = payout_events.InheritancePaid(
        inheritance=payout_pb2.InheritancePayout(
            inheritance_id=f"INH-{uuid.uuid4().hex[:8]}",
            resident_id=resident_id,
            pooling_region_code=REGION,
            balance_fen=credited,
            overpayment_offset_fen=17_300,
            net_fen=credited - 17_300,
            paid_on=to_calendar_date(TODAY),
        )
    )
    event_ids = await publish(enrolment.kafka_bootstrap, resident_id, paid, paid)

    async def both_handled() -> bool:
        markers = [f"{enrolment.payout_group}/{event_id}" for event_id in event_ids]
        return await enrolment.database[PROCESSED].count_documents({"_id": {"$in": markers}}) == 2

    await eventually(both_handled, what="both announcements of the inheritance handled")
    after = await account(stub, resident_id)
    debits = [e for e in after.entries if e.kind == INHERITANCE]
    assert [e.amount_fen for e in debits] == [-credited]
    assert debits[0].source_ref == paid.inheritance.inheritance_id
    assert after.balance_fen == 0
