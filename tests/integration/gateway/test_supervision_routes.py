"""The supervision routes over real HTTP, against the supervision service in-process on the real FerretDB and Kafka.

Tested end to end: alerts (list with filters and pages, one with its evidence, dismissal), cases (open, read,
change, list by pages), reconciliations (run with the fund accounts' figures, read back), the audit chain's
verification on demand and its entries.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from gateway_edge_testkit import assert_problem
from supervision_api_testkit import SupervisionStack, supervision_stack

from pension_kit.identity import Caller, Role
from pension_testkit import eventually, random_region

AUDITOR = Caller("auditor-1", Role.AUDITOR)
OFFICER = Caller("officer-7", Role.COUNTY_OFFICER)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({"411723101201"}))


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[SupervisionStack]:
    async with supervision_stack(kafka_broker.bootstrap_servers, ferretdb.mongo_uri) as running:
        yield running


@pytest.fixture
async def http(stack: SupervisionStack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.gateway_url, timeout=60) as client:
        yield client


def auth(stack: SupervisionStack, caller: Caller = OFFICER) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.gateway.token(caller)}"}


async def test_a_case_is_opened_from_alerts_worked_and_read_back_through_the_gateway(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    first, second = await stack.alert(amount_fen=150_000), await stack.alert(amount_fen=50_000)
    request_id = uuid.uuid4().hex
    body = {
        "request_id": request_id,
        "alert_ids": [first, second],
        "title": "疑似死亡后冒领",
        "assigned_to": "officer-2",
    }
    opened = await http.post("/v1/cases", json=body, headers=auth(stack))
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert case["status"] == "open" and case["alert_ids"] == [first, second]
    assert case["amount_fen"] == 200_000 and case["pooling_region_code"] == stack.region
    assert case["assigned_to"] == "officer-2" and not case["escalated"]

    # The same request again (a retry after a lost answer) is the same case, not a second one.
    again = await http.post("/v1/cases", json=body, headers=auth(stack))
    assert again.status_code == 201 and again.json()["case_id"] == case["case_id"]

    change = {
        "request_id": uuid.uuid4().hex,
        "status": "investigating",
        "recovered_fen": 30_000,
        "note": "走访家属，已退回部分款项",
        "attachment_refs": ["SCAN-2026-0001.pdf"],
    }
    changed = await http.patch(f"/v1/cases/{case['case_id']}", json=change, headers=auth(stack))
    assert changed.status_code == 200, changed.text
    worked = changed.json()
    assert worked["status"] == "investigating" and worked["recovered_fen"] == 30_000
    assert worked["attachment_refs"] == ["SCAN-2026-0001.pdf"]
    assert worked["notes"][-1]["text"] == "走访家属，已退回部分款项" and worked["notes"][-1]["actor"] == OFFICER.user_id

    read = await http.get(f"/v1/cases/{case['case_id']}", headers=auth(stack, AUDITOR))
    assert read.status_code == 200 and read.json() == worked


async def test_a_case_over_the_threshold_is_escalated_when_opened(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    alert_id = await stack.alert(amount_fen=10_000_000)
    body = {"request_id": uuid.uuid4().hex, "alert_ids": [alert_id], "title": "多人共用账户"}
    opened = await http.post("/v1/cases", json=body, headers=auth(stack))
    assert opened.status_code == 201, opened.text
    assert opened.json()["escalated"] and opened.json()["escalated_to"]
    escalated = await http.get(
        "/v1/cases", params={"pooling_region_code": stack.region, "escalated_only": "true"}, headers=auth(stack)
    )
    assert opened.json()["case_id"] in [c["case_id"] for c in escalated.json()["cases"]]


async def test_cases_are_listed_page_by_page_with_the_services_cursor(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    region = random_region(4)
    opened = []
    for n in range(3):
        alert_id = await stack.alert(region=region)
        body = {"request_id": uuid.uuid4().hex, "alert_ids": [alert_id], "title": f"案件{n}"}
        response = await http.post("/v1/cases", json=body, headers=auth(stack))
        assert response.status_code == 201, response.text
        opened.append(response.json()["case_id"])
    seen: list[str] = []
    token = ""
    while True:
        page = await http.get(
            "/v1/cases",
            params={"pooling_region_code": region, "page_size": "2", "page_token": token},
            headers=auth(stack, AUDITOR),
        )
        assert page.status_code == 200, page.text
        seen += [c["case_id"] for c in page.json()["cases"]]
        token = page.json()["next_page_token"]
        if not token:
            break
    assert seen == list(reversed(opened))


async def test_the_services_refusals_come_back_as_problems_in_chinese_and_english(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    missing = await http.get("/v1/cases/CS-NOTHING", headers=auth(stack))
    assert_problem(missing, 404, "CASE_NOT_FOUND", "case_id")
    alert_id = await stack.alert()
    body = {"request_id": uuid.uuid4().hex, "alert_ids": [alert_id], "title": "t"}
    assert_problem(await http.post("/v1/cases", json=body, headers=auth(stack, AGENT)), 403, "ROLE_NOT_ALLOWED")
    unknown = {"request_id": uuid.uuid4().hex, "alert_ids": ["AL-" + "0" * 24], "title": "t"}
    assert_problem(await http.post("/v1/cases", json=unknown, headers=auth(stack)), 422, "ALERT_NOT_FOUND")
    # Refused, so the alert is still free for a case.
    opened = await http.post("/v1/cases", json=body | {"request_id": uuid.uuid4().hex}, headers=auth(stack))
    assert opened.status_code == 201, opened.text


async def test_the_audit_chain_is_verified_on_demand_and_shows_the_cases_events(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    alert_id = await stack.alert()
    body = {"request_id": uuid.uuid4().hex, "alert_ids": [alert_id], "title": "审计链核对"}
    case = (await http.post("/v1/cases", json=body, headers=auth(stack))).json()

    opened = {"subject_key": stack.region, "event_type": "pension.supervision.v1.CaseOpened", "producer": "supervision"}

    async def recorded() -> list[dict[str, Any]]:
        page = await http.get("/v1/audit/entries", params={**opened, "page_size": "1000"}, headers=auth(stack, AUDITOR))
        assert page.status_code == 200, page.text
        entries: list[dict[str, Any]] = page.json()["entries"]
        return entries

    entries = await eventually(recorded, what="the case's opening in the audit log")
    # The log holds the alert's events for the region too: the filters are the service's, not the caller's.
    assert {(e["event_type"], e["producer"]) for e in entries} == {(opened["event_type"], "supervision")}
    assert entries[-1]["actor"] == OFFICER.user_id
    later = await http.get(
        "/v1/audit/entries",
        params={**opened, "from_sequence": str(entries[-1]["sequence"] + 1)},
        headers=auth(stack, AUDITOR),
    )
    assert later.status_code == 200 and later.json()["entries"] == [], later.text
    refused = await http.get("/v1/audit/entries", params={"event_type": "a b"}, headers=auth(stack, AUDITOR))
    assert refused.status_code == 400 and refused.json()["code"] == "EVENT_TYPE_FORMAT", refused.text
    verdict = await http.post(
        "/v1/audit/verifications", json={"request_id": uuid.uuid4().hex}, headers=auth(stack, AUDITOR)
    )
    assert verdict.status_code == 200, verdict.text
    result = verdict.json()
    assert result["intact"] and result["entries_checked"] >= 1 and result["break_kind"] == "unspecified"
    assert result["broken_at_sequence"] == 0 and len(result["head_hash"]) == 64
    assert case["case_id"]


async def test_an_alert_is_listed_read_with_its_evidence_and_dismissed_once(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    region = random_region(4)
    raised = [await stack.raise_alert(region=region, amount_fen=1_000 * n) for n in range(1, 4)]
    seen: list[str] = []
    token = ""
    while True:
        page = await http.get(
            "/v1/alerts",
            params={"pooling_region_code": region, "status": "open", "page_size": "2", "page_token": token},
            headers=auth(stack, AUDITOR),
        )
        assert page.status_code == 200, page.text
        seen += [a["alert_id"] for a in page.json()["alerts"]]
        token = page.json()["next_page_token"]
        if not token:
            break
    assert sorted(seen) == sorted(a.alert_id for a in raised)
    other_rule = await http.get(
        "/v1/alerts", params={"pooling_region_code": region, "rule": "shared_bank_account"}, headers=auth(stack)
    )
    assert other_rule.status_code == 200 and other_rule.json()["alerts"] == []

    alert_id = raised[0].alert_id
    read = await http.get(f"/v1/alerts/{alert_id}", headers=auth(stack, AUDITOR))
    assert read.status_code == 200, read.text
    alert = read.json()
    assert alert["rule"] == "payment_after_death" and alert["status"] == "open" and alert["score"] == 90
    assert alert["reason_zh"] == "死亡后仍发放2026年7月待遇" and alert["amount_fen"] == 1_000
    assert alert["evidence"][0]["event_type"] == "pension.payout.v1.PaymentSettled"
    assert alert["facts_key"] == raised[0].draft.facts_key

    body = {"request_id": uuid.uuid4().hex, "reason": "已核实：死亡登记有误，本人健在"}
    dismissed = await http.post(f"/v1/alerts/{alert_id}/dismissal", json=body, headers=auth(stack))
    assert dismissed.status_code == 200, dismissed.text
    assert dismissed.json()["status"] == "dismissed" and dismissed.json()["dismissal_reason"] == body["reason"]
    again = await http.post(f"/v1/alerts/{alert_id}/dismissal", json=body, headers=auth(stack))
    assert again.status_code == 200 and again.json() == dismissed.json()
    listed = await http.get(
        "/v1/alerts", params={"pooling_region_code": region, "status": "dismissed"}, headers=auth(stack)
    )
    assert [a["alert_id"] for a in listed.json()["alerts"]] == [alert_id]


async def test_alert_refusals_of_the_service_are_problems(stack: SupervisionStack, http: httpx.AsyncClient) -> None:
    missing = await http.get("/v1/alerts/AL-" + "0" * 24, headers=auth(stack))
    assert_problem(missing, 404, "ALERT_NOT_FOUND", "alert_id")
    alert_id = await stack.alert()
    body = {"request_id": uuid.uuid4().hex, "reason": "误报"}
    refused = await http.post(f"/v1/alerts/{alert_id}/dismissal", json=body, headers=auth(stack, AGENT))
    assert_problem(refused, 403, "ROLE_NOT_ALLOWED")
    still = await http.get(f"/v1/alerts/{alert_id}", headers=auth(stack))
    assert still.json()["status"] == "open"
    case = {"request_id": uuid.uuid4().hex, "alert_ids": [alert_id], "title": "立案"}
    assert (await http.post("/v1/cases", json=case, headers=auth(stack))).status_code == 201
    in_case = await http.get(f"/v1/alerts/{alert_id}", headers=auth(stack))
    assert in_case.json()["status"] == "in_case" and in_case.json()["case_id"]
    late = await http.post(f"/v1/alerts/{alert_id}/dismissal", json=body, headers=auth(stack))
    assert_problem(late, 422, "ALERT_NOT_OPEN")


async def test_a_reconciliation_is_run_with_figures_and_read_back_and_a_difference_raises_an_alert(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    region = random_region(4)
    body = {
        "request_id": uuid.uuid4().hex,
        "pooling_region_code": region,
        "month": "2026-07",
        "figures": [
            {"item": "benefit_expenditure", "fund": "pooled", "amount_fen": 123_456, "statement_ref": "BANK-0731"},
            {"item": "transfers", "amount_fen": -5_000},
        ],
    }
    run = await http.post("/v1/reconciliations", json=body, headers=auth(stack))
    assert run.status_code == 201, run.text
    assert run.headers["location"] == f"/v1/reconciliations/{region}/2026-07"
    result = run.json()
    assert result["month"] == "2026-07" and result["pooling_region_code"] == region and not result["balanced"]
    pooled = next(line for line in result["lines"] if line["fund_account_fen"] == 123_456)
    assert pooled["item"] == "benefit_expenditure" and pooled["fund"] == "pooled" and pooled["difference_fen"] > 0
    assert any(line["fund"] == "both" and line["fund_account_fen"] == -5_000 for line in result["lines"])

    read = await http.get(run.headers["location"], headers=auth(stack, AUDITOR))
    assert read.status_code == 200 and read.json() == result

    async def alerted() -> list[dict[str, Any]]:
        page = await http.get(
            "/v1/alerts",
            params={"pooling_region_code": region, "rule": "payroll_not_reconciled"},
            headers=auth(stack, AUDITOR),
        )
        return list(page.json()["alerts"])

    [alert] = await eventually(alerted, what="the reconciliation's alert")
    assert alert["status"] == "open" and alert["reason_zh"] and alert["reason_en"]


async def test_reconciliation_refusals_of_the_service_are_problems(
    stack: SupervisionStack, http: httpx.AsyncClient
) -> None:
    region = random_region(4)
    missing = await http.get(f"/v1/reconciliations/{region}/2026-06", headers=auth(stack))
    assert_problem(missing, 404, "RECONCILIATION_NOT_FOUND")
    twice = {
        "request_id": uuid.uuid4().hex,
        "pooling_region_code": region,
        "month": "2026-06",
        "figures": [
            {"item": "recoveries", "fund": "pooled", "amount_fen": 1},
            {"item": "recoveries", "fund": "pooled", "amount_fen": 2},
        ],
    }
    assert_problem(
        await http.post("/v1/reconciliations", json=twice, headers=auth(stack)), 400, "FUND_ACCOUNT_FIGURE_REPEATED"
    )
    hotline = Caller("hotline-1", Role.HOTLINE)
    one = twice | {"figures": [], "request_id": uuid.uuid4().hex}
    assert_problem(
        await http.post("/v1/reconciliations", json=one, headers=auth(stack, hotline)), 403, "ROLE_NOT_ALLOWED"
    )
    # Refused, so nothing was run.
    assert (await http.get(f"/v1/reconciliations/{region}/2026-06", headers=auth(stack))).status_code == 404
