"""Signed identity tokens (JWT, RFC 7519, EdDSA): minted by the sign-in side, verified by every service on every call.

A token names the user (`sub`), their role and an agent's villages (and, when they apply, the agent's registered
device `dev` and the one resident `rid` a verified hotline call may read), who issued it (`iss`), which parts of the
platform may accept it (`aud`) and when it expires (`exp`). It is signed with an Ed25519 key that only the
gateway (the sign-in service) holds; every service holds the public keys (a JWKS, RFC 7517, so keys can
rotate: tokens name their key with `kid`). PyJWT does the signing and checking; nothing here parses a token
by hand. The role `system` is never accepted from a token: background jobs and event reactions run inside a
service under its own credential (`identity.SYSTEM_CALLER`), which no caller can claim.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from jwt.algorithms import OKPAlgorithm

from pension_kit.errors import Unauthenticated
from pension_kit.identity import Caller, Role

ALGORITHM: Final = "EdDSA"
ISSUER: Final = "pension-platform"
# Leeway for clocks that differ between machines, in seconds.
CLOCK_LEEWAY_SECONDS: Final = 30
# The longest token the verifier takes: a token valid for longer was not made by our sign-in.
MAX_LIFETIME_SECONDS: Final = 24 * 3600
# A bearer token longer than this is refused unread (an honest one is well under 1 KiB).
MAX_TOKEN_LENGTH: Final = 4096
AUTHORIZATION_KEY: Final = "authorization"


def audience_of(part: str) -> str:
    """The audience name of a part of the platform ('gateway', 'enrolment', 'payout', ...)."""
    return f"pension-{part}"


# Every part that takes a signed-in user's token: the gateway, and the services that the gateway and the
# officers' command line call with it.
PLATFORM_AUDIENCES: Final = tuple(
    audience_of(part) for part in ("gateway", "enrolment", "payout", "verification", "supervision")
)

# Development keys: a well-known pair so that `make up` and tests work with no set-up. Refused in production
# (pension_kit.config), and `make up` makes a pair of its own for the local stack.
DEVELOPMENT_SIGNING_KEY: Final = json.dumps(
    {
        "kty": "OKP",
        "crv": "Ed25519",
        "kid": "development",
        "x": "MCy_EaN4Nr6NiAT3RymgZYyFpKeuuFM6XjHrMF27bVc",
        "d": "EWg3st601ZO3nnM3jeW2ca27CShSixR_rB_i83rK-hk",
    }
)
DEVELOPMENT_PUBLIC_KEYS: Final = json.dumps(
    {
        "keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": "development", "x": "MCy_EaN4Nr6NiAT3RymgZYyFpKeuuFM6XjHrMF27bVc"}
        ]
    }
)


def is_development_key(jwk: Mapping[str, Any]) -> bool:
    """Whether a JWK is (the public half of) the well-known development key, whatever its kid."""
    return bool(jwk.get("x") == json.loads(DEVELOPMENT_PUBLIC_KEYS)["keys"][0]["x"])


def _invalid(detail: str = "the bearer token is not valid") -> Unauthenticated:
    return Unauthenticated("TOKEN_INVALID", detail, field="authorization", message_zh="登录凭证无效，请重新登录")


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An Ed25519 private key and the id (`kid`) its public half is published under."""

    key_id: str
    key: Ed25519PrivateKey

    @classmethod
    def from_jwk(cls, text: str) -> SigningKey:
        """Reads a private JWK (kty OKP, crv Ed25519, with d and kid)."""
        try:
            data = json.loads(text)
            key = OKPAlgorithm.from_jwk(data)
        except (ValueError, TypeError, jwt.exceptions.InvalidKeyError) as exc:
            raise ValueError(f"not an Ed25519 private JWK: {exc}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key (the JWK has no 'd')")
        key_id = str(data.get("kid") or "")
        if not key_id:
            raise ValueError("the JWK has no 'kid'")
        return cls(key_id, key)

    @classmethod
    def generate(cls, key_id: str) -> SigningKey:
        return cls(key_id, Ed25519PrivateKey.generate())

    def private_jwk(self) -> str:
        data = json.loads(OKPAlgorithm.to_jwk(self.key))
        return json.dumps({**data, "kid": self.key_id})

    def public_jwk(self) -> dict[str, Any]:
        data = json.loads(OKPAlgorithm.to_jwk(self.key.public_key()))
        return {**data, "kid": self.key_id, "use": "sig", "alg": ALGORITHM}


def public_key_set(keys: Iterable[SigningKey | Mapping[str, Any]]) -> str:
    """A JWKS document of the public halves (or of public JWKs already made)."""
    return json.dumps({"keys": [key.public_jwk() if isinstance(key, SigningKey) else dict(key) for key in keys]})


