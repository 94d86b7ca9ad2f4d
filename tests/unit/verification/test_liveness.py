"""The liveness challenge (domain.liveness): issued, signed and checked; the frames' actions read from landmarks."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest
from face_testkit import CLOSED, ISSUED, KEY, LEFT, OPEN, RIGHT, challenge, face, frames

from pension_kit.errors import DomainError
from pension_verification.domain.liveness import (
    Action,
    Frame,
    LivenessThresholds,
    check_actions,
    check_challenge,
    frame_ear,
    head_yaw,
    issue_challenge,
    require_usable,
)

BLINK, TURN_LEFT, TURN_RIGHT = Action.BLINK, Action.TURN_LEFT, Action.TURN_RIGHT
NOW = ISSUED + timedelta(seconds=30)


def test_a_challenge_is_two_or_three_actions_never_the_same_twice_in_a_row_and_the_same_for_the_same_seed() -> None:
    issued = [issue_challenge(f"CH-{n}", "R1", key=KEY, now=ISSUED, rng=random.Random(n)) for n in range(200)]
    assert {len(c.actions) for c in issued} == {2, 3}
    assert {action for c in issued for action in c.actions} == set(Action)
    assert all(a != b for c in issued for a, b in zip(c.actions, c.actions[1:], strict=False))
    assert len({c.actions for c in issued}) > 6
    again = issue_challenge("CH-7", "R1", key=KEY, now=ISSUED, rng=random.Random(7))
    assert again == issued[7]
    assert again.expires_at - again.issued_at == timedelta(minutes=3)
    longer = issue_challenge("CH-1", "R1", key=KEY, now=ISSUED, rng=random.Random(1), ttl=timedelta(minutes=5))
    assert longer.expires_at == ISSUED + timedelta(minutes=5)


def test_an_issued_challenge_is_accepted_within_its_minutes_and_once() -> None:
    issued = issue_challenge("CH-1", "R1", key=KEY, now=ISSUED, rng=random.Random(3))
    checks = check_challenge(issued, key=KEY, now=NOW, already_used=False)
    assert checks.passed and checks.signature_valid and checks.not_expired and checks.not_used
    require_usable(issued, key=KEY, now=NOW, already_used=False)


@pytest.mark.parametrize(
    "changed",
    [
        {"actions": (TURN_RIGHT, BLINK)},
        {"resident_id": "R2"},
        {"expires_at": ISSUED + timedelta(hours=1)},
        {"challenge_id": "CH-2"},
        {"signature": "0" * 64},
        {"signature": "非十六进制"},
    ],
)
def test_a_challenge_changed_after_signing_is_refused(changed: dict[str, object]) -> None:
    forged = replace(challenge(TURN_LEFT, BLINK), **changed)  # type: ignore[arg-type]
    assert not check_challenge(forged, key=KEY, now=NOW, already_used=False).signature_valid
    with pytest.raises(DomainError) as refused:
        require_usable(forged, key=KEY, now=NOW, already_used=False)
    assert refused.value.reason == "CHALLENGE_SIGNATURE_INVALID"


def test_a_challenge_signed_with_another_key_is_refused() -> None:
    assert not check_challenge(challenge(BLINK, TURN_LEFT, key=b"x" * 32), key=KEY, now=NOW, already_used=False).passed


def test_an_expired_challenge_is_refused_from_its_expiry_on() -> None:
    issued = challenge(BLINK, TURN_LEFT, minutes=3)
    assert check_challenge(issued, key=KEY, now=issued.expires_at - timedelta(seconds=1), already_used=False).passed
    at_expiry = check_challenge(issued, key=KEY, now=issued.expires_at, already_used=False)
    assert at_expiry.signature_valid and not at_expiry.not_expired and not at_expiry.passed
    with pytest.raises(DomainError) as refused:
        require_usable(issued, key=KEY, now=issued.expires_at + timedelta(minutes=1), already_used=False)
    assert refused.value.reason == "CHALLENGE_EXPIRED"


def test_a_replayed_challenge_is_refused() -> None:
    used = check_challenge(challenge(BLINK, TURN_LEFT), key=KEY, now=NOW, already_used=True)
    assert used.signature_valid and used.not_expired and not used.not_used and not used.passed
    with pytest.raises(DomainError) as refused:
        require_usable(challenge(BLINK, TURN_LEFT), key=KEY, now=NOW, already_used=True)
    assert refused.value.reason == "CHALLENGE_USED"


def test_a_short_signing_key_is_not_accepted() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        issue_challenge("CH-1", "R1", key=b"short", now=ISSUED, rng=random.Random(1))


def test_eye_aspect_ratio_and_yaw_are_read_from_the_landmarks_whatever_the_head_tilt() -> None:
    assert frame_ear(face(ear=OPEN)) == pytest.approx(0.30)
    assert frame_ear(face(ear=CLOSED)) == pytest.approx(0.10)
    assert head_yaw(face()) == pytest.approx(0.0)
    assert head_yaw(face(yaw=LEFT)) == pytest.approx(0.45)
    assert head_yaw(face(yaw=RIGHT)) == pytest.approx(-0.45)
    assert head_yaw(face(yaw=LEFT, tilt_degrees=20)) == pytest.approx(0.45)
    assert frame_ear(face(ear=CLOSED, tilt_degrees=-15)) == pytest.approx(0.10)


def test_a_blink_then_a_turn_left_passes_and_says_which_frames_showed_each() -> None:
    result = check_actions(challenge(BLINK, TURN_LEFT), frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT)))
    assert result.passed and result.refusals == ()
    assert result.observed == (BLINK, TURN_LEFT)
    assert [(check.action, check.passed, check.frames) for check in result.actions] == [
        (BLINK, True, (1, 2, 3)),
        (TURN_LEFT, True, (4,)),
    ]
    assert [round(r.ear or 0, 2) for r in result.readings] == [0.30, 0.10, 0.30, 0.30]


def test_a_blink_needs_the_eyes_to_close_below_the_closed_threshold_and_to_open_again() -> None:
    asked = challenge(BLINK, TURN_LEFT)
    half_closed = check_actions(asked, frames(face(), face(ear=0.22), face(), face(yaw=LEFT)))
    assert not half_closed.passed and half_closed.refusals == ("ACTION_NOT_SHOWN",)
    assert not half_closed.actions[0].passed
    never_reopened = check_actions(asked, frames(face(), face(ear=CLOSED), face(ear=CLOSED, yaw=LEFT)))
    assert not never_reopened.passed and never_reopened.observed == (TURN_LEFT,)
    closed_first = check_actions(asked, frames(face(ear=CLOSED), face(), face(yaw=LEFT)))
    assert not closed_first.passed
    # A half-open frame between does not break a blink: the eyes went below 0.20 and back above 0.25.
    through_half_open = check_actions(asked, frames(face(), face(ear=0.22), face(ear=CLOSED), face(), face(yaw=LEFT)))
    assert through_half_open.passed


def test_a_turn_counts_in_the_direction_asked_only() -> None:
    assert check_actions(challenge(TURN_LEFT, TURN_RIGHT), frames(face(yaw=LEFT), face(yaw=RIGHT))).passed
    wrong_way = check_actions(challenge(TURN_LEFT, BLINK), frames(face(yaw=RIGHT), face(ear=CLOSED), face()))
    assert not wrong_way.passed and wrong_way.refusals == ("ACTION_NOT_REQUESTED",)
    assert [check.passed for check in wrong_way.actions] == [False, True]  # the blink was shown, the turn not
    too_little = check_actions(challenge(TURN_LEFT, BLINK), frames(face(yaw=0.2), face(ear=CLOSED), face()))
    assert not too_little.passed and too_little.refusals == ("ACTION_NOT_SHOWN",)


def test_actions_in_another_order_than_asked_are_refused() -> None:
    swapped = check_actions(challenge(TURN_LEFT, TURN_RIGHT), frames(face(yaw=RIGHT), face(yaw=LEFT)))
    assert not swapped.passed and swapped.refusals == ("ACTIONS_OUT_OF_ORDER",)
    turn_first = check_actions(challenge(BLINK, TURN_LEFT), frames(face(yaw=LEFT), face(), face(ear=CLOSED), face()))
    assert turn_first.observed == (TURN_LEFT, BLINK) and turn_first.refusals == ("ACTIONS_OUT_OF_ORDER",)


def test_an_action_not_asked_for_is_refused_so_one_recording_cannot_answer_every_challenge() -> None:
    everything = frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT), face(yaw=RIGHT))
    assert check_actions(challenge(BLINK, TURN_LEFT, TURN_RIGHT), everything).passed
    result = check_actions(challenge(BLINK, TURN_LEFT), everything)
    assert not result.passed and result.refusals == ("ACTION_NOT_REQUESTED",)


def test_a_turn_held_over_several_frames_is_one_turn_and_a_blink_may_happen_while_turned() -> None:
    result = check_actions(
        challenge(TURN_LEFT, BLINK), frames(face(yaw=LEFT), face(yaw=LEFT, ear=CLOSED), face(yaw=0.25))
    )
    assert result.passed and result.actions[0].frames == (1, 2, 3)
    twice = check_actions(challenge(TURN_LEFT, BLINK, TURN_LEFT), frames(face(yaw=LEFT), face(ear=CLOSED), face()))
    assert not twice.passed and twice.refusals == ("ACTION_NOT_SHOWN",)
    back_and_again = frames(face(yaw=LEFT), face(ear=CLOSED), face(), face(yaw=LEFT))
    assert check_actions(challenge(TURN_LEFT, BLINK, TURN_LEFT), back_and_again).passed


@pytest.mark.parametrize("count", [1, 6])
def test_fewer_than_two_or_more_than_five_frames_are_refused(count: int) -> None:
    sent = frames(*[face(ear=OPEN if i % 2 else CLOSED, yaw=LEFT if i == 1 else 0.0) for i in range(count)])
    result = check_actions(challenge(BLINK, TURN_LEFT), sent)
    assert not result.passed and result.refusals == ("FRAME_COUNT",) and not result.frame_count_ok
    assert not any(check.passed for check in result.actions)


def test_frames_out_of_order_are_refused_by_sequence_or_by_capture_time() -> None:
    sent = frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT))
    asked = challenge(BLINK, TURN_LEFT)
    by_sequence = check_actions(asked, [sent[0], sent[2], sent[1], sent[3]])
    assert by_sequence.refusals == ("FRAMES_OUT_OF_ORDER",) and not by_sequence.in_order
    earlier = replace(sent[2], captured_at=sent[1].captured_at)
    by_time = check_actions(asked, [sent[0], sent[1], earlier, sent[3]])
    assert by_time.refusals == ("FRAMES_OUT_OF_ORDER",)
    assert not any(check.passed for check in by_time.actions)


def test_one_still_photo_sent_as_every_frame_cannot_blink() -> None:
    photo = face()
    still = [
        Frame(i + 1, NOW + timedelta(milliseconds=400 * i), f"digest-{i}", photo) for i in range(4)
    ]  # re-encoded: the digests differ, the landmarks do not
    result = check_actions(challenge(BLINK, TURN_LEFT), still)
    assert not result.passed and not result.distinct
    assert "FRAMES_STILL" in result.refusals and not result.actions[0].passed
    nudged = [replace(frame, landmarks=face(dx=0.5 * i)) for i, frame in enumerate(still)]
    assert "FRAMES_STILL" in check_actions(challenge(BLINK, TURN_LEFT), nudged).refusals


def test_the_same_image_sent_twice_is_refused_even_among_moving_frames() -> None:
    sent = frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT))
    copied = [sent[0], sent[1], sent[2], replace(sent[3], image_digest=sent[0].image_digest)]
    result = check_actions(challenge(BLINK, TURN_LEFT), copied)
    assert result.refusals == ("FRAMES_REPEATED",) and not result.distinct and not result.passed


def test_the_thresholds_are_parameters_and_the_result_records_them() -> None:
    sent = frames(face(), face(ear=0.22), face(), face(yaw=LEFT))
    lenient = LivenessThresholds(closed_ear_below=0.23, open_ear_at_least=0.26)
    result = check_actions(challenge(BLINK, TURN_LEFT), sent, lenient)
    assert result.passed and result.thresholds == lenient
    assert check_actions(challenge(BLINK, TURN_LEFT), sent).thresholds == LivenessThresholds()
    strict_turn = check_actions(
        challenge(BLINK, TURN_LEFT),
        frames(face(), face(ear=CLOSED), face(), face(yaw=LEFT)),
        LivenessThresholds(turn_yaw_beyond=0.5),
    )
    assert not strict_turn.passed and strict_turn.refusals == ("ACTION_NOT_SHOWN",)
