"""The officers' pages at /office/: sign-in, payroll runs and their approval, the registry review queue, alerts and
cases, complaints with their deadlines, and the notice board and disclosure pages framed for the officer.

Server-rendered Chinese HTML that works without JavaScript. Each page reads the officer from the session cookie's
verified token, checks the role as the JSON route behind it does (the same role lists), and calls the same
functions as those routes, so the services see the officer's own token and decide again.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Final

import grpc
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from pension_gateway.api.deps import Clients, Settings, Signer, Users
from pension_gateway.api.rate_limits import RateLimited, sign_in_rate_limit
from pension_gateway.api.routes import alerts, cases, complaints, disclosure, notices, payrolls, registry_reviews
from pension_gateway.api.routes.fields import MonthQuery, PageToken, VillageCodePath
from pension_gateway.api.routes.supervision_fields import (
    AlertIdPath,
    AlertStatusName,
    CaseStatusName,
    PoolingRegionQuery,
    SupervisionPageToken,
)
from pension_gateway.auth import MAX_PASSWORD_LENGTH, issue_token
from pension_gateway.office.responses import (
    FRAMED_CSP,
    NOTICE_ROLES,
    Refusal,
    china_time,
    forbidden_page,
    office_page,
    refusal_of,
    refused_page,
    see_other,
)
from pension_gateway.office.session import (
    COOKIE_PATH,
    OFFICER_ROLES,
    SESSION_COOKIE,
    SIGN_IN_COOKIE,
    Session,
    csrf_matches,
    form_of,
    new_sign_in_token,
    secure,
    session_of,
)
from pension_kit.clock import today_in_china
from pension_kit.errors import DomainError
from pension_kit.identity import Role
from pension_kit.money import format_yuan

router = APIRouter(prefix="/office", include_in_schema=False)

# What a service or the gateway may refuse a page's call with: shown in Chinese on the page, never a stack trace.
REFUSALS: Final = (grpc.aio.AioRpcError, DomainError, ValidationError)
ALERT_RULE_ZH: Final = {
    "payment_after_death": "死亡后仍发放待遇",
    "shared_bank_account": "多名领取人共用银行账户",
    "centenarian_weak_certification": "百岁老人认证方式单一",
    "certification_far_from_village": "认证地点远离所在村",
    "certification_burst": "短时间内集中认证",
    "cash_not_deposited": "代收现金未按时存缴",
    "employee_pension_enrolment": "职工养老保险领取人参保",
    "payroll_not_reconciled": "发放与银行回盘不符",
    "duplicate_enrolment": "重复参保",
    "duplicate_receipt": "重复领取",
    "audit_chain_broken": "审计链校验失败",
}
ALERT_STATUS_ZH: Final = {"open": "待处理", "in_case": "已立案", "dismissed": "已排除"}
CASE_STATUS_ZH: Final = {
    "open": "已立案",
    "investigating": "调查中",
    "substantiated": "查实",
    "unsubstantiated": "未查实",
    "closed": "已结案",
}
COMPLAINT_STATUS_ZH: Final = {"received": "已受理", "in_progress": "办理中", "answered": "已答复", "closed": "已办结"}
COMPLAINT_KIND_ZH: Final = {"complaint": "投诉", "report": "举报", "enquiry": "咨询", "notice_dispute": "公示异议"}
# Rows a list page shows: the first page of the service's list (the newest alerts and cases, the complaints due
# first); a longer list is narrowed with the filters (docs/limits.md).
LISTED: Final = 100
# A complaint due within this many days is marked as due soon.
DUE_SOON_DAYS: Final = 5

Page = Callable[[Session], Awaitable[Response]]


async def _as(request: Request, roles: tuple[Role, ...], page: Page) -> Response:
    """`page` for the signed-in officer if their role is one of `roles`; the sign-in page without a session; the
    403 page for another role; a service's refusal as a Chinese page."""
    session = session_of(request)
    if session is None:
        return see_other(f"{COOKIE_PATH}/signin")
    if session.caller.role not in roles:
        return forbidden_page(session)
    try:
        return await page(session)
    except REFUSALS as error:
        return refused_page(session, refusal_of(error))


async def _posted(request: Request, session: Session) -> dict[str, str] | Response:
    """A posted form of this session, or the refusal page when its CSRF token is missing or wrong."""
    form = await form_of(request)
    if not csrf_matches(session.csrf, form):
        return refused_page(
            session,
            Refusal(403, "CSRF_TOKEN_INVALID", "表单已失效或不是从本系统页面提交的，请刷新页面后重试", "csrf_token"),
            heading="表单校验失败",
        )
    return form


