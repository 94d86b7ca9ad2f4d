"""Contributions and accounts on the real database and broker: subsidy, paid on behalf, arrears, reversal, interest."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import grpc
import pytest
from aiokafka import AIOKafkaConsumer
from google.protobuf.message import Message

from pension.common.v1 import envelope_pb2, types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc, events_pb2
from pension_kit.events import parse_envelope
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
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

E = TypeVar("E", bound=Message)
REGION = DEMO_VILLAGE[:6]
RESIDENT_TOPIC = "pension.enrolment.resident.v1"
REGION_TOPIC = "pension.enrolment.region.v1"
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
ON_BEHALF = types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
OTHER_AGENT = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({"411723101202"}))
TOWNSHIP = Caller("township-1", Role.TOWNSHIP_OFFICER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)


def verified_call(resident_id: str) -> Caller:
    """The hotline once it has verified that the caller is this resident: it reads them and nobody else."""
    return Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=resident_id)


AUDITOR = Caller("auditor-1", Role.AUDITOR)
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub


def officer() -> Caller:
    """A county officer with an id of its own, so that this test's region events can be told from others'."""
    return Caller(f"officer-{uuid.uuid4().hex[:8]}", Role.COUNTY_OFFICER)


@dataclass
class Enrolment:
    stub: Stub
    kafka_bootstrap: str


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Enrolment]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    stub = Stub(services.channel(services.enrolment))
    await ensure_demo_policy(stub, REGION)
    yield Enrolment(stub, kafka_broker.bootstrap_servers)
    await services.stop()


async def refusal(call: Any) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.code, error.reason, error.field


async def enrol(stub: Stub, *, birth_date: date | None = None, **overrides: Any) -> enrolment_pb2.Resident:
    """A resident of the demo village; born 1970-1989 unless told, so of contributing age."""
    overrides["citizen_id_number"] = fresh_citizen_id(date(1970, 1, 1), 20, born=birth_date, region=REGION)
    body = new_enrolment(**overrides)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    special_groups = body.pop("special_groups", [])
    request = enrolment_service_pb2.EnrolRequest(
        **body, enrolled_on=to_calendar_date(enrolled_on), special_groups=special_groups
    )
    response: enrolment_service_pb2.EnrolResponse = await stub.Enrol(request, metadata=signed(AGENT))
    return response.resident


def contribution(
    resident_id: str,
    grade_fen: int,
    *,
    kind: types_pb2.ContributionKind = types_pb2.CONTRIBUTION_KIND_OWN,
    year: int | None = None,
    paid_on: date = TODAY,
    request_id: str | None = None,
) -> enrolment_service_pb2.RecordContributionRequest:
    return enrolment_service_pb2.RecordContributionRequest(
        request_id=request_id or uuid.uuid4().hex,
        resident_id=resident_id,
        year=year or paid_on.year,
        kind=kind,
        channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
        grade_fen=grade_fen,
        receipt_number=f"R{uuid.uuid4().hex[:10]}",
        agent_id=AGENT.user_id,
        paid_on=to_calendar_date(paid_on),
    )


async def account(stub: Stub, resident_id: str) -> enrolment_service_pb2.GetAccountResponse:
    request = enrolment_service_pb2.GetAccountRequest(resident_id=resident_id)
    response: enrolment_service_pb2.GetAccountResponse = await stub.GetAccount(
        request, metadata=signed(verified_call(resident_id))
    )
    return response


async def contributions(stub: Stub, resident_id: str) -> list[enrolment_pb2.Contribution]:
    request = enrolment_service_pb2.ListContributionsRequest(resident_id=resident_id)
    return list((await stub.ListContributions(request, metadata=signed(verified_call(resident_id)))).contributions)


async def published(
    kafka_bootstrap: str,
    topic: str,
    kind: type[E],
    match: Callable[[envelope_pb2.EventEnvelope, E], bool],
    *,
    count: int = 1,
) -> list[E]:
    """The `kind` events of `topic` that `match`, once at least `count` of them have been published."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka_bootstrap, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    found: list[E] = []
    try:

        async def enough() -> list[E] | None:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    envelope = parse_envelope(record.value)
                    if envelope.event_type != kind.DESCRIPTOR.full_name:
                        continue
                    event = kind()
                    envelope.payload.Unpack(event)
                    if match(envelope, event):
                        found.append(event)
            return found if len(found) >= count else None

        return await eventually(enough, what=f"{count} {kind.DESCRIPTOR.name} events on {topic}")
    finally:
        await consumer.stop()


