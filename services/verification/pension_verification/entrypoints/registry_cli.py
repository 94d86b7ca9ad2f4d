"""A county officer's import of a registry file (deaths, employees' pensions, prison) into the running verification
service, signed in at the gateway like the payroll command line (pension_kit.cli_session):

    python -m pension_verification.registry_cli login --user officer-1
    python -m pension_verification.registry_cli import --source civil-affairs-death \\
        --batch-name "民政死亡登记 2026-07 第3批" deaths.csv

The file is UTF-8 CSV with a header row, in the layout of its source (docs/registry-feeds.md). Rows are sent in
chunks of up to 10,000 to IngestRegistryRecords; a progress line on standard error shows rows done, the total and
the rate; each refused row is printed with its line number, field and reason code (never the number itself); a
summary ends it. Importing the same file again changes nothing (every row answers "already applied").

Exit codes: 0 every row accepted, 1 the file cannot be read, 2 refused (bad arguments, not signed in, a row or the
delivery refused), 3 the service cannot be reached.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, TextIO

import grpc

from pension.common.v1 import types_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_kit.cli_progress import Progress
from pension_kit.cli_session import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNREACHABLE,
    UNREACHABLE,
    SignInError,
    add_service_arguments,
    load_metadata,
    login,
    non_blank,
    officer_commands,
    parse_arguments,
    refuse_not_signed_in,
    write_refusal,
)
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import IdentifierError, parse_month
from pension_kit.masking import redact_text
from pension_kit.protoconv import to_calendar_date, to_year_month

DEFAULT_TIMEOUT_SECONDS: Final = 300.0
CHUNK_ROWS: Final = 10_000

# The command line's source names, and the contract's.
SOURCES: Final = {
    "civil-affairs-death": verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH,
    "household-cancellation": verification_pb2.REGISTRY_SOURCE_PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION,
    "cremation": verification_pb2.REGISTRY_SOURCE_CREMATION,
    "employee-pension": verification_pb2.REGISTRY_SOURCE_EMPLOYEE_PENSION,
    "prison": verification_pb2.REGISTRY_SOURCE_PRISON,
}
PERSON_COLUMNS: Final = ("record_ref", "citizen_id_number", "name", "birth_date", "village_code")
# The columns each source's file has, in this order (docs/registry-feeds.md).
COLUMNS: Final = {
    "civil-affairs-death": (*PERSON_COLUMNS, "date_of_death"),
    "household-cancellation": (*PERSON_COLUMNS, "date_of_death"),
    "cremation": (*PERSON_COLUMNS, "date_of_death"),
    "employee-pension": (*PERSON_COLUMNS, "receiving_from", "scheme_ref"),
    "prison": (*PERSON_COLUMNS, "event", "term_start", "term_end", "released_on"),
}
OUTCOME_WORDS: Final = {
    verification_pb2.RECORD_OUTCOME_APPLIED: "applied",
    verification_pb2.RECORD_OUTCOME_ALREADY_APPLIED: "already applied",
    verification_pb2.RECORD_OUTCOME_FOR_REVIEW: "for an officer's review",
    verification_pb2.RECORD_OUTCOME_NOT_A_RESIDENT: "not residents here",
    verification_pb2.RECORD_OUTCOME_NO_CHANGE: "changing nothing",
    verification_pb2.RECORD_OUTCOME_INVALID: "refused",
}


class FileUnreadable(Exception):
    """The file is not the source's layout or not UTF-8: nothing was sent."""


@dataclass(frozen=True)
class RowRefusal:
    line: int
    field: str
    reason: str
    message: str = ""


@dataclass(frozen=True)
class Row:
    line: int
    record: verification_pb2.RegistryRecord


# --- reading the file ------------------------------------------------------------------------------------------


