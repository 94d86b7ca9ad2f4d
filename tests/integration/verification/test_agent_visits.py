"""Agents' visits on the real broker and database: the village's own agent near the village certifies (and resumes
an overdue pensioner); another village's agent, a visit too far away (announced for supervision), the agent's own
or a relative's certification, and a visit without a proper photo are refused, and nothing is written."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from verification_stack import (
    OFFICER,
    Verification,
    all_sent,
    award,
    document_of,
    events_of,
    hear_policy,
    of_type,
    photo,
    published,
    refused,
    register_village,
    resident_id,
    run_deadlines,
    running_verification,
)

from pension.common.v1 import types_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import CHINA
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_testkit import signed
from pension_verification.adapters.store import PHOTO_FILES

# The village committee, and points about 1,000 m and 5,000 m north of it (0.009 and 0.045 degrees of latitude).
COMMITTEE = (32_950_000, 114_550_000)
NEAR = types_pb2.GeoPoint(latitude_e6=COMMITTEE[0] + 9_000, longitude_e6=COMMITTEE[1], accuracy_m=15)
FAR = types_pb2.GeoPoint(latitude_e6=COMMITTEE[0] + 45_000, longitude_e6=COMMITTEE[1], accuracy_m=15)


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        await hear_policy(running)
        await register_village(running, running.village, *COMMITTEE)
        yield running


def agent_of(village: str, user_id: str = "agent-7") -> Caller:
    return Caller(user_id, Role.VILLAGE_AGENT, frozenset({village}))


def visit(resident: str, *, request_id: str = "", **fields: Any) -> verification_service_pb2.RecordAgentVisitRequest:
    visited_at = Timestamp()
    visited_at.FromDatetime(datetime.now(UTC) - timedelta(hours=1))
    request = verification_service_pb2.RecordAgentVisitRequest(
        request_id=request_id or f"visit-{resident}",
        resident_id=resident,
        position=NEAR,
        visited_at=visited_at,
        note="visited at home, in good health",
        photo=photo(),
    )
    for name, value in fields.items():
        if isinstance(value, Timestamp | types_pb2.GeoPoint):
            getattr(request, name).CopyFrom(value)
        else:
            setattr(request, name, value)
    return request


async def photo_files(verification: Verification, resident: str) -> list[dict[str, Any]]:
    files = verification.runtime.context.database[PHOTO_FILES]
    return [found async for found in files.find({"metadata.resident_id": resident})]


async def test_the_village_agent_near_the_village_certifies_and_resumes_an_overdue_pensioner(
    verification: Verification,
) -> None:
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))  # due 2026-01-01: long past
    run = await run_deadlines(verification, request_id="deadlines")
    assert run.overdue == 1
    agent = agent_of(verification.village)
    request = visit(resident, agent_id="agent-7")

    recorded = await verification.stub.RecordAgentVisit(request, metadata=signed(agent), timeout=30)

    certification = recorded.certification
    assert recorded.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    assert certification.method == verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT
    assert certification.agent_id == "agent-7" and certification.position == NEAR
    today = datetime.now(CHINA).date()
    assert (certification.certified_on.year, certification.certified_on.month) == (today.year, today.month)
    (stored,) = await photo_files(verification, resident)
    assert stored["_id"] == certification.evidence_ref and stored["metadata"]["kind"] == "visit"
    # The same request again (a phone retrying): the same proof, one photo, nothing more.
    again = await verification.stub.RecordAgentVisit(request, metadata=signed(agent), timeout=30)
    assert again.certification == certification
    assert len(await photo_files(verification, resident)) == 1

    (announced,) = await events_of(verification, resident, verification_events.CertificationPassed)
    assert announced.was_overdue and announced.certification.agent_id == "agent-7"
    assert (announced.resumes_from.year, announced.resumes_from.month) == (today.year, today.month)
    await all_sent(verification, resident)
    assert len(of_type(await published(verification, resident), verification_events.CertificationPassed)) == 1

    listed = await verification.stub.ListCertifications(
        verification_service_pb2.ListCertificationsRequest(resident_id=resident), metadata=signed(agent), timeout=10
    )
    assert list(listed.certifications) == [certification]


async def test_an_agent_of_another_village_or_naming_another_agent_is_refused(verification: Verification) -> None:
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    before = await document_of(verification, resident)
    stub = verification.stub
    other = agent_of(verification.other_village, "agent-8")
    # Another village's pensioner is answered as an unknown one.
    assert await refused(stub.RecordAgentVisit(visit(resident), metadata=signed(other), timeout=30)) == (
        grpc.StatusCode.NOT_FOUND,
        "CERTIFICATION_NOT_FOUND",
        "resident_id",
    )
    agent = agent_of(verification.village)
    assert await refused(
        stub.RecordAgentVisit(visit(resident, agent_id="agent-8"), metadata=signed(agent), timeout=30)
    ) == (grpc.StatusCode.PERMISSION_DENIED, "AGENT_NOT_CALLER", "agent_id")
    assert await refused(stub.RecordAgentVisit(visit(resident), metadata=signed(OFFICER), timeout=30)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
        "",
    )
    after = await document_of(verification, resident)
    assert after["version"] == before["version"] and after["proofs"] == [] and after["outbox"] == []
    assert await photo_files(verification, resident) == []


async def test_a_visit_too_far_from_the_village_is_refused_and_announced(verification: Verification) -> None:
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    agent = agent_of(verification.village)
    request = visit(resident, position=FAR)
    for _ in range(2):  # the phone retries the same request: refused again, announced once
        assert await refused(verification.stub.RecordAgentVisit(request, metadata=signed(agent), timeout=30)) == (
            grpc.StatusCode.FAILED_PRECONDITION,
            "VISIT_TOO_FAR",
            "position",
        )
    await all_sent(verification, resident)
    (failed,) = of_type(await published(verification, resident), verification_events.CertificationFailed)
    assert failed.method == verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT
    assert (failed.failure_code, failed.agent_id, failed.position) == ("VISIT_TOO_FAR", "agent-7", FAR)
    assert (failed.village_code, failed.pooling_region_code) == (verification.village, verification.region)
    assert failed.evidence_ref.startswith("sha256:")
    document = await document_of(verification, resident)
    assert document["proofs"] == [] and document["last_proof_kind"] is None
    assert await photo_files(verification, resident) == []


async def test_an_agent_may_not_certify_themself_or_a_relative(verification: Verification) -> None:
    themself, relative, neighbour = resident_id(), resident_id(), resident_id()
    for resident in (themself, relative, neighbour):
        await award(verification, resident, Month(2025, 1))
    stub = verification.stub

    async def relate(
        resident: str, relation: verification_pb2.AgentRelation, reason: str = "household register"
    ) -> bool:
        response = await stub.RecordAgentRelation(
            verification_service_pb2.RecordAgentRelationRequest(
                request_id=f"relation-{resident}",
                agent_id="agent-7",
                resident_id=resident,
                relation=relation,
                reason=reason,
            ),
            metadata=signed(OFFICER),
            timeout=10,
        )
        return bool(response.created)

    assert await relate(themself, verification_pb2.AGENT_RELATION_SELF)
    assert await relate(relative, verification_pb2.AGENT_RELATION_RELATIVE)
    assert not await relate(relative, verification_pb2.AGENT_RELATION_RELATIVE)  # again: recorded once
    assert await refused(
        stub.RecordAgentRelation(
            verification_service_pb2.RecordAgentRelationRequest(
                request_id="r",
                agent_id="agent-7",
                resident_id=neighbour,
                relation=verification_pb2.AGENT_RELATION_RELATIVE,
            ),
            metadata=signed(OFFICER),
            timeout=10,
        )
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "REASON_REQUIRED", "reason")
    agent = agent_of(verification.village)
    assert await refused(
        stub.RecordAgentRelation(
            verification_service_pb2.RecordAgentRelationRequest(
                request_id="r",
                agent_id="agent-7",
                resident_id=neighbour,
                relation=verification_pb2.AGENT_RELATION_SELF,
                reason="me",
            ),
            metadata=signed(agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", "")

    assert await refused(stub.RecordAgentVisit(visit(themself), metadata=signed(agent), timeout=30)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "AGENT_IS_SELF",
        "agent_id",
    )
    assert await refused(stub.RecordAgentVisit(visit(relative), metadata=signed(agent), timeout=30)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "AGENT_IS_RELATIVE",
        "agent_id",
    )
    for resident in (themself, relative):
        assert (await document_of(verification, resident))["proofs"] == []
        assert await photo_files(verification, resident) == []
    # The neighbour, not related, is certified by the same agent.
    recorded = await stub.RecordAgentVisit(visit(neighbour), metadata=signed(agent), timeout=30)
    assert recorded.certification.method == verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT


async def test_a_visit_without_a_photo_or_with_a_file_that_is_not_one_is_refused(verification: Verification) -> None:
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    agent = agent_of(verification.village)
    stub = verification.stub
    long_ago = Timestamp()
    long_ago.FromDatetime(datetime.now(UTC) - timedelta(days=8))
    cases = [
        (visit(resident, photo=b""), "PHOTO_REQUIRED", "photo"),
        (visit(resident, photo=b"%PDF-1.7 a scanned form"), "IMAGE_NOT_JPEG_OR_PNG", "photo"),
        (visit(resident, photo=photo()[:600]), "IMAGE_UNREADABLE", "photo"),
        (visit(resident, photo=photo(32, 32)), "IMAGE_DIMENSIONS", "photo"),
        (visit(resident, visited_at=long_ago), "VISITED_AT_TOO_OLD", "visited_at"),
        (visit(resident, position=types_pb2.GeoPoint()), "POSITION_REQUIRED", "position"),
    ]
    for request, reason, field in cases:
        assert await refused(stub.RecordAgentVisit(request, metadata=signed(agent), timeout=30)) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            reason,
            field,
        ), reason
    document = await document_of(verification, resident)
    assert document["version"] == 1 and document["proofs"] == [] and document["outbox"] == []
    assert await photo_files(verification, resident) == []
