"""County officers' command line for the monthly payroll, against the running payout service over gRPC.

    python -m pension_payout.entrypoints.cli login --user officer-1 [--gateway URL] [--password-stdin]
    python -m pension_payout.entrypoints.cli awards  --region 411731 --month 2026-12
    python -m pension_payout.entrypoints.cli prepare --region 411731 --month 2026-12
    python -m pension_payout.entrypoints.cli approve PR-411731-202612 --reason "checked the totals"
    python -m pension_payout.entrypoints.cli export PR-411731-202612 [--out DIR]
    python -m pension_payout.entrypoints.cli import-return PR-411731-202612 PR-411731-202612-ABC RETURN.txt
    python -m pension_payout.entrypoints.cli close PR-411731-202612
    python -m pension_payout.entrypoints.cli status PR-411731-202612 [--json | --failed]
    python -m pension_payout.entrypoints.cli status --region 411731 --month 2026-12
    python -m pension_payout.entrypoints.cli list --region 411731

`login` signs the officer in at the gateway (PENSION_GATEWAY_URL, default http://127.0.0.1:8000) and keeps the
token in --token-file (PENSION_TOKEN_FILE, default ~/.config/pension-platform/token, readable by the officer
only); every other command sends that token, and the service takes the officer's identity and role from it and
from nothing else. So two approvals need two officers who each signed in. The service is found at --address,
or PENSION_PAYOUT_ADDRESS, or 127.0.0.1:50052. Every mutating command sends a fresh request id unless
--request-id is given: a command that timed out is repeated safely with the id it printed.

Exit codes: 0 done; 1 failed here (a downloaded bank file that does not verify); 2 bad arguments, or the step was
refused (by the service, or a bank return file that does not answer its batch); 3 the service could not be
reached or did not answer in time. Documented in docs/payroll.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import grpc
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_kit.cli_session import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    SignInError,
    add_service_arguments,
    address_variable,
    load_metadata,
    login,
    non_blank,
    officer_commands,
    parse_arguments,
    refuse_not_signed_in,
    report_rpc_error,
)
from pension_kit.clock import CHINA
from pension_kit.identifiers import (
    IdentifierError,
    Month,
    division_code_of_pooling_region,
    format_month,
    parse_month,
)
from pension_kit.money import format_yuan
from pension_kit.protoconv import to_year_month
from pension_payout.adapters.private_files import open_private, private_folder

ADDRESS_VARIABLE: Final = address_variable("payout")
DEFAULT_TIMEOUT_SECONDS: Final = 300.0
# Bytes per message of a return-file upload.
UPLOAD_CHUNK: Final = 64 * 1024
PAGE_SIZE: Final = 1000

FUNDS: Final = {types_pb2.FUND_INDIVIDUAL_ACCOUNT: "individual account", types_pb2.FUND_POOLED: "pooled fund"}

Stub = payout_service_pb2_grpc.PayoutServiceStub


class Failed(Exception):
    """A failure found here, not by the service (a downloaded file that does not verify); exit 1."""


class Context:
    """What every command needs: the stub, the caller's metadata, the deadline of each call, the request id."""

    def __init__(self, args: argparse.Namespace, channel: grpc.Channel) -> None:
        self.stub = Stub(channel)
        self.metadata = load_metadata(args.token_file)
        self.timeout: float = args.timeout
        self.request_id: str = getattr(args, "request_id", None) or str(uuid.uuid4())

    def call(self, method: Callable[..., Any], request: Any) -> Any:
        return method(request, metadata=self.metadata, timeout=self.timeout)


# --- arguments -----------------------------------------------------------------------------------------------------


def _month(value: str) -> Month:
    try:
        return parse_month(value, field="month")
    except IdentifierError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a month written YYYY-MM, e.g. 2026-12") from None


