"""Ten years of one generated county, from enrolment to inheritance, on the real services, broker and database.

Residents of a generated county are enrolled with the enrolment service and contribute every January
while under 60; interest is credited every 31 December; the payout service awards them from enrolment's
events and pays them every month through the whole payroll (prepare, two approvals, bank files, the
bank's answer from the bank simulator, returns, close). Verification's events are published to the real
topic as that service will: certifications overdue and passed, deaths, a prison term, a duplicate
receipt. A bank account fails and is fixed; overpayments are recovered; heirs are paid. At the end the
money reconciles to the fen, across both services' records:

    contributions and interest in = account balances + drawdowns + inheritance payouts
    drawdowns (enrolment's ledger) = the individual-account part of the payments the banks paid (payout)
    payroll totals = bank paid + bank failed, for every run
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
from payroll_testkit import pay_whole_month, run_month_awards
from pymongo import AsyncMongoClient

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_contracts.policy import policy_message
from pension_kit.events import new_event
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month, age_on, luhn_check_digit
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_synthetic import generate_county, iter_residents
from pension_testkit import InProcessServices, eventually, publish, random_region, signed

# A decade of monthly payrolls takes minutes (five to ten here): the suite's 300-second guard against a hung
# test would cut it short. This is a safety net, not a performance assertion.
pytestmark = pytest.mark.timeout(1500)

FIRST_MONTH = Month(2016, 1)
LAST_MONTH = Month(2025, 12)
GRADE_FEN = 50_000
AGENT_ID = "agent-sim"
OFFICER = Caller("officer-sim", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-sim-1", Role.COUNTY_APPROVER), Caller("approver-sim-2", Role.COUNTY_APPROVER))
TOWNSHIP = Caller("township-sim", Role.TOWNSHIP_OFFICER)
AUDITOR = Caller("auditor-sim", Role.AUDITOR)
VERIFICATION_TOPIC = "pension.verification.resident.v1"
ENTRY_CREDITS = {1, 2, 3, 4, 5}  # personal, subsidy, collective, paid on behalf, interest
DRAWDOWN, INHERITANCE = 8, 9


@dataclass
class Person:
    resident_id: str
    birth_date: date
    card: str
    enrolled_on: date
    died_on: date | None = None
    stopped: bool = False


@dataclass
class County:
    services: InProcessServices
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    payout: payout_service_pb2_grpc.PayoutServiceStub
    region: str
    people: dict[str, Person] = field(default_factory=dict)
    runs: list[str] = field(default_factory=list)
    failing_cards: set[str] = field(default_factory=set)


@pytest.fixture
async def county(kafka_broker: Any, ferretdb: Any, tmp_path: Path) -> AsyncIterator[County]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers,
        ferretdb.mongo_uri,
        with_payout=True,
        with_supervision=False,  # the audit trail has tests of its own; here it would only slow the decade down
        bank_files_dir=tmp_path,
    ).start()
    assert services.enrolment and services.payout
    # A county of its own: the shared topics carry every other test's residents too.
    region = random_region(4)
    yield County(
        services,
        enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment)),
        payout_service_pb2_grpc.PayoutServiceStub(services.channel(services.payout)),
        region,
    )
    await services.stop()


def card_number(seed: int) -> str:
    partial = f"62170000{seed:010d}"
    return partial + luhn_check_digit(partial)


async def enrol_county(county: County) -> None:
    """The county's policy (history loaded from the scheme's start) and its residents born 1944-1962."""
    await county.enrolment.ChangePolicy(
        enrolment_service_pb2.ChangePolicyRequest(
            request_id=uuid.uuid4().hex,
            policy=policy_message(demo_policy(county.region, datetime(2011, 6, 1, tzinfo=UTC))),
            reason="the county's policy since the scheme started",
        ),
        metadata=signed(OFFICER),
    )
    generated = generate_county(7, 1_000, date(2012, 1, 1), pooling_region=county.region)
    chosen = [r for r in iter_residents(generated, 7, 1_000, date(2012, 1, 1)) if 1944 <= r.birth_date.year <= 1962]
    for index, record in enumerate(chosen[:45]):
        # Those 60 before the payroll years begin enrol in December 2015 (those already 60 at the scheme's start
        # need no years and are paid from January 2016; the others are short); the rest enrol in January 2012
        # and contribute each year until they are 60.
        enrolled_on = date(2015, 12, 10) if age_on(record.birth_date, date(2015, 12, 31)) >= 60 else date(2012, 1, 5)
        card = card_number(index)
        response = await county.enrolment.Enrol(
            enrolment_service_pb2.EnrolRequest(
                request_id=uuid.uuid4().hex,
                citizen_id_number=record.citizen_id,
                name=record.name,
                village_code=record.village_code,
                mobile=record.mobile,
                bank_card_number=card,
                bank_code=record.bank_code,
                bank_name=record.bank_name,
                enrolled_on=to_calendar_date(enrolled_on),
            ),
            metadata=signed(Caller(AGENT_ID, Role.VILLAGE_AGENT, frozenset({record.village_code}))),
        )
        resident = response.resident.resident_id
        county.people[resident] = Person(resident, record.birth_date, card, enrolled_on)


async def contribute(county: County, year: int) -> None:
    paid_on = date(year, 1, 10)
    for person in county.people.values():
        if person.enrolled_on > paid_on or age_on(person.birth_date, paid_on) >= 60 or person.died_on:
            continue
        await county.enrolment.RecordContribution(
            enrolment_service_pb2.RecordContributionRequest(
                request_id=f"{person.resident_id}-{year}",
                resident_id=person.resident_id,
                year=year,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                channel=types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING,
                grade_fen=GRADE_FEN,
                paid_on=to_calendar_date(paid_on),
            ),
            metadata=signed(TOWNSHIP),
        )


async def credit_interest(county: County, year: int) -> None:
    await county.enrolment.RunYearEndInterest(
        enrolment_service_pb2.RunYearEndInterestRequest(
            request_id=f"interest-{county.region}-{year}", pooling_region_code=county.region, year=year, reason="31 Dec"
        ),
        metadata=signed(OFFICER),
    )


async def payout_caught_up(county: County) -> None:
    """Waits until payout's picture of every resident (years, balance) is enrolment's: events have flowed."""
    assert county.services.payout is not None
    client: AsyncMongoClient[Document] = AsyncMongoClient(county.services.mongo_uri)
    try:
        projection = client[county.services.payout.settings.database_name]["residents"]

        async def same() -> bool:
            for person in county.people.values():
                account = await county.enrolment.GetAccount(
                    enrolment_service_pb2.GetAccountRequest(resident_id=person.resident_id),
                    metadata=signed(AUDITOR),
                )
                known = await projection.find_one({"_id": person.resident_id})
                if known is None or (known["contributed_years"], known["account_balance_fen"]) != (
                    account.contributed_years,
                    account.balance_fen,
                ):
                    return False
            return True

        await eventually(same, deadline=120.0, what="payout's residents match enrolment's accounts")
    finally:
        await client.close()


async def publish_verification(county: County, person: Person, payload: Any, on: date) -> None:
    """A finding of verification's, made on `on` (the simulated day: reactions date their effects by it)."""
    event = new_event(
        topic=VERIFICATION_TOPIC,
        payload=payload,
        subject_key=person.resident_id,
        producer="verification",
        actor="sim",
        occurred_at=datetime(on.year, on.month, on.day, 2, tzinfo=UTC),
    )
    await publish(county.services.kafka_bootstrap, [event])


