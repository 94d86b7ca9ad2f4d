"""The notice and disclosure routes refuse a bad month, village, region or year at the gateway, naming the field."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from gateway_edge_testkit import assert_problem, bearer, gateway_before_services

from pension_gateway.pages.demo import demo_notice
from pension_gateway.pages.notice import notice_html, notice_pdf
from pension_gateway.pages.responses import UNMASKED_CODE, html_page, pdf_file, rendered
from pension_kit.identifiers import make_citizen_id
from pension_kit.identity import Caller, Role
from pension_testkit import DEMO_VILLAGE, InProcessGateway

AUDITOR = Caller("auditor-1", Role.AUDITOR)


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    async with gateway_before_services() as running:
        yield running


@pytest.mark.parametrize("suffix", ["", ".html", ".pdf"])
@pytest.mark.parametrize(
    ("month", "code"),
    [
        ("2026-13", "PERIOD_FORMAT"),
        ("2026-1", "PERIOD_FORMAT"),
        ("26-11", "PERIOD_FORMAT"),
        ("novembr", "PERIOD_FORMAT"),
        ("2026-11-01", "FIELD_TOO_LONG"),
    ],
)
async def test_a_notice_of_a_month_not_written_yyyy_mm_is_refused_naming_the_month(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], month: str, code: str, suffix: str
) -> None:
    http, gw = gateway
    response = await http.get(f"/v1/notices/{DEMO_VILLAGE}/{month}{suffix}", headers=bearer(gw))
    assert_problem(response, 400, code, "month")


async def test_a_notice_page_of_another_kind_than_html_or_pdf_is_a_bad_month(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    response = await http.get(f"/v1/notices/{DEMO_VILLAGE}/2026-11.docx", headers=bearer(gw))
    assert_problem(response, 400, "FIELD_TOO_LONG", "month")


@pytest.mark.parametrize(
    ("village", "code"),
    [
        ("41172310120", "DIVISION_CODE_FORMAT"),
        ("41172310120x", "DIVISION_CODE_FORMAT"),
        ("411723101000", "DIVISION_CODE_NOT_VILLAGE"),
    ],
)
async def test_a_notice_of_a_code_that_is_not_a_village_is_refused(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], village: str, code: str
) -> None:
    http, gw = gateway
    response = await http.get(f"/v1/notices/{village}/2026-11.html", headers=bearer(gw))
    assert_problem(response, 400, code, "village_code")


@pytest.mark.parametrize("suffix", ["", ".html", ".pdf"])
async def test_a_well_formed_notice_request_is_asked_of_the_supervision_service(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], suffix: str
) -> None:
    # No service runs behind this gateway: 503 shows the request passed every check at the edge and was sent on.
    http, gw = gateway
    response = await http.get(f"/v1/notices/{DEMO_VILLAGE}/2026-11{suffix}", headers=bearer(gw))
    assert response.status_code == 503, response.text


async def test_a_notice_without_a_token_is_refused(gateway: tuple[httpx.AsyncClient, InProcessGateway]) -> None:
    http, _ = gateway
    response = await http.get(f"/v1/notices/{DEMO_VILLAGE}/2026-11.pdf")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("path", "code", "field"),
    [
        ("/v1/disclosure/41172/2026", "DIVISION_CODE_FORMAT", "region"),
        ("/v1/disclosure/411700/2026.html", "DIVISION_CODE_FORMAT", "region"),
        ("/v1/disclosure/411723/twenty", "FIELD_TYPE_INVALID", "year"),
        ("/v1/disclosure/411723/99", "FIELD_OUT_OF_RANGE", "year"),
        ("/v1/disclosure/411723/2026/13", "FIELD_OUT_OF_RANGE", "month"),
        ("/v1/disclosure/411723/2026/0.html", "FIELD_OUT_OF_RANGE", "month"),
        ("/v1/disclosure/411723/2026/11.pdf", "FIELD_TYPE_INVALID", "month"),
    ],
)
async def test_a_disclosure_of_a_bad_region_year_or_month_is_refused_naming_it(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], path: str, code: str, field: str
) -> None:
    http, gw = gateway
    assert_problem(await http.get(path, headers=bearer(gw, AUDITOR)), 400, code, field)


@pytest.mark.parametrize(
    "path", ["/v1/disclosure/411723/2026", "/v1/disclosure/411723/2026.html", "/v1/disclosure/411723/2026/11.html"]
)
async def test_a_well_formed_disclosure_request_is_asked_of_the_supervision_service(
    gateway: tuple[httpx.AsyncClient, InProcessGateway], path: str
) -> None:
    http, gw = gateway
    response = await http.get(path, headers=bearer(gw, AUDITOR))
    assert response.status_code == 503, response.text


async def test_a_page_the_guard_stops_is_a_500_problem_that_does_not_repeat_the_number() -> None:
    notice = demo_notice(contributors=2, recipients=2)
    citizen_id = make_citizen_id("411723", date(1950, 6, 15), 88)
    notice.recipients[1].citizen_id_masked = citizen_id

    page = await rendered(notice_html, notice, html_page)
    document = await rendered(notice_pdf, notice, pdf_file("notice.pdf"))
    for response in (page, document):
        assert response.status_code == 500 and response.media_type == "application/problem+json"
        body = bytes(response.body).decode()
        assert json.loads(body)["code"] == UNMASKED_CODE and citizen_id not in body


async def test_a_page_is_served_with_a_policy_that_forbids_loading_anything() -> None:
    response = await rendered(notice_html, demo_notice(contributors=1, recipients=1), html_page)

    assert response.status_code == 200 and response.media_type == "text/html"
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert response.headers["cache-control"] == "no-store"


async def test_the_openapi_document_gives_the_pages_media_types_and_their_refusals_as_problems(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, _ = gateway
    paths = (await http.get("/openapi.json")).json()["paths"]

    expected = {
        "/v1/notices/{village_code}/{month}": "application/json",
        "/v1/notices/{village_code}/{month}.html": "text/html",
        "/v1/notices/{village_code}/{month}.pdf": "application/pdf",
        "/v1/disclosure/{region}/{year}": "application/json",
        "/v1/disclosure/{region}/{year}.html": "text/html",
        "/v1/disclosure/{region}/{year}/{month}": "application/json",
        "/v1/disclosure/{region}/{year}/{month}.html": "text/html",
    }
    for path, media_type in expected.items():
        responses = paths[path]["get"]["responses"]
        assert media_type in responses["200"]["content"], path
        assert set(responses) >= {"200", "400", "401", "403", "404", "503", "default"}, path
        assert list(responses["403"]["content"]) == ["application/problem+json"], path