def _region(session: Session, region: str | None) -> str:
    """The region a page is about: the one asked for, else a township officer's own (from their villages)."""
    if region:
        return region
    regions = sorted({village[:6] for village in session.caller.villages})
    return regions[0] if regions else ""


def _request_id(form: dict[str, str]) -> str:
    # The form carries one made when it was rendered, so a double click or a resent form is applied once.
    return form.get("request_id") or uuid.uuid4().hex


# --- sign-in --------------------------------------------------------------------------------------------------


def _sign_in_page(request: Request, *, refusal: Refusal | None = None, user_id: str = "") -> HTMLResponse:
    token = new_sign_in_token()
    response = office_page(
        "office_signin.html.j2",
        None,
        http_status=refusal.status if refusal else 200,
        sign_in_token=token,
        refusal=refusal,
        user_id=user_id,
        max_password=MAX_PASSWORD_LENGTH,
    )
    response.set_cookie(
        SIGN_IN_COOKIE, token, max_age=600, path=COOKIE_PATH, secure=secure(request), httponly=True, samesite="strict"
    )
    return response


@router.get("/signin")
async def sign_in_form(request: Request) -> Response:
    return _sign_in_page(request)


@router.post("/signin")
async def sign_in(request: Request, users: Users, signer: Signer, settings: Settings) -> Response:
    """Checks the password as POST /v1/auth/token does (same users, same rate limit), then keeps the signed token in
    the session cookie."""
    form = await form_of(request)
    user_id = form.get("user_id", "")[:64]
    if not csrf_matches(request.cookies.get(SIGN_IN_COOKIE, ""), form):
        refusal = Refusal(403, "CSRF_TOKEN_INVALID", "登录表单已失效，请重新输入", "csrf_token")
        return _sign_in_page(request, refusal=refusal, user_id=user_id)
    try:
        await sign_in_rate_limit(request, user_id)
        caller = await users.sign_in(user_id, form.get("password", ""))
    except RateLimited as limited:
        refusal = Refusal(429, "RATE_LIMITED", f"登录尝试过于频繁，请{limited.retry_after}秒后再试", "user_id")
        return _sign_in_page(request, refusal=refusal, user_id=user_id)
    except DomainError as error:
        return _sign_in_page(request, refusal=refusal_of(error), user_id=user_id)
    response = see_other(f"{COOKIE_PATH}/")
    response.set_cookie(
        SESSION_COOKIE,
        issue_token(signer, caller, settings.token_ttl_seconds),
        max_age=settings.token_ttl_seconds,
        path=COOKIE_PATH,
        secure=secure(request),
        httponly=True,
        samesite="strict",
    )
    response.delete_cookie(SIGN_IN_COOKIE, path=COOKIE_PATH)
    return response


@router.post("/signout")
async def sign_out(request: Request) -> Response:
    """Forgets the session cookie (the token itself lasts until it expires: tokens are not revoked, docs/limits.md)."""
    session = session_of(request)
    if session is not None:
        posted = await _posted(request, session)
        if isinstance(posted, Response):
            return posted
    response = see_other(f"{COOKIE_PATH}/signin")
    response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=secure(request), httponly=True, samesite="strict")
    return response


@router.get("/")
async def home(request: Request, region: PoolingRegionQuery = None) -> Response:
    async def page(session: Session) -> Response:
        return office_page("office_home.html.j2", session, region=_region(session, region))

    return await _as(request, OFFICER_ROLES, page)


@router.get("")
async def home_without_slash() -> Response:
    return see_other(f"{COOKIE_PATH}/")


# --- lists, a page at a time -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pages:
    """Where a list's next page and its first page are: this page's address with the service's cursor as `page`
    (every filter kept), and without it; "" where there is none (the last page; the first page itself)."""

    next: str
    first: str


def pages_of(request: Request, next_page_token: str) -> Pages:
    url = request.url
    following = url.include_query_params(page=next_page_token) if next_page_token else None
    first = url.remove_query_params("page") if "page" in request.query_params else None
    return Pages(
        next=f"{following.path}?{following.query}" if following else "",
        first=(f"{first.path}?{first.query}" if first.query else first.path) if first else "",
    )


# --- payroll runs ---------------------------------------------------------------------------------------------


