"""The officers' pages' pure parts: a complaint's deadline in words, the session's CSRF token, the payroll run's
answer in yuan and Chinese, and the masking guard over every page."""

from __future__ import annotations

from datetime import date

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2
from pension_gateway.api.routes.payrolls import payroll_out
from pension_gateway.auth import SignedInCaller
from pension_gateway.office.responses import office_page
from pension_gateway.office.session import Session, csrf_matches, csrf_token
from pension_gateway.office.views import deadline_zh
from pension_kit.identity import Role

TODAY = date(2026, 12, 4)


def test_a_complaints_deadline_reads_as_days_left_or_overdue() -> None:
    assert deadline_zh(date(2026, 12, 1), False, TODAY) == ("已逾期3天", "overdue")
    assert deadline_zh(TODAY, False, TODAY) == ("今日到期", "soon")
    assert deadline_zh(date(2026, 12, 7), False, TODAY) == ("剩余3天", "soon")
    assert deadline_zh(date(2026, 12, 30), False, TODAY) == ("剩余26天", "")
    # A closed complaint has no deadline any more, however late it was.
    assert deadline_zh(date(2026, 11, 1), True, TODAY) == ("", "")


def test_a_forms_csrf_token_belongs_to_its_session_only() -> None:
    token = csrf_token("session-a")
    assert csrf_matches(token, {"csrf_token": token})
    assert not csrf_matches(token, {"csrf_token": csrf_token("session-b")})
    assert not csrf_matches(token, {})
    assert not csrf_matches("", {"csrf_token": ""})


def test_a_run_is_answered_in_fen_with_its_state_in_chinese() -> None:
    run = payout_pb2.PayrollRun(
        payroll_run_id="PR-411731-202612",
        pooling_region_code="411731",
        month=types_pb2.YearMonth(year=2026, month=12),
        status=payout_pb2.PAYROLL_STATUS_DRAFT,
        prepared_by="officer-1",
        approvals_required=2,
        payment_count=205,
        total_fen=4_038_250,
        totals=[
            types_pb2.BenefitAmount(
                component=types_pb2.BENEFIT_COMPONENT_BASIC_PENSION, fund=types_pb2.FUND_POOLED, amount_fen=3_000_000
            )
        ],
    )
    out = payroll_out(run)
    assert (out.month, out.status, out.status_zh, out.total_fen) == ("2026-12", "draft", "待审批", 4_038_250)
    assert (out.totals[0].component, out.totals[0].component_zh, out.totals[0].fund_zh) == (
        "basic_pension",
        "基础养老金",
        "统筹基金",
    )


def test_a_page_that_would_show_a_citizen_id_number_is_withheld() -> None:
    session = Session(SignedInCaller("officer-1", Role.COUNTY_OFFICER, frozenset(), token="t"))
    shown = office_page("office_home.html.j2", session, region="411731")
    assert shown.status_code == 200 and b"officer-1" in shown.body
    leaked = office_page("office_home.html.j2", session, region="11010519491231002X")
    assert leaked.status_code == 500 and b"11010519491231002X" not in leaked.body