def _region(value: str) -> str:
    try:
        division_code_of_pooling_region(value, field="region")
    except IdentifierError as error:
        raise argparse.ArgumentTypeError(f"{value!r}: {error.message}") from None
    return value.strip()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    add_service_arguments(
        common, service="payout", timeout=DEFAULT_TIMEOUT_SECONDS, timeout_help="seconds to wait for each answer"
    )
    mutating = argparse.ArgumentParser(add_help=False)
    mutating.add_argument(
        "--request-id",
        type=non_blank("request id"),
        help="repeat a command that timed out with the request id it printed, so that it is done only once",
    )

    parser, commands = officer_commands(
        "python -m pension_payout.entrypoints.cli",
        "The monthly payroll of a pooling region, run against the payout service (docs/payroll.md).",
    )

    def command(name: str, help_text: str, *, mutates: bool = True) -> Any:
        return commands.add_parser(
            name, help=help_text, description=help_text, parents=[common, mutating] if mutates else [common]
        )

    awards = command("awards", "run the award job: grant awards to those reaching pension age with enough years")
    awards.add_argument("--region", required=True, type=_region, help="6-digit county code")
    awards.add_argument("--month", required=True, type=_month, help="first month paid, YYYY-MM")
    awards.add_argument("--show-short", action="store_true", help="list the residents found short of years")

    prepare = command("prepare", "prepare (or complete) the DRAFT payroll run of a region and month")
    prepare.add_argument("--region", required=True, type=_region, help="6-digit county code")
    prepare.add_argument("--month", required=True, type=_month, help="month paid, YYYY-MM")

    approve = command("approve", "sign off a DRAFT run (not its preparer)")
    approve.add_argument("run_id", type=non_blank("run id"), metavar="RUN_ID")
    approve.add_argument("--reason", default="", help="your note, recorded with the approval")

    export = command("export", "write the bank files of an APPROVED run and download them")
    export.add_argument("run_id", type=non_blank("run id"), metavar="RUN_ID")
    export.add_argument("--out", type=Path, help="folder to save the files in (default ./bank-files/RUN_ID/)")

    import_return = command("import-return", "import a bank's return file for one batch of an exported run")
    import_return.add_argument("run_id", type=non_blank("run id"), metavar="RUN_ID")
    import_return.add_argument("batch_id", type=non_blank("batch id"), metavar="BATCH_ID")
    import_return.add_argument("file", type=Path, metavar="FILE", help="the bank's return file")

    close = command("close", "close a RETURNED run (paid + failed = exported, to the fen)")
    close.add_argument("run_id", type=non_blank("run id"), metavar="RUN_ID")

    status = command("status", "show a run: status, approvals, bank batches, paid and failed", mutates=False)
    status.add_argument("run_id", nargs="?", type=non_blank("run id"), metavar="RUN_ID")
    status.add_argument("--region", type=_region, help="6-digit county code (with --month, instead of RUN_ID)")
    status.add_argument("--month", type=_month, help="month paid, YYYY-MM (with --region)")
    shown = status.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the run as JSON (for scripts)")
    shown.add_argument("--failed", action="store_true", help="also list the payments the banks failed")

    runs = command("list", "list the payroll runs of a region, newest first", mutates=False)
    runs.add_argument("--region", required=True, type=_region, help="6-digit county code")
    return parser


# --- output --------------------------------------------------------------------------------------------------------


def _write(lines: list[str]) -> None:
    sys.stdout.write("".join(f"{line}\n" for line in lines))


def _money(fen: int) -> str:
    return f"{format_yuan(fen)} yuan ({fen} fen)"


def _enum_name(enum: Any, value: int, prefix: str) -> str:
    try:
        name: str = enum.Name(value)
    except ValueError:
        return str(value)
    return name.removeprefix(prefix)


def _status(run: payout_pb2.PayrollRun) -> str:
    return _enum_name(payout_pb2.PayrollStatus, run.status, "PAYROLL_STATUS_")


def _month_of(value: types_pb2.YearMonth) -> str:
    return format_month(value.year, value.month)


def _when(stamp: Timestamp) -> str:
    return stamp.ToDatetime(tzinfo=CHINA).strftime("%Y-%m-%d %H:%M:%S")


def _row(label: str, value: object) -> str:
    return f"{label + ':':<11} {value}"


def _count_and_money(count: int, fen: int) -> str:
    return f"{count}, {_money(fen)}"


