"""Real photographs for the face model's tests and its benchmark (bench/face.py), that nobody here took and that
the repository never holds: the test images the `face_recognition` 1.3.0 source distribution ships on PyPI
(several photographs of Barack Obama, one of Joe Biden). The sdist is downloaded once from PyPI's file host,
checked against its published SHA-256, and only the photographs are kept, under the cache folder
(PENSION_CACHE_DIR or ~/.cache/pension-platform).

What is inside (tests/test_images/ of the sdist): obama.jpg, obama2.jpg, obama3.jpg, obama_partial_face.jpg,
obama_partial_face2.jpg, 32bit.png (obama2.jpg as a 32-bit RGBA PNG) and biden.jpg; no photograph with two faces.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from pension_deploy.infra import cache_dir

SDIST: Final = "face_recognition-1.3.0.tar.gz"
# As PyPI's JSON API gives it (https://pypi.org/pypi/face-recognition/1.3.0/json, "urls", the sdist).
SDIST_URL: Final = (
    "https://files.pythonhosted.org/packages/6c/49/75dda409b94841f01cbbc34114c9b67ec618265084e4d12d37ab838f4fd3/"
    + SDIST
)
SDIST_SHA256: Final = "5e5efdd1686aa566af0d3cc1313b131e4b197657a8ffd03669e6d3fad92705ec"
IMAGES_IN_SDIST: Final = "face_recognition-1.3.0/tests/test_images/"
OBAMA: Final = ("obama.jpg", "obama2.jpg", "obama3.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg")
BIDEN: Final = "biden.jpg"
OBAMA2_PNG: Final = "32bit.png"
PHOTOS: Final = (*OBAMA, BIDEN, OBAMA2_PNG)


def _download(target: Path) -> None:
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(SDIST_URL, timeout=120) as response, partial.open("wb") as out:
            while block := response.read(1 << 16):
                digest.update(block)
                out.write(block)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"could not download {SDIST_URL} for the face model's tests: {error}") from error
    if digest.hexdigest() != SDIST_SHA256:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"{SDIST} from {SDIST_URL} has SHA-256 {digest.hexdigest()}, not {SDIST_SHA256}")
    partial.replace(target)


def photos_folder() -> Path:
    """The folder holding PHOTOS, downloading and extracting them the first time."""
    folder = cache_dir() / "face-recognition-1.3.0-test-images"
    if all((folder / name).is_file() for name in PHOTOS):
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    sdist = folder.parent / SDIST
    if not sdist.is_file() or hashlib.sha256(sdist.read_bytes()).hexdigest() != SDIST_SHA256:
        _download(sdist)
    partial = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    partial.mkdir(exist_ok=True)
    with tarfile.open(sdist, "r:gz") as archive:
        for name in PHOTOS:  # by our own names: nothing the archive names is written
            member = archive.extractfile(IMAGES_IN_SDIST + name)
            if member is None:
                raise RuntimeError(f"{SDIST} has no {IMAGES_IN_SDIST + name}")
            (partial / name).write_bytes(member.read())
    if folder.exists():  # an incomplete folder of an earlier run
        for stale in folder.iterdir():
            stale.unlink()
        folder.rmdir()
    try:
        partial.rename(folder)
    except OSError:  # another test run put them there meanwhile
        for done in partial.iterdir():
            done.unlink()
        partial.rmdir()
    return folder


def photos() -> Mapping[str, bytes]:
    """Every photograph's bytes, by its file name in the sdist."""
    folder = photos_folder()
    return {name: (folder / name).read_bytes() for name in PHOTOS}
