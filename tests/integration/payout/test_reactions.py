"""Payout's reactions to verification on the real database and broker: suspend, resume, stop, withdraw, reclaim."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from pymongo.asynchronous.database import AsyncDatabase

from pension.payout.v1 import events_pb2 as payout_events
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_deploy.infra import create_topics
from pension_kit.consumer import CONSUMER_INDEXES
from pension_kit.errors import DomainError
from pension_kit.events import new_event, parse_envelope, unpack_payload
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, create_client, ensure_indexes
from pension_kit.outbox import OutboxRelay
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_payout.adapters.store import (
    INDEXES,
    OUTBOX_COLLECTIONS,
    PayoutStore,
    award_id,
    case_id,
    payment_id,
    run_id,
)
from pension_payout.config import PayoutSettings
from pension_payout.entrypoints.verification_consumer import verification_consumer
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_payout.service_layer.reactions import ReactionService
from pension_testkit import eventually, publish, random_region

TODAY = date(2026, 7, 15)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)
AUDITOR = Caller("auditor-1", Role.AUDITOR)
MONTHLY_FEN = 20_350
DEATH = 1
DUPLICATE_RECEIPT = 2
IMPRISONMENT = 3
BANK_CLAWBACK = 1
REPAYMENT = 2


@dataclass
class Payout:
    """Payout's reaction and overpayment services on a private database, with the relay's nudges recorded."""

    settings: PayoutSettings
    database: AsyncDatabase[Document]
    store: PayoutStore
    overpayments: OverpaymentService
    reactions: ReactionService
    nudged: list[tuple[str, list[Any]]]
    # Each test pays its own pooling region and residents.
    region: str = field(default_factory=lambda: random_region(4))


@pytest.fixture
async def payout(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Payout]:
    settings = PayoutSettings(
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
        mongo_database=f"payout_reactions_{uuid.uuid4().hex[:8]}",
        verification_consumer_group=f"payout-verification-{uuid.uuid4().hex[:8]}",
    )
    client = create_client(settings)
    database = client[settings.database_name]
    await ensure_indexes(database, [*INDEXES, *CONSUMER_INDEXES])
    store = PayoutStore(database)
    nudged: list[tuple[str, list[Any]]] = []

    def notify(collection: str, ids: Any) -> None:
        nudged.append((collection, list(ids)))

    overpayments = OverpaymentService(
        store, resident_topic=settings.topic_payout_resident, notify_relay=notify, today=lambda: TODAY
    )
    reactions = ReactionService(
        store, overpayments, resident_topic=settings.topic_payout_resident, notify_relay=notify, today=lambda: TODAY
    )
    yield Payout(settings, database, store, overpayments, reactions, nudged)
    await client.close()


# --- seeding awards and payments as the award job and the payroll write them ------------------------------


def m(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


def bank_account() -> dict[str, Any]:
    return {
        "bank_code": "ABC",
        "bank_name": "中国农业银行",
        "account_masked": "6228***********0123",
        "account_token": uuid.uuid4().hex,
        "sealed_card_number": {"key_id": "dev1", "nonce": b"0" * 12, "ciphertext": b"sealed"},
    }


async def seed_award(payout: Payout, *, first_month: str = "2025-01", status: str = "ACTIVE") -> dict[str, Any]:
    resident_id = f"R{uuid.uuid4().hex[:20].upper()}"
    award: dict[str, Any] = {
        "_id": award_id(resident_id),
        "resident_id": resident_id,
        "pooling_region_code": payout.region,
        "village_code": f"{payout.region}101201",
        "name_masked": "王*国",
        "citizen_id_masked": "4117**********123X",
        "sealed_name": {"key_id": "dev1", "nonce": b"0" * 12, "ciphertext": b"sealed"},
        "bank_account": bank_account(),
        "birth_date": "1964-03-02",
        "first_month": first_month,
        "terms": {
            "pension_age_reached_on": "2024-03-02",
            "contributed_years": 15,
            "required_years": 13,
            "extra_years": 0,
            "account_balance_at_award_fen": 1_390_000,
            "account_pension_divisor": 139,
            "account_pension_fen": 10_000,
            "policy_version_id": "PV-1",
            "lines": [],
        },
        "status": status,
        "suspension": None,
        "stop": None,
        "back_pay_pending": [],
        "failed_payments": [],
        "applied_events": [],
        "granted_at": datetime(2025, 1, 3, tzinfo=UTC),
        "version": 1,
        "outbox": [],
        "outbox_pending": False,
    }
    await payout.store.awards.insert_one(award)
    return award


async def seed_payment(payout: Payout, award: dict[str, Any], month: str, status: str) -> str:
    paid_month = m(month)
    run = run_id(award["pooling_region_code"], paid_month)
    payment = {
        "_id": payment_id(award["_id"], paid_month),
        "award_id": award["_id"],
        "resident_id": award["resident_id"],
        "pooling_region_code": award["pooling_region_code"],
        "village_code": award["village_code"],
        "month": month,
        "kind": "REGULAR",
        "payroll_run_id": run,
        "attempt": 1,
        "lines": [
            {"component": 1, "level": 1, "fund": 2, "amount_fen": MONTHLY_FEN - 10_000},
            {"component": 4, "level": 0, "fund": 1, "amount_fen": 10_000},
        ],
        "amount_fen": MONTHLY_FEN,
        "age_at_month_end": 62,
        "policy_version_id": "PV-1",
        # An exported payment stays PREPARED in its document; its run's state says it went to the bank.
        "status": "PREPARED" if status == "EXPORTED" else status,
        "bank_account": award["bank_account"],
        "batch_id": f"{run}-ABC",
        "paid_on": f"{month}-05" if status == "PAID" else None,
        "failure_code": "",
        "failure_reason": "",
        "outbox": [],
        "outbox_pending": False,
    }
    await payout.store.payments.insert_one(payment)
    run_status = "DRAFT" if status == "PREPARED" else "EXPORTED"
    await payout.store.payroll_runs.update_one(
        {"_id": run},
        {"$setOnInsert": {"pooling_region_code": award["pooling_region_code"], "status": run_status}},
        upsert=True,
    )
    return str(payment["_id"])


async def award_of(payout: Payout, award: dict[str, Any]) -> dict[str, Any]:
    found = await payout.store.awards.find_one({"_id": award["_id"]})
    assert found is not None
    return found


async def statuses(payout: Payout, award: dict[str, Any], *months: str) -> dict[str, str]:
    found = {}
    for month in months:
        payment = await payout.store.payments.find_one({"_id": payment_id(award["_id"], m(month))})
        assert payment is not None
        run = await payout.store.payroll_runs.find_one({"_id": payment["payroll_run_id"]})
        exported = payment["status"] == "PREPARED" and run is not None and run["status"] == "EXPORTED"
        found[month] = "EXPORTED" if exported else payment["status"]
    return found


def payloads(document: dict[str, Any]) -> list[Any]:
    return [unpack_payload(parse_envelope(bytes(entry["envelope"]))) for entry in document.get("outbox", [])]


# --- death, overpayment, recovery ------------------------------------------------------------------


async def test_a_death_stops_the_award_withdraws_prepared_payments_and_reclaims_paid_ones(payout: Payout) -> None:
    award = await seed_award(payout)
    for month, status in (
        ("2026-02", "PAID"),
        ("2026-03", "PAID"),
        ("2026-04", "PAID"),
        ("2026-05", "EXPORTED"),
        ("2026-06", "PREPARED"),
    ):
        await seed_payment(payout, award, month, status)
    resident = award["resident_id"]

    for _ in range(2):  # the same event delivered twice
        await payout.reactions.death_confirmed(resident, event_id="E-death", date_of_death=date(2026, 3, 10))

    stopped = await award_of(payout, award)
    assert stopped["status"] == "STOPPED"
    assert stopped["stop"] == {
        "cause": DEATH,
        "from": "2026-04",
        "date_of_death": "2026-03-10",
        "cause_event_id": "E-death",
    }
    assert stopped["applied_events"] == ["E-death"] and stopped["version"] == 2
    [announced] = payloads(stopped)
    assert isinstance(announced, payout_events.BenefitStopped)
    assert (announced.from_month.year, announced.from_month.month) == (2026, 4)
    # Prepared: withdrawn; exported: past recall (reclaimed if the bank pays it); paid before death: untouched.
    assert await statuses(payout, award, "2026-03", "2026-04", "2026-05", "2026-06") == {
        "2026-03": "PAID",
        "2026-04": "PAID",
        "2026-05": "EXPORTED",
        "2026-06": "CANCELLED",
    }
    cancelled = await payout.store.payments.find_one({"_id": payment_id(award["_id"], m("2026-06"))})
    assert cancelled is not None
    assert [type(p).__name__ for p in payloads(cancelled)] == ["PaymentCancelled"]

    case = await payout.overpayments.get_case(case_id(resident, DEATH), caller=AUDITOR)
    assert case["months"] == ["2026-04"] and case["amount_fen"] == MONTHLY_FEN
    assert case["balance_due_fen"] == MONTHLY_FEN and case["status"] == "OPEN"
    assert case["awaiting_return"] == [payment_id(award["_id"], m("2026-05"))]
    opened = await payout.store.overpayment_cases.find_one({"_id": case["_id"]})
    assert opened is not None
    assert [type(p).__name__ for p in payloads(opened)] == ["OverpaymentCaseOpened"]

    # The bank pays May after all: the payroll's return import refreshes the case, which grows once.
    await payout.store.payments.update_one(
        {"_id": payment_id(award["_id"], m("2026-05"))}, {"$set": {"status": "PAID", "paid_on": "2026-06-03"}}
    )
    for _ in range(3):
        await payout.overpayments.refresh_for_award_id(award["_id"])
    grown = await payout.overpayments.get_case(case_id(resident, DEATH), caller=replace(HOTLINE, resident_id=resident))
    assert grown["months"] == ["2026-04", "2026-05"] and grown["amount_fen"] == 2 * MONTHLY_FEN
    assert grown["balance_due_fen"] == 2 * MONTHLY_FEN and grown["awaiting_return"] == []
    assert grown["version"] == 2
    stored = await payout.store.overpayment_cases.find_one({"_id": grown["_id"]})
    assert stored is not None
    assert [type(p).__name__ for p in payloads(stored)] == ["OverpaymentCaseOpened", "OverpaymentCaseOpened"]


async def test_recoveries_bring_the_balance_down_once_each_and_close_the_case(payout: Payout) -> None:
    award = await seed_award(payout)
    for month in ("2026-04", "2026-05"):
        await seed_payment(payout, award, month, "PAID")
    await payout.reactions.death_confirmed(award["resident_id"], event_id="E-death", date_of_death=date(2026, 3, 28))
    identifier = case_id(award["resident_id"], DEATH)

    async def refused(amount: int, caller: Caller = OFFICER, request: str = "", method: int = REPAYMENT) -> str:
        with pytest.raises(DomainError) as raised:
            await payout.overpayments.record_recovery(
                identifier, amount, method, date(2026, 7, 1), "receipt 88", "", request or uuid.uuid4().hex, caller
            )
        return raised.value.reason

    first = await payout.overpayments.record_recovery(
        identifier, 15_000, REPAYMENT, date(2026, 7, 1), "receipt 88", "family repaid", "req-1", OFFICER
    )
    again = await payout.overpayments.record_recovery(
        identifier, 15_000, REPAYMENT, date(2026, 7, 1), "receipt 88", "family repaid", "req-1", OFFICER
    )
    assert first["recovered_fen"] == again["recovered_fen"] == 15_000
    assert again["balance_due_fen"] == 2 * MONTHLY_FEN - 15_000
    before = await payout.store.overpayment_cases.find_one({"_id": identifier})
    assert await refused(2 * MONTHLY_FEN) == "RECOVERY_EXCEEDS_BALANCE"
    assert await refused(0) == "RECOVERY_AMOUNT_NOT_POSITIVE"
    assert await refused(100, method=9) == "RECOVERY_METHOD_INVALID"
    assert await refused(100, caller=HOTLINE) == "ROLE_NOT_ALLOWED"
    assert await payout.store.overpayment_cases.find_one({"_id": identifier}) == before, "a refusal writes nothing"

    closed = await payout.overpayments.record_recovery(
        identifier, 2 * MONTHLY_FEN - 15_000, BANK_CLAWBACK, date(2026, 7, 2), "ABC-CLAW-7", "", "req-2", OFFICER
    )
    assert closed["status"] == "RECOVERED" and closed["balance_due_fen"] == 0
    assert [r["amount_fen"] for r in closed["recoveries"]] == [15_000, 2 * MONTHLY_FEN - 15_000]
    stored = await payout.store.overpayment_cases.find_one({"_id": identifier})
    assert stored is not None
    assert [type(p).__name__ for p in payloads(stored)] == [
        "OverpaymentCaseOpened",
        "RecoveryRecorded",
        "RecoveryRecorded",
        "OverpaymentCaseClosed",
    ]
    assert await refused(1) == "RECOVERY_EXCEEDS_BALANCE"

    by_region, token = await payout.overpayments.list_cases(
        pooling_region_code=payout.region, resident_id="", status=None, page_size=0, page_token="", caller=AUDITOR
    )
    assert [c["_id"] for c in by_region] == [identifier] and token == ""
    still_open, _ = await payout.overpayments.list_cases(
        pooling_region_code=payout.region, resident_id="", status="OPEN", page_size=0, page_token="", caller=AUDITOR
    )
    assert still_open == []


async def test_cases_are_listed_by_region_or_resident_page_by_page(payout: Payout) -> None:
    identifiers = []
    for _ in range(3):
        award = await seed_award(payout)
        await seed_payment(payout, award, "2026-05", "PAID")
        await payout.reactions.death_confirmed(award["resident_id"], event_id="E-death", date_of_death=date(2026, 4, 9))
        identifiers.append(case_id(award["resident_id"], DEATH))
    seen: list[str] = []
    token = ""
    while True:
        page, token = await payout.overpayments.list_cases(
            pooling_region_code=payout.region,
            resident_id="",
            status=None,
            page_size=2,
            page_token=token,
            caller=AUDITOR,
        )
        seen += [c["_id"] for c in page]
        if not token:
            break
    assert seen == sorted(identifiers)
    resident = identifiers[0].split("-")[1]
    mine, _ = await payout.overpayments.list_cases(
        pooling_region_code="",
        resident_id=resident,
        status=None,
        page_size=0,
        page_token="",
        caller=replace(HOTLINE, resident_id=resident),
    )
    assert [c["_id"] for c in mine] == [identifiers[0]]
    with pytest.raises(DomainError) as raised:
        await payout.overpayments.list_cases(
            pooling_region_code="", resident_id="", status=None, page_size=0, page_token="", caller=AUDITOR
        )
    assert raised.value.reason == "POOLING_REGION_OR_RESIDENT_REQUIRED"
    with pytest.raises(DomainError) as raised:
        await payout.overpayments.list_cases(
            pooling_region_code=payout.region,
            resident_id="",
            status=None,
            page_size=1001,
            page_token="",
            caller=AUDITOR,
        )
    assert raised.value.reason == "PAGE_SIZE_INVALID"


# --- certification ---------------------------------------------------------------------------------


async def test_an_overdue_pensioner_is_suspended_and_a_proof_of_life_pays_back_what_was_missed(payout: Payout) -> None:
    award = await seed_award(payout)
    await seed_payment(payout, award, "2026-03", "PAID")
    await seed_payment(payout, award, "2026-04", "PREPARED")
    resident = award["resident_id"]

    await payout.reactions.certification_overdue(
        resident, event_id="E-overdue", suspend_from=m("2026-04"), due_on=date(2026, 3, 20)
    )
    suspended = await award_of(payout, award)
    assert suspended["status"] == "SUSPENDED"
    assert suspended["suspension"] == {"cause": 1, "from": "2026-04", "until": None, "cause_event_id": "E-overdue"}
    assert await statuses(payout, award, "2026-03", "2026-04") == {"2026-03": "PAID", "2026-04": "CANCELLED"}

    # May was exported before the suspension arrived (held, not back paid); July's run exists without them.
    await seed_payment(payout, award, "2026-05", "EXPORTED")
    await payout.store.payroll_runs.insert_one(
        {"_id": run_id(payout.region, m("2026-07")), "pooling_region_code": payout.region, "status": "DRAFT"}
    )
    certified_at = datetime(2026, 7, 2, 17, 30, tzinfo=UTC)  # 3 July in China
    for _ in range(2):
        await payout.reactions.certification_passed(resident, event_id="E-passed", occurred_at=certified_at)

    resumed = await award_of(payout, award)
    assert resumed["status"] == "ACTIVE" and resumed["suspension"] is None
    assert resumed["back_pay_pending"] == ["2026-04", "2026-06", "2026-07"]
    assert resumed["applied_events"] == ["E-overdue", "E-passed"]
    announced = payloads(resumed)[-1]
    assert isinstance(announced, payout_events.BenefitResumed)
    assert [(b.year, b.month) for b in announced.back_pay_months] == [(2026, 4), (2026, 6), (2026, 7)]
    assert await payout.store.overpayment_cases.find_one({"resident_id": resident}) is None


async def test_an_award_nobody_granted_is_left_alone(payout: Payout) -> None:
    assert await payout.reactions.death_confirmed("R-NOBODY", event_id="E1", date_of_death=date(2026, 1, 1)) is None


# --- duplicate receipt and prison ------------------------------------------------------------------


async def test_a_duplicate_receipt_stops_the_award_and_reclaims_every_month_since(payout: Payout) -> None:
    award = await seed_award(payout)
    for month in ("2025-12", "2026-01", "2026-02", "2026-03"):
        await seed_payment(payout, award, month, "PAID")
    await seed_payment(payout, award, "2026-04", "PREPARED")
    await payout.reactions.duplicate_receipt_found(award["resident_id"], event_id="E-dup", from_month=m("2026-01"))
    stopped = await award_of(payout, award)
    assert stopped["status"] == "STOPPED" and stopped["stop"]["cause"] == DUPLICATE_RECEIPT
    assert (await statuses(payout, award, "2026-04"))["2026-04"] == "CANCELLED"
    case = await payout.overpayments.get_case(case_id(award["resident_id"], DUPLICATE_RECEIPT), caller=AUDITOR)
    assert case["months"] == ["2026-01", "2026-02", "2026-03"]
    assert case["amount_fen"] == case["balance_due_fen"] == 3 * MONTHLY_FEN


async def test_a_prison_term_suspends_without_back_pay_and_reclaims_months_paid_inside_it(payout: Payout) -> None:
    award = await seed_award(payout)
    for month in ("2026-02", "2026-03"):
        await seed_payment(payout, award, month, "PAID")
    await seed_payment(payout, award, "2026-04", "PREPARED")
    resident = award["resident_id"]

    await payout.reactions.imprisonment_recorded(
        resident, event_id="E-prison", term_start=date(2026, 2, 10), term_end=None
    )
    suspended = await award_of(payout, award)
    assert suspended["status"] == "SUSPENDED"
    assert suspended["suspension"] == {"cause": 2, "from": "2026-03", "until": None, "cause_event_id": "E-prison"}
    assert await statuses(payout, award, "2026-02", "2026-04") == {"2026-02": "PAID", "2026-04": "CANCELLED"}
    case = await payout.overpayments.get_case(case_id(resident, IMPRISONMENT), caller=AUDITOR)
    assert case["months"] == ["2026-03"] and case["amount_fen"] == MONTHLY_FEN

    await payout.reactions.released_from_prison(resident, event_id="E-release", released_on=date(2026, 5, 20))
    released = await award_of(payout, award)
    assert released["status"] == "ACTIVE"
    assert released["suspension"]["until"] == "2026-05"
    assert released["back_pay_pending"] == []
    announced = payloads(released)[-1]
    assert isinstance(announced, payout_events.BenefitResumed)
    assert (announced.from_month.year, announced.from_month.month) == (2026, 6)
    assert list(announced.back_pay_months) == []


# --- the consumer on the real broker ---------------------------------------------------------------


async def read_payout_events(bootstrap: str, topic: str, key: str, wanted: int) -> list[Any]:
    """The payout events of one resident, read from the real topic (other tests' residents are skipped)."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    found: list[Any] = []
    try:
        end = time.monotonic() + 30
        while len(found) < wanted and time.monotonic() < end:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                found += [unpack_payload(parse_envelope(r.value)) for r in batch if r.key and r.key.decode() == key]
    finally:
        await consumer.stop()
    return found


async def test_verification_events_on_the_topic_stop_an_award_once_and_later_ones_change_nothing(
    payout: Payout,
) -> None:
    settings = payout.settings
    await create_topics(settings.kafka_bootstrap_servers, settings.topics())
    today = datetime.now(UTC).date()
    death_month = Month.of(today).plus_months(-2)
    award = await seed_award(payout, first_month=str(death_month.plus_months(-6)))
    await seed_payment(payout, award, str(death_month.next()), "PAID")
    await seed_payment(payout, award, str(death_month.plus_months(2)), "PREPARED")
    resident = award["resident_id"]
    relay = OutboxRelay(settings, payout.database, OUTBOX_COLLECTIONS, sweep_interval=0.5)
    live = ReactionService(
        payout.store,
        OverpaymentService(payout.store, resident_topic=settings.topic_payout_resident, notify_relay=relay.notify),
        resident_topic=settings.topic_payout_resident,
        notify_relay=relay.notify,
    )
    consumer = verification_consumer(settings, payout.database, settings.verification_consumer_group, live)

    def verification_event(payload: Any) -> dict[str, Any]:
        return new_event(
            topic=settings.topic_verification_resident,
            payload=payload,
            subject_key=resident,
            producer="verification",
            actor="system:registry",
        )

    death = verification_event(
        verification_events.DeathConfirmed(
            resident_id=resident,
            date_of_death=to_calendar_date(death_month.first_day),
            record_ref="CA-2026-0001",
            pooling_region_code=payout.region,
        )
    )
    proof = verification_event(
        verification_events.CertificationPassed(
            certification=verification_pb2.Certification(resident_id=resident),
            was_overdue=True,
            pooling_region_code=payout.region,
        )
    )
    overdue = verification_event(
        verification_events.CertificationOverdue(
            resident_id=resident, suspend_from=to_year_month(Month.of(today)), pooling_region_code=payout.region
        )
    )
    tasks = [asyncio.create_task(consumer.run()), asyncio.create_task(relay.run())]
    try:
        await publish(settings.kafka_bootstrap_servers, [death, death, proof, overdue])

        async def all_applied() -> dict[str, Any] | None:
            found = await award_of(payout, award)
            return found if len(found["applied_events"]) == 3 else None

        stopped = await eventually(all_applied, what="the three events applied to the award")
        assert stopped["status"] == "STOPPED" and stopped["stop"]["from"] == str(death_month.next())
        assert stopped["applied_events"] == [death["event_id"], proof["event_id"], overdue["event_id"]]
        assert stopped["back_pay_pending"] == [] and stopped["suspension"] is None
        assert (await statuses(payout, award, str(death_month.plus_months(2))))[
            str(death_month.plus_months(2))
        ] == "CANCELLED"
        case = await payout.overpayments.get_case(case_id(resident, DEATH), caller=AUDITOR)
        assert case["amount_fen"] == MONTHLY_FEN

        published = await read_payout_events(
            settings.kafka_bootstrap_servers, settings.topic_payout_resident, resident, 3
        )
        names = sorted(type(p).__name__ for p in published)
        assert names == ["BenefitStopped", "OverpaymentCaseOpened", "PaymentCancelled"]
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
