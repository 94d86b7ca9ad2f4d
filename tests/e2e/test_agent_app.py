"""A village agent's day in the phone app, in headless Chromium on the real enrolment and verification services and
the gateway serving the built app: sign in, enrol a villager with the camera (a fake one showing a photograph),
take a contribution, lose the connection, take three more, turn the phone off and on, see them waiting, get the
connection back and see them applied once each in the services; one refused with its Chinese reason, fixed and
sent again."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from agent_testkit import SECOND_VILLAGE, AgentStack, agent_stack, enrolment, this_year
from e2e.browser import Phone, camera_showing, needs_chromium
from playwright.async_api import Page, Request, expect

from pension.enrolment.v1 import enrolment_service_pb2
from pension_gateway.app_size import first_load
from pension_gateway.auth import USERS, UserStore
from pension_gateway.main import create_app
from pension_kit.identity import Role
from pension_kit.mongo import create_client
from pension_testkit import COUNTY_OFFICER, DEMO_VILLAGE, eventually, signed

# A phone on a slow line and a shared machine: the app's answers may take a while; never a fixed wait.
expect.set_options(timeout=60_000)
PASSWORD = "村里的密码-2026"
GRADE_YUAN = 200  # the demo policy's lowest grade
NOT_A_GRADE_YUAN = 250
GRADE_NOT_OFFERED_ZH = "所选缴费档次不在本地区缴费档次之内"


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[AgentStack]:
    async for started in agent_stack(kafka_broker.bootstrap_servers, ferretdb.mongo_uri):
        yield started


async def agent_account(stack: AgentStack) -> str:
    """A village agent of the demo village and its neighbour who can sign in with PASSWORD; their user id."""
    user_id = f"agent-{uuid.uuid4().hex[:8]}"
    settings = stack.gateway.settings
    client = create_client(settings)
    try:
        users = UserStore(client[settings.database_name][USERS])
        await users.add(user_id, Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE, SECOND_VILLAGE}), PASSWORD)
    finally:
        await client.close()
    return user_id


def app_url(stack: AgentStack, route: str = "") -> str:
    return f"{str(stack.http.base_url).rstrip('/')}/app/{route}"


async def sign_in(page: Page, user_id: str) -> None:
    await page.get_by_label("账号").fill(user_id)
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await expect(page.get_by_role("heading", name="我负责的村")).to_be_visible()


async def enrol(page: Page, stack: AgentStack, person: dict[str, Any]) -> str:
    """Enrols `person` on the enrolment screen with a photo from the camera; the resident id the answer names."""
    await page.goto(app_url(stack, "#/enrol"))
    await page.get_by_label("姓名").fill(person["name"])
    await page.get_by_label("身份证号").fill(person["citizen_id_number"])
    await page.get_by_label("所在村").select_option(DEMO_VILLAGE)
    await page.get_by_label("手机号").fill(person["mobile"])
    await page.get_by_label("开户银行").select_option(label="中国农业银行")
    await page.get_by_label("银行卡号").fill(person["bank_card_number"])
    await camera_showing(page)
    await page.get_by_role("button", name="拍照").click()
    await expect(page.get_by_role("img", name="已拍的照片")).to_be_visible()
    await page.get_by_role("button", name="提交登记").click()
    await expect(page.get_by_role("status").filter(has_text="登记成功")).to_be_visible()
    href = await page.get_by_role("link", name="查看参保人").get_attribute("href")
    assert href and href.startswith("#/resident/"), href
    return href.removeprefix("#/resident/")


async def collect(page: Page, stack: AgentStack, resident_id: str, yuan: int) -> None:
    """Takes a contribution of `yuan` for this year on the contribution screen; the receipt screen follows."""
    await page.goto(app_url(stack, f"#/contribution/{resident_id}"))
    await expect(page.get_by_label("缴费年度")).to_have_value(str(this_year()))
    await page.get_by_label("缴费金额（元）").fill(str(yuan))
    await page.get_by_label("收据号").fill(f"HN{this_year()}-{uuid.uuid4().int % 10**6:06d}")
    await page.get_by_role("button", name="提交缴费").click()
    await expect(page.get_by_role("heading", level=1, name="现金缴费收据")).to_be_visible()


async def contributions(stack: AgentStack, resident_id: str) -> list[tuple[int, int]]:
    """The resident's contributions as enrolment recorded them: (year, grade in fen) each."""
    listed = await stack.enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=resident_id),
        metadata=signed(COUNTY_OFFICER),
        timeout=30,
    )
    return [(c.year, c.grade_fen) for c in listed.contributions]


