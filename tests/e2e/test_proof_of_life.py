"""Proof of life end to end on the real services, broker and database: no verification event is written by hand.

Two pensioners of one county. One was awarded in November 2025, so her proof of life (the award) ran out on
1 November 2026: the deadlines job makes her overdue, payout suspends her and December's payroll goes out
without her. She proves she is alive by face (her enrolment photo, a liveness challenge, real photographs as the
frames), payout resumes her, and January's payroll carries December back. The other was paid December; a
civil-affairs death record of 20 November matches him by his citizen ID number, payout stops him from December
and opens an overpayment case for the December payment already paid.

Dates: the awards and the deadlines are dated as the county would date them; the payroll months are the real
current and next month (payout dates a resumption by the month its event is written in).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest
from county_testkit import (
    APPROVERS,
    OFFICER,
    County,
    Pensioner,
    awarded,
    certification,
    enrol_two_pensioners,
    overpayment_of,
    payments_of,
    record_death,
    run_payroll_payments,
    running_county,
    until_award,
)
from face_testkit import proof_images, real_frames
from payroll_testkit import pay_whole_month, prepare_month

from pension.payout.v1 import payout_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.protoconv import from_year_month, to_calendar_date
from pension_testkit import eventually, signed


@pytest.fixture
async def county(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[County]:
    async with running_county(kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_supervision=False) as county:
        yield county


async def prove_by_face(
    county: County, pensioner: Pensioner
) -> verification_service_pb2.RecordFaceCertificationResponse:
    """The agent's phone: the enrolment photo on file, a challenge asking to turn right then left, real frames."""
    images = proof_images()
    await county.verification.UploadEnrolmentPhoto(
        verification_service_pb2.UploadEnrolmentPhotoRequest(
            request_id=uuid.uuid4().hex, resident_id=pensioner.resident_id, image=images["obama.jpg"]
        ),
        metadata=signed(pensioner.agent),
    )
    wanted = [verification_pb2.LIVENESS_ACTION_TURN_RIGHT, verification_pb2.LIVENESS_ACTION_TURN_LEFT]
    for _ in range(200):  # the service draws 2 or 3 actions at random: ask until it asks for these two
        challenge = await county.verification.IssueLivenessChallenge(
            verification_service_pb2.IssueLivenessChallengeRequest(resident_id=pensioner.resident_id),
            metadata=signed(pensioner.agent),
        )
        if list(challenge.actions) == wanted:
            break
    else:
        pytest.fail("the service never asked to turn right then left in 200 challenges")
    response: verification_service_pb2.RecordFaceCertificationResponse = (
        await county.verification.RecordFaceCertification(
            verification_service_pb2.RecordFaceCertificationRequest(
                request_id=uuid.uuid4().hex,
                resident_id=pensioner.resident_id,
                challenge_token=challenge.challenge_token,
                frames=real_frames(images),
                device_id="phone-7",
                agent_id=pensioner.agent.user_id,
            ),
            metadata=signed(pensioner.agent),
        )
    )
    return response


async def test_overdue_suspends_a_face_proof_resumes_with_back_pay_and_a_registry_death_stops_and_reclaims(
    county: County,
) -> None:
    overdue, dying = await enrol_two_pensioners(county)
    this_month = Month.of(today_in_china())
    next_month = this_month.next()
    assert this_month >= Month(2026, 12), "the award dates below assume the proof ran out before this month"

    # Awards: November 2025 for the one enrolled in October 2025, June 2026 for the other.
    for pensioner, month in ((overdue, Month(2025, 11)), (dying, Month(2026, 6))):

        async def granted(pensioner: Pensioner = pensioner, month: Month = month) -> bool:
            return await awarded(county, pensioner, month)

        await eventually(granted, deadline=60.0, what=f"awarded from {month}")

    async def cycle_started(pensioner: Pensioner) -> verification_pb2.CertificationStatus | None:
        try:
            return await certification(county, pensioner)
        except grpc.aio.AioRpcError as error:
            if error.code() is grpc.StatusCode.NOT_FOUND:  # payout's award event has not reached verification
                return None
            raise

    first = await eventually(lambda: cycle_started(overdue), what="verification started the cycle from the award")
    assert (first.due_on.year, first.due_on.month, first.due_on.day) == (2026, 11, 1)
    await eventually(lambda: cycle_started(dying), what="the second cycle started")

    # The deadlines job of today: the first one is overdue; payout suspends her.
    ran = await county.verification.RunCertificationDeadlines(
        verification_service_pb2.RunCertificationDeadlinesRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=county.region, as_of=to_calendar_date(today_in_china())
        ),
        metadata=signed(OFFICER),
    )
    assert ran.overdue == 1
    assert (await certification(county, overdue)).state == verification_pb2.CERTIFICATION_STATE_OVERDUE
    await until_award(county, overdue, payout_pb2.AWARD_STATUS_SUSPENDED, "payout suspended the overdue pensioner")

    # This month's payroll goes out without her; the other one is paid.
    closed = await pay_whole_month(county.payout, county.region, this_month, officer=OFFICER, approvers=APPROVERS)
    paid = await run_payroll_payments(county, closed.payroll_run_id)
    assert overdue.resident_id not in paid
    assert [from_year_month(p.month, field="month") for p in paid[dying.resident_id]] == [this_month]
    assert await payments_of(county, overdue, this_month) == []

    # A civil-affairs death record of 20 November, matched by the citizen ID number: death confirmed, payment
    # stopped from December, and December's payment, already paid, is an overpayment to recover.
    await record_death(county, dying, date(2026, 11, 20))
    assert (await certification(county, dying)).state == verification_pb2.CERTIFICATION_STATE_DECEASED
    await until_award(county, dying, payout_pb2.AWARD_STATUS_STOPPED, "payout stopped the dead pensioner")

    case = await eventually(
        lambda: overpayment_of(county, dying), what="an overpayment case for the month paid after the death"
    )
    december = paid[dying.resident_id][0]
    assert [from_year_month(m, field="month") for m in case.months] == [this_month]
    assert case.amount_fen == december.amount_fen and case.cause == payout_pb2.OVERPAYMENT_CAUSE_DEATH

    # The first one proves she is alive by face: passed, and payout resumes her.
    proved = await prove_by_face(county, overdue)
    assert proved.passed, (proved.failure_code, proved.decision)
    assert proved.certification.method == verification_pb2.CERTIFICATION_METHOD_FACE
    assert proved.decision.model and all(
        d <= proved.decision.max_distance_e6 for d in proved.decision.frame_distances_e6
    )
    assert proved.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    await until_award(county, overdue, payout_pb2.AWARD_STATUS_ACTIVE, "payout resumed her")

    # Next month's payroll: her regular payment and this month's back pay; nothing for the dead pensioner.
    prepared = await prepare_month(county.payout, county.region, next_month, officer=OFFICER)
    upcoming = await run_payroll_payments(county, prepared.payroll_run_id)
    assert dying.resident_id not in upcoming
    kinds = sorted((from_year_month(p.month, field="month"), p.kind) for p in upcoming[overdue.resident_id])
    assert kinds == [(this_month, payout_pb2.PAYMENT_KIND_BACK_PAY), (next_month, payout_pb2.PAYMENT_KIND_REGULAR)]
