"""What officers' command lines share: sign-in (a token from the gateway, kept in a file only the officer can read),
the exit codes, the common arguments, and how a refusal is printed (reason, field, message, numbers masked)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import grpc

from pension_kit.config import KitSettings
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.masking import redact_text
from pension_kit.tokens import bearer_metadata

TOKEN_FILE_VARIABLE: Final = "PENSION_TOKEN_FILE"
GATEWAY_VARIABLE: Final = "PENSION_GATEWAY_URL"
DEFAULT_GATEWAY: Final = "http://127.0.0.1:8000"

# Every officer's command line exits with these (docs/payroll.md, docs/registry-feeds.md, docs/signs-of-life.md).
EXIT_OK: Final = 0
EXIT_FAILED: Final = 1  # failed here: a file that cannot be read or written, a download that does not verify
EXIT_REFUSED: Final = 2  # also argparse's code for bad arguments
EXIT_UNREACHABLE: Final = 3
# The service could not answer (down, or not in time): a command stops there and says to run it again.
UNREACHABLE: Final = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)

Service = Literal["enrolment", "payout", "verification", "supervision"]


class SignInError(Exception):
    """Sign-in did not give a token (refused, or the gateway could not be reached); the message says which."""


def default_token_file() -> Path:
    configured = os.environ.get(TOKEN_FILE_VARIABLE)
    return Path(configured) if configured else Path.home() / ".config" / "pension-platform" / "token"


def sign_in(gateway_url: str, user_id: str, password: str, *, timeout: float = 30.0) -> str:
    """The token the gateway issues for a user name and password (POST /v1/auth/token)."""
    request = urllib.request.Request(
        f"{gateway_url.rstrip('/')}/v1/auth/token",
        data=json.dumps({"user_id": user_id, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return str(json.load(response)["access_token"])
    except urllib.error.HTTPError as error:
        try:
            problem = json.load(error)
            reason = f"{problem.get('code', error.code)}: {problem.get('title', '')}"
        except ValueError:
            reason = f"HTTP {error.code}"
        raise SignInError(f"sign-in refused: {reason}") from None
    except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
        raise SignInError(f"the gateway at {gateway_url} did not answer the sign-in: {error}") from None


def save_token(path: Path, token: str) -> None:
    """Writes the token readable by its owner only (the folder too): it is the officer's identity until it expires."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(token + "\n")
    os.chmod(path, 0o600)


def load_metadata(path: Path) -> tuple[tuple[str, str], ...]:
    """The call metadata of the signed-in officer; SignInError when nobody signed in with this file."""
    try:
        token = path.read_text().strip()
    except FileNotFoundError:
        raise SignInError(f"not signed in (no token in {path}); run the login command first") from None
    if not token:
        raise SignInError(f"not signed in ({path} is empty); run the login command first")
    return bearer_metadata(token)


# --- the command line's plumbing ---------------------------------------------------------------------------------


def non_blank(what: str) -> Callable[[str], str]:
    """An argparse type: the value without surrounding blanks; an empty one is refused naming `what`."""

    def parse(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"the {what} is empty")
        return value.strip()

    return parse


def seconds(value: str) -> float:
    """An argparse type: a number of seconds above zero."""
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds above zero")
    return number


def officer_commands(prog: str, description: str) -> tuple[argparse.ArgumentParser, Any]:
    """An officer's command line: its parser and its commands (the subparsers), `login` among them already."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_login_command(commands)
    return parser, commands


def _add_login_command(commands: Any) -> argparse.ArgumentParser:
    """The `login` command every officer's command line has (`commands` is the parser's subparsers)."""
    login: argparse.ArgumentParser = commands.add_parser(
        "login", help="sign in at the gateway; later commands act as you"
    )
    login.add_argument("--user", required=True, type=non_blank("user id"), help="your user id")
    login.add_argument(
        "--gateway",
        default=os.environ.get(GATEWAY_VARIABLE) or DEFAULT_GATEWAY,
        help=f"the gateway's URL (default: ${GATEWAY_VARIABLE} or {DEFAULT_GATEWAY})",
    )
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    login.add_argument("--token-file", type=Path, default=default_token_file(), help="where to keep the token")
    return login


def address_variable(service: Service) -> str:
    """The variable a service's address is read from, by the command lines as by the services (KitSettings)."""
    return f"{KitSettings.model_config.get('env_prefix', '')}{service.upper()}_ADDRESS"


def add_service_arguments(
    parser: argparse.ArgumentParser, *, service: Service, timeout: float, timeout_help: str
) -> None:
    """--address of the service called (default: its variable, else the platform's default address),
    --token-file of the officer who signed in, and --timeout, the seconds to wait for an answer."""
    variable = address_variable(service)
    default = str(KitSettings.model_fields[f"{service}_address"].default)
    parser.add_argument(
        "--address",
        default=os.environ.get(variable) or default,
        help=f"HOST:PORT of the {service} service (default: ${variable} or {default})",
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        default=default_token_file(),
        help=f"where `login` keeps your token (default: ${TOKEN_FILE_VARIABLE} or ~/.config/pension-platform/token)",
    )
    parser.add_argument("--timeout", type=seconds, default=timeout, help=f"{timeout_help} (default {timeout:g})")


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | int:
    """The arguments, or the exit code when argparse stopped (2 for bad arguments, 0 for --help)."""
    try:
        return parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_REFUSED


def login(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The `login` command: the password (typed, or one line of standard input), the sign-in, the token kept."""
    out, err = out or sys.stdout, err or sys.stderr
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    try:
        token = sign_in(args.gateway, args.user, password)
    except SignInError as error:
        err.write(f"{error}\n")
        return EXIT_REFUSED
    save_token(args.token_file, token)
    out.write(f"signed in as {args.user}; token kept in {args.token_file}\n")
    return EXIT_OK


def write_refusal(err: TextIO, reason: str, field: str, message: str) -> int:
    """`refused: REASON (field): message` on `err`, any ID, card or mobile number masked; returns EXIT_REFUSED."""
    named = f" ({field})" if field else ""
    err.write(f"refused: {reason}{named}: {redact_text(message)}\n")
    return EXIT_REFUSED


def report_rpc_error(
    error: grpc.RpcError, *, service: str, address: str, timeout: float, request_id: str, err: TextIO
) -> int:
    """A failed call as an officer reads it: the service unreachable or silent (EXIT_UNREACHABLE, with the request
    id to repeat the command with, so that it is done once), or its refusal with the reason, field and message (and
    the Chinese message when the service gave one)."""
    remote = from_rpc_error(error)
    if remote.code in UNREACHABLE:
        # Without our ErrorInfo the reason is the status code's name: the service itself did not answer.
        if remote.reason == remote.code.name:
            what = (
                f"no answer from the {service} service at {address} within {timeout:g} s"
                if remote.code is grpc.StatusCode.DEADLINE_EXCEEDED
                else f"the {service} service at {address} cannot be reached ({remote.message})"
            )
        else:
            field = f" ({remote.field})" if remote.field else ""
            what = f"{remote.reason}{field}: {remote.message}"
        again = f"; repeat the command with --request-id {request_id} to do it only once" if request_id else ""
        err.write(f"unavailable: {what}{again}\n")
        return EXIT_UNREACHABLE
    code = write_refusal(err, remote.reason, remote.field, remote.message)
    if remote.message_zh:
        err.write(f"拒绝: {redact_text(remote.message_zh)}\n")
    return code


def refuse_not_signed_in(err: TextIO, error: SignInError) -> int:
    return write_refusal(err, "NOT_SIGNED_IN", "token_file", str(error))
