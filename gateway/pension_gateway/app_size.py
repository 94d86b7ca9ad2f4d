"""The phone app's first load as the gateway sends it, against its 300 KB budget: every file a phone fetches for
/app/ before it draws the first screen (the shell, the scripts, module preloads and styles it names, the manifest
and the icons both name), counted in bytes on the wire: gzip-encoded where the gateway compresses (api/phone.py).

    scripts/uv.sh run --frozen python -m pension_gateway.app_size [--app-dir web/dist]

asks the gateway application itself, in this process (no server, no services: /app/ needs none), and prints each
file and the total; exits 1 when the total is over the budget or the shell names a file from outside the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from starlette.types import ASGIApp, Message

from pension_gateway.app_files import APP_PATH

BUDGET_BYTES: Final = 300 * 1024
ENTRY: Final = f"{APP_PATH}/"
# What a phone fetches for these before drawing: scripts and styles block it, module preloads are the entry's
# static imports, Chrome reads the manifest and the icons at load.
_FETCHED_LINKS: Final = frozenset({"stylesheet", "modulepreload", "preload", "manifest", "icon", "apple-touch-icon"})


@dataclass(frozen=True)
class Fetched:
    """One file of the first load: its path, the bytes sent (gzip-encoded or not) and the bytes it holds."""

    path: str
    wire_bytes: int
    plain_bytes: int


class _Names(HTMLParser):
    """The URLs an HTML page makes the browser fetch: script sources and the fetched kinds of link."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {name: value or "" for name, value in attrs}
        if tag == "script" and named.get("src"):
            self.urls.append(named["src"])
        elif tag == "link" and named.get("href") and _FETCHED_LINKS & set(named.get("rel", "").lower().split()):
            self.urls.append(named["href"])


async def get(app: ASGIApp, path: str) -> tuple[int, dict[str, str], bytes]:
    """A GET of `path` from the ASGI application, as a phone asks (gzip accepted): status, headers, wire bytes."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"gateway"), (b"accept-encoding", b"gzip, deflate"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 0),
        "server": ("gateway", 80),
    }
    sent: list[Message] = []
    requested = False
    answered = asyncio.Event()

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        # Asked again by a streamed answer listening for the client leaving: it leaves once the answer is sent.
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            answered.set()

    await app(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    headers = {name.decode().lower(): value.decode() for name, value in start.get("headers", [])}
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    return int(start["status"]), headers, body


async def first_load(app: ASGIApp) -> tuple[list[Fetched], list[str]]:
    """The files of the first load of /app/ in the order a phone meets them, and the URLs outside the gateway."""
    fetched: list[Fetched] = []
    outside: list[str] = []
    pending = [ENTRY]
    seen: set[str] = set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, headers, wire = await get(app, path)
        plain = gzip.decompress(wire) if headers.get("content-encoding") == "gzip" else wire
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {plain[:300].decode(errors='replace')}")
        fetched.append(Fetched(path, len(wire), len(plain)))
        for url in _named_by(path, headers.get("content-type", ""), plain):
            absolute = urljoin(path, url)
            parts = urlsplit(absolute)
            if parts.scheme or parts.netloc:
                outside.append(absolute)
            else:
                pending.append(parts.path)
    return fetched, outside


def _named_by(path: str, content_type: str, body: bytes) -> list[str]:
    if content_type.startswith("text/html"):
        names = _Names()
        names.feed(body.decode("utf-8"))
        return names.urls
    if content_type.startswith("application/manifest+json"):
        manifest = json.loads(body)
        return [str(icon["src"]) for icon in manifest.get("icons", []) if icon.get("src")]
    return []


def report(fetched: list[Fetched]) -> str:
    lines = [f"{f.path:<48} {f.plain_bytes:>9,} B  on the wire {f.wire_bytes:>8,} B" for f in fetched]
    total = sum(f.wire_bytes for f in fetched)
    lines.append(
        f"first load of {ENTRY}: {total:,} B = {total / 1024:.1f} KB on the wire "
        f"(budget {BUDGET_BYTES // 1024} KB, {len(fetched)} files)"
    )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    # Imported here: the command needs the whole gateway application, the measuring functions above do not.
    from pension_gateway.config import BUILT_APP, GatewaySettings
    from pension_gateway.main import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--app-dir", type=Path, default=BUILT_APP, help="the built app (default: web/dist)")
    arguments = parser.parse_args(argv)
    app = create_app(GatewaySettings(app_dir=arguments.app_dir))
    fetched, outside = asyncio.run(first_load(app))
    sys.stdout.write(report(fetched))
    if outside:
        sys.stderr.write(f"the app loads files from outside the gateway: {outside}\n")
    if outside or sum(f.wire_bytes for f in fetched) > BUDGET_BYTES:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
