"""Bearer tokens: a valid one names its caller; a forged, expired or garbled one is refused with its reason."""

import base64
import json

import pytest

from pension_gateway.auth import mint_token, verify_token
from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller, Role

KEY = b"k" * 32
AGENT = Caller("agent-7", Role.VILLAGE_AGENT, frozenset({"411723101201"}))


def test_a_token_names_its_caller_with_role_and_villages() -> None:
    assert verify_token(KEY, mint_token(KEY, AGENT, 60, now=1000), now=1030) == AGENT


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (mint_token(b"x" * 32, AGENT, 60, now=1000), "TOKEN_INVALID"),  # signed with another key
        (mint_token(KEY, AGENT, 60, now=1000) + "A", "TOKEN_INVALID"),
        ("not-a-token", "TOKEN_INVALID"),
        (mint_token(KEY, AGENT, 60, now=1000), "TOKEN_EXPIRED"),
    ],
)
def test_a_bad_token_is_refused_with_a_reason(token: str, reason: str) -> None:
    with pytest.raises(Unauthenticated) as refused:
        verify_token(KEY, token, now=2000)
    assert refused.value.reason == reason


def test_a_token_whose_role_was_changed_does_not_verify() -> None:
    body, signature = mint_token(KEY, AGENT, 60, now=1000).split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["role"] = "county_approver"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(Unauthenticated):
        verify_token(KEY, f"{forged}.{signature}", now=1010)
