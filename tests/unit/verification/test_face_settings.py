"""Verification's face settings: a development challenge key that runs locally and is refused in production, a
short key refused by name, and a request limit that takes a face proof's five largest frames."""

from __future__ import annotations

import base64

import pytest

from pension_kit.config import load_settings
from pension_kit.tokens import SigningKey, public_key_set
from pension_verification.config import DEVELOPMENT_LIVENESS_KEY, VerificationSettings


def test_the_defaults_run_locally_and_take_five_frames_of_4_mib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PENSION_LIVENESS_CHALLENGE_KEY", raising=False)
    settings = load_settings(VerificationSettings)
    assert settings.liveness_challenge_key == base64.b64decode(DEVELOPMENT_LIVENESS_KEY)
    assert settings.grpc_max_receive_bytes > 5 * 4 * 1024 * 1024
    assert settings.liveness_challenge_ttl_seconds == 180
    assert DEVELOPMENT_LIVENESS_KEY not in repr(settings) and "liveness_challenge_key" not in repr(settings)


def test_a_short_challenge_key_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PENSION_LIVENESS_CHALLENGE_KEY", base64.b64encode(b"short").decode())
    with pytest.raises(SystemExit):
        load_settings(VerificationSettings)
    err = capsys.readouterr().err
    assert "PENSION_LIVENESS_CHALLENGE_KEY" in err and "32 bytes" in err and "c2hvcnQ=" not in err


def test_production_refuses_the_development_challenge_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Every other secret a real one, so that the challenge key is what is refused.
    monkeypatch.setenv("PENSION_ENV", "production")
    monkeypatch.setenv("PENSION_PII_KEYS", "k1:" + base64.b64encode(b"p" * 32).decode())
    monkeypatch.setenv("PENSION_LOOKUP_KEY", base64.b64encode(b"l" * 32).decode())
    monkeypatch.setenv("PENSION_TOKEN_PUBLIC_KEYS", public_key_set([SigningKey.generate("real-1")]))
    monkeypatch.delenv("PENSION_LIVENESS_CHALLENGE_KEY", raising=False)
    with pytest.raises(SystemExit):
        load_settings(VerificationSettings)
    assert "PENSION_LIVENESS_CHALLENGE_KEY holds the development key" in capsys.readouterr().err
    monkeypatch.setenv("PENSION_LIVENESS_CHALLENGE_KEY", base64.b64encode(b"r" * 32).decode())
    assert load_settings(VerificationSettings).liveness_challenge_key == b"r" * 32
