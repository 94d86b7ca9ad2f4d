"""The contract's messages of registry findings, reviews and death reports: the events they announce and the
replies' parts (reviews, death reports)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final

from google.protobuf.message import Message

from pension.verification.v1 import events_pb2, verification_pb2
from pension_kit.protoconv import to_calendar_date, to_timestamp, to_year_month
from pension_verification.adapters.registry_repository import review_of
from pension_verification.domain.death_reports import CONFIRMED, REJECTED, REPORTED, DeathReport
from pension_verification.domain.registry_matching import (
    ACCEPTED,
    CIVIL_AFFAIRS_DEATH,
    CREMATION,
    EMPLOYEE_PENSION,
    PENDING,
    PRISON,
    PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION,
    DeathConfirmed,
    DuplicateReceiptFound,
    Finding,
    ImprisonmentRecorded,
    ReleasedFromPrison,
    Review,
)
from pension_verification.domain.registry_matching import REJECTED as REVIEW_REJECTED
from pension_verification.domain.registry_records import kind_of

SOURCE_NUMBERS: Final = {
    CIVIL_AFFAIRS_DEATH: verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH,
    PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: verification_pb2.REGISTRY_SOURCE_PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION,
    CREMATION: verification_pb2.REGISTRY_SOURCE_CREMATION,
    EMPLOYEE_PENSION: verification_pb2.REGISTRY_SOURCE_EMPLOYEE_PENSION,
    PRISON: verification_pb2.REGISTRY_SOURCE_PRISON,
}
SOURCE_NAMES: Final[dict[int, str]] = {number: name for name, number in SOURCE_NUMBERS.items()}
REVIEW_STATUS_NUMBERS: Final = {
    PENDING: verification_pb2.REGISTRY_REVIEW_STATUS_PENDING,
    ACCEPTED: verification_pb2.REGISTRY_REVIEW_STATUS_ACCEPTED,
    REVIEW_REJECTED: verification_pb2.REGISTRY_REVIEW_STATUS_REJECTED,
}
REPORT_STATUS_NUMBERS: Final = {
    REPORTED: verification_pb2.DEATH_REPORT_STATUS_REPORTED,
    CONFIRMED: verification_pb2.DEATH_REPORT_STATUS_CONFIRMED,
    REJECTED: verification_pb2.DEATH_REPORT_STATUS_REJECTED,
}


def death_confirmed_by_registry(death: DeathConfirmed, *, report_id: str = "") -> events_pb2.DeathConfirmed:
    """A registry record confirmed the death by itself (an exact match, or a review accepted)."""
    return events_pb2.DeathConfirmed(
        resident_id=death.resident_id,
        date_of_death=to_calendar_date(death.date_of_death),
        confirmation_source=verification_pb2.DEATH_CONFIRMATION_SOURCE_REGISTRY,
        registry_source=SOURCE_NUMBERS[death.registry_source],
        record_ref=death.record_ref,
        report_id=report_id,
        pooling_region_code=death.pooling_region_code,
    )


def death_confirmed_by_officer(
    resident_id: str,
    *,
    date_of_death: date,
    evidence_ref: str,
    report_id: str,
    officer: str,
    pooling_region_code: str,
) -> events_pb2.DeathConfirmed:
    return events_pb2.DeathConfirmed(
        resident_id=resident_id,
        date_of_death=to_calendar_date(date_of_death),
        confirmation_source=verification_pb2.DEATH_CONFIRMATION_SOURCE_OFFICER,
        record_ref=evidence_ref,
        report_id=report_id,
        confirmed_by=officer,
        pooling_region_code=pooling_region_code,
    )


def finding_message(found: Finding, *, report_id: str = "") -> Message:
    """The event a registry finding becomes."""
    match found:
        case DeathConfirmed():
            return death_confirmed_by_registry(found, report_id=report_id)
        case DuplicateReceiptFound():
            return events_pb2.DuplicateReceiptFound(
                resident_id=found.resident_id,
                from_month=to_year_month(found.from_month),
                scheme_ref=found.scheme_ref,
                record_ref=found.record_ref,
                batch_name=found.batch_name,
                pooling_region_code=found.pooling_region_code,
            )
        case ImprisonmentRecorded():
            return events_pb2.ImprisonmentRecorded(
                resident_id=found.resident_id,
                term_start=to_calendar_date(found.term_start),
                term_end=to_calendar_date(found.term_end),
                record_ref=found.record_ref,
                batch_name=found.batch_name,
                pooling_region_code=found.pooling_region_code,
            )
        case ReleasedFromPrison():
            return events_pb2.ReleasedFromPrison(
                resident_id=found.resident_id,
                released_on=to_calendar_date(found.released_on),
                record_ref=found.record_ref,
                batch_name=found.batch_name,
                pooling_region_code=found.pooling_region_code,
            )


def review_message(
    review: Review, *, pooling_region_code: str, names: dict[str, str], queued_at: datetime | None = None
) -> verification_pb2.RegistryReview:
    """A review as officers and the event stream see it: masked names only, the record by its key."""
    record = review.record
    message = verification_pb2.RegistryReview(
        review_id=review.review_id,
        source=SOURCE_NUMBERS[record.source],
        record_ref=record.record_ref or review.review_id,
        batch_name=record.batch_name,
        status=REVIEW_STATUS_NUMBERS[review.status],
        candidates=[
            verification_pb2.RegistryCandidate(
                resident_id=candidate.resident_id,
                score=candidate.score,
                name_masked=names.get(candidate.resident_id, ""),
            )
            for candidate in review.candidates
        ],
        record_kind=kind_of(record.detail),
        name_masked=record.name_masked,
        birth_date=to_calendar_date(record.birth_date),
        village_code=record.village_code or "",
        decided_by=review.decided_by,
        resident_id=review.resident_id,
        reason=review.reason,
        pooling_region_code=pooling_region_code,
    )
    if queued_at is not None:
        message.queued_at.CopyFrom(to_timestamp(queued_at))
    return message


def stored_review_message(document: Mapping[str, Any]) -> verification_pb2.RegistryReview:
    """A review as stored (registry_reviews), as the list and the decision answer it."""
    names = {c["resident_id"]: c.get("name_masked", "") for c in document["candidates"]}
    return review_message(
        review_of(document),
        pooling_region_code=document["pooling_region_code"],
        names=names,
        queued_at=document.get("queued_at"),
    )


def death_report_message(report: DeathReport) -> verification_pb2.DeathReport:
    return verification_pb2.DeathReport(
        report_id=report.report_id,
        resident_id=report.resident_id,
        agent_id=report.agent_id,
        date_of_death=to_calendar_date(report.date_of_death),
        evidence_ref=report.evidence_ref,
        status=REPORT_STATUS_NUMBERS[report.status],
        reported_at=to_timestamp(report.reported_at),
    )
