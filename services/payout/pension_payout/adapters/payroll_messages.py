"""Awards, payments and payroll runs as the contract's messages (replies and events alike)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, cast

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_timestamp, to_year_month
from pension_payout.adapters.award_documents import bank_account_document
from pension_payout.domain.award import Award
from pension_payout.domain.benefit import Component, Line
from pension_payout.domain.payroll import Batch, Payment, PayrollRun, RunTotals


# The domain's IntEnums and stored ints carry the contract's enum numbers; the generated stubs want their own types.
def _component(value: int) -> types_pb2.BenefitComponent:
    return cast(types_pb2.BenefitComponent, value)


def _fund(value: int) -> types_pb2.Fund:
    return cast(types_pb2.Fund, value)


AWARD_STATUS: Final = {
    "ACTIVE": payout_pb2.AWARD_STATUS_ACTIVE,
    "SUSPENDED": payout_pb2.AWARD_STATUS_SUSPENDED,
    "STOPPED": payout_pb2.AWARD_STATUS_STOPPED,
}
AWARD_STATUS_NAMES: Final = {value: name for name, value in AWARD_STATUS.items()}
PAYROLL_STATUS: Final = {
    "DRAFT": payout_pb2.PAYROLL_STATUS_DRAFT,
    "APPROVED": payout_pb2.PAYROLL_STATUS_APPROVED,
    # An export that was interrupted is still APPROVED to the outside: nothing was handed to a bank.
    "EXPORTING": payout_pb2.PAYROLL_STATUS_APPROVED,
    "EXPORTED": payout_pb2.PAYROLL_STATUS_EXPORTED,
    "RETURNED": payout_pb2.PAYROLL_STATUS_RETURNED,
    "CLOSED": payout_pb2.PAYROLL_STATUS_CLOSED,
}
PAYMENT_STATUS: Final = {
    "PREPARED": payout_pb2.PAYMENT_STATUS_PREPARED,
    "EXPORTED": payout_pb2.PAYMENT_STATUS_EXPORTED,
    "PAID": payout_pb2.PAYMENT_STATUS_PAID,
    "FAILED": payout_pb2.PAYMENT_STATUS_FAILED,
    "CANCELLED": payout_pb2.PAYMENT_STATUS_CANCELLED,
}
PAYMENT_STATUS_NAMES: Final = {value: name for name, value in PAYMENT_STATUS.items()}
PAYMENT_KIND: Final = {"REGULAR": payout_pb2.PAYMENT_KIND_REGULAR, "BACK_PAY": payout_pb2.PAYMENT_KIND_BACK_PAY}


def breakdown_lines(lines: Sequence[Line]) -> list[payout_pb2.BreakdownLine]:
    return [
        payout_pb2.BreakdownLine(
            component=_component(line.component),
            level=cast(types_pb2.GovernmentLevel, line.level),
            monthly_fen=line.amount_fen,
            explanation=line.explanation,
        )
        for line in lines
    ]


def _total(lines: Sequence[Line], component: Component) -> int:
    return sum(line.amount_fen for line in lines if line.component == component)


def award_message(award: Award) -> payout_pb2.Award:
    terms = award.terms
    lines = terms.first_month_lines
    message = payout_pb2.Award(
        award_id=award.award_id,
        resident_id=award.resident_id,
        pooling_region_code=award.pooling_region_code,
        village_code=award.village_code,
        name_masked=award.name_masked,
        citizen_id_masked=award.citizen_id_masked,
        birth_date=to_calendar_date(award.birth_date),
        pension_age_reached_on=to_calendar_date(terms.pension_age_reached_on),
        first_month=to_year_month(award.first_month),
        contributed_years=terms.contributed_years,
        required_years=terms.required_years,
        basic_pension_fen=_total(lines, Component.BASIC_PENSION),
        extra_years=terms.extra_years,
        long_contribution_bonus_fen=_total(lines, Component.LONG_CONTRIBUTION_BONUS),
        old_age_bonus_fen=_total(lines, Component.OLD_AGE_BONUS),
        account_balance_at_award_fen=terms.account_balance_at_award_fen,
        account_pension_divisor=terms.account_pension_divisor,
        account_pension_fen=terms.account_pension_fen,
        monthly_total_fen=sum(line.amount_fen for line in lines),
        lines=breakdown_lines(lines),
        policy_version_id=terms.policy_version_id,
        status=AWARD_STATUS[award.state.status],
        bank_account=bank_account_ref(bank_account_document(award.bank_account)),
        granted_at=to_timestamp(award.granted_at),
    )
    if award.state.suspension is not None:
        message.suspension_cause = cast(payout_pb2.SuspensionCause, award.state.suspension.cause)
        message.suspended_from.CopyFrom(to_year_month(award.state.suspension.start))
    if award.state.stop is not None:
        message.stop_cause = cast(payout_pb2.StopCause, award.state.stop.cause)
        message.stopped_from.CopyFrom(to_year_month(award.state.stop.start))
    return message


def payment_message(payment: Payment, run_status: str = "") -> payout_pb2.Payment:
    message = payout_pb2.Payment(
        payment_id=payment.payment_id,
        award_id=payment.award_id,
        resident_id=payment.resident_id,
        pooling_region_code=payment.pooling_region_code,
        month=to_year_month(payment.month),
        kind=PAYMENT_KIND[payment.kind],
        payroll_run_id=payment.payroll_run_id,
        attempt=payment.attempt,
        amounts=[
            types_pb2.BenefitAmount(
                component=_component(line.component), fund=_fund(line.fund), amount_fen=line.amount_fen
            )
            for line in payment.lines
        ],
        amount_fen=payment.amount_fen,
        age_at_month_end=payment.age_at_month_end,
        policy_version_id=payment.policy_version_id,
        status=PAYMENT_STATUS[payment.status_in(run_status)],
        bank_account=bank_account_ref(bank_account_document(payment.bank_account)),
        batch_id=payment.batch_id,
        failure_code=payment.failure_code,
        failure_reason=payment.failure_reason,
        village_code=payment.village_code,
    )
    if payment.paid_on is not None:
        message.paid_on.CopyFrom(to_calendar_date(payment.paid_on))
    return message


def payroll_message(run: PayrollRun) -> payout_pb2.PayrollRun:
    totals = run.totals or RunTotals()
    message = payout_pb2.PayrollRun(
        payroll_run_id=run.payroll_run_id,
        pooling_region_code=run.pooling_region_code,
        month=to_year_month(run.month),
        status=PAYROLL_STATUS[run.status],
        prepared_by=", ".join(run.preparers),
        approvals=[
            payout_pb2.Approval(
                approver_id=approval.approver_id,
                approved_at=to_timestamp(approval.approved_at),
                reason=approval.reason,
            )
            for approval in run.approvals
        ],
        approvals_required=run.approvals_required,
        payment_count=totals.payment_count,
        total_fen=totals.total_fen,
        totals=[
            types_pb2.BenefitAmount(
                component=_component(item.component), fund=_fund(item.fund), amount_fen=item.amount_fen
            )
            for item in totals.by_component_and_fund
        ],
        regular_count=totals.regular_count,
        regular_fen=totals.regular_fen,
        back_pay_count=totals.back_pay_count,
        back_pay_fen=totals.back_pay_fen,
        retry_count=totals.retry_count,
        retry_fen=totals.retry_fen,
        suspended_count=totals.suspended_count,
        batches=[batch_message(batch) for batch in run.batches],
        paid_count=sum(batch.paid_count for batch in run.batches),
        paid_fen=sum(batch.paid_fen for batch in run.batches),
        failed_count=sum(batch.failed_count for batch in run.batches),
        failed_fen=sum(batch.failed_fen for batch in run.batches),
    )
    for field in ("prepared_at", "exported_at", "returned_at", "closed_at"):
        value = getattr(run, field)
        if value:
            getattr(message, field).CopyFrom(to_timestamp(value))
    return message


def batch_message(batch: Batch) -> payout_pb2.BankBatch:
    return payout_pb2.BankBatch(
        batch_id=batch.batch_id,
        bank_code=batch.bank_code,
        bank_name=batch.bank_name,
        file_name=batch.file_name,
        record_count=batch.record_count,
        total_fen=batch.total_fen,
        sha256=batch.sha256,
        status=payout_pb2.BANK_BATCH_STATUS_RETURNED if batch.returned else payout_pb2.BANK_BATCH_STATUS_EXPORTED,
        paid_count=batch.paid_count,
        paid_fen=batch.paid_fen,
        failed_count=batch.failed_count,
        failed_fen=batch.failed_fen,
        return_file_sha256=batch.return_file_sha256,
    )
