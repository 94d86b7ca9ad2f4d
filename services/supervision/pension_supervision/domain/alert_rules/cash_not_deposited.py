"""CASH_NOT_DEPOSITED: an agent's cash contributions not deposited within the settlement period (enrolment's
AgentCashOverdue, already computed against the region's cash_settlement_days)."""

from __future__ import annotations

from datetime import date

from pension_kit.money import format_yuan
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


def cash_not_deposited(
    *,
    agent_id: str,
    pooling_region_code: str,
    oldest_collected_on: date,
    overdue_fen: int,
    days_outstanding: int,
    settlement_days: int,
    receipts: int,
    evidence: Evidence,
) -> AlertDraft | None:
    """An alert about the agent's cash since `oldest_collected_on` (facts: agent, that date); None when nothing is
    overdue."""
    if overdue_fen <= 0 or days_outstanding <= settlement_days:
        return None
    late = days_outstanding - settlement_days
    # 50 a day late, +5 a day more, up to 90; +10 from 10,000 yuan held.
    score = min(90, 50 + 5 * (late - 1)) + (10 if overdue_fen >= 1_000_000 else 0)
    yuan = format_yuan(overdue_fen)
    return AlertDraft(
        rule=AlertRule.CASH_NOT_DEPOSITED,
        facts=(agent_id, oldest_collected_on.isoformat()),
        pooling_region_code=pooling_region_code,
        score=min(score, 100),
        score_explanation=(
            f"{min(score, 100)}: {late} day(s) past the {settlement_days}-day settlement period (50, +5 a day, "
            f"at most 90), +10 from 10,000 yuan held"
        ),
        reason_zh=(
            f"协办员收取的现金{yuan}元（{receipts}张收据，最早收于{oldest_collected_on.isoformat()}）"
            f"已{days_outstanding}天未存入，超过{settlement_days}天的日清月结期限"
        ),
        reason_en=(
            f"the agent has held {yuan} yuan of cash contributions ({receipts} receipts, the oldest collected on "
            f"{oldest_collected_on.isoformat()}) for {days_outstanding} days, past the {settlement_days}-day "
            "settlement period"
        ),
        evidence=(evidence,),
        agent_ids=(agent_id,),
        amount_fen=overdue_fen,
    )