@needs_chromium
async def test_the_first_screen_loads_only_what_the_budget_counts_all_from_the_gateway(
    stack: AgentStack, phone: Phone
) -> None:
    measured, _ = await first_load(create_app(stack.gateway.settings))
    counted = {f.path for f in measured}
    page = await phone.turn_on()
    fetched: list[Request] = []
    page.on("request", lambda request: fetched.append(request))

    await page.goto(app_url(stack))

    await expect(page.get_by_role("button", name="登录")).to_be_visible()
    gateway = urlsplit(str(stack.http.base_url)).netloc
    assert {urlsplit(r.url).netloc for r in fetched} == {gateway}, [r.url for r in fetched]
    # The service worker registers itself and caches the rest when the page is up: not part of the first screen.
    by_the_page = {urlsplit(r.url).path for r in fetched if r.service_worker is None} - {"/app/sw.js"}
    assert by_the_page <= counted, by_the_page - counted


@needs_chromium
async def test_an_agents_work_offline_survives_a_restart_and_is_applied_once_when_back_online(
    stack: AgentStack, phone: Phone
) -> None:
    user_id = await agent_account(stack)
    page = await phone.turn_on()
    await page.goto(app_url(stack))
    await expect(page).to_have_url(app_url(stack, "#/signin"))
    await sign_in(page, user_id)

    # Online: a new villager enrolled with the camera's photo, and their first year's contribution.
    person = enrolment(DEMO_VILLAGE, name="赵秀英")
    enrolled = await enrol(page, stack, person)
    await collect(page, stack, enrolled, GRADE_YUAN)
    await expect(page.get_by_test_id("receipt-state")).to_have_text("已提交")
    assert await contributions(stack, enrolled) == [(this_year(), GRADE_YUAN * 100)]

    # Three villagers enrolled before; the agent opens each one's record while the line is up (the app keeps it).
    neighbours = [await stack.enrolled(stack.agent()) for _ in range(3)]
    for resident_id in neighbours:
        await page.goto(app_url(stack, f"#/resident/{resident_id}"))
        await expect(page.get_by_role("link", name="收取现金缴费")).to_be_visible()

    # The connection goes: three contributions taken anyway, the second for an amount that is not a grade.
    await phone.set_online(False)
    for resident_id, yuan in zip(neighbours, (GRADE_YUAN, NOT_A_GRADE_YUAN, GRADE_YUAN), strict=True):
        await collect(page, stack, resident_id, yuan)
        await expect(page.get_by_test_id("receipt-state")).to_have_text("待提交")

    # The phone is turned off and on, still without a connection: the app opens from the phone and the three wait.
    await phone.turn_off()
    page = await phone.turn_on()
    await phone.set_online(False)
    await page.goto(app_url(stack, "#/queue"))
    await expect(page.get_by_role("tab", name="待提交 3")).to_be_visible()
    await expect(page.get_by_role("article")).to_have_count(3)
    for resident_id in neighbours:
        assert await contributions(stack, resident_id) == []

    # The connection comes back: two applied, one refused with the service's reason in Chinese.
    await phone.set_online(True)
    await expect(page.get_by_role("tab", name="待提交 0")).to_be_visible()
    await page.get_by_role("tab", name="未通过 1").click()
    refused = page.get_by_role("article")
    await expect(refused).to_have_count(1)
    await expect(refused.get_by_text(GRADE_NOT_OFFERED_ZH)).to_be_visible()
    assert await contributions(stack, neighbours[0]) == [(this_year(), GRADE_YUAN * 100)]
    assert await contributions(stack, neighbours[1]) == []
    assert await contributions(stack, neighbours[2]) == [(this_year(), GRADE_YUAN * 100)]

    # Fixed on the phone (the grade, in fen) and sent again: applied, once.
    await refused.get_by_role("button", name="修改后重新提交").click()
    await expect(refused.get_by_label("缴费档次（元）")).to_have_value(f"{NOT_A_GRADE_YUAN}.00")
    await refused.get_by_label("缴费档次（元）").fill(str(GRADE_YUAN))
    await refused.get_by_role("button", name="重新提交").click()
    await expect(refused.get_by_text("已修改并重新提交")).to_be_visible()
    await page.get_by_role("tab", name="已办理").click()
    resent = page.get_by_role("article").filter(has_text="修改后重新提交的业务")
    await expect(resent.get_by_role("heading")).to_contain_text("已办理")

    async def fixed() -> bool:
        return await contributions(stack, neighbours[1]) == [(this_year(), GRADE_YUAN * 100)]

    await eventually(fixed, deadline=60, what="the fixed contribution applied")

    # Each took effect exactly once, whatever the phone sent again: one enrolment, one contribution each.
    found = await stack.enrolment.FindResidentByCitizenId(
        enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=person["citizen_id_number"]),
        metadata=signed(COUNTY_OFFICER),
        timeout=30,
    )
    assert found.resident.resident_id == enrolled
    for resident_id in [enrolled, *neighbours]:
        assert await contributions(stack, resident_id) == [(this_year(), GRADE_YUAN * 100)]
    # The enrolment's photo followed it once the verification service had heard of the new resident.
    enrolment_card = page.get_by_role("article").filter(has_text="参保登记")
    await expect(enrolment_card.get_by_text("照片已上传")).to_be_visible(timeout=90_000)
    assert phone.errors == []
