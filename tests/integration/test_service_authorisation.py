"""Authorisation again in every service, called directly over gRPC as the gateway (or anyone on the network with a
token) would: for every RPC that reads or changes one resident, each kind of caller gets what its role and scope
allow.

A village agent asking about another village's resident gets exactly the answer an id nobody has gets (so the answers
do not tell them who is enrolled anywhere in the county); the hotline reads only the resident whose caller it
verified, and lists nobody; officers, approvers and auditors keep their roles' answers.

The resident is real all the way through: enrolled in enrolment, awarded by payout's award run from enrolment's
events, followed by verification from payout's award, and named in a ticket supervision keeps.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from verification_stack import photo

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.clock import today_in_china
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_supervision.domain.complaints import ticket_number
from pension_testkit import (
    DEMO_VILLAGE,
    InProcessServices,
    ensure_demo_policy,
    eventually,
    new_enrolment,
    signed,
)

REGION: Final = DEMO_VILLAGE[:6]
OTHER_VILLAGE: Final = f"{REGION}101202"
OFFICER: Final = Caller("officer-1", Role.COUNTY_OFFICER)

# What a caller gets: the answer itself, a refusal for its role or scope (the reason), or the not-found an id
# nobody has gets.
ALLOWED: Final = "allowed"
AS_UNKNOWN: Final = "as unknown"

ROLES: Final = (
    "agent of the resident's village",
    "agent of another village",
    "hotline, caller not verified",
    "hotline, verified for this resident",
    "hotline, verified for another resident",
    "township officer",
    "county officer",
    "county approver",
    "auditor",
)


def callers(resident_id: str) -> dict[str, Caller]:
    """Every kind of caller, as the sign-in service's tokens name them."""
    return dict(
        zip(
            ROLES,
            (
                Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}), device_id="phone-1"),
                Caller("agent-2", Role.VILLAGE_AGENT, frozenset({OTHER_VILLAGE}), device_id="phone-2"),
                Caller("hotline-1", Role.HOTLINE),
                Caller("hotline-1", Role.HOTLINE, resident_id=resident_id),
                Caller("hotline-1", Role.HOTLINE, resident_id=f"R{uuid.uuid4().hex[:20].upper()}"),
                Caller("township-1", Role.TOWNSHIP_OFFICER),
                OFFICER,
                Caller("approver-1", Role.COUNTY_APPROVER),
                Caller("auditor-1", Role.AUDITOR),
            ),
            strict=True,
        )
    )


def expected(allowed: str, exceptions: dict[str, str] | None = None) -> dict[str, str]:
    """The answers when the roles in `allowed` (agent, hotline, township, county, approver, auditor) may make the
    call: an agent for their own villages only (another village's resident as if unknown), the hotline for its
    verified caller's resident only; `exceptions` by role."""
    roles = set(allowed.split())
    agent = ALLOWED if "agent" in roles else "ROLE_NOT_ALLOWED"
    hotline = "CALLER_NOT_VERIFIED" if "hotline" in roles else "ROLE_NOT_ALLOWED"
    answers = {
        "agent of the resident's village": agent,
        "agent of another village": AS_UNKNOWN if "agent" in roles else "ROLE_NOT_ALLOWED",
        "hotline, caller not verified": hotline,
        "hotline, verified for this resident": ALLOWED if "hotline" in roles else "ROLE_NOT_ALLOWED",
        "hotline, verified for another resident": hotline,
        "township officer": ALLOWED if "township" in roles else "ROLE_NOT_ALLOWED",
        "county officer": ALLOWED if "county" in roles else "ROLE_NOT_ALLOWED",
        "county approver": ALLOWED if "approver" in roles else "ROLE_NOT_ALLOWED",
        "auditor": ALLOWED if "auditor" in roles else "ROLE_NOT_ALLOWED",
    }
    answers.update(exceptions or {})
    return answers


@dataclass(frozen=True)
class Subject:
    """Whom a call is about: the enrolled resident, or the same kinds of ids that nobody has."""

    resident_id: str
    citizen_id_number: str
    ticket_number: str


@dataclass(frozen=True)
class Stubs:
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    payout: payout_service_pb2_grpc.PayoutServiceStub
    verification: verification_service_pb2_grpc.VerificationServiceStub
    supervision: supervision_service_pb2_grpc.SupervisionServiceStub


@dataclass(frozen=True)
class County:
    stubs: Stubs
    resident: Subject
    unknown: Subject


Metadata = tuple[tuple[str, str], ...]
Call = Callable[[Stubs, Subject, Metadata], Awaitable[Any]]