async def award_status(county: County, person: Person) -> int:
    response = await county.payout.GetAward(
        payout_service_pb2.GetAwardRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
    )
    status: int = response.award.status
    return status


async def until_award(county: County, person: Person, status: int) -> None:
    async def reached() -> bool:
        return await award_status(county, person) == status

    await eventually(reached, deadline=60.0, what=f"award of {person.resident_id} reaches {status}")


async def pay_month(county: County, month: Month) -> payout_pb2.PayrollRun:
    """One month's whole payroll; returns the closed run."""
    closed = await pay_whole_month(
        county.payout,
        county.region,
        month,
        officer=OFFICER,
        approvers=APPROVERS,
        fail=lambda _, card: ("ACCOUNT_FROZEN", "账户冻结") if card in county.failing_cards else None,
    )
    county.runs.append(closed.payroll_run_id)
    return closed


async def run_awards(county: County, month: Month) -> None:
    await run_month_awards(county.payout, county.region, month, officer=OFFICER)


async def pensioners(county: County) -> list[Person]:
    """The residents with an award and an account balance at award, oldest first."""
    found = []
    for person in sorted(county.people.values(), key=lambda p: p.birth_date):
        try:
            response = await county.payout.GetAward(
                payout_service_pb2.GetAwardRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
            )
        except grpc.aio.AioRpcError as error:
            assert from_rpc_error(error).reason == "AWARD_NOT_FOUND"
            continue
        if response.award.account_balance_at_award_fen > 0:
            found.append(person)
    return found


