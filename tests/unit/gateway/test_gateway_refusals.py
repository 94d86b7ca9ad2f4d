"""The gateway's refusals at its edge: problem documents naming every invalid field, in Chinese, before any service."""

from __future__ import annotations

import ast
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gateway_edge_testkit import assert_problem, bearer, gateway_before_services
from starlette.requests import Request

import pension_kit.identifiers
from pension_gateway.api.problems import GATEWAY_TITLES, has_chinese, identifier_error_handler
from pension_kit.errors import TITLES_ZH, InvalidArgument
from pension_kit.grpc_errors import STATUS_TITLES
from pension_kit.identity import Caller, Role
from pension_testkit import InProcessGateway, new_enrolment

HOTLINE = Caller("hotline-1", Role.HOTLINE)
RESIDENT_ID = "R" + "0123456789ABCDEF0123"


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    async with gateway_before_services() as running:
        yield running


# --- every answer is a problem ---------------------------------------------------------------------------


async def test_an_unknown_route_answers_a_problem(gateway: tuple[httpx.AsyncClient, InProcessGateway]) -> None:
    http, _ = gateway
    assert_problem(await http.get("/v1/no-such-thing"), 404, "ROUTE_NOT_FOUND")


async def test_a_wrong_method_answers_a_problem_that_says_which_are_allowed(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    response = await http.delete(f"/v1/residents/{RESIDENT_ID}", headers=bearer(gw))
    assert_problem(response, 405, "METHOD_NOT_ALLOWED")
    assert response.headers["allow"] == "GET"


async def test_a_missing_token_is_a_problem_that_names_the_scheme(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, _ = gateway
    response = await http.get(f"/v1/residents/{RESIDENT_ID}")
    assert response.status_code == 401 and response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code", "field"),
    [
        (b'{"request_id": "r1",', "application/json", 400, "BODY_MALFORMED_JSON", "body"),
        (b"", "application/json", 400, "BODY_REQUIRED", "body"),
        (b'["not", "an", "object"]', "application/json", 400, "BODY_NOT_AN_OBJECT", "body"),
        (b'{"request_id": "r1"}', "text/plain", 415, "CONTENT_TYPE_UNSUPPORTED", "content-type"),
        (b"request_id=r1", "application/x-www-form-urlencoded", 415, "CONTENT_TYPE_UNSUPPORTED", "content-type"),
    ],
)
async def test_a_body_that_is_not_a_json_object_is_refused_as_a_problem(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
    content: bytes,
    content_type: str,
    status: int,
    code: str,
    field: str,
) -> None:
    http, gw = gateway
    response = await http.post("/v1/residents", content=content, headers={**bearer(gw), "Content-Type": content_type})
    assert_problem(response, status, code, field)


# --- identifiers are checked at the edge ---------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "/account", "/award", "/payments"])
async def test_a_malformed_resident_id_is_refused_naming_it_and_not_repeated(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], suffix: str
) -> None:
    http, gw = gateway
    response = await http.get(f"/v1/residents/{'R' + '7' * 7999}{suffix}", headers=bearer(gw, HOTLINE))
    assert_problem(response, 400, "RESIDENT_ID_FORMAT", "resident_id")
    assert "7" * 30 not in response.text


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"subject_key": "x" * 5000}, "SUBJECT_KEY_FORMAT", "subject_key"),
        ({"subject_key": "41172"}, "SUBJECT_KEY_FORMAT", "subject_key"),
        ({"page_token": "../../etc"}, "PAGE_TOKEN_INVALID", "page_token"),
        ({"page_size": "0"}, "FIELD_OUT_OF_RANGE", "page_size"),
    ],
)
async def test_audit_queries_are_checked_at_the_edge(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], params: dict[str, str], code: str, field: str
) -> None:
    http, gw = gateway
    response = await http.get("/v1/audit/entries", params=params, headers=bearer(gw, Caller("auditor-1", Role.AUDITOR)))
    assert_problem(response, 400, code, field)