# --- subsidies and retries ---------------------------------------------------------------------------------


async def test_the_subsidy_follows_the_grade_chosen(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    credited = {}
    for grade_yuan, subsidy_yuan in ((200, 40), (500, 60), (1000, 80), (1500, 100)):
        resident = await enrol(stub)
        response = await stub.RecordContribution(
            contribution(resident.resident_id, grade_yuan * 100), metadata=signed(AGENT)
        )
        assert response.contribution.subsidy_fen == subsidy_yuan * 100
        assert response.contribution.personal_fen == grade_yuan * 100
        assert response.balance_fen == (grade_yuan + subsidy_yuan) * 100
        assert {e.kind for e in response.entries} == {
            enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION,
            enrolment_pb2.ACCOUNT_ENTRY_KIND_SUBSIDY,
        }
        assert (await account(stub, resident.resident_id)).balance_fen == (grade_yuan + subsidy_yuan) * 100
        credited[resident.resident_id] = (grade_yuan + subsidy_yuan) * 100

    events = await published(
        enrolment.kafka_bootstrap,
        RESIDENT_TOPIC,
        events_pb2.ContributionRecorded,
        lambda envelope, event: event.resident_id in credited,
        count=len(credited),
    )
    assert {e.resident_id: e.balance_after_fen for e in events} == credited

    not_a_grade = contribution((await enrol(stub)).resident_id, 25_000)
    assert await refusal(stub.RecordContribution(not_a_grade, metadata=signed(AGENT))) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "GRADE_NOT_OFFERED",
        "grade_fen",
    )


async def test_a_retried_contribution_is_recorded_once(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident = await enrol(stub)
    request = contribution(resident.resident_id, 30_000)
    first = await stub.RecordContribution(request, metadata=signed(AGENT))
    # The phone lost the answer and sends the same request again, several times at once.
    again = await asyncio.gather(*(stub.RecordContribution(request, metadata=signed(AGENT)) for _ in range(3)))
    assert first.contribution.contribution_id == request.request_id
    assert all(a.contribution == first.contribution and a.balance_fen == first.balance_fen for a in again)
    assert [c.contribution_id for c in await contributions(stub, resident.resident_id)] == [request.request_id]
    assert (await account(stub, resident.resident_id)).balance_fen == 30_000 + 4_000
    # A second contribution for the same year under a new request id is refused, not added.
    assert (await refusal(stub.RecordContribution(contribution(resident.resident_id, 30_000), metadata=signed(AGENT))))[
        1
    ] == "CONTRIBUTION_YEAR_ALREADY_PAID"
    # The same request id for someone else is a client's mistake: refused, and nothing recorded for them, so that a
    # contribution id names one contribution in every service's records.
    someone_else = await enrol(stub)
    reused = contribution(someone_else.resident_id, 30_000, request_id=request.request_id)
    assert await refusal(stub.RecordContribution(reused, metadata=signed(AGENT))) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "REQUEST_ID_REUSED",
        "request_id",
    )
    assert await contributions(stub, someone_else.resident_id) == []
    assert (await stub.RecordContribution(request, metadata=signed(AGENT))).contribution == first.contribution


# --- reversal ----------------------------------------------------------------------------------------------


