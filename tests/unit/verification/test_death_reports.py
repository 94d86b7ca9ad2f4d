"""An agent's death report (domain.death_reports): checked when made, decided once, a rejection with its reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import DomainError
from pension_verification.domain.death_reports import CONFIRMED, REJECTED, REPORTED, confirmed, rejected, reported

TODAY = date(2026, 7, 15)


def report(**fields: object) -> object:
    values: dict[str, object] = {
        "resident_id": "R1",
        "agent_id": "agent-1",
        "date_of_death": date(2026, 7, 1),
        "evidence_ref": "村委会证明 61",
        "at": datetime(2026, 7, 15, 9, tzinfo=UTC),
        "today": TODAY,
        "village_code": "411723101201",
        "pooling_region_code": "411723",
    }
    values.update(fields)
    return reported("DR-1", **values)  # type: ignore[arg-type]


def reason_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(DomainError) as raised:
        call()
    return raised.value.reason


def test_a_report_is_refused_for_a_death_after_today_or_evidence_with_a_personal_number() -> None:
    assert reason_of(lambda: report(date_of_death=date(2026, 7, 16))) == "DATE_IN_FUTURE"
    assert reason_of(lambda: report(evidence_ref="身份证 11010519491231002X")) == "FREE_TEXT_PERSONAL_NUMBER"


def test_a_report_is_decided_once() -> None:
    made = reported(
        "DR-1",
        resident_id="R1",
        agent_id="agent-1",
        date_of_death=date(2026, 7, 1),
        evidence_ref="",
        at=datetime(2026, 7, 15, 9, tzinfo=UTC),
        today=TODAY,
        village_code="411723101201",
        pooling_region_code="411723",
    )
    assert made.status == REPORTED
    done = confirmed(made, by="officer-1")
    assert done.status == CONFIRMED and done.decided_by == "officer-1"
    assert reason_of(lambda: rejected(done, by="officer-2", reason="alive")) == "DEATH_REPORT_ALREADY_DECIDED"
    assert reason_of(lambda: rejected(made, by="officer-2", reason="  ")) == "REASON_REQUIRED"
    no = rejected(made, by="officer-2", reason=" seen alive ")
    assert (no.status, no.reason) == (REJECTED, "seen alive")
    assert reason_of(lambda: confirmed(no, by="officer-1")) == "DEATH_REPORT_ALREADY_DECIDED"
