"""A year of a small generated county on the real services, broker and database, its monthly statistics published
each month and recounted independently from the services' own records, to the fen.

Forty residents are enrolled with the enrolment service (some in the course of the year), contribute at several
grades through cash, bank withholding and online payment, and two of a special group are paid for by the county;
payout awards the old and pays them every month through the whole payroll; verification's findings (a death, a
proof of life overdue and then given) are published to its topic as that service does; a contributor transfers
out. After each month's payroll, once every event has been heard, supervision publishes the month (twice: one
report, one event) and the report equals a recount from enrolment's residents, contributions and account entries
and payout's awards and payments of the month's run; the subsidy split by level is policy's shares. At the end a
March contribution is reversed, and March's report stays as published (the month-3-corrected-in-month-5 case, with
its correction line, is tests/integration/supervision/test_monthly_statistics.py's: enrolment values a reversal
today, so a real reversal cannot be made in a simulated May).
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
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from county_testkit import enrol_request
from payroll_testkit import pay_whole_month, run_month_awards
from pymongo import AsyncMongoClient

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_contracts.policy import policy_message
from pension_kit.events import new_event
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_supervision.config import SupervisionSettings
from pension_synthetic import generate_county, iter_residents
from pension_testkit import InProcessServices, eventually, publish, random_region, signed

pytestmark = pytest.mark.timeout(900)  # a year of payrolls, a safety net against a hung test, not a performance bound

YEAR = 2025
MONTHS = [Month(YEAR, m) for m in range(1, 13)]
OFFICER = Caller("officer-stats", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-stats-1", Role.COUNTY_APPROVER), Caller("approver-stats-2", Role.COUNTY_APPROVER))
TOWNSHIP = Caller("township-stats", Role.TOWNSHIP_OFFICER)
AUDITOR = Caller("auditor-stats", Role.AUDITOR)
VERIFICATION_TOPIC = "pension.verification.resident.v1"
GRADES = (20_000, 50_000, 100_000, 200_000)
CHANNELS = (
    types_pb2.CONTRIBUTION_CHANNEL_CASH,
    types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING,
    types_pb2.CONTRIBUTION_CHANNEL_ONLINE,
)
PROVINCIAL_SHARE_FEN = 3_000  # the demo policy: the province pays 30 yuan of every grade's subsidy
CONTRIBUTION_ENTRIES = {
    enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION,
    enrolment_pb2.ACCOUNT_ENTRY_KIND_COLLECTIVE_SUBSIDY,
    enrolment_pb2.ACCOUNT_ENTRY_KIND_PAID_ON_BEHALF,
}
SUSPENDED_FROM, RESUMED_FROM = Month(YEAR, 9), Month(YEAR, 11)
DIED_ON = date(YEAR, 7, 8)
TRANSFERRED_ON = date(YEAR, 10, 15)


@dataclass
class Person:
    resident_id: str
    birth_date: date
    enrolled_on: date
    old: bool
    group: str = ""  # the special group the county pays for
    pays_in: Month | None = None  # the month of the one contribution of the year
    grade_fen: int = 0
    channel: types_pb2.ContributionChannel = types_pb2.CONTRIBUTION_CHANNEL_UNSPECIFIED


@dataclass
class County:
    services: InProcessServices
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    payout: payout_service_pb2_grpc.PayoutServiceStub
    supervision: supervision_service_pb2_grpc.SupervisionServiceStub
    region: str
    people: dict[str, Person] = field(default_factory=dict)
    cast: dict[str, Person] = field(default_factory=dict)
    runs: dict[Month, str] = field(default_factory=dict)


@pytest.fixture
async def county(kafka_broker: Any, ferretdb: Any, tmp_path: Path) -> AsyncIterator[County]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, bank_files_dir=tmp_path
    ).start()
    assert services.enrolment and services.payout and services.supervision
    region = random_region(4)  # a county of its own
    yield County(
        services,
        enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment)),
        payout_service_pb2_grpc.PayoutServiceStub(services.channel(services.payout)),
        supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision)),
        region,
    )
    await services.stop()


# --- the county's year ---------------------------------------------------------------------------------------


async def enrol_county(county: County) -> None:
    await county.enrolment.ChangePolicy(
        enrolment_service_pb2.ChangePolicyRequest(
            request_id=uuid.uuid4().hex,
            policy=policy_message(demo_policy(county.region, datetime(2011, 6, 1, tzinfo=UTC))),
            reason="the county's policy since the scheme started",
        ),
        metadata=signed(OFFICER),
    )
    generated = generate_county(5, 1_000, date(2024, 1, 1), pooling_region=county.region)
    records = list(iter_residents(generated, 5, 1_000, date(2024, 1, 1)))
    # The old need no contributed years (60 before the scheme began): awarded once enrolled.
    old = [r for r in records if r.birth_date < date(1951, 1, 1)][:10]
    young = [r for r in records if 1966 <= r.birth_date.year <= 1995][:30]
    groups = {0: types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY, 1: types_pb2.SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE}
    for index, record in enumerate(old + young):
        is_old = index < len(old)
        n = index - len(old)
        if is_old:
            # Two of the old enrol in May: awarded in the course of the year.
            enrolled_on = date(YEAR, 5, 12) if index >= 8 else date(YEAR - 1, 12, 10)
        else:
            # Half the young were enrolled before the year, the others one or two a month through it.
            enrolled_on = date(YEAR - 1, 12, 10) if n < 15 else date(YEAR, 1 + (n - 15) % 12, 5)
        group = groups.get(n) if not is_old else None
        request = enrol_request(record, enrolled_on)
        if group:
            request.special_groups.append(
                enrolment_pb2.SpecialGroupMembership(
                    group=group, evidence_ref=f"cert-{n}", effective_from=to_calendar_date(date(2024, 1, 1))
                )
            )
        response = await county.enrolment.Enrol(
            request,
            metadata=signed(Caller("agent-stats", Role.VILLAGE_AGENT, frozenset({record.village_code}))),
        )
        person = Person(response.resident.resident_id, record.birth_date, enrolled_on, is_old)
        if group:
            person.group = types_pb2.SpecialGroup.Name(group).removeprefix("SPECIAL_GROUP_")
        elif not is_old:
            # One contribution in the year, in a month of its own, at a grade and through a channel of its own.
            person.pays_in = max(Month.of(enrolled_on), Month(YEAR, 1 + n % 12))
            person.grade_fen = GRADES[n % len(GRADES)]
            person.channel = CHANNELS[n % len(CHANNELS)]
        county.people[person.resident_id] = person
    olds = [p for p in county.people.values() if p.old and p.enrolled_on.year < YEAR]
    county.cast = {
        "dies": olds[0],
        "overdue": olds[1],
        # A contributor of February leaves for another county in October.
        "leaves": next(p for p in county.people.values() if p.pays_in == Month(YEAR, 2) and p.enrolled_on.year < YEAR),
    }


async def contribute(county: County, month: Month) -> None:
    for person in county.people.values():
        if person.pays_in != month:
            continue
        cash = person.channel == types_pb2.CONTRIBUTION_CHANNEL_CASH
        await county.enrolment.RecordContribution(
            enrolment_service_pb2.RecordContributionRequest(
                request_id=f"{person.resident_id}-{YEAR}",
                resident_id=person.resident_id,
                year=YEAR,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                channel=person.channel,
                grade_fen=person.grade_fen,
                paid_on=to_calendar_date(date(month.year, month.month, 15)),
                receipt_number=f"RC{person.resident_id[-8:]}" if cash else "",
                agent_id="agent-stats" if cash else "",
                payment_ref="" if cash else f"PAY-{person.resident_id[-8:]}",
            ),
            metadata=signed(TOWNSHIP),
        )
    if month == Month(YEAR, 3):
        await county.enrolment.RunPaidOnBehalfBatch(
            enrolment_service_pb2.RunPaidOnBehalfBatchRequest(
                request_id=f"pob-{county.region}-{YEAR}",
                pooling_region_code=county.region,
                year=YEAR,
                paid_on=to_calendar_date(date(YEAR, 3, 5)),
                reason="the county pays for its special groups",
            ),
            metadata=signed(OFFICER),
        )


async def publish_verification(county: County, person: Person, payload: Any, on: date) -> None:
    event = new_event(
        topic=VERIFICATION_TOPIC,
        payload=payload,
        subject_key=person.resident_id,
        producer="verification",
        actor="stats",
        occurred_at=datetime(on.year, on.month, on.day, 2, tzinfo=UTC),
    )
    await publish(county.services.kafka_bootstrap, [event])


async def award_of(county: County, person: Person) -> payout_pb2.Award | None:
    try:
        response = await county.payout.GetAward(
            payout_service_pb2.GetAwardRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
    except grpc.aio.AioRpcError as error:
        assert from_rpc_error(error).reason == "AWARD_NOT_FOUND"
        return None
    award: payout_pb2.Award = response.award
    return award


async def until_award(county: County, person: Person, status: int) -> None:
    async def reached() -> bool:
        award = await award_of(county, person)
        return award is not None and award.status == status

    await eventually(reached, deadline=60.0, what=f"award of {person.resident_id} reaches {status}")


async def resident(county: County, person: Person) -> enrolment_pb2.Resident:
    found: enrolment_pb2.Resident = (
        await county.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
    ).resident
    return found


async def before_payroll(county: County, month: Month) -> None:
    if month == Month(YEAR, 7):
        dies = county.cast["dies"]
        await publish_verification(
            county,
            dies,
            verification_events.DeathConfirmed(
                resident_id=dies.resident_id,
                date_of_death=to_calendar_date(DIED_ON),
                record_ref=f"CA-{dies.resident_id[-6:]}",
                pooling_region_code=county.region,
            ),
            date(YEAR, 7, 20),
        )
        await until_award(county, dies, payout_pb2.AWARD_STATUS_STOPPED)

        async def terminated() -> bool:
            return (await resident(county, dies)).status == enrolment_pb2.ENROLMENT_STATUS_TERMINATED

        await eventually(terminated, deadline=60.0, what="the death ended the enrolment")
    if month == RESUMED_FROM:
        overdue = county.cast["overdue"]
        await publish_verification(
            county,
            overdue,
            verification_events.CertificationPassed(
                certification=verification_pb2.Certification(
                    resident_id=overdue.resident_id, certified_on=to_calendar_date(date(YEAR, 11, 3))
                ),
                was_overdue=True,
                pooling_region_code=county.region,
            ),
            date(YEAR, 11, 3),
        )
        await until_award(county, overdue, payout_pb2.AWARD_STATUS_ACTIVE)
    if month == Month.of(TRANSFERRED_ON):
        leaves = county.cast["leaves"]
        await county.enrolment.TransferOut(
            enrolment_service_pb2.TransferOutRequest(
                request_id=f"transfer-{leaves.resident_id}",
                resident_id=leaves.resident_id,
                to_pooling_region_code="420102",
                transfer_reference=f"TR-{leaves.resident_id[-8:]}",
                transferred_on=to_calendar_date(TRANSFERRED_ON),
                reason="moved to Wuhan",
            ),
            metadata=signed(OFFICER),
        )


async def after_payroll(county: County, month: Month) -> None:
    if month == SUSPENDED_FROM.previous():
        overdue = county.cast["overdue"]
        await publish_verification(
            county,
            overdue,
            verification_events.CertificationOverdue(
                resident_id=overdue.resident_id,
                due_on=to_calendar_date(date(YEAR, 8, 20)),
                suspend_from=to_year_month(SUSPENDED_FROM),
                pooling_region_code=county.region,
            ),
            date(YEAR, 8, 21),
        )
        await until_award(county, overdue, payout_pb2.AWARD_STATUS_SUSPENDED)


async def everything_heard(county: County) -> None:
    """Waits until enrolment's and payout's outboxes are empty and supervision's report consumer has read every
    event on its topics: the facts of the month are all kept."""
    services = county.services
    enrolment, payout, supervision = services.enrolment, services.payout, services.supervision
    assert enrolment and payout and supervision
    settings = supervision.settings
    assert isinstance(settings, SupervisionSettings)
    topics = [
        settings.topic_enrolment_resident,
        settings.topic_enrolment_region,
        settings.topic_payout_resident,
        settings.topic_payout_region,
    ]
    client: AsyncMongoClient[Document] = AsyncMongoClient(services.mongo_uri)
    admin = AIOKafkaAdminClient(bootstrap_servers=services.kafka_bootstrap)
    reader = AIOKafkaConsumer(bootstrap_servers=services.kafka_bootstrap)
    await admin.start()
    await reader.start()
    try:
        producer = AIOKafkaProducer(bootstrap_servers=services.kafka_bootstrap)
        await producer.start()
        try:  # the producer fetches a topic's partitions when asked (the reader only those it is assigned)
            partitions = [TopicPartition(t, p) for t in topics for p in await producer.partitions_for(t)]
        finally:
            await producer.stop()
        assert {tp.topic for tp in partitions} == set(topics)

        async def quiet() -> bool:
            for runtime in (enrolment, payout):
                database = client[runtime.settings.database_name]
                for name in await database.list_collection_names():
                    if await database[name].count_documents({"outbox_pending": True}, limit=1):
                        return False
            committed = await admin.list_consumer_group_offsets(settings.reports_consumer_group)
            ends = await reader.end_offsets(partitions)
            return all(tp in committed and committed[tp].offset >= end for tp, end in ends.items())

        await eventually(quiet, deadline=120.0, what="supervision heard every event")
    finally:
        await reader.stop()
        await admin.close()
        await client.close()


# --- the independent recount -------------------------------------------------------------------------------------


def month_of(value: types_pb2.CalendarDate) -> Month:
    return Month(value.year, value.month)


def year_month(value: types_pb2.YearMonth) -> Month | None:
    return Month(value.year, value.month) if value.year else None


@dataclass
class Recount:
    """The month's figures from enrolment's and payout's own records."""

    enrolled_at_end: int = 0
    new_enrolments: int = 0
    ends: Counter[str] = field(default_factory=Counter)
    contributors: int = 0
    grades: dict[int, tuple[int, int]] = field(default_factory=dict)  # grade -> (contributors, own payments fen)
    channels: dict[str, int] = field(default_factory=dict)  # channel -> amount fen
    groups: dict[str, int] = field(default_factory=dict)  # special group -> paid on behalf fen
    personal_fen: int = 0
    subsidy_fen: int = 0
    paid_on_behalf_fen: int = 0
    subsidised: int = 0
    ledger_contributions_fen: int = 0  # the account entries valued in the month
    ledger_subsidy_fen: int = 0
    pensioners_at_start: int = 0
    pensioners_at_end: int = 0
    new_awards: int = 0
    deaths: int = 0
    paid_fen: int = 0
    pensioners_paid: int = 0
    by_component: Counter[str] = field(default_factory=Counter)
    by_fund: Counter[str] = field(default_factory=Counter)


