"""Rate limits through the real gateway on the real database: a burst over an agent's, a phone's, the hotline
client's or a sign-in's limit is refused with 429 RATE_LIMITED and Retry-After; others are not affected; once the
window has passed the caller is answered again.

The agent and hotline APIs' own routes come from their packages; the limit is their routers' (main.py), so these
tests carry their requests on a read route of the gateway's own (GET /auth/me, who the token names) mounted under
/agent/v1 and /hotline/v1 behind the same dependencies, to stay independent of which agent routes exist.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import Depends
from pymongo import AsyncMongoClient

from pension_gateway.api.rate_limits import agent_rate_limit, hotline_rate_limit
from pension_gateway.api.routes import auth
from pension_gateway.auth import USERS, UserStore
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.tokens import SigningKey, TokenSigner
from pension_testkit import DEMO_VILLAGE, InProcessGateway, eventually, token_for

AGENT_ME = "/agent/v1/probe/auth/me"
HOTLINE_ME = "/hotline/v1/probe/auth/me"
NOWHERE = "127.0.0.1:9"  # no service is needed: nothing here reaches one


def agent(user_id: str, device_id: str = "phone-1") -> dict[str, str]:
    caller = Caller(user_id, Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}), device_id=device_id)
    return {"Authorization": f"Bearer {token_for(caller)}"}


def hotline(user_id: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(Caller(user_id, Role.HOTLINE))}"}


@asynccontextmanager
async def gateway(mongo_uri: str, database: str = "", **limits: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway with these limits on the real database, and a client of it."""
    settings = GatewaySettings(
        mongo_uri=mongo_uri,
        mongo_database=database or f"gateway_{uuid.uuid4().hex[:8]}",
        enrolment_address=NOWHERE,
        payout_address=NOWHERE,
        verification_address=NOWHERE,
        supervision_address=NOWHERE,
        http_port=0,
        **limits,
    )
    app = create_app(settings)
    app.include_router(auth.router, prefix="/agent/v1/probe", dependencies=[Depends(agent_rate_limit)])
    app.include_router(auth.router, prefix="/hotline/v1/probe", dependencies=[Depends(hotline_rate_limit)])
    running = InProcessGateway(settings, app=app)
    url = await running.start()
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield http
    finally:
        await running.stop()


def assert_rate_limited(response: httpx.Response) -> int:
    """The 429 problem with its Retry-After (whole seconds, in the header and the document alike); the seconds."""
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "RATE_LIMITED" and problem["status"] == 429
    assert problem["title_zh"] == "请求过于频繁，请稍后再试"
    seconds = response.headers["retry-after"]
    assert seconds.isdigit() and int(seconds) >= 1
    assert problem["retry_after"] == int(seconds)
    assert f"{seconds} s" in problem["detail"] and f"{seconds}秒" in problem["detail"]
    return int(seconds)


async def test_a_burst_over_an_agents_limit_is_refused_and_another_agent_is_not_affected(mongo_uri: str) -> None:
    async with gateway(mongo_uri, agent_requests_per_window=5) as http:
        for _ in range(5):
            assert (await http.get(AGENT_ME, headers=agent("agent-1"))).status_code == 200
        # The same agent on another phone is the same agent: still over.
        refused = await http.get(AGENT_ME, headers=agent("agent-1", device_id="phone-2"))
        assert 1 <= assert_rate_limited(refused) <= 60
        other = await http.get(AGENT_ME, headers=agent("agent-2"))
        assert other.status_code == 200 and other.json()["user_id"] == "agent-2"


async def test_a_phone_over_its_limit_is_refused_while_the_agents_other_phone_is_answered(mongo_uri: str) -> None:
    async with gateway(mongo_uri, device_requests_per_window=3) as http:
        for _ in range(3):
            assert (await http.get(AGENT_ME, headers=agent("agent-1", "phone-1"))).status_code == 200
        assert_rate_limited(await http.get(AGENT_ME, headers=agent("agent-1", "phone-1")))
        assert (await http.get(AGENT_ME, headers=agent("agent-1", "phone-2"))).status_code == 200


async def test_after_the_window_has_passed_the_agent_is_answered_again(mongo_uri: str) -> None:
    async with gateway(mongo_uri, agent_requests_per_window=2, rate_limit_window_seconds=1.0) as http:
        for _ in range(2):
            assert (await http.get(AGENT_ME, headers=agent("agent-1"))).status_code == 200
        # Polled rather than counted: on a slow machine a token may come back between two requests.
        refused = await eventually(
            lambda: _status_if(http, AGENT_ME, agent("agent-1"), 429), deadline=10, what="a refusal"
        )
        assert_rate_limited(refused)

        async def answered() -> bool:
            return (await http.get(AGENT_ME, headers=agent("agent-1"))).status_code == 200

        await eventually(answered, deadline=10, what="answered again once the window has passed")


async def _status_if(http: httpx.AsyncClient, path: str, headers: dict[str, str], status: int) -> httpx.Response | None:
    response = await http.get(path, headers=headers)
    return response if response.status_code == status else None


async def test_the_hotline_clients_limit_is_its_own(mongo_uri: str) -> None:
    async with gateway(mongo_uri, hotline_requests_per_window=4, agent_requests_per_window=1) as http:
        for _ in range(4):
            assert (await http.get(HOTLINE_ME, headers=hotline("hotline-1"))).status_code == 200
        assert_rate_limited(await http.get(HOTLINE_ME, headers=hotline("hotline-1")))
        assert (await http.get(HOTLINE_ME, headers=hotline("hotline-2"))).status_code == 200
        assert (await http.get(AGENT_ME, headers=agent("agent-1"))).status_code == 200


async def test_a_forged_token_is_limited_by_address_and_does_not_spend_the_user_it_names(mongo_uri: str) -> None:
    forger = TokenSigner(SigningKey.generate("forged"))
    forged = {"Authorization": f"Bearer {forger.mint(Caller('agent-1', Role.VILLAGE_AGENT, frozenset()), 600)}"}
    async with gateway(mongo_uri, address_requests_per_window=2, agent_requests_per_window=2) as http:
        for _ in range(2):
            assert (await http.get(AGENT_ME, headers=forged)).status_code == 401
        assert_rate_limited(await http.get(AGENT_ME, headers=forged))
        assert_rate_limited(await http.get(AGENT_ME))  # no token at all: the same address
        # The agent the forged token names still has their whole allowance.
        for _ in range(2):
            assert (await http.get(AGENT_ME, headers=agent("agent-1"))).status_code == 200


async def test_sign_in_attempts_are_limited_per_user_id_before_the_password_is_checked(mongo_uri: str) -> None:
    password = "correct horse battery"
    database = f"gateway_{uuid.uuid4().hex[:8]}"
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri)
    try:
        users = UserStore(client[database][USERS])
        await users.add("officer-9", Role.COUNTY_OFFICER, frozenset(), password)
        await users.add("officer-8", Role.COUNTY_OFFICER, frozenset(), password)
    finally:
        await client.close()
    async with gateway(mongo_uri, database, sign_in_attempts_per_window=3) as http:
        for _ in range(3):
            wrong = await http.post("/v1/auth/token", json={"user_id": "officer-9", "password": "guess " * 3})
            assert wrong.status_code == 401
        # Even the right password is not checked any more this window.
        assert_rate_limited(await http.post("/v1/auth/token", json={"user_id": "officer-9", "password": password}))
        signed_in = await http.post("/v1/auth/token", json={"user_id": "officer-8", "password": password})
        assert signed_in.status_code == 200 and signed_in.json()["user_id"] == "officer-8"
