"""Quality feedback on the frames of a face proof, so that the phone can ask for a retake in words the pensioner
and the agent understand (Chinese and English), before any face is matched or any liveness is judged.

The adapter measures each frame: how many faces the detector found, the mean brightness of the grey frame
(0-255), its sharpness as the variance of the Laplacian of the grey face region, the face box's width as a
fraction of the frame's width, and whether both eyes' landmarks could be measured. This module decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "MESSAGES",
    "FrameQuality",
    "QualityCode",
    "QualityMeasurement",
    "QualityReport",
    "QualityThresholds",
    "RetakeAdvice",
    "assess_quality",
]


class QualityCode(StrEnum):
    """Why a frame cannot be used, in the order the advice is given (the first is what to fix first)."""

    TOO_DARK = "TOO_DARK"
    NO_FACE = "NO_FACE"
    SEVERAL_FACES = "SEVERAL_FACES"
    TOO_BLURRED = "TOO_BLURRED"
    FACE_TOO_SMALL = "FACE_TOO_SMALL"
    EYES_NOT_VISIBLE = "EYES_NOT_VISIBLE"


# (English, Chinese), as the phone shows them.
MESSAGES: Final[Mapping[QualityCode, tuple[str, str]]] = {
    QualityCode.TOO_DARK: ("The photo is too dark: move to a brighter place.", "光线太暗，请到明亮的地方重新拍摄"),
    QualityCode.NO_FACE: ("No face was found: face the camera.", "未检测到人脸，请正对镜头重新拍摄"),
    QualityCode.SEVERAL_FACES: (
        "More than one face is in the photo: only the pensioner should be in view.",
        "画面中有多张人脸，请只让领取人本人入镜",
    ),
    QualityCode.TOO_BLURRED: ("The photo is blurred: hold the phone still.", "照片模糊，请拿稳手机重新拍摄"),
    QualityCode.FACE_TOO_SMALL: ("The face is too small: bring the phone closer.", "人脸太小，请靠近镜头"),
    QualityCode.EYES_NOT_VISIBLE: (
        "The eyes cannot be seen: take off sunglasses or a hat and face the camera.",
        "看不清眼睛，请摘下墨镜或帽子，正对镜头",
    ),
}


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    """Every threshold of the quality check; the values used are recorded in each decision."""

    # Mean grey level (0-255) under which a face is too dark to measure: a lit room gives 90-150.
    min_brightness: float = 50.0
    # Variance of the Laplacian under which the face region is blurred (the usual rule of thumb is 100 for a
    # sharp photograph; a little lower here, as phones of the countryside are modest).
    min_sharpness: float = 80.0
    # The face box's width as a fraction of the frame's: a face at arm's length fills 0.3-0.6 of a phone's frame;
    # under 0.2 the face's pixels are too few for the landmarks and the model.
    min_face_fraction: float = 0.20


@dataclass(frozen=True, slots=True)
class QualityMeasurement:
    """One frame as the adapter measured it. `face_fraction` and `eyes_visible` are read only when the frame has
    exactly one face."""

    sequence: int
    face_count: int
    mean_brightness: float
    sharpness: float  # variance of the Laplacian of the grey face region (of the frame when there is no face)
    face_fraction: float = 0.0
    eyes_visible: bool = False


@dataclass(frozen=True, slots=True)
class FrameQuality:
    sequence: int
    codes: tuple[QualityCode, ...]

    @property
    def usable(self) -> bool:
        return not self.codes


@dataclass(frozen=True, slots=True)
class RetakeAdvice:
    code: QualityCode
    message: str
    message_zh: str


@dataclass(frozen=True, slots=True)
class QualityReport:
    """The quality of every frame, and the thresholds used."""

    frames: tuple[FrameQuality, ...]
    thresholds: QualityThresholds

    @property
    def usable(self) -> bool:
        return bool(self.frames) and all(frame.usable for frame in self.frames)

    @property
    def codes(self) -> tuple[QualityCode, ...]:
        """Every code any frame has, once, in the order of advice."""
        found = {code for frame in self.frames for code in frame.codes}
        return tuple(code for code in QualityCode if code in found)

    def advice(self) -> tuple[RetakeAdvice, ...]:
        """What to tell the pensioner, most important first."""
        return tuple(RetakeAdvice(code, *MESSAGES[code]) for code in self.codes)


def _codes(frame: QualityMeasurement, t: QualityThresholds) -> tuple[QualityCode, ...]:
    codes: list[QualityCode] = []
    if frame.mean_brightness < t.min_brightness:
        codes.append(QualityCode.TOO_DARK)
    if frame.face_count == 0:
        codes.append(QualityCode.NO_FACE)
    elif frame.face_count > 1:
        codes.append(QualityCode.SEVERAL_FACES)
    if frame.sharpness < t.min_sharpness:
        codes.append(QualityCode.TOO_BLURRED)
    if frame.face_count == 1:
        if frame.face_fraction < t.min_face_fraction:
            codes.append(QualityCode.FACE_TOO_SMALL)
        if not frame.eyes_visible:
            codes.append(QualityCode.EYES_NOT_VISIBLE)
    return tuple(codes)


def assess_quality(
    measurements: Sequence[QualityMeasurement], thresholds: QualityThresholds | None = None
) -> QualityReport:
    """Each frame's problems. A frame with no face, or several, is not judged on face size or eyes."""
    t = thresholds or QualityThresholds()
    return QualityReport(tuple(FrameQuality(m.sequence, _codes(m, t)) for m in measurements), t)
