"""An officer's session on the officers' pages: the signed token in a cookie, the CSRF token of every form, and the
role check of each page.

The cookie holds the very token POST /v1/auth/token issues (HttpOnly, SameSite=Strict, scoped to /office, Secure
over https), so a page calls the services on the officer's behalf exactly as the JSON routes do, and who the
officer is comes only from that verified token. A form's CSRF token is an HMAC of the session token: only a page
the gateway rendered for this session holds it, and it needs no store (any gateway instance checks it). The
sign-in form, before there is a session, carries a random value also set in a short-lived cookie (double submit).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qs

from fastapi import Request

from pension_gateway.auth import SignedInCaller
from pension_gateway.verified_tokens import VerifiedTokens
from pension_kit.errors import DomainError, InvalidArgument
from pension_kit.identity import Role

SESSION_COOKIE: Final = "office_session"
SIGN_IN_COOKIE: Final = "office_sign_in"
COOKIE_PATH: Final = "/office"
CSRF_FIELD: Final = "csrf_token"
# A form of the officers' pages has a few short fields: more is not a form of ours.
FORM_FIELDS_MAX: Final = 20
FORM_CONTENT_TYPE: Final = "application/x-www-form-urlencoded"
# The roles that have pages here; an agent's or the hotline's token is shown the 403 page.
OFFICER_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
ROLE_ZH: Final = {
    Role.VILLAGE_AGENT: "村协办员",
    Role.TOWNSHIP_OFFICER: "乡镇经办人员",
    Role.COUNTY_OFFICER: "县级经办人员",
    Role.COUNTY_APPROVER: "县级审核人员",
    Role.AUDITOR: "基金监督人员",
    Role.HOTLINE: "12333热线",
}


def csrf_token(session_token: str) -> str:
    """The CSRF token of a session's forms."""
    return hmac.new(session_token.encode(), b"office-form", hashlib.sha256).hexdigest()


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(32)


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


@dataclass(frozen=True)
class Session:
    """The signed-in officer, with the token the pages forward and the CSRF token their forms carry."""

    caller: SignedInCaller

    @property
    def csrf(self) -> str:
        return csrf_token(self.caller.token)

    @property
    def role_zh(self) -> str:
        return ROLE_ZH.get(self.caller.role, self.caller.role.value)


def session_of(request: Request) -> Session | None:
    """The session the request's cookie names, or None without one or with a token the check refuses (expired)."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    verifier: VerifiedTokens = request.app.state.verifier
    try:
        caller = verifier.verify(token)
    except DomainError:
        return None
    return Session(
        SignedInCaller(
            caller.user_id,
            caller.role,
            caller.villages,
            device_id=caller.device_id,
            resident_id=caller.resident_id,
            token=token,
        )
    )


async def form_of(request: Request) -> dict[str, str]:
    """A posted form's fields (urlencoded, each once): a field sent twice, or too many fields, is refused."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_CONTENT_TYPE:
        raise InvalidArgument(
            "FORM_CONTENT_TYPE",
            f"a form is sent as {FORM_CONTENT_TYPE}",
            field="content-type",
            message_zh="表单格式不正确",
        )
    try:
        text = (await request.body()).decode("utf-8")
        parsed = parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=FORM_FIELDS_MAX)
    except (UnicodeDecodeError, ValueError):
        raise InvalidArgument(
            "FORM_UNREADABLE", "the form could not be read", field="form", message_zh="表单无法读取"
        ) from None
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        raise InvalidArgument(
            "FORM_FIELD_REPEATED", "a form field was sent twice", field=repeated[0], message_zh="表单字段重复"
        )
    return {name: values[0] for name, values in parsed.items()}


def csrf_matches(expected: str, form: dict[str, str]) -> bool:
    given = form.get(CSRF_FIELD, "")
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
