"""The village agents' phone app (web/, built into `app_dir`) served at /app/: cache headers, CSP, service worker.

The build (scripts/install-web.sh: `npm ci` and `npm run build` in web/) writes an app shell (index.html), a service
worker (sw.js), a manifest, icons, and content-hashed files under assets/. The hashed files never change under
their name, so a phone keeps them for a year without asking again; the shell, the service worker and the manifest
name the hashed files of the current build, so the phone asks for them every time (`no-cache`: a 304 when
unchanged, from the weak ETag). The service worker is served from /app/ itself, so its scope is /app/ (and
`Service-Worker-Allowed` says so). Every answer carries a strict Content-Security-Policy: everything from the
gateway itself, images and the camera's video also from blob: (and data: for images). The gateway's gzip
(api/phone.py) compresses what is worth it. A gateway started before the app was built answers 503 saying so.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Final

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import Headers
from starlette.responses import FileResponse
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Receive, Scope, Send

from pension_gateway.api.problems import problem

APP_PATH: Final = "/app"
# Content-hashed by the build: a new build gives a changed file a new name.
HASHED_FOLDER: Final = "assets/"
IMMUTABLE: Final = "public, max-age=31536000, immutable"
# Everything else (the shell, sw.js, the manifest, icons) is asked again each time, cheaply (304).
REVALIDATE: Final = "no-cache"
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SERVICE_WORKER: Final = "sw.js"
# Stated rather than guessed from the system's mime.types, which differ between machines (.js, .webmanifest).
MEDIA_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
NOT_BUILT_CODE: Final = "APP_NOT_BUILT"
NOT_BUILT_TITLE: Final = "the app is not built: run make install"
NOT_BUILT_TITLE_ZH: Final = "应用尚未构建：请运行 make install"
# Plain HTML, nothing loaded: what a browser opening /app/ on an unbuilt gateway shows.
NOT_BUILT_PAGE: Final = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{NOT_BUILT_TITLE_ZH}</title></head>
<body><h1>{NOT_BUILT_TITLE_ZH}</h1><p>{NOT_BUILT_TITLE}</p></body></html>
"""


def security_headers() -> dict[str, str]:
    """The headers of every answer under /app/, the 503 included."""
    return {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def file_headers(relative: str) -> dict[str, str]:
    """The headers of the built file at `relative` (a path inside app_dir, with / between folders)."""
    headers = security_headers()
    headers["Cache-Control"] = IMMUTABLE if relative.startswith(HASHED_FOLDER) else REVALIDATE
    if relative == SERVICE_WORKER:
        headers["Service-Worker-Allowed"] = f"{APP_PATH}/"
    return headers


def weak_tag(stat_result: os.stat_result) -> str:
    """The file's ETag: weak, since the gzip-encoded and the plain bodies are both sent under it (RFC 9110, 8.8.1)."""
    base = f"{stat_result.st_mtime}-{stat_result.st_size}".encode()
    return f'W/"{hashlib.blake2b(base, digest_size=16).hexdigest()}"'


def _opaque(tag: str) -> str:
    return tag.strip().removeprefix("W/")


class AppFiles(StaticFiles):
    """The built app folder as Starlette's StaticFiles serves it (index.html for /app/, 404 problems for what is
    not there), with file_headers on each file, and 503 while the folder has no index.html."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True, check_dir=False)
        self.folder = directory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not await anyio.Path(self.folder / "index.html").is_file():
            await not_built(Headers(scope=scope))(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def file_response(
        self, full_path: str | os.PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        path = Path(full_path)
        relative = path.resolve().relative_to(self.folder.resolve()).as_posix()
        headers = {**file_headers(relative), "ETag": weak_tag(stat_result)}
        if_none_match = Headers(scope=scope).get("if-none-match", "")
        if if_none_match and any(_opaque(tag) == _opaque(headers["ETag"]) for tag in if_none_match.split(",")):
            return NotModifiedResponse(Headers(headers=headers))
        media_type = MEDIA_TYPES.get(path.suffix.lower())
        return FileResponse(
            path, status_code=status_code, headers=headers, media_type=media_type, stat_result=stat_result
        )


def not_built(request: Headers) -> Response:
    """503: a page for a browser, a problem document for anything else."""
    headers = {**security_headers(), "Cache-Control": "no-store", "Retry-After": "3600"}
    if "text/html" in request.get("accept", ""):
        return HTMLResponse(NOT_BUILT_PAGE, status_code=503, headers=headers)
    return problem(503, NOT_BUILT_CODE, NOT_BUILT_TITLE, title_zh=NOT_BUILT_TITLE_ZH, headers=headers)


def serve_app(app: FastAPI, app_dir: Path) -> None:
    """Mounts the app at /app/ (outside the OpenAPI document: files, not API) and sends /app there."""

    @app.get(APP_PATH, include_in_schema=False)
    async def to_the_app(request: Request) -> RedirectResponse:
        # Relative URLs in the shell resolve against /app/, not /: the app's base.
        return RedirectResponse(f"{request.scope.get('root_path', '')}{APP_PATH}/", status_code=301)

    app.mount(APP_PATH, AppFiles(app_dir), name="app")
