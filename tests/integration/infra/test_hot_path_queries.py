"""Each repository's per-request queries on the collections that grow with a county (residents, awards,
payments, the audit log, an aggregate's outbox) are answered from an index among 100,000 documents: the filters
are captured as the repositories send them and FerretDB's explain shows SQLite searching an index, never
scanning the table."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

import pytest
from ferretdb_testkit import explain_find, served_by_an_index
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.database import AsyncDatabase

from pension_deploy.infra import FerretDB
from pension_enrolment.adapters import residents as enrolment_residents
from pension_enrolment.adapters.residents import RESIDENTS, ResidentRepository
from pension_enrolment.service_layer.contributions import ACTIVE
from pension_kit.config import KitSettings
from pension_kit.identifiers import Month
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.outbox import OutboxRelay, outbox_indexes
from pension_payout.adapters import store as payout_store
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.store import AWARDS, PAYMENTS, PayoutStore, award_id, payment_id
from pension_supervision.adapters import audit_repository
from pension_supervision.adapters.audit_repository import ENTRIES, HEAD, AuditRepository

SIZE: Final = 100_000
INSERT_BATCH: Final = 10_000
REGIONS: Final = 10  # every tenth document is of REGION
VILLAGES: Final = 1_000  # a hundred residents each
REGION: Final = "411731"
RUNS: Final = 20  # payroll runs, 5,000 payments each

# Inserting 400,000 documents takes a few minutes on a busy two-CPU machine: more than the suite's guard against
# a hung test. A safety net, not a performance assertion.
pytestmark = pytest.mark.timeout(900)


@dataclass
class Finds(monitoring.CommandListener):
    """The find commands the client sends to one database: (collection, filter)."""

    database: str = ""
    sent: list[tuple[str, Document]] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "find" and event.database_name == self.database:
            self.sent.append((event.command["find"], event.command.get("filter", {})))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def take(self) -> list[tuple[str, Document]]:
        sent, self.sent = self.sent, []
        return sent


@dataclass
class Store:
    database: AsyncDatabase[Document]
    finds: Finds

    async def insert(self, collection: str, documents: Iterator[Document]) -> None:
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) == INSERT_BATCH:
                await self.database[collection].insert_many(batch, ordered=False)
                batch = []
        if batch:
            await self.database[collection].insert_many(batch, ordered=False)

    async def assert_served_by_indexes(self) -> None:
        """Every find sent since the last call was answered from an index."""
        sent = self.finds.take()
        assert sent
        for collection, query in sent:
            explanation = await explain_find(self.database, collection, query)
            assert served_by_an_index(explanation), (collection, query, explanation)


@pytest.fixture(scope="module")
async def store(ferretdb: FerretDB) -> AsyncIterator[Store]:
    finds = Finds(f"hot_paths_{uuid.uuid4().hex[:8]}")
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True, event_listeners=[finds])
    try:
        database = client[finds.database]
        await ensure_indexes(
            database,
            [
                *enrolment_residents.INDEXES,
                *payout_store.INDEXES,
                *audit_repository.INDEXES,
                *outbox_indexes(RESIDENTS),
            ],
        )
        yield Store(database, finds)
    finally:
        await client.close()


def resident_id(n: int) -> str:
    return f"R{n:020X}"


def region(n: int) -> str:
    return REGION if n % REGIONS == 0 else f"4199{n % REGIONS:02d}"


def village(n: int) -> str:
    return f"{region(n)}{n % VILLAGES:06d}"


async def test_residents_are_read_by_key_by_village_and_by_region_through_indexes(store: Store) -> None:
    await store.insert(
        RESIDENTS,
        (
            {
                "_id": resident_id(n),
                "pooling_region_code": region(n),
                "village_code": village(n),
                "status": ACTIVE,
                "version": 1,
                "outbox_pending": n == 77_777,
            }
            for n in range(SIZE)
        ),
    )
    residents = ResidentRepository(store.database)
    store.finds.take()

    assert (await residents.get(resident_id(4_321)) or {}).get("village_code") == village(4_321)
    await store.assert_served_by_indexes()

    # An agent's list of a village, its second page.
    in_village = [resident_id(n) for n in range(7, SIZE, VILLAGES)]
    page = await residents.in_village(village(7), status=ACTIVE, after_id=in_village[49], limit=50)
    assert [resident["_id"] for resident in page] == in_village[50:]
    await store.assert_served_by_indexes()

    # The region's posting runs: its ids once, then pages by id.
    ids = await residents.ids_in_region(REGION, status=ACTIVE)
    assert ids == [resident_id(n) for n in range(0, SIZE, REGIONS)]
    page = await residents.by_ids(ids[5_000:5_500], status=ACTIVE, fields=["status"])
    assert [resident["_id"] for resident in page] == ids[5_000:5_500]
    await store.assert_served_by_indexes()

    # The outbox relay's sweep for events not yet published: the one pending resident, not the collection.
    relay = OutboxRelay(KitSettings(service_name="test"), store.database, [RESIDENTS], batch_size=500)
    pending = await store.database[RESIDENTS].find({"outbox_pending": True}, {"_id": 1}).to_list()
    assert pending == [{"_id": resident_id(77_777)}]
    store.finds.take()
    await store.database[RESIDENTS].update_one({"_id": resident_id(77_777)}, {"$set": {"outbox_pending": False}})
    assert await relay.publish_pending() == 0
    await store.assert_served_by_indexes()


# What the repositories read of an award and a payment, with placeholder values: only the keys matter here.
BANK_ACCOUNT: Final[Document] = {
    "bank_code": "ABC",
    "bank_name": "农业银行",
    "account_masked": "6228****1234",
    "account_token": "token",
    "sealed_card_number": {},
}
AWARD: Final[Document] = {
    "sealed_name": {},
    "bank_account": BANK_ACCOUNT,
    "birth_date": "1960-01-01",
    "first_month": "2020-02",
    "terms": {
        "pension_age_reached_on": "2020-01-01",
        "contributed_years": 15,
        "required_years": 15,
        "extra_years": 0,
        "account_balance_at_award_fen": 0,
        "account_pension_divisor": 139,
        "account_pension_fen": 0,
        "policy_version_id": "P1",
    },
    "status": "ACTIVE",
    "suspension": None,
    "stop": None,
    "back_pay_pending": [],
    "failed_payments": [],
    "applied_events": [],
    "granted_at": datetime(2020, 1, 1, tzinfo=UTC),
    "version": 1,
}
PAYMENT: Final[Document] = {
    "pooling_region_code": REGION,
    "kind": "REGULAR",
    "attempt": 1,
    "lines": [],
    "amount_fen": 20_000,
    "age_at_month_end": 66,
    "policy_version_id": "P1",
    "bank_account": BANK_ACCOUNT,
}


async def test_awards_and_payments_are_read_by_key_by_village_and_by_run_through_indexes(store: Store) -> None:
    payout = PayoutStore(store.database)
    await store.insert(
        AWARDS,
        (
            {
                **AWARD,
                "_id": award_id(resident_id(n)),
                "resident_id": resident_id(n),
                "pooling_region_code": region(n),
                "village_code": village(n),
            }
            for n in range(SIZE)
        ),
    )
    month = Month(2026, 11)
    await store.insert(
        PAYMENTS,
        (
            {
                **PAYMENT,
                "_id": payment_id(award_id(resident_id(n)), month),
                "award_id": award_id(resident_id(n)),
                "resident_id": resident_id(n),
                "month": str(month),
                "payroll_run_id": f"RUN-{n % RUNS:02d}",
                "status": "PREPARED" if n % 2 else "PAID",
                "batch_id": f"B{n % 7}",
            }
            for n in range(SIZE)
        ),
    )
    awards = AwardRepository(payout)
    payments = PaymentRepository(payout)
    store.finds.take()

    # A village's awards, as ListAwards pages them for an officer.
    in_village = [award_id(resident_id(n)) for n in range(10, SIZE, VILLAGES)]
    page = await awards.page_of_region(REGION, status=None, village_code=village(10), after=in_village[9], limit=20)
    assert [award.award_id for award in page] == in_village[10:30]
    await store.assert_served_by_indexes()

    # The hotline's payments of a resident, by their ids.
    found = await payments.statuses([payment_id(award_id(resident_id(n)), month) for n in (3, 99_999, SIZE + 1)])
    assert found == {
        payment_id(award_id(resident_id(3)), month): "PREPARED",
        payment_id(award_id(resident_id(99_999)), month): "PREPARED",
    }
    await store.assert_served_by_indexes()

    # A run's page, its payments to export and a batch's amounts for a bank's return.
    run = "RUN-03"
    of_run = sorted(payment_id(award_id(resident_id(n)), month) for n in range(3, SIZE, RUNS))
    page_of_run = await payments.page_of_run(run, "PREPARED", after=of_run[99], limit=50)
    assert [payment.payment_id for payment in page_of_run] == of_run[100:150]
    exported = [payment.payment_id async for payment in payments.to_pay(run, batch_size=1_000)]
    assert sorted(exported) == of_run
    sent = await payments.sent_in_batch(run, "B3")
    assert {amount.payment_id for amount in sent} == {
        payment_id(award_id(resident_id(n)), month) for n in range(3, SIZE, RUNS) if n % 7 == 3
    }
    await store.assert_served_by_indexes()


def audit_entry(sequence: int, subject: str) -> Document:
    """An entry as the repository stores it (the chain's hashes need not hold to be read)."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "_id": f"{sequence:012d}",
        "topic": "pension.enrolment.resident.v1",
        "event_id": f"event-{sequence}",
        "event_type": "pension.enrolment.v1.ResidentEnrolled",
        "producer": "enrolment",
        "subject_key": subject,
        "actor": "agent-1",
        "reason": "",
        "occurred_at": at,
        "recorded_at": at,
        "envelope_sha256": "",
        "prev_hash": "",
        "hash": "",
        "envelope": b"",
    }


async def test_the_audit_log_is_paged_by_key_and_by_subject_through_indexes(store: Store) -> None:
    subject = resident_id(SIZE + 7)  # a resident with a long trail: every thousandth entry
    await store.insert(
        ENTRIES,
        (
            audit_entry(sequence, subject if sequence % 1_000 == 0 else resident_id(sequence))
            for sequence in range(1, SIZE + 1)
        ),
    )
    await store.database[HEAD].insert_one({"_id": "head", "sequence": SIZE, "hash": ""})
    log = AuditRepository(store.database, b"hot-path-test-audit-chain-key-32")
    store.finds.take()

    # An auditor's page of the whole log, from the middle.
    page = await log.list_entries(subject_key="", after_sequence=50_000, limit=100)
    assert [entry.sequence for entry in page] == list(range(50_001, 50_101))
    await store.assert_served_by_indexes()

    # An auditor's page of one resident's trail.
    page = await log.list_entries(subject_key=subject, after_sequence=20_000, limit=50)
    assert [entry.sequence for entry in page] == list(range(21_000, 71_000, 1_000))
    await store.assert_served_by_indexes()
