"""Sign-in: a user's name and password exchanged for a signed token, and who the current token names."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from pension_gateway.api.access import EVERY_USER_ROLE, allow
from pension_gateway.api.deps import CurrentCaller, Settings, Signer, Users
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.rate_limits import sign_in_rate_limit
from pension_gateway.auth import MAX_PASSWORD_LENGTH, issue_token

router = APIRouter(prefix="/auth", tags=["sign-in"])


class SignIn(BaseModel):
    user_id: str = Field(min_length=1, max_length=64, examples=["officer-1"])
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class Token(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="seconds until the token expires")
    user_id: str
    role: str
    villages: list[str]


@router.post("/token", response_model=Token, responses=problem_responses(400, 401, 413, 415, 429, 503))
async def sign_in(request: Request, body: SignIn, users: Users, signer: Signer, settings: Settings) -> Token:
    """Sign in with a user name and password; the token answers every other call (Authorization: Bearer).

    Attempts are limited per user id (`sign_in_attempts_per_window`, 10 a minute by default): one more is refused
    with 429 `RATE_LIMITED` and Retry-After, before the password is checked."""
    await sign_in_rate_limit(request, body.user_id)
    caller = await users.sign_in(body.user_id, body.password)
    return Token(
        access_token=issue_token(signer, caller, settings.token_ttl_seconds),
        expires_in=settings.token_ttl_seconds,
        user_id=caller.user_id,
        role=caller.role.value,
        villages=sorted(caller.villages),
    )


@router.get("/me", **allow(*EVERY_USER_ROLE), responses=problem_responses(401))
async def who_am_i(caller: CurrentCaller) -> dict[str, Any]:
    """Who the bearer token names: the user, the role and an agent's villages."""
    return {"user_id": caller.user_id, "role": caller.role.value, "villages": sorted(caller.villages)}
