"""Agent sign-in on a registered device: short-lived access tokens, refresh tokens, and devices an officer revokes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field
from pymongo.asynchronous.database import AsyncDatabase

from pension_gateway.agent import devices
from pension_gateway.agent.deps import AgentCaller, Devices
from pension_gateway.agent.devices import ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_PATTERN, REFRESH_TOKEN_TTL, Refresh
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Signer, Users
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.rate_limits import sign_in_rate_limit
from pension_gateway.api.routes.fields import AgentDeviceId, DeviceName
from pension_gateway.auth import MAX_PASSWORD_LENGTH, issue_token
from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.tokens import TokenSigner

router = APIRouter(tags=["agent: sign-in"])


class AgentSignIn(BaseModel):
    user_id: str = Field(min_length=1, max_length=64, examples=["agent-1"])
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    device_id: AgentDeviceId
    device_name: DeviceName = ""


class RefreshIn(BaseModel):
    refresh_token: Annotated[
        str,
        Field(
            min_length=43,
            max_length=43,
            pattern=REFRESH_TOKEN_PATTERN,
            description="The `refresh_token` of the last sign-in or refresh; each is used once.",
        ),
    ]


class AgentSession(BaseModel):
    """What the phone keeps: an access token for every call, and a refresh token to get the next one."""

    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="Seconds until the access token expires (15 minutes).")
    refresh_token: str = Field(description="Used once at `POST /agent/v1/session/refresh`; kept secret.")
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires (30 days).")
    user_id: str
    villages: list[str]
    device_id: str


class DeviceOut(BaseModel):
    device_id: str
    device_name: str
    status: Literal["active", "revoked"]
    registered_at: datetime
    last_signed_in_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str


class DevicesOut(BaseModel):
    """An agent's devices, the earliest registered first (a few: at most 3 active, and those revoked)."""

    user_id: str
    devices: list[DeviceOut]


def devices_out(user_id: str, found: list[Document]) -> DevicesOut:
    return DevicesOut(user_id=user_id, devices=[DeviceOut(**devices.device_view(d)) for d in found])


def _session(signer: TokenSigner, caller: Caller, refresh: Refresh) -> AgentSession:
    return AgentSession(
        access_token=issue_token(signer, caller, ACCESS_TOKEN_TTL_SECONDS),
        expires_in=ACCESS_TOKEN_TTL_SECONDS,
        refresh_token=refresh.token,
        refresh_expires_in=int(REFRESH_TOKEN_TTL.total_seconds()),
        user_id=caller.user_id,
        villages=sorted(caller.villages),
        device_id=caller.device_id,
    )


# Sign-in takes no bearer token (the password is the credential), so allow()'s check does not apply; it still admits
# village agents only (another role's password: 403), which the OpenAPI document says like every other route. The
# refresh route names no roles: its refresh token is the credential, and anything wrong with it is a 401.
_AGENTS_WITHOUT_TOKEN: Final = {"x-roles": [Role.VILLAGE_AGENT.value]}


@router.post(
    "/session",
    response_model=AgentSession,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 503),
    openapi_extra=_AGENTS_WITHOUT_TOKEN,
)
async def sign_in(request: Request, body: AgentSignIn, users: Users, registry: Devices, signer: Signer) -> AgentSession:
    """A village agent signs in on their phone (no token needed): the phone is registered on its first sign-in (at
    most 3 active per agent: 422 `DEVICE_LIMIT_REACHED`), a revoked one never signs in again (401 `DEVICE_REVOKED`).
    Answers an access token for 15 minutes and a refresh token for 30 days, both bound to this phone. A wrong user
    or password is 401 `SIGN_IN_FAILED`; another role's correct password is 403 `ROLE_NOT_ALLOWED`. Attempts are
    limited per user id as at `/v1/auth/token` (429 `RATE_LIMITED`, before the password is checked)."""
    await sign_in_rate_limit(request, body.user_id)
    caller = await users.sign_in(body.user_id, body.password)
    caller.require_role(Role.VILLAGE_AGENT)
    await registry.register(caller.user_id, body.device_id, body.device_name)
    signed_in = Caller(caller.user_id, caller.role, caller.villages, device_id=body.device_id)
    return _session(signer, signed_in, await registry.issue_refresh(caller.user_id, body.device_id))


@router.post(
    "/session/refresh",
    response_model=AgentSession,
    responses=problem_responses(400, 401, 413, 415, 503),
)
async def refresh(body: RefreshIn, users: Users, registry: Devices, signer: Signer) -> AgentSession:
    """A new access token and a new refresh token for the old refresh token, which dies (rotation; no access token
    needed). A refresh token used twice was copied: the device's sessions end (401 `REFRESH_TOKEN_REUSED`) and the
    agent signs in again. Refused for a revoked device (401 `DEVICE_REVOKED`) and a disabled agent (401
    `SIGN_IN_FAILED`); roles and villages are read afresh, so a change an officer made applies from here."""
    user_id, device_id = await registry.use_refresh(body.refresh_token)
    if await registry.is_revoked(user_id, device_id):
        raise devices.device_revoked()
    caller = await users.enabled(user_id)
    if caller is None or caller.role is not Role.VILLAGE_AGENT:
        await registry.end_sessions(user_id, device_id)
        raise Unauthenticated(
            "SIGN_IN_FAILED",
            "the agent is disabled or no longer a village agent",
            field="refresh_token",
            message_zh="账号已停用，请联系经办人员",
        )
    signed_in = Caller(caller.user_id, caller.role, caller.villages, device_id=device_id)
    return _session(signer, signed_in, await registry.issue_refresh(user_id, device_id))


@router.delete(
    "/session",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(401, 403, 503),
    **allow(Role.VILLAGE_AGENT),
)
async def sign_out(caller: AgentCaller, registry: Devices) -> Response:
    """Sign out on this phone: its refresh tokens die (the access token expires within 15 minutes). Signing out
    twice answers the same."""
    await registry.end_sessions(caller.user_id, caller.device_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/devices", response_model=DevicesOut, responses=problem_responses(401, 403, 503), **allow(Role.VILLAGE_AGENT)
)
async def my_devices(caller: AgentCaller, registry: Devices) -> DevicesOut:
    """The phones I signed in on, active and revoked."""
    return devices_out(caller.user_id, await registry.of_agent(caller.user_id))


async def prepare(database: AsyncDatabase[Document]) -> None:
    """Nothing to wait for at start: the devices' indexes are made on first use (DeviceRegistry), so that the
    gateway starts while its database is away."""
