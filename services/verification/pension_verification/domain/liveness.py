"""The liveness challenge of a face proof (docs/domain.md, proof of life): a signed, short-lived, single-use random
sequence of actions, and the pure check that 2 to 5 frames show those actions, in that order, on a live face.

The adapter measures each frame (dlib's 68 landmarks, in dlib's order, in the pixels of the frame as the camera took
it, not mirrored) and this module decides. Landmark indices (0-based): jaw 0-16 (0 on the image's left, the
pensioner's right), nose tip 30, the pensioner's right eye 36-41 and left eye 42-47.

- A blink: the eye aspect ratio (EAR, Soukupová & Čech 2016, the mean of both eyes) at or above `open_ear_at_least`
  in a frame, below `closed_ear_below` in a later one, at or above `open_ear_at_least` again after. The gap
  between the two thresholds keeps a wavering half-open eye from counting as a blink.
- A turn: the head's yaw beyond `turn_yaw_beyond` in the asked direction. Yaw is estimated as where the nose tip
  falls along the jaw line (landmark 0 to 16): -1 at landmark 0, 0 half way, +1 at landmark 16, about the tangent
  of the turn's angle (0.30 is about 17 degrees). The pensioner turning to their own left moves the nose towards
  landmark 16: positive. Frames of a front camera that mirrors must be un-mirrored by the adapter first.
- The observed actions must be exactly the challenge's, in its order: an action it did not ask for refuses too,
  so one recording of every action cannot answer every challenge. A turn is one action however many frames hold
  it; going back to the front (|yaw| within `frontal_yaw_within`) ends it.

Single use is the repository's (it knows whether a challenge was used); `check_challenge` takes that as input.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument

__all__ = [
    "DEFAULT_CHALLENGE_TTL",
    "LANDMARK_COUNT",
    "Action",
    "ActionCheck",
    "Challenge",
    "ChallengeChecks",
    "Frame",
    "FrameReading",
    "LivenessResult",
    "LivenessThresholds",
    "Point",
    "check_actions",
    "check_challenge",
    "eye_aspect_ratio",
    "frame_ear",
    "head_yaw",
    "issue_challenge",
    "require_usable",
    "signature_of",
]

LANDMARK_COUNT: Final = 68
RIGHT_EYE: Final = (36, 37, 38, 39, 40, 41)  # the pensioner's right eye, on the image's left
LEFT_EYE: Final = (42, 43, 44, 45, 46, 47)
NOSE_TIP: Final = 30
JAW_START: Final = 0
JAW_END: Final = 16

# Long enough to read the instructions and follow them; short enough that a captured answer is soon worthless.
DEFAULT_CHALLENGE_TTL: Final = timedelta(minutes=3)
MIN_ACTIONS: Final = 2
MAX_ACTIONS: Final = 3
# An HMAC key shorter than its hash's output weakens it (RFC 2104, section 3).
MIN_KEY_BYTES: Final = 32
SIGNATURE_VERSION: Final = "liveness-challenge/v1"

Point = tuple[float, float]


class Action(StrEnum):
    BLINK = "BLINK"
    TURN_LEFT = "TURN_LEFT"  # the pensioner's own left
    TURN_RIGHT = "TURN_RIGHT"


@dataclass(frozen=True, slots=True)
class Challenge:
    """What the phone is asked to show, signed so that only this server's challenges are answered."""

    challenge_id: str
    resident_id: str
    actions: tuple[Action, ...]
    issued_at: datetime
    expires_at: datetime
    signature: str  # HMAC-SHA256 of the other fields (signature_of), hex


