"""Synthetic faces for the liveness and face decision unit tests: dlib's 68 landmarks of a face looking at the
camera, with its eyes as open as asked (an eye aspect ratio) and its head turned as asked (a yaw)."""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime, timedelta

from pension_verification.domain.liveness import Action, Challenge, Frame, Point, signature_of

KEY = b"k" * 32
ISSUED = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
OPEN = 0.30  # an open eye's aspect ratio
CLOSED = 0.10
LEFT = 0.45  # head turned to the pensioner's own left, as head_yaw reads it
RIGHT = -0.45

CENTRE_X, CENTRE_Y = 200.0, 200.0
HALF_WIDTH = 100.0  # landmarks 0 and 16 are 200 px apart
EYE_HALF_WIDTH = 20.0


def _eye(centre_x: float, ear: float) -> list[Point]:
    # EAR = (2 lid + 2 lid) / (2 * 2 * EYE_HALF_WIDTH): the lids are ear * EYE_HALF_WIDTH from the corners' line.
    lid = ear * EYE_HALF_WIDTH
    y = 160.0
    return [
        (centre_x - EYE_HALF_WIDTH, y),
        (centre_x - 7, y - lid),
        (centre_x + 7, y - lid),
        (centre_x + EYE_HALF_WIDTH, y),
        (centre_x + 7, y + lid),
        (centre_x - 7, y + lid),
    ]


def face(ear: float = OPEN, yaw: float = 0.0, *, tilt_degrees: float = 0.0, dx: float = 0.0) -> tuple[Point, ...]:
    """68 landmarks in dlib's order; `yaw` moves the nose along the jaw line (head_yaw reads it back), `tilt_degrees`
    rolls the whole face about its centre, `dx` moves it sideways."""
    turn = yaw * HALF_WIDTH
    points: list[Point] = []
    for i in range(17):  # jaw, from the image's left (landmark 0) to its right (16), through the chin
        angle = math.pi * i / 16
        points.append((CENTRE_X - HALF_WIDTH * math.cos(angle), CENTRE_Y - 20 + 110 * math.sin(angle)))
    for start in (130.0, 220.0):  # eyebrows
        points.extend((start + 12 * k + turn * 0.3, 140.0 - 4 * math.sin(math.pi * k / 4)) for k in range(5))
    points.extend((CENTRE_X + turn * k / 3, 165.0 + 12 * k) for k in range(4))  # nose bridge, 27-30 (30: the tip)
    points.extend((CENTRE_X + turn + 8 * (k - 2), 225.0) for k in range(5))  # nostrils
    points.extend(_eye(155.0 + turn * 0.3, ear))
    points.extend(_eye(245.0 + turn * 0.3, ear))
    for k in range(12):  # outer lip
        angle = 2 * math.pi * k / 12
        points.append((CENTRE_X + turn * 0.5 - 30 * math.cos(angle), 255.0 - 12 * math.sin(angle)))
    for k in range(8):  # inner lip
        angle = 2 * math.pi * k / 8
        points.append((CENTRE_X + turn * 0.5 - 20 * math.cos(angle), 255.0 - 5 * math.sin(angle)))
    assert len(points) == 68
    radians = math.radians(tilt_degrees)
    cos, sin = math.cos(radians), math.sin(radians)
    return tuple(
        (
            CENTRE_X + dx + (x - CENTRE_X) * cos - (y - CENTRE_Y) * sin,
            CENTRE_Y + (x - CENTRE_X) * sin + (y - CENTRE_Y) * cos,
        )
        for x, y in points
    )


def frames(*faces: tuple[Point, ...], start: datetime = ISSUED + timedelta(seconds=5)) -> list[Frame]:
    """Frames 1, 2, ... of `faces`, 400 ms apart, each a different image."""
    return [
        Frame(i + 1, start + timedelta(milliseconds=400 * i), hashlib.sha256(b"image %d" % i).hexdigest(), landmarks)
        for i, landmarks in enumerate(faces)
    ]


def challenge(
    *actions: Action, resident_id: str = "R1", issued_at: datetime = ISSUED, minutes: int = 3, key: bytes = KEY
) -> Challenge:
    expires_at = issued_at + timedelta(minutes=minutes)
    signature = signature_of(key, "CH-1", resident_id, actions, issued_at, expires_at)
    return Challenge("CH-1", resident_id, tuple(actions), issued_at, expires_at, signature)
