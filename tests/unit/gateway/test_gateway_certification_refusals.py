"""The proof-of-life routes' refusals at the gateway's edge: every path, query and body field checked, images
bounded, before any service (none listens behind this gateway: a request that passed would answer 503)."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import httpx
import pytest
from gateway_edge_testkit import assert_problem, bearer, gateway_before_services

from pension_gateway.api.problems import has_chinese, rpc_error_handler
from pension_gateway.api.routes.fields import IMAGE_BASE64_MAX, IMAGE_MAX_BYTES
from pension_testkit import DEMO_VILLAGE, InProcessGateway

RESIDENT_ID = "R0123456789ABCDEF0123"
HUGE_ID = "R" + "7" * 7999
# The smallest bytes each format starts with: enough for the gateway, which checks only what it can without
# decoding (the service decodes and measures).
JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + b"\0" * 64).decode()
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()
POSITION = {"latitude_e6": 34_757_975, "longitude_e6": 113_665_412, "accuracy_m": 12}


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    async with gateway_before_services(http_timeout=60, rpc_timeout_seconds=2.0) as running:
        yield running


def photo_body(**overrides: Any) -> dict[str, Any]:
    return {"request_id": uuid.uuid4().hex, "image": JPEG, **overrides}


def face_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "request_id": uuid.uuid4().hex,
        "challenge_token": "v1.abc.def",
        "frames": [JPEG, PNG, JPEG],
        "captured_at": "2026-12-03T09:30:00+08:00",
        "position": POSITION,
    }
    return {**body, **overrides}


def visit_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "request_id": uuid.uuid4().hex,
        "photo": JPEG,
        "position": POSITION,
        "visited_at": "2026-12-03T09:30:00+08:00",
        "note": "在家中见到本人",
    }
    return {**body, **overrides}


def death_body(**overrides: Any) -> dict[str, Any]:
    body = {"request_id": uuid.uuid4().hex, "date_of_death": "2026-11-28", "evidence_ref": "村委会证明-17"}
    return {**body, **overrides}


BODIES = {
    "photo": photo_body,
    "face-certifications": face_body,
    "agent-visits": visit_body,
    "death-reports": death_body,
}


# --- a valid request passes the edge ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "certification"),
        ("GET", "certifications"),
        ("POST", "liveness-challenges"),
        *[("POST", route) for route in BODIES],
    ],
)
async def test_a_valid_request_passes_the_edge_and_reaches_for_the_service(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], method: str, path: str
) -> None:
    # The counterpart of every refusal below: the same requests, valid, are not refused here (nothing answers).
    http, gw = gateway
    body = BODIES[path]() if path in BODIES else None
    response = await http.request(method, f"/v1/residents/{RESIDENT_ID}/{path}", json=body, headers=bearer(gw))
    assert_problem(response, 503, "UNAVAILABLE")


async def test_a_valid_task_list_request_passes_the_edge(gateway: tuple[httpx.AsyncClient, InProcessGateway]) -> None:
    http, gw = gateway
    response = await http.get(
        f"/v1/villages/{DEMO_VILLAGE}/certification-tasks",
        params={"due_by": "2026-12-31", "page_size": "50", "page_token": "2026-01-01|CE-R0123456789ABCDEF0123"},
        headers=bearer(gw),
    )
    assert_problem(response, 503, "UNAVAILABLE")


async def test_an_rpc_a_service_does_not_have_yet_is_a_501_problem_in_both_languages() -> None:
    # What a service answers for an RPC of its contract it has not built (the generated base class): a route
    # added before its RPC says so, rather than a 500.
    unimplemented = grpc.aio.AioRpcError(
        grpc.StatusCode.UNIMPLEMENTED, grpc.aio.Metadata(), grpc.aio.Metadata(), "Method not implemented!"
    )
    response = await rpc_error_handler(None, unimplemented)  # type: ignore[arg-type]
    assert response.status_code == 501 and response.media_type == "application/problem+json"
    problem = json.loads(bytes(response.body))
    assert problem["code"] == "UNIMPLEMENTED" and has_chinese(problem["title_zh"])
    assert "Method not implemented" not in problem["title"]


# --- paths and queries ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("GET", "certification"),
        ("GET", "certifications"),
        ("POST", "liveness-challenges"),
        *[("POST", route) for route in BODIES],
    ],
)
async def test_a_malformed_resident_id_is_refused_on_every_proof_of_life_route(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], method: str, suffix: str
) -> None:
    http, gw = gateway
    body = BODIES[suffix]() if suffix in BODIES else None
    response = await http.request(method, f"/v1/residents/{HUGE_ID}/{suffix}", json=body, headers=bearer(gw))
    assert_problem(response, 400, "RESIDENT_ID_FORMAT", "resident_id")
    assert "7" * 30 not in response.text


@pytest.mark.parametrize(
    ("village", "params", "code", "field"),
    [
        ("41172310120", {}, "DIVISION_CODE_FORMAT", "village_code"),
        ("411723101000", {}, "DIVISION_CODE_NOT_VILLAGE", "village_code"),
        (DEMO_VILLAGE, {"due_by": "2026-12"}, "DATE_FORMAT", "due_by"),
        (DEMO_VILLAGE, {"due_by": "31/12/2026"}, "DATE_FORMAT", "due_by"),
        (DEMO_VILLAGE, {"due_by": "2026-12-31T00:00"}, "FIELD_TOO_LONG", "due_by"),
        (DEMO_VILLAGE, {"due_by": "2026-02-30"}, "DATE_INVALID", "due_by"),
        (DEMO_VILLAGE, {"page_size": "0"}, "FIELD_OUT_OF_RANGE", "page_size"),
        (DEMO_VILLAGE, {"page_size": "1001"}, "FIELD_OUT_OF_RANGE", "page_size"),
        (DEMO_VILLAGE, {"page_token": "../../etc"}, "PAGE_TOKEN_INVALID", "page_token"),
    ],
)
async def test_the_task_list_query_is_checked_at_the_edge(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
    village: str,
    params: dict[str, str],
    code: str,
    field: str,
) -> None:
    http, gw = gateway
    response = await http.get(f"/v1/villages/{village}/certification-tasks", params=params, headers=bearer(gw))
    assert_problem(response, 400, code, field)


# --- bodies -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "overrides", "code", "field"),
    [
        ("photo", {"image": "not base64!"}, "IMAGE_BASE64_INVALID", "image"),
        ("photo", {"image": JPEG[:-2]}, "IMAGE_BASE64_INVALID", "image"),
        ("photo", {"image": base64.b64encode(b"hello, not a photo").decode()}, "IMAGE_NOT_JPEG_OR_PNG", "image"),
        ("photo", {"image": ""}, "IMAGE_REQUIRED", "image"),
        ("photo", {"image": 12}, "FIELD_TYPE_INVALID", "image"),
        ("photo", {"request_id": "a b"}, "FIELD_FORMAT", "request_id"),
        ("face-certifications", {"frames": [JPEG]}, "FIELD_TOO_SHORT", "frames"),
        ("face-certifications", {"frames": [JPEG] * 6}, "TOO_MANY_ITEMS", "frames"),
        ("face-certifications", {"frames": [JPEG, "@@@@"]}, "IMAGE_BASE64_INVALID", "frames[1]"),
        ("face-certifications", {"challenge_token": ""}, "FIELD_TOO_SHORT", "challenge_token"),
        ("face-certifications", {"challenge_token": "a b"}, "FIELD_FORMAT", "challenge_token"),
        ("face-certifications", {"captured_at": "2026-12-03T09:30:00"}, "DATETIME_OFFSET_REQUIRED", "captured_at"),
        ("face-certifications", {"captured_at": "yesterday"}, "DATETIME_FORMAT", "captured_at"),
        ("face-certifications", {"device_id": "phone\n1"}, "FIELD_FORMAT", "device_id"),
        ("agent-visits", {"photo": None}, "FIELD_TYPE_INVALID", "photo"),
        ("agent-visits", {"position": None}, "FIELD_TYPE_INVALID", "position"),
        (
            "agent-visits",
            {"position": {**POSITION, "latitude_e6": 91_000_000}},
            "FIELD_OUT_OF_RANGE",
            "position.latitude_e6",
        ),
        (
            "agent-visits",
            {"position": {**POSITION, "longitude_e6": 113.665412}},
            "FIELD_TYPE_INVALID",
            "position.longitude_e6",
        ),
        ("agent-visits", {"position": {**POSITION, "accuracy_m": -1}}, "FIELD_OUT_OF_RANGE", "position.accuracy_m"),
        ("agent-visits", {"visited_at": "2026-13-03T09:30:00+08:00"}, "DATETIME_FORMAT", "visited_at"),
        ("agent-visits", {"note": "本人手机13812345678"}, "FREE_TEXT_PERSONAL_NUMBER", "note"),
        ("agent-visits", {"note": "x" * 501}, "FIELD_TOO_LONG", "note"),
        ("death-reports", {"date_of_death": "2026-11-31"}, "DATE_INVALID", "date_of_death"),
        ("death-reports", {"date_of_death": "28.11.2026"}, "DATE_FORMAT", "date_of_death"),
        ("death-reports", {"evidence_ref": "证明\n17"}, "FIELD_FORMAT", "evidence_ref"),
        ("death-reports", {"reason": "身份证411723195001010013"}, "FREE_TEXT_PERSONAL_NUMBER", "reason"),
    ],
)
async def test_a_body_field_is_checked_at_the_edge_naming_it(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
    route: str,
    overrides: dict[str, Any],
    code: str,
    field: str,
) -> None:
    http, gw = gateway
    body = BODIES[route](**overrides)
    response = await http.post(f"/v1/residents/{RESIDENT_ID}/{route}", json=body, headers=bearer(gw))
    problem = assert_problem(response, 400, code, field)
    assert [e["field"] for e in problem["errors"]] == [field]


@pytest.mark.parametrize("route", sorted(BODIES))
async def test_a_body_missing_its_required_fields_lists_each(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], route: str
) -> None:
    http, gw = gateway
    required = {
        "photo": {"request_id", "image"},
        "face-certifications": {"request_id", "challenge_token", "frames"},
        "agent-visits": {"request_id", "photo", "position", "visited_at"},
        "death-reports": {"request_id", "date_of_death"},
    }[route]
    response = await http.post(f"/v1/residents/{RESIDENT_ID}/{route}", json={}, headers=bearer(gw))
    problem = assert_problem(response, 400, "FIELD_REQUIRED")
    assert {e["field"] for e in problem["errors"]} == required


async def test_no_body_names_the_agent(gateway: tuple[httpx.AsyncClient, InProcessGateway]) -> None:
    # The agent is the signed-in one (the token); a body has no say in who they are.
    http, _ = gateway
    document = (await http.get("/openapi.json")).json()
    for schema in ("AgentVisitIn", "DeathReportIn", "FaceCertificationIn"):
        assert "agent_id" not in document["components"]["schemas"][schema]["properties"], schema


# --- images and the body limit ------------------------------------------------------------------------------------


async def test_an_image_of_4_mib_passes_and_one_byte_more_is_refused_by_name(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    largest = b"\xff\xd8\xff" + b"\0" * (IMAGE_MAX_BYTES - 3)
    fits = await http.post(
        f"/v1/residents/{RESIDENT_ID}/photo",
        json=photo_body(image=base64.b64encode(largest).decode()),
        headers=bearer(gw),
    )
    assert_problem(fits, 503, "UNAVAILABLE")  # over the usual 64 KiB body limit, and still let through
    over = await http.post(
        f"/v1/residents/{RESIDENT_ID}/agent-visits",
        json=visit_body(photo=base64.b64encode(largest + b"\0").decode()),
        headers=bearer(gw),
    )
    assert_problem(over, 400, "IMAGE_TOO_LARGE", "photo")


async def test_five_frames_of_4_mib_pass_and_a_body_over_the_routes_limit_is_refused_with_413(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    frame = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (IMAGE_MAX_BYTES - 8)).decode()
    assert len(frame) <= IMAGE_BASE64_MAX
    five = await http.post(
        f"/v1/residents/{RESIDENT_ID}/face-certifications", json=face_body(frames=[frame] * 5), headers=bearer(gw)
    )
    assert_problem(five, 503, "UNAVAILABLE")
    # A sixth frame would be refused by name, but a body that size is over the route's limit: 413, unread.
    six = await http.post(
        f"/v1/residents/{RESIDENT_ID}/face-certifications", json=face_body(frames=[frame] * 6), headers=bearer(gw)
    )
    assert_problem(six, 413, "BODY_TOO_LARGE")
    # Routes without images keep the usual limit.
    death = await http.post(
        f"/v1/residents/{RESIDENT_ID}/death-reports", json=death_body(evidence_ref=frame), headers=bearer(gw)
    )
    assert_problem(death, 413, "BODY_TOO_LARGE")
    assert str(gw.settings.max_body_bytes) in death.json()["title"]


# --- the OpenAPI document -------------------------------------------------------------------------------------------

DOCUMENTED = {
    ("get", "/v1/residents/{resident_id}/certification"): ("CertificationStatusOut", {400, 401, 403, 404, 422, 503}),
    ("get", "/v1/residents/{resident_id}/certifications"): ("CertificationsOut", {400, 401, 403, 404, 503}),
    ("get", "/v1/villages/{village_code}/certification-tasks"): ("CertificationTasksOut", {400, 401, 403, 422, 503}),
    ("post", "/v1/residents/{resident_id}/photo"): ("EnrolmentPhotoOut", {400, 401, 403, 404, 413, 415, 422, 503}),
    ("post", "/v1/residents/{resident_id}/liveness-challenges"): (
        "LivenessChallengeOut",
        {400, 401, 403, 404, 422, 503},
    ),
    ("post", "/v1/residents/{resident_id}/face-certifications"): (
        "FaceCertificationOut",
        {400, 401, 403, 404, 409, 413, 415, 422, 503},
    ),
    ("post", "/v1/residents/{resident_id}/agent-visits"): ("AgentVisitOut", {400, 401, 403, 404, 413, 415, 422, 503}),
    ("post", "/v1/residents/{resident_id}/death-reports"): (
        "DeathReportOut",
        {400, 401, 403, 404, 409, 413, 415, 422, 503},
    ),
}


async def test_the_openapi_document_describes_each_proof_of_life_route(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, _ = gateway
    document = (await http.get("/openapi.json")).json()
    problem = {"$ref": "#/components/schemas/Problem"}
    for (method, path), (model, statuses) in DOCUMENTED.items():
        responses = document["paths"][path][method]["responses"]
        answered = {key for key in responses if key != "default" and int(key) < 400}
        assert len(answered) == 1, (method, path)
        (success,) = answered
        assert responses[success]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{model}"
        }, (method, path)
        refusals = {key for key in responses if key == "default" or int(key) >= 400}
        assert refusals == {str(s) for s in statuses} | {"default"}, (method, path)
        for key in refusals:
            assert responses[key]["content"] == {"application/problem+json": {"schema": problem}}, (path, key)
    schemas = document["components"]["schemas"]
    image = schemas["EnrolmentPhotoIn"]["properties"]["image"]
    assert image["contentEncoding"] == "base64" and image["maxLength"] == IMAGE_BASE64_MAX
    frames = schemas["FaceCertificationIn"]["properties"]["frames"]
    assert (frames["minItems"], frames["maxItems"]) == (2, 5)
    assert frames["items"]["maxLength"] == IMAGE_BASE64_MAX
    assert "4 MiB" in document["info"]["description"]
