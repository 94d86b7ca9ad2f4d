"""PAYROLL_NOT_RECONCILED (payroll totals): a payroll run whose exported total differs from the sum of its bank
returns (paid + failed) when it closes, or whose closing totals differ from what was exported."""

from __future__ import annotations

from dataclasses import dataclass

from pension_kit.money import format_yuan
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


@dataclass(frozen=True, slots=True)
class BatchReturn:
    batch_id: str
    paid_fen: int
    failed_fen: int
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What the events said of one run: exported, returned per batch, and closed."""

    payroll_run_id: str
    month: str
    exported_fen: int | None = None
    exported_evidence: Evidence | None = None
    returns: tuple[BatchReturn, ...] = ()
    closed_paid_fen: int | None = None
    closed_failed_fen: int | None = None
    closed_evidence: Evidence | None = None


def payroll_not_reconciled(*, pooling_region_code: str, run: RunTotals) -> AlertDraft | None:
    """An alert once the run is both exported and closed and the totals disagree (facts: the run)."""
    if run.exported_fen is None or run.closed_paid_fen is None or run.closed_failed_fen is None:
        return None
    latest: dict[str, BatchReturn] = {}
    for batch in sorted(run.returns, key=lambda b: b.evidence.occurred_at):
        latest[batch.batch_id] = batch
    returned = sum(b.paid_fen + b.failed_fen for b in latest.values())
    closed = run.closed_paid_fen + run.closed_failed_fen
    lines_en, lines_zh = [], []
    if returned != run.exported_fen:
        lines_en.append(f"bank returns paid + failed {format_yuan(returned)} yuan")
        lines_zh.append(f"银行回盘成功+失败{format_yuan(returned)}元")
    if closed != run.exported_fen:
        lines_en.append(f"closing totals paid + failed {format_yuan(closed)} yuan")
        lines_zh.append(f"结账成功+失败{format_yuan(closed)}元")
    if not lines_en:
        return None
    difference = max(abs(returned - run.exported_fen), abs(closed - run.exported_fen))
    evidence = tuple(
        e for e in (run.exported_evidence, *(b.evidence for b in latest.values()), run.closed_evidence) if e
    )
    return AlertDraft(
        rule=AlertRule.PAYROLL_NOT_RECONCILED,
        facts=(run.payroll_run_id,),
        pooling_region_code=pooling_region_code,
        score=100,
        score_explanation="100: totals of one run that must be equal to the fen are not",
        reason_zh=(
            f"{run.month}发放批次导出{format_yuan(run.exported_fen)}元，而"
            + "，".join(lines_zh)
            + f"，相差{format_yuan(difference)}元"
        ),
        reason_en=(
            f"payroll run of {run.month} exported {format_yuan(run.exported_fen)} yuan, but "
            + " and ".join(lines_en)
            + f": {format_yuan(difference)} yuan apart"
        ),
        evidence=evidence,
        amount_fen=difference,
    )
