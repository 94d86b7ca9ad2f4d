"""The browser tests' phone itself: Chromium 360x780 whose camera shows the test's photograph, and whose storage
survives being turned off and on (what the app's offline queue relies on)."""

from __future__ import annotations

from e2e.browser import CAMERA_SIZE, PHONE_SCREEN, Phone, needs_chromium
from playwright.async_api import Page

# A secure context (getUserMedia and IndexedDB need one): localhost counts, without any server behind it.
PAGE = "http://localhost:9/"
BLANK = '<html lang="zh-CN"><meta name="viewport" content="width=device-width, initial-scale=1"></html>'
# The photograph's middle (a face) is not the grey of the letterbox, nor Chromium's own green test pattern.
AVERAGE_COLOUR = """async () => {
  const stream = await navigator.mediaDevices.getUserMedia({video: true});
  const video = document.createElement("video");
  video.srcObject = stream;
  await video.play();
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  const context = canvas.getContext("2d");
  context.drawImage(video, 0, 0);
  const middle = context.getImageData(canvas.width / 4, canvas.height / 4, canvas.width / 2, canvas.height / 2).data;
  const sum = [0, 0, 0];
  for (let i = 0; i < middle.length; i += 4) { sum[0] += middle[i]; sum[1] += middle[i + 1]; sum[2] += middle[i + 2]; }
  stream.getTracks().forEach((track) => track.stop());
  return {size: [canvas.width, canvas.height], rgb: sum.map((s) => s / (middle.length / 4))};
}"""


async def blank_page(phone: Phone) -> Page:
    page = await phone.turn_on()
    await page.route(PAGE, lambda route: route.fulfill(content_type="text/html", body=BLANK))
    await page.goto(PAGE)
    return page


@needs_chromium
async def test_the_phone_has_a_small_screen_and_its_camera_shows_the_photograph(phone: Phone) -> None:
    page = await blank_page(phone)
    assert await page.evaluate("[innerWidth, innerHeight]") == [PHONE_SCREEN["width"], PHONE_SCREEN["height"]]

    seen = await page.evaluate(AVERAGE_COLOUR)

    assert seen["size"] == list(CAMERA_SIZE)
    red, green, blue = seen["rgb"]
    assert max(abs(red - 128), abs(green - 128), abs(blue - 128)) > 10, f"the camera shows grey: {seen}"
    assert green < red, f"the camera shows Chromium's green pattern, not the photograph: {seen}"
    assert phone.errors == []


@needs_chromium
async def test_what_a_page_stored_is_there_after_the_phone_is_turned_off_and_on(phone: Phone) -> None:
    page = await blank_page(phone)
    await page.evaluate("localStorage.setItem('typed', '王建国')")
    await phone.turn_off()

    page = await blank_page(phone)

    assert await page.evaluate("localStorage.getItem('typed')") == "王建国"
