"""Officers' command line for signs of life in bulk (a file from a hospital, a bank or a government service), each
line recorded as a data proof by the running verification service over gRPC.

    python -m pension_verification.signs_of_life_cli login --user officer-1 [--gateway URL] [--password-stdin]
    python -m pension_verification.signs_of_life_cli import FILE.csv [--reason TEXT]

`login` signs the officer in at the gateway and keeps the token in --token-file (PENSION_TOKEN_FILE, default
~/.config/pension-platform/token, readable by the officer only), as the payroll command line does; `import` sends
that token with every line, and the service takes the officer's identity and role from it. The file's layout is in
docs/signs-of-life.md. Each line is one RecordDataCertification whose request id is derived from the line's source
and record, so importing a file again (after an interruption, or by mistake) records nothing twice. A line refused
(here, or by the service) is printed with its line number, field and reason code, and the others go on; progress
goes to standard error.

Exit codes: 0 every line recorded; 2 bad arguments, a file refused whole, or some lines refused; 3 the service could
not be reached or did not answer in time (the lines before it are recorded; run the same import again).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

import grpc

from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.cli_session import (
    DEFAULT_GATEWAY,
    GATEWAY_VARIABLE,
    SignInError,
    default_token_file,
    load_metadata,
    save_token,
    sign_in,
)
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.protoconv import to_calendar_date
from pension_verification.adapters.certification_messages import SIGN_OF_LIFE_NUMBERS
from pension_verification.adapters.sign_of_life_file import FileRefused, read_signs_of_life
from pension_verification.domain.signs_of_life import SignOfLife

EXIT_OK: Final = 0
EXIT_REFUSED: Final = 2  # also argparse's code for bad arguments
EXIT_UNREACHABLE: Final = 3

DEFAULT_ADDRESS: Final = "127.0.0.1:50053"
ADDRESS_VARIABLE: Final = "PENSION_VERIFICATION_ADDRESS"
DEFAULT_TIMEOUT_SECONDS: Final = 30.0
PROGRESS_EVERY: Final = 100
# The service could not answer: stop (the rest would fail the same way) and say so.
UNREACHABLE: Final = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


@dataclass
class Tally:
    read: int = 0
    recorded: int = 0
    refused: int = 0
    refusals: list[str] = field(default_factory=list)

    def progress(self, err: TextIO, *, final: bool = False) -> None:
        word = "done" if final else "so far"
        err.write(f"signs of life {word}: {self.read} lines read, {self.recorded} recorded, {self.refused} refused\n")
        err.flush()


def _request(sign: SignOfLife, reason: str) -> verification_service_pb2.RecordDataCertificationRequest:
    return verification_service_pb2.RecordDataCertificationRequest(
        request_id=sign.request_id,
        resident_id=sign.resident_id,
        source=SIGN_OF_LIFE_NUMBERS[sign.source],
        source_ref=sign.source_ref,
        observed_on=to_calendar_date(sign.observed_on),
        reason=reason,
    )


def import_file(
    path: Path,
    stub: verification_service_pb2_grpc.VerificationServiceStub,
    metadata: tuple[tuple[str, str], ...],
    *,
    reason: str,
    timeout: float,
    out: TextIO,
    err: TextIO,
) -> int:
    tally = Tally()
    # The whole file is read first: a file refused whole (not UTF-8, a column missing) records nothing.
    with path.open(encoding="utf-8", newline="") as stream:
        lines = list(read_signs_of_life(stream))
    for line in lines:
        tally.read += 1
        if line.sign is None:
            assert line.refusal is not None
            refusal = line.refusal
            out.write(f"line {line.number}: refused {refusal.reason} ({refusal.field}): {refusal.message}\n")
            tally.refused += 1
        else:
            try:
                stub.RecordDataCertification(_request(line.sign, reason), metadata=metadata, timeout=timeout)
                tally.recorded += 1
            except grpc.RpcError as error:
                remote = from_rpc_error(error)
                if remote.code in UNREACHABLE or not remote.error_info:
                    tally.progress(err, final=True)
                    err.write(
                        f"stopped at line {line.number}: {remote.reason}: {remote.message}; the lines before it "
                        "are recorded, run the same import again\n"
                    )
                    return EXIT_UNREACHABLE
                out.write(f"line {line.number}: refused {remote.reason} ({remote.field}): {remote.message}\n")
                tally.refused += 1
        if tally.read % PROGRESS_EVERY == 0:
            tally.progress(err)
    tally.progress(err, final=True)
    return EXIT_OK if tally.refused == 0 else EXIT_REFUSED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pension_verification.signs_of_life_cli",
        description="Signs of life in bulk, recorded as data proofs by the verification service "
        "(docs/signs-of-life.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    login = commands.add_parser("login", help="sign in at the gateway; later commands act as you")
    login.add_argument("--user", required=True, help="your user id")
    login.add_argument(
        "--gateway",
        default=os.environ.get(GATEWAY_VARIABLE) or DEFAULT_GATEWAY,
        help=f"the gateway's URL (default: ${GATEWAY_VARIABLE} or {DEFAULT_GATEWAY})",
    )
    login.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    login.add_argument("--token-file", type=Path, default=default_token_file(), help="where to keep the token")

    imports = commands.add_parser("import", help="record each line of a signs-of-life CSV file as a data proof")
    imports.add_argument("file", type=Path, metavar="FILE.csv")
    imports.add_argument("--reason", default="", help="recorded with each proof (default: the kind of sign of life)")
    imports.add_argument(
        "--address",
        default=os.environ.get(ADDRESS_VARIABLE) or DEFAULT_ADDRESS,
        help=f"HOST:PORT of the verification service (default: ${ADDRESS_VARIABLE} or {DEFAULT_ADDRESS})",
    )
    imports.add_argument("--token-file", type=Path, default=default_token_file(), help="where `login` kept your token")
    imports.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds to wait per line")
    return parser


def _login(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    try:
        token = sign_in(args.gateway, args.user, password)
    except SignInError as error:
        sys.stderr.write(f"{error}\n")
        return EXIT_REFUSED
    save_token(args.token_file, token)
    sys.stdout.write(f"signed in as {args.user}; token kept in {args.token_file}\n")
    return EXIT_OK


def main(argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: bad arguments (2), or --help (0)
        return exit_.code if isinstance(exit_.code, int) else EXIT_REFUSED
    if args.command == "login":
        return _login(args)
    try:
        metadata = load_metadata(args.token_file)
    except SignInError as error:
        err.write(f"refused: NOT_SIGNED_IN (token_file): {error}\n")
        return EXIT_REFUSED
    with grpc.insecure_channel(args.address) as channel:
        stub = verification_service_pb2_grpc.VerificationServiceStub(channel)
        try:
            return import_file(args.file, stub, metadata, reason=args.reason, timeout=args.timeout, out=out, err=err)
        except FileRefused as refused:
            err.write(f"refused: {refused.reason} (file): {refused.message}; nothing was imported\n")
            return EXIT_REFUSED
        except OSError as error:
            err.write(f"refused: FILE_UNREADABLE (file): {error}\n")
            return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
