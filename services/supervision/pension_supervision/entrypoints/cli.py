"""Auditors' and supervision officers' command line, against the running supervision service over gRPC.

    python -m pension_supervision.cli login --user auditor-1 [--gateway URL] [--password-stdin]
    python -m pension_supervision.cli audit verify [--from N] [--to N]
    python -m pension_supervision.cli audit entries [--subject R... | 411723] [--limit N]
    python -m pension_supervision.cli alerts list [--region 411723] [--rule payment_after_death] [--status open]
    python -m pension_supervision.cli alerts show AL-...
    python -m pension_supervision.cli alerts dismiss AL-... --reason "checked: the death record was wrong"
    python -m pension_supervision.cli cases open --alert AL-... [--alert AL-...] --title "..." [--assign officer-2]
    python -m pension_supervision.cli cases update CASE_ID [--status investigating] [--assign U] [--recovered-fen N]
                                      [--note TEXT] [--attach REF]... [--overpayment-case ID]...
    python -m pension_supervision.cli cases show CASE_ID | cases list [--region R] [--status S] [--escalated]
    python -m pension_supervision.cli complaints list [--region R] [--status S] [--kind K] [--overdue]
    python -m pension_supervision.cli complaints show TICKET | extend TICKET --reason TEXT
    python -m pension_supervision.cli complaints update TICKET [--status S] [--assign U] [--resolution TEXT]
    python -m pension_supervision.cli complaints check-deadlines [--region R] [--as-of YYYY-MM-DD]
    python -m pension_supervision.cli reconcile run --region R --month YYYY-MM [--figures FILE.csv]
    python -m pension_supervision.cli reconcile show --region R --month YYYY-MM
    python -m pension_supervision.cli disclosure show --region R --year YYYY [--month M]
    python -m pension_supervision.cli notice show --village 411723101201 --month YYYY-MM

`login` signs in at the gateway (PENSION_GATEWAY_URL) and keeps the token in --token-file (PENSION_TOKEN_FILE,
readable by its owner only), as the payroll command line does; every other command sends that token, and the
service takes the caller's identity and role from it alone. The service is found at --address, or
PENSION_SUPERVISION_ADDRESS. Every command prints for people, in Chinese and English, amounts in yuan with their
fen; `--json` prints the contract's message instead. A mutating command sends a fresh request id unless
--request-id is given: one that timed out is repeated safely with the id it printed. The fund accounts' figures
for `reconcile run` are a CSV file (pension_supervision.adapters.fund_figures_file).

Exit codes: 0 done; 1 the audit chain was found broken; 2 bad arguments or refused (here or by the service, with
the reason code and the field); 3 the service could not be reached or did not answer in time.
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final, TextIO

import grpc
from google.protobuf.descriptor import EnumDescriptor
from google.protobuf.message import Message

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.cli_session import (
    EXIT_FAILED,
    EXIT_OK,
    SignInError,
    add_service_arguments,
    load_metadata,
    login,
    officer_commands,
    parse_arguments,
    refuse_not_signed_in,
    report_rpc_error,
    write_refusal,
)
from pension_kit.errors import TITLES_ZH, InvalidArgument
from pension_kit.identifiers import (
    IdentifierError,
    Month,
    division_code_of_pooling_region,
    parse_month,
    validate_village_code,
)
from pension_kit.paging import MAX_PAGE_SIZE
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.text import ID_MAX, REASON_MAX, REFERENCE_MAX, check_free_text, check_length
from pension_supervision.adapters.fund_figures_file import FiguresRefused, FundFigure, read_fund_figures
from pension_supervision.entrypoints import cli_output as show

PROG: Final = "python -m pension_supervision.cli"
DEFAULT_TIMEOUT_SECONDS: Final = 120.0
DEFAULT_LIMIT: Final = 100
TITLE_MAX: Final = 200
ALERT_ID: Final = re.compile(r"AL-[0-9a-f]{24}")
# Ids the platform made (a case, payout's overpayment case) and officers' user ids.
PLATFORM_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
# A ticket number as printed (TS-410122-260701-0001-7) or read back over the phone (blanks or hyphens between the
# groups, with or without TS): the service checks its check digit (as the gateway's complaints route takes it).
TICKET_NUMBER: Final = re.compile(r"(?:[Tt][Ss])?[0-9 -]{17,40}")

Stub = supervision_service_pb2_grpc.SupervisionServiceStub


# --- arguments: each refusal names its field and a reason code (InvalidArgument passes through argparse) -----------


def _text(field: str, max_length: int) -> Callable[[str], str]:
    """Free text without a personal number in it (FREE_TEXT_PERSONAL_NUMBER), within `max_length`."""

    def parse(value: str) -> str:
        return check_free_text(value.strip(), field=field, max_length=max_length)

    return parse


def _required_text(field: str, max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        text = _text(field, max_length)(value)
        if not text:
            raise InvalidArgument("FIELD_REQUIRED", f"{field} is empty", field=field, message_zh=f"{field} 必填")
        return text

    return parse


def _identifier(field: str, pattern: re.Pattern[str], what: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        text = check_length(value.strip(), field=field, max_length=ID_MAX)
        if pattern.fullmatch(text) is None:
            raise InvalidArgument(
                f"{field.upper()}_FORMAT", f"{value!r} is not {what}", field=field, message_zh=f"{field} 格式不正确"
            )
        return text

    return parse


def _alert_id(value: str) -> str:
    return _identifier("alert_id", ALERT_ID, 'an alert id ("AL-" and 24 lower-case hexadecimal digits)')(value)


def _ticket(value: str) -> str:
    return _identifier("ticket_number", TICKET_NUMBER, "a ticket number, e.g. TS-410122-260701-0001-7")(value)


def _platform_id(field: str) -> Callable[[str], str]:
    return _identifier(field, PLATFORM_ID, "an id: letters, digits and . _ : -")


def _zh(reason: str) -> str:
    """The kit's Chinese title of an identifier's reason code."""
    return TITLES_ZH.get(reason, "格式不正确")


def _region(value: str) -> str:
    try:
        division_code_of_pooling_region(value, field="pooling_region_code")
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field=error.field, message_zh=_zh(error.reason)) from None
    return value.strip()


def _village(value: str) -> str:
    try:
        return validate_village_code(value, field="village_code").code
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field=error.field, message_zh=_zh(error.reason)) from None


def _month(value: str) -> Month:
    try:
        return parse_month(value, field="month")
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field=error.field, message_zh=_zh(error.reason)) from None


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidArgument(
            "DATE_FORMAT",
            f"{value!r} is not a day written YYYY-MM-DD",
            field="as_of",
            message_zh="日期应写作YYYY-MM-DD",
        ) from None


def _fen(field: str) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not re.fullmatch(r"[0-9]{1,16}", value.strip()):
            raise InvalidArgument(
                "AMOUNT_INVALID",
                f"{value!r} is not a whole number of fen (123456 is 1,234.56 yuan)",
                field=field,
                message_zh="金额应为整数，单位为分",
            )
        return int(value)

    return parse


def _count(field: str, low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not re.fullmatch(r"[0-9]{1,19}", value.strip()) or not low <= int(value) <= high:
            raise InvalidArgument(
                "FIELD_OUT_OF_RANGE",
                f"{field} is a whole number {low} to {high}",
                field=field,
                message_zh=f"{field} 应为{low}到{high}之间的整数",
            )
        return int(value)

    return parse


def choices(enum: EnumDescriptor) -> list[str]:
    """The contract enum's values as the command line names them: lower case, without prefix or UNSPECIFIED."""
    return [show.short_name(enum, v.number) for v in enum.values if v.number != 0]