async def inherit(county: County, person: Person, seed: int) -> payout_pb2.InheritancePayout:
    """An heir of a deceased pensioner is paid the remaining balance: one officer requests, another approves."""
    heir_card = card_number(900_000 + seed)
    requested = (
        await county.payout.RequestInheritancePayout(
            payout_service_pb2.RequestInheritancePayoutRequest(
                request_id=f"inherit-{person.resident_id}",
                resident_id=person.resident_id,
                heir_name="李秀英",
                heir_citizen_id_number="11010519491231002X",
                relationship="child",
                heir_bank_card_number=heir_card,
                heir_bank_code="ABC",
                heir_bank_name="中国农业银行",
                evidence_ref=f"notarial-certificate-{seed}",
                reason="heir's claim",
            ),
            metadata=signed(OFFICER),
        )
    ).inheritance
    await county.payout.ApproveInheritancePayout(
        payout_service_pb2.ApproveInheritancePayoutRequest(
            request_id=f"approve-{requested.inheritance_id}", inheritance_id=requested.inheritance_id, reason="checked"
        ),
        metadata=signed(Caller("officer-sim-2", Role.COUNTY_APPROVER)),
    )
    paid: payout_pb2.InheritancePayout = (
        await county.payout.RecordInheritancePaymentResult(
            payout_service_pb2.RecordInheritancePaymentResultRequest(
                request_id=f"paid-{requested.inheritance_id}",
                inheritance_id=requested.inheritance_id,
                paid=True,
                paid_on=to_calendar_date(date(2025, 12, 20)),
                bank_reference=f"TRF-{seed}",
                reason="bank confirmed",
            ),
            metadata=signed(OFFICER),
        )
    ).inheritance
    return paid


async def test_ten_years_of_a_county_reconcile_to_the_fen(county: County) -> None:
    await enrol_county(county)
    for year in range(2012, 2016):
        await contribute(county, year)
        await credit_interest(county, year)
    story: Counter[str] = Counter()
    cast: dict[str, Person] = {}
    month = FIRST_MONTH
    while month <= LAST_MONTH:
        if month.month == 1:
            await contribute(county, month.year)
            await payout_caught_up(county)
        await run_awards(county, month)
        if month == Month(2019, 1):
            # The cast: pensioners with something in their accounts (to be drawn, and to be inherited).
            awarded = await pensioners(county)
            assert len(awarded) >= 6, "the county has pensioners with accounts by 2019"
            cast = {
                "dies": awarded[0],
                "overdue": awarded[1],
                "prisoner": awarded[2],
                "double": awarded[3],
                "frozen": awarded[4],
                "dies_late": awarded[5],
            }
        await act(county, cast, month, story)
        closed = await pay_month(county, month)
        story["runs"] += 1
        story["retried"] += closed.retry_count
        story["back pay"] += closed.back_pay_count
        await after_payroll(county, cast, month, story)
        if month.month == 12:
            await credit_interest(county, month.year)
        month = month.next()

    await payout_caught_up(county)
    for name in ("dies", "dies_late"):
        paid = await inherit(county, cast[name], len(story))
        assert paid.status == payout_pb2.INHERITANCE_STATUS_PAID
        story["inheritances"] += 1
        await inheritance_drawn(county, cast[name])
    await payout_caught_up(county)
    await reconcile(county, story)
    assert story["retried"] >= 1 and story["back pay"] >= 3 and story["recoveries"] >= 1