def _utc_micros(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("a challenge's times must be timezone-aware")
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _require_key(key: bytes) -> None:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the challenge signing key must be at least {MIN_KEY_BYTES} bytes")


def signature_of(
    key: bytes,
    challenge_id: str,
    resident_id: str,
    actions: Sequence[Action],
    issued_at: datetime,
    expires_at: datetime,
) -> str:
    """HMAC-SHA256 (as pension_kit.pii's keyed hashes) over a canonical JSON array of the fields: no field can be
    shifted into another, and the times are signed to the microsecond whatever their time zone."""
    _require_key(key)
    message = json.dumps(
        [
            SIGNATURE_VERSION,
            challenge_id,
            resident_id,
            [str(action) for action in actions],
            _utc_micros(issued_at),
            _utc_micros(expires_at),
        ],
        separators=(",", ":"),
        ensure_ascii=True,
    ).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue_challenge(
    challenge_id: str,
    resident_id: str,
    *,
    key: bytes,
    now: datetime,
    rng: random.Random,
    ttl: timedelta = DEFAULT_CHALLENGE_TTL,
) -> Challenge:
    """A new challenge of 2 or 3 actions, never the same action twice in a row (two turns the same way, or two
    blinks, back to back are hard to tell apart in 5 frames). `rng` is `secrets.SystemRandom()` in service."""
    if ttl <= timedelta(0):
        raise ValueError("a challenge's validity must be positive")
    count = rng.randint(MIN_ACTIONS, MAX_ACTIONS)
    actions: list[Action] = []
    for _ in range(count):
        actions.append(rng.choice([action for action in Action if not actions or action != actions[-1]]))
    expires_at = now + ttl
    signature = signature_of(key, challenge_id, resident_id, actions, now, expires_at)
    return Challenge(challenge_id, resident_id, tuple(actions), now, expires_at, signature)


@dataclass(frozen=True, slots=True)
class ChallengeChecks:
    """Whether a challenge sent back may be answered: each check on its own, for the decision's record."""

    signature_valid: bool
    not_expired: bool
    not_used: bool

    @property
    def passed(self) -> bool:
        return self.signature_valid and self.not_expired and self.not_used


def check_challenge(challenge: Challenge, *, key: bytes, now: datetime, already_used: bool) -> ChallengeChecks:
    """Checks the signature (constant-time comparison), the expiry (valid until `expires_at`, exclusive) and single
    use (`already_used`, as the repository knows it)."""
    expected = signature_of(
        key, challenge.challenge_id, challenge.resident_id, challenge.actions, challenge.issued_at, challenge.expires_at
    )
    given = challenge.signature.encode("utf-8", errors="replace")
    return ChallengeChecks(
        signature_valid=hmac.compare_digest(expected.encode(), given),
        not_expired=now < challenge.expires_at,
        not_used=not already_used,
    )


def require_usable(challenge: Challenge, *, key: bytes, now: datetime, already_used: bool) -> None:
    """Refuses a challenge that is not this server's, has expired, or was used, with a stable reason."""
    checks = check_challenge(challenge, key=key, now=now, already_used=already_used)
    if not checks.signature_valid:
        raise InvalidArgument(
            "CHALLENGE_SIGNATURE_INVALID",
            "the challenge was not issued by this service or was changed",
            field="challenge",
            message_zh="认证挑战无效，请重新获取",
        )
    if not checks.not_expired:
        raise FailedPrecondition(
            "CHALLENGE_EXPIRED", "the challenge has expired", field="challenge", message_zh="认证挑战已过期，请重新获取"
        )
    if not checks.not_used:
        raise FailedPrecondition(
            "CHALLENGE_USED",
            "the challenge was used already",
            field="challenge",
            message_zh="认证挑战已使用，请重新获取",
        )


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame as the adapter measured it: its place in the sequence, its capture time, a digest of the image
    (SHA-256 of its bytes) and the 68 landmarks of its one face."""

    sequence: int
    captured_at: datetime
    image_digest: str
    landmarks: tuple[Point, ...]

    def __post_init__(self) -> None:
        if len(self.landmarks) != LANDMARK_COUNT:
            raise ValueError(f"a frame needs dlib's {LANDMARK_COUNT} landmarks, not {len(self.landmarks)}")


@dataclass(frozen=True, slots=True)
class LivenessThresholds:
    """Every threshold of the liveness check; the values used are recorded in each decision."""

    closed_ear_below: float = 0.20  # open eyes measure about 0.25-0.35, closed ones under 0.15 (Soukupová & Čech)
    open_ear_at_least: float = 0.25
    turn_yaw_beyond: float = 0.30  # about 17 degrees; a deliberate turn is 20-45
    frontal_yaw_within: float = 0.15  # back to the front: a new turn may start
    # Frames whose landmarks all lie within this fraction of the face's width of the first frame's are one still
    # image: a blink moves the eyelids about 3 % of the face's width, landmarks jitter well under 1 %.
    still_tolerance: float = 0.01
    min_frames: int = 2
    max_frames: int = 5


def _distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def eye_aspect_ratio(eye: Sequence[Point]) -> float | None:
    """EAR of one eye's six points p1..p6 (corner, two upper lid, corner, two lower lid):
    (|p2-p6| + |p3-p5|) / (2 |p1-p4|); None when the eye has no width."""
    p1, p2, p3, p4, p5, p6 = eye
    width = _distance(p1, p4)
    if width == 0:
        return None
    return (_distance(p2, p6) + _distance(p3, p5)) / (2 * width)


def frame_ear(landmarks: Sequence[Point]) -> float | None:
    """The mean EAR of both eyes, as the paper takes it; None when either eye cannot be measured."""
    right = eye_aspect_ratio([landmarks[i] for i in RIGHT_EYE])
    left = eye_aspect_ratio([landmarks[i] for i in LEFT_EYE])
    if right is None or left is None:
        return None
    return (right + left) / 2


def head_yaw(landmarks: Sequence[Point]) -> float:
    """Where the nose tip falls along the jaw line from landmark 0 (-1) to landmark 16 (+1), projected on that
    line so that a tilted head reads the same; positive is the pensioner's own left."""
    start, end, nose = landmarks[JAW_START], landmarks[JAW_END], landmarks[NOSE_TIP]
    dx, dy = end[0] - start[0], end[1] - start[1]
    length_squared = dx * dx + dy * dy
    if length_squared == 0:
        return 0.0
    along = ((nose[0] - start[0]) * dx + (nose[1] - start[1]) * dy) / length_squared
    return 2 * along - 1


@dataclass(frozen=True, slots=True)
class FrameReading:
    """What one frame measured, kept for the auditor."""

    sequence: int
    ear: float | None
    yaw: float


@dataclass(frozen=True, slots=True)
class ActionCheck:
    """The challenge's action at `position`, what was seen there, and the frames that showed it."""

    position: int
    action: Action
    observed: Action | None
    frames: tuple[int, ...]

    @property
    def passed(self) -> bool:
        return self.observed == self.action


@dataclass(frozen=True, slots=True)
class LivenessResult:
    """The liveness check of one set of frames: each check, the readings, and the refusals' reason codes."""

    frame_count_ok: bool
    in_order: bool
    distinct: bool  # False too when the frames' count or order refused them before this was looked at
    readings: tuple[FrameReading, ...]
    observed: tuple[Action, ...]
    actions: tuple[ActionCheck, ...]
    refusals: tuple[str, ...]
    thresholds: LivenessThresholds

    @property
    def passed(self) -> bool:
        return not self.refusals


@dataclass(frozen=True, slots=True)
class _Seen:
    action: Action
    frames: tuple[int, ...]


def _observe(frames: Sequence[Frame], readings: Sequence[FrameReading], t: LivenessThresholds) -> list[_Seen]:
    """The actions the frames show, in the order they began (a blink begins when the eyes close)."""
    seen: list[tuple[int, _Seen]] = []
    pose: Action | None = None  # the turn being held, None when facing the front
    holding: int | None = None  # where in `seen` the turn being held is
    open_frame: int | None = None  # the last frame with open eyes before a closing
    closed_at: int | None = None  # index of the first closed frame since open_frame
    for index, reading in enumerate(readings):
        if reading.yaw >= t.turn_yaw_beyond:
            turned: Action | None = Action.TURN_LEFT
        elif reading.yaw <= -t.turn_yaw_beyond:
            turned = Action.TURN_RIGHT
        elif abs(reading.yaw) <= t.frontal_yaw_within:
            turned = None
        else:
            turned = pose  # between the front and a turn: the pose holds
        if turned is None:
            holding = None
        elif turned != pose or holding is None:
            holding = len(seen)
            seen.append((index, _Seen(turned, (frames[index].sequence,))))
        else:
            start, held = seen[holding]
            seen[holding] = (start, _Seen(turned, (*held.frames, frames[index].sequence)))
        pose = turned

        ear = reading.ear
        if ear is None:
            continue
        if ear >= t.open_ear_at_least:
            if open_frame is not None and closed_at is not None:
                blink_frames = (frames[open_frame].sequence, frames[closed_at].sequence, frames[index].sequence)
                seen.append((closed_at, _Seen(Action.BLINK, blink_frames)))
            open_frame, closed_at = index, None
        elif ear < t.closed_ear_below and open_frame is not None and closed_at is None:
            closed_at = index
    return [item for _, item in sorted(seen, key=lambda pair: pair[0])]


def _still(frames: Sequence[Frame], tolerance: float) -> bool:
    first = frames[0].landmarks
    width = _distance(first[JAW_START], first[JAW_END]) or 1.0
    return all(
        _distance(point, reference) <= tolerance * width
        for frame in frames[1:]
        for point, reference in zip(frame.landmarks, first, strict=True)
    )


def check_actions(
    challenge: Challenge, frames: Sequence[Frame], thresholds: LivenessThresholds | None = None
) -> LivenessResult:
    """Whether `frames`, in the order sent, show the challenge's actions in its order on a live face.

    Refused, each with its reason code: fewer or more frames than allowed (FRAME_COUNT), sequence numbers or
    capture times not strictly increasing (FRAMES_OUT_OF_ORDER), the same image twice (FRAMES_REPEATED) or every
    frame's landmarks the same (FRAMES_STILL), then for the actions: ACTIONS_OUT_OF_ORDER (the right actions in
    another order), ACTION_NOT_REQUESTED (one the challenge did not ask for), ACTION_NOT_SHOWN (one missing).
    Actions are not looked for in frames of the wrong count or order."""
    t = thresholds or LivenessThresholds()
    refusals: list[str] = []
    count_ok = t.min_frames <= len(frames) <= t.max_frames
    in_order = all(
        later.sequence > earlier.sequence and later.captured_at > earlier.captured_at
        for earlier, later in pairwise(frames)
    )
    if not count_ok:
        refusals.append("FRAME_COUNT")
    if not in_order:
        refusals.append("FRAMES_OUT_OF_ORDER")
    if refusals:
        not_looked = tuple(ActionCheck(i, action, None, ()) for i, action in enumerate(challenge.actions))
        return LivenessResult(count_ok, in_order, False, (), (), not_looked, tuple(refusals), t)

    repeated = len({frame.image_digest for frame in frames}) < len(frames)
    still = _still(frames, t.still_tolerance)
    if repeated:
        refusals.append("FRAMES_REPEATED")
    if still:
        refusals.append("FRAMES_STILL")
    readings = tuple(FrameReading(f.sequence, frame_ear(f.landmarks), head_yaw(f.landmarks)) for f in frames)
    seen = _observe(frames, readings, t)
    observed = tuple(item.action for item in seen)
    checks = tuple(
        ActionCheck(
            i,
            action,
            seen[i].action if i < len(seen) else None,
            seen[i].frames if i < len(seen) and seen[i].action == action else (),
        )
        for i, action in enumerate(challenge.actions)
    )
    if observed != challenge.actions:
        if sorted(observed) == sorted(challenge.actions):
            refusals.append("ACTIONS_OUT_OF_ORDER")
        elif any(observed.count(action) > challenge.actions.count(action) for action in observed):
            refusals.append("ACTION_NOT_REQUESTED")
        else:
            refusals.append("ACTION_NOT_SHOWN")
    return LivenessResult(True, True, not (repeated or still), readings, observed, checks, tuple(refusals), t)
