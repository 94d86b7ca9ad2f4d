"""The certification cycle as a running service on the real broker and database: an award starts it, the deadlines
job (run twice) makes the pensioner overdue once, a data proof resumes them, and the task list is the village's."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import grpc
import pytest
from payout_testkit import refusal
from verification_stack import (
    OFFICER,
    Verification,
    all_sent,
    award,
    document_of,
    events_of,
    hear_policy,
    hospital_visit,
    of_type,
    published,
    resident_id,
    run_deadlines,
    running_verification,
    status_of,
)

from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import signed

SCHEDULER = Caller("scheduler-1", Role.COUNTY_OFFICER)


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        yield running


async def test_an_award_starts_the_cycle_and_a_late_data_proof_resumes_the_pensioner(
    verification: Verification,
) -> None:
    await hear_policy(verification)
    resident = resident_id()
    first_month = Month(2025, 1)  # due 2026-01-01 under the demo policy: long past today
    await award(verification, resident, first_month)
    first = await status_of(verification, resident)
    assert (first.due_on.year, first.due_on.month, first.due_on.day) == (2026, 1, 1)
    assert first.village_code == verification.village and not first.HasField("last_certification")
    # The award event again (redelivered or republished) changes nothing.
    await award(verification, resident, first_month)

    # The daily job, run twice: overdue once, announced once.
    runs = []
    for attempt in range(2):
        runs.append(await run_deadlines(verification, request_id=f"deadlines-{attempt}", caller=SCHEDULER))
    assert [(run.due_soon, run.overdue) for run in runs] == [(0, 1), (0, 0)]
    await all_sent(verification, resident)
    (overdue,) = await events_of(verification, resident, verification_events.CertificationOverdue)
    assert (overdue.suspend_from.year, overdue.suspend_from.month) == (2026, 2)
    assert overdue.village_code == verification.village and overdue.pooling_region_code == verification.region

    await all_sent(verification, resident)
    assert len(of_type(await published(verification, resident), verification_events.CertificationOverdue)) == 1
    overdue_status = await status_of(verification, resident)
    assert overdue_status.state == verification_pb2.CERTIFICATION_STATE_OVERDUE

    # A hospital visit a few days ago proves the pensioner alive: payment resumes from that month.
    observed_on = today_in_china() - timedelta(days=3)
    request = hospital_visit(resident, observed_on)
    recorded = await verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)
    assert recorded.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    assert recorded.certification.method == verification_pb2.CERTIFICATION_METHOD_DATA
    again = await verification.stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)
    assert again.certification == recorded.certification  # the same request: the same proof, recorded once

    (passed,) = await events_of(verification, resident, verification_events.CertificationPassed)
    assert passed.was_overdue and passed.certification.resident_id == resident
    assert (passed.resumes_from.year, passed.resumes_from.month) == (observed_on.year, observed_on.month)
    assert passed.certification.certification_id == recorded.certification.certification_id
    await all_sent(verification, resident)
    assert len(of_type(await published(verification, resident), verification_events.CertificationPassed)) == 1


async def test_a_data_proof_refused_names_the_field_and_writes_nothing(verification: Verification) -> None:
    await hear_policy(verification)
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    stub = verification.stub
    request = verification_service_pb2.RecordDataCertificationRequest(
        request_id=uuid.uuid4().hex,
        resident_id=resident,
        source=verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL,
        source_ref="BANK-1",
        observed_on=to_calendar_date(today_in_china() + timedelta(days=1)),
    )
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "OBSERVED_ON_IN_FUTURE",
    )
    request.observed_on.CopyFrom(to_calendar_date(today_in_china()))
    request.source = 99  # type: ignore[assignment]
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(OFFICER), timeout=10)) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "ENUM_VALUE_UNKNOWN",
    )
    request.source = verification_pb2.SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL
    agent = verification.agent
    assert await refusal(stub.RecordDataCertification(request, metadata=signed(agent), timeout=10)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
    )
    status = await status_of(verification, resident)
    assert not status.HasField("last_certification")
    document = await document_of(verification, resident)
    assert document["version"] == 1 and document["outbox"] == []


async def test_the_task_list_is_refused_to_an_agent_of_another_village(verification: Verification) -> None:
    await hear_policy(verification)
    overdue, due_soon, later, elsewhere = (resident_id() for _ in range(4))
    today = today_in_china()
    this_month = Month.of(today)
    await award(verification, overdue, Month(2025, 1))
    # Due on the first of next month, a year after the first month paid: within the 30 days' notice, or near it.
    await award(verification, due_soon, this_month.next().plus_months(-12))
    await award(verification, later, this_month.plus_months(6))
    await award(verification, elsewhere, Month(2025, 1), village=verification.other_village)

    agent = verification.agent
    listed = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village, due_by=to_calendar_date(this_month.next().first_day)
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in listed.statuses] == [overdue, due_soon]
    assert listed.statuses[0].state == verification_pb2.CERTIFICATION_STATE_OVERDUE
    assert listed.next_page_token == ""
    first_page = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village, due_by=to_calendar_date(this_month.next().first_day), page_size=1
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in first_page.statuses] == [overdue] and first_page.next_page_token
    second_page = await verification.stub.ListDueCertifications(
        verification_service_pb2.ListDueCertificationsRequest(
            village_code=verification.village,
            due_by=to_calendar_date(this_month.next().first_day),
            page_size=1,
            page_token=first_page.next_page_token,
        ),
        metadata=signed(agent),
        timeout=10,
    )
    assert [status.resident_id for status in second_page.statuses] == [due_soon]

    other_agent = verification.other_agent
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(village_code=verification.village),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "VILLAGE_NOT_ASSIGNED")
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(pooling_region_code=verification.region),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.PERMISSION_DENIED, "VILLAGE_NOT_ASSIGNED")
    assert await refusal(
        verification.stub.GetCertificationStatus(
            verification_service_pb2.GetCertificationStatusRequest(resident_id=overdue),
            metadata=signed(other_agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.NOT_FOUND, "CERTIFICATION_NOT_FOUND")  # another village's pensioner: as if unknown
    assert await refusal(
        verification.stub.ListDueCertifications(
            verification_service_pb2.ListDueCertificationsRequest(village_code=verification.village, page_size=1001),
            metadata=signed(agent),
            timeout=10,
        )
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "PAGE_SIZE_INVALID")
