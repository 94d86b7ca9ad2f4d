"""Liveness and readiness of the gateway, and of the services behind it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pension_gateway.api.deps import Clients
from pension_gateway.api.problems import GATEWAY_TITLES, problem, problem_responses

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The gateway process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses=problem_responses(503))
async def readyz(clients: Clients) -> JSONResponse:
    """Every service behind the gateway answers its gRPC health check with SERVING."""
    statuses = await clients.health()
    if all(status == "SERVING" for status in statuses.values()):
        return JSONResponse({"ready": True, "services": statuses})
    # A problem like every other error, still carrying `ready` and `services` for probes and operators.
    title, title_zh = GATEWAY_TITLES["NOT_READY"]
    return problem(503, "NOT_READY", title, title_zh=title_zh, extensions={"ready": False, "services": statuses})
