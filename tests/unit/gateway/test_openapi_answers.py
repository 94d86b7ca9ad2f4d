"""The OpenAPI document lists the answers every route can give whatever it does: a route with a body its refusals
of the body (400, 413, 415), a route with a role check 401 and 403, and each declares its roles (`x-roles`)
unless it is one of the few open to anyone."""

from __future__ import annotations

from typing import Any, Final

import pytest

from pension_gateway.api.access import EVERY_USER_ROLE
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app

# Open without a token: the health checks and sign-in.
# Health, and the routes whose credential is in the body: sign-in's password, the phone's refresh token.
OPEN_TO_ANYONE: Final = frozenset(
    {("GET", "/healthz"), ("GET", "/readyz"), ("POST", "/v1/auth/token"), ("POST", "/agent/v1/session/refresh")}
)


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    document = create_app(GatewaySettings()).openapi()
    return [
        (method.upper(), path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    ]


OPERATIONS: Final = _operations()


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS])
def test_each_operation_lists_the_refusals_it_can_give(method: str, path: str, operation: dict[str, Any]) -> None:
    listed = set(operation["responses"])
    if "requestBody" in operation:
        # BodyLimit refuses an oversized body, the validation handler a malformed or non-JSON one.
        assert {"400", "413", "415"} <= listed, listed
    if (method, path) in OPEN_TO_ANYONE:
        assert "x-roles" not in operation
        return
    roles = operation.get("x-roles")
    assert roles, "a route declares the roles it admits (pension_gateway.api.access.allow)"
    assert "401" in listed, listed
    if set(roles) != {role.value for role in EVERY_USER_ROLE}:
        assert "403" in listed, listed
