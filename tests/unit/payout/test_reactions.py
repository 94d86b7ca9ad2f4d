"""Reactions of an award to verification's findings: suspension, resumption with back pay, stop, prison terms."""

from __future__ import annotations

from datetime import date

import pytest

from pension_kit.identifiers import Month
from pension_payout.domain.reactions import (
    ACTIVE,
    STOPPED,
    SUSPENDED,
    AwardState,
    CertificationOverdue,
    CertificationPassed,
    DeathConfirmed,
    DuplicateReceiptFound,
    Finding,
    ImprisonmentRecorded,
    MonthRange,
    OverpaymentCause,
    Reaction,
    ReleasedFromPrison,
    Resumed,
    ResumptionCause,
    Stop,
    StopCause,
    Stopped,
    Suspended,
    Suspension,
    SuspensionCause,
    UnusableFinding,
    consequences,
    overpaid_ranges,
    react,
)

ACTIVE_AWARD = AwardState(status=ACTIVE)


def m(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


def months(*texts: str) -> tuple[Month, ...]:
    return tuple(m(t) for t in texts)


def applied(state: AwardState, finding: Finding) -> Reaction:
    reaction = react(state, finding)
    assert reaction is not None
    return reaction


def overdue(event_id: str = "E-overdue", suspend_from: str | None = "2026-04") -> CertificationOverdue:
    return CertificationOverdue(event_id, m(suspend_from) if suspend_from else None, date(2026, 3, 15))


def suspended_for_certification(start: str = "2026-04", back_pay_pending: tuple[Month, ...] = ()) -> AwardState:
    state = applied(AwardState(status=ACTIVE, back_pay_pending=back_pay_pending), overdue(suspend_from=start)).state
    return state


def passed(
    resumed_in: str,
    *,
    run_exists: bool = False,
    held: tuple[str, ...] = (),
    event_id: str = "E-passed",
) -> CertificationPassed:
    return CertificationPassed(event_id, m(resumed_in), run_exists, frozenset(months(*held)))


# --- certification overdue -----------------------------------------------------------------------------


def test_an_overdue_certification_suspends_an_active_award_from_the_month_it_names() -> None:
    reaction = applied(ACTIVE_AWARD, overdue(suspend_from="2026-04"))
    assert reaction.state.status == SUSPENDED
    assert reaction.state.suspension == Suspension(
        SuspensionCause.CERTIFICATION_OVERDUE, m("2026-04"), None, "E-overdue"
    )
    assert reaction.announcement == Suspended(SuspensionCause.CERTIFICATION_OVERDUE, m("2026-04"), None, "E-overdue")
    # Prepared payments from the suspension on are withdrawn; no month is an overpayment for this cause.
    assert reaction.consequences.withdraw == (MonthRange(m("2026-04"), None),)
    assert reaction.consequences.overpayments == ()


def test_without_a_month_the_suspension_starts_the_month_after_the_due_date() -> None:
    reaction = applied(ACTIVE_AWARD, CertificationOverdue("E1", None, date(2026, 12, 20)))
    assert reaction.state.suspension is not None
    assert reaction.state.suspension.start == m("2027-01")


def test_an_overdue_certification_without_any_date_is_unusable() -> None:
    with pytest.raises(UnusableFinding):
        react(ACTIVE_AWARD, CertificationOverdue("E1", None, None))


def test_an_overdue_certification_of_a_suspended_or_stopped_award_changes_nothing_but_is_noted() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 10), None)).state
    dead = applied(ACTIVE_AWARD, DeathConfirmed("E-death", date(2026, 1, 10))).state
    for state in (suspended_for_certification("2026-02"), in_prison, dead):
        reaction = applied(state, overdue(event_id="E-late"))
        assert reaction.announcement is None
        assert reaction.state.suspension == state.suspension and reaction.state.status == state.status
        assert reaction.state.applied_events == state.applied_events | {"E-late"}
        assert reaction.consequences.withdraw == () and reaction.consequences.overpayments == ()


