"""The certification cycle's gRPC servicer: each request's fields checked where it enters, each reply mapped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from verification_testkit import InMemoryCertifications

from pension.common.v1 import types_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role, current_caller
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date
from pension_verification.entrypoints.grpc_servicer import VerificationServicer
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.proofs import ProofService

REGION = "411723"
VILLAGE = "411723101201"
TOPIC = "pension.verification.resident.v1"
TODAY = date(2026, 2, 3)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({VILLAGE}))


def _today() -> date:
    return TODAY


def _ignore(collection: str, ids: Any) -> None:
    return None


@pytest.fixture
def repository() -> InMemoryCertifications:
    return InMemoryCertifications(demo_policy(REGION, datetime(2011, 1, 1, tzinfo=UTC)))


@pytest.fixture
def servicer(repository: InMemoryCertifications) -> VerificationServicer:
    return VerificationServicer(
        ProofService(repository, topic=TOPIC, notify_relay=_ignore, data_max_age_days=90, today=_today),
        DeadlineService(repository, topic=TOPIC, notify_relay=_ignore, today=_today),
        CertificationQueries(repository, today=_today),
    )


def as_caller(caller: Caller) -> None:
    """The caller of the calls that follow (each test runs in a context of its own, so this does not leak)."""
    current_caller.set(caller)


async def award(repository: InMemoryCertifications, resident_id: str) -> None:
    await CycleService(repository, topic=TOPIC, notify_relay=_ignore).start(
        f"award-{resident_id}",
        resident_id=resident_id,
        award_id=f"AW-{resident_id}",
        pooling_region_code=REGION,
        village_code=VILLAGE,
        first_month=Month(2025, 1),
    )


def data_request(**fields: Any) -> verification_service_pb2.RecordDataCertificationRequest:
    request = verification_service_pb2.RecordDataCertificationRequest(
        request_id="req-1",
        resident_id="R1",
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE,
        source_ref="GOV-1",
        observed_on=to_calendar_date(date(2026, 2, 1)),
    )
    for name, value in fields.items():
        if isinstance(value, types_pb2.CalendarDate):
            getattr(request, name).CopyFrom(value)
        else:
            setattr(request, name, value)
    return request


async def test_a_data_proof_is_answered_with_the_certification_and_the_status(
    servicer: VerificationServicer, repository: InMemoryCertifications
) -> None:
    await award(repository, "R1")
    as_caller(OFFICER)
    reply = await servicer.RecordDataCertification(data_request(), None)
    assert reply.certification.method == verification_pb2.CERTIFICATION_METHOD_DATA
    assert reply.certification.sign_of_life_source == verification_pb2.SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE
    assert reply.certification.sign_of_life_ref == "GOV-1" and reply.certification.resident_id == "R1"
    assert reply.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    assert reply.status.last_certification == reply.certification
    assert (reply.status.due_on.year, reply.status.due_on.month, reply.status.due_on.day) == (2027, 2, 1)
    status = await servicer.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id="R1"),
        None,
    )
    assert status.status == reply.status


@pytest.mark.parametrize(
    ("fields", "reason", "field"),
    [
        ({"source": 0}, "ENUM_VALUE_REQUIRED", "source"),
        ({"source": 42}, "ENUM_VALUE_UNKNOWN", "source"),
        ({"observed_on": types_pb2.CalendarDate()}, "DATE_REQUIRED", "observed_on"),
        ({"observed_on": types_pb2.CalendarDate(year=2026, month=2, day=30)}, "DATE_INVALID", "observed_on"),
        ({"resident_id": ""}, "RESIDENT_ID_REQUIRED", "resident_id"),
        ({"resident_id": "R" * 129}, "FIELD_TOO_LONG", "resident_id"),
    ],
)
async def test_a_data_proof_request_is_refused_naming_its_field(
    servicer: VerificationServicer,
    repository: InMemoryCertifications,
    fields: dict[str, Any],
    reason: str,
    field: str,
) -> None:
    await award(repository, "R1")
    as_caller(OFFICER)
    with pytest.raises(DomainError) as refused:
        await servicer.RecordDataCertification(data_request(**fields), None)
    assert (refused.value.reason, refused.value.field) == (reason, field)
    assert repository.writes == 0


@pytest.mark.parametrize(
    ("request_fields", "reason", "field"),
    [
        ({"village_code": VILLAGE, "page_size": 1001}, "PAGE_SIZE_INVALID", "page_size"),
        ({"village_code": VILLAGE, "page_size": -1}, "PAGE_SIZE_INVALID", "page_size"),
        (
            {"village_code": VILLAGE, "due_by": types_pb2.CalendarDate(year=2026, month=13, day=1)},
            "DATE_INVALID",
            "due_by",
        ),
    ],
)
async def test_a_task_list_request_is_refused_naming_its_field(
    servicer: VerificationServicer, request_fields: dict[str, Any], reason: str, field: str
) -> None:
    as_caller(AGENT)
    with pytest.raises(DomainError) as refused:
        await servicer.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(**request_fields),
            None,
        )
    assert (refused.value.reason, refused.value.field) == (reason, field)


async def test_the_deadlines_rpc_answers_its_counts_and_checks_its_fields(
    servicer: VerificationServicer, repository: InMemoryCertifications
) -> None:
    await award(repository, "R1")
    as_caller(OFFICER)
    request = verification_service_pb2.RunCertificationDeadlinesRequest(request_id="d-1", pooling_region_code=REGION)
    reply = await servicer.RunCertificationDeadlines(request, None)
    assert (reply.due_soon, reply.overdue) == (0, 1)
    refusals: list[tuple[dict[str, Any], str, str]] = [
        ({"request_id": ""}, "REQUEST_ID_REQUIRED", "request_id"),
        ({"pooling_region_code": "4117"}, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        ({"as_of": types_pb2.CalendarDate(year=2026, month=2, day=29)}, "DATE_INVALID", "as_of"),
    ]
    for fields, reason, field in refusals:
        bad = verification_service_pb2.RunCertificationDeadlinesRequest()
        bad.CopyFrom(request)
        for name, value in fields.items():
            if isinstance(value, types_pb2.CalendarDate):
                getattr(bad, name).CopyFrom(value)
            else:
                setattr(bad, name, value)
        with pytest.raises(Exception) as refused:
            await servicer.RunCertificationDeadlines(bad, None)
        assert (getattr(refused.value, "reason", None), getattr(refused.value, "field", None)) == (reason, field)
    as_caller(AGENT)
    with pytest.raises(DomainError) as forbidden:
        await servicer.RunCertificationDeadlines(request, None)
    assert forbidden.value.reason == "ROLE_NOT_ALLOWED"
