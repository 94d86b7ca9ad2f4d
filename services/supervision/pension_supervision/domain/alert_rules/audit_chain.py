"""AUDIT_CHAIN_BROKEN: a verification of the audit log found it broken (an entry edited, deleted, reordered,
re-linked, or the log cut below a published head). One alert per place and kind of break, however often the
chain is verified; its region is "000000", the platform as a whole."""

from __future__ import annotations

from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence

PLATFORM: str = "000000"

_KINDS_ZH = {
    "HASH_MISMATCH": "内容与其哈希不符（被篡改）",
    "PREV_HASH_MISMATCH": "与前一条的链接不符（被删除、插入或重新链接）",
    "SEQUENCE_GAP": "序号缺失（被删除或截断）",
}


def audit_chain_broken(*, broken_at_sequence: int, break_kind: str, evidence: Evidence) -> AlertDraft:
    """`break_kind` is the contract's ChainBreakKind name without its prefix, e.g. "HASH_MISMATCH"."""
    return AlertDraft(
        rule=AlertRule.AUDIT_CHAIN_BROKEN,
        facts=(str(broken_at_sequence), break_kind),
        pooling_region_code=PLATFORM,
        score=100,
        score_explanation="100: the audit log's keyed hash chain itself shows the change; nothing else explains it",
        reason_zh=f"审计日志第 {broken_at_sequence} 条起链条断裂：{_KINDS_ZH.get(break_kind, break_kind)}",
        reason_en=f"the audit log's chain breaks at entry {broken_at_sequence}: {break_kind.lower().replace('_', ' ')}",
        evidence=(evidence,),
    )
