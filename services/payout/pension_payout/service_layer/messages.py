"""Stored awards, payments and payroll runs as the contract's messages (replies and events alike)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2
from pension_kit.identifiers import parse_period
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_timestamp, to_year_month

AWARD_STATUS: Final = {
    "ACTIVE": payout_pb2.AWARD_STATUS_ACTIVE,
    "SUSPENDED": payout_pb2.AWARD_STATUS_SUSPENDED,
    "STOPPED": payout_pb2.AWARD_STATUS_STOPPED,
}
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
PAYMENT_KIND: Final = {"REGULAR": payout_pb2.PAYMENT_KIND_REGULAR, "BACK_PAY": payout_pb2.PAYMENT_KIND_BACK_PAY}


def breakdown_lines(lines: list[dict[str, Any]]) -> list[payout_pb2.BreakdownLine]:
    return [
        payout_pb2.BreakdownLine(
            component=line["component"],
            level=line["level"],
            monthly_fen=line["amount_fen"],
            explanation=line["explanation"],
        )
        for line in lines
    ]


def benefit_amounts(lines: list[dict[str, Any]]) -> list[types_pb2.BenefitAmount]:
    return [
        types_pb2.BenefitAmount(component=line["component"], fund=line["fund"], amount_fen=line["amount_fen"])
        for line in lines
    ]


def _total(lines: list[dict[str, Any]], component: int) -> int:
    return sum(line["amount_fen"] for line in lines if line["component"] == component)


def award_message(award: dict[str, Any]) -> payout_pb2.Award:
    terms = award["terms"]
    lines = terms["lines"]
    message = payout_pb2.Award(
        award_id=award["_id"],
        resident_id=award["resident_id"],
        pooling_region_code=award["pooling_region_code"],
        village_code=award["village_code"],
        name_masked=award["name_masked"],
        citizen_id_masked=award["citizen_id_masked"],
        birth_date=to_calendar_date(date.fromisoformat(award["birth_date"])),
        pension_age_reached_on=to_calendar_date(date.fromisoformat(terms["pension_age_reached_on"])),
        first_month=to_year_month(parse_period(award["first_month"])),
        contributed_years=terms["contributed_years"],
        required_years=terms["required_years"],
        basic_pension_fen=_total(lines, 1),
        extra_years=terms["extra_years"],
        long_contribution_bonus_fen=_total(lines, 2),
        old_age_bonus_fen=_total(lines, 3),
        account_balance_at_award_fen=terms["account_balance_at_award_fen"],
        account_pension_divisor=terms["account_pension_divisor"],
        account_pension_fen=terms["account_pension_fen"],
        monthly_total_fen=sum(line["amount_fen"] for line in lines),
        lines=breakdown_lines(lines),
        policy_version_id=terms["policy_version_id"],
        status=AWARD_STATUS[award["status"]],
        bank_account=bank_account_ref(award["bank_account"]),
        granted_at=to_timestamp(award["granted_at"]),
    )
    if award.get("suspension"):
        message.suspension_cause = award["suspension"]["cause"]
        message.suspended_from.CopyFrom(to_year_month(parse_period(award["suspension"]["from"])))
    if award.get("stop"):
        message.stop_cause = award["stop"]["cause"]
        message.stopped_from.CopyFrom(to_year_month(parse_period(award["stop"]["from"])))
    return message


# A prepared payment in a run that has been exported is in a bank's hands: shown as EXPORTED.
EXPORTED_RUN_STATUSES: Final = ("EXPORTING", "EXPORTED", "RETURNED", "CLOSED")


def payment_message(payment: dict[str, Any], run_status: str = "") -> payout_pb2.Payment:
    status = payment["status"]
    if status == "PREPARED" and run_status in EXPORTED_RUN_STATUSES:
        status = "EXPORTED"
    message = payout_pb2.Payment(
        payment_id=payment["_id"],
        award_id=payment["award_id"],
        resident_id=payment["resident_id"],
        pooling_region_code=payment["pooling_region_code"],
        period=to_year_month(parse_period(payment["period"])),
        kind=PAYMENT_KIND[payment["kind"]],
        payroll_run_id=payment["payroll_run_id"],
        attempt=payment["attempt"],
        amounts=benefit_amounts(payment["lines"]),
        amount_fen=payment["amount_fen"],
        age_at_month_end=payment["age_at_month_end"],
        policy_version_id=payment["policy_version_id"],
        status=PAYMENT_STATUS[status],
        bank_account=bank_account_ref(payment["bank_account"]),
        batch_id=payment["batch_id"],
        failure_code=payment.get("failure_code", ""),
        failure_reason=payment.get("failure_reason", ""),
        village_code=payment.get("village_code", ""),
    )
    if payment.get("paid_on"):
        message.paid_on.CopyFrom(to_calendar_date(date.fromisoformat(payment["paid_on"])))
    return message


def payroll_message(run: dict[str, Any]) -> payout_pb2.PayrollRun:
    totals = run.get("totals", {})
    message = payout_pb2.PayrollRun(
        payroll_run_id=run["_id"],
        pooling_region_code=run["pooling_region_code"],
        period=to_year_month(parse_period(run["period"])),
        status=PAYROLL_STATUS[run["status"]],
        prepared_by=", ".join(run.get("preparers", [])),
        approvals=[
            payout_pb2.Approval(
                approver_id=approval["approver_id"],
                approved_at=to_timestamp(approval["approved_at"]),
                reason=approval.get("reason", ""),
            )
            for approval in run.get("approvals", [])
        ],
        approvals_required=run["approvals_required"],
        payment_count=totals.get("payment_count", 0),
        total_fen=totals.get("total_fen", 0),
        totals=[
            types_pb2.BenefitAmount(component=item["component"], fund=item["fund"], amount_fen=item["amount_fen"])
            for item in totals.get("by_component_and_fund", [])
        ],
        regular_count=totals.get("regular_count", 0),
        regular_fen=totals.get("regular_fen", 0),
        back_pay_count=totals.get("back_pay_count", 0),
        back_pay_fen=totals.get("back_pay_fen", 0),
        retry_count=totals.get("retry_count", 0),
        retry_fen=totals.get("retry_fen", 0),
        suspended_count=totals.get("suspended_count", 0),
        batches=[batch_message(batch) for batch in run.get("batches", [])],
        paid_count=sum(batch.get("paid_count", 0) for batch in run.get("batches", [])),
        paid_fen=sum(batch.get("paid_fen", 0) for batch in run.get("batches", [])),
        failed_count=sum(batch.get("failed_count", 0) for batch in run.get("batches", [])),
        failed_fen=sum(batch.get("failed_fen", 0) for batch in run.get("batches", [])),
    )
    if run.get("prepared_at"):
        message.prepared_at.CopyFrom(to_timestamp(run["prepared_at"]))
    for field in ("exported_at", "returned_at", "closed_at"):
        if run.get(field):
            getattr(message, field).CopyFrom(to_timestamp(run[field]))
    return message


def batch_message(batch: dict[str, Any]) -> payout_pb2.BankBatch:
    return payout_pb2.BankBatch(
        batch_id=batch["batch_id"],
        bank_code=batch["bank_code"],
        bank_name=batch.get("bank_name", ""),
        file_name=batch["file_name"],
        record_count=batch["record_count"],
        total_fen=batch["total_fen"],
        sha256=batch["sha256"],
        status=payout_pb2.BANK_BATCH_STATUS_RETURNED
        if batch.get("returned")
        else payout_pb2.BANK_BATCH_STATUS_EXPORTED,
        paid_count=batch.get("paid_count", 0),
        paid_fen=batch.get("paid_fen", 0),
        failed_count=batch.get("failed_count", 0),
        failed_fen=batch.get("failed_fen", 0),
        return_file_sha256=batch.get("return_file_sha256", ""),
    )
