"""Who is calling: the user, role and villages a verified token names (pension_kit.tokens), or a service itself."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum

from pension_kit.errors import DomainError, PermissionDenied, Unauthenticated


class Role(StrEnum):
    """The users of docs/domain.md; a service decides per RPC which roles may call it.

    SYSTEM is a service acting on its own (a background job, an event reaction): it exists only inside a
    service process and is never accepted from a token (pension_kit.tokens)."""

    VILLAGE_AGENT = "village_agent"
    TOWNSHIP_OFFICER = "township_officer"
    COUNTY_OFFICER = "county_officer"
    COUNTY_APPROVER = "county_approver"
    AUDITOR = "auditor"
    HOTLINE = "hotline"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated caller; `villages` limits a village agent to the 12-digit codes of their villages.

    `device_id` names the registered phone an agent signed in on (the gateway revokes a lost one and limits
    each device's rate); `resident_id` limits a hotline call to the one resident whose caller the gateway
    verified (an ID number, the name and a shared secret): a hotline token without it reads nobody."""

    user_id: str
    role: Role
    villages: frozenset[str] = frozenset()
    device_id: str = ""
    resident_id: str = ""

    def require_role(self, *roles: Role) -> None:
        if self.role not in roles:
            raise PermissionDenied(
                "ROLE_NOT_ALLOWED",
                f"role {self.role.value} may not do this; allowed: {', '.join(r.value for r in roles)}",
                message_zh="当前角色无权办理此业务",
            )

    def require_village(self, village_code: str) -> None:
        """A village agent reads and changes only residents of their own villages (docs/domain.md)."""
        if not self.may_see_village(village_code):
            raise PermissionDenied(
                "VILLAGE_NOT_ASSIGNED",
                "this resident's village is not one of the agent's villages",
                field="village_code",
                message_zh="该参保人不在本协办员负责的村",
            )

    def require_resident(self, resident_id: str, village_code: str) -> None:
        """Reading or changing one resident: an agent only in their villages (require_village), the hotline only
        for the resident whose caller it verified; officers, auditors and services as their role allows."""
        self.require_village(village_code)
        self.require_verified_for(resident_id)

    def require_verified_for(self, resident_id: str) -> None:
        """The hotline reads only the resident whose caller it verified; other roles are not limited here."""
        if self.role is Role.HOTLINE and (not self.resident_id or self.resident_id != resident_id):
            raise PermissionDenied(
                "CALLER_NOT_VERIFIED",
                "the hotline reads a resident only after verifying that the caller is this resident",
                field="resident_id",
                message_zh="请先核验来电人身份",
            )

    def require_resident_found(
        self, resident_id: str, village_code: str | None, *, not_found: Callable[[], DomainError]
    ) -> None:
        """After looking up one resident (or a record of one) by an id the caller sent: `village_code` is the
        resident's village, None when nothing was found.

        An agent asking about another village's resident gets `not_found()`, exactly what an unknown id gets, so
        that the answers do not tell them who is enrolled elsewhere in the county. The hotline is checked before
        existence is considered (CALLER_NOT_VERIFIED for any resident but its verified one, found or not) for the
        same reason; pass the resident id the caller asked about, or "" when only the record names it and it was
        not found. Officers, auditors and services get require_resident's answers."""
        self.require_verified_for(resident_id)
        if village_code is None or not self.may_see_village(village_code):
            raise not_found()

    def may_see_village(self, village_code: str) -> bool:
        """Whether require_village lets this caller at a village's residents."""
        return self.role is not Role.VILLAGE_AGENT or village_code in self.villages


# The credential of a service acting on its own; only code inside a service can use it.
SYSTEM_CALLER = Caller(user_id="system", role=Role.SYSTEM)

current_caller: ContextVar[Caller | None] = ContextVar("current_caller", default=None)


def require_caller() -> Caller:
    """The current call's caller; a call with no identity is refused."""
    caller = current_caller.get()
    if caller is None:
        raise Unauthenticated("CALLER_UNKNOWN", "the call carries no caller identity", message_zh="未识别调用者身份")
    return caller