@router.get("/payrolls")
async def payroll_list(
    request: Request,
    clients: Clients,
    settings: Settings,
    region: PoolingRegionQuery = None,
    page: payrolls.RunPageToken = "",
) -> Response:
    async def answer(session: Session) -> Response:
        chosen = _region(session, region)
        found = (
            await payrolls.list_payrolls_of(
                session.caller, clients, settings, chosen, page_size=LISTED, page_token=page
            )
            if chosen
            else None
        )
        return office_page(
            "office_payrolls.html.j2",
            session,
            region=chosen,
            runs=found.payrolls if found else [],
            pages=pages_of(request, found.next_page_token if found else ""),
            yuan=format_yuan,
        )

    return await _as(request, payrolls.READING_ROLES, answer)


async def _payroll_page(
    session: Session,
    clients: Clients,
    settings: Settings,
    run_id: str,
    *,
    refusal: Refusal | None = None,
    done: str = "",
) -> HTMLResponse:
    run = await payrolls.payroll_of(session.caller, clients, settings, run_id)
    return office_page(
        "office_payroll.html.j2",
        session,
        http_status=refusal.status if refusal else 200,
        run=run,
        refusal=refusal,
        done=done,
        yuan=format_yuan,
        when=china_time,
        may_approve=session.caller.role in payrolls.APPROVING_ROLES,
        request_id=uuid.uuid4().hex,
    )


@router.get("/payrolls/{run_id}")
async def payroll_page(
    request: Request,
    run_id: payrolls.RunIdPath,
    clients: Clients,
    settings: Settings,
    done: Annotated[str, Query(max_length=20, pattern=r"^[a-z]*$")] = "",
) -> Response:
    async def page(session: Session) -> Response:
        return await _payroll_page(session, clients, settings, run_id, done=done)

    return await _as(request, payrolls.READING_ROLES, page)


@router.post("/payrolls/{run_id}/approval")
async def approve_payroll(
    request: Request, run_id: payrolls.RunIdPath, clients: Clients, settings: Settings
) -> Response:
    """The approver's sign-off; a refusal (the preparer approving their own run, a second sign-off) is shown on the
    run's page in Chinese."""

    async def page(session: Session) -> Response:
        form = await _posted(request, session)
        if isinstance(form, Response):
            return form
        try:
            body = payrolls.ApprovalIn(request_id=_request_id(form), reason=form.get("reason", "").strip())
            await payrolls.approve_payroll_run(session.caller, clients, settings, run_id, body)
        except REFUSALS as error:
            return await _payroll_page(session, clients, settings, run_id, refusal=refusal_of(error))
        return see_other(f"{COOKIE_PATH}/payrolls/{run_id}?done=approved")

    return await _as(request, payrolls.APPROVING_ROLES, page)


# --- the registry review queue --------------------------------------------------------------------------------


async def _reviews_page(
    session: Session,
    clients: Clients,
    settings: Settings,
    region: str,
    *,
    request: Request | None = None,
    page: str = "",
    refusal: Refusal | None = None,
    done: str = "",
) -> HTMLResponse:
    found = (
        await registry_reviews.list_reviews_of(
            session.caller, clients, settings, region, page_size=LISTED, page_token=page
        )
        if region
        else None
    )
    return office_page(
        "office_reviews.html.j2",
        session,
        http_status=refusal.status if refusal else 200,
        region=region,
        reviews=found.reviews if found else [],
        pages=pages_of(request, found.next_page_token) if request and found else Pages("", ""),
        refusal=refusal,
        done=done,
        when=china_time,
        new_request_id=lambda: uuid.uuid4().hex,
    )


@router.get("/reviews")
async def review_list(
    request: Request,
    clients: Clients,
    settings: Settings,
    region: PoolingRegionQuery = None,
    done: Annotated[str, Query(max_length=20, pattern=r"^[a-z]*$")] = "",
    page: registry_reviews.ReviewPageToken = "",
) -> Response:
    async def answer(session: Session) -> Response:
        chosen = _region(session, region)
        return await _reviews_page(session, clients, settings, chosen, request=request, page=page, done=done)

    return await _as(request, registry_reviews.REVIEWING_ROLES, answer)


@router.post("/reviews/decision")
async def decide_review(request: Request, clients: Clients, settings: Settings) -> Response:
    async def page(session: Session) -> Response:
        form = await _posted(request, session)
        if isinstance(form, Response):
            return form
        region = form.get("region", "")[:6]
        try:
            body = registry_reviews.DecisionIn(
                request_id=_request_id(form),
                review_id=form.get("review_id", ""),
                decision=form.get("decision", ""),  # type: ignore[arg-type]  # checked by the model
                resident_id=form.get("resident_id", ""),
                reason=form.get("reason", "").strip(),
            )
            decided = await registry_reviews.decide_review_of(session.caller, clients, settings, body)
        except REFUSALS as error:
            return await _reviews_page(session, clients, settings, region, refusal=refusal_of(error))
        return see_other(
            f"{COOKIE_PATH}/reviews?region={decided.review.pooling_region_code}&done={decided.review.status}"
        )

    return await _as(request, registry_reviews.REVIEWING_ROLES, page)


