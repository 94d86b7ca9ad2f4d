"""The rate limits' token buckets (api/rate_limits.py) on a clock the test moves, and the 429 every limited route
documents."""

from __future__ import annotations

import pytest

from pension_gateway.api import rate_limits
from pension_gateway.api.rate_limits import TokenBuckets
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_the_windows_allowance_is_admitted_then_refused_with_the_wait() -> None:
    clock = Clock()
    buckets = TokenBuckets(120, 60.0, clock=clock)  # 2 a second
    assert [buckets.take("agent-1") for _ in range(120)] == [0] * 120
    assert buckets.take("agent-1") == 1  # half a second to the next token: said as 1 whole second
    assert buckets.take("agent-2") == 0  # another key, its own bucket
    clock.now += 0.5
    assert buckets.take("agent-1") == 0
    assert buckets.take("agent-1") == 1


def test_the_wait_is_whole_seconds_rounded_up() -> None:
    clock = Clock()
    buckets = TokenBuckets(10, 60.0, clock=clock)  # one token every 6 seconds
    for _ in range(10):
        buckets.take("user")
    assert buckets.take("user") == 6
    clock.now += 5.5
    assert buckets.take("user") == 1


def test_an_idle_key_refills_to_its_burst_and_no_further() -> None:
    clock = Clock()
    buckets = TokenBuckets(3, 1.0, clock=clock)
    for _ in range(3):
        buckets.take("phone")
    clock.now += 3600
    assert [buckets.take("phone") for _ in range(4)] == [0, 0, 0, 1]


def test_the_least_recently_used_keys_are_forgotten_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rate_limits, "MAX_BUCKETS", 2)
    clock = Clock()
    buckets = TokenBuckets(1, 60.0, clock=clock)
    assert buckets.take("a") == 0 and buckets.take("b") == 0
    assert buckets.take("a") > 0  # a is now the most recently used
    buckets.take("c")  # over the bound: b goes
    assert buckets.take("a") > 0
    assert buckets.take("b") == 0  # forgotten, so a full bucket again


def test_every_limited_route_lists_the_429_problem() -> None:
    document = create_app(GatewaySettings()).openapi()
    limited = {
        (path, method): operation
        for path, operations in document["paths"].items()
        if path.startswith(("/agent/v1/", "/hotline/v1/"))
        for method, operation in operations.items()
    }
    limited[("/v1/auth/token", "post")] = document["paths"]["/v1/auth/token"]["post"]
    for (path, method), operation in limited.items():
        answer = operation["responses"].get("429")
        assert answer is not None, f"{method.upper()} {path} does not list 429"
        assert "application/problem+json" in answer["content"]


def test_the_limits_are_settings_with_the_documented_defaults() -> None:
    settings = GatewaySettings()
    assert (
        settings.rate_limit_window_seconds,
        settings.agent_requests_per_window,
        settings.device_requests_per_window,
        settings.hotline_requests_per_window,
        settings.sign_in_attempts_per_window,
    ) == (60.0, 120, 120, 600, 10)
