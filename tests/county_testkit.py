"""A county of the proof-of-life and supervision walk-throughs: its services in-process, two pensioners enrolled
by their agents, and the questions the tests ask payout and verification about them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

import grpc
from payroll_testkit import run_month_awards
from pymongo import AsyncMongoClient

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension.supervision.v1 import supervision_service_pb2_grpc
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_deploy.demo import demo_villages
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_synthetic import ResidentRecord, generate_county, iter_residents
from pension_testkit import InProcessServices, eventually, random_region, signed
from pension_verification.adapters.store import REGISTRY_RESIDENTS

OFFICER = Caller("officer-pol", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-pol-1", Role.COUNTY_APPROVER), Caller("approver-pol-2", Role.COUNTY_APPROVER))
AUDITOR = Caller("auditor-pol", Role.AUDITOR)


@dataclass
class Pensioner:
    resident_id: str
    citizen_id: str
    name: str
    village_code: str
    birth_date: date

    @property
    def agent(self) -> Caller:
        return Caller(f"agent-{self.village_code}", Role.VILLAGE_AGENT, frozenset({self.village_code}))


@dataclass
class County:
    services: InProcessServices
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    payout: payout_service_pb2_grpc.PayoutServiceStub
    verification: verification_service_pb2_grpc.VerificationServiceStub
    supervision: supervision_service_pb2_grpc.SupervisionServiceStub | None
    region: str


@asynccontextmanager
async def running_county(bootstrap_servers: str, mongo_uri: str, *, with_supervision: bool) -> AsyncIterator[County]:
    """Enrolment, payout and verification (and supervision if asked) in-process, for a county of its own."""
    services = await InProcessServices(
        bootstrap_servers,
        mongo_uri,
        with_payout=True,
        with_verification=True,
        with_supervision=with_supervision,
    ).start()
    assert services.enrolment and services.payout and services.verification
    region = random_region(4)
    try:
        yield County(
            services,
            enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment)),
            payout_service_pb2_grpc.PayoutServiceStub(services.channel(services.payout)),
            verification_service_pb2_grpc.VerificationServiceStub(services.channel(services.verification)),
            supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision))
            if services.supervision
            else None,
            region,
        )
    finally:
        await services.stop()


def enrol_request(record: ResidentRecord, enrolled_on: date) -> enrolment_service_pb2.EnrolRequest:
    """A synthetic resident's enrolment as an agent files it, on `enrolled_on`."""
    return enrolment_service_pb2.EnrolRequest(
        request_id=uuid.uuid4().hex,
        citizen_id_number=record.citizen_id,
        name=record.name,
        village_code=record.village_code,
        mobile=record.mobile,
        bank_card_number=record.bank_card,
        bank_code=record.bank_code,
        bank_name=record.bank_name,
        enrolled_on=to_calendar_date(enrolled_on),
    )


async def enrol_two_pensioners(county: County) -> tuple[Pensioner, Pensioner]:
    """Two residents born before 1951 (no contribution years needed), enrolled October 2025 and May 2026, in villages
    of the county's catalogue."""
    await county.enrolment.ChangePolicy(
        enrolment_service_pb2.ChangePolicyRequest(
            request_id=uuid.uuid4().hex,
            policy=policy_message(demo_policy(county.region, datetime(2011, 6, 1, tzinfo=UTC))),
            reason="the county's policy since the scheme started",
        ),
        metadata=signed(OFFICER),
    )
    generated = generate_county(11, 1_000, date(2025, 1, 1), pooling_region=county.region)
    loaded = await county.enrolment.LoadVillages(
        enrolment_service_pb2.LoadVillagesRequest(
            request_id=uuid.uuid4().hex,
            pooling_region_code=county.region,
            villages=demo_villages(generated),
            reason="the county's villages",
        ),
        metadata=signed(OFFICER),
    )
    assert not loaded.violations
    old = [r for r in iter_residents(generated, 11, 1_000, date(2025, 1, 1)) if 1940 <= r.birth_date.year <= 1950]
    enrolled = []
    for index, (record, enrolled_on) in enumerate(zip(old[:2], (date(2025, 10, 20), date(2026, 5, 10)), strict=True)):
        response = await county.enrolment.Enrol(
            enrol_request(record, enrolled_on),
            metadata=signed(Caller(f"agent-{index}", Role.VILLAGE_AGENT, frozenset({record.village_code}))),
        )
        enrolled.append(
            Pensioner(
                response.resident.resident_id, record.citizen_id, record.name, record.village_code, record.birth_date
            )
        )
    return enrolled[0], enrolled[1]


