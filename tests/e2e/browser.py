"""The browser tests' phone: Debian's headless Chromium driven by Playwright, 360x780, with a fake camera showing a
photograph, its storage kept in a folder of its own so that it can be turned off and on (the `phone` fixture).

Use: a test under tests/e2e/ (whose conftest.py provides the fixture) takes `phone: Phone` and calls
`page = await phone.turn_on()`; marked `@needs_chromium`, it is skipped before its other fixtures start a stack.
No browser is ever downloaded: Playwright launches /usr/bin/chromium (`make install` puts it there); without it the
browser tests are skipped, saying so.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from face_photos import photos
from PIL import Image, ImageOps
from playwright.async_api import BrowserContext, Page, Playwright, ViewportSize, async_playwright, expect

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = f"Debian's chromium is not at {CHROMIUM}: `make install` puts it there"
CHROMIUM_MISSING = not CHROMIUM.exists()
needs_chromium = pytest.mark.skipif(CHROMIUM_MISSING, reason=NO_CHROMIUM)

# A cheap Android phone's screen, in CSS pixels.
PHONE_SCREEN = ViewportSize(width=360, height=780)
# Headless, and nothing that reaches outside: this closed network refuses Chromium's own background connections,
# which would otherwise stall it. The fake media flags let getUserMedia open the camera without asking, on a file.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
)
# The camera's picture: a phone held upright, 480x640 (even sides, as 4:2:0 needs), so that a portrait photograph
# fills its width as a face held before the phone does (verification refuses a face under a fifth of the width);
# a few identical frames that Chromium plays in a loop.
CAMERA_SIZE = (480, 640)
CAMERA_FRAMES = 3


def camera_video(photo: bytes, target: Path) -> Path:
    """Writes a Y4M video (what --use-file-for-fake-video-capture plays) showing `photo` letterboxed on grey."""
    picture = ImageOps.exif_transpose(Image.open(io.BytesIO(photo))).convert("RGB")
    picture.thumbnail(CAMERA_SIZE)
    frame = Image.new("RGB", CAMERA_SIZE, (128, 128, 128))
    frame.paste(picture, ((CAMERA_SIZE[0] - picture.width) // 2, (CAMERA_SIZE[1] - picture.height) // 2))
    luma, blue, red = frame.convert("YCbCr").split()
    half = (CAMERA_SIZE[0] // 2, CAMERA_SIZE[1] // 2)
    planes = luma.tobytes() + blue.resize(half, Image.Resampling.BOX).tobytes()
    planes += red.resize(half, Image.Resampling.BOX).tobytes()
    header = f"YUV4MPEG2 W{CAMERA_SIZE[0]} H{CAMERA_SIZE[1]} F10:1 Ip A1:1 C420jpeg\n".encode()
    target.write_bytes(header + b"".join(b"FRAME\n" + planes for _ in range(CAMERA_FRAMES)))
    return target


@dataclass
class Phone:
    """One phone: a Chromium profile folder (IndexedDB, the service worker, localStorage) that outlives the browser,
    so `turn_off()` then `turn_on()` is the phone switched off and on with everything typed still there."""

    playwright: Playwright
    profile: Path
    camera: Path
    viewport: ViewportSize = field(default_factory=lambda: ViewportSize(**PHONE_SCREEN))
    context: BrowserContext | None = None
    # Uncaught errors of the pages: a test can assert there were none.
    errors: list[str] = field(default_factory=list)

    async def turn_on(self) -> Page:
        """Starts Chromium on the profile and returns its page (a new tab: the app is opened with page.goto)."""
        assert self.context is None, "the phone is already on"
        self.context = await self.playwright.chromium.launch_persistent_context(
            str(self.profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=[*CHROMIUM_FLAGS, f"--use-file-for-fake-video-capture={self.camera}"],
            viewport=self.viewport,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            permissions=["camera", "geolocation"],
            geolocation={"latitude": 33.39, "longitude": 114.07},  # a village in the demo county (Xiping)
        )
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
        pages = self.context.pages
        return pages[0] if pages else await self.context.new_page()

    async def turn_off(self) -> None:
        """Closes Chromium; the profile folder keeps what the pages stored."""
        if self.context is not None:
            context, self.context = self.context, None
            await context.close()

    async def set_online(self, online: bool) -> None:
        """The network coming and going (Chromium's network emulation: fetches fail, navigator.onLine follows)."""
        assert self.context is not None, "the phone is off"
        await self.context.set_offline(not online)


async def camera_showing(page: Page) -> None:
    """Waits until the page's camera preview shows a picture: what an agent waits for before pressing 拍照."""
    # A property read, not a predicate: the app's CSP forbids the string evaluation wait_for_function does.
    await expect(page.locator("video").first).to_have_js_property("readyState", 4, timeout=60_000)


@pytest.fixture
async def phone(tmp_path: Path) -> AsyncIterator[Phone]:
    """A phone, off: its camera shows a real photograph of a face (obama.jpg of the face tests)."""
    if CHROMIUM_MISSING:
        pytest.skip(NO_CHROMIUM)
    camera = camera_video(photos()["obama.jpg"], tmp_path / "camera.y4m")
    profile = tmp_path / "profile"
    profile.mkdir()
    async with async_playwright() as playwright:
        device = Phone(playwright, profile, camera)
        try:
            yield device
        finally:
            await device.turn_off()
