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
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

import grpc

from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.cli_progress import Progress
from pension_kit.cli_session import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNREACHABLE,
    UNREACHABLE,
    SignInError,
    add_service_arguments,
    load_metadata,
    login,
    officer_commands,
    parse_arguments,
    refuse_not_signed_in,
    write_refusal,
)
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.masking import redact_text
from pension_kit.protoconv import to_calendar_date
from pension_verification.adapters.certification_messages import SIGN_OF_LIFE_NUMBERS
from pension_verification.adapters.sign_of_life_file import FileRefused, read_signs_of_life
from pension_verification.domain.signs_of_life import SignOfLife

DEFAULT_TIMEOUT_SECONDS: Final = 30.0
PROGRESS_EVERY: Final = 100


@dataclass
class Tally:
    read: int = 0
    recorded: int = 0
    refused: int = 0
    refusals: list[str] = field(default_factory=list)

    def summary(self, err: TextIO) -> None:
        err.write(f"signs of life done: {self.read} lines read, {self.recorded} recorded, {self.refused} refused\n")
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


def _write_refusal(out: TextIO, number: int, reason: str, field: str, message: str) -> None:
    """A refused line: its number, reason and field, and the message with any ID, card or mobile number masked."""
    out.write(f"line {number}: refused {reason} ({field}): {redact_text(message)}\n")


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
    progress = Progress(len(lines), err, unit="lines")
    for line in lines:
        tally.read += 1
        if line.sign is None:
            assert line.refusal is not None
            _write_refusal(out, line.number, line.refusal.reason, line.refusal.field, line.refusal.message)
            tally.refused += 1
        else:
            try:
                stub.RecordDataCertification(_request(line.sign, reason), metadata=metadata, timeout=timeout)
                tally.recorded += 1
            except grpc.RpcError as error:
                remote = from_rpc_error(error)
                # The service could not answer: stop (the rest would fail the same way) and say so.
                if remote.code in UNREACHABLE or not remote.error_info:
                    progress.close()
                    tally.summary(err)
                    err.write(
                        f"stopped at line {line.number}: {remote.reason}: {remote.message}; the lines before it "
                        "are recorded, run the same import again\n"
                    )
                    return EXIT_UNREACHABLE
                _write_refusal(out, line.number, remote.reason, remote.field, remote.message)
                tally.refused += 1
        if tally.read % PROGRESS_EVERY == 0:
            progress.show(tally.read)
    progress.show(tally.read)
    progress.close()
    tally.summary(err)
    return EXIT_OK if tally.refused == 0 else EXIT_REFUSED


def _parser() -> argparse.ArgumentParser:
    parser, commands = officer_commands(
        "python -m pension_verification.signs_of_life_cli",
        "Signs of life in bulk, recorded as data proofs by the verification service (docs/signs-of-life.md).",
    )

    imports = commands.add_parser("import", help="record each line of a signs-of-life CSV file as a data proof")
    imports.add_argument("file", type=Path, metavar="FILE.csv")
    imports.add_argument("--reason", default="", help="recorded with each proof (default: the kind of sign of life)")
    add_service_arguments(
        imports, service="verification", timeout=DEFAULT_TIMEOUT_SECONDS, timeout_help="seconds to wait per line"
    )
    return parser


def main(argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse_arguments(_parser(), argv)
    if isinstance(args, int):
        return args
    if args.command == "login":
        return login(args, out=out, err=err)
    try:
        metadata = load_metadata(args.token_file)
    except SignInError as error:
        return refuse_not_signed_in(err, error)
    with grpc.insecure_channel(args.address) as channel:
        stub = verification_service_pb2_grpc.VerificationServiceStub(channel)
        try:
            return import_file(args.file, stub, metadata, reason=args.reason, timeout=args.timeout, out=out, err=err)
        except FileRefused as refused:
            return write_refusal(err, refused.reason, "file", f"{refused.message}; nothing was imported")
        except OSError as error:
            return write_refusal(err, "FILE_UNREADABLE", "file", str(error))


if __name__ == "__main__":
    sys.exit(main())