async def act(county: County, cast: dict[str, Person], month: Month, story: Counter[str]) -> None:
    """Verification's findings, published before the month's payroll."""
    if not cast:
        return
    if month == Month(2019, 6):
        # Proof of life due and not given: suspended from July.
        await publish_verification(
            county,
            cast["overdue"],
            verification_events.CertificationOverdue(
                resident_id=cast["overdue"].resident_id,
                due_on=to_calendar_date(date(2019, 6, 20)),
                suspend_from=to_year_month(Month(2019, 7)),
                pooling_region_code=county.region,
            ),
            date(2019, 6, 21),
        )
        await until_award(county, cast["overdue"], payout_pb2.AWARD_STATUS_SUSPENDED)
    if month == Month(2020, 1):
        # Certified again: resumed, July to December paid back in this run.
        await publish_verification(
            county,
            cast["overdue"],
            verification_events.CertificationPassed(
                certification=verification_pb2.Certification(
                    resident_id=cast["overdue"].resident_id, certified_on=to_calendar_date(date(2020, 1, 3))
                ),
                was_overdue=True,
                pooling_region_code=county.region,
            ),
            date(2020, 1, 3),
        )
        await until_award(county, cast["overdue"], payout_pb2.AWARD_STATUS_ACTIVE)
        story["resumed"] += 1
    if month == Month(2020, 5):
        # The frozen account is fixed by the township: April's failed payment goes out again now.
        person = cast["frozen"]
        person.card = card_number(500_000)
        await county.enrolment.ChangeBankAccount(
            enrolment_service_pb2.ChangeBankAccountRequest(
                request_id=f"bank-{person.resident_id}",
                resident_id=person.resident_id,
                bank_card_number=person.card,
                bank_code="RCC",
                bank_name="农村信用社",
                reason="the old account was frozen",
            ),
            metadata=signed(TOWNSHIP),
        )
        await eventually(lambda: retry_visible(county, person), deadline=60.0, what="the new account reached payout")


async def retry_visible(county: County, person: Person) -> bool:
    award = await county.payout.GetAward(
        payout_service_pb2.GetAwardRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
    )
    visible: bool = award.award.bank_account.account_masked[-4:] == person.card[-4:]
    return visible


async def after_payroll(county: County, cast: dict[str, Person], month: Month, story: Counter[str]) -> None:
    """What comes to light after a month was paid: deaths, a prison term, a second pension, a frozen account."""
    if not cast:
        return
    if month == Month(2020, 3):
        county.failing_cards.add(cast["frozen"].card)  # the bank freezes the account: April fails
    if month == Month(2020, 4):
        county.failing_cards.discard(cast["frozen"].card)
    if month == Month(2021, 5):
        # Died on 10 March; registered in May, after April and May were paid: two months overpaid.
        await confirm_death(county, cast["dies"], date(2021, 3, 10), date(2021, 5, 28))
        case = await overpayment_case(county, cast["dies"])
        assert [(m.year, m.month) for m in case.months] == [(2021, 4), (2021, 5)]
        await county.payout.RecordRecovery(
            payout_service_pb2.RecordRecoveryRequest(
                request_id=f"recover-{case.overpayment_case_id}",
                overpayment_case_id=case.overpayment_case_id,
                amount_fen=case.amount_fen // 2,
                method=payout_pb2.RECOVERY_METHOD_BANK_CLAWBACK,
                recovered_on=to_calendar_date(date(2021, 6, 15)),
                reference="CLAWBACK-2021-06",
                reason="returned by the bank",
            ),
            metadata=signed(OFFICER),
        )
        story["recoveries"] += 1
    if month == Month(2022, 8):
        # A prison term from 15 June to 20 October, recorded in August: July and August were paid inside it.
        await publish_verification(
            county,
            cast["prisoner"],
            verification_events.ImprisonmentRecorded(
                resident_id=cast["prisoner"].resident_id,
                term_start=to_calendar_date(date(2022, 6, 15)),
                term_end=to_calendar_date(date(2022, 10, 20)),
                pooling_region_code=county.region,
            ),
            date(2022, 8, 28),
        )
        await until_award(county, cast["prisoner"], payout_pb2.AWARD_STATUS_SUSPENDED)
    if month == Month(2023, 3):
        # Found drawing an employees' pension since January: stopped, January to March reclaimed.
        await publish_verification(
            county,
            cast["double"],
            verification_events.DuplicateReceiptFound(
                resident_id=cast["double"].resident_id,
                from_month=to_year_month(Month(2023, 1)),
                pooling_region_code=county.region,
            ),
            date(2023, 3, 28),
        )
        await until_award(county, cast["double"], payout_pb2.AWARD_STATUS_STOPPED)
        cast["double"].stopped = True
    if month == Month(2024, 9):
        await confirm_death(county, cast["dies_late"], date(2024, 9, 2), date(2024, 9, 29))


