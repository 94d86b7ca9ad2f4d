"""The audit chain's keys: development defaults that run locally, refused in production; a bad key is named."""

import base64

import pytest
from pydantic import ValidationError

from pension_kit.config import Environment
from pension_kit.tokens import SigningKey, public_key_set
from pension_supervision.config import SupervisionSettings

REAL_CHAIN_KEY = base64.b64encode(b"a-real-audit-chain-key-of-32-byt").decode()
REAL_SIGNING_KEY = base64.b64encode(b"a-real-audit-head-signing-key-32").decode()


def test_development_keys_run_locally() -> None:
    settings = SupervisionSettings()
    assert len(settings.audit_chain_key) >= 32 and len(settings.audit_head_signing_key) == 32
    assert "audit_chain_key" not in repr(settings) and "audit_head_signing_key" not in repr(settings)


@pytest.mark.parametrize(
    "keys,named",
    [
        ({"audit_head_signing_key": REAL_SIGNING_KEY}, "PENSION_AUDIT_CHAIN_KEY"),
        ({"audit_chain_key": REAL_CHAIN_KEY}, "PENSION_AUDIT_HEAD_SIGNING_KEY"),
    ],
)
def test_production_refuses_a_development_key(
    keys: dict[str, str], named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PENSION_PII_KEYS", "k1:" + base64.b64encode(b"p" * 32).decode())
    monkeypatch.setenv("PENSION_LOOKUP_KEY", base64.b64encode(b"l" * 32).decode())
    monkeypatch.setenv("PENSION_TOKEN_PUBLIC_KEYS", public_key_set([SigningKey.generate("real-1")]))
    with pytest.raises(ValidationError, match=named):
        SupervisionSettings(env=Environment.PRODUCTION, **keys)  # type: ignore[arg-type]
    accepted = SupervisionSettings(
        env=Environment.PRODUCTION,
        audit_chain_key=REAL_CHAIN_KEY,  # type: ignore[arg-type]
        audit_head_signing_key=REAL_SIGNING_KEY,  # type: ignore[arg-type]
    )
    assert accepted.audit_chain_key == base64.b64decode(REAL_CHAIN_KEY)


def test_a_short_or_malformed_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        SupervisionSettings(audit_chain_key=base64.b64encode(b"short").decode())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly 32 bytes"):
        SupervisionSettings(audit_head_signing_key=base64.b64encode(b"s" * 40).decode())  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not valid base64"):
        SupervisionSettings(audit_chain_key="not base64!")  # type: ignore[arg-type]