def read_public_keys(text: str) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 public keys of a JWKS document, by key id; fails on anything else."""
    try:
        entries = json.loads(text)["keys"]
    except (ValueError, TypeError, KeyError):
        raise ValueError('not a JWKS document ({"keys": [...]})') from None
    keys: dict[str, Ed25519PublicKey] = {}
    for entry in entries:
        try:
            key = OKPAlgorithm.from_jwk({k: v for k, v in entry.items() if k != "d"})
        except (ValueError, TypeError, AttributeError, jwt.exceptions.InvalidKeyError) as exc:
            raise ValueError(f"a key of the JWKS is not an Ed25519 public key: {exc}") from None
        key_id = str(entry.get("kid") or "")
        if not key_id or not isinstance(key, Ed25519PublicKey):
            raise ValueError("every key of the JWKS needs a 'kid' and must be an Ed25519 public key")
        keys[key_id] = key
    if not keys:
        raise ValueError("the JWKS holds no key")
    return keys


class TokenSigner:
    """Mints tokens for signed-in users; only the sign-in side (the gateway) has one."""

    def __init__(self, signing_key: SigningKey, *, issuer: str = ISSUER) -> None:
        self._key = signing_key
        self._issuer = issuer

    def mint(
        self,
        caller: Caller,
        ttl_seconds: int,
        *,
        audience: Iterable[str] = PLATFORM_AUDIENCES,
        now: float | None = None,
    ) -> str:
        if caller.role is Role.SYSTEM:
            raise ValueError("the system role is a service's own credential and is never put in a token")
        issued = int(now if now is not None else time.time())
        claims: dict[str, Any] = {
            "iss": self._issuer,
            "sub": caller.user_id,
            "aud": list(audience),
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_seconds,
            "jti": uuid.uuid4().hex,
            "role": caller.role.value,
            "villages": sorted(caller.villages),
        }
        if caller.device_id:
            claims["dev"] = caller.device_id
        if caller.resident_id:
            claims["rid"] = caller.resident_id
        return jwt.encode(claims, self._key.key, algorithm=ALGORITHM, headers={"kid": self._key.key_id})


class TokenVerifier:
    """Checks a token's signature, issuer, audience, expiry and claims; answers the Caller it names."""

    def __init__(self, public_keys: Mapping[str, Ed25519PublicKey], audience: str, *, issuer: str = ISSUER) -> None:
        self._keys = dict(public_keys)
        self._audience = audience
        self._issuer = issuer

    def verify(self, token: str) -> Caller:
        if not token:
            raise Unauthenticated(
                "TOKEN_MISSING", "a bearer token is required", field="authorization", message_zh="请先登录"
            )
        if len(token) > MAX_TOKEN_LENGTH:
            raise _invalid("the bearer token is too long")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.exceptions.DecodeError:
            raise _invalid() from None
        key = self._keys.get(str(header.get("kid", "")))
        if key is None or header.get("alg") != ALGORITHM:
            raise _invalid("the bearer token is not signed by a key this service trusts")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.exceptions.ExpiredSignatureError:
            raise Unauthenticated(
                "TOKEN_EXPIRED",
                "the bearer token has expired",
                field="authorization",
                message_zh="登录已过期，请重新登录",
            ) from None
        except jwt.exceptions.InvalidAudienceError:
            raise Unauthenticated(
                "TOKEN_AUDIENCE",
                f"the bearer token is not meant for {self._audience}",
                field="authorization",
                message_zh="登录凭证不适用于本服务",
            ) from None
        except jwt.exceptions.PyJWTError:
            raise _invalid() from None
        return self._caller(claims)

    def _caller(self, claims: Mapping[str, Any]) -> Caller:
        try:
            expires, issued = int(claims["exp"]), int(claims["iat"])
            user_id = str(claims["sub"])
            role = Role(str(claims.get("role", "")))
            villages = frozenset(str(village) for village in claims.get("villages", ()))
            device_id = str(claims.get("dev", ""))
            resident_id = str(claims.get("rid", ""))
        except (ValueError, TypeError, KeyError):
            raise _invalid("the bearer token's claims are not valid") from None
        if expires - issued > MAX_LIFETIME_SECONDS:
            raise _invalid("the bearer token is valid for longer than any token this platform issues")
        if role is Role.SYSTEM:
            raise Unauthenticated(
                "TOKEN_ROLE_NOT_CLAIMABLE",
                "the system role cannot be claimed by a caller",
                field="authorization",
                message_zh="该角色不能由调用者声明",
            )
        if not user_id or len(user_id) > 64 or len(device_id) > 64 or len(resident_id) > 64:
            raise _invalid("the bearer token names no valid user")
        return Caller(user_id=user_id, role=role, villages=villages, device_id=device_id, resident_id=resident_id)


def bearer_metadata(token: str) -> tuple[tuple[str, str], ...]:
    """gRPC metadata carrying a token, as every call to a service must."""
    return ((AUTHORIZATION_KEY, f"Bearer {token}"),)


def token_from_metadata(metadata: Iterable[tuple[str, str | bytes]] | None) -> str:
    """The bearer token of a call's metadata, or '' when there is none."""
    for key, value in metadata or ():
        if key.lower() == AUTHORIZATION_KEY:
            text = value if isinstance(value, str) else value.decode(errors="replace")
            scheme, _, token = text.partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""