def test_an_overdue_certification_after_a_prison_term_never_covers_the_term() -> None:
    released = applied(
        applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 10), None)).state,
        ReleasedFromPrison("E-release", date(2026, 5, 2)),
    ).state
    reaction = applied(released, overdue(suspend_from="2026-04"))
    assert reaction.state.suspension is not None
    assert reaction.state.suspension.start == m("2026-06")
    # The prison term is kept: its months stay an overpayment if a payment for them turns out paid.
    assert overpaid_ranges(reaction.state, OverpaymentCause.IMPRISONMENT) == (MonthRange(m("2026-02"), m("2026-05")),)


# --- certification passed --------------------------------------------------------------------------


def test_a_proof_of_life_resumes_with_back_pay_for_every_missed_month_before_the_resumption() -> None:
    reaction = applied(suspended_for_certification("2026-04"), passed("2026-07"))
    assert reaction.state.status == ACTIVE
    assert reaction.state.suspension is None
    assert reaction.state.back_pay_pending == months("2026-04", "2026-05", "2026-06")
    assert reaction.announcement == Resumed(
        ResumptionCause.CERTIFIED, m("2026-07"), months("2026-04", "2026-05", "2026-06"), "E-passed"
    )
    assert reaction.added_back_pay == months("2026-04", "2026-05", "2026-06")
    assert reaction.consequences.withdraw == ()
    # The suspension is history: the payroll pays its months as back pay.
    assert reaction.state.ended_suspensions[-1].until == m("2026-06")


def test_the_resumption_month_is_back_paid_when_its_run_was_made_without_the_pensioner() -> None:
    reaction = applied(suspended_for_certification("2026-04"), passed("2026-06", run_exists=True))
    assert reaction.added_back_pay == months("2026-04", "2026-05", "2026-06")


def test_months_paid_or_held_in_a_payment_are_not_back_paid() -> None:
    # April was exported before the suspension reached payout; June's payment was prepared anyway.
    reaction = applied(
        suspended_for_certification("2026-04"), passed("2026-06", run_exists=True, held=("2026-04", "2026-06"))
    )
    assert reaction.added_back_pay == months("2026-05")


def test_months_already_pending_back_pay_are_not_added_twice() -> None:
    state = suspended_for_certification("2026-04", back_pay_pending=months("2026-04"))
    reaction = applied(state, passed("2026-06"))
    assert reaction.added_back_pay == months("2026-05")
    assert reaction.state.back_pay_pending == months("2026-04", "2026-05")


def test_a_proof_before_the_suspension_starts_resumes_without_back_pay() -> None:
    reaction = applied(suspended_for_certification("2026-04"), passed("2026-03", run_exists=True))
    assert reaction.state.status == ACTIVE and reaction.state.suspension is None
    assert reaction.added_back_pay == ()


def test_a_proof_of_life_of_an_active_award_changes_nothing() -> None:
    reaction = applied(ACTIVE_AWARD, passed("2026-06"))
    assert reaction.announcement is None and reaction.state.back_pay_pending == ()


def test_a_proof_of_life_does_not_lift_a_suspension_for_prison() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 10), None)).state
    reaction = applied(in_prison, passed("2026-06"))
    assert reaction.announcement is None
    assert reaction.state.status == SUSPENDED and reaction.state.back_pay_pending == ()


def test_a_proof_of_life_after_death_changes_nothing() -> None:
    dead = applied(suspended_for_certification("2026-04"), DeathConfirmed("E-death", date(2026, 5, 3))).state
    reaction = applied(dead, passed("2026-07"))
    assert reaction.announcement is None
    assert reaction.state.status == STOPPED and reaction.state.back_pay_pending == ()


# --- death and duplicate receipt -------------------------------------------------------------------