def _wrong_check_character(citizen_id: str) -> str:
    return citizen_id[:17] + ("0" if citizen_id[17] != "0" else "1")


def _luhn_broken(card: str) -> str:
    return card[:-1] + str((int(card[-1]) + 1) % 10)


# Each reason code pension_kit.identifiers raises, with a body field that makes the gateway raise it.
IDENTIFIER_REFUSALS: dict[str, tuple[str, str]] = {
    "CITIZEN_ID_LENGTH": ("citizen_id_number", "41172319500101"),
    "CITIZEN_ID_FORMAT": ("citizen_id_number", "41172319500101001A"),
    "CITIZEN_ID_REGION": ("citizen_id_number", "991723195001010011"),
    "CITIZEN_ID_BIRTH_DATE_INVALID": ("citizen_id_number", "411723195013010011"),
    "CITIZEN_ID_CHECK_CHARACTER": ("citizen_id_number", ""),  # from a valid number, below
    "BANK_CARD_FORMAT": ("bank_card_number", "62284812"),
    "BANK_CARD_CHECKSUM": ("bank_card_number", ""),  # from a valid number, below
    "MOBILE_FORMAT": ("mobile", "12345678901"),
    "DIVISION_CODE_FORMAT": ("village_code", "41172310120"),
    "DIVISION_CODE_NOT_VILLAGE": ("village_code", "411723101000"),
    "NAME_LENGTH": ("name", "王"),
    "NAME_CHARACTERS": ("name", "Wang Jianguo"),
}
# Raised only by a service (it needs the service's clock), or from a query rather than the enrolment body (the agent's
# search: tests/integration/gateway/test_agent_reads.py).
ELSEWHERE = {"CITIZEN_ID_BIRTH_DATE_FUTURE", "PERIOD_FORMAT", "NAME_PREFIX_INVALID", "CITIZEN_ID_SUFFIX_INVALID"}


def identifier_reason_codes() -> set[str]:
    """Every reason code pension_kit.identifiers raises: the second argument of each IdentifierError(...)."""
    tree = ast.parse(Path(pension_kit.identifiers.__file__).read_text(encoding="utf-8"))
    return {
        node.args[1].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "IdentifierError"
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
        and isinstance(node.args[1].value, str)
    }


def test_every_identifier_code_is_refused_through_the_gateway_here_or_in_the_e2e_tests() -> None:
    assert identifier_reason_codes() == set(IDENTIFIER_REFUSALS) | ELSEWHERE


@pytest.mark.parametrize("code", sorted(IDENTIFIER_REFUSALS))
async def test_an_identifier_refusal_keeps_the_kit_code_and_has_a_chinese_title(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], code: str
) -> None:
    http, gw = gateway
    field, value = IDENTIFIER_REFUSALS[code]
    body = new_enrolment()
    if code == "CITIZEN_ID_CHECK_CHARACTER":
        value = _wrong_check_character(body["citizen_id_number"])
    elif code == "BANK_CARD_CHECKSUM":
        value = _luhn_broken(body["bank_card_number"])
    body[field] = value
    problem = assert_problem(await http.post("/v1/residents", json=body, headers=bearer(gw)), 400, code, field)
    assert [e["field"] for e in problem["errors"]] == [field]