def enum_number(enum: EnumDescriptor, name: str | None) -> int:
    """The contract number of a name from `choices(enum)`; 0 (unspecified) for None."""
    if name is None:
        return 0
    return next(v.number for v in enum.values if v.number != 0 and show.short_name(enum, v.number) == name)


# --- the parser ----------------------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    add_service_arguments(
        common, service="supervision", timeout=DEFAULT_TIMEOUT_SECONDS, timeout_help="seconds to wait for each answer"
    )
    common.add_argument("--json", action="store_true", help="print the contract's message as JSON (for scripts)")
    mutating = argparse.ArgumentParser(add_help=False)
    mutating.add_argument(
        "--request-id",
        type=_platform_id("request_id"),
        help="repeat a command that timed out with the request id it printed, so that it is done only once",
    )
    listing = argparse.ArgumentParser(add_help=False)
    listing.add_argument(
        "--limit", type=_count("limit", 1, 100_000), default=DEFAULT_LIMIT, help="at most this many (default 100)"
    )

    top, groups = officer_commands(
        PROG,
        "Supervision for auditors: the audit chain, alerts, cases, complaints, "
        "reconciliation, disclosure and public notices.",
    )

    def group(name: str, help_text: str) -> Any:
        sub = groups.add_parser(name, help=help_text, description=help_text)
        return sub.add_subparsers(dest="action", required=True, metavar="ACTION")

    def command(actions: Any, name: str, help_text: str, *extra: argparse.ArgumentParser) -> Any:
        return actions.add_parser(name, help=help_text, description=help_text, parents=[common, *extra])

    audit = group("audit", "the hash-chained audit log of every event")
    verify = command(audit, "verify", "check the audit chain and say where it breaks", mutating)
    verify.add_argument("--from", dest="from_sequence", type=_count("from_sequence", 0, 2**63 - 1), default=0)
    verify.add_argument("--to", dest="to_sequence", type=_count("to_sequence", 0, 2**63 - 1), default=0)
    entries = command(audit, "entries", "audit entries in chain order", listing)
    entries.add_argument(
        "--subject",
        type=_identifier(
            "subject_key", re.compile(r"R[0-9A-Fa-f]{20}|[0-9]{6}"), "a resident id or a 6-digit region code"
        ),
    )
    entries.add_argument("--from", dest="from_sequence", type=_count("from_sequence", 0, 2**63 - 1), default=0)
    entries.add_argument(
        "--producer",
        type=_identifier("producer", re.compile(r"[a-z][a-z0-9_-]{0,39}"), "a service's name, e.g. payout"),
    )
    entries.add_argument(
        "--event-type",
        type=_identifier(
            "event_type", re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,119}"), "a dotted event type, e.g. pension.payout.v1.X"
        ),
    )

    alerts = group("alerts", "what the alert rules found")
    alert_list = command(alerts, "list", "alerts, newest first", listing)
    alert_list.add_argument("--region", type=_region, help="6-digit county code")
    alert_list.add_argument("--rule", choices=choices(supervision_pb2.AlertRule.DESCRIPTOR))
    alert_list.add_argument("--status", choices=choices(supervision_pb2.AlertStatus.DESCRIPTOR))
    alert_list.add_argument(
        "--resident", type=_identifier("resident_id", re.compile(r"R[0-9A-Fa-f]{20}"), "a resident id")
    )
    command(alerts, "show", "one alert with its reason, score and evidence").add_argument("alert_id", type=_alert_id)
    dismiss = command(alerts, "dismiss", "dismiss an alert, with the reason", mutating)
    dismiss.add_argument("alert_id", type=_alert_id)
    dismiss.add_argument("--reason", required=True, type=_required_text("reason", REASON_MAX))

    cases = group("cases", "supervision cases built from alerts")
    case_open = command(cases, "open", "open a case from alerts", mutating)
    case_open.add_argument("--alert", dest="alert_ids", action="append", required=True, type=_alert_id)
    case_open.add_argument("--title", required=True, type=_required_text("title", TITLE_MAX))
    case_open.add_argument("--assign", type=_platform_id("assigned_to"), help="officer's user id")
    case_open.add_argument("--amount-fen", type=_fen("amount_fen"), default=0, help="default: the alerts' total")
    case_open.add_argument("--reason", type=_text("reason", REASON_MAX), default="")
    case_open.add_argument(
        "--overpayment-case",
        dest="overpayment_case_ids",
        action="append",
        default=[],
        type=_platform_id("overpayment_case_ids"),
    )
    case_update = command(
        cases, "update", "change a case's status, assignee or recovered amount, with a note", mutating
    )
    case_update.add_argument("case_id", type=_platform_id("case_id"))
    case_update.add_argument("--status", choices=choices(supervision_pb2.CaseStatus.DESCRIPTOR))
    case_update.add_argument("--assign", type=_platform_id("assigned_to"))
    case_update.add_argument("--recovered-fen", type=_fen("recovered_fen"), default=0, help="recovered by this change")
    case_update.add_argument("--amount-fen", type=_fen("amount_fen"), default=0, help="new money at stake")
    case_update.add_argument("--note", type=_text("note", REASON_MAX), default="")
    case_update.add_argument("--reason", type=_text("reason", REASON_MAX), default="")
    case_update.add_argument(
        "--attach",
        dest="attachment_refs",
        action="append",
        default=[],
        type=_required_text("attachment_refs", REFERENCE_MAX),
        help="a document's reference",
    )
    case_update.add_argument(
        "--overpayment-case",
        dest="overpayment_case_ids",
        action="append",
        default=[],
        type=_platform_id("overpayment_case_ids"),
    )
    command(cases, "show", "one case with its history").add_argument("case_id", type=_platform_id("case_id"))
    case_list = command(cases, "list", "cases, newest first", listing)
    case_list.add_argument("--region", type=_region)
    case_list.add_argument("--status", choices=choices(supervision_pb2.CaseStatus.DESCRIPTOR))
    case_list.add_argument("--escalated", action="store_true", help="only escalated cases (要情报告)")

    complaints = group("complaints", "complaints, reports, enquiries and notice disputes (举报投诉)")
    complaint_list = command(complaints, "list", "tickets, the earliest due first", listing)
    complaint_list.add_argument("--region", type=_region)
    complaint_list.add_argument("--status", choices=choices(supervision_pb2.ComplaintStatus.DESCRIPTOR))
    complaint_list.add_argument("--kind", choices=choices(supervision_pb2.ComplaintKind.DESCRIPTOR))
    complaint_list.add_argument("--overdue", action="store_true", help="only overdue tickets")
    complaint_list.add_argument(
        "--resident", type=_identifier("resident_id", re.compile(r"R[0-9A-Fa-f]{20}"), "a resident id")
    )
    command(complaints, "show", "one ticket").add_argument("ticket", type=_ticket)
    extend = command(complaints, "extend", "extend a ticket's due date once, to 60 days after receipt", mutating)
    extend.add_argument("ticket", type=_ticket)
    extend.add_argument("--reason", required=True, type=_required_text("reason", REASON_MAX))
    complaint_update = command(complaints, "update", "change a ticket's status, assignee or resolution", mutating)
    complaint_update.add_argument("ticket", type=_ticket)
    complaint_update.add_argument("--status", choices=choices(supervision_pb2.ComplaintStatus.DESCRIPTOR))
    complaint_update.add_argument("--assign", type=_platform_id("assigned_to"))
    complaint_update.add_argument("--resolution", type=_text("resolution", REASON_MAX), default="")
    complaint_update.add_argument("--reason", type=_text("reason", REASON_MAX), default="")
    deadlines = command(complaints, "check-deadlines", "flag and escalate tickets past their due date", mutating)
    deadlines.add_argument("--region", type=_region)
    deadlines.add_argument("--as-of", type=_day, help="the day checked, YYYY-MM-DD (default today)")

    reconcile = group("reconcile", "monthly reconciliation (对账): payroll ledger vs bank returns vs fund accounts")
    run = command(reconcile, "run", "reconcile a region's month", mutating)
    run.add_argument("--region", required=True, type=_region)
    run.add_argument("--month", required=True, type=_month)
    run.add_argument("--figures", type=Path, metavar="FILE.csv", help="the fund accounts' figures (see module doc)")
    reconcile_show = command(reconcile, "show", "the last reconciliation of a region's month")
    reconcile_show.add_argument("--region", required=True, type=_region)
    reconcile_show.add_argument("--month", required=True, type=_month)

    disclosure = group("disclosure", "published figures of a region (信息披露)")
    disclosure_show = command(disclosure, "show", "a region's figures for a month or a whole year")
    disclosure_show.add_argument("--region", required=True, type=_region)
    disclosure_show.add_argument("--year", required=True, type=_count("year", 1000, 9999))
    disclosure_show.add_argument("--month", type=_count("month", 1, 12), default=0, help="1-12; the year without")

    notice = group("notice", "a village's public notice (公示)")
    notice_show = command(notice, "show", "a village's public notice for a month, every identifier masked")
    notice_show.add_argument("--village", required=True, type=_village, help="12-digit village code")
    notice_show.add_argument("--month", required=True, type=_month)
    return top


