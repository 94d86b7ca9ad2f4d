"""The phone app served by the gateway at /app/ (pension_gateway.app_files), from a built folder made here: what a
phone keeps for a year and what it asks again, the service worker's scope, the CSP, gzip, and the answers while
the app is not built."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from pension_gateway.app_files import CONTENT_SECURITY_POLICY, NOT_BUILT_TITLE_ZH
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app

SHELL = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/app/assets/index-B2x9.js"></script>'
SHELL += "<title>村协理员</title></head><body>" + "<div></div>" * 100 + "</body></html>"
BUILT = {
    "index.html": SHELL,
    "sw.js": "self.addEventListener('fetch', () => {});" * 20,
    "manifest.webmanifest": '{"name": "城乡居民养老保险", "start_url": "/app/", "scope": "/app/"}',
    "icon-192.png": "\x89PNG not really",
    "assets/index-B2x9.js": "export const screens = ['signin', 'home', 'queue'];\n" * 200,
    "assets/index-C7q1.css": "body { font-size: 18px; }\n" * 50,
}


def built_app(folder: Path) -> Path:
    for name, text in BUILT.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def client(app_dir: Path) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(GatewaySettings(app_dir=app_dir)))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway")


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with client(built_app(tmp_path / "dist")) as http:
        yield http


async def test_app_without_its_slash_is_sent_to_the_app(http: httpx.AsyncClient) -> None:
    answer = await http.get("/app")
    assert answer.status_code == 301
    assert answer.headers["location"] == "/app/"


async def test_the_shell_is_asked_again_each_time_and_gzipped(http: httpx.AsyncClient) -> None:
    answer = await http.get("/app/", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.text == SHELL
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.headers["cache-control"] == "no-cache"
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_the_policy_lets_the_app_use_only_the_gateway_and_the_camera() -> None:
    directives = dict(part.strip().split(" ", 1) for part in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' blob: data:"
    assert directives["media-src"] == "'self' blob:"
    assert directives["connect-src"] == "'self'"


async def test_hashed_files_are_kept_a_year(http: httpx.AsyncClient) -> None:
    script = await http.get("/app/assets/index-B2x9.js", headers={"Accept-Encoding": "gzip"})
    assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    assert script.headers["content-encoding"] == "gzip"
    assert script.text == BUILT["assets/index-B2x9.js"]
    style = await http.get("/app/assets/index-C7q1.css")
    assert style.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert style.headers["content-type"] == "text/css; charset=utf-8"


async def test_the_service_worker_may_control_the_whole_app_and_is_asked_again_each_time(
    http: httpx.AsyncClient,
) -> None:
    worker = await http.get("/app/sw.js")
    assert worker.status_code == 200
    assert worker.headers["service-worker-allowed"] == "/app/"
    assert worker.headers["cache-control"] == "no-cache"
    assert worker.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "service-worker-allowed" not in (await http.get("/app/")).headers


async def test_the_manifest_and_icons_are_asked_again_each_time(http: httpx.AsyncClient) -> None:
    manifest = await http.get("/app/manifest.webmanifest")
    assert manifest.headers["content-type"] == "application/manifest+json"
    assert manifest.headers["cache-control"] == "no-cache"
    assert manifest.json()["scope"] == "/app/"
    icon = await http.get("/app/icon-192.png")
    assert (icon.headers["content-type"], icon.headers["cache-control"]) == ("image/png", "no-cache")


async def test_an_unchanged_file_is_answered_304_whichever_coding_the_phone_holds(http: httpx.AsyncClient) -> None:
    for coding in ("gzip", "identity"):
        first = await http.get("/app/", headers={"Accept-Encoding": coding})
        tag = first.headers["etag"]
        assert tag.startswith('W/"')
        again = await http.get("/app/", headers={"If-None-Match": tag, "Accept-Encoding": "gzip"})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == tag
        assert again.headers["cache-control"] == "no-cache"


async def test_a_file_the_build_did_not_make_is_a_404_problem(http: httpx.AsyncClient) -> None:
    for path in ("/app/assets/index-gone.js", "/app/%2e%2e/pyproject.toml", "/app/../../etc/passwd"):
        answer = await http.get(path)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["code"] == "ROUTE_NOT_FOUND"


async def test_the_app_takes_no_writes(http: httpx.AsyncClient) -> None:
    answer = await http.post("/app/index.html", content=b"{}")
    assert answer.status_code == 405
    assert answer.json()["code"] == "METHOD_NOT_ALLOWED"


async def test_before_the_app_is_built_a_browser_is_told_to_run_make_install(tmp_path: Path) -> None:
    async with client(tmp_path / "not-built") as http:
        page = await http.get("/app/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        assert page.status_code == 503
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert NOT_BUILT_TITLE_ZH in page.text and "run make install" in page.text
        assert page.headers["cache-control"] == "no-store"

        script = await http.get("/app/sw.js")
        assert script.status_code == 503
        assert script.headers["content-type"] == "application/problem+json"
        assert script.json()["code"] == "APP_NOT_BUILT"
        assert script.json()["title_zh"] == NOT_BUILT_TITLE_ZH


def test_the_app_is_not_part_of_the_api_document(tmp_path: Path) -> None:
    paths = create_app(GatewaySettings(app_dir=tmp_path)).openapi()["paths"]
    assert not [path for path in paths if path.startswith("/app")]
