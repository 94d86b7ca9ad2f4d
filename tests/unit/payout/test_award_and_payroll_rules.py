"""Which months an award pays, and what a payroll run's state allows: the rules the payroll steps ask."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_payout.domain.award import Award, BankAccount, FailedPayment, back_pay_months
from pension_payout.domain.benefit import AwardTerms
from pension_payout.domain.payroll import APPROVED, DRAFT, RETURNED, Approval, Batch, PayrollRun
from pension_payout.domain.reactions import (
    ACTIVE,
    AwardState,
    Stop,
    StopCause,
    Suspension,
    SuspensionCause,
)

JAN, FEB, MAR, APR, MAY = (Month(2026, month) for month in range(1, 6))


def award(state: AwardState | None = None, *, failed: tuple[FailedPayment, ...] = ()) -> Award:
    return Award(
        award_id="AW-R1",
        resident_id="R1",
        pooling_region_code="411731",
        village_code="411731101201",
        name_masked="王*国",
        citizen_id_masked="4117**********123X",
        sealed_name={"key_id": "k", "nonce": b"0", "ciphertext": b"x"},
        bank_account=BankAccount("ABC", "中国农业银行", "6228****0123", "token-now", {}),
        birth_date=date(1965, 12, 2),
        terms=AwardTerms(
            resident_id="R1",
            pension_age_reached_on=date(2025, 12, 2),
            first_month=FEB,
            contributed_years=15,
            required_years=15,
            extra_years=0,
            account_balance_at_award_fen=1_390_000,
            account_pension_divisor=139,
            account_pension_fen=10_000,
            policy_version_id="PV-1",
            first_month_lines=(),
        ),
        state=state or AwardState(ACTIVE),
        failed_payments=failed,
        granted_at=datetime(2026, 2, 1, tzinfo=UTC),
    )


def suspended(start: Month, until: Month | None) -> AwardState:
    return AwardState("SUSPENDED", suspension=Suspension(SuspensionCause.IMPRISONMENT, start, until, "e1"))


def test_an_award_pays_from_its_first_month_on() -> None:
    assert [award().pays(month) for month in (JAN, FEB, MAR)] == [False, True, True]


def test_a_suspension_leaves_out_its_months_and_counts_them_as_held_back() -> None:
    held = award(suspended(MAR, APR))
    assert [held.pays(month) for month in (FEB, MAR, APR, MAY)] == [True, False, False, True]
    assert [held.held_back(month) for month in (FEB, MAR, MAY)] == [False, True, False]
    assert award(suspended(MAR, None)).pays(Month(2030, 1)) is False


def test_a_stop_ends_payment_for_good_and_is_not_counted_as_held_back() -> None:
    state = replace(suspended(MAR, None), stop=Stop(StopCause.DEATH, APR, date(2026, 3, 20), "e2"))
    stopped = award(state)
    assert [stopped.pays(month) for month in (FEB, MAR, APR)] == [True, False, False]
    assert stopped.stopped_by(APR) and not stopped.stopped_by(MAR)
    assert not stopped.held_back(MAR), "a stopped award is not counted among the suspended"


def test_back_pay_due_is_the_pending_earlier_months_the_award_still_pays() -> None:
    state = AwardState(ACTIVE, suspension=Suspension(SuspensionCause.IMPRISONMENT, MAR, MAR, "e1"))
    pending = award(replace(state, back_pay_pending=(FEB, MAR, APR, MAY)))
    assert pending.back_pay_due(MAY) == [FEB, APR]
    assert back_pay_months(FEB, MAY) == (FEB, MAR, APR)
    assert back_pay_months(MAY, MAY) == ()


def test_a_failed_payment_is_paid_again_only_into_a_new_account_and_only_for_a_month_still_paid() -> None:
    same = FailedPayment("AW-R1/2026-02", FEB, "token-now")
    moved = FailedPayment("AW-R1/2026-03", MAR, "token-old")
    unpaid = FailedPayment("AW-R1/2026-04", APR, "token-old")
    again, dropped = award(suspended(APR, APR), failed=(same, moved, unpaid)).retries_due()
    assert (again, dropped) == ([moved], [unpaid])


def run(**changes: object) -> PayrollRun:
    base = PayrollRun("PR-411731-202603", "411731", MAR, DRAFT, approvals_required=2, preparers=("maker",))
    return replace(base, **changes)  # type: ignore[arg-type]


def reason(refusal: pytest.ExceptionInfo[DomainError]) -> str:
    return refusal.value.reason


def test_a_draft_is_approved_by_enough_distinct_approvers_none_its_preparer() -> None:
    first = Approval("checker-1", datetime(2026, 3, 1, tzinfo=UTC), "")
    run().check_approvable_by("checker-1")
    assert run().status_after_approval() == DRAFT
    assert run(approvals=(first,)).status_after_approval() == APPROVED
    for refused, approver, expected in [
        (run(preparing=True), "checker-1", "PAYROLL_BEING_PREPARED"),
        (run(), "maker", "PAYROLL_APPROVER_IS_PREPARER"),
        (run(approvals=(first,)), "checker-1", "PAYROLL_ALREADY_APPROVED_BY_CALLER"),
        (run(status=APPROVED), "checker-2", "PAYROLL_NOT_DRAFT"),
    ]:
        with pytest.raises(DomainError) as refusal:
            refused.check_approvable_by(approver)
        assert reason(refusal) == expected


def test_a_run_closes_only_when_every_return_is_in_and_adds_up() -> None:
    whole = Batch("B1", "ABC", "", "f", 2, 300, "s", True, 1, 100, 1, 200)
    short = replace(whole, failed_fen=199)
    run(status=RETURNED, batches=(whole,)).check_closable()
    for refused, expected in [
        (run(status=APPROVED, batches=(whole,)), "PAYROLL_NOT_RETURNED"),
        (run(status=RETURNED, batches=(whole, short)), "PAYROLL_DOES_NOT_RECONCILE"),
    ]:
        with pytest.raises(DomainError) as refusal:
            refused.check_closable()
        assert reason(refusal) == expected


def test_the_last_return_is_the_one_every_other_batch_has_before_it() -> None:
    returned = Batch("B1", "ABC", "", "f", 1, 100, "s", returned=True)
    waiting = replace(returned, batch_id="B2", returned=False)
    exported = run(batches=(returned, waiting))
    assert exported.last_return(1) and not exported.last_return(0)
    assert exported.batch("B2") == (1, waiting)
    with pytest.raises(DomainError) as refusal:
        exported.batch("B3")
    assert reason(refusal) == "BATCH_NOT_FOUND"
