"""Liveness and readiness of the gateway, and of the services behind it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from pension_gateway.api.deps import Clients

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The gateway process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(clients: Clients) -> JSONResponse:
    """Every service behind the gateway answers its gRPC health check with SERVING."""
    statuses = await clients.health()
    ready = all(status == "SERVING" for status in statuses.values())
    return JSONResponse({"ready": ready, "services": statuses}, status_code=200 if ready else 503)