async def confirm_death(county: County, person: Person, died_on: date, registered_on: date) -> None:
    person.died_on = died_on
    person.stopped = True
    await publish_verification(
        county,
        person,
        verification_events.DeathConfirmed(
            resident_id=person.resident_id,
            date_of_death=to_calendar_date(died_on),
            record_ref=f"CA-{person.resident_id[-6:]}",
            pooling_region_code=county.region,
        ),
        registered_on,
    )
    await until_award(county, person, payout_pb2.AWARD_STATUS_STOPPED)


async def inheritance_drawn(county: County, person: Person) -> None:
    """Waits until enrolment has debited the inheritance (it hears of it from payout's event)."""

    async def debited() -> bool:
        account = await county.enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
        return any(entry.kind == INHERITANCE for entry in account.entries)

    await eventually(debited, deadline=60.0, what=f"the inheritance of {person.resident_id} drawn from the account")


async def overpayment_case(county: County, person: Person) -> payout_pb2.OverpaymentCase:
    async def opened() -> payout_pb2.OverpaymentCase | None:
        listed = await county.payout.ListOverpaymentCases(
            payout_service_pb2.ListOverpaymentCasesRequest(resident_id=person.resident_id),
            metadata=signed(AUDITOR),
        )
        return listed.overpayment_cases[0] if listed.overpayment_cases else None

    return await eventually(opened, what=f"an overpayment case for {person.resident_id}")


async def reconcile(county: County, story: Counter[str]) -> None:
    # Enrolment's ledgers: what came in equals what is there plus what went out, to the fen.
    credits = balances = drawdowns = inheritances = 0
    for person in county.people.values():
        account = await county.enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
        credits += sum(e.amount_fen for e in account.entries if e.kind in ENTRY_CREDITS)
        drawdowns -= sum(e.amount_fen for e in account.entries if e.kind == DRAWDOWN)
        inheritances -= sum(e.amount_fen for e in account.entries if e.kind == INHERITANCE)
        balances += account.balance_fen
        assert account.balance_fen >= 0
    assert credits == balances + drawdowns + inheritances
    assert drawdowns > 0 and inheritances > 0

    # Payout's records: every run closed with paid + failed = exported, and the account part of what the
    # banks paid is exactly what enrolment drew from the accounts.
    paid_from_accounts = exported = paid = failed = 0
    for run_identifier in county.runs:
        run = (
            await county.payout.GetPayroll(
                payout_service_pb2.GetPayrollRequest(payroll_run_id=run_identifier), metadata=signed(AUDITOR)
            )
        ).payroll
        if run.payment_count == 0:
            continue
        assert run.status == payout_pb2.PAYROLL_STATUS_CLOSED
        exported += sum(batch.total_fen for batch in run.batches)
        paid += run.paid_fen
        failed += run.failed_fen
        token = ""
        while True:
            page = await county.payout.ListPayments(
                payout_service_pb2.ListPaymentsRequest(
                    payroll_run_id=run_identifier, status=payout_pb2.PAYMENT_STATUS_PAID, page_token=token
                ),
                metadata=signed(AUDITOR),
            )
            for payment in page.payments:
                paid_from_accounts += sum(
                    a.amount_fen for a in payment.amounts if a.fund == types_pb2.FUND_INDIVIDUAL_ACCOUNT
                )
            token = page.next_page_token
            if not token:
                break
    assert exported == paid + failed
    assert paid_from_accounts == drawdowns
    paid_to_heirs = 0
    for person in county.people.values():
        if person.died_on is None:
            continue
        inheritance = (
            await county.payout.GetInheritancePayout(
                payout_service_pb2.GetInheritancePayoutRequest(resident_id=person.resident_id),
                metadata=signed(AUDITOR),
            )
        ).inheritance
        paid_to_heirs += inheritance.balance_fen
    assert paid_to_heirs == inheritances
    story["runs checked"] = len(county.runs)
