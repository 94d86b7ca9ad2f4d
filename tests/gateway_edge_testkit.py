"""A gateway with no service behind it, for tests of its refusals at the edge: a request that passed every check
would reach nothing and answer 503, so a refusal seen is the gateway's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from pension_gateway.api.problems import has_chinese
from pension_gateway.config import GatewaySettings
from pension_kit.identity import Caller, Role
from pension_testkit import DEMO_VILLAGE, InProcessGateway

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
# Nothing listens here (the discard port).
NOWHERE = "127.0.0.1:9"


@asynccontextmanager
async def gateway_before_services(
    *, http_timeout: float = 30, **settings: Any
) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway]]:
    """The gateway started on a free port with every service and the broker NOWHERE, and a client of it."""
    gateway = InProcessGateway(
        GatewaySettings(
            kafka_bootstrap_servers=NOWHERE,
            mongo_uri=f"mongodb://{NOWHERE}/?directConnection=true",
            enrolment_address=NOWHERE,
            payout_address=NOWHERE,
            verification_address=NOWHERE,
            supervision_address=NOWHERE,
            http_port=0,
            **settings,
        )
    )
    url = await gateway.start()
    try:
        async with httpx.AsyncClient(base_url=url, timeout=http_timeout) as http:
            yield http, gateway
    finally:
        await gateway.stop()


def bearer(gateway: InProcessGateway, caller: Caller = AGENT) -> dict[str, str]:
    return {"Authorization": f"Bearer {gateway.token(caller)}"}


def assert_problem(response: httpx.Response, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    """The response is the problem document of `code` (its type, English and Chinese titles), naming `field`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status and problem["code"] == code, problem
    assert problem["type"].endswith("/" + code.lower().replace("_", "-"))
    assert problem["title"] and has_chinese(problem["title_zh"]), problem
    if field is not None:
        assert problem["field"] == field, problem
    return problem