async def award_status(county: County, pensioner: Pensioner) -> int:
    response = await county.payout.GetAward(
        payout_service_pb2.GetAwardRequest(resident_id=pensioner.resident_id), metadata=signed(AUDITOR)
    )
    status: int = response.award.status
    return status


async def until_award(county: County, pensioner: Pensioner, status: int, what: str) -> None:
    async def reached() -> bool:
        return await award_status(county, pensioner) == status

    await eventually(reached, deadline=60.0, what=what)


async def awarded(county: County, pensioner: Pensioner, month: Month) -> bool:
    """Runs the month's awards once payout has heard the policy and the resident (enrolment's events flow)."""
    try:
        await run_month_awards(county.payout, county.region, month, officer=OFFICER, request_id=uuid.uuid4().hex)
    except grpc.aio.AioRpcError as error:
        if error.code() is grpc.StatusCode.FAILED_PRECONDITION:  # payout has not heard the region's policy yet
            return False
        raise
    try:
        return await award_status(county, pensioner) == payout_pb2.AWARD_STATUS_ACTIVE
    except grpc.aio.AioRpcError as error:
        if error.code() is grpc.StatusCode.NOT_FOUND:  # nor the resident
            return False
        raise


async def certification(county: County, pensioner: Pensioner) -> verification_pb2.CertificationStatus:
    response = await county.verification.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id=pensioner.resident_id),
        metadata=signed(AUDITOR),
    )
    status: verification_pb2.CertificationStatus = response.status
    return status


async def payments_of(county: County, pensioner: Pensioner, month: Month) -> list[payout_pb2.Payment]:
    response = await county.payout.GetResidentPayments(
        payout_service_pb2.GetResidentPaymentsRequest(
            resident_id=pensioner.resident_id, from_month=to_year_month(month), to_month=to_year_month(month)
        ),
        metadata=signed(AUDITOR),
    )
    return list(response.payments)


async def run_payroll_payments(county: County, run_id: str) -> dict[str, list[payout_pb2.Payment]]:
    """A run's payments by resident."""
    by_resident: dict[str, list[payout_pb2.Payment]] = {}
    token = ""
    while True:
        page = await county.payout.ListPayments(
            payout_service_pb2.ListPaymentsRequest(payroll_run_id=run_id, page_token=token), metadata=signed(AUDITOR)
        )
        for payment in page.payments:
            by_resident.setdefault(payment.resident_id, []).append(payment)
        token = page.next_page_token
        if not token:
            return by_resident


async def record_death(county: County, pensioner: Pensioner, died_on: date) -> None:
    """A civil-affairs death record matching the pensioner by citizen ID number, applied by verification.

    Sent once verification's resident index holds the pensioner (its consumer of enrolment's events may lag the
    others): a record of someone it has not heard of is, rightly, "not a resident here", for good."""
    assert county.services.verification is not None
    client: AsyncMongoClient[Document] = AsyncMongoClient(county.services.mongo_uri, tz_aware=True)
    index = client[county.services.verification.settings.mongo_database][REGISTRY_RESIDENTS]
    try:
        await eventually(
            lambda: index.find_one({"_id": pensioner.resident_id}), what="verification's resident index has him"
        )
    finally:
        await client.close()
    ingested = await county.verification.IngestRegistryRecords(
        verification_service_pb2.IngestRegistryRecordsRequest(
            request_id=uuid.uuid4().hex,
            source=verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH,
            batch_name=f"民政死亡登记 {died_on:%Y-%m} 第1批",
            records=[
                verification_pb2.RegistryRecord(
                    record_ref=f"MZ-{died_on:%Y-%m}-{pensioner.resident_id[-6:]}",
                    citizen_id_number=pensioner.citizen_id,
                    name=pensioner.name,
                    death=verification_pb2.DeathDetail(date_of_death=to_calendar_date(died_on)),
                )
            ],
        ),
        metadata=signed(OFFICER),
    )
    assert [r.outcome for r in ingested.results] == [verification_pb2.RECORD_OUTCOME_APPLIED], ingested.results


async def overpayment_of(county: County, pensioner: Pensioner) -> payout_pb2.OverpaymentCase | None:
    """Payout's overpayment case of the pensioner, once opened."""
    cases = await county.payout.ListOverpaymentCases(
        payout_service_pb2.ListOverpaymentCasesRequest(resident_id=pensioner.resident_id), metadata=signed(AUDITOR)
    )
    return cases.overpayment_cases[0] if cases.overpayment_cases else None
