"""The gateway's memory of verified tokens (verified_tokens.py): a token is checked once until it expires; a refused
or expired token is refused as the verifier refuses it."""

from __future__ import annotations

import time

import pytest

from pension_gateway.config import GatewaySettings
from pension_gateway.verified_tokens import VerifiedTokens
from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller, Role
from pension_kit.tokens import CLOCK_LEEWAY_SECONDS, SigningKey, TokenSigner, TokenVerifier
from pension_testkit import DEMO_VILLAGE, token_for

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}), device_id="phone-1")


class CountingVerifier(TokenVerifier):
    """The gateway's real verifier, counting the full checks it makes."""

    checks = 0

    def verify(self, token: str) -> Caller:
        self.checks += 1
        return super().verify(token)


def verifier() -> CountingVerifier:
    """A counting copy of the verifier a gateway with default settings makes (its keys, audience and issuer)."""
    counting = CountingVerifier.__new__(CountingVerifier)
    counting.__dict__.update(vars(GatewaySettings().token_verifier()))
    return counting


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_a_token_is_checked_once_and_answered_from_memory_after() -> None:
    checks = verifier()
    tokens = VerifiedTokens(checks)
    token = token_for(AGENT)
    assert tokens.verify(token) == AGENT
    assert tokens.verify(token) == AGENT
    assert checks.checks == 1


def test_a_remembered_token_is_checked_again_once_it_has_expired() -> None:
    checks = verifier()
    clock = Clock()
    tokens = VerifiedTokens(checks, clock=clock)
    token = token_for(AGENT, ttl_seconds=60)
    tokens.verify(token)
    clock.now += 60 + CLOCK_LEEWAY_SECONDS + 1
    tokens.verify(token)  # the real verifier, on the real clock, still accepts it: but it was asked
    assert checks.checks == 2


def test_a_refused_token_is_refused_every_time_and_never_remembered() -> None:
    checks = verifier()
    tokens = VerifiedTokens(checks)
    forged = TokenSigner(SigningKey.generate("forged")).mint(AGENT, 600)
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            tokens.verify(forged)
    assert checks.checks == 2


def test_memory_is_bounded_least_recently_used_first() -> None:
    checks = verifier()
    tokens = VerifiedTokens(checks, capacity=2)
    agents = [Caller(f"agent-{n}", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE})) for n in range(3)]
    first, second, third = (token_for(agent) for agent in agents)
    tokens.verify(first)
    tokens.verify(second)
    tokens.verify(first)  # first is now the most recently used
    tokens.verify(third)  # second is forgotten
    assert checks.checks == 3
    tokens.verify(first)
    assert checks.checks == 3
    tokens.verify(second)
    assert checks.checks == 4