def test_a_death_stops_the_award_from_the_month_after_the_month_of_death() -> None:
    state = AwardState(status=ACTIVE, back_pay_pending=months("2026-02", "2026-03", "2026-04"))
    reaction = applied(state, DeathConfirmed("E-death", date(2026, 3, 31)))
    assert reaction.state.status == STOPPED
    assert reaction.state.stop == Stop(StopCause.DEATH, m("2026-04"), date(2026, 3, 31), "E-death")
    assert reaction.announcement == Stopped(StopCause.DEATH, m("2026-04"), date(2026, 3, 31), "E-death")
    # Back pay owed for months the pensioner lived stays; for months after it is dropped.
    assert reaction.state.back_pay_pending == months("2026-02", "2026-03")
    assert reaction.dropped_back_pay == months("2026-04")
    assert reaction.consequences.withdraw == (MonthRange(m("2026-04"), None),)
    assert reaction.consequences.overpayments == (OverpaymentCause.DEATH,)
    assert overpaid_ranges(reaction.state, OverpaymentCause.DEATH) == (MonthRange(m("2026-04"), None),)


def test_a_death_on_the_last_day_of_december_stops_from_january() -> None:
    reaction = applied(ACTIVE_AWARD, DeathConfirmed("E-death", date(2026, 12, 31)))
    assert reaction.state.stop is not None and reaction.state.stop.start == m("2027-01")


def test_a_death_after_a_suspension_stops_the_award_and_keeps_the_suspension_on_record() -> None:
    state = suspended_for_certification("2026-04")
    reaction = applied(state, DeathConfirmed("E-death", date(2026, 5, 20)))
    assert reaction.state.status == STOPPED
    assert reaction.state.stop is not None and reaction.state.stop.start == m("2026-06")
    assert reaction.state.suspension == state.suspension
    # Withdrawn: the months of the suspension and every month after death.
    assert set(reaction.consequences.withdraw) == {MonthRange(m("2026-06"), None), MonthRange(m("2026-04"), None)}
    assert reaction.consequences.overpayments == (OverpaymentCause.DEATH,)


def test_a_stopped_award_never_changes_again() -> None:
    dead = applied(ACTIVE_AWARD, DeathConfirmed("E-death", date(2026, 3, 2))).state
    for finding in (
        DeathConfirmed("E-death-2", date(2026, 8, 1)),
        DuplicateReceiptFound("E-dup", m("2025-01")),
        overdue(event_id="E-overdue"),
        passed("2026-09"),
        ImprisonmentRecorded("E-prison", date(2026, 1, 5), None),
        ReleasedFromPrison("E-release", date(2026, 9, 1)),
    ):
        reaction = applied(dead, finding)
        assert reaction.announcement is None
        assert reaction.state.stop == dead.stop and reaction.state.status == STOPPED
        assert reaction.state.applied_events == dead.applied_events | {finding.event_id}


def test_a_duplicate_receipt_stops_from_the_first_month_of_the_employees_pension() -> None:
    reaction = applied(ACTIVE_AWARD, DuplicateReceiptFound("E-dup", m("2025-10")))
    assert reaction.state.status == STOPPED
    assert reaction.state.stop == Stop(StopCause.DUPLICATE_RECEIPT, m("2025-10"), None, "E-dup")
    assert reaction.announcement == Stopped(StopCause.DUPLICATE_RECEIPT, m("2025-10"), None, "E-dup")
    assert reaction.consequences.withdraw == (MonthRange(m("2025-10"), None),)
    assert reaction.consequences.overpayments == (OverpaymentCause.DUPLICATE_RECEIPT,)
    assert overpaid_ranges(reaction.state, OverpaymentCause.DUPLICATE_RECEIPT) == (MonthRange(m("2025-10"), None),)
    assert overpaid_ranges(reaction.state, OverpaymentCause.DEATH) == ()


# --- prison ----------------------------------------------------------------------------------------


