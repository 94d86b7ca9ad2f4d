"""The FastAPI application: routers, error shaping, telemetry, and the service clients' lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import grpc
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from pension_gateway.api.problems import domain_error_handler, rpc_error_handler, validation_error_handler
from pension_gateway.api.routes import audit, health, pensions, residents
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.errors import DomainError

DESCRIPTION = """
The HTTP API of the urban and rural residents' basic pension (城乡居民基本养老保险) for village agents'
phones and the 12333 hotline. Every call needs `Authorization: Bearer <token>`. Every refusal is an
RFC 9457 problem document with a stable `code`, the `field` concerned, and `title` (English) and
`title_zh` (Chinese).
"""


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.clients = ServiceClients.connect(settings)
        try:
            yield
        finally:
            await app.state.clients.close()

    app = FastAPI(
        title="Residents' pension gateway",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_exception_handler(grpc.aio.AioRpcError, rpc_error_handler)
    app.add_exception_handler(DomainError, domain_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.include_router(health.router)
    app.include_router(residents.router, prefix="/v1")
    app.include_router(pensions.router, prefix="/v1")
    app.include_router(audit.router, prefix="/v1")
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz")
    return app
