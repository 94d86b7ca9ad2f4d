"""An agent signs in on a registered phone through the real gateway and database: the device cap, refresh rotation,
a reused refresh token ending the device's sessions, an officer revoking a lost phone, sign-out, other roles."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest

from pension_gateway.auth import USERS, UserStore
from pension_gateway.config import GatewaySettings
from pension_kit.identity import Caller, Role
from pension_kit.mongo import create_client
from pension_testkit import DEMO_VILLAGE, InProcessGateway, InProcessServices

PASSWORD = "correct horse battery"
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
TOWNSHIP_OFFICER = Caller("township-1", Role.TOWNSHIP_OFFICER)


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    users: UserStore

    def bearer(self, token_or_caller: str | Caller) -> dict[str, str]:
        token = token_or_caller if isinstance(token_or_caller, str) else self.gateway.token(token_or_caller)
        return {"Authorization": f"Bearer {token}"}

    async def new_agent(self, villages: frozenset[str] = frozenset({DEMO_VILLAGE})) -> str:
        user_id = f"agent-{uuid.uuid4().hex[:10]}"
        await self.users.add(user_id, Role.VILLAGE_AGENT, villages, PASSWORD)
        return user_id

    async def sign_in(self, user_id: str, device_id: str, password: str = PASSWORD) -> httpx.Response:
        body = {"user_id": user_id, "password": password, "device_id": device_id, "device_name": "红米 Note 12"}
        return await self.http.post("/agent/v1/session", json=body)

    async def session(self, user_id: str, device_id: str) -> dict[str, Any]:
        answer = await self.sign_in(user_id, device_id)
        assert answer.status_code == 200, answer.text
        session: dict[str, Any] = answer.json()
        return session

    async def refresh(self, refresh_token: str) -> httpx.Response:
        return await self.http.post("/agent/v1/session/refresh", json={"refresh_token": refresh_token})

    async def my_devices(self, access_token: str) -> httpx.Response:
        return await self.http.get("/agent/v1/devices", headers=self.bearer(access_token))


@pytest.fixture(scope="module")
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Stack]:
    # Sign-in needs only the gateway and its database; the enrolment address is there for completeness.
    services = await InProcessServices(kafka_bootstrap, mongo_uri, with_supervision=False).start()
    settings: GatewaySettings = services.gateway_settings()
    gateway = InProcessGateway(settings)
    base_url = await gateway.start()
    client = create_client(settings)
    users = UserStore(client[settings.database_name][USERS])
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        yield Stack(http, gateway, users)
    await client.close()
    await gateway.stop()
    await services.stop()


def problem(answer: httpx.Response) -> tuple[int, str, str]:
    body = answer.json()
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert body["title_zh"], body
    return answer.status_code, body["code"], body.get("field", "")


async def test_an_agent_signs_in_on_a_phone_and_works_with_a_short_token_bound_to_it(stack: Stack) -> None:
    agent = await stack.new_agent()
    session = await stack.session(agent, "phone-a")
    assert session["expires_in"] == 15 * 60 and session["refresh_expires_in"] == 30 * 24 * 3600
    assert session["villages"] == [DEMO_VILLAGE] and session["device_id"] == "phone-a"
    assert len(session["refresh_token"]) == 43
    claims = jwt.decode(session["access_token"], options={"verify_signature": False})
    assert claims["dev"] == "phone-a" and claims["exp"] - claims["iat"] == 15 * 60
    devices = (await stack.my_devices(session["access_token"])).json()["devices"]
    assert [(d["device_id"], d["device_name"], d["status"]) for d in devices] == [("phone-a", "红米 Note 12", "active")]
    # Signing in again on the same phone registers nothing new.
    again = await stack.session(agent, "phone-a")
    assert len((await stack.my_devices(again["access_token"])).json()["devices"]) == 1


async def test_a_fourth_phone_is_refused_until_an_officer_revokes_one(stack: Stack) -> None:
    agent = await stack.new_agent()
    for phone in ("phone-1", "phone-2", "phone-3"):
        await stack.session(agent, phone)
    assert problem(await stack.sign_in(agent, "phone-4")) == (422, "DEVICE_LIMIT_REACHED", "device_id")
    revoked = await stack.http.post(
        f"/v1/agents/{agent}/devices/phone-1/revocation", json={"reason": "手机丢失"}, headers=stack.bearer(OFFICER)
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert revoked.json()["revoked_by"] == OFFICER.user_id
    await stack.session(agent, "phone-4")
    # A revoked phone never signs in again, even with the right password.
    assert problem(await stack.sign_in(agent, "phone-1")) == (401, "DEVICE_REVOKED", "device_id")


async def test_a_refresh_token_works_once_and_its_reuse_ends_the_phones_sessions(stack: Stack) -> None:
    agent = await stack.new_agent()
    first = await stack.session(agent, "phone-a")
    answer = await stack.refresh(first["refresh_token"])
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["refresh_token"] != first["refresh_token"] and second["device_id"] == "phone-a"
    assert (await stack.my_devices(second["access_token"])).status_code == 200
    # Someone replays the first, already used token: it was copied, so the phone's sessions end...
    assert problem(await stack.refresh(first["refresh_token"])) == (401, "REFRESH_TOKEN_REUSED", "refresh_token")
    # ...and the rightful phone's newer refresh token is dead too: the agent signs in again.
    assert problem(await stack.refresh(second["refresh_token"])) == (401, "REFRESH_TOKEN_INVALID", "refresh_token")
    assert (await stack.refresh((await stack.session(agent, "phone-a"))["refresh_token"])).status_code == 200


async def test_an_officers_revocation_stops_the_access_token_at_once_and_every_refresh(stack: Stack) -> None:
    agent = await stack.new_agent()
    session = await stack.session(agent, "lost-phone")
    assert (await stack.my_devices(session["access_token"])).status_code == 200
    listed = await stack.http.get(f"/v1/agents/{agent}/devices", headers=stack.bearer(TOWNSHIP_OFFICER))
    assert [d["device_id"] for d in listed.json()["devices"]] == ["lost-phone"]
    for _ in range(2):  # revoking twice answers the same
        revoked = await stack.http.post(
            f"/v1/agents/{agent}/devices/lost-phone/revocation", json={}, headers=stack.bearer(TOWNSHIP_OFFICER)
        )
        assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert problem(await stack.my_devices(session["access_token"])) == (401, "DEVICE_REVOKED", "device_id")
    assert problem(await stack.refresh(session["refresh_token"]))[:2] == (401, "REFRESH_TOKEN_INVALID")
    unknown = await stack.http.post(
        f"/v1/agents/{agent}/devices/never-seen/revocation", json={}, headers=stack.bearer(OFFICER)
    )
    assert problem(unknown) == (404, "DEVICE_NOT_FOUND", "device_id")


async def test_signing_out_kills_the_phones_refresh_token(stack: Stack) -> None:
    agent = await stack.new_agent()
    session = await stack.session(agent, "phone-a")
    for _ in range(2):
        out = await stack.http.delete("/agent/v1/session", headers=stack.bearer(session["access_token"]))
        assert out.status_code == 204
    assert problem(await stack.refresh(session["refresh_token"])) == (401, "REFRESH_TOKEN_INVALID", "refresh_token")


async def test_a_disabled_agent_cannot_refresh(stack: Stack) -> None:
    agent = await stack.new_agent()
    session = await stack.session(agent, "phone-a")
    await stack.users.set_disabled(agent, True)
    assert problem(await stack.refresh(session["refresh_token"]))[:2] == (401, "SIGN_IN_FAILED")


async def test_only_village_agents_sign_in_on_a_phone_and_only_officers_see_or_revoke_devices(stack: Stack) -> None:
    user_id = f"officer-{uuid.uuid4().hex[:8]}"
    await stack.users.add(user_id, Role.COUNTY_OFFICER, frozenset(), PASSWORD)
    assert problem(await stack.sign_in(user_id, "phone-a"))[:2] == (403, "ROLE_NOT_ALLOWED")
    assert problem(await stack.sign_in(user_id, "phone-a", password="wrong password!"))[:2] == (401, "SIGN_IN_FAILED")
    agent = await stack.new_agent()
    session = await stack.session(agent, "phone-a")
    for caller in (session["access_token"], Caller("h-1", Role.HOTLINE), Caller("a-1", Role.AUDITOR)):
        listed = await stack.http.get(f"/v1/agents/{agent}/devices", headers=stack.bearer(caller))
        assert problem(listed)[:2] == (403, "ROLE_NOT_ALLOWED")
    # An agent's token from the plain sign-in names no phone: the agent API refuses it.
    plain = Caller(agent, Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
    assert problem(await stack.http.get("/agent/v1/devices", headers=stack.bearer(plain)))[:2] == (
        403,
        "DEVICE_REQUIRED",
    )
    assert problem(await stack.sign_in(agent, "bad device id"))[:2] == (400, "FIELD_FORMAT")
