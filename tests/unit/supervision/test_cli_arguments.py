"""The auditors' command line without a service: arguments checked with a reason code, each command's request, what
people read (Chinese and English, yuan from fen), and the fund figures file."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from google.protobuf.descriptor import EnumDescriptor

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.cli_session import EXIT_REFUSED
from pension_supervision.adapters.fund_figures_file import FiguresRefused, read_fund_figures
from pension_supervision.entrypoints import cli, cli_output

ALERT = "AL-" + "0123456789abcdef01234567"


def parsed(*argv: str) -> argparse.Namespace:
    args = cli.parser().parse_args(list(argv))
    return args


def request_of(*argv: str) -> object:
    return cli.build_request(parsed(*argv), "rid-1")


def refusal(argv: list[str], tmp_path: Path) -> str:
    err = io.StringIO()
    code = cli.main([*argv, "--token-file", str(tmp_path / "none")], out=io.StringIO(), err=err)
    assert code == EXIT_REFUSED, err.getvalue()
    return err.getvalue()


@pytest.mark.parametrize(
    ("argv", "reason", "field"),
    [
        (["alerts", "show", "AL-1"], "ALERT_ID_FORMAT", "alert_id"),
        (["alerts", "list", "--region", "411700"], "DIVISION_CODE_FORMAT", "pooling_region_code"),
        (["alerts", "dismiss", ALERT, "--reason", "  "], "FIELD_REQUIRED", "reason"),
        (["alerts", "dismiss", ALERT, "--reason", "身份证411723195001010011"], "FREE_TEXT_PERSONAL_NUMBER", "reason"),
        (["cases", "open", "--alert", ALERT, "--title", "t" * 201], "FIELD_TOO_LONG", "title"),
        (["cases", "update", "CS 1"], "CASE_ID_FORMAT", "case_id"),
        (["cases", "update", "CS-1", "--recovered-fen", "12.50"], "AMOUNT_INVALID", "recovered_fen"),
        (["cases", "update", "CS-1", "--recovered-fen", "-5"], "AMOUNT_INVALID", "recovered_fen"),
        (["complaints", "check-deadlines", "--as-of", "2026-02-30"], "DATE_FORMAT", "as_of"),
        (["reconcile", "run", "--region", "411723", "--month", "2026-13"], "PERIOD_FORMAT", "month"),
        (
            ["disclosure", "show", "--region", "411723", "--year", "2026", "--month", "13"],
            "FIELD_OUT_OF_RANGE",
            "month",
        ),
        (
            ["notice", "show", "--village", "411723101000", "--month", "2026-07"],
            "DIVISION_CODE_NOT_VILLAGE",
            "village_code",
        ),
    ],
)
def test_a_bad_argument_is_refused_with_its_reason_and_field_before_anything_is_sent(
    argv: list[str], reason: str, field: str, tmp_path: Path
) -> None:
    said = refusal(argv, tmp_path)
    assert f"refused: {reason} ({field})" in said
    assert "411723195001010011" not in said and "拒绝" in said


def test_a_command_without_a_sign_in_is_refused_naming_the_token_file(tmp_path: Path) -> None:
    said = refusal(["alerts", "list"], tmp_path)
    assert "NOT_SIGNED_IN (token_file)" in said


@pytest.mark.parametrize(
    "enum",
    [
        supervision_pb2.AlertRule.DESCRIPTOR,
        supervision_pb2.AlertStatus.DESCRIPTOR,
        supervision_pb2.CaseStatus.DESCRIPTOR,
        supervision_pb2.ComplaintKind.DESCRIPTOR,
        supervision_pb2.ComplaintStatus.DESCRIPTOR,
        supervision_pb2.ReconciliationItem.DESCRIPTOR,
        types_pb2.Fund.DESCRIPTOR,
    ],
)
def test_every_value_of_an_enum_the_command_line_offers_maps_back_and_has_a_chinese_name(enum: EnumDescriptor) -> None:
    names = cli.choices(enum)
    assert len(names) == len(enum.values) - 1
    for name in names:
        number = cli.enum_number(enum, name)
        assert cli_output.short_name(enum, number) == name
        assert enum.values_by_number[number].name in cli_output.CHINESE


def test_a_listing_names_only_the_filters_given() -> None:
    everything = request_of("alerts", "list")
    assert isinstance(everything, supervision_service_pb2.ListAlertsRequest)
    assert (everything.pooling_region_code, everything.rule, everything.status, everything.resident_id) == (
        "",
        0,
        0,
        "",
    )
    some = request_of("alerts", "list", "--region", "411723", "--rule", "shared_bank_account", "--status", "open")
    assert isinstance(some, supervision_service_pb2.ListAlertsRequest)
    assert some.pooling_region_code == "411723"
    assert (some.rule, some.status) == (
        supervision_pb2.ALERT_RULE_SHARED_BANK_ACCOUNT,
        supervision_pb2.ALERT_STATUS_OPEN,
    )


def test_opening_a_case_sends_every_alert_and_the_request_id() -> None:
    other = "AL-" + "f" * 24
    request = request_of(
        "cases", "open", "--alert", ALERT, "--alert", other, "--title", "死亡后冒领", "--assign", "officer-2"
    )
    assert isinstance(request, supervision_service_pb2.OpenCaseRequest)
    assert list(request.alert_ids) == [ALERT, other]
    assert (request.request_id, request.title, request.assigned_to, request.amount_fen) == (
        "rid-1",
        "死亡后冒领",
        "officer-2",
        0,
    )


def test_a_case_update_carries_what_was_given_and_keeps_the_rest() -> None:
    request = request_of(
        "cases",
        "update",
        "CS-1",
        "--status",
        "substantiated",
        "--recovered-fen",
        "150000",
        "--note",
        "家属退回",
        "--attach",
        "DOC-1",
        "--attach",
        "scan-2.pdf",
        "--overpayment-case",
        "OP-R0123456789ABCDEF0123-1",
    )
    assert isinstance(request, supervision_service_pb2.UpdateCaseRequest)
    assert request.status == supervision_pb2.CASE_STATUS_SUBSTANTIATED and request.recovered_fen == 150_000
    assert list(request.attachment_refs) == ["DOC-1", "scan-2.pdf"]
    assert list(request.overpayment_case_ids) == ["OP-R0123456789ABCDEF0123-1"]
    assert request.assigned_to == "" and request.amount_fen == 0


def test_a_deadline_check_is_for_today_unless_a_day_is_given() -> None:
    today = request_of("complaints", "check-deadlines")
    assert isinstance(today, supervision_service_pb2.CheckComplaintDeadlinesRequest)
    assert not today.HasField("as_of")
    leap = request_of("complaints", "check-deadlines", "--as-of", "2028-02-29")
    assert isinstance(leap, supervision_service_pb2.CheckComplaintDeadlinesRequest)
    assert (leap.as_of.year, leap.as_of.month, leap.as_of.day) == (2028, 2, 29)


def test_a_reconciliation_sends_the_figures_of_the_file(tmp_path: Path) -> None:
    figures = read_fund_figures(
        io.StringIO("item,fund,amount_fen,statement_ref\nbenefit_expenditure,pooled,3481000,BANK-0731\n")
    )
    request = cli.build_request(parsed("reconcile", "run", "--region", "411723", "--month", "2026-07"), "r", figures)
    assert isinstance(request, supervision_service_pb2.RunReconciliationRequest)
    assert (request.month.year, request.month.month, request.pooling_region_code) == (2026, 7, "411723")
    (figure,) = request.fund_account_figures
    assert figure.item == supervision_pb2.RECONCILIATION_ITEM_BENEFIT_EXPENDITURE
    assert (figure.fund, figure.amount_fen, figure.statement_ref) == (types_pb2.FUND_POOLED, 3_481_000, "BANK-0731")


@pytest.mark.parametrize(
    ("text", "reason", "line", "field"),
    [
        ("item,amount_fen\n", "FIGURES_COLUMNS", 1, "fund"),
        ("item,fund,amount_fen\nbribes,pooled,1\n", "FIGURE_ITEM_UNKNOWN", 2, "item"),
        ("item,fund,amount_fen\ntransfers,pooled,1\nrecoveries,county,1\n", "FIGURE_FUND_UNKNOWN", 3, "fund"),
        ("item,fund,amount_fen\ntransfers,pooled,12.50\n", "FIGURE_AMOUNT_INVALID", 2, "amount_fen"),
        ("item,fund,amount_fen\nrecoveries,pooled,-1\n", "AMOUNT_NEGATIVE", 2, "amount_fen"),
        ("item,fund,amount_fen\ntransfers,pooled,1\ntransfers,pooled,2\n", "FIGURE_REPEATED", 3, "item"),
        ("item,fund,amount_fen\ntransfers,,1\ntransfers,both,2\n", "FIGURE_REPEATED", 3, "item"),
        (
            "item,fund,amount_fen,statement_ref\ntransfers,pooled,1,13800138000\n",
            "FREE_TEXT_PERSONAL_NUMBER",
            2,
            "statement_ref",
        ),
    ],
)
def test_a_figures_file_with_one_bad_line_is_refused_whole_naming_the_line(
    text: str, reason: str, line: int, field: str
) -> None:
    with pytest.raises(FiguresRefused) as refused:
        read_fund_figures(io.StringIO(text))
    assert (refused.value.reason, refused.value.line, refused.value.field) == (reason, line, field)


def test_net_transfers_may_be_negative_and_a_figure_without_a_fund_is_for_both() -> None:
    figures = read_fund_figures(io.StringIO("item,fund,amount_fen\ntransfers,,-120000\nrecoveries,pooled,5\n"))
    request = cli.build_request(parsed("reconcile", "run", "--region", "411723", "--month", "2026-07"), "r", figures)
    assert isinstance(request, supervision_service_pb2.RunReconciliationRequest)
    transfers, recoveries = request.fund_account_figures
    assert (transfers.fund, transfers.amount_fen) == (types_pb2.FUND_UNSPECIFIED, -120_000)
    assert (recoveries.fund, recoveries.amount_fen) == (types_pb2.FUND_POOLED, 5)


def test_a_figures_file_saved_by_a_spreadsheet_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    path.write_bytes("\ufeffitem,fund,amount_fen\ncontribution_income,individual_account,100\n".encode())
    with path.open(encoding="utf-8", newline="") as stream:
        (figure,) = read_fund_figures(stream)
    assert (figure.item, figure.fund, figure.amount_fen, figure.statement_ref) == (
        "contribution_income",
        "individual_account",
        100,
        "",
    )


# --- what people read ----------------------------------------------------------------------------------------------


def test_a_case_reads_in_chinese_and_english_with_yuan_from_fen() -> None:
    case = supervision_pb2.Case(
        case_id="CS-1",
        title="死亡后冒领",
        status=supervision_pb2.CASE_STATUS_INVESTIGATING,
        amount_fen=12_345_678,
        recovered_fen=5,
        escalated=True,
        escalated_to="county supervision office",
    )
    text = "\n".join(cli_output.case_lines(case))
    assert "调查中 investigating" in text
    assert "123,456.78 元 yuan (12345678 fen)" in text and "0.05 元 yuan (5 fen)" in text
    assert "要情报告 escalated:" in text and "county supervision office" in text


def test_a_broken_chain_says_where_and_how() -> None:
    verdict = supervision_service_pb2.VerifyAuditChainResponse(
        intact=False,
        entries_checked=3,
        broken_at_sequence=3,
        break_kind=supervision_pb2.CHAIN_BREAK_KIND_HASH_MISMATCH,
        expected_hash="a" * 64,
        found_hash="b" * 64,
        message="entry 3 was edited",
    )
    text = "\n".join(cli_output.verdict_lines(verdict))
    assert "已断裂 BROKEN" in text and "条目被修改 hash_mismatch" in text
    assert "broken at:" in text and " 3" in text and "a" * 64 in text


def test_a_reconciliation_shows_the_figures_side_by_side_and_flags_a_difference() -> None:
    reconciliation = supervision_pb2.Reconciliation(
        pooling_region_code="411723",
        month=types_pb2.YearMonth(year=2026, month=7),
        balanced=False,
        lines=[
            supervision_pb2.ReconciliationLine(
                item=supervision_pb2.RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN,
                fund=types_pb2.FUND_POOLED,
                ledger_fen=100_000,
                bank_fen=99_000,
                fund_account_fen=100_000,
                difference_fen=1_000,
            )
        ],
    )
    text = "\n".join(cli_output.reconciliation_lines(reconciliation))
    assert "不平 NOT BALANCED" in text and "2026-07" in text
    assert "发放与银行回盘 payroll_vs_bank_return / 统筹基金 pooled: 1,000.00 | 990.00 | 1,000.00 | 10.00" in text
    assert "差异 difference" in text
