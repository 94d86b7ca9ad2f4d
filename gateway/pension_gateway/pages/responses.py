"""How the gateway sends a page: its security headers, and the refusal when the masking guard stops one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from pension_gateway.api.problems import PROBLEM_MEDIA_TYPE, problem, problem_responses
from pension_gateway.pages.guard import UnmaskedPersonalData
from pension_gateway.pages.html import CONTENT_SECURITY_POLICY
from pension_gateway.pages.spreadsheet import XLSX_MEDIA_TYPE

UNMASKED_CODE: Final = "PAGE_PERSONAL_DATA_UNMASKED"
_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # A notice names residents: a shared village PC's browser keeps no copy.
    "Cache-Control": "no-store",
}

Message = TypeVar("Message")
Rendered = TypeVar("Rendered")


async def rendered(
    render: Callable[[Message], Rendered], message: Message, respond: Callable[[Rendered], Response]
) -> Response:
    """`respond(render(message))`, rendering off the event loop (a long notice's PDF takes a moment); the masking
    guard's refusal as a 500 problem."""
    try:
        return respond(await run_in_threadpool(render, message))
    except UnmaskedPersonalData:
        # guard.refuse has logged the kinds found; the answer says only that the page was withheld.
        return problem(
            500,
            UNMASKED_CODE,
            "the page was withheld: it would show a personal number or name unmasked",
            title_zh="页面含有未隐藏的个人信息，已停止提供",
        )


def page_responses(*statuses: int, ok: str, media_type: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses=` of a route answering `media_type`: its refusals still problem documents.

    FastAPI files a response model under the route's own media type (text/html here), so each problem's schema
    is given with its media type instead.
    """
    listed = problem_responses(*statuses)
    refusals = {
        status: {
            "description": response["description"],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status, response in listed.items()
    }
    return {200: {"description": ok, "content": {media_type: {}}}, **refusals}


def html_page(body: str) -> HTMLResponse:
    return HTMLResponse(body, headers=_HEADERS)


def pdf_file(filename: str) -> Callable[[bytes], Response]:
    return lambda body: Response(
        body,
        media_type="application/pdf",
        headers={**_HEADERS, "Content-Disposition": f'inline; filename="{filename}"'},
    )


def xlsx_file(filename: str) -> Callable[[bytes], Response]:
    """A workbook to save (the reports' `.xlsx`), with the pages' headers: it lists residents too."""
    return lambda body: Response(
        body,
        media_type=XLSX_MEDIA_TYPE,
        headers={**_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
    )
