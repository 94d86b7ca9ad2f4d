"""Who may call a route: the roles a route admits, checked in the gateway before anything else and listed in the
OpenAPI document (`x-roles`); each service checks again (pension_kit.identity)."""

from __future__ import annotations

from typing import Any, Final

from fastapi import Depends

from pension_gateway.api.deps import CurrentCaller
from pension_gateway.auth import SignedInCaller
from pension_kit.identity import Role


def allow(*roles: Role) -> dict[str, Any]:
    """A route decorator's keywords admitting only these roles: `@router.get("/x", **allow(Role.AUDITOR), ...)`.

    The check runs before the body is validated, so a caller of another role is refused with 403
    `ROLE_NOT_ALLOWED` whatever they send."""

    async def check(caller: CurrentCaller) -> SignedInCaller:
        caller.require_role(*roles)
        return caller

    return {"dependencies": [Depends(check)], "openapi_extra": {"x-roles": [role.value for role in roles]}}


# Every role a user can sign in with (SYSTEM belongs to services and is never in a token): the routes any
# signed-in caller may use (who they are, the disclosed figures).
EVERY_USER_ROLE: Final = tuple(role for role in Role if role is not Role.SYSTEM)
