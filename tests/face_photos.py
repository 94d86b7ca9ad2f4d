"""The real photographs of the face tests (face_recognition 1.3.0's test images), from pension_deploy.face_photos,
which the face benchmark (bench/face.py) shares."""

from __future__ import annotations

from pension_deploy.face_photos import BIDEN, OBAMA, OBAMA2_PNG, PHOTOS, photos, photos_folder

__all__ = ["BIDEN", "OBAMA", "OBAMA2_PNG", "PHOTOS", "photos", "photos_folder"]