def _run_lines(run: payout_pb2.PayrollRun) -> list[str]:
    """The run as an officer reads it: what it pays, to whom by fund, who signed, what the banks answered."""
    lines = [
        _row("run", run.payroll_run_id),
        _row("status", _status(run)),
        _row("region", run.pooling_region_code),
        _row("month", _month_of(run.month)),
    ]
    if run.HasField("prepared_at"):
        lines.append(_row("prepared", f"by {run.prepared_by} at {_when(run.prepared_at)}"))
    lines += [
        _row("payments", _count_and_money(run.payment_count, run.total_fen)),
        _row("  regular", _count_and_money(run.regular_count, run.regular_fen)),
        _row("  back pay", _count_and_money(run.back_pay_count, run.back_pay_fen)),
        _row("  retried", _count_and_money(run.retry_count, run.retry_fen)),
        _row("suspended", f"{run.suspended_count} (left out)"),
        "totals by component and fund:",
    ]
    labels = [
        (
            f"{_enum_name(types_pb2.BenefitComponent, total.component, 'BENEFIT_COMPONENT_').lower().replace('_', ' ')}"
            f" / {FUNDS.get(total.fund, str(total.fund))}",
            total.amount_fen,
        )
        for total in run.totals
    ]
    lines += [f"  {label}: {_money(fen)}" for label, fen in labels] or ["  (none)"]
    lines += _approval_lines(run)
    if run.batches:
        lines.append("bank batches:")
        for batch in run.batches:
            status = _enum_name(payout_pb2.BankBatchStatus, batch.status, "BANK_BATCH_STATUS_")
            line = (
                f"  {batch.bank_code} {batch.bank_name}: {batch.batch_id}, {batch.file_name}, "
                f"{batch.record_count} records, {_money(batch.total_fen)}, {status}"
            )
            if batch.status == payout_pb2.BANK_BATCH_STATUS_RETURNED:
                line += (
                    f": paid {_count_and_money(batch.paid_count, batch.paid_fen)}; "
                    f"failed {_count_and_money(batch.failed_count, batch.failed_fen)}"
                )
            lines.append(line)
        lines += [
            _row("paid", _count_and_money(run.paid_count, run.paid_fen)),
            _row("failed", _count_and_money(run.failed_count, run.failed_fen)),
        ]
    for field in ("exported_at", "returned_at", "closed_at"):
        if run.HasField(field):
            lines.append(_row(field.replace("_", " "), _when(getattr(run, field))))
    return lines


def _approval_lines(run: payout_pb2.PayrollRun) -> list[str]:
    lines = [_row("approvals", f"{len(run.approvals)} of {run.approvals_required}")]
    for approval in run.approvals:
        note = f": {approval.reason}" if approval.reason else ""
        lines.append(f"  {approval.approver_id} at {_when(approval.approved_at)}{note}")
    return lines


# --- commands ------------------------------------------------------------------------------------------------------


def _awards(context: Context, args: argparse.Namespace) -> int:
    result = context.call(
        context.stub.RunAwards,
        payout_service_pb2.RunAwardsRequest(
            request_id=context.request_id, pooling_region_code=args.region, month=to_year_month(args.month)
        ),
    )
    _write(
        [
            f"award run for region {args.region}, month {args.month}:",
            f"granted: {result.granted}",
            f"short of years: {result.short_of_years}",
            f"already awarded: {result.already_awarded}",
        ]
    )
    if args.show_short:
        lines = []
        token = ""
        while True:
            page = context.call(
                context.stub.ListShortOfYears,
                payout_service_pb2.ListShortOfYearsRequest(
                    pooling_region_code=args.region,
                    checked_month=to_year_month(args.month),
                    page_size=PAGE_SIZE,
                    page_token=token,
                ),
            )
            lines += [
                f"  {entry.resident_id} {entry.name_masked} (village {entry.village_code}): "
                f"{entry.contributed_years} of {entry.required_years} years, {entry.years_lacking} lacking"
                for entry in page.residents
            ]
            token = page.next_page_token
            if not token:
                break
        _write([f"short of years, found by this month's award runs: {len(lines)}", *lines])
    return EXIT_OK


