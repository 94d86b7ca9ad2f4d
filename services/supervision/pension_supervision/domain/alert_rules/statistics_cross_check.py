"""PAYROLL_NOT_RECONCILED (monthly statistics): a published month's report whose benefit paid, contributions or
subsidies differ from the independent source it is checked against (the banks' returns, the fund ledger's sums)."""

from __future__ import annotations

from collections.abc import Sequence

from pension_kit.identifiers import Month
from pension_kit.money import format_yuan
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence
from pension_supervision.domain.monthly_statistics import CrossCheck, CrossCheckFigure

_WORDS = {
    CrossCheckFigure.BENEFIT_PAID: ("待遇支付", "benefit paid"),
    CrossCheckFigure.CONTRIBUTIONS: (
        "个人缴费、集体补助及代缴",
        "contributions (personal, collective, paid on behalf)",
    ),
    CrossCheckFigure.SUBSIDIES: ("缴费补贴", "contribution subsidies"),
}


def statistics_mismatch(
    pooling_region_code: str, month: Month, check: CrossCheck, evidence: Sequence[Evidence]
) -> AlertDraft | None:
    """An alert naming the figure and both amounts, or None when they agree (facts: region, month, figure and the
    two amounts, so the same difference is one alert however often the report is published or asked for)."""
    if check.agrees:
        return None
    difference = abs(check.report_fen - check.source_fen)
    zh, en = _WORDS[check.figure]
    return AlertDraft(
        rule=AlertRule.PAYROLL_NOT_RECONCILED,
        facts=(
            "monthly-statistics",
            pooling_region_code,
            str(month),
            check.figure.value,
            str(check.report_fen),
            str(check.source_fen),
        ),
        pooling_region_code=pooling_region_code,
        score=95 if difference >= 1_000_000 else 80,
        score_explanation=f"monthly statistics differ from {check.source} by {format_yuan(difference)} yuan",
        reason_zh=f"{pooling_region_code} {month} 月报{zh}与核对来源不符：月报 {format_yuan(check.report_fen)} 元，"
        f"{check.source} {format_yuan(check.source_fen)} 元",
        reason_en=f"{pooling_region_code} {month} monthly statistics: {en} {format_yuan(check.report_fen)} yuan, "
        f"{check.source} {format_yuan(check.source_fen)} yuan",
        evidence=tuple(evidence),
        amount_fen=difference,
    )