async def recount(county: County, month: Month) -> Recount:
    found = Recount()
    contributors: set[str] = set()
    by_grade: dict[int, set[str]] = {}
    grade_fen: Counter[int] = Counter()
    for person in county.people.values():
        record = await resident(county, person)
        enrolled_on = date(record.enrolled_on.year, record.enrolled_on.month, record.enrolled_on.day)
        ended = record.terminated_on.year and date(
            record.terminated_on.year, record.terminated_on.month, record.terminated_on.day
        )
        if enrolled_on <= month.last_day and (not ended or ended > month.last_day):
            found.enrolled_at_end += 1
        found.new_enrolments += Month.of(enrolled_on) == month
        if ended and Month.of(ended) == month:
            found.ends[
                enrolment_pb2.TerminationCause.Name(record.termination_cause).removeprefix("TERMINATION_CAUSE_")
            ] += 1
        listed = await county.enrolment.ListContributions(
            enrolment_service_pb2.ListContributionsRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
        for c in listed.contributions:
            if month_of(c.paid_on) != month or c.status != enrolment_pb2.CONTRIBUTION_STATUS_RECORDED:
                continue
            contributors.add(c.resident_id)
            by_grade.setdefault(c.grade_fen, set()).add(c.resident_id)
            grade_fen[c.grade_fen] += c.personal_fen + c.paid_on_behalf_fen
            channel = types_pb2.ContributionChannel.Name(c.channel).removeprefix("CONTRIBUTION_CHANNEL_")
            found.channels[channel] = found.channels.get(channel, 0) + c.personal_fen + c.collective_fen
            if c.paid_on_behalf_fen:
                found.groups[person.group] = found.groups.get(person.group, 0) + c.paid_on_behalf_fen
            found.personal_fen += c.personal_fen
            found.subsidy_fen += c.subsidy_fen
            found.paid_on_behalf_fen += c.paid_on_behalf_fen
            found.subsidised += c.subsidy_fen > 0
        account = await county.enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=person.resident_id), metadata=signed(AUDITOR)
        )
        for entry in account.entries:
            if month_of(entry.value_date) != month:
                continue
            if entry.kind in CONTRIBUTION_ENTRIES:
                found.ledger_contributions_fen += entry.amount_fen
            elif entry.kind == enrolment_pb2.ACCOUNT_ENTRY_KIND_SUBSIDY:
                found.ledger_subsidy_fen += entry.amount_fen
        award = await award_of(county, person) if person.old else None
        if award is None:
            continue
        first, stopped_from = year_month(award.first_month), year_month(award.stopped_from)
        assert first is not None

        def pensioner_at_end(m: Month, first: Month = first, stopped_from: Month | None = stopped_from) -> bool:
            # Stopped from a month: its last payable month is the one before.
            return first <= m and (stopped_from is None or stopped_from.previous() > m)

        found.pensioners_at_start += pensioner_at_end(month.previous())
        found.pensioners_at_end += pensioner_at_end(month)
        found.new_awards += first == month
        found.deaths += stopped_from is not None and stopped_from.previous() == month
    found.contributors = len(contributors)
    found.grades = {grade: (len(people), grade_fen[grade]) for grade, people in by_grade.items()}
    run = county.runs.get(month)
    paid_to: set[str] = set()
    token = ""
    while run:
        page = await county.payout.ListPayments(
            payout_service_pb2.ListPaymentsRequest(
                payroll_run_id=run, status=payout_pb2.PAYMENT_STATUS_PAID, page_token=token
            ),
            metadata=signed(AUDITOR),
        )
        for payment in page.payments:
            found.paid_fen += payment.amount_fen
            paid_to.add(payment.resident_id)
            for amount in payment.amounts:
                found.by_component[types_pb2.BenefitComponent.Name(amount.component)] += amount.amount_fen
                found.by_fund[types_pb2.Fund.Name(amount.fund)] += amount.amount_fen
        token = page.next_page_token
        if not token:
            break
    found.pensioners_paid = len(paid_to)
    return found


