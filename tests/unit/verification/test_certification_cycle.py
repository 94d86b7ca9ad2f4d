"""The certification cycle (domain.certification): due soon, overdue, proof and resumption, end, the agent's list."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_kit.policy import demo_policy
from pension_verification.domain.certification import (
    AGENT_VISIT,
    CURRENT,
    DATA,
    DECEASED,
    DUE_SOON,
    FACE,
    NOT_REQUIRED,
    OVERDUE,
    CertificationDueSoon,
    CertificationOverdue,
    CertificationPassed,
    CertificationPolicy,
    CertificationState,
    months_after,
    task_list,
)

POLICY = CertificationPolicy(validity_months=12, due_days_before=30)
JANUARY = Month(2026, 1)
VILLAGE = "411723101201"
OTHER_VILLAGE = "411723101202"


def awarded(resident_id: str = "R1", first_month: Month = JANUARY, village: str = VILLAGE) -> CertificationState:
    return CertificationState.started(
        f"award-{resident_id}",
        resident_id=resident_id,
        award_id=f"AW-{resident_id}",
        pooling_region_code="411723",
        village_code=village,
        first_month=first_month,
        policy=POLICY,
    )


def test_the_award_counts_as_the_first_proof_from_the_first_month_paid() -> None:
    state = awarded(first_month=Month(2026, 3))
    assert state.status == CURRENT
    assert state.last_proof_on == date(2026, 3, 1) and state.last_proof_kind is None
    assert state.valid_until == date(2027, 3, 1)


def test_policy_values_come_from_the_policy_version() -> None:
    version = replace(
        demo_policy("411723", datetime(2026, 1, 1, tzinfo=UTC)),
        certification_period_months=6,
        certification_notice_days=10,
        data_certification_sources=("BANK_COUNTER_WITHDRAWAL",),
    )
    assert CertificationPolicy.of(version) == CertificationPolicy(
        validity_months=6, due_days_before=10, data_sources=("BANK_COUNTER_WITHDRAWAL",)
    )


def test_a_proof_lasts_the_policy_validity_and_a_missing_day_becomes_the_month_end() -> None:
    assert months_after(date(2026, 5, 20), 12) == date(2027, 5, 20)
    assert months_after(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert months_after(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_due_soon_is_announced_once_within_the_notice_days() -> None:
    state = awarded()  # due 2027-01-01
    early = state.advance(date(2026, 12, 1), POLICY)
    assert not early.changed and early.events == ()
    first = state.advance(date(2026, 12, 2), POLICY)  # 30 days before
    assert first.after.status == DUE_SOON
    assert first.events == (CertificationDueSoon("R1", date(2027, 1, 1), date(2026, 1, 1), VILLAGE, "411723"),)
    again = first.after.advance(date(2026, 12, 2), POLICY)
    assert not again.changed and again.events == ()
    assert first.after.advance(date(2027, 1, 1), POLICY).events == ()  # the due date itself is still in force


def test_the_due_window_follows_the_policy_values_passed_in() -> None:
    state = awarded()  # due 2027-01-01
    short_notice = CertificationPolicy(validity_months=12, due_days_before=10)
    assert state.advance(date(2026, 12, 2), short_notice).events == ()
    assert state.advance(date(2026, 12, 22), short_notice).after.status == DUE_SOON


def test_overdue_the_day_after_the_due_date_announces_the_suspension_once() -> None:
    due_soon = awarded().advance(date(2026, 12, 2), POLICY).after
    overdue = due_soon.advance(date(2027, 1, 2), POLICY)
    assert overdue.after.status == OVERDUE and overdue.after.suspended
    assert overdue.events == (
        CertificationOverdue("R1", date(2027, 1, 1), date(2026, 1, 1), Month(2027, 2), VILLAGE, "411723"),
    )
    for later in (date(2027, 1, 2), date(2027, 3, 1)):
        repeat = overdue.after.advance(later, POLICY)
        assert not repeat.changed and repeat.events == ()


def test_a_sweep_that_missed_the_notice_days_announces_only_the_overdue() -> None:
    late = awarded().advance(date(2027, 2, 10), POLICY)
    assert late.after.status == OVERDUE
    assert [type(event) for event in late.events] == [CertificationOverdue]


def test_a_proof_in_force_renews_the_due_date_without_resumption() -> None:
    due_soon = awarded().advance(date(2026, 12, 2), POLICY).after
    passed = due_soon.record_proof("C-1", kind=FACE, on=date(2026, 12, 10), evidence_ref="face/C-1", policy=POLICY)
    assert passed.after.status == CURRENT and passed.after.valid_until == date(2027, 12, 10)
    assert passed.after.last_proof_kind == FACE and passed.after.last_proof_on == date(2026, 12, 10)
    (event,) = passed.events
    assert isinstance(event, CertificationPassed)
    assert event.next_due_on == date(2027, 12, 10) and not event.was_overdue and event.resumes_from is None


def test_a_proof_while_overdue_announces_the_resumption_from_the_month_of_the_proof() -> None:
    overdue = awarded().advance(date(2027, 1, 2), POLICY).after
    passed = overdue.record_proof(
        "C-2", kind=AGENT_VISIT, on=date(2027, 3, 15), evidence_ref="visit/C-2", policy=POLICY, agent_id="agent-7"
    )
    assert passed.after.status == CURRENT and not passed.after.suspended
    (event,) = passed.events
    assert isinstance(event, CertificationPassed)
    assert event.was_overdue and event.resumes_from == Month(2027, 3)
    assert event.method == AGENT_VISIT and event.agent_id == "agent-7" and event.certification_id == "C-2"
    assert passed.after.advance(date(2027, 3, 16), POLICY).events == ()


def test_a_late_proof_recorded_months_after_it_was_made_resumes_from_the_month_it_is_recorded_in() -> None:
    """A hospital visit of March reported in May: April's payroll ran without the pensioner, so payment resumes
    in May and April is back paid (payout back pays every suspended month before the resumption)."""
    overdue = awarded().advance(date(2027, 1, 2), POLICY).after
    passed = overdue.record_proof(
        "C-7", kind=DATA, on=date(2027, 3, 15), evidence_ref="hospital/7", policy=POLICY, recorded_on=date(2027, 5, 2)
    )
    (event,) = passed.events
    assert isinstance(event, CertificationPassed)
    assert event.certified_on == date(2027, 3, 15) and event.resumes_from == Month(2027, 5)
    assert passed.after.valid_until == date(2028, 3, 15)  # the cycle still counts from the proof itself


def test_the_same_proof_applied_twice_changes_nothing_the_second_time() -> None:
    overdue = awarded().advance(date(2027, 1, 2), POLICY).after
    once = overdue.record_proof("C-3", kind=DATA, on=date(2027, 2, 1), evidence_ref="hospital/99", policy=POLICY)
    twice = once.after.record_proof("C-3", kind=DATA, on=date(2027, 2, 1), evidence_ref="hospital/99", policy=POLICY)
    assert not twice.changed and twice.events == ()


@pytest.mark.parametrize(
    ("kind", "evidence_ref", "on", "reason"),
    [
        ("SELFIE", "face/1", date(2026, 6, 1), "CERTIFICATION_METHOD_UNKNOWN"),
        (FACE, " ", date(2026, 6, 1), "EVIDENCE_REQUIRED"),
        (FACE, "note 411723195601011234", date(2026, 6, 1), "FREE_TEXT_PERSONAL_NUMBER"),
        (FACE, "face/1", date(2025, 12, 31), "PROOF_OLDER_THAN_LAST"),
    ],
)
def test_a_proof_is_refused_with_a_stable_reason(kind: str, evidence_ref: str, on: date, reason: str) -> None:
    state = awarded()
    with pytest.raises(DomainError) as refused:
        state.record_proof("C-4", kind=kind, on=on, evidence_ref=evidence_ref, policy=POLICY)
    assert refused.value.reason == reason


def test_death_or_transfer_ends_the_cycle_for_good() -> None:
    due_soon = awarded().advance(date(2026, 12, 2), POLICY).after
    dead = due_soon.end("death-1", deceased=True)
    assert dead.after.status == DECEASED and dead.events == ()
    assert dead.after.advance(date(2027, 6, 1), POLICY).events == ()
    with pytest.raises(DomainError) as refused:
        dead.after.record_proof("C-5", kind=FACE, on=date(2027, 1, 5), evidence_ref="face/5", policy=POLICY)
    assert refused.value.reason == "CERTIFICATION_ENDED"
    moved = awarded().end("transfer-1", deceased=False).after
    assert moved.status == NOT_REQUIRED and moved.advance(date(2028, 1, 1), POLICY).events == ()
    assert task_list([dead.after, moved], VILLAGE, date(2027, 6, 1)) == []
    again = dead.after.end("death-1", deceased=True)
    assert not again.changed


def test_task_list_is_the_villages_due_and_overdue_oldest_first() -> None:
    today = date(2027, 1, 20)
    overdue = awarded("R-OLD", Month(2026, 1)).advance(today, POLICY).after  # due 2027-01-01
    proved = (
        awarded("R-SOON", Month(2026, 1))
        .record_proof("C-6", kind=FACE, on=date(2026, 2, 5), evidence_ref="face/6", policy=POLICY)
        .after.advance(today, POLICY)
        .after
    )  # due 2027-02-05
    not_yet = awarded("R-LATER", Month(2026, 6))  # due 2027-06-01
    elsewhere = awarded("R-ELSE", Month(2025, 12), OTHER_VILLAGE).advance(today, POLICY).after
    unswept = awarded("R-UNSWEPT", Month(2025, 12))  # due 2026-12-01, the sweep has not run

    tasks = task_list([proved, not_yet, elsewhere, overdue, unswept], VILLAGE, today)

    assert [task.resident_id for task in tasks] == ["R-UNSWEPT", "R-OLD", "R-SOON"]
    assert [task.overdue for task in tasks] == [True, True, False]
    assert [task.days_past_due for task in tasks] == [50, 19, 0]
    assert [task.last_proof_kind for task in tasks] == [None, None, FACE]
    assert tasks[2].last_proof_on == date(2026, 2, 5) and tasks[2].due_on == date(2027, 2, 5)
