"""The hotline's routes at the gateway's edge (no service behind it): who may call them, the refusals made before
any service is asked, their OpenAPI description, and the operator's summary lines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
from gateway_edge_testkit import AGENT, assert_problem, bearer, gateway_before_services

from pension_gateway.api.routes import certifications, pensions, residents
from pension_gateway.hotline.calls import summary_lines
from pension_kit.identity import Caller, Role
from pension_testkit import InProcessGateway

HOTLINE = Caller("hotline-12333", Role.HOTLINE)
RESIDENT = "R0123456789ABCDEF0123"
OTHER = "R0123456789ABCDEF0124"
READS = ("", "/contributions", "/account", "/award", "/payments", "/certification", "/summary")


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    async with gateway_before_services(rpc_timeout_seconds=2.0) as running:
        yield running


def call(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_id": "call-1",
        "citizen_id_number": "11010519491231002X",
        "name": "王建国",
        "secret": {"kind": "bank_card_last4", "value": "0123"},
    }
    return {**body, **overrides}


async def test_only_a_hotline_token_of_the_resident_in_the_path_reads_them(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    other_call = Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=OTHER)
    for path in READS:
        url = f"/hotline/v1/residents/{RESIDENT}{path}"
        assert_problem(await http.get(url, headers=bearer(gw, HOTLINE)), 403, "CALLER_NOT_VERIFIED", "resident_id")
        assert_problem(await http.get(url, headers=bearer(gw, other_call)), 403, "CALLER_NOT_VERIFIED")
        assert_problem(await http.get(url, headers=bearer(gw, AGENT)), 403, "ROLE_NOT_ALLOWED")
        assert_problem(await http.get(url), 401, "TOKEN_MISSING")


async def test_a_verification_is_refused_before_any_service_when_malformed_or_not_the_hotline(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, gw = gateway
    hotline = bearer(gw, HOTLINE)
    assert_problem(
        await http.post("/hotline/v1/calls", json=call(), headers=bearer(gw, AGENT)), 403, "ROLE_NOT_ALLOWED"
    )
    cases = [
        (call(secret={"kind": "bank_card_last4", "value": "12a4"}), "secret.bank_card_last4.value"),
        (call(secret={"kind": "last_payment_fen", "value": 0}), "secret.last_payment_fen.value"),
        (call(secret={"kind": "pin", "value": "1234"}), "secret"),
        (call(citizen_id_number="110105194912310021"), "citizen_id_number"),
        (call(name="Wang"), "name"),
    ]
    for body, field in cases:
        answer = await http.post("/hotline/v1/calls", json=body, headers=hotline)
        assert answer.status_code == 400, answer.text
        assert answer.json()["field"] == field, answer.json()


async def test_the_openapi_document_lists_the_hotline_role_and_refusals_of_every_hotline_route(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, _ = gateway
    paths = (await http.get("/openapi.json")).json()["paths"]
    hotline = {path: item for path, item in paths.items() if path.startswith("/hotline/v1/")}
    assert len(hotline) == 10
    for path, item in hotline.items():
        for method, operation in item.items():
            assert operation["x-roles"] == ["hotline"], (path, method)
            assert {"401", "403", "429", "503"} <= set(operation["responses"]), (path, method)
            assert operation["description"] or operation["summary"]


def test_the_summary_reads_out_the_status_balance_pension_last_payment_and_due_date() -> None:
    resident = residents.ResidentOut(
        resident_id=RESIDENT,
        citizen_id_masked="1101**********002X",
        name="王建国",
        name_masked="王*国",
        sex="male",
        birth_date=date(1949, 12, 31),
        pooling_region_code="411723",
        village_code="411723101201",
        mobile_masked="138****5678",
        bank_name="中国农业银行",
        bank_account_masked="6228**********0123",
        special_groups=[],
        enrolled_on=date(2011, 7, 1),
        enrolled_by_agent_id="agent-1",
        status="active",
    )
    account = residents.AccountOut(
        resident_id=RESIDENT, balance_fen=123456, contributed_years=15, contribution_years=[], entries=[]
    )
    award = pensions.AwardOut(
        award_id="A1",
        resident_id=RESIDENT,
        status="active",
        first_month="2011-07",
        contributed_years=15,
        required_years=15,
        account_balance_at_award_fen=0,
        account_pension_fen=0,
        monthly_total_fen=19630,
        lines=[],
    )

    def payment(month: str, status: str, reason: str = "") -> pensions.PaymentOut:
        return pensions.PaymentOut(
            payment_id=month,
            month=month,
            kind="regular",
            status=status,
            amount_fen=19630,
            paid_on=None,
            bank_account_masked="6228**********0123",
            failure_reason=reason,
        )

    proof = certifications.CertificationStatusOut(
        resident_id=RESIDENT,
        state="current",
        due_on=date(2027, 5, 10),
        village_code="411723101201",
        last_certification=None,
        date_of_death=None,
        death_reported=False,
        imprisoned=False,
        duplicate_receipt=False,
    )
    # December's payment is prepared, not yet paid: the caller hears about November's.
    lines = summary_lines(resident, account, award, [payment("2026-11", "paid"), payment("2026-12", "prepared")], proof)
    assert lines == [
        "参保状态：正常参保（411723101201）",
        "账户余额：1,234.56元（缴费15年）",
        "待遇：196.30元/月",
        "最近发放：2026年11月 196.30元 已到账",
        "认证到期日：2027年5月10日",
    ]
    failed = summary_lines(resident, account, None, [payment("2026-11", "failed", "账户已销户")], None)
    assert failed[2:] == [
        "待遇：尚未领取养老金",
        "最近发放：2026年11月 196.30元 发放失败（账户已销户）",
        "认证到期日：无需认证",
    ]