def compare(report: supervision_pb2.MonthlyStatistics, expected: Recount, month: Month) -> None:
    f = report.region.figures
    what = f"{month}"
    assert (f.enrolled_at_end, f.new_enrolments) == (expected.enrolled_at_end, expected.new_enrolments), what
    assert {
        supervision_pb2.EnrolmentEndCause.Name(e.cause).removeprefix("ENROLMENT_END_CAUSE_"): e.residents
        for e in f.enrolment_ends
    } == dict(expected.ends), what
    assert f.contributors == expected.contributors, what
    assert {g.grade_fen: (g.contributors, g.personal_fen + g.paid_on_behalf_fen) for g in f.grades} == (
        expected.grades
    ), what
    assert {
        types_pb2.ContributionChannel.Name(c.channel).removeprefix("CONTRIBUTION_CHANNEL_"): c.amount_fen
        for c in f.channels
    } == expected.channels, what
    assert {
        types_pb2.SpecialGroup.Name(g.group).removeprefix("SPECIAL_GROUP_"): g.paid_on_behalf_fen
        for g in f.special_groups
    } == expected.groups, what
    assert (f.personal_fen, f.subsidy_fen, f.paid_on_behalf_fen) == (
        expected.personal_fen,
        expected.subsidy_fen,
        expected.paid_on_behalf_fen,
    ), what
    # The account ledgers say the same of the month, to the fen.
    assert f.personal_fen + f.paid_on_behalf_fen + f.collective_fen == expected.ledger_contributions_fen, what
    assert f.subsidy_fen == expected.ledger_subsidy_fen, what
    # The subsidy split by level is policy's shares; what is paid on behalf is the county's.
    levels = {
        types_pb2.GovernmentLevel.Name(level.level).removeprefix("GOVERNMENT_LEVEL_"): (
            level.subsidy_fen,
            level.paid_on_behalf_fen,
        )
        for level in f.government_levels
    }
    province = PROVINCIAL_SHARE_FEN * expected.subsidised
    expected_levels = {
        "PROVINCIAL": (province, 0),
        "COUNTY": (expected.subsidy_fen - province, expected.paid_on_behalf_fen),
    }
    assert levels == {k: v for k, v in expected_levels.items() if v != (0, 0)}, what
    assert (f.pensioners_at_start, f.pensioners_at_end, f.new_awards) == (
        expected.pensioners_at_start,
        expected.pensioners_at_end,
        expected.new_awards,
    ), what
    deaths = sum(s.pensioners for s in f.benefit_stops if s.cause == supervision_pb2.BENEFIT_STOP_CAUSE_DEATH)
    assert deaths == expected.deaths, what
    assert (f.suspensions, f.resumptions) == (int(month == SUSPENDED_FROM), int(month == RESUMED_FROM)), what
    assert f.suspended_at_end == int(SUSPENDED_FROM <= month < RESUMED_FROM), what
    assert (f.benefit_paid_fen, f.pensioners_paid) == (expected.paid_fen, expected.pensioners_paid), what
    assert {types_pb2.BenefitComponent.Name(c.component): c.amount_fen for c in f.paid_by_component} == dict(
        expected.by_component
    ), what
    assert {types_pb2.Fund.Name(fund.fund): fund.amount_fen for fund in f.paid_by_fund} == dict(expected.by_fund), what
    # The townships and villages add up to the region; the publication's cross-checks agreed.
    for name in ("enrolled_at_end", "personal_fen", "subsidy_fen", "pensioners_at_end", "benefit_paid_fen"):
        assert sum(getattr(v.figures, name) for v in report.villages) == getattr(f, name), (what, name)
        assert sum(getattr(t.figures, name) for t in report.townships) == getattr(f, name), (what, name)
    assert report.checks_agree and all(c.agrees for c in report.cross_checks), (what, report.cross_checks)
    assert not report.corrections, what


