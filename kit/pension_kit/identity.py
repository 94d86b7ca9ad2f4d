"""Who is calling: the user and role the gateway authenticated, carried to services in gRPC metadata."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from pension_kit.errors import PermissionDenied, Unauthenticated

USER_KEY = "x-pension-user"
ROLE_KEY = "x-pension-role"
VILLAGES_KEY = "x-pension-villages"


class Role(StrEnum):
    """The users of DOMAIN.md; a service decides per RPC which roles may call it."""

    VILLAGE_AGENT = "village_agent"
    TOWNSHIP_OFFICER = "township_officer"
    COUNTY_OFFICER = "county_officer"
    COUNTY_APPROVER = "county_approver"
    AUDITOR = "auditor"
    HOTLINE = "hotline"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated caller; `villages` limits a village agent to the 12-digit codes of their villages."""

    user_id: str
    role: Role
    villages: frozenset[str] = frozenset()

    def to_metadata(self) -> tuple[tuple[str, str], ...]:
        return (
            (USER_KEY, self.user_id),
            (ROLE_KEY, self.role.value),
            (VILLAGES_KEY, ",".join(sorted(self.villages))),
        )

    def require_role(self, *roles: Role) -> None:
        if self.role not in roles:
            raise PermissionDenied(
                "ROLE_NOT_ALLOWED",
                f"role {self.role.value} may not do this; allowed: {', '.join(r.value for r in roles)}",
                message_zh="当前角色无权办理此业务",
            )

    def require_village(self, village_code: str) -> None:
        """A village agent reads and changes only residents of their own villages (DOMAIN.md)."""
        if self.role is Role.VILLAGE_AGENT and village_code not in self.villages:
            raise PermissionDenied(
                "VILLAGE_NOT_ASSIGNED",
                "this resident's village is not one of the agent's villages",
                field="village_code",
                message_zh="该参保人不在本协办员负责的村",
            )


SYSTEM_CALLER = Caller(user_id="system", role=Role.SYSTEM)

current_caller: ContextVar[Caller | None] = ContextVar("current_caller", default=None)


def caller_from_metadata(metadata: Iterable[tuple[str, str | bytes]] | None) -> Caller | None:
    """The caller named in the metadata, or None when the call carries no identity."""
    values = {key: value if isinstance(value, str) else value.decode() for key, value in metadata or ()}
    user_id = values.get(USER_KEY, "")
    if not user_id:
        return None
    try:
        role = Role(values.get(ROLE_KEY, ""))
    except ValueError:
        raise Unauthenticated("UNKNOWN_ROLE", f"unknown role {values.get(ROLE_KEY)!r}") from None
    villages = frozenset(v for v in values.get(VILLAGES_KEY, "").split(",") if v)
    return Caller(user_id=user_id, role=role, villages=villages)


def require_caller() -> Caller:
    """The current call's caller; a call with no identity is refused."""
    caller = current_caller.get()
    if caller is None:
        raise Unauthenticated("CALLER_UNKNOWN", "the call carries no caller identity", message_zh="未识别调用者身份")
    return caller
