"""Settings: defaults that run locally, one clear line for a bad value, development secrets refused in production."""

import base64

import pytest

from pension_kit.config import KitSettings, load_settings


def test_defaults_are_enough_for_a_developer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PENSION_PII_KEYS", raising=False)
    settings = load_settings(KitSettings, service_name="enrolment")
    assert settings.database_name == "pension_enrolment"
    assert settings.pii_keys[0][0] == "dev1"
    assert len(settings.lookup_key) == 32


def test_malformed_setting_ends_the_process_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PENSION_MONGO_SERVER_SELECTION_TIMEOUT_MS", "soon")
    with pytest.raises(SystemExit) as exited:
        load_settings(KitSettings, service_name="payout")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "PENSION_MONGO_SERVER_SELECTION_TIMEOUT_MS" in err


def test_missing_required_setting_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        load_settings(KitSettings)
    assert "PENSION_SERVICE_NAME" in capsys.readouterr().err


def test_rotating_keys_are_read_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    new, old = b"n" * 32, b"o" * 32
    keys = f"k2:{base64.b64encode(new).decode()},k1:{base64.b64encode(old).decode()}"
    monkeypatch.setenv("PENSION_PII_KEYS", keys)
    settings = load_settings(KitSettings, service_name="enrolment")
    assert settings.pii_keys == (("k2", new), ("k1", old))


def test_short_key_is_refused(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PENSION_PII_KEYS", "k1:" + base64.b64encode(b"short").decode())
    with pytest.raises(SystemExit):
        load_settings(KitSettings, service_name="enrolment")
    err = capsys.readouterr().err
    assert "PENSION_PII_KEYS" in err and "32 bytes" in err


def test_production_refuses_the_development_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PENSION_ENV", "production")
    monkeypatch.delenv("PENSION_PII_KEYS", raising=False)
    with pytest.raises(SystemExit):
        load_settings(KitSettings, service_name="enrolment")
    assert "development key" in capsys.readouterr().err


def test_a_malformed_database_address_is_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PENSION_MONGO_URI", "mongodb://")
    with pytest.raises(SystemExit):
        load_settings(KitSettings, service_name="enrolment")
    assert "PENSION_MONGO_URI" in capsys.readouterr().err
