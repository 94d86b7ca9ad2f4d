"""Screenshots of the phone app's main screens at 360x780, from a running stack with the demo county (`make up`):
the demo village agent signs in on the test harness's phone (Chromium, a fake camera showing a photograph) and
goes through the screens; docs/screenshots/app-*.png.

    scripts/app-screenshots.sh [--gateway http://127.0.0.1:8000] [--out docs/screenshots]

Changes nothing in the stack but registering the phone (its device id is the same every run) and issuing one face
proof's challenge: the contribution shown on the receipt and the queue is taken offline, then refused by the
service when the phone comes back online (an amount that is not a grade), so nothing is applied.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from e2e.browser import Phone, camera_showing, camera_video
from face_photos import photos
from playwright.async_api import Page, async_playwright, expect

from pension_deploy.demo import demo_county, demo_residents, demo_users
from pension_deploy.stack import REPO_ROOT

expect.set_options(timeout=60_000)
# The phone's id as the app keeps it (session.ts): the same every run, so that runs do not fill the agent's three
# phones.
DEVICE_ID = "app-screenshots"
NOT_A_GRADE_YUAN = 250


def demo_agent(run_dir: Path) -> tuple[str, str]:
    """The demo village agent's user id and the password `make up` gave them."""
    county = demo_county()
    (label, agent), *_ = demo_users(county, demo_residents(county))
    assert label == "village agent"
    passwords = dict(
        line.split("=", 1)
        for line in (run_dir / "demo-passwords.env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    return agent.user_id, passwords[agent.user_id]


class Shooter:
    """Goes to a screen, waits for it to settle, and saves what the phone shows."""

    def __init__(self, page: Page, gateway: str, out: Path) -> None:
        self.page, self.gateway, self.out = page, gateway, out
        self.written: list[Path] = []

    async def go(self, route: str) -> None:
        await self.page.goto(f"{self.gateway}/app/#{route}")
        await expect(self.page.locator(".loading")).to_have_count(0)

    async def shoot(self, name: str) -> None:
        await expect(self.page.locator(".loading")).to_have_count(0)
        # The focus ring the app puts on a new screen's title is for keyboards and screen readers, not the picture.
        await self.page.evaluate("document.activeElement instanceof HTMLElement && document.activeElement.blur()")
        target = self.out / f"app-{name}.png"
        await self.page.screenshot(path=target, animations="disabled", caret="hide")
        self.written.append(target)


async def api(gateway: str, page: Page, path: str) -> Any:
    """A read of the agents' API with the token the app keeps."""
    token = await page.evaluate("JSON.parse(localStorage.getItem('pension.session')).access_token")
    async with httpx.AsyncClient(base_url=gateway, timeout=60) as http:
        answer = await http.get(path, headers={"Authorization": f"Bearer {token}"})
        answer.raise_for_status()
        return answer.json()


async def take(gateway: str, out: Path, run_dir: Path) -> list[Path]:
    user_id, password = demo_agent(run_dir)
    with tempfile.TemporaryDirectory(prefix="app-screenshots-") as folder:
        work = Path(folder)
        (work / "profile").mkdir()
        camera = camera_video(photos()["obama.jpg"], work / "camera.y4m")
        async with async_playwright() as playwright:
            phone = Phone(playwright, work / "profile", camera)
            try:
                page = await phone.turn_on()
                shots = Shooter(page, gateway, out)
                await shots.go("/signin")
                await page.evaluate(f"localStorage.setItem('pension.device_id', '{DEVICE_ID}')")
                await page.get_by_label("账号").fill(user_id)
                await shots.shoot("signin")
                await page.get_by_label("密码").fill(password)
                await page.get_by_role("button", name="登录").click()
                await expect(page.get_by_role("heading", name="我负责的村")).to_be_visible()
                await shots.shoot("home")

                residents: list[dict[str, Any]] = []
                cursor = ""
                while True:  # every villager, page by page
                    found = await api(gateway, page, f"/agent/v1/residents?limit=100&cursor={cursor}")
                    residents += found["residents"]
                    cursor = found["next_cursor"]
                    if not cursor:
                        break
                active = sorted((r for r in residents if r["status"] == "active"), key=lambda r: r["birth_date"])
                someone = active[-1]  # the youngest: of working age, pays contributions
                # Proof of life is for pensioners: the oldest villager whose record has a certification (else the
                # oldest, whose face proof screen says they receive no pension).
                pensioner = ""
                for resident in active:
                    detail = await api(gateway, page, f"/agent/v1/residents/{resident['resident_id']}")
                    if detail.get("certification"):
                        pensioner = resident["resident_id"]
                        break
                pensioner = pensioner or active[0]["resident_id"]

                await shots.go("/search")
                await page.get_by_label("姓名（开头几个字）").fill(someone["name"][0])
                await page.get_by_role("button", name="查找", exact=True).click()
                await expect(page.get_by_role("link", name=someone["name"]).first).to_be_visible()
                await shots.shoot("search")
                await shots.go(f"/resident/{pensioner}")
                await shots.shoot("resident")
                await shots.go("/tasks")
                await shots.shoot("tasks")
                await shots.go("/cash")
                await shots.shoot("cash")
                await shots.go("/notice")
                await shots.shoot("notice")
                await shots.go("/enrol")
                await page.get_by_label("姓名").fill("赵秀英")
                await page.get_by_label("所在村").select_option(index=1)
                await page.get_by_role("button", name="拍照").scroll_into_view_if_needed()
                await camera_showing(page)
                await shots.shoot("enrol")
                await shots.go(f"/face/{pensioner}")
                start = page.get_by_role("button", name="开始认证")
                if await start.count():
                    await start.click()
                    await expect(page.get_by_text("第 1 步")).to_be_visible()
                    await page.locator("video").scroll_into_view_if_needed()
                    await camera_showing(page)
                await shots.shoot("face")
                await shots.go(f"/visit/{pensioner}")
                await shots.shoot("visit")
                await shots.go(f"/death/{pensioner}")
                await shots.shoot("death")

                # Offline: a contribution taken (an amount the county does not offer), its receipt and the queue.
                await shots.go(f"/contribution/{someone['resident_id']}")
                await phone.set_online(False)
                await page.get_by_label("缴费金额（元）").fill(str(NOT_A_GRADE_YUAN))
                await page.get_by_label("收据号").fill("HN2026-000123")
                await shots.shoot("contribution")
                await page.get_by_role("button", name="提交缴费").click()
                await expect(page.get_by_test_id("receipt-state")).to_have_text("待提交")
                await shots.shoot("receipt")
                await shots.go("/queue")
                await expect(page.get_by_role("tab", name="待提交 1")).to_be_visible()
                await shots.shoot("queue-waiting")
                # Back online: the service refuses it, with its reason in Chinese; the agent opens it to fix it.
                await phone.set_online(True)
                await expect(page.get_by_role("tab", name="待提交 0")).to_be_visible()
                await page.get_by_role("tab", name="未通过").click()
                await page.get_by_role("button", name="修改后重新提交").click()
                await shots.shoot("queue-refused")
                return shots.written
            finally:
                await phone.turn_off()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    port = os.environ.get("PENSION_GATEWAY_PORT", "8000")
    parser.add_argument("--gateway", default=f"http://127.0.0.1:{port}", help="the running stack's gateway")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    parser.add_argument("--run-dir", type=Path, default=REPO_ROOT / ".run", help="where `make up` keeps its files")
    arguments = parser.parse_args(argv)
    arguments.out.mkdir(parents=True, exist_ok=True)
    for path in asyncio.run(take(arguments.gateway.rstrip("/"), arguments.out, arguments.run_dir)):
        sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