def _prepare(context: Context, args: argparse.Namespace) -> int:
    reply = context.call(
        context.stub.PreparePayroll,
        payout_service_pb2.PreparePayrollRequest(
            request_id=context.request_id, pooling_region_code=args.region, month=to_year_month(args.month)
        ),
    )
    _write(_run_lines(reply.payroll))
    return EXIT_OK


def _approve(context: Context, args: argparse.Namespace) -> int:
    run = context.call(
        context.stub.ApprovePayroll,
        payout_service_pb2.ApprovePayrollRequest(
            request_id=context.request_id, payroll_run_id=args.run_id, reason=args.reason.strip()
        ),
    ).payroll
    lines = [_row("run", run.payroll_run_id), _row("status", _status(run)), *_approval_lines(run)]
    missing = run.approvals_required - len(run.approvals)
    if run.status == payout_pb2.PAYROLL_STATUS_DRAFT and missing > 0:
        lines.append(f"needs {missing} more approval(s), each by another approver, none the preparer")
    _write(lines)
    return EXIT_OK


def _export(context: Context, args: argparse.Namespace) -> int:
    run = context.call(
        context.stub.ExportPayroll,
        payout_service_pb2.ExportPayrollRequest(request_id=context.request_id, payroll_run_id=args.run_id),
    ).payroll
    folder: Path = args.out if args.out is not None else Path("bank-files") / run.payroll_run_id
    private_folder(folder)  # the files hold names and card numbers: readable by the officer only
    _write(
        [
            f"run {run.payroll_run_id}: {_status(run)}, {len(run.batches)} bank file(s), "
            f"{sum(b.record_count for b in run.batches)} records, {_money(sum(b.total_fen for b in run.batches))}"
        ]
    )
    failures = []
    for batch in run.batches:
        try:
            path = _download(context, run.payroll_run_id, batch, folder)
        except Failed as problem:
            failures.append(f"{batch.bank_code} {batch.batch_id}: not saved: {problem}")
            continue
        _write(
            [
                f"{batch.bank_code} {batch.bank_name}: saved {path}, {batch.record_count} records, "
                f"{_money(batch.total_fen)}, sha256 {batch.sha256} verified"
            ]
        )
    for failure in failures:
        sys.stderr.write(f"failed: {failure}\n")
    return EXIT_FAILED if failures else EXIT_OK


def _download(context: Context, run_id: str, batch: payout_pb2.BankBatch, folder: Path) -> Path:
    """Streams one batch file to `folder`, and keeps it only if it is the file the reply described."""
    # The name the export reply gave, only ever as a file name in the folder, never a path out of it.
    name = Path(batch.file_name).name
    if name in ("", ".", ".."):
        raise Failed(f"the batch's file name {batch.file_name!r} is not a file name")
    partial = folder / f".{name}.partial"
    try:
        with open_private(partial) as file:
            for part in context.call(
                context.stub.DownloadBankBatch,
                payout_service_pb2.DownloadBankBatchRequest(payroll_run_id=run_id, batch_id=batch.batch_id),
            ):
                file.write(part.chunk)
        problem = _verify_batch_file(partial, batch)
        if problem:
            raise Failed(problem)
        target = folder / name
        os.replace(partial, target)
        return target
    finally:
        partial.unlink(missing_ok=True)


def _verify_batch_file(path: Path, batch: payout_pb2.BankBatch) -> str:
    """What is wrong with a downloaded batch file (empty if nothing): its header, its trailer, its payment lines.

    The trailer's SHA-256 must be the batch's, as the export reply gave it, and the payment (D) lines must hash to
    it, count and total to what the trailer says (docs/bank-files.md); read line by line, so memory stays flat.
    """
    digest = hashlib.sha256()
    count = total = 0
    trailer: list[bytes] | None = None
    with path.open("rb") as file:
        for number, line in enumerate(file, start=1):
            fields = line.rstrip(b"\n").split(b"|")
            if trailer is not None:
                return f"line {number}: a line after the trailer"
            if number == 1:
                if fields[:2] != [b"H", b"PENSION-BATCH"] or len(fields) < 4 or fields[3] != batch.batch_id.encode():
                    return f"line 1: not the header of batch {batch.batch_id}"
            elif fields[0] == b"D" and len(fields) == 7 and fields[6].isdigit():
                digest.update(line)
                count += 1
                total += int(fields[6])
            elif fields[0] == b"T" and len(fields) == 4:
                trailer = fields
            else:
                return f"line {number}: not a payment line or trailer as docs/bank-files.md says"
    if trailer is None:
        return "the file has no trailer (incomplete download?)"
    said_sha = trailer[3].decode(errors="replace")
    if said_sha != batch.sha256:
        return f"the trailer's sha256 {said_sha} is not the batch's {batch.sha256}"
    if digest.hexdigest() != said_sha:
        return f"the payment lines hash to {digest.hexdigest()}, not to the trailer's sha256 {said_sha}"
    if (trailer[1], trailer[2]) != (str(count).encode(), str(total).encode()):
        return f"the trailer's count and total are not the file's: {count} lines, {total} fen"
    if (count, total) != (batch.record_count, batch.total_fen):
        return f"the file has {count} lines, {total} fen; the batch {batch.record_count}, {batch.total_fen} fen"
    return ""


