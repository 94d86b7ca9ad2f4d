"""The caller of an agent route: a village agent signed in on a registered device (agent/session.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from pension_gateway.api.deps import CurrentCaller
from pension_gateway.auth import SignedInCaller
from pension_kit.errors import PermissionDenied
from pension_kit.identity import Role


async def agent_caller(caller: CurrentCaller) -> SignedInCaller:
    """A village agent whose token was issued to a registered device at /agent/v1 sign-in."""
    caller.require_role(Role.VILLAGE_AGENT)
    if not caller.device_id:
        raise PermissionDenied(
            "DEVICE_REQUIRED",
            "the agent API takes a token issued to a registered device (POST /agent/v1/session)",
            field="authorization",
            message_zh="请在已登记的手机上登录",
        )
    return caller


AgentCaller = Annotated[SignedInCaller, Depends(agent_caller)]
