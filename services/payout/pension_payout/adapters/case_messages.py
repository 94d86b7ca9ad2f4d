"""Stored overpayment cases, inheritance payouts and awards' reactions as the contract's messages.

The same case or payout message goes into a reply (entrypoints/grpc_cases.py) and into an event (the use cases'
unit of work): the mapping lives here, below both, so that neither the service layer nor the servicer builds
protos of its own.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from google.protobuf.message import Message

from pension.payout.v1 import events_pb2, payout_pb2
from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_timestamp, to_year_month
from pension_payout.domain.reactions import Announcement, Resumed, Stopped, Suspended

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
        months=[to_year_month(parse_month(month)) for month in case["months"]],
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


# --- events ------------------------------------------------------------------------------------------


def case_opened(case: Document) -> Message:
    """A case opened, or grown (announced again with its new amount)."""
    return events_pb2.OverpaymentCaseOpened(overpayment_case=case_message(case))


def recovery_recorded(case: Document) -> Message:
    """The case's last recovery, with what it leaves due."""
    return events_pb2.RecoveryRecorded(
        resident_id=case["resident_id"],
        overpayment_case_id=case["_id"],
        recovery=recovery_message(case["recoveries"][-1]),
        recovered_fen=case["recovered_fen"],
        balance_due_fen=case["balance_due_fen"],
        pooling_region_code=case["pooling_region_code"],
    )


def case_closed(case: Document) -> Message:
    return events_pb2.OverpaymentCaseClosed(
        resident_id=case["resident_id"],
        overpayment_case_id=case["_id"],
        status=OVERPAYMENT_STATUS[case["status"]],
        recovered_fen=case["recovered_fen"],
        written_off_fen=case["written_off_fen"],
        pooling_region_code=case["pooling_region_code"],
    )


def inheritance_requested(payout: Document) -> Message:
    return events_pb2.InheritancePayoutRequested(inheritance=inheritance_message(payout, sealed=True))


def inheritance_approved(payout: Document) -> Message:
    return events_pb2.InheritancePayoutApproved(inheritance=inheritance_message(payout, sealed=True))


def inheritance_result(payout: Document, *, paid: bool) -> Message:
    """The bank's result: paid, or the transfer failed."""
    message = inheritance_message(payout, sealed=True)
    if paid:
        return events_pb2.InheritancePaid(inheritance=message)
    return events_pb2.InheritancePayoutFailed(inheritance=message)


def benefit_announcement(award: Document, announcement: Announcement) -> Message:
    """What a reaction to verification announces of an award: suspended, resumed or stopped."""
    common = {
        "resident_id": award["resident_id"],
        "award_id": award["_id"],
        "cause": int(announcement.cause),
        "from_month": to_year_month(announcement.start),
        "cause_event_id": announcement.cause_event_id,
        "pooling_region_code": award["pooling_region_code"],
    }
    match announcement:
        case Suspended():
            suspended = events_pb2.BenefitSuspended(**common)
            if announcement.until is not None:
                suspended.until_month.CopyFrom(to_year_month(announcement.until))
            return suspended
        case Resumed():
            return events_pb2.BenefitResumed(
                **common, back_pay_months=[to_year_month(m) for m in announcement.back_pay_months]
            )
        case Stopped():
            stopped = events_pb2.BenefitStopped(**common)
            if announcement.date_of_death is not None:
                stopped.date_of_death.CopyFrom(to_calendar_date(announcement.date_of_death))
            return stopped
