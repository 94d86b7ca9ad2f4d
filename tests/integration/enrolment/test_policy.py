"""Policy as versioned data on the real database and broker: who changes it, the version in force, recomputation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import grpc
import pytest
from aiokafka import AIOKafkaConsumer

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc, events_pb2
from pension_contracts.policy import policy_message
from pension_kit.events import parse_envelope
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.policy import demo_policy
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
# A county the tests never give the demo policy to, so it starts with none.
BARE_REGION = "411725"
TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date()
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
HOTLINE = Caller("hotline-1", Role.HOTLINE)
TOWNSHIP = Caller("township-1", Role.TOWNSHIP_OFFICER)
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub


def officer() -> Caller:
    return Caller(f"officer-{uuid.uuid4().hex[:8]}", Role.COUNTY_OFFICER)


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[tuple[Stub, str]]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    stub = Stub(services.channel(services.enrolment))
    await ensure_demo_policy(stub, REGION)
    yield stub, kafka_broker.bootstrap_servers
    await services.stop()


def demo_values(region: str, effective_from: date | None = None) -> enrolment_pb2.Policy:
    policy = policy_message(demo_policy(region, datetime.now(UTC)))
    if effective_from is not None:
        policy.effective_from.CopyFrom(to_calendar_date(effective_from))
    return policy


def change(policy: enrolment_pb2.Policy, reason: str) -> enrolment_service_pb2.ChangePolicyRequest:
    return enrolment_service_pb2.ChangePolicyRequest(request_id=uuid.uuid4().hex, policy=policy, reason=reason)


async def get_policy(stub: Stub, region: str, as_of: date | None = None) -> enrolment_pb2.Policy:
    request = enrolment_service_pb2.GetPolicyRequest(pooling_region_code=region, as_of=to_calendar_date(as_of))
    response: enrolment_service_pb2.GetPolicyResponse = await stub.GetPolicy(request, metadata=signed(HOTLINE))
    return response.policy


async def refusal(call: Any) -> tuple[grpc.StatusCode, str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.code, error.reason, error.field


async def policy_changes(kafka_bootstrap: str, region: str, actor: str) -> list[events_pb2.PolicyChanged]:
    """The PolicyChanged events of `region` made by `actor`, once there is one."""
    consumer = AIOKafkaConsumer(
        "pension.enrolment.region.v1",
        bootstrap_servers=kafka_bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    found: list[events_pb2.PolicyChanged] = []
    try:

        async def enough() -> list[events_pb2.PolicyChanged] | None:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    envelope = parse_envelope(record.value)
                    if envelope.event_type != events_pb2.PolicyChanged.DESCRIPTOR.full_name:
                        continue
                    event = events_pb2.PolicyChanged()
                    envelope.payload.Unpack(event)
                    if envelope.subject_key == region and envelope.actor == actor:
                        found.append(event)
            return found or None

        return await eventually(enough, what=f"PolicyChanged of {region} by {actor}")
    finally:
        await consumer.stop()


async def test_a_region_without_a_policy_calculates_nothing_until_a_county_officer_adds_one(
    enrolment: tuple[Stub, str],
) -> None:
    stub, kafka_bootstrap = enrolment
    # Each test has its own database, but the broker is shared: events of this region are told apart by actor.
    county = officer()
    assert await refusal(get_policy(stub, BARE_REGION)) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "POLICY_NOT_IN_FORCE",
        "effective_from",
    )
    first = change(demo_values(BARE_REGION), "county notice 2011-17")
    assert (await refusal(stub.ChangePolicy(first, metadata=signed(TOWNSHIP))))[1] == "ROLE_NOT_ALLOWED"
    without_reason = change(demo_values(BARE_REGION), "  ")
    assert await refusal(stub.ChangePolicy(without_reason, metadata=signed(county))) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "REASON_REQUIRED",
        "reason",
    )

    # The first version of a region may start in the past: it is how the county's history is loaded.
    stored = (await stub.ChangePolicy(first, metadata=signed(county))).policy
    assert (stored.changed_by, stored.reason) == (county.user_id, "county notice 2011-17")
    assert stored.policy_version_id and stored.changed_at.seconds > 0
    assert (await stub.ChangePolicy(first, metadata=signed(county))).policy == stored
    assert await get_policy(stub, BARE_REGION, TODAY) == stored
    unauthenticated = enrolment_service_pb2.GetPolicyRequest(pooling_region_code=BARE_REGION)
    assert (await refusal(stub.GetPolicy(unauthenticated)))[1] == "TOKEN_MISSING"

    rewrite_the_past = change(demo_values(BARE_REGION, TODAY), "backdated")
    assert (await refusal(stub.ChangePolicy(rewrite_the_past, metadata=signed(county))))[1] == (
        "POLICY_EFFECTIVE_DATE_NOT_FUTURE"
    )
    no_grades = demo_values(BARE_REGION, TODAY + timedelta(days=30))
    del no_grades.grades[:]
    assert (await refusal(stub.ChangePolicy(change(no_grades, "x"), metadata=signed(county))))[1:] == (
        "GRADES_REQUIRED",
        "grades",
    )
    versions = await stub.ListPolicyVersions(
        enrolment_service_pb2.ListPolicyVersionsRequest(pooling_region_code=BARE_REGION),
        metadata=signed(AGENT),
    )
    assert list(versions.policies) == [stored]

    [event] = await policy_changes(kafka_bootstrap, BARE_REGION, county.user_id)
    assert (event.policy, event.previous_policy_version_id) == (stored, "")


async def test_a_calculation_uses_the_version_in_force_on_its_date(enrolment: tuple[Stub, str]) -> None:
    stub, kafka_bootstrap = enrolment
    demo = await get_policy(stub, REGION, TODAY)
    next_year = demo_values(REGION, TODAY + timedelta(days=30))
    for grade in next_year.grades:
        grade.subsidy_fen *= 2
        for part in grade.subsidy_parts:  # who pays it keeps adding up to it
            part.annual_fen *= 2
    county = officer()
    changed = (
        await stub.ChangePolicy(change(next_year, "provincial notice: subsidies doubled"), metadata=signed(county))
    ).policy

    assert (await get_policy(stub, REGION, TODAY)).policy_version_id == demo.policy_version_id
    assert (await get_policy(stub, REGION, TODAY + timedelta(days=29))).policy_version_id == demo.policy_version_id
    assert (await get_policy(stub, REGION, TODAY + timedelta(days=30))).policy_version_id == changed.policy_version_id
    versions = await stub.ListPolicyVersions(
        enrolment_service_pb2.ListPolicyVersionsRequest(pooling_region_code=REGION), metadata=signed(HOTLINE)
    )
    assert [v.policy_version_id for v in versions.policies] == [demo.policy_version_id, changed.policy_version_id]

    # Paid today: today's version, whatever comes next month.
    resident = await enrol(stub)
    paid = await stub.RecordContribution(contribution(resident.resident_id, 50_000), metadata=signed(AGENT))
    assert (paid.contribution.subsidy_fen, paid.contribution.policy_version_id) == (6_000, demo.policy_version_id)

    [event] = await policy_changes(kafka_bootstrap, REGION, county.user_id)
    assert event.previous_policy_version_id == demo.policy_version_id
    assert event.policy.grades[4].subsidy_fen == 12_000


async def test_a_past_year_recomputed_after_a_policy_change_gives_the_same_numbers(enrolment: tuple[Stub, str]) -> None:
    stub, _ = enrolment
    year = TODAY.year - 1
    first = await enrol(stub, enrolled_on=date(year - 1, 1, 2).isoformat())
    await stub.RecordContribution(
        contribution(first.resident_id, 50_000, paid_on=date(year - 1, 3, 1)), metadata=signed(AGENT)
    )
    await stub.RecordContribution(
        contribution(first.resident_id, 20_000, paid_on=date(year, 6, 1)), metadata=signed(AGENT)
    )
    county = officer()
    run = await stub.RunYearEndInterest(interest(year), metadata=signed(county))
    assert (run.rate_ppm, run.interest_fen) == (25_000, 1_400)
    before = await statement(stub, first.resident_id, year)

    # Every rate, this past year's included, and every subsidy change from next month.
    richer = demo_values(REGION, TODAY + timedelta(days=30))
    for rate in richer.interest_rates:
        rate.rate_ppm = 50_000
    for grade in richer.grades:
        grade.subsidy_fen *= 2
        for part in grade.subsidy_parts:  # who pays it keeps adding up to it
            part.annual_fen *= 2
    await stub.ChangePolicy(change(richer, "provincial notice"), metadata=signed(county))

    assert await statement(stub, first.resident_id, year) == before
    again = await stub.RunYearEndInterest(interest(year), metadata=signed(county))
    assert (again.rate_ppm, again.accounts_credited, again.accounts_already_credited) == (25_000, 0, 1)
    assert await statement(stub, first.resident_id, year) == before

    # A second resident with the same history, credited only now, gets the same numbers as the first did.
    second = await enrol(stub, enrolled_on=date(year - 1, 1, 2).isoformat())
    await stub.RecordContribution(
        contribution(second.resident_id, 50_000, paid_on=date(year - 1, 3, 1)), metadata=signed(AGENT)
    )
    await stub.RecordContribution(
        contribution(second.resident_id, 20_000, paid_on=date(year, 6, 1)), metadata=signed(AGENT)
    )
    late = await stub.RunYearEndInterest(interest(year), metadata=signed(county))
    assert (late.rate_ppm, late.accounts_credited, late.accounts_already_credited, late.interest_fen) == (
        25_000,
        1,
        1,
        1_400,
    )
    recomputed = await statement(stub, second.resident_id, year)
    figures = ("opening_balance_fen", "personal_fen", "subsidy_fen", "interest_fen", "closing_balance_fen")
    assert [getattr(recomputed, f) for f in figures] == [getattr(before, f) for f in figures]
    assert (before.opening_balance_fen, before.subsidy_fen, before.interest_fen, before.closing_balance_fen) == (
        56_000,
        4_000,
        1_400,
        81_400,
    )


async def enrol(stub: Stub, **overrides: Any) -> enrolment_pb2.Resident:
    overrides["citizen_id_number"] = fresh_citizen_id(date(1970, 1, 1), 20, region=REGION)
    body = new_enrolment(**overrides)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    request = enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on))
    response: enrolment_service_pb2.EnrolResponse = await stub.Enrol(request, metadata=signed(AGENT))
    return response.resident


def contribution(
    resident_id: str, grade_fen: int, *, paid_on: date = TODAY
) -> enrolment_service_pb2.RecordContributionRequest:
    return enrolment_service_pb2.RecordContributionRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident_id,
        year=paid_on.year,
        kind=types_pb2.CONTRIBUTION_KIND_OWN,
        channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
        grade_fen=grade_fen,
        receipt_number=f"R{uuid.uuid4().hex[:10]}",
        agent_id=AGENT.user_id,
        paid_on=to_calendar_date(paid_on),
    )


def interest(year: int) -> enrolment_service_pb2.RunYearEndInterestRequest:
    return enrolment_service_pb2.RunYearEndInterestRequest(
        request_id=uuid.uuid4().hex, pooling_region_code=REGION, year=year, reason="year-end interest"
    )


async def statement(stub: Stub, resident_id: str, year: int) -> enrolment_service_pb2.AnnualStatement:
    request = enrolment_service_pb2.GetAnnualStatementRequest(resident_id=resident_id, year=year)
    # The hotline reads the statement of the resident whose caller it verified.
    response: enrolment_service_pb2.GetAnnualStatementResponse = await stub.GetAnnualStatement(
        request, metadata=signed(replace(HOTLINE, resident_id=resident_id))
    )
    return response.statement
