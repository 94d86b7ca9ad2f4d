"""What officers' command lines share: a refusal printed with its reason and field and no citizen ID number, blank
arguments refused, the progress of an import written line by line when standard error is not a terminal."""

from __future__ import annotations

import argparse
import io

import pytest

from pension_kit.cli_progress import Progress
from pension_kit.cli_session import (
    EXIT_REFUSED,
    SignInError,
    add_service_arguments,
    non_blank,
    refuse_not_signed_in,
    write_refusal,
)

CITIZEN_ID = "11010519491231002X"


def test_a_refusal_names_reason_and_field_and_masks_the_citizen_id() -> None:
    err = io.StringIO()
    code = write_refusal(err, "CITIZEN_ID_TAKEN", "citizen_id_number", f"{CITIZEN_ID} is enrolled already")
    assert code == EXIT_REFUSED
    assert err.getvalue().startswith("refused: CITIZEN_ID_TAKEN (citizen_id_number): ")
    assert CITIZEN_ID not in err.getvalue() and "is enrolled already\n" in err.getvalue()


def test_a_refusal_without_a_field_and_one_for_a_missing_sign_in() -> None:
    err = io.StringIO()
    write_refusal(err, "ROLE_NOT_ALLOWED", "", "a village agent cannot approve")
    refuse_not_signed_in(err, SignInError("not signed in (no token in /tmp/x); run the login command first"))
    assert err.getvalue().splitlines() == [
        "refused: ROLE_NOT_ALLOWED: a village agent cannot approve",
        "refused: NOT_SIGNED_IN (token_file): not signed in (no token in /tmp/x); run the login command first",
    ]


def test_blank_arguments_are_refused_and_others_trimmed() -> None:
    parse = non_blank("batch name")
    assert parse("  民政 2026-07 ") == "民政 2026-07"
    with pytest.raises(argparse.ArgumentTypeError, match="the batch name is empty"):
        parse("   ")


def test_progress_off_a_terminal_is_a_line_per_step() -> None:
    err = io.StringIO()
    progress = Progress(4, err, unit="lines")
    progress.show(2)
    progress.show(4)
    progress.close()
    lines = err.getvalue().splitlines()
    assert len(lines) == 2 and "\r" not in err.getvalue()
    assert lines[0].startswith("[" + "#" * 15 + "." * 15 + "] 2/4 lines ")
    assert lines[1].startswith("[" + "#" * 30 + "] 4/4 lines ") and lines[1].endswith(" lines/s")


def test_a_service_address_comes_from_the_services_own_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    add_service_arguments(parser, service="verification", timeout=30, timeout_help="seconds per line")
    assert parser.parse_args([]).address == "127.0.0.1:50053"
    monkeypatch.setenv("PENSION_VERIFICATION_ADDRESS", "10.0.0.7:6000")
    parser = argparse.ArgumentParser()
    add_service_arguments(parser, service="verification", timeout=30, timeout_help="seconds per line")
    assert parser.parse_args([]).address == "10.0.0.7:6000"
    assert parser.parse_args(["--address", "h:1"]).address == "h:1"


def test_a_timeout_is_seconds_above_zero() -> None:
    parser = argparse.ArgumentParser()
    add_service_arguments(parser, service="payout", timeout=300, timeout_help="seconds to wait for each answer")
    assert parser.parse_args([]).timeout == 300 and parser.parse_args(["--timeout", "2.5"]).timeout == 2.5
    for wrong in ("0", "-1", "soon"):
        with pytest.raises(SystemExit):
            parser.parse_args(["--timeout", wrong])