def _day(value: str, field: str) -> types_pb2.CalendarDate:
    text = value.strip()
    if not text:
        return types_pb2.CalendarDate()
    try:
        return to_calendar_date(date.fromisoformat(text))
    except ValueError:
        raise _Refused(field, "DATE_FORMAT", "a date is written YYYY-MM-DD, e.g. 2026-06-20") from None


class _Refused(Exception):
    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field, self.reason, self.message = field, reason, message


def _record(source: str, values: dict[str, str]) -> verification_pb2.RegistryRecord:
    record = verification_pb2.RegistryRecord(
        record_ref=values["record_ref"].strip(),
        citizen_id_number=values["citizen_id_number"].strip(),
        name=values["name"].strip(),
        birth_date=_day(values["birth_date"], "birth_date"),
        village_code=values["village_code"].strip(),
    )
    if source == "employee-pension":
        detail = verification_pb2.EmployeePensionDetail(scheme_ref=values["scheme_ref"].strip())
        if values["receiving_from"].strip():
            try:
                detail.receiving_from.CopyFrom(to_year_month(parse_month(values["receiving_from"].strip())))
            except IdentifierError:
                raise _Refused("receiving_from", "MONTH_FORMAT", "a month is written YYYY-MM, e.g. 2026-02") from None
        record.employee_pension.CopyFrom(detail)
    elif source == "prison":
        event = values["event"].strip().upper()
        if event == "IMPRISONMENT":
            record.imprisonment.CopyFrom(
                verification_pb2.ImprisonmentDetail(
                    term_start=_day(values["term_start"], "term_start"), term_end=_day(values["term_end"], "term_end")
                )
            )
        elif event == "RELEASE":
            record.release.CopyFrom(
                verification_pb2.ReleaseDetail(released_on=_day(values["released_on"], "released_on"))
            )
        else:
            raise _Refused("event", "PRISON_EVENT_UNKNOWN", "event is IMPRISONMENT or RELEASE")
    else:
        record.death.CopyFrom(
            verification_pb2.DeathDetail(date_of_death=_day(values["date_of_death"], "date_of_death"))
        )
    return record


def read_rows(source: str, text: TextIO) -> Iterator[Row | RowRefusal]:
    """Each data row as a record to send, or the refusal of a row that cannot be read (line numbers count the
    header as line 1). FileUnreadable when the header is not the source's layout."""
    reader = csv.reader(text)
    expected = COLUMNS[source]
    try:
        header = [column.strip().lstrip("\ufeff") for column in next(reader)]
    except StopIteration:
        raise FileUnreadable("the file is empty: a header row is required") from None
    missing = [column for column in expected if column not in header]
    if missing:
        raise FileUnreadable(f"the header lacks {', '.join(missing)} (a {source} file has: {', '.join(expected)})")
    for values in reader:
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            yield RowRefusal(line, "", "ROW_FIELD_COUNT", f"{len(values)} fields, the header has {len(header)}")
            continue
        try:
            yield Row(line, _record(source, dict(zip(header, values, strict=True))))
        except _Refused as refused:
            yield RowRefusal(line, refused.field, refused.reason, refused.message)


def load(source: str, path: Path) -> list[Row | RowRefusal]:
    try:
        with path.open(encoding="utf-8", newline="") as text:
            return list(read_rows(source, text))
    except UnicodeDecodeError as error:
        raise FileUnreadable(f"not UTF-8 ({error.reason} at byte {error.start}); nothing was sent") from None


# --- sending it ------------------------------------------------------------------------------------------------


def _write_refusal(out: TextIO, refusal: RowRefusal) -> None:
    field = refusal.field or "row"
    message = f": {redact_text(refusal.message)}" if refusal.message else ""
    out.write(f"line {refusal.line}: {field} {refusal.reason}{message}\n")


