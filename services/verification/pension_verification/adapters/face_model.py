"""The face model: dlib's face detector, its 68-point shape predictor and its face recognition ResNet, as the
`face-recognition-models` package ships them, run on `dlib-bin`'s prebuilt wheel. Offline: the model files are
read from the installed package, nothing is fetched.

For one image (the bytes a phone sent: a JPEG or PNG, bounded in size, checked as an image with Pillow and decoded
to RGB) it measures what the domain decides on (domain/face_quality.py, domain/liveness.py,
domain/face_decision.py): the faces found, the 68 landmarks and the 128-dimension descriptor of the one face, the
mean brightness, a blur measure, the face's width relative to the frame, and the SHA-256 of the bytes. The distance
between two descriptors is Euclidean, as dlib's and face_recognition's.

Done as the `face_recognition` package does it, on dlib directly (that package builds dlib from source): the HOG
frontal face detector, `shape_predictor_68_face_landmarks.dat` on each face box, and
`compute_face_descriptor(image, shape)` of `dlib_face_recognition_resnet_model_v1.dat` on the 68 landmarks.

Every call is blocking and CPU-bound (about 0.1 s to detect and 0.1 s to describe a face on a 1-megapixel frame):
a server calls it from a worker thread (asyncio.to_thread), never on its event loop.
"""

from __future__ import annotations

import hashlib
import io
import math
import threading
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Final

import dlib
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageOps, UnidentifiedImageError

from pension_kit.errors import InvalidArgument
from pension_verification.domain.face_decision import FaceModel
from pension_verification.domain.face_quality import QualityMeasurement
from pension_verification.domain.liveness import LANDMARK_COUNT, LEFT_EYE, RIGHT_EYE, Frame, Point, frame_ear

__all__ = [
    "DESCRIPTOR_SIZE",
    "MODEL_NAME",
    "DecodedImage",
    "Descriptor",
    "DlibFaceModel",
    "FaceBox",
    "FrameMeasurement",
    "ImageLimits",
    "decode_image",
    "face_distance",
    "laplacian_variance",
    "load_face_model",
    "model_files",
]

MODEL_NAME: Final = "dlib_face_recognition_resnet_model_v1"
MODELS_DISTRIBUTION: Final = "face-recognition-models"
DLIB_DISTRIBUTION: Final = "dlib-bin"
DESCRIPTOR_SIZE: Final = 128
SHAPE_PREDICTOR_FILE: Final = "shape_predictor_68_face_landmarks.dat"
RECOGNITION_FILE: Final = "dlib_face_recognition_resnet_model_v1.dat"

JPEG_MAGIC: Final = b"\xff\xd8\xff"
PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
ALLOWED_FORMATS: Final = ("JPEG", "PNG")

Descriptor = tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ImageLimits:
    """What an image may be. A phone's frame of a face needs no more than a megapixel or two: the measurements are
    taken on the image scaled down to `measure_side` on its longer side (the JPEG decoder does most of it, cheaply)."""

    max_bytes: int = 4 * 1024 * 1024
    # Checked from the header, before any pixel is decoded: a small file that claims huge dimensions (a
    # decompression bomb) is refused without being decoded.
    max_pixels: int = 40_000_000
    min_side: int = 64
    measure_side: int = 1280


@dataclass(frozen=True, slots=True)
class DecodedImage:
    """An image as it will be measured: RGB, upright (EXIF orientation applied), at most `measure_side` long."""

    digest: str  # SHA-256 of the bytes as received, hex
    format: str  # JPEG or PNG
    original_size: tuple[int, int]
    rgb: Image.Image


def _refuse(reason: str, message: str, message_zh: str) -> InvalidArgument:
    return InvalidArgument(reason, message, field="image", message_zh=message_zh)


def _unreadable(error: Exception) -> InvalidArgument:
    return _refuse("IMAGE_UNREADABLE", f"the image cannot be decoded ({type(error).__name__})", "图片已损坏，无法读取")


