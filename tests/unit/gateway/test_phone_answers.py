"""gzip and ETags on the gateway's answers (api/phone.py), on a small app of each kind of answer: JSON reads are
tagged and answered 304 when unchanged; problems, writes, pages and streamed PDFs pass through intact."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from pension_gateway.api.phone import PhoneFriendly, entity_tag, gzipped_tag, none_match

ROWS = [{"resident_id": f"R{index:020d}", "name_masked": "王*国", "status": "active"} for index in range(40)]
PDF = b"%PDF-1.7\n" + b"0123456789abcdef" * 4096 + b"\n%%EOF\n"


async def big_list(_: Request) -> Response:
    return JSONResponse({"residents": ROWS})


async def small(_: Request) -> Response:
    return JSONResponse({"ok": True})


async def refusal(_: Request) -> Response:
    return JSONResponse({"code": "RESIDENT_NOT_FOUND"}, status_code=404, media_type="application/problem+json")


async def written(_: Request) -> Response:
    return JSONResponse({"residents": ROWS}, status_code=201)


async def pdf(_: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(PDF), 8192):
            yield PDF[start : start + 8192]

    return StreamingResponse(chunks(), media_type="application/pdf")


APP = PhoneFriendly(
    Starlette(
        routes=[
            Route("/v1/residents", big_list),
            Route("/v1/residents", written, methods=["POST"]),
            Route("/v1/small", small),
            Route("/v1/missing", refusal),
            Route("/v1/notice.pdf", pdf),
            Route("/healthz", small),
        ]
    )
)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
        yield client


def test_if_none_match_compares_weakly_and_either_coding_matches() -> None:
    tag = entity_tag(b"{}")
    assert none_match(tag, tag) and none_match("*", tag)
    assert none_match(f'"other", W/{tag}', tag)
    assert none_match(gzipped_tag(tag), tag)
    assert not none_match('"other"', tag) and not none_match("", tag)


async def test_a_big_json_read_is_gzipped_and_tagged_by_its_uncompressed_body(http: httpx.AsyncClient) -> None:
    plain = await http.get("/v1/residents", headers={"Accept-Encoding": "identity"})
    assert plain.headers["etag"] == entity_tag(plain.content)
    assert "content-encoding" not in plain.headers
    zipped = await http.get("/v1/residents", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["etag"] == gzipped_tag(plain.headers["etag"])
    assert int(zipped.headers["content-length"]) < len(plain.content) / 4
    assert zipped.json() == plain.json() == {"residents": ROWS}
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
async def test_an_unchanged_read_answers_304_with_no_body(http: httpx.AsyncClient, encoding: str) -> None:
    first = await http.get("/v1/residents", headers={"Accept-Encoding": encoding})
    again = await http.get(
        "/v1/residents", headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "private, no-cache"
    assert "content-type" not in again.headers and "content-encoding" not in again.headers


async def test_a_small_read_is_tagged_but_not_compressed(http: httpx.AsyncClient) -> None:
    answer = await http.get("/v1/small", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in answer.headers
    assert answer.headers["etag"] == entity_tag(answer.content)


async def test_problems_writes_and_other_paths_are_not_tagged(http: httpx.AsyncClient) -> None:
    problem = await http.get("/v1/missing", headers={"If-None-Match": "*"})
    assert problem.status_code == 404 and problem.json() == {"code": "RESIDENT_NOT_FOUND"}
    assert "etag" not in problem.headers
    write = await http.post("/v1/residents", headers={"If-None-Match": "*", "Accept-Encoding": "gzip"})
    assert write.status_code == 201 and "etag" not in write.headers
    assert write.headers["content-encoding"] == "gzip" and write.json() == {"residents": ROWS}
    health = await http.get("/healthz")
    assert health.status_code == 200 and "etag" not in health.headers


async def test_a_streamed_pdf_arrives_whole_whichever_the_encoding(http: httpx.AsyncClient) -> None:
    for encoding in ("identity", "gzip"):
        answer = await http.get("/v1/notice.pdf", headers={"Accept-Encoding": encoding})
        assert answer.status_code == 200 and answer.content == PDF
        assert answer.headers["content-type"] == "application/pdf" and "etag" not in answer.headers
