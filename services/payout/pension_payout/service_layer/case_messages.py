"""Stored overpayment cases and inheritance payouts as the contract's messages (replies and events alike)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pension.payout.v1 import payout_pb2
from pension_kit.identifiers import parse_period
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_timestamp, to_year_month

OVERPAYMENT_STATUS: Final = {
    "OPEN": payout_pb2.OVERPAYMENT_STATUS_OPEN,
    "RECOVERED": payout_pb2.OVERPAYMENT_STATUS_RECOVERED,
    "WRITTEN_OFF": payout_pb2.OVERPAYMENT_STATUS_WRITTEN_OFF,
}
OVERPAYMENT_STATUS_NAMES: Final = {value: name for name, value in OVERPAYMENT_STATUS.items()}
INHERITANCE_STATUS: Final = {
    "REQUESTED": payout_pb2.INHERITANCE_STATUS_REQUESTED,
    "APPROVED": payout_pb2.INHERITANCE_STATUS_APPROVED,
    "PAID": payout_pb2.INHERITANCE_STATUS_PAID,
    "FAILED": payout_pb2.INHERITANCE_STATUS_FAILED,
}


def recovery_message(recovery: dict[str, Any]) -> payout_pb2.Recovery:
    return payout_pb2.Recovery(
        recovery_id=recovery["recovery_id"],
        amount_fen=recovery["amount_fen"],
        method=recovery["method"],
        recovered_on=to_calendar_date(date.fromisoformat(recovery["recovered_on"])),
        reference=recovery["reference"],
        recorded_by=recovery["recorded_by"],
    )


def case_message(case: dict[str, Any]) -> payout_pb2.OverpaymentCase:
    return payout_pb2.OverpaymentCase(
        overpayment_case_id=case["_id"],
        resident_id=case["resident_id"],
        pooling_region_code=case["pooling_region_code"],
        cause=case["cause"],
        months=[to_year_month(parse_period(month)) for month in case["months"]],
        payment_ids=case["payment_ids"],
        amount_fen=case["amount_fen"],
        recovered_fen=case["recovered_fen"],
        balance_due_fen=case["balance_due_fen"],
        written_off_fen=case["written_off_fen"],
        status=OVERPAYMENT_STATUS[case["status"]],
        recoveries=[recovery_message(recovery) for recovery in case.get("recoveries", [])],
        opened_at=to_timestamp(case["opened_at"]),
    )


def inheritance_message(payout: dict[str, Any], *, sealed: bool = False) -> payout_pb2.InheritancePayout:
    """The payout as replies carry it (the heir's account masked and tokenised) and as events do (sealed too)."""
    heir = payout["heir"]
    message = payout_pb2.InheritancePayout(
        inheritance_id=payout["_id"],
        resident_id=payout["resident_id"],
        pooling_region_code=payout["pooling_region_code"],
        heir_name_masked=heir["name_masked"],
        heir_citizen_id_masked=heir["citizen_id_masked"],
        relationship=heir["relationship"],
        heir_bank_account=bank_account_ref(heir["bank_account"], sealed=sealed),
        balance_fen=payout["balance_fen"],
        overpayment_offset_fen=payout["overpayment_offset_fen"],
        net_fen=payout["net_fen"],
        status=INHERITANCE_STATUS[payout["status"]],
        requested_by=payout["requested_by"],
        approved_by=payout.get("approved_by") or "",
        evidence_ref=payout["evidence_ref"],
        bank_reference=payout.get("bank_reference") or "",
    )
    if payout.get("paid_on"):
        message.paid_on.CopyFrom(to_calendar_date(date.fromisoformat(payout["paid_on"])))
    return message