# --- alerts and cases -----------------------------------------------------------------------------------------


@router.get("/alerts")
async def alert_list(
    request: Request,
    clients: Clients,
    settings: Settings,
    region: PoolingRegionQuery = None,
    status: AlertStatusName | None = None,
    page: SupervisionPageToken = "",
) -> Response:
    async def answer(session: Session) -> Response:
        chosen = _region(session, region)
        found = await alerts.list_alerts(
            session.caller,
            clients,
            settings,
            pooling_region_code=chosen or None,
            rule=None,
            status=status,
            resident_id="",
            page_size=LISTED,
            page_token=page,
        )
        return office_page(
            "office_alerts.html.j2",
            session,
            pages=pages_of(request, found.next_page_token),
            region=chosen,
            status=status or "",
            statuses=ALERT_STATUS_ZH,
            rules=ALERT_RULE_ZH,
            alerts=found.alerts,
            yuan=format_yuan,
            when=china_time,
        )

    return await _as(request, alerts.READING_ROLES, answer)


async def _alert_page(
    session: Session,
    clients: Clients,
    settings: Settings,
    alert_id: str,
    *,
    refusal: Refusal | None = None,
    done: str = "",
) -> HTMLResponse:
    alert = await alerts.get_alert(alert_id, session.caller, clients, settings)
    role = session.caller.role
    return office_page(
        "office_alert.html.j2",
        session,
        http_status=refusal.status if refusal else 200,
        alert=alert,
        statuses=ALERT_STATUS_ZH,
        rules=ALERT_RULE_ZH,
        refusal=refusal,
        done=done,
        yuan=format_yuan,
        when=china_time,
        may_dismiss=role in alerts.DISMISSING_ROLES,
        may_open_case=role in cases.WRITING_ROLES,
        request_id=uuid.uuid4().hex,
    )


@router.get("/alerts/{alert_id}")
async def alert_page(
    request: Request,
    alert_id: AlertIdPath,
    clients: Clients,
    settings: Settings,
    done: Annotated[str, Query(max_length=20, pattern=r"^[a-z_]*$")] = "",
) -> Response:
    async def page(session: Session) -> Response:
        return await _alert_page(session, clients, settings, alert_id, done=done)

    return await _as(request, alerts.READING_ROLES, page)


@router.post("/alerts/{alert_id}/dismissal")
async def dismiss_alert(request: Request, alert_id: AlertIdPath, clients: Clients, settings: Settings) -> Response:
    async def page(session: Session) -> Response:
        form = await _posted(request, session)
        if isinstance(form, Response):
            return form
        try:
            body = alerts.DismissalIn(request_id=_request_id(form), reason=form.get("reason", "").strip())
            await alerts.dismiss_alert(alert_id, body, session.caller, clients, settings)
        except REFUSALS as error:
            return await _alert_page(session, clients, settings, alert_id, refusal=refusal_of(error))
        return see_other(f"{COOKIE_PATH}/alerts/{alert_id}?done=dismissed")

    return await _as(request, alerts.DISMISSING_ROLES, page)


@router.post("/alerts/{alert_id}/case")
async def open_case(request: Request, alert_id: AlertIdPath, clients: Clients, settings: Settings) -> Response:
    async def page(session: Session) -> Response:
        form = await _posted(request, session)
        if isinstance(form, Response):
            return form
        try:
            body = cases.CaseIn(
                request_id=_request_id(form),
                alert_ids=[alert_id],
                title=form.get("title", "").strip(),
                reason=form.get("reason", "").strip(),
            )
            await cases.open_case(body, session.caller, clients, settings)
        except REFUSALS as error:
            return await _alert_page(session, clients, settings, alert_id, refusal=refusal_of(error))
        return see_other(f"{COOKIE_PATH}/alerts/{alert_id}?done=in_case")

    return await _as(request, cases.WRITING_ROLES, page)