def _import_return(context: Context, args: argparse.Namespace) -> int:
    path: Path = args.file

    def parts() -> Iterator[payout_service_pb2.ImportBankReturnRequest]:
        yield payout_service_pb2.ImportBankReturnRequest(
            header=payout_service_pb2.BankReturnHeader(
                request_id=context.request_id, payroll_run_id=args.run_id, batch_id=args.batch_id, file_name=path.name
            )
        )
        with path.open("rb") as file:
            while chunk := file.read(UPLOAD_CHUNK):
                yield payout_service_pb2.ImportBankReturnRequest(chunk=chunk)

    reply = context.call(context.stub.ImportBankReturn, parts())
    if not reply.accepted:
        _write(
            [
                f"return file {path} refused for batch {args.batch_id}: {len(reply.mismatches)} problem(s), "
                "nothing was applied:",
                *(f"  {m.location or '-'}: {m.reason_code} ({m.field or '-'}): {m.message}" for m in reply.mismatches),
            ]
        )
        sys.stderr.write(
            f"refused: the return file {path} does not answer batch {args.batch_id}: "
            f"{len(reply.mismatches)} problem(s) listed; nothing was applied; the bank must correct and resend it\n"
        )
        return EXIT_REFUSED
    batch, run = reply.batch, reply.payroll
    returned = sum(1 for b in run.batches if b.status == payout_pb2.BANK_BATCH_STATUS_RETURNED)
    lines = [
        f"return accepted for batch {batch.batch_id} ({batch.bank_code} {batch.bank_name}), file {path.name}:",
        _row("paid", _count_and_money(batch.paid_count, batch.paid_fen)),
        _row("failed", _count_and_money(batch.failed_count, batch.failed_fen)),
        f"run {run.payroll_run_id}: {_status(run)}, {returned} of {len(run.batches)} bank returns imported",
    ]
    if run.status == payout_pb2.PAYROLL_STATUS_RETURNED:
        lines.append(f"every bank has answered: close the run with `close {run.payroll_run_id}`")
    _write(lines)
    return EXIT_OK


def _close(context: Context, args: argparse.Namespace) -> int:
    run = context.call(
        context.stub.ClosePayroll,
        payout_service_pb2.ClosePayrollRequest(request_id=context.request_id, payroll_run_id=args.run_id),
    ).payroll
    exported_count = sum(b.record_count for b in run.batches)
    exported_fen = sum(b.total_fen for b in run.batches)
    _write(
        [
            _row("run", run.payroll_run_id),
            _row("status", _status(run)),
            _row("paid", _count_and_money(run.paid_count, run.paid_fen)),
            _row("failed", _count_and_money(run.failed_count, run.failed_fen)),
            _row("exported", f"{_count_and_money(exported_count, exported_fen)} = paid + failed"),
        ]
    )
    return EXIT_OK