# --- requests: what each command asks (pure, so that each mapping is tested without a service) ---------------------


def figures_request(figures: list[FundFigure]) -> list[supervision_pb2.FundAccountFigure]:
    return [
        supervision_pb2.FundAccountFigure(
            item=enum_number(supervision_pb2.ReconciliationItem.DESCRIPTOR, f.item),  # type: ignore[arg-type]
            # "both" is the contract's FUND_UNSPECIFIED in a reconciliation.
            fund=0 if f.fund == "both" else enum_number(types_pb2.Fund.DESCRIPTOR, f.fund),  # type: ignore[arg-type]
            amount_fen=f.amount_fen,
            statement_ref=f.statement_ref,
        )
        for f in figures
    ]


def build_request(args: argparse.Namespace, request_id: str, figures: Sequence[FundFigure] = ()) -> Message:
    """The contract request of a command (list commands: the first page's)."""
    pb = supervision_service_pb2
    key = (args.command, args.action)
    if key == ("audit", "verify"):
        return pb.VerifyAuditChainRequest(
            request_id=request_id, from_sequence=args.from_sequence, to_sequence=args.to_sequence
        )
    if key == ("audit", "entries"):
        return pb.ListAuditEntriesRequest(
            subject_key=args.subject or "",
            producer=args.producer or "",
            event_type=args.event_type or "",
            from_sequence=args.from_sequence,
        )
    if key == ("alerts", "list"):
        return pb.ListAlertsRequest(
            pooling_region_code=args.region or "",
            rule=enum_number(supervision_pb2.AlertRule.DESCRIPTOR, args.rule),  # type: ignore[arg-type]
            status=enum_number(supervision_pb2.AlertStatus.DESCRIPTOR, args.status),  # type: ignore[arg-type]
            resident_id=args.resident or "",
        )
    if key == ("alerts", "show"):
        return pb.GetAlertRequest(alert_id=args.alert_id)
    if key == ("alerts", "dismiss"):
        return pb.DismissAlertRequest(request_id=request_id, alert_id=args.alert_id, reason=args.reason)
    if key == ("cases", "open"):
        return pb.OpenCaseRequest(
            request_id=request_id,
            alert_ids=args.alert_ids,
            title=args.title,
            assigned_to=args.assign or "",
            amount_fen=args.amount_fen,
            reason=args.reason,
            overpayment_case_ids=args.overpayment_case_ids,
        )
    if key == ("cases", "update"):
        return pb.UpdateCaseRequest(
            request_id=request_id,
            case_id=args.case_id,
            status=enum_number(supervision_pb2.CaseStatus.DESCRIPTOR, args.status),  # type: ignore[arg-type]
            assigned_to=args.assign or "",
            recovered_fen=args.recovered_fen,
            amount_fen=args.amount_fen,
            note=args.note,
            reason=args.reason,
            attachment_refs=args.attachment_refs,
            overpayment_case_ids=args.overpayment_case_ids,
        )
    if key == ("cases", "show"):
        return pb.GetCaseRequest(case_id=args.case_id)
    if key == ("cases", "list"):
        return pb.ListCasesRequest(
            pooling_region_code=args.region or "",
            status=enum_number(supervision_pb2.CaseStatus.DESCRIPTOR, args.status),  # type: ignore[arg-type]
            escalated_only=args.escalated,
        )
    if key == ("complaints", "list"):
        return pb.ListComplaintsRequest(
            pooling_region_code=args.region or "",
            status=enum_number(supervision_pb2.ComplaintStatus.DESCRIPTOR, args.status),  # type: ignore[arg-type]
            kind=enum_number(supervision_pb2.ComplaintKind.DESCRIPTOR, args.kind),  # type: ignore[arg-type]
            overdue_only=args.overdue,
            resident_id=args.resident or "",
        )
    if key == ("complaints", "show"):
        return pb.GetComplaintRequest(ticket_number=args.ticket)
    if key == ("complaints", "extend"):
        return pb.ExtendComplaintRequest(request_id=request_id, ticket_number=args.ticket, reason=args.reason)
    if key == ("complaints", "update"):
        return pb.UpdateComplaintRequest(
            request_id=request_id,
            ticket_number=args.ticket,
            status=enum_number(supervision_pb2.ComplaintStatus.DESCRIPTOR, args.status),  # type: ignore[arg-type]
            assigned_to=args.assign or "",
            resolution=args.resolution,
            reason=args.reason,
        )
    if key == ("complaints", "check-deadlines"):
        request = pb.CheckComplaintDeadlinesRequest(request_id=request_id, pooling_region_code=args.region or "")
        if args.as_of is not None:
            request.as_of.CopyFrom(to_calendar_date(args.as_of))
        return request
    if key == ("reconcile", "run"):
        return pb.RunReconciliationRequest(
            request_id=request_id,
            pooling_region_code=args.region or "",
            month=to_year_month(args.month),
            fund_account_figures=figures_request(list(figures)),
        )
    if key == ("reconcile", "show"):
        return pb.GetReconciliationRequest(pooling_region_code=args.region or "", month=to_year_month(args.month))
    if key == ("disclosure", "show"):
        return pb.GetDisclosureRequest(pooling_region_code=args.region or "", year=args.year, month=args.month)
    if key == ("notice", "show"):
        return pb.GetPublicNoticeRequest(village_code=args.village, month=to_year_month(args.month))
    raise AssertionError(f"no request for {key}")


