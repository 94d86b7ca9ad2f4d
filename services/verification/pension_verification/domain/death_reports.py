"""An agent's report of a death: reported, then confirmed (by an officer or a registry record) or rejected.

A report changes no benefit: only a confirmation stops the pension (docs/domain.md, lifecycle step 6).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.text import EVIDENCE_REF_MAX, REASON_MAX, check_free_text

REPORTED: Final = "REPORTED"
CONFIRMED: Final = "CONFIRMED"
REJECTED: Final = "REJECTED"


@dataclass(frozen=True, slots=True)
class DeathReport:
    report_id: str
    resident_id: str
    agent_id: str
    date_of_death: date
    evidence_ref: str
    status: str
    reported_at: datetime
    village_code: str
    pooling_region_code: str
    decided_by: str = ""
    reason: str = ""


def check_date_of_death(day: date, *, today: date) -> date:
    if day > today:
        raise InvalidArgument(
            "DATE_IN_FUTURE",
            f"date_of_death {day.isoformat()} is after today ({today.isoformat()})",
            field="date_of_death",
            message_zh="死亡日期晚于今天",
        )
    return day


def reported(
    report_id: str,
    *,
    resident_id: str,
    agent_id: str,
    date_of_death: date,
    evidence_ref: str,
    at: datetime,
    today: date,
    village_code: str,
    pooling_region_code: str,
) -> DeathReport:
    """A new report, checked: a date of death not after today, evidence without personal numbers."""
    check_date_of_death(date_of_death, today=today)
    check_free_text(evidence_ref, field="evidence_ref", max_length=EVIDENCE_REF_MAX)
    return DeathReport(
        report_id,
        resident_id,
        agent_id,
        date_of_death,
        evidence_ref.strip(),
        REPORTED,
        at,
        village_code,
        pooling_region_code,
    )


def _refuse_decided(report: DeathReport) -> None:
    if report.status != REPORTED:
        raise FailedPrecondition(
            "DEATH_REPORT_ALREADY_DECIDED",
            f"report {report.report_id} was {report.status.lower()} already",
            field="report_id",
            message_zh="该死亡报告已经处理过",
        )


def confirmed(report: DeathReport, *, by: str) -> DeathReport:
    _refuse_decided(report)
    return replace(report, status=CONFIRMED, decided_by=by)


def rejected(report: DeathReport, *, by: str, reason: str) -> DeathReport:
    """An officer's no (e.g. the person was seen alive): the reason is required, the report stays as a record."""
    _refuse_decided(report)
    if not reason.strip():
        raise InvalidArgument(
            "REASON_REQUIRED", "a rejection needs its reason", field="reason", message_zh="请填写驳回理由"
        )
    check_free_text(reason, field="reason", max_length=REASON_MAX)
    return replace(report, status=REJECTED, decided_by=by, reason=reason.strip())
