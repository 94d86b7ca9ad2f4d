"""CERTIFICATION_BURST: one agent certifying `burst_certifications` or more people within `burst_minutes`.

A burst is defined so that it is raised once, not once per sliding window: the agent's certifications are taken in
time order; a burst starts at the earliest certification not already inside a burst and takes every certification
within `burst_minutes` of it; if they are at least `burst_certifications`, they are one burst (its facts: the agent
and the first certification's id), and the next burst can start only after its window. Otherwise the next
certification is tried as a start. A certification heard late that is earlier than a raised burst's start may
begin another window; the burst already raised stays raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pension_kit.policy import SupervisionThresholds
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence


@dataclass(frozen=True, slots=True)
class AgentCertification:
    certification_id: str
    resident_id: str
    certified_at: datetime
    evidence: Evidence


def certification_bursts(
    *,
    agent_id: str,
    pooling_region_code: str,
    certifications: list[AgentCertification],
    thresholds: SupervisionThresholds,
) -> list[AlertDraft]:
    """Every burst in the agent's certifications, one draft each."""
    window = timedelta(minutes=thresholds.burst_minutes)
    unique = {c.certification_id: c for c in certifications}
    ordered = sorted(unique.values(), key=lambda c: (c.certified_at, c.certification_id))
    drafts = []
    start = 0
    while start < len(ordered):
        first = ordered[start]
        inside = [c for c in ordered[start:] if c.certified_at - first.certified_at <= window]
        if len(inside) >= thresholds.burst_certifications:
            drafts.append(_draft(agent_id, pooling_region_code, inside, thresholds))
            start += len(inside)
        else:
            start += 1
    return drafts


def _draft(
    agent_id: str, pooling_region_code: str, burst: list[AgentCertification], thresholds: SupervisionThresholds
) -> AlertDraft:
    count = len(burst)
    minutes = max(1, round((burst[-1].certified_at - burst[0].certified_at).total_seconds() / 60))
    # 60 at the threshold, +5 for each certification beyond it.
    score = min(100, 60 + 5 * (count - thresholds.burst_certifications))
    return AlertDraft(
        rule=AlertRule.CERTIFICATION_BURST,
        facts=(agent_id, burst[0].certification_id),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=(
            f"{score}: {count} certifications in {minutes} min, threshold {thresholds.burst_certifications} in "
            f"{thresholds.burst_minutes} min (60 at the threshold, +5 each beyond)"
        ),
        reason_zh=f"同一协办员在{minutes}分钟内认证了{count}人，短时间内难以逐一上门核实",
        reason_en=f"one agent certified {count} people within {minutes} minutes, too fast to have seen each of them",
        evidence=tuple(c.evidence for c in burst),
        resident_ids=tuple(sorted({c.resident_id for c in burst})),
        agent_ids=(agent_id,),
    )
