"""Rate limits per agent, per device, per hotline client and per user signing in, answered with 429 and Retry-After.

Token buckets held in each gateway process: a bucket holds a window's allowance (the burst), refilled evenly over
the window. A request takes one token from each bucket it counts against; with none left it is refused with 429
`RATE_LIMITED` and `Retry-After` (whole seconds until a token is back, RFC 9110 10.2.3). The limits are per gateway
instance (docs/limits.md says why and how to set them behind several instances). The dependencies run before a
route's own token check, so they verify the bearer token themselves: only a verified token's user and device are
trusted (the second check of a token is answered from memory: verified_tokens.py); a request without a valid one
is counted against its client address.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from fastapi import Request
from fastapi.responses import JSONResponse

from pension_gateway.api.problems import problem
from pension_gateway.config import GatewaySettings
from pension_gateway.verified_tokens import VerifiedTokens
from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller

# Buckets kept at most per limiter; the least recently used go first (a full bucket forgets nothing by going).
MAX_BUCKETS: Final = 100_000
TITLE: Final = "too many requests; try again later"
TITLE_ZH: Final = "请求过于频繁，请稍后再试"


class RateLimited(Exception):
    """A request over a limit: which limit, and the whole seconds until it would be admitted."""

    def __init__(self, limit: str, retry_after: int) -> None:
        super().__init__(f"{limit} over its limit; retry after {retry_after} s")
        self.limit = limit
        self.retry_after = retry_after


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """One token bucket per key: `capacity` tokens, refilled at capacity/window per second, at most MAX_BUCKETS
    keys (least recently used dropped first, which only ever gives a key a full bucket back)."""

    def __init__(self, capacity: int, window_seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = capacity
        self.rate = capacity / window_seconds
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> int:
        """Takes a token for `key`: 0 when there was one, else the whole seconds until there will be one."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.capacity), now)
            if len(self._buckets) > MAX_BUCKETS:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(float(self.capacity), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0
        return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))


@dataclass(frozen=True)
class RateLimits:
    """The gateway's limiters, made once from its settings (app.state.rate_limits)."""

    agents: TokenBuckets
    devices: TokenBuckets
    hotline_clients: TokenBuckets
    sign_ins: TokenBuckets
    addresses: TokenBuckets

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> RateLimits:
        window = settings.rate_limit_window_seconds
        return cls(
            agents=TokenBuckets(settings.agent_requests_per_window, window),
            devices=TokenBuckets(settings.device_requests_per_window, window),
            hotline_clients=TokenBuckets(settings.hotline_requests_per_window, window),
            sign_ins=TokenBuckets(settings.sign_in_attempts_per_window, window),
            addresses=TokenBuckets(settings.address_requests_per_window, window),
        )


def _limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.rate_limits  # made by main.create_app
    return limits


def _count(buckets: TokenBuckets, key: str, limit: str) -> None:
    wait = buckets.take(key)
    if wait:
        raise RateLimited(limit, wait)


def _verified_caller(request: Request) -> Caller | None:
    """The caller of the request's bearer token when it is valid, else None (the route's own check refuses it)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    verifier: VerifiedTokens = request.app.state.verifier
    try:
        return verifier.verify(token.strip())
    except Unauthenticated:
        return None


def _address(request: Request) -> str:
    return request.client.host if request.client is not None else "unknown"


async def agent_rate_limit(request: Request) -> None:
    """Counts a request to /agent/v1 against the agent's and the device's limits (the client address's, without a
    valid token)."""
    limits = _limits(request)
    caller = _verified_caller(request)
    if caller is None:
        _count(limits.addresses, _address(request), "address")
        return
    # Both buckets are charged before either refuses, so Retry-After is the longer wait of the two: the request
    # would be refused again by the other limit if it came back when only one allowed it.
    agent_wait = limits.agents.take(caller.user_id)
    device_wait = limits.devices.take(f"{caller.user_id}/{caller.device_id}") if caller.device_id else 0
    if agent_wait or device_wait:
        raise RateLimited("agent" if agent_wait >= device_wait else "device", max(agent_wait, device_wait))


async def hotline_rate_limit(request: Request) -> None:
    """Counts a request to /hotline/v1 against the hotline client's limit (the client address's, without a valid
    token)."""
    limits = _limits(request)
    caller = _verified_caller(request)
    if caller is None:
        _count(limits.addresses, _address(request), "address")
        return
    _count(limits.hotline_clients, caller.user_id, "hotline client")


async def sign_in_rate_limit(request: Request, user_id: str) -> None:
    """Counts a sign-in attempt for `user_id` (the name typed, whether or not such a user exists): call it from a
    sign-in route once its body is read, before the password is checked."""
    _count(_limits(request).sign_ins, user_id, "sign-in")


async def rate_limited_handler(_: Request, exc: Exception) -> JSONResponse:
    """A 429 problem with Retry-After, in the header and in the problem's detail and `retry_after` member."""
    retry_after = exc.retry_after if isinstance(exc, RateLimited) else 1
    limit = exc.limit if isinstance(exc, RateLimited) else "request"
    return problem(
        429,
        "RATE_LIMITED",
        TITLE,
        title_zh=TITLE_ZH,
        headers={"Retry-After": str(retry_after)},
        extensions={
            "detail": f"the {limit} limit is reached; try again in {retry_after} s（请{retry_after}秒后重试）",
            "retry_after": retry_after,
        },
    )
