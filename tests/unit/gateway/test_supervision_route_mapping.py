"""The supervision routes' mapping between JSON and the contract, and their refusals at the edge (no service behind).

A request that passes every check reaches no service and answers 503: so a 400 seen here is the gateway's own, and
a 503 shows the request was well formed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any, get_args

import httpx
import pytest
from gateway_edge_testkit import assert_problem, bearer, gateway_before_services
from google.protobuf.descriptor import EnumDescriptor

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2
from pension_gateway.api.routes import alerts, cases, reconciliation, supervision_fields
from pension_gateway.api.routes.supervision_fields import ENUM_PREFIXES, enum_name, enum_number
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_timestamp
from pension_testkit import InProcessGateway

AUDITOR = Caller("auditor-1", Role.AUDITOR)
ALERT_ID = "AL-" + "0123456789abcdef01234567"


@pytest.mark.parametrize(
    ("names", "enum"),
    [
        (supervision_fields.AlertRuleName, supervision_pb2.AlertRule.DESCRIPTOR),
        (supervision_fields.AlertStatusName, supervision_pb2.AlertStatus.DESCRIPTOR),
        (supervision_fields.CaseStatusName, supervision_pb2.CaseStatus.DESCRIPTOR),
        (supervision_fields.ChainBreakKindName, supervision_pb2.ChainBreakKind.DESCRIPTOR),
        (supervision_fields.ReconciliationItemName, supervision_pb2.ReconciliationItem.DESCRIPTOR),
        (supervision_fields.FundName, types_pb2.Fund.DESCRIPTOR),
    ],
)
def test_each_json_name_list_is_the_contract_enum_without_its_unspecified_value(
    names: Any, enum: EnumDescriptor
) -> None:
    prefix = ENUM_PREFIXES[enum.name]
    contract = {v.name.removeprefix(prefix).lower() for v in enum.values if v.number != 0}
    assert set(get_args(names)) == contract
    for name in get_args(names):
        assert enum_name(enum, enum_number(enum, name)) == name


def test_an_unknown_enum_number_reads_as_unspecified() -> None:
    assert enum_name(supervision_pb2.AlertRule.DESCRIPTOR, 999) == "unspecified"
    assert enum_number(supervision_pb2.AlertRule.DESCRIPTOR, None) == 0


def test_an_alert_reads_with_its_rule_reasons_evidence_and_no_unset_times() -> None:
    raised = datetime(2026, 7, 3, 9, 30, tzinfo=UTC)
    alert = supervision_pb2.Alert(
        alert_id=ALERT_ID,
        rule=supervision_pb2.ALERT_RULE_PAYMENT_AFTER_DEATH,
        score=90,
        status=supervision_pb2.ALERT_STATUS_DISMISSED,
        reason_zh="死亡后仍发放",
        reason_en="paid after death",
        raised_at=to_timestamp(raised),
        amount_fen=12_345,
        evidence=[supervision_pb2.Evidence(event_id="e1", event_type="T", summary="paid 2026-07")],
    )
    out = alerts.alert_out(alert).model_dump()
    assert out["rule"] == "payment_after_death" and out["status"] == "dismissed"
    assert out["raised_at"] == raised and out["amount_fen"] == 12_345
    assert out["evidence"][0]["event_id"] == "e1" and out["evidence"][0]["occurred_at"] is None


def test_an_alert_list_query_becomes_the_contract_filter() -> None:
    request = alerts.list_request("411723", "shared_bank_account", "open", "", 50, "tok")
    assert request.rule == supervision_pb2.ALERT_RULE_SHARED_BANK_ACCOUNT
    assert request.status == supervision_pb2.ALERT_STATUS_OPEN
    assert (request.pooling_region_code, request.page_size, request.page_token) == ("411723", 50, "tok")
    every = alerts.list_request(None, None, None, "", 100, "")
    assert (every.rule, every.status, every.pooling_region_code) == (0, 0, "")


def test_a_case_change_leaves_out_what_it_does_not_name() -> None:
    body = cases.CaseChangeIn(request_id="r1", recovered_fen=5_000, note="退回5000分")
    request = cases.update_request("CS-1", body)
    assert request.status == supervision_pb2.CASE_STATUS_UNSPECIFIED and request.assigned_to == ""
    assert (request.case_id, request.recovered_fen, request.note) == ("CS-1", 5_000, "退回5000分")
    closing = cases.update_request("CS-1", cases.CaseChangeIn(request_id="r2", status="substantiated"))
    assert closing.status == supervision_pb2.CASE_STATUS_SUBSTANTIATED


def test_a_case_reads_with_its_history_in_order() -> None:
    case = supervision_pb2.Case(
        case_id="CS-1",
        status=supervision_pb2.CASE_STATUS_INVESTIGATING,
        notes=[
            supervision_pb2.CaseNote(actor="a", status=supervision_pb2.CASE_STATUS_OPEN, text="opened"),
            supervision_pb2.CaseNote(actor="b", status=supervision_pb2.CASE_STATUS_INVESTIGATING, text="visited"),
        ],
        escalated=True,
        escalated_to="county office",
    )
    out = cases.case_out(case)
    assert out.status == "investigating" and out.escalated and out.escalated_to == "county office"
    assert [(n.text, n.status) for n in out.notes] == [("opened", "open"), ("visited", "investigating")]
    assert out.opened_at is None


def test_reconciliation_figures_become_the_contract_figures() -> None:
    body = reconciliation.ReconciliationIn(
        request_id="r1",
        pooling_region_code="411723",
        month="2026-07",
        figures=[
            reconciliation.FundAccountFigureIn(
                item="benefit_expenditure", fund="pooled", amount_fen=1_000_000, statement_ref="TR-7"
            ),
            reconciliation.FundAccountFigureIn(item="transfers", amount_fen=-500),
        ],
    )
    request = reconciliation.run_request(body)
    assert (request.month.year, request.month.month) == (2026, 7)
    figure = request.fund_account_figures[0]
    assert figure.item == supervision_pb2.RECONCILIATION_ITEM_BENEFIT_EXPENDITURE
    assert figure.fund == types_pb2.FUND_POOLED and figure.amount_fen == 1_000_000 and figure.statement_ref == "TR-7"
    transfers = request.fund_account_figures[1]
    assert (transfers.fund, transfers.amount_fen) == (types_pb2.FUND_UNSPECIFIED, -500)
    line = supervision_pb2.ReconciliationLine(
        item=supervision_pb2.RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN,
        fund=types_pb2.FUND_POOLED,
        ledger_fen=100,
        bank_fen=90,
        difference_fen=10,
    )
    both = supervision_pb2.ReconciliationLine(item=supervision_pb2.RECONCILIATION_ITEM_TRANSFERS)
    out = reconciliation.reconciliation_out(
        supervision_pb2.Reconciliation(month=request.month, lines=[line, both], balanced=False)
    )
    assert out.lines[1].fund == "both"
    assert out.month == "2026-07" and not out.balanced
    assert (out.lines[0].item, out.lines[0].fund, out.lines[0].difference_fen) == (
        "payroll_vs_bank_return",
        "pooled",
        10,
    )


# --- refusals at the edge -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
async def gateway() -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    async with gateway_before_services(rpc_timeout_seconds=1.0) as running:
        yield running


def _rid() -> str:
    return uuid.uuid4().hex


@pytest.mark.parametrize(
    ("method", "path", "params", "body", "code", "field"),
    [
        ("GET", "/v1/alerts/AL-XYZ", None, None, "ALERT_ID_FORMAT", "alert_id"),
        ("GET", "/v1/alerts", {"rule": "bribery"}, None, "ENUM_VALUE_UNKNOWN", "rule"),
        ("GET", "/v1/alerts", {"status": "OPEN"}, None, "ENUM_VALUE_UNKNOWN", "status"),
        ("GET", "/v1/alerts", {"pooling_region_code": "4117"}, None, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        ("GET", "/v1/alerts", {"pooling_region_code": "411700"}, None, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        ("GET", "/v1/alerts", {"resident_id": "R1"}, None, "RESIDENT_ID_FORMAT", "resident_id"),
        ("GET", "/v1/alerts", {"page_token": "a b"}, None, "PAGE_TOKEN_INVALID", "page_token"),
        ("GET", "/v1/alerts", {"page_size": "1001"}, None, "FIELD_OUT_OF_RANGE", "page_size"),
        ("POST", f"/v1/alerts/{ALERT_ID}/dismissal", None, {"request_id": "r1"}, "FIELD_REQUIRED", "reason"),
        (
            "POST",
            f"/v1/alerts/{ALERT_ID}/dismissal",
            None,
            {"request_id": "r1", "reason": "本人手机13800138000已核实"},
            "FREE_TEXT_PERSONAL_NUMBER",
            "reason",
        ),
        (
            "POST",
            "/v1/cases",
            None,
            {"request_id": "r1", "alert_ids": [], "title": "t"},
            "FIELD_TOO_SHORT",
            "alert_ids",
        ),
        (
            "POST",
            "/v1/cases",
            None,
            {"request_id": "r1", "alert_ids": ["AL-1"], "title": "t"},
            "ALERT_ID_FORMAT",
            "alert_ids[0]",
        ),
        ("POST", "/v1/cases", None, {"request_id": "r1", "alert_ids": [ALERT_ID]}, "FIELD_REQUIRED", "title"),
        (
            "POST",
            "/v1/cases",
            None,
            {"request_id": "r1", "alert_ids": [ALERT_ID], "title": "t" * 201},
            "FIELD_TOO_LONG",
            "title",
        ),
        (
            "POST",
            "/v1/cases",
            None,
            {"request_id": "r1", "alert_ids": [ALERT_ID], "title": "t", "amount_fen": 1.5},
            "FIELD_TYPE_INVALID",
            "amount_fen",
        ),
        ("GET", "/v1/cases", {"status": "done"}, None, "ENUM_VALUE_UNKNOWN", "status"),
        ("GET", "/v1/cases/CS%201", None, None, "CASE_ID_FORMAT", "case_id"),
        (
            "PATCH",
            "/v1/cases/CS-1",
            None,
            {"request_id": "r1", "recovered_fen": -1},
            "FIELD_OUT_OF_RANGE",
            "recovered_fen",
        ),
        ("PATCH", "/v1/cases/CS-1", None, {"request_id": "r1", "status": "reopened"}, "ENUM_VALUE_UNKNOWN", "status"),
        (
            "PATCH",
            "/v1/cases/CS-1",
            None,
            {"request_id": "r1", "attachment_refs": ["x"] * 21},
            "TOO_MANY_ITEMS",
            "attachment_refs",
        ),
        (
            "PATCH",
            "/v1/cases/CS-1",
            None,
            {"request_id": "r1", "note": "卡号6228480402564890018"},
            "FREE_TEXT_PERSONAL_NUMBER",
            "note",
        ),
        ("GET", "/v1/reconciliations/411723/2026-13", None, None, "PERIOD_FORMAT", "month"),
        ("GET", "/v1/reconciliations/41172/2026-12", None, None, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        (
            "POST",
            "/v1/reconciliations",
            None,
            {"request_id": "r1", "pooling_region_code": "411723", "month": "2026-7"},
            "PERIOD_FORMAT",
            "month",
        ),
        (
            "POST",
            "/v1/reconciliations",
            None,
            {
                "request_id": "r1",
                "pooling_region_code": "411723",
                "month": "2026-07",
                "figures": [{"item": "bribes", "fund": "pooled", "amount_fen": 1}],
            },
            "ENUM_VALUE_UNKNOWN",
            "figures[0].item",
        ),
        (
            "POST",
            "/v1/reconciliations",
            None,
            {
                "request_id": "r1",
                "pooling_region_code": "411723",
                "month": "2026-07",
                "figures": [{"item": "benefit_expenditure", "fund": "pooled", "amount_fen": -1}],
            },
            "AMOUNT_NEGATIVE",
            "figures[0].amount_fen",
        ),
        (
            "POST",
            "/v1/reconciliations",
            None,
            {
                "request_id": "r1",
                "pooling_region_code": "411723",
                "month": "2026-07",
                "figures": [{"item": "transfers", "amount_fen": 1, "statement_ref": "S" * 65}],
            },
            "FIELD_TOO_LONG",
            "figures[0].statement_ref",
        ),
        ("POST", "/v1/audit/verifications", None, {"from_sequence": 1}, "FIELD_REQUIRED", "request_id"),
        (
            "POST",
            "/v1/audit/verifications",
            None,
            {"request_id": "r1", "from_sequence": -1},
            "FIELD_OUT_OF_RANGE",
            "from_sequence",
        ),
    ],
)
async def test_a_malformed_supervision_request_is_refused_at_the_edge_naming_its_field(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
    method: str,
    path: str,
    params: dict[str, str] | None,
    body: dict[str, Any] | None,
    code: str,
    field: str,
) -> None:
    http, gw = gateway
    response = await http.request(method, path, params=params, json=body, headers=bearer(gw, AUDITOR))
    assert_problem(response, 400, code, field)


@pytest.mark.parametrize(
    ("method", "path", "params", "body"),
    [
        ("GET", "/v1/alerts", {"rule": "payment_after_death", "status": "open", "pooling_region_code": "411723"}, None),
        ("GET", f"/v1/alerts/{ALERT_ID}", None, None),
        ("POST", f"/v1/alerts/{ALERT_ID}/dismissal", None, {"request_id": _rid(), "reason": "已核实为误报"}),
        ("POST", "/v1/cases", None, {"request_id": _rid(), "alert_ids": [ALERT_ID], "title": "死亡后冒领"}),
        ("GET", "/v1/cases", {"status": "investigating", "escalated_only": "true"}, None),
        ("GET", "/v1/cases/CS-411723-0001", None, None),
        ("PATCH", "/v1/cases/CS-411723-0001", None, {"request_id": _rid(), "status": "closed", "recovered_fen": 100}),
        (
            "POST",
            "/v1/reconciliations",
            None,
            {
                "request_id": _rid(),
                "pooling_region_code": "411723",
                "month": "2026-07",
                "figures": [
                    {"item": "contribution_income", "fund": "individual_account", "amount_fen": 0},
                    {"item": "transfers", "amount_fen": -12_345, "statement_ref": "TR-7"},
                ],
            },
        ),
        ("GET", "/v1/reconciliations/411723/2026-07", None, None),
        ("POST", "/v1/audit/verifications", None, {"request_id": _rid()}),
    ],
)
async def test_a_well_formed_supervision_request_passes_the_edge(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
    method: str,
    path: str,
    params: dict[str, str] | None,
    body: dict[str, Any] | None,
) -> None:
    http, gw = gateway
    response = await http.request(method, path, params=params, json=body, headers=bearer(gw, AUDITOR))
    assert response.status_code == 503, response.text


async def test_supervision_routes_need_a_token(gateway: tuple[httpx.AsyncClient, InProcessGateway]) -> None:
    http, _ = gateway
    response = await http.get("/v1/alerts")
    assert_problem(response, 401, "TOKEN_MISSING")


SUPERVISION_ROUTES = {
    ("get", "/v1/alerts"): {400, 401, 403, 503},
    ("get", "/v1/alerts/{alert_id}"): {400, 401, 403, 404, 503},
    ("post", "/v1/alerts/{alert_id}/dismissal"): {400, 401, 403, 404, 409, 413, 415, 422, 503},
    ("post", "/v1/cases"): {400, 401, 403, 404, 409, 413, 415, 422, 503},
    ("get", "/v1/cases"): {400, 401, 403, 503},
    ("get", "/v1/cases/{case_id}"): {400, 401, 403, 404, 503},
    ("patch", "/v1/cases/{case_id}"): {400, 401, 403, 404, 409, 413, 415, 422, 503},
    ("post", "/v1/reconciliations"): {400, 401, 403, 409, 413, 415, 422, 503},
    ("get", "/v1/reconciliations/{pooling_region_code}/{month}"): {400, 401, 403, 404, 503},
    ("post", "/v1/audit/verifications"): {400, 401, 403, 409, 413, 415, 503},
}


async def test_the_openapi_document_lists_the_supervision_routes_with_their_problems_and_bounds(
    gateway: tuple[httpx.AsyncClient, InProcessGateway],
) -> None:
    http, _ = gateway
    document = (await http.get("/openapi.json")).json()
    for (method, path), statuses in SUPERVISION_ROUTES.items():
        responses = document["paths"][path][method]["responses"]
        refusals = {key for key in responses if key == "default" or int(key) >= 400}
        assert refusals == {str(s) for s in statuses} | {"default"}, (method, path)
        for key in refusals:
            assert "application/problem+json" in responses[key]["content"], (path, key)
    schemas = document["components"]["schemas"]
    assert schemas["CaseIn"]["properties"]["title"]["maxLength"] == supervision_fields.TITLE_MAX
    assert schemas["ReconciliationIn"]["properties"]["figures"]["maxItems"] == supervision_fields.FIGURES_MAX
    assert schemas["DismissalIn"]["properties"]["reason"]["minLength"] == 1
