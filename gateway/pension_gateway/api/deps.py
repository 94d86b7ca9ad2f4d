"""Request dependencies: the caller a verified token names, the users' store, and the service clients.

Each is `async def` although none awaits: FastAPI runs a plain `def` dependency in a worker thread, a hop that cost
more than the dependency itself on every request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from pension_gateway.auth import SignedInCaller, UserStore
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.verified_tokens import VerifiedTokens
from pension_kit.tokens import TokenSigner

_bearer = HTTPBearer(auto_error=False, description="A token from `POST /v1/auth/token` (sign-in).")


async def get_settings(request: Request) -> GatewaySettings:
    settings: GatewaySettings = request.app.state.settings
    return settings


async def get_clients(request: Request) -> ServiceClients:
    clients: ServiceClients = request.app.state.clients
    return clients


async def get_users(request: Request) -> UserStore:
    users: UserStore = request.app.state.users
    return users


async def get_signer(request: Request) -> TokenSigner:
    signer: TokenSigner = request.app.state.signer
    return signer


async def get_caller(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> SignedInCaller:
    """The caller named by the request's bearer token, verified as every service verifies it."""
    verifier: VerifiedTokens = request.app.state.verifier
    token = credentials.credentials if credentials is not None else ""
    caller = verifier.verify(token)
    return SignedInCaller(
        caller.user_id,
        caller.role,
        caller.villages,
        device_id=caller.device_id,
        resident_id=caller.resident_id,
        token=token,
    )


CurrentCaller = Annotated[SignedInCaller, Depends(get_caller)]
Clients = Annotated[ServiceClients, Depends(get_clients)]
Settings = Annotated[GatewaySettings, Depends(get_settings)]
Users = Annotated[UserStore, Depends(get_users)]
Signer = Annotated[TokenSigner, Depends(get_signer)]
