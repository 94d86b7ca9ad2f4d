"""CENTENARIAN_WEAK_CERTIFICATION: a pensioner of `centenarian_age` or more certified in a year only by data (a sign
of life, nobody saw them), or by the same agent `same_agent_years` years in a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pension_kit.identifiers import age_on
from pension_kit.policy import SupervisionThresholds
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence

DATA = "DATA"
AGENT_VISIT = "AGENT_VISIT"


@dataclass(frozen=True, slots=True)
class PassedCertification:
    certified_on: date
    method: str  # CertificationMethod name without prefix: FACE, AGENT_VISIT, DATA
    agent_id: str
    evidence: Evidence


def centenarian_weak_certification(
    *,
    resident_id: str,
    pooling_region_code: str,
    birth_date: date | None,
    certifications: list[PassedCertification],
    year: int,
    thresholds: SupervisionThresholds,
) -> AlertDraft | None:
    """An alert about the resident's certifications of `year` (facts: resident, year), or None."""
    if birth_date is None:
        return None
    of_year = sorted(
        (c for c in certifications if c.certified_on.year == year), key=lambda c: (c.certified_on, c.evidence.event_id)
    )
    if not of_year:
        return None
    age = age_on(birth_date, of_year[-1].certified_on)
    if age < thresholds.centenarian_age:
        return None
    only_data = all(c.method == DATA for c in of_year)
    streak, agent = _same_agent_streak(certifications, year)
    same_agent = agent != "" and streak >= thresholds.same_agent_years
    if not (only_data or same_agent):
        return None
    if only_data:
        score, why = 70, f"70: aged {age}, certified in {year} only by data; nobody saw the pensioner"
        reason_zh = f"{age}岁参保人{year}年度仅通过数据比对认证，无人见面核实"
        reason_en = f"a pensioner aged {age} was certified in {year} only by data (signs of life), never seen"
        evidence = tuple(c.evidence for c in of_year)
        agents: tuple[str, ...] = ()
    else:
        score = min(100, 60 + 10 * (streak - thresholds.same_agent_years))
        why = (
            f"{score}: aged {age}, certified by the same agent {streak} years in a row "
            f"(60, +10 a year beyond {thresholds.same_agent_years})"
        )
        reason_zh = f"{age}岁参保人连续{streak}年由同一协办员上门认证"
        reason_en = f"a pensioner aged {age} was certified by the same agent {streak} years in a row"
        evidence = tuple(
            c.evidence
            for c in sorted(certifications, key=lambda c: c.certified_on)
            if c.agent_id == agent and year - streak < c.certified_on.year <= year
        )
        agents = (agent,)
    return AlertDraft(
        rule=AlertRule.CENTENARIAN_WEAK_CERTIFICATION,
        facts=(resident_id, str(year)),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=why,
        reason_zh=reason_zh,
        reason_en=reason_en,
        evidence=evidence,
        resident_ids=(resident_id,),
        agent_ids=agents,
    )


def _same_agent_streak(certifications: list[PassedCertification], year: int) -> tuple[int, str]:
    """How many years in a row up to `year` one agent's visit certified the resident, and that agent ("" if none).

    A year counts for the agent when every certification of that year was that agent's visit."""
    by_year: dict[int, set[str]] = {}
    for certification in certifications:
        agent = certification.agent_id if certification.method == AGENT_VISIT else ""
        by_year.setdefault(certification.certified_on.year, set()).add(agent)
    agents = by_year.get(year, set())
    if len(agents) != 1 or "" in agents:
        return 0, ""
    (agent,) = agents
    streak = 0
    while by_year.get(year - streak) == {agent}:
        streak += 1
    return streak, agent
