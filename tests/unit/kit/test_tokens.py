"""Signed identity tokens: a valid one names its caller; forged, expired, unsigned or misdirected ones are refused."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from pension_kit.errors import PermissionDenied, Unauthenticated
from pension_kit.identity import Caller, Role
from pension_kit.tokens import (
    DEVELOPMENT_PUBLIC_KEYS,
    DEVELOPMENT_SIGNING_KEY,
    PLATFORM_AUDIENCES,
    SigningKey,
    TokenSigner,
    TokenVerifier,
    audience_of,
    public_key_set,
    read_public_keys,
    token_from_metadata,
)

KEY = SigningKey.generate("2026-12")
SIGNER = TokenSigner(KEY)
VERIFIER = TokenVerifier(read_public_keys(public_key_set([KEY])), audience_of("payout"))
AGENT = Caller("agent-7", Role.VILLAGE_AGENT, frozenset({"411723101201"}))


def refusal(token: str, verifier: TokenVerifier = VERIFIER) -> str:
    with pytest.raises(Unauthenticated) as refused:
        verifier.verify(token)
    return refused.value.reason


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_token_names_its_caller_with_role_and_villages() -> None:
    assert VERIFIER.verify(SIGNER.mint(AGENT, 60)) == AGENT


def test_an_agents_device_and_a_verified_hotline_calls_resident_travel_in_the_token() -> None:
    on_phone = Caller("agent-7", Role.VILLAGE_AGENT, frozenset({"411723101201"}), device_id="phone-1")
    verified_call = Caller("hotline-1", Role.HOTLINE, resident_id="R0123456789ABCDEF0123")
    assert VERIFIER.verify(SIGNER.mint(on_phone, 60)) == on_phone
    assert VERIFIER.verify(SIGNER.mint(verified_call, 60)) == verified_call


def test_a_hotline_call_reads_only_the_resident_whose_caller_was_verified() -> None:
    verified_call = Caller("hotline-1", Role.HOTLINE, resident_id="R1")
    verified_call.require_resident("R1", "411723101201")
    for caller, resident in ((verified_call, "R2"), (Caller("hotline-1", Role.HOTLINE), "R1")):
        with pytest.raises(PermissionDenied) as refused:
            caller.require_resident(resident, "411723101201")
        assert refused.value.reason == "CALLER_NOT_VERIFIED"
    with pytest.raises(PermissionDenied):
        AGENT.require_resident("R1", "411723999999")
    AGENT.require_resident("R1", "411723101201")


def test_every_service_of_the_platform_accepts_a_signed_in_users_token() -> None:
    token = SIGNER.mint(AGENT, 60)
    for audience in PLATFORM_AUDIENCES:
        verifier = TokenVerifier(read_public_keys(public_key_set([KEY])), audience)
        assert verifier.verify(token) == AGENT


def test_a_token_signed_with_another_key_under_the_same_kid_is_refused() -> None:
    forger = TokenSigner(SigningKey.generate("2026-12"))
    assert refusal(forger.mint(AGENT, 60)) == "TOKEN_INVALID"


def test_a_token_with_changed_claims_is_refused() -> None:
    header, _, signature = SIGNER.mint(AGENT, 60).split(".")
    claims = jwt.decode(SIGNER.mint(AGENT, 60), options={"verify_signature": False})
    claims["role"] = Role.COUNTY_APPROVER.value
    assert refusal(f"{header}.{_b64(claims)}.{signature}") == "TOKEN_INVALID"


def test_an_unsigned_token_is_refused() -> None:
    claims = jwt.decode(SIGNER.mint(AGENT, 60), options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': '2026-12'})}.{_b64(claims)}."
    assert refusal(unsigned) == "TOKEN_INVALID"


def test_a_token_made_with_the_public_key_as_an_hmac_secret_is_refused() -> None:
    public = KEY.key.public_key().public_bytes_raw()
    claims = jwt.decode(SIGNER.mint(AGENT, 60), options={"verify_signature": False})
    confused = jwt.encode(claims, public, algorithm="HS256", headers={"kid": "2026-12"})
    assert refusal(confused) == "TOKEN_INVALID"


def test_an_expired_token_is_refused() -> None:
    assert refusal(SIGNER.mint(AGENT, 60, now=time.time() - 3600)) == "TOKEN_EXPIRED"


def test_a_token_for_another_audience_is_refused() -> None:
    assert refusal(SIGNER.mint(AGENT, 60, audience=["provincial-portal"])) == "TOKEN_AUDIENCE"


def test_a_token_from_another_issuer_is_refused() -> None:
    assert refusal(TokenSigner(KEY, issuer="someone-else").mint(AGENT, 60)) == "TOKEN_INVALID"


def test_the_system_role_can_be_neither_minted_nor_claimed() -> None:
    with pytest.raises(ValueError, match="system"):
        SIGNER.mint(Caller("system", Role.SYSTEM), 60)
    claims = jwt.decode(SIGNER.mint(AGENT, 60), options={"verify_signature": False})
    claimed = jwt.encode({**claims, "role": "system"}, KEY.key, algorithm="EdDSA", headers={"kid": "2026-12"})
    assert refusal(claimed) == "TOKEN_ROLE_NOT_CLAIMABLE"


def test_an_unknown_role_is_refused_without_internals() -> None:
    claims = jwt.decode(SIGNER.mint(AGENT, 60), options={"verify_signature": False})
    claimed = jwt.encode({**claims, "role": "root"}, KEY.key, algorithm="EdDSA", headers={"kid": "2026-12"})
    with pytest.raises(Unauthenticated) as refused:
        VERIFIER.verify(claimed)
    assert (refused.value.reason, refused.value.field) == ("TOKEN_INVALID", "authorization")


def test_a_token_valid_for_longer_than_a_day_is_refused() -> None:
    assert refusal(SIGNER.mint(AGENT, 3 * 24 * 3600)) == "TOKEN_INVALID"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("", "TOKEN_MISSING"),
        ("not-a-token", "TOKEN_INVALID"),
        ("a.b.c", "TOKEN_INVALID"),
        ("x" * 5000, "TOKEN_INVALID"),
    ],
)
def test_missing_and_garbled_tokens_are_refused(token: str, reason: str) -> None:
    assert refusal(token) == reason


def test_keys_rotate_the_old_and_new_keys_both_verify_while_both_are_published() -> None:
    new = SigningKey.generate("2027-01")
    verifier = TokenVerifier(read_public_keys(public_key_set([KEY, new])), audience_of("payout"))
    assert verifier.verify(SIGNER.mint(AGENT, 60)) == AGENT
    assert verifier.verify(TokenSigner(new).mint(AGENT, 60)) == AGENT
    retired = TokenVerifier(read_public_keys(public_key_set([new])), audience_of("payout"))
    assert refusal(SIGNER.mint(AGENT, 60), retired) == "TOKEN_INVALID"


def test_the_development_pair_matches_and_keys_round_trip_as_jwk() -> None:
    development = SigningKey.from_jwk(DEVELOPMENT_SIGNING_KEY)
    verifier = TokenVerifier(read_public_keys(DEVELOPMENT_PUBLIC_KEYS), audience_of("enrolment"))
    assert verifier.verify(TokenSigner(development).mint(AGENT, 60)) == AGENT
    again = SigningKey.from_jwk(KEY.private_jwk())
    assert VERIFIER.verify(TokenSigner(again).mint(AGENT, 60)) == AGENT
    with pytest.raises(ValueError, match="private"):
        SigningKey.from_jwk(json.dumps(KEY.public_jwk()))


def test_the_token_is_read_from_the_authorization_metadata_only() -> None:
    assert token_from_metadata([("authorization", "Bearer abc")]) == "abc"
    assert token_from_metadata([("x-pension-role", "system"), ("x-pension-user", "someone")]) == ""
    assert token_from_metadata([("authorization", "Basic abc")]) == ""