async def test_a_malformed_month_is_refused_with_the_kit_code(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    for month in ("2026-13", "0000-01", "٢٠٢٦-12", "2026-12-01"):
        # The hotline reads awards (an agent does not).
        response = await http.get(
            f"/v1/residents/{RESIDENT_ID}/award", params={"month": month}, headers=bearer(gw, HOTLINE)
        )
        assert_problem(response, 400, "PERIOD_FORMAT" if len(month) <= 7 else "FIELD_TOO_LONG", "month")


def test_every_code_the_gateway_and_the_identifiers_can_give_has_a_chinese_title() -> None:
    for code in identifier_reason_codes():
        assert has_chinese(TITLES_ZH[code]), code
        # A service raising it with no Chinese message still sends one.
        assert has_chinese(InvalidArgument(code, "in English only").message_zh), code
    for code, (title, title_zh) in GATEWAY_TITLES.items():
        assert title and has_chinese(title_zh), code
    for status_code, (title, title_zh) in STATUS_TITLES.items():
        assert title and has_chinese(title_zh), status_code


# --- every field bounded -------------------------------------------------------------------------------------

OVERSIZE: dict[str, Any] = {
    "request_id": "r" * 65,
    "citizen_id_number": "4" * 33,
    "name": "王" * 33,
    "village_code": "4" * 33,
    "mobile": "1" * 33,
    "bank_card_number": "6" * 33,
    "bank_code": "A" * 17,
    "bank_name": "银" * 61,
    "photo_ref": "p" * 257,
    "agent_id": "a" * 129,
}


@pytest.mark.parametrize("field", sorted(OVERSIZE))
async def test_an_oversize_field_is_refused_naming_it(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], field: str
) -> None:
    http, gw = gateway
    body = new_enrolment(**{field: OVERSIZE[field]})
    problem = assert_problem(
        await http.post("/v1/residents", json=body, headers=bearer(gw)), 400, "FIELD_TOO_LONG", field
    )
    assert re.search(r"最多\d+个字符", problem["title_zh"])


@pytest.mark.parametrize(
    ("groups", "code", "field"),
    [
        ([{"group": 99, "evidence_ref": "DB-1", "effective_from": "2020-01-01"}], "ENUM_VALUE_UNKNOWN", "group"),
        ([{"group": "veteran", "evidence_ref": "DB-1", "effective_from": "2020-01-01"}], "ENUM_VALUE_UNKNOWN", "group"),
        (
            [{"group": "extreme_poverty", "evidence_ref": "x" * 101, "effective_from": "2020-01-01"}],
            "FIELD_TOO_LONG",
            "evidence_ref",
        ),
        (
            [{"group": "extreme_poverty", "evidence_ref": "DB\n1", "effective_from": "2020-01-01"}],
            "FIELD_FORMAT",
            "evidence_ref",
        ),
        (
            [{"group": "extreme_poverty", "evidence_ref": "DB-1", "effective_from": "2020-01-01"}] * 21,
            "TOO_MANY_ITEMS",
            "",
        ),
    ],
)
async def test_special_groups_are_checked_at_the_edge(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], groups: list[dict[str, Any]], code: str, field: str
) -> None:
    http, gw = gateway
    response = await http.post("/v1/residents", json=new_enrolment(special_groups=groups), headers=bearer(gw))
    expected = f"special_groups[0].{field}" if field else "special_groups"
    assert_problem(response, 400, code, expected)


