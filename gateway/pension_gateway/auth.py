"""Bearer tokens the gateway signs: who the user is, their role and villages, and when the token expires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller, Role


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def mint_token(key: bytes, caller: Caller, ttl_seconds: int, *, now: float | None = None) -> str:
    """A token for `caller`, valid for `ttl_seconds`."""
    payload = {
        "sub": caller.user_id,
        "role": caller.role.value,
        "villages": sorted(caller.villages),
        "exp": int((now if now is not None else time.time()) + ttl_seconds),
    }
    body = _b64(json.dumps(payload, separators=(",", ":")).encode())
    signature = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    return f"{body}.{signature}"


def verify_token(key: bytes, token: str, *, now: float | None = None) -> Caller:
    """The caller a token names; refused when it is malformed, forged or expired."""
    body, _, signature = token.partition(".")
    expected = _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())
    if not body or not hmac.compare_digest(signature, expected):
        raise Unauthenticated("TOKEN_INVALID", "the bearer token is not valid", message_zh="登录凭证无效")
    try:
        payload = json.loads(_unb64(body))
        caller = Caller(payload["sub"], Role(payload["role"]), frozenset(payload.get("villages", ())))
        expires = int(payload["exp"])
    except (ValueError, KeyError, TypeError):
        raise Unauthenticated("TOKEN_INVALID", "the bearer token is not valid", message_zh="登录凭证无效") from None
    if expires < (now if now is not None else time.time()):
        raise Unauthenticated("TOKEN_EXPIRED", "the bearer token has expired", message_zh="登录已过期，请重新登录")
    return caller
