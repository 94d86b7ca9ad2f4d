"""The FastAPI application: routers, error shaping, telemetry, and the service clients' lifetime."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Final

import fastapi_offline
import grpc
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.exceptions import HTTPException

from pension_gateway import agent, hotline, office
from pension_gateway.agent import sync as agent_sync
from pension_gateway.api.phone import PhoneFriendly
from pension_gateway.api.problems import (
    BodyLimit,
    domain_error_handler,
    http_error_handler,
    identifier_error_handler,
    internal_error_handler,
    problem_media_type,
    problem_responses,
    rpc_error_handler,
    validation_error_handler,
)
from pension_gateway.api.rate_limits import (
    RateLimited,
    RateLimits,
    agent_rate_limit,
    hotline_rate_limit,
    rate_limited_handler,
)
from pension_gateway.api.routes import (
    alerts,
    audit,
    auth,
    cases,
    certifications,
    complaints,
    devices,
    disclosure,
    health,
    notices,
    payrolls,
    pensions,
    reconciliation,
    registry_reviews,
    reports,
    residents,
)
from pension_gateway.app_files import serve_app
from pension_gateway.auth import USERS, UserStore
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.verified_tokens import VerifiedTokens
from pension_kit.errors import DomainError
from pension_kit.identifiers import IdentifierError
from pension_kit.mongo import create_client
from pension_kit.tokens import TokenSigner

DESCRIPTION = """
The HTTP API of the urban and rural residents' basic pension (城乡居民基本养老保险) for village agents'
phones and the 12333 hotline. Sign in with `POST /v1/auth/token`; every other call needs
`Authorization: Bearer <token>` with the token it answers; each operation lists the roles it admits in
`x-roles`, and another role is refused with 403 `ROLE_NOT_ALLOWED`. A village agent's phone signs in with
`POST /agent/v1/session` instead (a 15-minute token bound to the registered phone, and a refresh token), which the
`/agent/v1` routes require. Every refusal is an
RFC 9457 problem document with a stable `code`, the `field` concerned, and `title` (English) and
`title_zh` (Chinese).
"""

LIMITS = """
**Limits.** A request body may be at most {max_body_bytes:,} bytes ({max_body_kib:g} KiB; an enrolment is about
1 KiB): a larger one is refused with 413 `BODY_TOO_LARGE` before it reaches a service, also when it is sent
chunked, without a Content-Length. The routes that carry images take more (under /v1 and /agent/v1 alike): a
photo (`POST /v1/residents/{{id}}/photo`, `.../agent-visits`) {photo_body_bytes:,} bytes, a face proof's 2 to 5
frames (`.../face-certifications`) {frames_body_bytes:,} bytes: each image at most 4 MiB decoded, in base64; an
agent's offline sync (`POST /agent/v1/sync`, at most 500 operations) {sync_body_bytes:,} bytes. Every string
field has a maximum length and, where one applies, a pattern (see each schema); an identifier in a path, query
or body is checked at the gateway, so a malformed one is refused with 400 naming its `field` and never reaches a
service. A request with several invalid fields has them all listed in `errors`, the first one also at the top.
Titles are at most 200 characters.
"""

# Swagger UI's and ReDoc's scripts and styles, as fastapi-offline ships them: served by the gateway itself,
# since the CDN FastAPI's pages load them from is out of reach from many county networks (/docs was blank).
DOCS_ASSETS: Final = Path(fastapi_offline.__file__).parent / "static"
DOCS_ASSETS_URL: Final = "/docs/assets"


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.clients = ServiceClients.connect(settings)
        database = create_client(settings)
        app.state.database = database[settings.database_name]
        app.state.users = UserStore(app.state.database[USERS])
        await agent.prepare(app.state.database)
        await hotline.prepare(app.state.database)
        try:
            yield
        finally:
            await app.state.clients.close()
            await database.close()

    image_limits = certifications.image_body_limits(settings.max_body_bytes)
    app = FastAPI(
        title="Residents' pension gateway",
        version="1",
        description=DESCRIPTION
        + LIMITS.format(
            max_body_bytes=settings.max_body_bytes,
            max_body_kib=settings.max_body_bytes / 1024,
            photo_body_bytes=min(image_limits.values()),
            frames_body_bytes=max(image_limits.values()),
            sync_body_bytes=agent_sync.SYNC_BODY_MAX,
        ),
        lifespan=lifespan,
        # Served by _serve_docs from local files instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.signer = TokenSigner(settings.signing_key(), issuer=settings.token_issuer)
    # Remembers tokens it verified until they expire: the same token comes with every request of a working day.
    app.state.verifier = VerifiedTokens(settings.token_verifier())
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.add_exception_handler(grpc.aio.AioRpcError, rpc_error_handler)
    app.add_exception_handler(DomainError, domain_error_handler)
    app.add_exception_handler(RateLimited, rate_limited_handler)
    app.add_exception_handler(IdentifierError, identifier_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    # No route, wrong method, an unreadable body, and anything unexpected: problems too, never {"detail": ...}.
    app.add_exception_handler(HTTPException, http_error_handler)
    app.add_exception_handler(Exception, internal_error_handler)
    agent_limits = agent_sync.body_limits(settings.max_body_bytes)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, routes={**image_limits, **agent_limits})
    # Added last, so outermost of ours: the ETag is taken of the body as the routes made it, then gzip encodes it
    # (api/phone.py); a body the BodyLimit refuses never reaches either.
    app.add_middleware(PhoneFriendly)
    app.include_router(health.router)
    app.include_router(auth.router, prefix="/v1")
    app.include_router(residents.router, prefix="/v1")
    app.include_router(pensions.router, prefix="/v1")
    app.include_router(certifications.router, prefix="/v1")
    app.include_router(audit.router, prefix="/v1")
    app.include_router(complaints.router, prefix="/v1")
    app.include_router(notices.router, prefix="/v1")
    app.include_router(disclosure.router, prefix="/v1")
    app.include_router(alerts.router, prefix="/v1")
    app.include_router(cases.router, prefix="/v1")
    app.include_router(reconciliation.router, prefix="/v1")
    app.include_router(reports.router, prefix="/v1")
    app.include_router(devices.router, prefix="/v1")
    app.include_router(payrolls.router, prefix="/v1")
    app.include_router(registry_reviews.router, prefix="/v1")
    # The officers' pages: HTML for people, not part of the API (not in the OpenAPI document).
    app.include_router(office.router)
    # Every route of the two APIs is rate limited, so every one lists the 429 problem.
    rate_limited: dict[int | str, dict[str, Any]] = {429: problem_responses(429)[429]}
    app.include_router(
        agent.router, prefix="/agent/v1", dependencies=[Depends(agent_rate_limit)], responses=rate_limited
    )
    app.include_router(
        hotline.router, prefix="/hotline/v1", dependencies=[Depends(hotline_rate_limit)], responses=rate_limited
    )
    serve_app(app, settings.app_dir)
    _serve_docs(app)
    _document_problems(app)
    # One span per request and its service calls; not the three more for each ASGI receive and send, which told
    # nothing and cost a tenth of the gateway's CPU per request (bench.gateway_enrol, profiled).
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz", exclude_spans=["receive", "send"])
    return app


def _serve_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc, every asset from DOCS_ASSETS_URL on the gateway itself."""
    app.mount(DOCS_ASSETS_URL, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    def assets(request: Request) -> str:
        return f"{request.scope.get('root_path', '')}{DOCS_ASSETS_URL}"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=f"{request.scope.get('root_path', '')}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{assets(request)}/swagger-ui-bundle.js",
            swagger_css_url=f"{assets(request)}/swagger-ui.css",
            swagger_favicon_url=f"{assets(request)}/favicon.png",
            # No OAuth2 flows here (bearer tokens), so no redirect page; and no badge from validator.swagger.io,
            # which the county networks cannot reach either.
            oauth2_redirect_url=None,
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        return get_redoc_html(
            openapi_url=f"{request.scope.get('root_path', '')}{app.openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{assets(request)}/redoc.standalone.js",
            redoc_favicon_url=f"{assets(request)}/favicon.png",
            with_google_fonts=False,
        )


def _document_problems(app: FastAPI) -> None:
    """The OpenAPI document files the routes' problem responses under application/problem+json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problem_media_type(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