MUTATING: Final = frozenset(
    {
        ("audit", "verify"),
        ("alerts", "dismiss"),
        ("cases", "open"),
        ("cases", "update"),
        ("complaints", "extend"),
        ("complaints", "update"),
        ("complaints", "check-deadlines"),
        ("reconcile", "run"),
    }
)


# --- calling and printing ------------------------------------------------------------------------------------------


class Session:
    """The stub, the caller's metadata and the deadline of each call."""

    def __init__(self, stub: Stub, metadata: tuple[tuple[str, str], ...], timeout: float) -> None:
        self.stub = stub
        self.metadata = metadata
        self.timeout = timeout

    def call(self, method: str, request: Message) -> Any:
        return getattr(self.stub, method)(request, metadata=self.metadata, timeout=self.timeout)

    def pages(self, method: str, request: Any, items: str, limit: int) -> Iterator[tuple[Any, bool]]:
        """Each item of a listing up to `limit`, and whether more were left out; the pages asked in turn."""
        seen = 0
        while True:
            request.page_size = min(MAX_PAGE_SIZE, limit - seen)
            page = self.call(method, request)
            for item in getattr(page, items):
                seen += 1
                yield item, False
                if seen >= limit:
                    # A full last page may carry a cursor to nothing more: "may be left out", then.
                    if page.next_page_token:
                        yield None, True
                    return
            if not page.next_page_token:
                return
            request.page_token = page.next_page_token


