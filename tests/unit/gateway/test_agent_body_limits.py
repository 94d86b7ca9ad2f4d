"""The phone's image routes (/agent/v1) take the same larger bodies as their /v1 counterparts, and nothing else does."""

from __future__ import annotations

import pytest

from pension_gateway.api.problems import BodyLimit
from pension_gateway.api.routes.certifications import image_body_limits

BASE = 64 * 1024
RESIDENT = "R3F9A0C27B41D5E86A0C2"


async def _app(scope: object, receive: object, send: object) -> None:  # pragma: no cover - never called here
    raise AssertionError


@pytest.mark.parametrize("prefix", ["", "/agent"])
def test_a_photo_and_a_face_proof_take_their_image_limits_under_both_apis(prefix: str) -> None:
    limits = image_body_limits(BASE)
    middleware = BodyLimit(_app, BASE, routes=limits)
    photo = middleware.limit_of(f"{prefix}/v1/residents/{RESIDENT}/photo")
    frames = middleware.limit_of(f"{prefix}/v1/residents/{RESIDENT}/face-certifications")
    assert photo == min(limits.values()) > BASE
    assert frames == max(limits.values()) > photo


def test_other_agent_routes_keep_the_usual_limit() -> None:
    middleware = BodyLimit(_app, BASE, routes=image_body_limits(BASE))
    for path in (
        "/agent/v1/session",
        "/agent/v1/sync",
        f"/agent/v1/residents/{RESIDENT}",
        "/hotline/v1/residents/photo",
    ):
        assert middleware.limit_of(path) == BASE, path