async def test_a_reversal_gives_the_balance_back_and_lists_both_entries(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident = await enrol(stub)
    recorded = await stub.RecordContribution(contribution(resident.resident_id, 50_000), metadata=signed(AGENT))
    contribution_id = recorded.contribution.contribution_id
    reverse = enrolment_service_pb2.ReverseContributionRequest(
        request_id=uuid.uuid4().hex,
        contribution_id=contribution_id,
        reason="wrong grade entered",
        resident_id=resident.resident_id,
    )
    assert (await refusal(stub.ReverseContribution(reverse, metadata=signed(AGENT))))[1] == "ROLE_NOT_ALLOWED"
    # The contribution is looked for in the resident the officer names, and only there.
    someone_else = await enrol(stub)
    for resident_id, expected in [(someone_else.resident_id, "CONTRIBUTION_NOT_FOUND"), ("", "RESIDENT_NOT_FOUND")]:
        elsewhere = enrolment_service_pb2.ReverseContributionRequest(
            request_id=uuid.uuid4().hex, contribution_id=contribution_id, reason="wrong", resident_id=resident_id
        )
        assert (await refusal(stub.ReverseContribution(elsewhere, metadata=signed(TOWNSHIP))))[1] == expected
    reversed_ = await stub.ReverseContribution(reverse, metadata=signed(TOWNSHIP))
    assert reversed_.balance_fen == 0
    assert reversed_.contribution.status == enrolment_pb2.CONTRIBUTION_STATUS_REVERSED
    assert reversed_.contribution.reversal_reason == "wrong grade entered"

    shown = await account(stub, resident.resident_id)
    assert shown.balance_fen == 0
    assert sorted(e.amount_fen for e in shown.entries) == [-50_000, -6_000, 6_000, 50_000]
    originals = {e.entry_id for e in shown.entries if not e.reverses_entry_id}
    assert {e.reverses_entry_id for e in shown.entries if e.reverses_entry_id} == originals
    assert shown.contributed_years == 0
    listed = await contributions(stub, resident.resident_id)
    assert [(c.contribution_id, c.status, c.personal_fen) for c in listed] == [
        (contribution_id, enrolment_pb2.CONTRIBUTION_STATUS_REVERSED, 50_000)
    ]

    assert (await stub.ReverseContribution(reverse, metadata=signed(TOWNSHIP))) == reversed_
    twice = enrolment_service_pb2.ReverseContributionRequest(
        request_id=uuid.uuid4().hex, contribution_id=contribution_id, reason="again", resident_id=resident.resident_id
    )
    assert (await refusal(stub.ReverseContribution(twice, metadata=signed(TOWNSHIP))))[1] == (
        "CONTRIBUTION_ALREADY_REVERSED"
    )
    no_reason = enrolment_service_pb2.ReverseContributionRequest(request_id=uuid.uuid4().hex, contribution_id="x")
    assert (await refusal(stub.ReverseContribution(no_reason, metadata=signed(TOWNSHIP))))[1] == (
        "REVERSAL_REASON_REQUIRED"
    )
    # The year is open again: the right grade can now be paid.
    corrected = await stub.RecordContribution(contribution(resident.resident_id, 20_000), metadata=signed(AGENT))
    assert corrected.balance_fen == 24_000

    [event] = await published(
        enrolment.kafka_bootstrap,
        RESIDENT_TOPIC,
        events_pb2.ContributionReversed,
        lambda envelope, event: event.contribution_id == contribution_id,
    )
    assert (event.balance_after_fen, len(event.entries)) == (0, 2)


# --- arrears -------------------------------------------------------------------------------------------


def born_to_reach_pension_age_in(years_from_now: int) -> date:
    """A birth date whose 60th birthday (1 March) is that many calendar years after this one."""
    return date(TODAY.year + years_from_now - 60, 3, 1)


async def test_arrears_only_for_those_who_would_otherwise_fall_short_and_without_subsidy(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    past_year = TODAY.year - 5
    # Own contributions can still be paid for this year and every year up to the 60th birthday's: 14 years
    # here, one short of the 15 required.
    short = await enrol(stub, birth_date=born_to_reach_pension_age_in(13))
    # Exactly 15 years ahead: the boundary, no arrears.
    exact = await enrol(stub, birth_date=born_to_reach_pension_age_in(14))
    # 16 years ahead.
    ample = await enrol(stub, birth_date=born_to_reach_pension_age_in(15))
    for resident in (exact, ample):
        arrears = contribution(resident.resident_id, 20_000, kind=types_pb2.CONTRIBUTION_KIND_ARREARS, year=past_year)
        assert await refusal(stub.RecordContribution(arrears, metadata=signed(AGENT))) == (
            grpc.StatusCode.FAILED_PRECONDITION,
            "ARREARS_NOT_ALLOWED",
            "year",
        )

    arrears = contribution(short.resident_id, 50_000, kind=types_pb2.CONTRIBUTION_KIND_ARREARS, year=past_year)
    paid = await stub.RecordContribution(arrears, metadata=signed(AGENT))
    assert (paid.contribution.year, paid.contribution.personal_fen, paid.contribution.subsidy_fen) == (
        past_year,
        50_000,
        0,
    )
    assert paid.balance_fen == 50_000
    assert [e.kind for e in paid.entries] == [enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION]
    assert list((await account(stub, short.resident_id)).contribution_years) == [past_year]
    # One year was lacking and is now paid: a second year of arrears is refused.
    another = contribution(short.resident_id, 50_000, kind=types_pb2.CONTRIBUTION_KIND_ARREARS, year=past_year - 1)
    assert (await refusal(stub.RecordContribution(another, metadata=signed(AGENT))))[1] == "ARREARS_NOT_ALLOWED"


# --- paid on behalf ----------------------------------------------------------------------------------------


async def test_the_paid_on_behalf_batch_run_twice_credits_each_member_once(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    member = await enrol(
        stub,
        special_groups=[
            enrolment_pb2.SpecialGroupMembership(
                group=types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY,
                evidence_ref="DC-411723-0001",
                effective_from=to_calendar_date(date(2020, 1, 1)),
            )
        ],
    )
    other = await enrol(stub)
    county = officer()

    def run(request_id: str) -> Any:
        request = enrolment_service_pb2.RunPaidOnBehalfBatchRequest(
            request_id=request_id,
            pooling_region_code=REGION,
            year=TODAY.year,
            paid_on=to_calendar_date(TODAY),
            reason="county paid-on-behalf list",
        )
        return stub.RunPaidOnBehalfBatch(request, metadata=signed(county))

    assert (
        await refusal(
            stub.RunPaidOnBehalfBatch(
                enrolment_service_pb2.RunPaidOnBehalfBatchRequest(
                    request_id="x",
                    pooling_region_code=REGION,
                    year=TODAY.year,
                    paid_on=to_calendar_date(TODAY),
                    reason="x",
                ),
                metadata=signed(AGENT),
            )
        )
    )[1] == "ROLE_NOT_ALLOWED"
    first_id = uuid.uuid4().hex
    first = await run(first_id)
    second = await run(uuid.uuid4().hex)
    assert (first.residents_credited, first.residents_already_credited) == (1, 0)
    assert (first.paid_on_behalf_fen, first.subsidy_fen) == (20_000, 4_000)
    assert (second.residents_credited, second.residents_already_credited) == (0, 1)
    assert (second.paid_on_behalf_fen, second.subsidy_fen) == (0, 0)
    assert first.batch_id == second.batch_id
    assert await run(first_id) == first  # the same request asked again gets its first answer

    listed = await contributions(stub, member.resident_id)
    assert [(c.kind, c.channel, c.batch_id, c.grade_fen) for c in listed] == [
        (types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF, types_pb2.CONTRIBUTION_CHANNEL_GOVERNMENT, first.batch_id, 20_000)
    ]
    member_account = await account(stub, member.resident_id)
    assert (member_account.balance_fen, member_account.contributed_years) == (24_000, 1)
    assert (await account(stub, other.resident_id)).balance_fen == 0

    completed = await published(
        enrolment.kafka_bootstrap,
        REGION_TOPIC,
        events_pb2.PaidOnBehalfBatchCompleted,
        lambda envelope, event: envelope.actor == county.user_id,
        count=2,
    )
    assert sorted(e.residents_credited for e in completed) == [0, 1]


# --- interest ------------------------------------------------------------------------------------------


async def test_the_year_end_interest_run_twice_credits_each_account_once(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    year = TODAY.year - 1
    resident = await enrol(stub, enrolled_on=date(year - 1, 1, 2).isoformat())
    await stub.RecordContribution(
        contribution(resident.resident_id, 50_000, paid_on=date(year - 1, 3, 1)), metadata=signed(AGENT)
    )
    # Paid during the year: earns from the next year, not in this one.
    await stub.RecordContribution(
        contribution(resident.resident_id, 20_000, paid_on=date(year, 6, 1)), metadata=signed(AGENT)
    )
    county = officer()

    def run(target_year: int) -> Any:
        request = enrolment_service_pb2.RunYearEndInterestRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=REGION, year=target_year, reason="year-end interest"
        )
        return stub.RunYearEndInterest(request, metadata=signed(county))

    first = await run(year)
    second = await run(year)
    # 56,000 fen on 1 January at 2.5%: 1,400 fen.
    assert (first.rate_ppm, first.accounts_credited, first.accounts_already_credited, first.interest_fen) == (
        25_000,
        1,
        0,
        1_400,
    )
    assert (second.accounts_credited, second.accounts_already_credited, second.interest_fen) == (0, 1, 0)
    shown = await account(stub, resident.resident_id)
    assert shown.balance_fen == 56_000 + 24_000 + 1_400
    assert [e.amount_fen for e in shown.entries if e.kind == enrolment_pb2.ACCOUNT_ENTRY_KIND_INTEREST] == [1_400]

    statement = (
        await stub.GetAnnualStatement(
            enrolment_service_pb2.GetAnnualStatementRequest(resident_id=resident.resident_id, year=year),
            metadata=signed(verified_call(resident.resident_id)),
        )
    ).statement
    assert (statement.opening_balance_fen, statement.personal_fen, statement.subsidy_fen) == (56_000, 20_000, 4_000)
    assert (statement.interest_fen, statement.closing_balance_fen, statement.contributed_years) == (
        1_400,
        81_400,
        2,
    )
    assert statement.citizen_id_masked == resident.citizen_id_masked

    assert (await refusal(run(TODAY.year)))[1] == "INTEREST_YEAR_NOT_ENDED"
    assert (await refusal(run(year - 2)))[1] == "INTEREST_YEAR_OUT_OF_ORDER"
    late = contribution(resident.resident_id, 20_000, paid_on=date(year - 1, 12, 1), year=year - 1)
    assert (await refusal(stub.RecordContribution(late, metadata=signed(AGENT))))[1] == ("INTEREST_ALREADY_CREDITED")
    [event] = await published(
        enrolment.kafka_bootstrap,
        RESIDENT_TOPIC,
        events_pb2.InterestCredited,
        lambda envelope, event: event.resident_id == resident.resident_id,
    )
    assert (event.base_balance_fen, event.interest_fen, event.balance_after_fen) == (56_000, 1_400, 81_400)


async def test_runs_of_one_year_started_at_once_by_two_instances_credit_each_account_once(enrolment: Enrolment) -> None:
    # Two officers (or two instances of the service) start the county's yearly runs at the same moment, each with
    # a request of its own: every account is credited once between them (docs/scaling.md).
    stub = enrolment.stub
    county = officer()
    year = TODAY.year - 1
    savers = [await enrol(stub, enrolled_on=date(year - 1, 1, 2).isoformat()) for _ in range(5)]
    for saver in savers:
        paid = contribution(saver.resident_id, 50_000, paid_on=date(year - 1, 3, 1))
        await stub.RecordContribution(paid, metadata=signed(AGENT))
    disabled = enrolment_pb2.SpecialGroupMembership(
        group=types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY,
        evidence_ref="DC-411723-0002",
        effective_from=to_calendar_date(date(2020, 1, 1)),
    )
    members = [await enrol(stub, special_groups=[disabled]) for _ in range(4)]

    def interest() -> Any:
        request = enrolment_service_pb2.RunYearEndInterestRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=REGION, year=year, reason="year-end interest"
        )
        return stub.RunYearEndInterest(request, metadata=signed(county))

    def on_behalf() -> Any:
        request = enrolment_service_pb2.RunPaidOnBehalfBatchRequest(
            request_id=uuid.uuid4().hex,
            pooling_region_code=REGION,
            year=TODAY.year,
            paid_on=to_calendar_date(TODAY),
            reason="county paid-on-behalf list",
        )
        return stub.RunPaidOnBehalfBatch(request, metadata=signed(county))

    interest_runs = await asyncio.gather(interest(), interest(), interest())
    assert sum(r.accounts_credited for r in interest_runs) == len(savers)
    assert sum(r.interest_fen for r in interest_runs) == len(savers) * 1_400  # 56,000 fen at 2.5%
    for saver in savers:
        entries = (await account(stub, saver.resident_id)).entries
        assert [e.amount_fen for e in entries if e.kind == enrolment_pb2.ACCOUNT_ENTRY_KIND_INTEREST] == [1_400]

    batches = await asyncio.gather(on_behalf(), on_behalf(), on_behalf())
    assert sum(b.residents_credited for b in batches) == len(members)
    assert sum(b.paid_on_behalf_fen for b in batches) == len(members) * 20_000
    for member in members:
        credited = [c for c in await contributions(stub, member.resident_id) if c.kind == ON_BEHALF]
        assert len(credited) == 1 and (await account(stub, member.resident_id)).balance_fen == 24_000


# --- transfers -----------------------------------------------------------------------------------------


def transfer_in(resident_id: str, reference: str, *, request_id: str | None = None, region: str = "410122") -> Any:
    return enrolment_service_pb2.TransferInRequest(
        request_id=request_id or uuid.uuid4().hex,
        resident_id=resident_id,
        from_pooling_region_code=region,
        transfer_reference=reference,
        balance_fen=300_000,
        contribution_years=[2015, 2016, 2017, 2018, 2019],
        transferred_on=to_calendar_date(TODAY),
        reason="moved from Zhongmou county",
    )


async def test_a_transfer_in_credits_the_balance_and_years_once(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident = await enrol(stub)
    county = officer()
    reference = f"ZY-{uuid.uuid4().hex[:8]}"
    request = transfer_in(resident.resident_id, reference)
    assert (await refusal(stub.TransferIn(request, metadata=signed(TOWNSHIP))))[1] == "ROLE_NOT_ALLOWED"
    first = await stub.TransferIn(request, metadata=signed(county))
    assert await stub.TransferIn(request, metadata=signed(county)) == first
    assert (first.entry.kind, first.entry.amount_fen, first.entry.source_ref) == (
        enrolment_pb2.ACCOUNT_ENTRY_KIND_TRANSFER_IN,
        300_000,
        reference,
    )
    assert (first.balance_fen, first.contributed_years) == (300_000, 5)
    same_reference = transfer_in(resident.resident_id, reference)
    assert (await refusal(stub.TransferIn(same_reference, metadata=signed(county))))[1] == ("TRANSFER_ALREADY_APPLIED")
    from_here = transfer_in(resident.resident_id, "X-1", region=REGION)
    assert (await refusal(stub.TransferIn(from_here, metadata=signed(county))))[1] == "TRANSFER_WITHIN_REGION"

    own = await stub.RecordContribution(contribution(resident.resident_id, 20_000), metadata=signed(AGENT))
    assert own.balance_fen == 300_000 + 24_000
    shown = await account(stub, resident.resident_id)
    assert list(shown.contribution_years) == [2015, 2016, 2017, 2018, 2019, TODAY.year]
    history = await stub.GetResidentHistory(
        enrolment_service_pb2.GetResidentHistoryRequest(resident_id=resident.resident_id),
        metadata=signed(county),
    )
    assert [c.kind for c in history.changes].count(enrolment_pb2.RESIDENT_CHANGE_KIND_TRANSFERRED_IN) == 1
    [event] = await published(
        enrolment.kafka_bootstrap,
        RESIDENT_TOPIC,
        events_pb2.ResidentTransferredIn,
        lambda envelope, event: event.resident_id == resident.resident_id,
    )
    assert (event.balance_after_fen, event.contributed_years, list(event.contribution_years)) == (
        300_000,
        5,
        [2015, 2016, 2017, 2018, 2019],
    )


async def test_a_transfer_out_takes_the_whole_balance_and_ends_the_enrolment(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident = await enrol(stub)
    county = officer()
    await stub.TransferIn(transfer_in(resident.resident_id, f"ZY-{uuid.uuid4().hex[:8]}"), metadata=signed(county))
    await stub.RecordContribution(contribution(resident.resident_id, 20_000), metadata=signed(AGENT))
    request = enrolment_service_pb2.TransferOutRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident.resident_id,
        to_pooling_region_code="410122",
        transfer_reference="OUT-2026-17",
        transferred_on=to_calendar_date(TODAY),
        reason="moved to Zhongmou county",
    )
    out = await stub.TransferOut(request, metadata=signed(county))
    assert (out.balance_fen, list(out.contribution_years)) == (324_000, [2015, 2016, 2017, 2018, 2019, TODAY.year])
    assert out.resident.status == enrolment_pb2.ENROLMENT_STATUS_TERMINATED
    assert out.resident.termination_cause == enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT
    assert await stub.TransferOut(request, metadata=signed(county)) == out

    shown = await account(stub, resident.resident_id)
    assert shown.balance_fen == 0
    assert [e.amount_fen for e in shown.entries if e.kind == enrolment_pb2.ACCOUNT_ENTRY_KIND_TRANSFER_OUT] == [
        -324_000
    ]
    later = contribution(resident.resident_id, 20_000, request_id=uuid.uuid4().hex)
    assert (await refusal(stub.RecordContribution(later, metadata=signed(AGENT))))[1] == "ENROLMENT_TERMINATED"

    [event] = await published(
        enrolment.kafka_bootstrap,
        RESIDENT_TOPIC,
        events_pb2.EnrolmentTerminated,
        lambda envelope, event: event.resident_id == resident.resident_id,
    )
    assert (event.cause, event.to_pooling_region_code, event.transferred_balance_fen, event.balance_after_fen) == (
        enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT,
        "410122",
        324_000,
        0,
    )
    assert len(event.transferred_contribution_years) == 6
    assert event.transfer_out_entry.amount_fen == -324_000


# --- who may do what --------------------------------------------------------------------------------------


async def test_agents_keep_to_their_villages_and_readers_only_read(enrolment: Enrolment) -> None:
    stub = enrolment.stub
    resident = await enrol(stub)
    request = contribution(resident.resident_id, 20_000)
    # Another village's resident is answered as an unknown id: the agent learns nothing of who is enrolled.
    assert (await refusal(stub.RecordContribution(request, metadata=signed(OTHER_AGENT))))[1] == ("RESIDENT_NOT_FOUND")
    assert (await refusal(stub.RecordContribution(request, metadata=signed(HOTLINE))))[1] == "ROLE_NOT_ALLOWED"
    in_another_name = contribution(resident.resident_id, 20_000)
    in_another_name.agent_id = "agent-9"
    assert (await refusal(stub.RecordContribution(in_another_name, metadata=signed(AGENT))))[1] == ("AGENT_MISMATCH")
    on_behalf = contribution(resident.resident_id, 20_000, kind=types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF)
    assert (await refusal(stub.RecordContribution(on_behalf, metadata=signed(TOWNSHIP))))[1] == (
        "CONTRIBUTION_KIND_NOT_RECORDABLE"
    )
    assert (await account(stub, resident.resident_id)).balance_fen == 0
    read = enrolment_service_pb2.GetAccountRequest(resident_id=resident.resident_id)
    assert (await refusal(stub.GetAccount(read, metadata=signed(OTHER_AGENT))))[1] == "RESIDENT_NOT_FOUND"