_METHODS: Final[dict[tuple[str, str], str]] = {
    ("audit", "verify"): "VerifyAuditChain",
    ("audit", "entries"): "ListAuditEntries",
    ("alerts", "list"): "ListAlerts",
    ("alerts", "show"): "GetAlert",
    ("alerts", "dismiss"): "DismissAlert",
    ("cases", "open"): "OpenCase",
    ("cases", "update"): "UpdateCase",
    ("cases", "show"): "GetCase",
    ("cases", "list"): "ListCases",
    ("complaints", "list"): "ListComplaints",
    ("complaints", "show"): "GetComplaint",
    ("complaints", "extend"): "ExtendComplaint",
    ("complaints", "update"): "UpdateComplaint",
    ("complaints", "check-deadlines"): "CheckComplaintDeadlines",
    ("reconcile", "run"): "RunReconciliation",
    ("reconcile", "show"): "GetReconciliation",
    ("disclosure", "show"): "GetDisclosure",
    ("notice", "show"): "GetPublicNotice",
}
# Listings: the reply's repeated field, and how one item prints on a line.
_LISTINGS: Final[dict[tuple[str, str], tuple[str, Callable[[Any], str]]]] = {
    ("audit", "entries"): ("entries", show.entry_line),
    ("alerts", "list"): ("alerts", show.alert_line),
    ("cases", "list"): ("cases", show.case_line),
    ("complaints", "list"): ("complaints", show.complaint_line),
}