async def publish_month(county: County, month: Month) -> supervision_pb2.MonthlyStatistics:
    responses = [
        await county.supervision.PublishMonthlyStatistics(
            supervision_service_pb2.PublishMonthlyStatisticsRequest(
                request_id=uuid.uuid4().hex, pooling_region_code=county.region, month=to_year_month(month)
            ),
            metadata=signed(OFFICER),
        )
        for _ in range(2)
    ]
    first, second = responses
    assert (first.already_published, second.already_published) == (False, True)
    assert first.statistics == second.statistics
    published: supervision_pb2.MonthlyStatistics = first.statistics
    return published


async def published_events(county: County) -> list[str]:
    """The MonthlyReportPublished events of the county in supervision's audit log (read off the topic)."""
    found, token = [], ""
    while True:
        page = await county.supervision.ListAuditEntries(
            supervision_service_pb2.ListAuditEntriesRequest(subject_key=county.region, page_token=token),
            metadata=signed(AUDITOR),
        )
        found += [e.event_id for e in page.entries if e.event_type == "pension.supervision.v1.MonthlyReportPublished"]
        token = page.next_page_token
        if not token:
            return found


async def test_a_year_of_monthly_statistics_equals_the_services_own_records(county: County) -> None:
    await enrol_county(county)
    story: Counter[str] = Counter()
    reports: dict[Month, supervision_pb2.MonthlyStatistics] = {}
    for month in MONTHS:
        await contribute(county, month)
        await before_payroll(county, month)
        await run_month_awards(county.payout, county.region, month, officer=OFFICER)
        closed = await pay_whole_month(county.payout, county.region, month, officer=OFFICER, approvers=APPROVERS)
        if closed.payment_count:
            county.runs[month] = closed.payroll_run_id
        await after_payroll(county, month)
        await everything_heard(county)
        reports[month] = await publish_month(county, month)
        compare(reports[month], await recount(county, month), month)
        figures = reports[month].region.figures
        story["contributors"] += figures.contributors
        story["new awards"] += figures.new_awards
        story["paid fen"] += figures.benefit_paid_fen
    # Each month published once: twelve events on the supervision topic, one per month, as the audit log heard.
    published = await eventually(
        lambda: _twelve(county), deadline=60.0, what="twelve MonthlyReportPublished events audited"
    )
    assert len(published) == len(set(published)) == 12
    # The year had what it was meant to have: every young one paid (but the special groups, paid for), the old
    # were awarded (two in the course of the year), one died, one transferred out.
    assert story["contributors"] == 28 + 2 and story["new awards"] >= 2 and story["paid fen"] > 0
    assert sum(r.region.figures.new_enrolments for r in reports.values()) == 15 + 2
    december = reports[Month(YEAR, 12)]
    assert december.region.figures.enrolled_at_end == 40 - 2
    await a_late_reversal_leaves_march_as_published(county, reports[Month(YEAR, 3)])


async def a_late_reversal_leaves_march_as_published(county: County, march: supervision_pb2.MonthlyStatistics) -> None:
    """A March contribution reversed now (enrolment values a reversal today, so the correction belongs to a month
    not yet ended): March's report stays exactly as published."""
    payer = next(p for p in county.people.values() if p.pays_in == Month(YEAR, 3) and not p.group)
    listed = await county.enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=payer.resident_id), metadata=signed(AUDITOR)
    )
    await county.enrolment.ReverseContribution(
        enrolment_service_pb2.ReverseContributionRequest(
            request_id=f"reverse-{payer.resident_id}",
            contribution_id=listed.contributions[0].contribution_id,
            resident_id=payer.resident_id,
            reason="recorded for the wrong person",
        ),
        metadata=signed(OFFICER),
    )
    await everything_heard(county)
    stored = await county.supervision.GetMonthlyStatistics(
        supervision_service_pb2.GetMonthlyStatisticsRequest(
            pooling_region_code=county.region, month=to_year_month(Month(YEAR, 3))
        ),
        metadata=signed(AUDITOR),
    )
    assert stored.statistics == march


async def _twelve(county: County) -> list[str] | None:
    published = await published_events(county)
    return published if len(published) >= 12 else None