async def test_a_form_with_several_mistakes_lists_them_all(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    body = new_enrolment()
    body.update(
        name="Wang",
        mobile="2345",
        bank_card_number=_luhn_broken(body["bank_card_number"]),
        village_code="411723101000",
        photo_ref="p" * 300,
        special_groups=[{"group": 99, "evidence_ref": "DB-1", "effective_from": "2020-01-01"}],
    )
    del body["enrolled_on"]
    problem = assert_problem(
        await http.post("/v1/residents", json=body, headers=bearer(gw)), 400, "NAME_CHARACTERS", "name"
    )
    listed = {e["field"]: e["code"] for e in problem["errors"]}
    assert listed == {
        "name": "NAME_CHARACTERS",
        "village_code": "DIVISION_CODE_NOT_VILLAGE",
        "mobile": "MOBILE_FORMAT",
        "bank_card_number": "BANK_CARD_CHECKSUM",
        "special_groups[0].group": "ENUM_VALUE_UNKNOWN",
        "photo_ref": "FIELD_TOO_LONG",
        "enrolled_on": "FIELD_REQUIRED",
    }
    assert problem["errors"][0]["field"] == problem["field"]
    assert all(has_chinese(e["title_zh"]) and e["title"] for e in problem["errors"])


# --- the body limit ------------------------------------------------------------------------------------------


async def test_a_body_over_the_limit_is_refused_with_413_whether_declared_or_chunked(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    limit = gw.settings.max_body_bytes
    body = new_enrolment(photo_ref="p" * limit)
    declared = await http.post("/v1/residents", json=body, headers=bearer(gw))
    assert_problem(declared, 413, "BODY_TOO_LARGE")

    async def chunks() -> AsyncIterator[bytes]:
        # No Content-Length: the gateway has to count what arrives.
        for _ in range(limit // 1024 + 2):
            yield b" " * 1024

    chunked = await http.post(
        "/v1/residents", content=chunks(), headers={**bearer(gw), "Content-Type": "application/json"}
    )
    assert "content-length" not in chunked.request.headers
    assert_problem(chunked, 413, "BODY_TOO_LARGE")


# --- the OpenAPI document and the docs pages -------------------------------------------------------------------

DOCUMENTED = {
    ("post", "/v1/residents"): {400, 401, 403, 409, 413, 415, 422, 503},
    ("get", "/v1/residents/{resident_id}"): {400, 401, 403, 404, 503},
    ("post", "/v1/residents/lookup"): {400, 401, 403, 404, 413, 415, 503},
    ("get", "/v1/residents/{resident_id}/account"): {400, 401, 403, 404, 503},
    ("get", "/v1/residents/{resident_id}/award"): {400, 401, 403, 404, 503},
    ("get", "/v1/residents/{resident_id}/payments"): {400, 401, 403, 404, 503},
    ("get", "/v1/audit/entries"): {400, 401, 403, 503},
    ("get", "/v1/audit/verification"): {401, 403, 503},
    ("get", "/readyz"): {503},
}


async def test_the_openapi_document_lists_each_routes_refusals_as_problem_documents(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    document = (await http.get("/openapi.json")).json()
    problem = {"$ref": "#/components/schemas/Problem"}
    for (method, path), statuses in DOCUMENTED.items():
        responses = document["paths"][path][method]["responses"]
        refusals = {key for key in responses if key == "default" or int(key) >= 400}
        assert refusals == {str(s) for s in statuses} | {"default"}, (method, path)
        for key in refusals:
            assert responses[key]["content"] == {"application/problem+json": {"schema": problem}}, (path, key)
    schema = document["components"]["schemas"]["Problem"]
    assert {"type", "title", "status", "code", "title_zh", "field", "errors"} <= set(schema["properties"])
    assert f"{gw.settings.max_body_bytes:,} bytes" in document["info"]["description"]
    enrolment = document["components"]["schemas"]["EnrolmentIn"]["properties"]
    assert enrolment["mobile"]["maxLength"] == 32 and enrolment["mobile"]["pattern"] == r"^1[3-9][0-9]{9}$"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_load_every_asset_from_the_gateway_itself(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], page: str
) -> None:
    http, _ = gateway
    response = await http.get(page)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert not re.search(r"https?://|//[a-z0-9]", html, re.IGNORECASE), "a URL to another host"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith(".js") for a in assets), html
    for asset in assets:
        assert asset.startswith("/"), asset
        loaded = await http.get(asset)
        assert loaded.status_code == 200 and len(loaded.content) > 1000, asset
    assert (await http.get("/openapi.json")).status_code == 200


async def test_an_identifier_check_refusing_inside_a_route_answers_400_naming_the_field() -> None:
    """A value a route's own parsing refuses (pension_kit.identifiers) is the caller's input, not a 500."""
    error = pension_kit.identifiers.IdentifierError("notice_month", "PERIOD_FORMAT", "'0000-01' is not a month")
    response = await identifier_error_handler(Request({"type": "http"}), error)
    assert response.status_code == 400 and response.media_type == "application/problem+json"
    problem = bytes(response.body).decode()
    assert '"code":"PERIOD_FORMAT"' in problem and '"field":"notice_month"' in problem