def _import(args: argparse.Namespace, channel: grpc.Channel) -> int:
    try:
        rows = load(args.source, args.file)
    except (FileUnreadable, OSError) as error:
        sys.stderr.write(f"{args.file}: {error}\n")
        return EXIT_FAILED
    metadata = load_metadata(args.token_file)
    stub = verification_service_pb2_grpc.VerificationServiceStub(channel)
    readable = [row for row in rows if isinstance(row, Row)]
    counts: Counter[int] = Counter()
    refusals = [row for row in rows if isinstance(row, RowRefusal)]
    for refusal in refusals:
        _write_refusal(sys.stdout, refusal)
    # The same file sends the same request ids: a run repeated after a time-out is recognised as well.
    base = (
        args.request_id
        or hashlib.sha256(
            args.source.encode() + b"\x1f" + args.batch_name.encode() + b"\x1f" + args.file.read_bytes()
        ).hexdigest()[:32]
    )
    progress = Progress(len(rows), sys.stderr)
    done = len(refusals)
    progress.show(done)
    for number, start in enumerate(range(0, len(readable), CHUNK_ROWS)):
        chunk = readable[start : start + CHUNK_ROWS]
        request = verification_service_pb2.IngestRegistryRecordsRequest(
            request_id=f"{base}-{number}",
            source=SOURCES[args.source],
            batch_name=args.batch_name,
            records=[row.record for row in chunk],
        )
        try:
            response = stub.IngestRegistryRecords(request, metadata=metadata, timeout=args.timeout)
        except grpc.RpcError as error:
            progress.close()
            return _report(error, args, request.request_id)
        for row, result in zip(chunk, response.results, strict=True):
            counts[result.outcome] += 1
            for violation in result.violations:
                _write_refusal(
                    sys.stdout, RowRefusal(row.line, violation.field, violation.reason_code, violation.message)
                )
        done += len(chunk)
        progress.show(done)
    progress.close()
    counts[verification_pb2.RECORD_OUTCOME_INVALID] += len(refusals)
    parts = [f"{counts[outcome]:,} {words}" for outcome, words in OUTCOME_WORDS.items() if counts[outcome]]
    sys.stdout.write(f"{args.file.name}: {len(rows):,} rows: {', '.join(parts) or 'nothing'}\n")
    return EXIT_REFUSED if counts[verification_pb2.RECORD_OUTCOME_INVALID] else EXIT_OK


def _report(error: grpc.RpcError, args: argparse.Namespace, request_id: str) -> int:
    remote = from_rpc_error(error)
    if remote.code in UNREACHABLE:
        sys.stderr.write(
            f"unavailable: the verification service at {args.address} did not answer ({remote.message}); "
            "run the same import again: rows applied already change nothing\n"
        )
        return EXIT_UNREACHABLE
    return write_refusal(sys.stderr, remote.reason, remote.field, remote.message)


def _parser() -> argparse.ArgumentParser:
    parser, commands = officer_commands(
        "python -m pension_verification.registry_cli",
        "Registry files (deaths, employees' pensions, prison) into the verification service (docs/registry-feeds.md).",
    )

    importing = commands.add_parser("import", help="send a registry file; each row is applied once")
    importing.add_argument("--source", required=True, choices=sorted(SOURCES), help="the registry the file is from")
    importing.add_argument(
        "--batch-name", required=True, type=non_blank("batch name"), help="name of the delivery, kept with its events"
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv", help="UTF-8 CSV with a header row")
    add_service_arguments(
        importing, service="verification", timeout=DEFAULT_TIMEOUT_SECONDS, timeout_help="seconds to wait per chunk"
    )
    importing.add_argument("--request-id", type=non_blank("request id"), help="base of the chunks' request ids")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(_parser(), argv)
    if isinstance(args, int):
        return args
    if args.command == "login":
        return login(args)
    if not args.file.is_file():
        sys.stderr.write(f"{args.file}: no such file\n")
        return EXIT_FAILED
    with grpc.insecure_channel(args.address) as channel:
        try:
            return _import(args, channel)
        except SignInError as error:
            return refuse_not_signed_in(sys.stderr, error)


if __name__ == "__main__":
    sys.exit(main())
