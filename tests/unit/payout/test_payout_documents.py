"""Awards and payments written as documents read back as the same domain objects (adapters' document mapping)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from pension_kit.identifiers import Month
from pension_payout.adapters.award_documents import award_document, award_from_document
from pension_payout.adapters.payment_repository import payment_document, payment_from_document
from pension_payout.adapters.payroll_repository import run_from_document
from pension_payout.domain.award import Award, BankAccount, FailedPayment
from pension_payout.domain.benefit import AwardTerms, Component, Fund, Line
from pension_payout.domain.payroll import Payment, PaymentLine
from pension_payout.domain.reactions import AwardState, Stop, StopCause, Suspension, SuspensionCause

SEALED = {"key_id": "k1", "nonce": b"0" * 12, "ciphertext": b"sealed"}
ACCOUNT = BankAccount("ABC", "中国农业银行", "6228***********0123", "token", SEALED)


def test_an_award_reads_back_as_it_was_written() -> None:
    award = Award(
        award_id="AW-R1",
        resident_id="R1",
        pooling_region_code="411731",
        village_code="411731101201",
        name_masked="王*国",
        citizen_id_masked="4117**********123X",
        sealed_name=SEALED,
        bank_account=ACCOUNT,
        birth_date=date(1964, 3, 2),
        terms=AwardTerms(
            resident_id="R1",
            pension_age_reached_on=date(2024, 3, 2),
            first_month=Month(2024, 4),
            contributed_years=15,
            required_years=15,
            extra_years=0,
            account_balance_at_award_fen=1_390_000,
            account_pension_divisor=139,
            account_pension_fen=10_000,
            policy_version_id="PV-1",
            first_month_lines=(Line(Component.BASIC_PENSION, 1, Fund.POOLED, 20_000, "basic pension"),),
        ),
        state=AwardState(
            "STOPPED",
            suspension=Suspension(SuspensionCause.IMPRISONMENT, Month(2025, 1), Month(2025, 6), "e1"),
            stop=Stop(StopCause.DEATH, Month(2026, 4), date(2026, 3, 10), "e2"),
            back_pay_pending=(Month(2024, 4),),
            applied_events=frozenset({"e1", "e2"}),
        ),
        failed_payments=(FailedPayment("AW-R1/2024-05", Month(2024, 5), "old-token"),),
        granted_at=datetime(2024, 5, 1, tzinfo=UTC),
    )
    assert award_from_document(award_document(award)) == award


def test_a_payment_reads_back_as_it_was_written_and_its_run_from_the_stored_shape() -> None:
    payment = Payment(
        payment_id="AW-R1/2026-12",
        award_id="AW-R1",
        resident_id="R1",
        pooling_region_code="411731",
        village_code="411731101201",
        month=Month(2026, 12),
        kind="REGULAR",
        payroll_run_id="PR-411731-202612",
        attempt=1,
        lines=(PaymentLine(1, 1, 2, 20_000), PaymentLine(4, 0, 1, 10_000)),
        amount_fen=30_000,
        age_at_month_end=62,
        policy_version_id="PV-1",
        status="PREPARED",
        bank_account=ACCOUNT,
        batch_id="PR-411731-202612-ABC",
        sealed_name=SEALED,
    )
    assert payment_from_document(payment_document(payment)) == payment
    paid = {**payment_document(payment), "status": "PAID", "paid_on": "2027-01-05", "failure_code": ""}
    assert payment_from_document(paid) == replace(payment, status="PAID", paid_on=date(2027, 1, 5))
    run = run_from_document(
        {"_id": "PR-411731-202612", "pooling_region_code": "411731", "month": "2026-12", "status": "DRAFT"}
        | {"approvals_required": 2, "withdrawn": [payment.payment_id], "version": 4}
    )
    assert (run.month, run.withdrawn, run.totals, run.batches, run.version) == (
        Month(2026, 12),
        frozenset({payment.payment_id}),
        None,
        (),
        4,
    )
