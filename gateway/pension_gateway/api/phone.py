"""Phone-friendly answers: gzip for bodies worth compressing, strong ETags on JSON reads, 304 when unchanged.

Every GET answered 200 with a JSON body under /v1, /agent/v1 and /hotline/v1 carries a strong ETag, the hash of
its uncompressed body computed once here; a request whose `If-None-Match` names it gets 304 with no body (RFC
9110, 13.1.2 and 15.4.5), so a phone re-reading its village's list on a slow line downloads a few hundred bytes.
The body is still produced by the route (the services are asked), since only the body says whether it changed.

The order matters: the ETag is taken inside the compression, of the uncompressed body, because gzip's bytes are
an encoding detail. A gzip-encoded answer is a different representation of the same resource, so its strong ETag
differs from the identity one by a `-gzip` suffix (as Apache's mod_deflate does), and `If-None-Match` matches a
resource's state whichever of the two the phone holds.
"""

from __future__ import annotations

import hashlib
from typing import Final

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Answers below this many bytes go uncompressed: gzip's header and the CPU cost outweigh the saving.
GZIP_MINIMUM_BYTES: Final = 500
# zlib's default level: level 9 (Starlette's default) costs about twice the CPU for a few per cent on JSON.
GZIP_LEVEL: Final = 6
# The reads that carry ETags: the gateway's three JSON APIs.
READ_PREFIXES: Final = ("/v1/", "/agent/v1/", "/hotline/v1/")
GZIP_SUFFIX: Final = "-gzip"
# Headers a 304 repeats from the 200 it stands for (RFC 9110, 15.4.5); the body's own headers are dropped.
_KEPT_ON_304: Final = frozenset({b"cache-control", b"content-location", b"date", b"etag", b"expires", b"vary"})


def entity_tag(body: bytes) -> str:
    """The strong ETag of an uncompressed body: 128 bits of BLAKE2b, quoted."""
    return f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def gzipped_tag(tag: str) -> str:
    """The strong ETag of the gzip-encoded representation of the body tagged `tag`."""
    return f'{tag[:-1]}{GZIP_SUFFIX}"'


def _opaque(tag: str) -> str:
    """A tag as If-None-Match compares it: weak comparison (RFC 9110, 8.8.3.2) ignores W/, and both codings of a
    body name the same state of the resource."""
    tag = tag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    if tag.endswith(f'{GZIP_SUFFIX}"'):
        tag = tag[: -len(GZIP_SUFFIX) - 1] + '"'
    return tag


def none_match(if_none_match: str, tag: str) -> bool:
    """Whether an If-None-Match header names the body tagged `tag` (or is `*`): then the answer is 304."""
    if if_none_match.strip() == "*":
        return True
    wanted = _opaque(tag)
    return any(_opaque(candidate) == wanted for candidate in if_none_match.split(",") if candidate.strip())


def will_gzip(accept_encoding: str, size: int) -> bool:
    """Whether the compression around the ETags (Starlette's GZipMiddleware, as PhoneFriendly sets it up) encodes
    a JSON body of `size` bytes for a client sending this Accept-Encoding: the same test it makes."""
    return "gzip" in accept_encoding and size >= GZIP_MINIMUM_BYTES


class ETags:
    """Tags each GET 200 JSON answer of the JSON APIs with a strong ETag and answers a matching If-None-Match with
    304. Anything else (writes, problems, pages, PDFs, streams) passes through untouched and unbuffered."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith(READ_PREFIXES):
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def tag_and_send(message: Message) -> None:
            nonlocal start
            if start is None and message["type"] == "http.response.start":
                if message["status"] == 200 and _is_json(Headers(raw=message.get("headers", []))):
                    start = message  # held until the whole body is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._answer(request_headers, start, b"".join(chunks), send)

        await self.app(scope, receive, tag_and_send)

    @staticmethod
    async def _answer(request: Headers, start: Message, body: bytes, send: Send) -> None:
        tag = entity_tag(body)
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        headers["ETag"] = gzipped_tag(tag) if will_gzip(request.get("accept-encoding", ""), len(body)) else tag
        # The answers carry personal data: a shared cache must not keep them, and the phone asks again (cheaply,
        # with If-None-Match) before it shows one.
        headers.setdefault("Cache-Control", "private, no-cache")
        if none_match(request.get("if-none-match", ""), tag) or len(body) < GZIP_MINIMUM_BYTES:
            # Another coding would be another ETag, so the answer varies with Accept-Encoding; the compression
            # says so itself of the bodies it considers (GZIP_MINIMUM_BYTES and over), and twice would be noise.
            headers.add_vary_header("Accept-Encoding")
        if none_match(request.get("if-none-match", ""), tag):
            kept = [(name, value) for name, value in headers.raw if name.lower() in _KEPT_ON_304]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _is_json(headers: Headers) -> bool:
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return media == "application/json"


class PhoneFriendly:
    """gzip around ETags: the gateway's outermost middleware of its own (main.py adds it last)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = GZipMiddleware(ETags(app), minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