def _mobile() -> str:
    return f"139{uuid.uuid4().int % 10**8:08d}"


def _visit(resident_id: str) -> verification_service_pb2.RecordAgentVisitRequest:
    """An agent's visit an hour ago near the village committee, with a photograph."""
    visited_at = Timestamp()
    visited_at.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
    return verification_service_pb2.RecordAgentVisitRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident_id,
        position=types_pb2.GeoPoint(latitude_e6=32_950_000, longitude_e6=114_550_000, accuracy_m=15),
        visited_at=visited_at,
        note="visited at home",
        photo=photo(),
    )


# Every RPC of the four services that reads or changes one resident, with who may make it.
MATRIX: Final[dict[str, tuple[Call, dict[str, str]]]] = {
    "enrolment GetResident": (
        lambda s, who, md: s.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment FindResidentByCitizenId": (
        lambda s, who, md: s.enrolment.FindResidentByCitizenId(
            enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=who.citizen_id_number),
            metadata=md,
            timeout=30,
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment GetResidentHistory": (
        lambda s, who, md: s.enrolment.GetResidentHistory(
            enrolment_service_pb2.GetResidentHistoryRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment GetAccount": (
        lambda s, who, md: s.enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment ListContributions": (
        lambda s, who, md: s.enrolment.ListContributions(
            enrolment_service_pb2.ListContributionsRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment GetAnnualStatement": (
        lambda s, who, md: s.enrolment.GetAnnualStatement(
            enrolment_service_pb2.GetAnnualStatementRequest(resident_id=who.resident_id, year=today_in_china().year),
            metadata=md,
            timeout=30,
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "enrolment ChangeMobile": (
        lambda s, who, md: s.enrolment.ChangeMobile(
            enrolment_service_pb2.ChangeMobileRequest(
                request_id=uuid.uuid4().hex, resident_id=who.resident_id, mobile=_mobile(), reason="new phone"
            ),
            metadata=md,
            timeout=30,
        ),
        expected("agent township county"),
    ),
    "payout GetAward": (
        lambda s, who, md: s.payout.GetAward(
            payout_service_pb2.GetAwardRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("hotline township county approver auditor"),
    ),
    "payout GetResidentPayments": (
        lambda s, who, md: s.payout.GetResidentPayments(
            payout_service_pb2.GetResidentPaymentsRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("hotline township county approver auditor"),
    ),
    "payout ListOverpaymentCases of a resident": (
        lambda s, who, md: s.payout.ListOverpaymentCases(
            payout_service_pb2.ListOverpaymentCasesRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("hotline county approver auditor"),
    ),
    "verification GetCertificationStatus": (
        lambda s, who, md: s.verification.GetCertificationStatus(
            verification_service_pb2.GetCertificationStatusRequest(resident_id=who.resident_id),
            metadata=md,
            timeout=30,
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "verification ListCertifications": (
        lambda s, who, md: s.verification.ListCertifications(
            verification_service_pb2.ListCertificationsRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("agent hotline township county approver auditor"),
    ),
    "verification IssueLivenessChallenge": (
        lambda s, who, md: s.verification.IssueLivenessChallenge(
            verification_service_pb2.IssueLivenessChallengeRequest(resident_id=who.resident_id),
            metadata=md,
            timeout=30,
        ),
        expected("agent township county"),
    ),
    "verification RecordAgentVisit": (
        lambda s, who, md: s.verification.RecordAgentVisit(_visit(who.resident_id), metadata=md, timeout=30),
        expected("agent"),
    ),
    "verification ReportDeath": (
        lambda s, who, md: s.verification.ReportDeath(
            verification_service_pb2.ReportDeathRequest(
                request_id=uuid.uuid4().hex,
                resident_id=who.resident_id,
                date_of_death=to_calendar_date(today_in_china() - timedelta(days=1)),
                evidence_ref="村委会证明",
                reason="the family told the agent",
            ),
            metadata=md,
            timeout=30,
        ),
        expected("agent township county"),
    ),
    "supervision ListComplaints of a resident": (
        lambda s, who, md: s.supervision.ListComplaints(
            supervision_service_pb2.ListComplaintsRequest(resident_id=who.resident_id), metadata=md, timeout=30
        ),
        expected("hotline township county approver auditor"),
    ),
    # The hotline reads a ticket by the number it read out to the caller, whoever the caller is.
    "supervision GetComplaint": (
        lambda s, who, md: s.supervision.GetComplaint(
            supervision_service_pb2.GetComplaintRequest(ticket_number=who.ticket_number), metadata=md, timeout=30
        ),
        expected(
            "agent hotline township county approver auditor",
            {"hotline, caller not verified": ALLOWED, "hotline, verified for another resident": ALLOWED},
        ),
    ),
}


@pytest.fixture(scope="module")
async def county(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[County]:
    """The four services, and a resident of DEMO_VILLAGE enrolled, awarded a pension, followed by verification and
    named in a ticket."""
    services = await InProcessServices(
        kafka_bootstrap, mongo_uri, with_payout=True, with_verification=True, with_supervision=True
    ).start()
    assert services.enrolment and services.payout and services.verification and services.supervision
    stubs = Stubs(
        enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment)),
        payout_service_pb2_grpc.PayoutServiceStub(services.channel(services.payout)),
        verification_service_pb2_grpc.VerificationServiceStub(services.channel(services.verification)),
        supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision)),
    )
    try:
        await ensure_demo_policy(stubs.enrolment, REGION)
        # Born in 1950: over 60 when the scheme began, so pensioned with no contribution needed.
        body = new_enrolment(DEMO_VILLAGE, citizen_id_number=make_citizen_id(REGION, date(1950, 3, 1), 17))
        enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
        enrolled = await stubs.enrolment.Enrol(
            enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on)),
            metadata=signed(OFFICER),
            timeout=30,
        )
        resident_id = enrolled.resident.resident_id
        await _awarded(stubs, resident_id)
        filed = await stubs.supervision.FileComplaint(
            supervision_service_pb2.FileComplaintRequest(
                request_id=uuid.uuid4().hex,
                kind=supervision_pb2.COMPLAINT_KIND_ENQUIRY,
                channel=supervision_pb2.COMPLAINT_CHANNEL_HOTLINE,
                village_code=DEMO_VILLAGE,
                resident_id=resident_id,
                subject="养老金何时到账",
            ),
            # The hotline opens a ticket before, or without, verifying its caller.
            metadata=signed(Caller("hotline-1", Role.HOTLINE)),
            timeout=30,
        )
        yield County(
            stubs,
            Subject(resident_id, body["citizen_id_number"], filed.complaint.ticket_number),
            # The same kinds of ids, which nobody has: a valid ID number never enrolled, a ticket number never given.
            Subject(
                f"R{uuid.uuid4().hex[:20].upper()}",
                make_citizen_id(REGION, date(1951, 7, 9), 923),
                ticket_number(REGION, today_in_china(), 9_999),
            ),
        )
    finally:
        await services.stop()


async def _awarded(stubs: Stubs, resident_id: str) -> None:
    """Payout's award run awards the resident (once enrolment's events reach it), and verification follows the
    pensioner from payout's award."""
    month = Month.of(today_in_china())

    async def award() -> bool:
        try:
            await stubs.payout.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=REGION, month=to_year_month(month)
                ),
                metadata=signed(OFFICER),
                timeout=30,
            )
            await stubs.payout.GetAward(
                payout_service_pb2.GetAwardRequest(resident_id=resident_id), metadata=signed(OFFICER), timeout=30
            )
        except grpc.aio.AioRpcError as error:
            # The policy or the resident has not reached payout yet.
            assert from_rpc_error(error).reason in {"POLICY_NOT_IN_FORCE", "AWARD_NOT_FOUND"}, error
            return False
        return True

    async def followed() -> bool:
        try:
            await stubs.verification.GetCertificationStatus(
                verification_service_pb2.GetCertificationStatusRequest(resident_id=resident_id),
                metadata=signed(OFFICER),
                timeout=30,
            )
        except grpc.aio.AioRpcError as error:
            assert from_rpc_error(error).reason == "CERTIFICATION_NOT_FOUND", error
            return False
        return True

    await eventually(award, deadline=90.0, what="payout awarded the resident")
    await eventually(followed, deadline=60.0, what="verification follows the pensioner")


@dataclass(frozen=True)
class Answer:
    """What a call got back: nothing refused, or the refusal as the caller sees it (the id it asked about in the
    message replaced, so that answers about two ids compare)."""

    code: grpc.StatusCode | None = None
    reason: str = ""
    field: str = ""
    message: str = ""
    message_zh: str = ""


async def answer(call: Awaitable[Any], asked_about: Subject) -> Answer:
    try:
        await call
    except grpc.aio.AioRpcError as error:
        refusal = from_rpc_error(error)
        message = refusal.message
        for identifier in (asked_about.resident_id, asked_about.citizen_id_number, asked_about.ticket_number):
            message = message.replace(identifier, "<asked>")
        return Answer(refusal.code, refusal.reason, refusal.field, message, refusal.message_zh)
    return Answer()


@pytest.mark.parametrize("rpc", list(MATRIX))
async def test_every_caller_gets_what_its_role_and_scope_allow(county: County, rpc: str) -> None:
    call, answers = MATRIX[rpc]
    got: dict[str, str] = {}
    for role, caller in callers(county.resident.resident_id).items():
        about_resident = await answer(call(county.stubs, county.resident, signed(caller)), county.resident)
        if about_resident.code is None:
            got[role] = ALLOWED
        elif about_resident.code == grpc.StatusCode.FAILED_PRECONDITION:
            # Past authorisation, refused by the state of things (a death report already pending, a village whose
            # position verification does not know yet): the caller may make the call.
            got[role] = ALLOWED
        elif about_resident.code == grpc.StatusCode.NOT_FOUND:
            # Hidden only if it is word for word what the same caller gets for an id nobody has.
            about_nobody = await answer(call(county.stubs, county.unknown, signed(caller)), county.unknown)
            assert about_resident == about_nobody, (rpc, role)
            got[role] = AS_UNKNOWN
        else:
            assert about_resident.code == grpc.StatusCode.PERMISSION_DENIED, (rpc, role, about_resident)
            got[role] = about_resident.reason
    assert got == answers


async def test_an_agent_cannot_tell_who_is_enrolled_in_another_village_by_the_id_number(county: County) -> None:
    """The issue's case: the lookup by ID number answers an enrolled resident of another village and a number
    nobody enrolled the same way, while their own village's agent finds the resident."""
    agents = callers(county.resident.resident_id)
    other = signed(agents["agent of another village"])
    lookup = MATRIX["enrolment FindResidentByCitizenId"][0]
    enrolled_elsewhere = await answer(lookup(county.stubs, county.resident, other), county.resident)
    never_enrolled = await answer(lookup(county.stubs, county.unknown, other), county.unknown)
    assert enrolled_elsewhere == never_enrolled
    assert (enrolled_elsewhere.code, enrolled_elsewhere.reason) == (grpc.StatusCode.NOT_FOUND, "RESIDENT_NOT_FOUND")
    own = signed(agents["agent of the resident's village"])
    found = await county.stubs.enrolment.FindResidentByCitizenId(
        enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=county.resident.citizen_id_number),
        metadata=own,
        timeout=30,
    )
    assert found.resident.resident_id == county.resident.resident_id


async def test_the_hotline_lists_nobody_even_once_verified(county: County) -> None:
    """Lists of many residents are refused to the hotline, verified or not; officers get them."""
    stubs = county.stubs
    month = to_year_month(Month.of(today_in_china()))
    lists: dict[str, Callable[[Metadata], Awaitable[Any]]] = {
        "ListVillageResidents": lambda md: stubs.enrolment.ListVillageResidents(
            enrolment_service_pb2.ListVillageResidentsRequest(village_code=DEMO_VILLAGE), metadata=md, timeout=30
        ),
        "ListAwards": lambda md: stubs.payout.ListAwards(
            payout_service_pb2.ListAwardsRequest(pooling_region_code=REGION), metadata=md, timeout=30
        ),
        "ListShortOfYears": lambda md: stubs.payout.ListShortOfYears(
            payout_service_pb2.ListShortOfYearsRequest(pooling_region_code=REGION, checked_month=month),
            metadata=md,
            timeout=30,
        ),
        "ListOverpaymentCases": lambda md: stubs.payout.ListOverpaymentCases(
            payout_service_pb2.ListOverpaymentCasesRequest(pooling_region_code=REGION), metadata=md, timeout=30
        ),
        "ListComplaints": lambda md: stubs.supervision.ListComplaints(
            supervision_service_pb2.ListComplaintsRequest(pooling_region_code=REGION), metadata=md, timeout=30
        ),
    }
    verified = Caller("hotline-1", Role.HOTLINE, resident_id=county.resident.resident_id)
    for name, listing in lists.items():
        for hotline in (Caller("hotline-1", Role.HOTLINE), verified):
            refused = await answer(listing(signed(hotline)), county.resident)
            assert refused.code == grpc.StatusCode.PERMISSION_DENIED, (name, hotline)
            assert refused.reason in {"ROLE_NOT_ALLOWED", "CALLER_NOT_VERIFIED"}, (name, refused)
        assert await answer(listing(signed(OFFICER)), county.resident) == Answer(), name
