"""Faces for the tests: synthetic ones for the liveness and face decision unit tests (dlib's 68 landmarks of a face
looking at the camera, eyes as open as asked, head turned as asked), and frames made of the real photographs
(tests/face_photos.py) for proofs on the real stack."""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from face_photos import BIDEN, photos
from PIL import Image, ImageOps

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


# --- frames made of the real photographs (tests/face_photos.py) for proofs on the real stack ---------------


def jpeg(image: Image.Image, quality: int = 90) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def proof_images() -> dict[str, bytes]:
    """The photographs, and the frames made of them: obama.jpg faces the camera, obama2.jpg looks to his own right
    (the image's left), obama2.jpg mirrored to his left; `front_again` is obama.jpg cropped and saved again (a
    different image of him facing the camera: the photographs have no second frontal one of a usable size)."""
    found = dict(photos())
    obama = opened(found["obama.jpg"])
    found["front_again"] = jpeg(obama.crop((20, 20, obama.width - 20, obama.height - 20)), 85)
    found["left"] = jpeg(ImageOps.mirror(opened(found["obama2.jpg"])), 92)
    biden = opened(found[BIDEN])
    biden = biden.resize((round(biden.width * obama.height / biden.height), obama.height))
    both = Image.new("RGB", (obama.width + biden.width, obama.height))
    both.paste(obama, (0, 0))
    both.paste(biden, (obama.width, 0))
    found["two_faces"] = jpeg(both)
    return found


def real_frames(images: Mapping[str, bytes]) -> list[bytes]:
    """Front, his right, front again, his left: [TURN_RIGHT, TURN_LEFT] shown in order."""
    return [images["obama.jpg"], images["obama2.jpg"], images["front_again"], images["left"]]
