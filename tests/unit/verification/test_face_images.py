"""What the face model adapter takes before any model runs: images checked and decoded (adapters.face_model's
decode_image), the blur measure, the distance between descriptors, and the model files found offline. The model
itself runs on real photographs in tests/integration/verification/test_face_model.py."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import UTC, datetime

import numpy as np
import pytest
from PIL import Image

from pension_kit.errors import ErrorKind, InvalidArgument
from pension_verification.adapters.face_model import (
    DESCRIPTOR_SIZE,
    RECOGNITION_FILE,
    SHAPE_PREDICTOR_FILE,
    FaceBox,
    FrameMeasurement,
    ImageLimits,
    decode_image,
    face_distance,
    laplacian_variance,
    model_files,
)


def encoded(image: Image.Image, image_format: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def picture(width: int = 320, height: int = 240, mode: str = "RGB") -> Image.Image:
    return Image.linear_gradient("L").resize((width, height)).convert(mode)


def refusal(data: bytes, limits: ImageLimits | None = None) -> InvalidArgument:
    with pytest.raises(InvalidArgument) as raised:
        decode_image(data, limits)
    assert raised.value.kind is ErrorKind.INVALID and raised.value.field == "image"
    assert raised.value.message and raised.value.message_zh != raised.value.message
    return raised.value


def test_a_jpeg_is_decoded_to_rgb_with_the_digest_of_its_bytes() -> None:
    data = encoded(picture(), "JPEG")
    decoded = decode_image(data)
    assert decoded.format == "JPEG" and decoded.original_size == (320, 240)
    assert decoded.rgb.mode == "RGB" and decoded.rgb.size == (320, 240)
    assert decoded.digest == hashlib.sha256(data).hexdigest()


def test_a_phones_multi_picture_jpeg_is_read_as_a_jpeg_and_its_first_picture_measured() -> None:
    out = io.BytesIO()
    picture(2000, 1500).save(out, "MPO", save_all=True, append_images=[picture(400, 300)])
    decoded = decode_image(out.getvalue())
    assert decoded.format == "JPEG" and decoded.original_size == (2000, 1500) and decoded.rgb.size == (1280, 960)


def test_a_png_with_transparency_is_decoded_to_rgb() -> None:
    decoded = decode_image(encoded(picture(mode="RGBA"), "PNG"))
    assert decoded.format == "PNG" and decoded.rgb.mode == "RGB"


def test_a_large_photo_is_measured_scaled_down_to_the_measuring_size() -> None:
    decoded = decode_image(encoded(picture(3000, 2000), "JPEG"), ImageLimits(measure_side=1280))
    assert decoded.original_size == (3000, 2000)
    assert max(decoded.rgb.size) == 1280 and decoded.rgb.size[1] in (853, 854)


def test_a_photo_taken_sideways_is_turned_upright_by_its_exif_orientation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: the picture is to be rotated 90 degrees clockwise
    decoded = decode_image(encoded(picture(320, 240), "JPEG", exif=exif))
    assert decoded.rgb.size == (240, 320)


def test_text_is_not_an_image() -> None:
    assert refusal(b"this is a letter, not a photograph").reason == "IMAGE_NOT_JPEG_OR_PNG"
    assert refusal(b"").reason == "IMAGE_NOT_JPEG_OR_PNG"


def test_other_image_formats_are_refused() -> None:
    assert refusal(encoded(picture(), "GIF")).reason == "IMAGE_NOT_JPEG_OR_PNG"
    assert refusal(encoded(picture(), "BMP")).reason == "IMAGE_NOT_JPEG_OR_PNG"


def test_a_truncated_or_corrupt_jpeg_is_unreadable() -> None:
    data = encoded(picture(), "JPEG")
    assert refusal(data[: len(data) // 2]).reason == "IMAGE_UNREADABLE"
    assert refusal(data[:3] + b"\x00" * 200).reason == "IMAGE_UNREADABLE"


def test_too_many_bytes_are_refused_before_anything_is_decoded() -> None:
    data = encoded(picture(), "PNG")
    assert refusal(data, ImageLimits(max_bytes=len(data) - 1)).reason == "IMAGE_TOO_LARGE"


def test_too_small_an_image_is_refused() -> None:
    assert refusal(encoded(picture(40, 40), "PNG")).reason == "IMAGE_DIMENSIONS"


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few bytes whose header claims `width` x `height` pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_an_image_claiming_too_many_pixels_is_refused_from_its_header() -> None:
    assert refusal(png_claiming(8000, 8000)).reason == "IMAGE_DIMENSIONS"  # over the limit, under Pillow's own
    assert refusal(png_claiming(100_000, 100_000)).reason == "IMAGE_DIMENSIONS"  # Pillow's bomb error too


def test_the_blur_measure_is_the_variance_of_the_laplacian() -> None:
    assert laplacian_variance(np.full((50, 50), 128.0)) == 0.0
    assert laplacian_variance(np.zeros((2, 9))) == 0.0
    # A checkerboard of 0 and 1: each inner pixel's Laplacian is -4 or +4, half each: variance 16.
    board = np.indices((20, 20)).sum(axis=0) % 2
    assert laplacian_variance(board.astype(np.float64)) == pytest.approx(16.0)


def test_the_distance_between_descriptors_is_euclidean() -> None:
    first = [0.0] * DESCRIPTOR_SIZE
    second = [0.0] * (DESCRIPTOR_SIZE - 2) + [0.3, 0.4]
    assert face_distance(first, first) == 0.0
    assert face_distance(first, second) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="128"):
        face_distance(first, first[:-1])
    with pytest.raises(ValueError, match="finite"):
        face_distance(first, [*first[:-1], float("nan")])


def test_a_frame_without_exactly_one_face_has_no_landmarks_nor_face_size() -> None:
    two = FrameMeasurement("d", 640, 480, (FaceBox(0, 0, 100, 100), FaceBox(200, 0, 300, 100)), 90.0, 150.0, None, None)
    assert two.face_fraction == 0.0 and not two.eyes_visible
    assert two.quality(3).face_count == 2
    with pytest.raises(ValueError, match="2 faces"):
        two.frame(3, datetime(2026, 12, 3, tzinfo=UTC))


def test_the_model_files_are_found_in_the_installed_package_without_any_download() -> None:
    files = model_files()
    assert files[SHAPE_PREDICTOR_FILE].stat().st_size > 90_000_000
    assert files[RECOGNITION_FILE].stat().st_size > 20_000_000