def test_a_prison_term_suspends_from_the_month_after_it_starts_to_the_month_it_ends() -> None:
    state = AwardState(status=ACTIVE, back_pay_pending=months("2026-01", "2026-03"))
    reaction = applied(state, ImprisonmentRecorded("E-prison", date(2026, 1, 20), date(2026, 6, 3)))
    term = Suspension(SuspensionCause.IMPRISONMENT, m("2026-02"), m("2026-06"), "E-prison")
    assert reaction.state.status == SUSPENDED and reaction.state.suspension == term
    assert reaction.announcement == Suspended(SuspensionCause.IMPRISONMENT, m("2026-02"), m("2026-06"), "E-prison")
    # Never back paid: pending back pay inside the term is dropped.
    assert reaction.state.back_pay_pending == months("2026-01")
    assert reaction.consequences.withdraw == (MonthRange(m("2026-02"), m("2026-06")),)
    assert reaction.consequences.overpayments == (OverpaymentCause.IMPRISONMENT,)
    assert overpaid_ranges(reaction.state, OverpaymentCause.IMPRISONMENT) == (MonthRange(m("2026-02"), m("2026-06")),)


def test_a_term_without_a_known_end_suspends_until_release() -> None:
    reaction = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None))
    assert reaction.state.suspension is not None and reaction.state.suspension.until is None


def test_a_term_within_one_month_suspends_nothing() -> None:
    reaction = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 3), date(2026, 1, 25)))
    assert reaction.announcement is None and reaction.state.status == ACTIVE


def test_release_pays_again_from_the_next_month_without_back_pay() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    reaction = applied(in_prison, ReleasedFromPrison("E-release", date(2026, 7, 9)))
    assert reaction.state.status == ACTIVE
    assert reaction.state.suspension == Suspension(SuspensionCause.IMPRISONMENT, m("2026-02"), m("2026-07"), "E-prison")
    assert reaction.announcement == Resumed(ResumptionCause.RELEASED, m("2026-08"), (), "E-release")
    assert reaction.added_back_pay == () and reaction.state.back_pay_pending == ()
    assert reaction.consequences.overpayments == (OverpaymentCause.IMPRISONMENT,)
    assert overpaid_ranges(reaction.state, OverpaymentCause.IMPRISONMENT) == (MonthRange(m("2026-02"), m("2026-07")),)


def test_a_late_release_extends_the_term_and_its_overpayment() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), date(2026, 4, 30))).state
    reaction = applied(in_prison, ReleasedFromPrison("E-release", date(2026, 6, 2)))
    assert reaction.state.suspension is not None and reaction.state.suspension.until == m("2026-06")
    assert MonthRange(m("2026-02"), m("2026-06")) in reaction.consequences.withdraw


def test_a_release_known_already_changes_nothing() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    released = applied(in_prison, ReleasedFromPrison("E-release", date(2026, 7, 9))).state
    reaction = applied(released, ReleasedFromPrison("E-release-again", date(2026, 7, 9)))
    assert reaction.announcement is None


def test_a_release_without_a_prison_term_changes_nothing() -> None:
    for state in (ACTIVE_AWARD, suspended_for_certification()):
        reaction = applied(state, ReleasedFromPrison("E-release", date(2026, 7, 9)))
        assert reaction.announcement is None and reaction.state.suspension == state.suspension


def test_a_prison_term_takes_over_an_overdue_certification() -> None:
    state = suspended_for_certification("2026-02")
    reaction = applied(state, ImprisonmentRecorded("E-prison", date(2026, 4, 2), None))
    assert reaction.state.suspension is not None
    assert reaction.state.suspension.cause is SuspensionCause.IMPRISONMENT
    assert reaction.state.suspension.start == m("2026-05")
    # The months before the term stay suspended for the certification, on record.
    ended = reaction.state.ended_suspensions[-1]
    assert (ended.cause, ended.start, ended.until) == (
        SuspensionCause.CERTIFICATION_OVERDUE,
        m("2026-02"),
        m("2026-04"),
    )
    # And a proof of life does not lift the prison term, so the term is never back paid.
    assert applied(reaction.state, passed("2026-08")).announcement is None


