"""The officers' pages at /office/ on the real stack: an officer signs in with the password of POST /v1/auth/token,
the session cookie is HttpOnly, SameSite=Strict and scoped to /office; the preparer's own approval is refused in
Chinese and two approvers approve the run in payout; a form without its CSRF token changes nothing; another role
is shown the 403 page; a township officer confirms a registry match; alerts, complaints with their deadlines, and
the framed notice and disclosure pages render."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from office_testkit import (
    AGENT,
    APPROVERS,
    AUDITOR,
    PREPARER,
    REVIEWED_NAME,
    TOWNSHIP,
    OfficeStack,
    csrf_of,
    office_stack,
    text_of,
)

from pension.payout.v1 import payout_pb2
from pension_gateway.office.views import LISTED
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_name, personal_numbers_in


@pytest.fixture(scope="module")
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[OfficeStack]:
    async with office_stack(kafka_bootstrap, mongo_uri) as started:
        yield started


def _cookie_attributes(response: Any, name: str) -> str:
    [header] = [value for value in response.headers.get_list("set-cookie") if value.startswith(f"{name}=")]
    return str(header).lower()


async def test_an_officer_signs_in_with_a_cookie_only_the_office_pages_get_and_signs_out(stack: OfficeStack) -> None:
    async with stack.client() as http:
        anonymous = await http.get("/office/payrolls")
        assert anonymous.status_code == 303 and anonymous.headers["location"] == "/office/signin"

        wrong = await stack.sign_in(http, PREPARER, "not the password at all")
        assert wrong.status_code == 401 and "用户名或密码不正确" in text_of(wrong.text)
        assert "office_session" not in http.cookies

        signed_in = await stack.sign_in(http, PREPARER)
        assert signed_in.status_code == 303 and signed_in.headers["location"] == "/office/"
        cookie = _cookie_attributes(signed_in, "office_session")
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/office" in cookie
        assert "secure" not in cookie  # plain http here; over https the cookie is Secure

        home = await http.get("/office/")
        assert home.status_code == 200 and f"您好，{PREPARER}" in text_of(home.text)
        assert "form-action 'self'" in home.headers["content-security-policy"]
        # The cookie is not a bearer token for the API: /v1 still wants the Authorization header.
        assert (await http.get("/v1/auth/me")).status_code == 401

        signed_out = await http.post("/office/signout", data={"csrf_token": csrf_of(home.text)})
        assert signed_out.status_code == 303 and signed_out.headers["location"] == "/office/signin"
        assert (await http.get("/office/")).status_code == 303


async def test_the_preparer_is_refused_in_chinese_and_two_approvers_approve_the_run_in_payout(
    stack: OfficeStack,
) -> None:
    month = Month.of(today_in_china()).previous()
    run = await stack.prepare_payroll(month, preparer=PREPARER)
    run_id = run.payroll_run_id
    async with stack.client() as first, stack.client() as second:
        await stack.sign_in(first, APPROVERS[0])
        listed = await first.get("/office/payrolls", params={"region": stack.region})
        assert listed.status_code == 200 and run_id in listed.text and "待审批" in text_of(listed.text)

        page = await first.get(f"/office/payrolls/{run_id}")
        words = text_of(page.text)
        assert page.status_code == 200 and "待审批" in words and f"{PREPARER}" in words and "0 / 2" in words
        assert "0.00" in words  # an empty county's run: no payment, 0.00 yuan, shown with two decimals

        # Nothing is approved by a post without the page's CSRF token, or with another session's.
        missing = await first.post(f"/office/payrolls/{run_id}/approval", data={"reason": "核对无误"})
        assert missing.status_code == 403 and "表单已失效" in text_of(missing.text)
        await stack.sign_in(second, APPROVERS[1])
        others = csrf_of((await second.get(f"/office/payrolls/{run_id}")).text)
        forged = await first.post(f"/office/payrolls/{run_id}/approval", data={"csrf_token": others, "reason": "x"})
        assert forged.status_code == 403
        assert await stack.payroll_status(run_id) == payout_pb2.PAYROLL_STATUS_DRAFT

        approved = await first.post(
            f"/office/payrolls/{run_id}/approval", data={"csrf_token": csrf_of(page.text), "reason": "人数与金额已核对"}
        )
        assert approved.status_code == 303 and approved.headers["location"].endswith("?done=approved")
        shown = text_of((await first.get(approved.headers["location"])).text)
        assert "已审批签字" in shown and "1 / 2" in shown and "人数与金额已核对" in shown

        again = await first.post(
            f"/office/payrolls/{run_id}/approval", data={"csrf_token": csrf_of(page.text), "reason": "再签一次"}
        )
        assert again.status_code in (409, 422) and "未能办理" in text_of(again.text)

        final = await second.post(
            f"/office/payrolls/{run_id}/approval",
            data={"csrf_token": others, "reason": "同意发放"},
        )
        assert final.status_code == 303
        assert "已审批" in text_of((await second.get(f"/office/payrolls/{run_id}")).text)
    assert await stack.payroll_status(run_id) == payout_pb2.PAYROLL_STATUS_APPROVED

    # The JSON route says the same.
    bearer = {"Authorization": f"Bearer {stack.gateway.token(Caller('auditor-x', Role.AUDITOR))}"}
    async with stack.client() as http:
        answer = (await http.get(f"/v1/payrolls/{run_id}", headers=bearer)).json()
    assert answer["status"] == "approved" and answer["prepared_by"] == PREPARER
    assert [a["approver_id"] for a in answer["approvals"]] == list(APPROVERS)


async def test_the_preparers_own_approval_is_refused_with_the_services_chinese_reason(stack: OfficeStack) -> None:
    # The user who prepared a run as a county officer holds the approver's role today (a changed post).
    month = Month.of(today_in_china()).plus_months(-2)
    run = await stack.prepare_payroll(month, preparer=APPROVERS[1])
    async with stack.client() as http:
        await stack.sign_in(http, APPROVERS[1])
        page = await http.get(f"/office/payrolls/{run.payroll_run_id}")
        refused = await http.post(
            f"/office/payrolls/{run.payroll_run_id}/approval", data={"csrf_token": csrf_of(page.text), "reason": "ok"}
        )
    assert refused.status_code == 403
    words = text_of(refused.text)
    assert "制单人不能审批本人制作的发放批次" in words and "PAYROLL_APPROVER_IS_PREPARER" in words
    assert await stack.payroll_status(run.payroll_run_id) == payout_pb2.PAYROLL_STATUS_DRAFT


async def test_a_role_without_business_on_a_page_is_shown_the_chinese_403_page(stack: OfficeStack) -> None:
    async with stack.client() as agent, stack.client() as township, stack.client() as auditor:
        await stack.sign_in(agent, AGENT)
        refused = await agent.get("/office/")
        assert refused.status_code == 403 and "无权访问" in text_of(refused.text) and "村协办员" in refused.text

        await stack.sign_in(township, TOWNSHIP)
        run = await stack.prepare_payroll(Month.of(today_in_china()).plus_months(-3))
        page = await township.get(f"/office/payrolls/{run.payroll_run_id}")
        assert page.status_code == 200 and "审批通过" not in page.text  # no approval form for this role
        posted = await township.post(
            f"/office/payrolls/{run.payroll_run_id}/approval", data={"csrf_token": csrf_of(page.text)}
        )
        assert posted.status_code == 403 and "乡镇经办人员" in text_of(posted.text)

        await stack.sign_in(auditor, AUDITOR)
        reviews = await auditor.get("/office/reviews", params={"region": stack.region})
        assert reviews.status_code == 403 and "无权" in text_of(reviews.text)


async def test_a_township_officer_confirms_a_registry_match_from_the_review_queue(stack: OfficeStack) -> None:
    async with stack.client() as http:
        resident_id = await stack.review_waiting(http)
        await stack.sign_in(http, TOWNSHIP)
        # A township officer's region is their villages': the queue needs no region typed.
        queue = await http.get("/office/reviews")
        words = text_of(queue.text)
        assert queue.status_code == 200 and mask_name(REVIEWED_NAME) in words and REVIEWED_NAME not in queue.text
        assert resident_id in queue.text and "1949-11-23" in words and "分" in words
        assert personal_numbers_in(words) == []

        missing_reason = await http.post(
            "/office/reviews/decision",
            data={
                "csrf_token": csrf_of(queue.text),
                "review_id": _review_id(queue.text),
                "resident_id": resident_id,
                "decision": "confirm",
                "reason": "",
            },
        )
        assert missing_reason.status_code == 400 and "理由" in text_of(missing_reason.text)

        decided = await http.post(
            "/office/reviews/decision",
            data={
                "csrf_token": csrf_of(queue.text),
                "review_id": _review_id(queue.text),
                "region": stack.region,
                "resident_id": resident_id,
                "decision": "confirm",
                "reason": "村委会核实：本人已于上周去世",
            },
        )
        assert decided.status_code == 303 and decided.headers["location"].endswith("done=accepted")
        after = text_of((await http.get(decided.headers["location"])).text)
        assert "已确认匹配" in after and "暂无待核实的记录" in after

    bearer = {"Authorization": f"Bearer {stack.gateway.token(Caller('county-x', Role.COUNTY_OFFICER))}"}
    async with stack.client() as http:
        listed = await http.get("/v1/registry-reviews", params={"pooling_region_code": stack.region}, headers=bearer)
    assert listed.status_code == 200 and listed.json()["reviews"] == []


def _review_id(page: str) -> str:
    found = re.search(r'name="review_id" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


async def test_alerts_are_dismissed_or_made_cases_and_complaints_show_their_deadlines(stack: OfficeStack) -> None:
    dismissed_id, case_id = await stack.alert(), await stack.alert()
    async with stack.client() as http:
        overdue = await stack.complaint(http, received_days_ago=40, subject="养老金到账金额有疑问")
        fresh = await stack.complaint(http, received_days_ago=2, subject="咨询缴费档次")
        await stack.sign_in(http, PREPARER)

        listed = await http.get("/office/alerts", params={"region": stack.region, "status": "open"})
        assert listed.status_code == 200 and dismissed_id in listed.text and case_id in listed.text

        page = await http.get(f"/office/alerts/{dismissed_id}")
        words = text_of(page.text)
        assert "死亡后仍发放2026年7月待遇" in words and "20,357.00" in words and "已由银行发放成功" in words
        dismissed = await http.post(
            f"/office/alerts/{dismissed_id}/dismissal",
            data={"csrf_token": csrf_of(page.text), "reason": "经核实为死亡日期录入错误"},
        )
        assert dismissed.status_code == 303
        assert "已排除" in text_of((await http.get(dismissed.headers["location"])).text)

        page = await http.get(f"/office/alerts/{case_id}")
        opened = await http.post(
            f"/office/alerts/{case_id}/case", data={"csrf_token": csrf_of(page.text), "title": "死亡后发放核查"}
        )
        assert opened.status_code == 303
        cases = await http.get("/office/cases", params={"region": stack.region})
        assert "死亡后发放核查" in text_of(cases.text)
        still_open = await http.get("/office/alerts", params={"region": stack.region, "status": "open"})
        assert dismissed_id not in still_open.text and case_id not in still_open.text

        complaints = await http.get("/office/complaints", params={"region": stack.region})
        rows = {ticket: _row_of(complaints.text, ticket) for ticket in (overdue, fresh)}
        assert 'class="overdue"' in rows[overdue] and "已逾期10天" in text_of(rows[overdue])
        assert "剩余28天" in text_of(rows[fresh]) and "overdue" not in rows[fresh]


async def test_a_long_list_is_read_a_page_at_a_time_with_its_filters_kept(stack: OfficeStack) -> None:
    async with stack.client() as http:
        filed = {await stack.complaint(http, received_days_ago=1, subject=f"咨询第{n}号") for n in range(LISTED + 5)}
        await stack.sign_in(http, PREPARER)

        first = await http.get("/office/complaints", params={"region": stack.region, "status": "received"})
        assert first.status_code == 200, first.text
        assert len(_tickets(first.text)) == LISTED and "回到第一页" not in first.text
        following = re.search(r'<a href="([^"]+)" rel="next">下一页</a>', first.text)
        assert following is not None, "no link to the next page"
        second = await http.get(html.unescape(following.group(1)))
        assert second.status_code == 200, second.text
        # The status filter went with the cursor; no ticket is listed twice; the way back is offered.
        assert "status=received" in following.group(1) and "回到第一页" in second.text
        assert not _tickets(first.text) & _tickets(second.text)
        seen = _tickets(first.text) | _tickets(second.text)
        while (more := re.search(r'<a href="([^"]+)" rel="next">下一页</a>', second.text)) is not None:
            second = await http.get(html.unescape(more.group(1)))
            seen |= _tickets(second.text)
        assert filed <= seen


def _tickets(page: str) -> set[str]:
    return set(re.findall(r"<td>(TS-[0-9-]+)</td>", page))


def _row_of(page: str, ticket: str) -> str:
    start = page.rindex("<tr", 0, page.index(ticket))
    return page[start : page.index("</tr>", start)]


async def test_the_notice_and_the_disclosure_are_framed_for_the_officer(stack: OfficeStack) -> None:
    month = f"{today_in_china():%Y-%m}"
    async with stack.client() as http:
        await stack.sign_in(http, TOWNSHIP)
        frame = await http.get("/office/notice", params={"village": stack.village, "month": month})
        assert frame.status_code == 200
        assert f'src="/office/notice/{stack.village}/{month}.html"' in frame.text
        framed = await http.get(f"/office/notice/{stack.village}/{month}.html")
        assert framed.status_code == 200 and "城乡居民基本养老保险公示" in framed.text
        assert "frame-ancestors 'self'" in framed.headers["content-security-policy"]

        year = today_in_china().year
        disclosure = await http.get("/office/disclosure", params={"region": stack.region, "year": year, "month": 0})
        assert f'src="/office/disclosure/{stack.region}/{year}/0.html"' in disclosure.text
        charts = await http.get(f"/office/disclosure/{stack.region}/{year}/0.html")
        assert charts.status_code == 200 and "<svg" in charts.text and "信息披露" in charts.text
        assert "frame-ancestors 'self'" in charts.headers["content-security-policy"]


async def test_every_page_refuses_a_token_that_is_not_the_signed_one(stack: OfficeStack) -> None:
    async with stack.client() as http:
        http.cookies.set("office_session", "not-a-token", domain="127.0.0.1", path="/office")
        answer = await http.get("/office/payrolls")
    assert answer.status_code == 303 and answer.headers["location"] == "/office/signin"


async def test_the_json_routes_refuse_the_preparer_and_a_confirmation_without_its_candidate(stack: OfficeStack) -> None:
    run = await stack.prepare_payroll(Month.of(today_in_china()).plus_months(-4), preparer="maker-json")
    own = {"Authorization": f"Bearer {stack.gateway.token(Caller('maker-json', Role.COUNTY_APPROVER))}"}
    officer = {"Authorization": f"Bearer {stack.gateway.token(Caller('county-json', Role.COUNTY_OFFICER))}"}
    async with stack.client() as http:
        refused = await http.post(
            f"/v1/payrolls/{run.payroll_run_id}/approval", json={"request_id": "approve-own-1"}, headers=own
        )
        malformed = await http.get("/v1/payrolls/PR-1-2", headers=officer)
        unnamed = await http.post(
            "/v1/registry-reviews/decisions",
            json={
                "request_id": "decide-1",
                "review_id": "CIVIL_AFFAIRS_DEATH:MZ-1",
                "decision": "confirm",
                "reason": "核实",
            },
            headers=officer,
        )
        listed = await http.get("/v1/payrolls", params={"pooling_region_code": stack.region}, headers=officer)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert (problem["code"], problem["title_zh"]) == (
        "PAYROLL_APPROVER_IS_PREPARER",
        "制单人不能审批本人制作的发放批次",
    )
    assert (malformed.status_code, malformed.json()["code"], malformed.json()["field"]) == (
        400,
        "PAYROLL_RUN_ID_FORMAT",
        "run_id",
    )
    assert (unnamed.status_code, unnamed.json()["code"], unnamed.json()["field"]) == (
        400,
        "RESIDENT_ID_REQUIRED",
        "resident_id",
    )
    months = [payroll["month"] for payroll in listed.json()["payrolls"]]
    assert run.payroll_run_id in {p["payroll_run_id"] for p in listed.json()["payrolls"]}
    assert months == sorted(months, reverse=True)