def reply_lines(key: tuple[str, str], reply: Any) -> list[str]:
    """What a person reads of a single reply."""
    if key == ("audit", "verify"):
        return show.verdict_lines(reply)
    if key[0] == "alerts":
        return show.alert_lines(reply.alert)
    if key[0] == "cases":
        return show.case_lines(reply.case_record)
    if key == ("complaints", "check-deadlines"):
        return [
            show.row("本次新增超期", "newly overdue", reply.newly_overdue),
            show.row("超期合计", "overdue in total", reply.overdue),
        ]
    if key[0] == "complaints":
        return show.complaint_lines(reply.complaint)
    if key[0] == "reconcile":
        return show.reconciliation_lines(reply.reconciliation)
    if key[0] == "disclosure":
        return show.disclosure_lines(reply.disclosure)
    if key[0] == "notice":
        return show.notice_lines(reply.notice)
    raise AssertionError(f"no output for {key}")


def run_command(args: argparse.Namespace, session: Session, request_id: str, out: TextIO) -> int:
    key = (args.command, args.action)
    figures = _figures(args.figures) if key == ("reconcile", "run") and args.figures is not None else []
    request = build_request(args, request_id, figures)
    if key in _LISTINGS:
        items, line = _LISTINGS[key]
        found = list(session.pages(_METHODS[key], request, items, args.limit))
        shown = [item for item, _ in found if item is not None]
        more = any(cut for _, cut in found)
        if args.json:
            out.write("[\n" + ",\n".join(show.as_json(item) for item in shown) + "\n]\n")
        else:
            out.write("".join(f"{line(item)}\n" for item in shown))
            out.write(
                f"共 {len(shown)} 条 {len(shown)} shown" + ("; more may be left out: raise --limit\n" if more else "\n")
            )
        return EXIT_OK
    reply = session.call(_METHODS[key], request)
    out.write(show.as_json(reply) + "\n" if args.json else "".join(f"{line}\n" for line in reply_lines(key, reply)))
    if key == ("audit", "verify") and not reply.intact:
        return EXIT_FAILED
    return EXIT_OK