@router.get("/cases")
async def case_list(
    request: Request,
    clients: Clients,
    settings: Settings,
    region: PoolingRegionQuery = None,
    status: CaseStatusName | None = None,
    page: SupervisionPageToken = "",
) -> Response:
    async def answer(session: Session) -> Response:
        chosen = _region(session, region)
        found = await cases.list_cases(
            session.caller,
            clients,
            settings,
            pooling_region_code=chosen or None,
            status=status,
            escalated_only=False,
            page_size=LISTED,
            page_token=page,
        )
        return office_page(
            "office_cases.html.j2",
            session,
            pages=pages_of(request, found.next_page_token),
            region=chosen,
            status=status or "",
            statuses=CASE_STATUS_ZH,
            cases=found.cases,
            yuan=format_yuan,
            when=china_time,
        )

    return await _as(request, cases.READING_ROLES, answer)


# --- complaints -----------------------------------------------------------------------------------------------


def deadline_zh(due_on: date | None, closed: bool, today: date) -> tuple[str, str]:
    """The deadline's words and its mark (overdue, soon or ""): "已逾期3天", "剩余2天", "今日到期"."""
    if due_on is None or closed:
        return "", ""
    days = (due_on - today).days
    if days < 0:
        return f"已逾期{-days}天", "overdue"
    if days == 0:
        return "今日到期", "soon"
    return f"剩余{days}天", "soon" if days <= DUE_SOON_DAYS else ""


@router.get("/complaints")
async def complaint_list(
    request: Request,
    clients: Clients,
    settings: Settings,
    region: PoolingRegionQuery = None,
    status: complaints.StatusName | None = None,
    overdue: bool = False,
    page: PageToken = "",
) -> Response:
    async def answer(session: Session) -> Response:
        chosen = _region(session, region)
        found = await complaints.list_complaints(
            session.caller,
            clients,
            settings,
            pooling_region_code=chosen,
            status_filter=status,
            kind=None,
            overdue_only=overdue,
            resident_id="",
            page_size=LISTED,
            page_token=page,
        )
        today = today_in_china()
        return office_page(
            "office_complaints.html.j2",
            session,
            pages=pages_of(request, found.next_page_token),
            region=chosen,
            status=status or "",
            overdue=overdue,
            statuses=COMPLAINT_STATUS_ZH,
            kinds=COMPLAINT_KIND_ZH,
            rows=[(c, *deadline_zh(c.due_on, c.status == "closed", today)) for c in found.complaints],
        )

    return await _as(request, complaints.LISTING_ROLES, answer)


# --- the notice board and the disclosure, framed --------------------------------------------------------------


def _last_month() -> str:
    first = today_in_china().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


@router.get("/notice")
async def notice_frame(
    request: Request,
    village: Annotated[str, Query(max_length=12, pattern=r"^([0-9]{12})?$")] = "",
    month: MonthQuery = None,
) -> Response:
    """The village's notice board page in a frame, with a link to print it on its own."""

    async def page(session: Session) -> Response:
        villages = sorted(session.caller.villages)
        chosen = village or (villages[0] if villages else "")
        return office_page(
            "office_notice.html.j2", session, village=chosen, month=month or _last_month(), villages=villages
        )

    return await _as(request, NOTICE_ROLES, page)


@router.get("/notice/{village_code}/{month}.html")
async def notice_page(
    request: Request,
    village_code: VillageCodePath,
    month: notices.MonthPath,
    clients: Clients,
    settings: Settings,
) -> Response:
    async def page(session: Session) -> Response:
        shown = await notices.notice_page(session.caller, clients, settings, village_code, month)
        shown.headers["Content-Security-Policy"] = FRAMED_CSP
        return shown

    return await _as(request, NOTICE_ROLES, page)


@router.get("/disclosure")
async def disclosure_frame(
    request: Request,
    region: PoolingRegionQuery = None,
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
    month: Annotated[int, Query(ge=0, le=12)] = 0,
) -> Response:
    """The region's disclosure page with its charts in a frame, for a month or (month 0) the whole year."""

    async def page(session: Session) -> Response:
        last = _last_month()
        return office_page(
            "office_disclosure.html.j2",
            session,
            region=_region(session, region),
            year=year or int(last[:4]),
            month=month if year else int(last[5:]),
        )

    return await _as(request, OFFICER_ROLES, page)


@router.get("/disclosure/{region}/{year}/{month}.html")
async def disclosure_page(
    request: Request,
    region: disclosure.RegionPath,
    year: disclosure.YearPath,
    month: Annotated[int, Path(ge=0, le=12)],
    clients: Clients,
    settings: Settings,
) -> Response:
    async def page(session: Session) -> Response:
        if month:
            shown = await disclosure.month_page(session.caller, clients, settings, region, year, month)
        else:
            shown = await disclosure.year_page(session.caller, clients, settings, region, year)
        shown.headers["Content-Security-Policy"] = FRAMED_CSP
        return shown

    return await _as(request, OFFICER_ROLES, page)