def test_a_past_term_recorded_late_keeps_the_current_suspension() -> None:
    state = suspended_for_certification("2026-06")
    reaction = applied(state, ImprisonmentRecorded("E-prison", date(2026, 1, 2), date(2026, 3, 30)))
    assert reaction.state.suspension == state.suspension and reaction.state.status == SUSPENDED
    assert overpaid_ranges(reaction.state, OverpaymentCause.IMPRISONMENT) == (MonthRange(m("2026-02"), m("2026-03")),)
    # Back pay after the proof of life never includes the term's months.
    resumed = applied(reaction.state, passed("2026-08"))
    assert resumed.added_back_pay == months("2026-06", "2026-07")


def test_the_same_term_recorded_again_with_its_end_is_merged() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    reaction = applied(in_prison, ImprisonmentRecorded("E-prison-2", date(2026, 2, 11), date(2026, 9, 1)))
    assert reaction.state.suspension is not None
    assert (reaction.state.suspension.start, reaction.state.suspension.until) == (m("2026-02"), m("2026-09"))
    assert reaction.state.ended_suspensions == ()


def test_a_second_term_after_release_keeps_both_terms_overpaid() -> None:
    first = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    released = applied(first, ReleasedFromPrison("E-release", date(2026, 3, 9))).state
    reaction = applied(released, ImprisonmentRecorded("E-prison-2", date(2026, 8, 11), None))
    assert reaction.state.status == SUSPENDED
    assert overpaid_ranges(reaction.state, OverpaymentCause.IMPRISONMENT) == (
        MonthRange(m("2026-02"), m("2026-03")),
        MonthRange(m("2026-09"), None),
    )


def test_a_death_during_a_prison_term_claims_each_month_under_one_cause_only() -> None:
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    dead = applied(in_prison, DeathConfirmed("E-death", date(2026, 5, 8))).state
    assert overpaid_ranges(dead, OverpaymentCause.DEATH) == (MonthRange(m("2026-06"), None),)
    assert overpaid_ranges(dead, OverpaymentCause.IMPRISONMENT) == (MonthRange(m("2026-02"), m("2026-05")),)
    assert consequences(dead).overpayments == (OverpaymentCause.DEATH, OverpaymentCause.IMPRISONMENT)


# --- idempotency -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finding",
    [
        overdue(),
        DeathConfirmed("E-death", date(2026, 3, 2)),
        DuplicateReceiptFound("E-dup", m("2026-01")),
        ImprisonmentRecorded("E-prison", date(2026, 1, 20), None),
    ],
)
def test_a_finding_applied_once_is_not_applied_again(finding: Finding) -> None:
    once = applied(ACTIVE_AWARD, finding).state
    assert finding.event_id in once.applied_events
    assert react(once, finding) is None


def test_a_redelivered_finding_after_later_changes_is_not_applied_out_of_order() -> None:
    # Overdue while in prison (noted, no change), released, then the overdue delivered again: still nothing.
    in_prison = applied(ACTIVE_AWARD, ImprisonmentRecorded("E-prison", date(2026, 1, 20), None)).state
    noted = applied(in_prison, overdue(event_id="E-overdue")).state
    released = applied(noted, ReleasedFromPrison("E-release", date(2026, 3, 9))).state
    assert react(released, overdue(event_id="E-overdue")) is None


def test_a_proof_of_life_delivered_twice_back_pays_once() -> None:
    resumed = applied(suspended_for_certification("2026-04"), passed("2026-06")).state
    assert react(resumed, passed("2026-06")) is None
    assert resumed.back_pay_pending == months("2026-04", "2026-05")


def test_month_ranges() -> None:
    open_range = MonthRange(m("2026-11"), None)
    assert open_range.months(m("2027-02")) == list(months("2026-11", "2026-12", "2027-01", "2027-02"))
    assert MonthRange(m("2026-11"), m("2026-12")).months(m("2027-02")) == list(months("2026-11", "2026-12"))
    assert m("2030-01") in open_range and m("2026-10") not in open_range
    assert MonthRange(m("2026-05"), m("2026-04")).empty
    assert open_range.before(m("2027-01")) == MonthRange(m("2026-11"), m("2026-12"))
    assert open_range.before(m("2026-11")).empty