def _show_status(context: Context, args: argparse.Namespace) -> int:
    request = payout_service_pb2.GetPayrollRequest(payroll_run_id=args.run_id or "")
    if not args.run_id:
        request.pooling_region_code = args.region
        request.month.CopyFrom(to_year_month(args.month))
    run = context.call(context.stub.GetPayroll, request).payroll
    if args.json:
        sys.stdout.write(
            json_format.MessageToJson(
                run,
                preserving_proto_field_name=True,
                indent=2,
                ensure_ascii=False,
                # Zeros too (failed_fen: "0"), so that a script finds every field.
                always_print_fields_with_no_presence=True,
            )
            + "\n"
        )
        return EXIT_OK
    lines = _run_lines(run)
    if args.failed:
        failed = []
        token = ""
        while True:
            page = context.call(
                context.stub.ListPayments,
                payout_service_pb2.ListPaymentsRequest(
                    payroll_run_id=run.payroll_run_id,
                    status=payout_pb2.PAYMENT_STATUS_FAILED,
                    page_size=PAGE_SIZE,
                    page_token=token,
                ),
            )
            failed += [
                f"  {p.payment_id}: {p.resident_id}, {_month_of(p.month)}, {_money(p.amount_fen)}, "
                f"{p.bank_account.bank_code} {p.bank_account.account_masked}: {p.failure_code} {p.failure_reason}"
                for p in page.payments
            ]
            token = page.next_page_token
            if not token:
                break
        lines += [f"failed payments: {len(failed)}", *failed]
    _write(lines)
    return EXIT_OK


def _list(context: Context, args: argparse.Namespace) -> int:
    runs = []
    token = ""
    while True:
        page = context.call(
            context.stub.ListPayrolls,
            payout_service_pb2.ListPayrollsRequest(
                pooling_region_code=args.region, page_size=PAGE_SIZE, page_token=token
            ),
        )
        runs += list(page.payrolls)
        token = page.next_page_token
        if not token:
            break
    if not runs:
        _write([f"no payroll runs for region {args.region}"])
        return EXIT_OK
    lines = [f"payroll runs of region {args.region}, newest first:"]
    for run in runs:
        line = (
            f"  {_month_of(run.month)}  {run.payroll_run_id}  {_status(run):<9} {run.payment_count} payments, "
            f"{_money(run.total_fen)}, approvals {len(run.approvals)} of {run.approvals_required}"
        )
        if run.batches:
            line += f", paid {run.paid_count}, failed {run.failed_count}"
        lines.append(line)
    _write(lines)
    return EXIT_OK


COMMANDS: Final[dict[str, Callable[[Context, argparse.Namespace], int]]] = {
    "awards": _awards,
    "prepare": _prepare,
    "approve": _approve,
    "export": _export,
    "import-return": _import_return,
    "close": _close,
    "status": _show_status,
    "list": _list,
}
MUTATING: Final = frozenset({"awards", "prepare", "approve", "export", "import-return", "close"})


# --- main ----------------------------------------------------------------------------------------------------------


def _check(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What argparse cannot say alone; parser.error exits 2 with the usage and the message."""
    if args.command == "status":
        if args.run_id and (args.region or args.month):
            parser.error("status: give RUN_ID, or --region and --month, not both")
        if not args.run_id and not (args.region and args.month):
            parser.error("status: give RUN_ID, or both --region and --month")
    if args.command == "import-return" and not args.file.is_file():
        parser.error(f"import-return: {args.file}: no such file")


def _report(error: grpc.RpcError, args: argparse.Namespace, request_id: str) -> int:
    return report_rpc_error(
        error, service="payout", address=args.address, timeout=args.timeout, request_id=request_id, err=sys.stderr
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parse_arguments(parser, argv)
    if isinstance(args, int):
        return args
    try:
        _check(parser, args)
    except SystemExit as exit_:  # parser.error: 2, with the usage
        return exit_.code if isinstance(exit_.code, int) else EXIT_REFUSED
    if args.command == "login":
        return login(args)
    with grpc.insecure_channel(args.address) as channel:
        try:
            context = Context(args, channel)
        except SignInError as error:
            return refuse_not_signed_in(sys.stderr, error)
        try:
            return COMMANDS[args.command](context, args)
        except grpc.RpcError as error:
            return _report(error, args, context.request_id if args.command in MUTATING else "")
        except (Failed, OSError) as failure:  # here, not at the service: a folder or file that cannot be written
            sys.stderr.write(f"failed: {failure}\n")
            return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
