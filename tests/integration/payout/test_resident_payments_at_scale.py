"""A resident's payments are found through the _id index among 100,000 others: the hotline's "was I paid" at size."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any, Final

import grpc
import pytest
from ferretdb_testkit import explain_find, served_by_id_index
from payout_testkit import REGION_TOPIC, enrolment_event, pensioner_events
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_kit.clock import today_in_china
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_year_month
from pension_payout.adapters.store import PAYMENTS, award_id, batch_id, payment_id, run_id
from pension_payout.config import PayoutSettings
from pension_testkit import InProcessServices, eventually, publish, signed

MONTH: Final = Month(2026, 12)
# Already 60 when the scheme began and enrolled in August 2011: paid from September 2011, every month before
# December 2026 as back pay in December's payroll, then January 2027's: 185 payments, as in the issue.
FIRST_MONTH: Final = Month(2011, 9)
PAID_MONTHS: Final = [FIRST_MONTH.plus_months(n) for n in range(185)]
# Other residents' payments beside the resident's, in the shape payout stores them: 100,000 of them.
OTHER_RESIDENTS: Final = 10_000
OTHER_MONTHS: Final = [Month(2026, 3).plus_months(n) for n in range(10)]
OTHER_REGION: Final = "419999"
PREPARER: Final = Caller("officer-1", Role.COUNTY_OFFICER)
HOTLINE: Final = Caller("hotline-1", Role.HOTLINE)
Stub = payout_service_pb2_grpc.PayoutServiceStub

# Inserting 100,000 payments into FerretDB takes one to three minutes on a busy two-CPU machine: the suite's
# 300-second guard against a hung test would cut it short. A safety net, not a performance assertion.
pytestmark = pytest.mark.timeout(900)


@dataclass
class Payout:
    stub: Stub
    kafka: str
    vault: PersonalDataVault
    database: AsyncDatabase[dict[str, Any]]
    # Its own pooling region: the broker's topics hold every earlier test's residents too.
    region: str


@pytest.fixture
async def payout(kafka_broker: Any, ferretdb: Any, tmp_path: Any) -> AsyncIterator[Payout]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers,
        ferretdb.mongo_uri,
        with_payout=True,
        with_supervision=False,
        bank_files_dir=tmp_path,
    ).start()
    assert services.payout is not None
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferretdb.mongo_uri)
    try:
        yield Payout(
            Stub(services.channel(services.payout)),
            kafka_broker.bootstrap_servers,
            PersonalDataVault.from_settings(PayoutSettings()),
            client[services.payout.settings.mongo_database],
            region=f"41{uuid.uuid4().int % 88 + 11}{uuid.uuid4().int % 98 + 1:02d}",
        )
    finally:
        await client.close()
        await services.stop()


async def awarded_pensioner(payout: Payout) -> str:
    """A pensioner of the region with an award (enrolment's events reach payout asynchronously)."""
    policy = demo_policy(payout.region, datetime(2026, 1, 1, tzinfo=UTC))
    await publish(
        payout.kafka,
        [enrolment_event(enrolment_events.PolicyChanged(policy=policy_message(policy)), payout.region, REGION_TOPIC)],
    )
    resident, events = pensioner_events(
        payout.vault,
        payout.region,
        f"{payout.region}101201",
        birth=date(1950, 3, 1),
        years=0,
        balance_fen=0,
        bank_code="ABC",
        seed=11,
        enrolled_on=date(2011, 8, 1),
    )
    await publish(payout.kafka, events)

    async def granted() -> bool:
        try:
            await payout.stub.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(MONTH)
                ),
                metadata=signed(PREPARER),
            )
            await payout.stub.GetAward(
                payout_service_pb2.GetAwardRequest(resident_id=resident),
                metadata=signed(replace(HOTLINE, resident_id=resident)),
            )
        except grpc.aio.AioRpcError as error:
            # The policy or the resident has not reached payout yet.
            if from_rpc_error(error).reason not in {"POLICY_NOT_IN_FORCE", "AWARD_NOT_FOUND"}:
                raise
            return False
        return True

    await eventually(granted, deadline=90.0, what="the resident's award granted")
    return resident


async def prepare(payout: Payout, month: Month) -> payout_pb2.PayrollRun:
    response: payout_service_pb2.PreparePayrollResponse = await payout.stub.PreparePayroll(
        payout_service_pb2.PreparePayrollRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=payout.region, month=to_year_month(month)
        ),
        metadata=signed(PREPARER),
    )
    return response.payroll


