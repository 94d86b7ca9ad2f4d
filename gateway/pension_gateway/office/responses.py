"""How the officers' pages answer: rendered Chinese HTML with their security headers, a service's refusal turned
into Chinese words on the page, and the redirects of a form's post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Final

import grpc
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from pension_gateway.api.problems import chinese_title, http_status_of
from pension_gateway.api.routes import alerts, cases, complaints, notices, payrolls, registry_reviews
from pension_gateway.office.session import OFFICER_ROLES, Session
from pension_gateway.pages.guard import UnmaskedPersonalData, check_page_text
from pension_gateway.pages.html import CONTENT_SECURITY_POLICY, OFFICE_TEMPLATES, render
from pension_kit.clock import CHINA
from pension_kit.errors import DomainError
from pension_kit.grpc_errors import STATUS_OF_KIND, from_rpc_error
from pension_kit.identity import Role

# The officers' pages post their own forms and frame their own notice and disclosure pages; nothing else.
OFFICE_CSP: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'none'"
)
# The notice and disclosure pages as the officers' pages frame them: the pages' own policy, framed by this site only.
FRAMED_CSP: Final = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
_HEADERS: Final = {
    "Content-Security-Policy": OFFICE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    # Pages name officers' work and residents: a shared office PC's browser keeps no copy.
    "Cache-Control": "no-store",
}
NOTICE_ROLES: Final = tuple(role for role in notices.READING_ROLES if role is not Role.VILLAGE_AGENT)
# Field names of the forms, as the refusal shown under a form names them.
FIELD_ZH: Final = {
    "reason": "理由",
    "resident_id": "候选人",
    "review_id": "待核实记录",
    "decision": "核实结论",
    "title": "案件标题",
    "request_id": "请求编号",
    "user_id": "用户名",
    "password": "密码",
}


# The menu: each page and the roles it serves (those of the JSON routes behind it), so an officer is offered only
# the pages of their role.
MENU: Final = (
    ("/office/", "首页", OFFICER_ROLES, True),
    ("/office/payrolls", "待遇发放", payrolls.READING_ROLES, True),
    ("/office/reviews", "疑似匹配核实", registry_reviews.REVIEWING_ROLES, True),
    ("/office/alerts", "预警", alerts.READING_ROLES, True),
    ("/office/cases", "案件", cases.READING_ROLES, True),
    ("/office/complaints", "投诉举报", complaints.LISTING_ROLES, True),
    ("/office/notice", "村级公示", NOTICE_ROLES, False),
    ("/office/disclosure", "信息披露", OFFICER_ROLES, True),
)


def menu_of(session: Session | None, region: str) -> list[tuple[str, str]]:
    """The menu's links for this officer, carrying the region chosen where the page takes one."""
    if session is None:
        return []
    return [
        (f"{href}?region={region}" if region and regional else href, label)
        for href, label, roles, regional in MENU
        if session.caller.role in roles
    ]


@dataclass(frozen=True)
class Refusal:
    """Why something was not done, as the page says it: the HTTP status, the stable code, the Chinese words."""

    status: int
    code: str
    title_zh: str
    field: str = ""


def refusal_of(error: Exception) -> Refusal:
    """A service's or the gateway's refusal in the officer's words; anything else is raised again by the caller."""
    if isinstance(error, grpc.aio.AioRpcError):
        found = from_rpc_error(error)
        status = http_status_of(found.code)
        return Refusal(status, found.reason, chinese_title(found.reason, found.message_zh, status), found.field)
    if isinstance(error, DomainError):
        status = http_status_of(STATUS_OF_KIND[error.kind])
        return Refusal(status, error.reason, chinese_title(error.reason, error.message_zh, status), error.field)
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        field = str(first["loc"][-1]) if first["loc"] else ""
        words = FIELD_ZH.get(field, field)
        return Refusal(400, first["type"].upper(), f"“{words}”填写不正确：请检查后重新提交", field)
    raise error


def china_time(moment: datetime | None) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment else ""


@cache
def _office_stylesheet() -> str:
    return (OFFICE_TEMPLATES / "office.css").read_text(encoding="utf-8")


def office_page(template: str, session: Session | None, *, http_status: int = 200, **values: Any) -> HTMLResponse:
    """A page of the officers' site, refused whole (500) if it would show a personal number in the clear."""
    menu = menu_of(session, str(values.get("region") or ""))
    body = render(template, session=session, office_stylesheet=_office_stylesheet(), menu=menu, **values)
    try:
        check_page_text("office page", body)
    except UnmaskedPersonalData:
        body = render(
            "office_refused.html.j2",
            session=session,
            office_stylesheet=_office_stylesheet(),
            # Without the region: whatever the page held is not shown again, not even in a link.
            menu=menu_of(session, ""),
            heading="页面已停止提供",
            refusal=Refusal(500, "PAGE_PERSONAL_DATA_UNMASKED", "页面含有未隐藏的个人信息，已停止提供"),
        )
        http_status = 500
    return HTMLResponse(body, status_code=http_status, headers=_HEADERS)


def refused_page(session: Session | None, refusal: Refusal, heading: str = "无法办理") -> HTMLResponse:
    return office_page("office_refused.html.j2", session, http_status=refusal.status, heading=heading, refusal=refusal)


def forbidden_page(session: Session) -> HTMLResponse:
    """The Chinese 403 page: the officer is signed in, but their role has no business here."""
    return refused_page(
        session,
        Refusal(403, "ROLE_NOT_ALLOWED", f"您的角色（{session.role_zh}）无权查看或办理此项业务"),
        heading="无权访问",
    )


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})
