"""Checks of a request's plain arguments shared by verification's use cases: bounded required ids, a region, a
required date, the agent named in a request."""

from __future__ import annotations

from datetime import date

from pension_kit.errors import InvalidArgument, PermissionDenied
from pension_kit.identifiers import division_code_of_pooling_region
from pension_kit.identity import Caller
from pension_kit.text import ID_MAX, IDENTIFIER_MAX, REQUEST_ID_MAX, check_length


def required_id(value: str, field: str, *, max_length: int = ID_MAX) -> str:
    """An id without surrounding blanks, at most `max_length` characters; an empty one is refused, naming the field."""
    check_length(value, field=field, max_length=max_length)
    if not value.strip():
        raise InvalidArgument(
            f"{field.upper()}_REQUIRED", f"{field} is required", field=field, message_zh=f"{field} 为必填项"
        )
    return value.strip()


def request_id(value: str) -> str:
    return required_id(value, "request_id", max_length=REQUEST_ID_MAX)


def pooling_region(value: str, field: str = "pooling_region_code") -> str:
    """A 6-digit pooling region code (the county), checked as a division code."""
    region = required_id(value, field, max_length=IDENTIFIER_MAX)
    division_code_of_pooling_region(region, field=field)
    return region


def required_date(value: date | None, field: str) -> date:
    if value is None:
        raise InvalidArgument("DATE_REQUIRED", f"{field} is required", field=field, message_zh="日期必填")
    return value


def agent_is_caller(agent_id: str, caller: Caller) -> str:
    """The agent a request names is the signed-in user: `agent_id` may be empty or repeat the caller's user id, never
    name anyone else (an agent acting for another is refused, not believed). Returns the caller's user id."""
    named = check_length(agent_id, field="agent_id", max_length=ID_MAX).strip()
    if named and named != caller.user_id:
        raise PermissionDenied(
            "AGENT_NOT_CALLER",
            "agent_id names another user than the one signed in (leave it empty, or send your own user id)",
            field="agent_id",
            message_zh="协办员编号与登录账号不一致",
        )
    return caller.user_id