def decode_image(data: bytes, limits: ImageLimits | None = None) -> DecodedImage:
    """Checks `data` as a JPEG or PNG image within `limits` and decodes it to RGB, or refuses it:
    IMAGE_TOO_LARGE (too many bytes), IMAGE_NOT_JPEG_OR_PNG (anything else, text included), IMAGE_DIMENSIONS (too
    small, or too many pixels), IMAGE_UNREADABLE (a JPEG or PNG that cannot be decoded: truncated, corrupt)."""
    lim = limits or ImageLimits()
    if len(data) > lim.max_bytes:
        raise _refuse(
            "IMAGE_TOO_LARGE",
            f"the image has {len(data)} bytes, more than the {lim.max_bytes} allowed",
            f"图片过大（超过{lim.max_bytes // (1024 * 1024)}MB），请重新拍摄",
        )
    if not (data.startswith(JPEG_MAGIC) or data.startswith(PNG_MAGIC)):
        raise _refuse("IMAGE_NOT_JPEG_OR_PNG", "the file is not a JPEG or PNG image", "文件不是JPEG或PNG格式的图片")
    digest = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            # Pillow warns of a decompression bomb from the header alone; it is refused below either way.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError as error:  # dimensions far beyond any limit (Pillow's own refusal)
        raise _refuse(
            "IMAGE_DIMENSIONS", "the image has far too many pixels", "图片尺寸不符合要求，请重新拍摄"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable(error) from error
    width, height = image.size
    if width < lim.min_side or height < lim.min_side or width * height > lim.max_pixels:
        raise _refuse(
            "IMAGE_DIMENSIONS",
            f"the image is {width}x{height} pixels: each side must be at least {lim.min_side} and the whole "
            f"at most {lim.max_pixels} pixels",
            "图片尺寸不符合要求，请重新拍摄",
        )
    # Many phones write a multi-picture JPEG (MPO: the photograph first, then previews): its first picture is read.
    image_format = "JPEG" if image.format == "MPO" else str(image.format)
    try:
        if image_format == "JPEG":
            # The JPEG decoder scales by 1/2, 1/4 or 1/8 while decoding: never below the size asked for.
            image.draft("RGB", (lim.measure_side, lim.measure_side))
        upright = ImageOps.exif_transpose(image)
        rgb = upright.convert("RGB")
    except (OSError, SyntaxError, ValueError) as error:
        raise _unreadable(error) from error
    rgb.thumbnail((lim.measure_side, lim.measure_side), Image.Resampling.BILINEAR)
    return DecodedImage(digest, image_format, (width, height), rgb)


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A face the detector found, in the pixels measured; it may reach past the frame's edges."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left


@dataclass(frozen=True, slots=True)
class FrameMeasurement:
    """One image as the model measured it. `landmarks` and `descriptor` are those of the one face, None unless
    exactly one face was found."""

    image_digest: str
    width: int  # the pixels measured (upright, scaled down to ImageLimits.measure_side)
    height: int
    faces: tuple[FaceBox, ...]
    mean_brightness: float  # of the grey frame, 0-255
    sharpness: float  # variance of the Laplacian of the grey face region (of the frame unless one face)
    landmarks: tuple[Point, ...] | None
    descriptor: Descriptor | None

    @property
    def face_count(self) -> int:
        return len(self.faces)

    @property
    def face_fraction(self) -> float:
        """The one face's width as a fraction of the frame's; 0 unless exactly one face."""
        return self.faces[0].width / self.width if self.face_count == 1 else 0.0

    @property
    def eyes_visible(self) -> bool:
        """Both eyes' landmarks fall inside the frame and both eyes have a width to measure their aspect ratio by.
        The predictor places landmarks on any face it is given, so eyes behind dark glasses still 'measure': this
        finds eyes cut off by the frame's edge, not hidden ones."""
        if self.landmarks is None:
            return False
        inside = all(
            0 <= self.landmarks[i][0] < self.width and 0 <= self.landmarks[i][1] < self.height
            for i in (*RIGHT_EYE, *LEFT_EYE)
        )
        return inside and frame_ear(self.landmarks) is not None

    def quality(self, sequence: int) -> QualityMeasurement:
        return QualityMeasurement(
            sequence,
            face_count=self.face_count,
            mean_brightness=self.mean_brightness,
            sharpness=self.sharpness,
            face_fraction=self.face_fraction,
            eyes_visible=self.eyes_visible,
        )

    def frame(self, sequence: int, captured_at: datetime) -> Frame:
        """The frame the liveness check reads; only a frame with one face has one (check the quality first)."""
        if self.landmarks is None:
            raise ValueError(f"frame {sequence} has {self.face_count} faces: it has no landmarks to check")
        return Frame(sequence, captured_at, self.image_digest, self.landmarks)


def laplacian_variance(grey: npt.NDArray[np.float64]) -> float:
    """Variance of the 4-neighbour Laplacian (0 1 0 / 1 -4 1 / 0 1 0, OpenCV's default) over the pixels that have
    all four neighbours; 0 for a region too small to have any."""
    if grey.shape[0] < 3 or grey.shape[1] < 3:
        return 0.0
    laplacian = grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4 * grey[1:-1, 1:-1]
    return float(laplacian.var())


def face_distance(first: Sequence[float], second: Sequence[float]) -> float:
    """The Euclidean distance between two descriptors of the model (0 identical; dlib's same-person rule is 0.6 or
    less; the domain's threshold is MatchThresholds)."""
    if len(first) != DESCRIPTOR_SIZE or len(second) != DESCRIPTOR_SIZE:
        raise ValueError(f"face descriptors have {DESCRIPTOR_SIZE} numbers, not {len(first)} and {len(second)}")
    distance = math.dist(first, second)
    if not math.isfinite(distance):
        raise ValueError("a face descriptor holds a number that is not finite")
    return distance


def model_files() -> Mapping[str, Path]:
    """The model files of the installed `face-recognition-models`, by file name. Found from the distribution's
    record, not by importing its package: its __init__ imports pkg_resources, which needs setuptools at run time."""
    try:
        files = metadata.files(MODELS_DISTRIBUTION) or []
    except metadata.PackageNotFoundError as error:
        raise RuntimeError(f"{MODELS_DISTRIBUTION} is not installed: run `make install`") from error
    found = {file.name: Path(str(file.locate())) for file in files if file.name.endswith(".dat")}
    missing = [name for name in (SHAPE_PREDICTOR_FILE, RECOGNITION_FILE) if not found.get(name, Path()).is_file()]
    if missing:
        raise RuntimeError(f"{MODELS_DISTRIBUTION} lacks {', '.join(missing)}: reinstall it")
    return found


class DlibFaceModel:
    """dlib's models, loaded once (about a second: the shape predictor is 100 MB); measures images and compares
    descriptors. Safe to share between threads: dlib's detector and network keep state while they run (dlib says
    to guard them with a mutex), so one image is measured at a time, behind a lock."""

    def __init__(self, *, upsample: int = 0, limits: ImageLimits | None = None) -> None:
        # Upsampling 0 finds faces of 80 pixels and more, which a frame of a usable face (a fifth of the frame's
        # width, on frames scaled to 1280) always has; each upsampling quadruples the detector's time.
        if upsample < 0:
            raise ValueError("upsample is a count of doublings, 0 or more")
        files = model_files()
        self.upsample = upsample
        self.limits = limits or ImageLimits()
        self._detector = dlib.get_frontal_face_detector()
        self._predictor = dlib.shape_predictor(str(files[SHAPE_PREDICTOR_FILE]))
        self._recogniser = dlib.face_recognition_model_v1(str(files[RECOGNITION_FILE]))
        self._lock = threading.Lock()
        models = metadata.version(MODELS_DISTRIBUTION)
        self.model = FaceModel(MODEL_NAME, f"{MODELS_DISTRIBUTION} {models}, dlib {dlib.__version__}")

    def measure(self, data: bytes) -> FrameMeasurement:
        """Decodes `data` (decode_image's refusals) and measures it."""
        image = decode_image(data, self.limits)
        pixels = np.asarray(image.rgb, dtype=np.uint8)
        grey = np.asarray(image.rgb.convert("L"), dtype=np.float64)
        height, width = grey.shape
        landmarks: tuple[Point, ...] | None = None
        descriptor: Descriptor | None = None
        with self._lock:
            detections = self._detector(pixels, self.upsample)
            if len(detections) == 1:
                shape = self._predictor(pixels, detections[0])
                computed = self._recogniser.compute_face_descriptor(pixels, shape)
                landmarks = tuple((float(shape.part(i).x), float(shape.part(i).y)) for i in range(LANDMARK_COUNT))
                descriptor = tuple(float(value) for value in computed)
        faces = tuple(FaceBox(int(d.left()), int(d.top()), int(d.right()), int(d.bottom())) for d in detections)
        region = grey
        if len(faces) == 1:
            box = faces[0]
            region = grey[max(0, box.top) : max(0, box.bottom), max(0, box.left) : max(0, box.right)]
        return FrameMeasurement(
            image_digest=image.digest,
            width=int(width),
            height=int(height),
            faces=faces,
            mean_brightness=float(grey.mean()),
            sharpness=laplacian_variance(region),
            landmarks=landmarks,
            descriptor=descriptor,
        )

    def distance(self, first: Sequence[float], second: Sequence[float]) -> float:
        return face_distance(first, second)


@cache
def load_face_model() -> DlibFaceModel:
    """The process's one model, loaded at its first use."""
    return DlibFaceModel()
