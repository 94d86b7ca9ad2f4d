"""Request dependencies: the authenticated caller, and a gRPC stub per service with the caller's metadata."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pension_gateway.auth import verify_token
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller

_bearer = HTTPBearer(auto_error=False, description="A token minted by `python -m pension_gateway token`.")


def get_settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


def get_clients(request: Request) -> ServiceClients:
    clients: ServiceClients = request.app.state.clients
    return clients


def get_caller(
    settings: Annotated[GatewaySettings, Depends(get_settings)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None:
        raise Unauthenticated("TOKEN_MISSING", "an Authorization: Bearer token is required", message_zh="请先登录")
    return verify_token(settings.session_key, credentials.credentials)


CurrentCaller = Annotated[Caller, Depends(get_caller)]
Clients = Annotated[ServiceClients, Depends(get_clients)]
Settings = Annotated[GatewaySettings, Depends(get_settings)]