def _figures(path: Path) -> list[FundFigure]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return read_fund_figures(stream)


def _report(error: grpc.RpcError, args: argparse.Namespace, request_id: str, err: TextIO) -> int:
    return report_rpc_error(
        error, service="supervision", address=args.address, timeout=args.timeout, request_id=request_id, err=err
    )


def main(argv: list[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = parse_arguments(parser(), argv)
    except InvalidArgument as refused:
        code = write_refusal(err, refused.reason, refused.field, refused.message)
        err.write(f"拒绝: {refused.message_zh}\n")
        return code
    if isinstance(args, int):
        return args
    if args.command == "login":
        return login(args, out=out, err=err)
    key = (args.command, args.action)
    request_id = (args.request_id or str(uuid.uuid4())) if key in MUTATING else ""
    try:
        metadata = load_metadata(args.token_file)
    except SignInError as error:
        return refuse_not_signed_in(err, error)
    with grpc.insecure_channel(args.address) as channel:
        try:
            return run_command(args, Session(Stub(channel), metadata, args.timeout), request_id, out)
        except grpc.RpcError as error:
            return _report(error, args, request_id, err)
        except FiguresRefused as refused:
            return write_refusal(
                err, refused.reason, f"figures line {refused.line}: {refused.field}", f"{refused.message}; nothing sent"
            )
        except OSError as error:
            return write_refusal(err, "FILE_UNREADABLE", "figures", str(error))


if __name__ == "__main__":
    sys.exit(main())