async def add_other_residents_payments(payout: Payout, template: dict[str, Any]) -> int:
    """OTHER_RESIDENTS x OTHER_MONTHS payments of other awards, made from a real one with its own ids and keys,
    their events already published (or payout's outbox relay would publish 100,000 copies of the real one's).
    Returns how many were inserted."""
    inserted = 0
    for first in range(0, OTHER_RESIDENTS, 1_000):
        batch = []
        for n in range(first, first + 1_000):
            other = f"R{n:020d}"
            for month in OTHER_MONTHS:
                run = run_id(OTHER_REGION, month)
                batch.append(
                    {
                        **template,
                        "_id": payment_id(award_id(other), month),
                        "award_id": award_id(other),
                        "resident_id": other,
                        "pooling_region_code": OTHER_REGION,
                        "village_code": f"{OTHER_REGION}101201",
                        "month": str(month),
                        "kind": "REGULAR",
                        "payroll_run_id": run,
                        "batch_id": batch_id(run, template["bank_account"]["bank_code"]),
                        "outbox": [],
                        "outbox_pending": False,
                    }
                )
        inserted += len((await payout.database[PAYMENTS].insert_many(batch, ordered=False)).inserted_ids)
    return inserted


def lookup_ids(resident: str, last: Month) -> list[str]:
    """The ids GetResidentPayments looks up: the award's months from its first to `last`."""
    months = [FIRST_MONTH]
    while months[-1] < last:
        months.append(months[-1].next())
    return [payment_id(award_id(resident), month) for month in months]


async def test_a_residents_payments_are_read_through_the_id_index_among_100_000(payout: Payout) -> None:
    resident = await awarded_pensioner(payout)
    december = await prepare(payout, MONTH)
    january = await prepare(payout, MONTH.next())
    assert (december.payment_count, january.payment_count) == (len(PAID_MONTHS) - 1, 1)

    template = await payout.database[PAYMENTS].find_one({"_id": payment_id(award_id(resident), MONTH)})
    assert template is not None
    # Counted as inserted: counting the collection would read all of it on FerretDB.
    assert await add_other_residents_payments(payout, template) + len(PAID_MONTHS) >= 100_000

    # The whole history, asked from the award's first month (to next month, the newest there can be).
    default_last = Month.of(today_in_china()).plus_months(1)
    explanation = await explain_find(
        payout.database, PAYMENTS, {"_id": {"$in": lookup_ids(resident, default_last)}}, {"outbox": 0}
    )
    assert served_by_id_index(explanation), explanation
    response = await payout.stub.GetResidentPayments(
        payout_service_pb2.GetResidentPaymentsRequest(resident_id=resident, from_month=to_year_month(FIRST_MONTH)),
        metadata=signed(replace(HOTLINE, resident_id=resident)),
    )

    # Exactly the resident's, oldest first: the back pay and December in December's run, January in January's.
    def expected(month: Month) -> tuple[Any, ...]:
        kind = payout_pb2.PAYMENT_KIND_BACK_PAY if month < MONTH else payout_pb2.PAYMENT_KIND_REGULAR
        run = january.payroll_run_id if month > MONTH else december.payroll_run_id
        identifier = payment_id(award_id(resident), month)
        return identifier, resident, (month.year, month.month), kind, run, payout_pb2.PAYMENT_STATUS_PREPARED

    assert [
        (p.payment_id, p.resident_id, (p.month.year, p.month.month), p.kind, p.payroll_run_id, p.status)
        for p in response.payments
    ] == [expected(month) for month in PAID_MONTHS]

    # No months given, the hotline's usual question: the twelve months before the last and the last.
    recent = await payout.stub.GetResidentPayments(
        payout_service_pb2.GetResidentPaymentsRequest(resident_id=resident),
        metadata=signed(replace(HOTLINE, resident_id=resident)),
    )
    assert [(p.month.year, p.month.month) for p in recent.payments] == [
        (month.year, month.month) for month in PAID_MONTHS if month >= default_last.plus_months(-12)
    ]

    # A window of months: the list is of that window's ids only.
    window = payout_service_pb2.GetResidentPaymentsRequest(
        resident_id=resident, from_month=to_year_month(Month(2020, 1)), to_month=to_year_month(Month(2020, 12))
    )
    in_2020 = await payout.stub.GetResidentPayments(window, metadata=signed(replace(HOTLINE, resident_id=resident)))
    assert [(payment.month.year, payment.month.month) for payment in in_2020.payments] == [
        (2020, month) for month in range(1, 13)
    ]
