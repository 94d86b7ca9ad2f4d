"""An officer approves a payroll run in the officers' pages, in headless Chromium on the real stack: the preparer
prepared the month's run for the county's pensioners, a first approver signed it through the gateway's JSON route,
and the second approver signs in at /office/, finds the run, reads its totals and approves it; payout then holds
the run as approved. On the way, the main pages are screenshot (desktop, 1280x800) into the folder named by
PENSION_OFFICE_SCREENSHOTS (docs/screenshots to refresh the committed ones; a temporary folder otherwise)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from e2e.browser import Phone, needs_chromium
from office_testkit import APPROVERS, PASSWORD, PREPARER, TOWNSHIP, OfficeStack, office_stack
from playwright.async_api import Page, ViewportSize, expect

from pension.payout.v1 import payout_pb2
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.money import format_yuan

# An office PC's screen (CSS pixels).
DESKTOP = ViewportSize(width=1280, height=800)
TABLET = ViewportSize(width=768, height=1024)
PENSIONERS = 12


@pytest.fixture
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[OfficeStack]:
    async with office_stack(kafka_bootstrap, mongo_uri) as started:
        yield started


def _screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PENSION_OFFICE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def _shoot(page: Page, folder: Path, name: str) -> None:
    # Full page, at CSS pixels: what an officer's 1280-wide screen shows, scrolled through.
    await page.screenshot(path=folder / f"office-{name}.png", full_page=True, scale="css")


async def _sign_in(page: Page, url: str, user_id: str) -> None:
    await page.goto(f"{url}/office/")
    await expect(page.get_by_role("heading", name="经办人员登录")).to_be_visible()
    await page.get_by_label("用户名").fill(user_id)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await expect(page.get_by_role("heading", name="经办管理首页")).to_be_visible()


@needs_chromium
async def test_the_second_approver_approves_the_months_run_in_the_office_pages(
    stack: OfficeStack, phone: Phone, tmp_path: Path
) -> None:
    folder = _screenshots(tmp_path)
    month = Month.of(today_in_china())
    await stack.pensioners(month, PENSIONERS)
    run = await stack.prepare_payroll(month, preparer=PREPARER)
    assert run.payment_count == PENSIONERS and run.total_fen > 0
    first = {"Authorization": f"Bearer {stack.gateway.token(Caller(APPROVERS[0], Role.COUNTY_APPROVER))}"}
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        signed = await http.post(
            f"/v1/payrolls/{run.payroll_run_id}/approval",
            json={"request_id": uuid.uuid4().hex, "reason": "人数与金额已核对"},
            headers=first,
        )
        assert signed.status_code == 200 and signed.json()["status"] == "draft", signed.text
        # What the other pages show: an alert, two complaints (one overdue), a record waiting for review.
        await stack.alert()
        await stack.complaint(http, received_days_ago=40, subject="养老金到账金额有疑问")
        await stack.complaint(http, received_days_ago=3, subject="咨询缴费档次")
        await stack.review_waiting(http)

    phone.viewport = DESKTOP
    page = await phone.turn_on()
    await page.goto(f"{stack.url}/office/")
    await _shoot(page, folder, "signin")
    await _sign_in(page, stack.url, APPROVERS[1])
    await page.get_by_label("统筹区代码").fill(stack.region)
    await page.get_by_role("button", name="查询").click()
    await _shoot(page, folder, "home")

    await page.get_by_role("navigation", name="主菜单").get_by_role("link", name="待遇发放").click()
    await expect(page.get_by_role("heading", name="待遇发放批次")).to_be_visible()
    await _shoot(page, folder, "payrolls")
    await page.get_by_role("link", name=run.payroll_run_id).click()
    await expect(page.get_by_test_id("payroll-status")).to_have_text("待审批")
    await expect(page.locator("#total")).to_have_text(format_yuan(run.total_fen))
    await expect(page.locator("#payment-count")).to_have_text(str(PENSIONERS))
    await page.get_by_label("审批意见").fill("复核无误，同意发放")
    await _shoot(page, folder, "payroll")
    await page.get_by_role("button", name="审批通过").click()

    await expect(page.get_by_role("status")).to_have_text("已审批签字。")
    await expect(page.get_by_test_id("payroll-status")).to_have_text("已审批")
    await _shoot(page, folder, "payroll-approved")
    assert await stack.payroll_status(run.payroll_run_id) == payout_pb2.PAYROLL_STATUS_APPROVED
    # On a tablet held upright the run's page still fits its width: nothing to scroll sideways.
    await page.set_viewport_size(TABLET)
    assert await page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    await _shoot(page, folder, "payroll-tablet")
    await page.set_viewport_size(DESKTOP)

    menu = page.get_by_role("navigation", name="主菜单")
    await expect(menu.get_by_role("link", name="疑似匹配核实")).to_have_count(0)  # not the approver's business
    for name, label in (("complaints", "投诉举报"), ("disclosure", "信息披露")):
        await menu.get_by_role("link", name=label).click()
        await page.wait_for_load_state("load")
        await _shoot(page, folder, name)

    # The county officer's alerts, with the forms to open a case or dismiss one.
    await page.get_by_role("button", name="退出登录").click()
    await _sign_in(page, stack.url, PREPARER)
    await page.get_by_label("统筹区代码").fill(stack.region)
    await page.get_by_role("button", name="查询").click()
    await menu.get_by_role("link", name="预警").click()
    await _shoot(page, folder, "alerts")
    await page.locator("table.list tbody a").first.click()
    await expect(page.get_by_role("button", name="立案")).to_be_visible()
    await _shoot(page, folder, "alert")

    # The township officer's review queue and village notice.
    await page.get_by_role("button", name="退出登录").click()
    await _sign_in(page, stack.url, TOWNSHIP)
    await menu.get_by_role("link", name="疑似匹配核实").click()
    await expect(page.get_by_role("button", name="确认是此人")).to_be_visible()
    await _shoot(page, folder, "reviews")
    await menu.get_by_role("link", name="村级公示").click()
    await page.wait_for_load_state("load")
    await _shoot(page, folder, "notice")
    assert phone.errors == []
