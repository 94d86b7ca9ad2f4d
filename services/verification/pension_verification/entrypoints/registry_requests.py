"""The contract's registry records read into the domain's raw records, and the results back into the contract's:
shared by the gRPC servicer and the registry topic's consumer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Final, TypeVar

from pension.common.v1 import types_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_kit.identity import Caller
from pension_kit.protoconv import check_enum, from_calendar_date, from_year_month
from pension_verification.adapters.registry_messages import SOURCE_NAMES
from pension_verification.domain.registry_records import (
    DEATH,
    EMPLOYEE_PENSION_KIND,
    IMPRISONMENT,
    RELEASE,
    SIGN_OF_LIFE,
    RawRecord,
)
from pension_verification.service_layer.registry import RecordResult, RegistryService

T = TypeVar("T")

KIND_OF_DETAIL: Final = {
    "death": DEATH,
    "employee_pension": EMPLOYEE_PENSION_KIND,
    "imprisonment": IMPRISONMENT,
    "release": RELEASE,
    "sign_of_life": SIGN_OF_LIFE,
}
OUTCOME_NUMBERS: Final = {
    "APPLIED": verification_pb2.RECORD_OUTCOME_APPLIED,
    "ALREADY_APPLIED": verification_pb2.RECORD_OUTCOME_ALREADY_APPLIED,
    "NOT_A_RESIDENT": verification_pb2.RECORD_OUTCOME_NOT_A_RESIDENT,
    "NO_CHANGE": verification_pb2.RECORD_OUTCOME_NO_CHANGE,
    "INVALID": verification_pb2.RECORD_OUTCOME_INVALID,
    "FOR_REVIEW": verification_pb2.RECORD_OUTCOME_FOR_REVIEW,
}


def raw_record(message: verification_pb2.RegistryRecord) -> RawRecord:
    """A record as sent; a date that is no calendar date is kept as a violation of its field, not raised, so
    that one bad record does not refuse its delivery."""
    unreadable: list[DomainError] = []

    def read(convert: Callable[[], T | None]) -> T | None:
        try:
            return convert()
        except DomainError as error:
            unreadable.append(error)
            return None

    def day(value: types_pb2.CalendarDate, field: str) -> date | None:
        return read(lambda: from_calendar_date(value, field=field, required=False))

    def month(value: types_pb2.YearMonth, field: str) -> Month | None:
        return read(lambda: from_year_month(value, field=field, required=False))

    detail = message.WhichOneof("detail") or ""
    death, pension = message.death, message.employee_pension
    prison, release = message.imprisonment, message.release
    return RawRecord(
        record_ref=message.record_ref,
        citizen_id_number=message.citizen_id_number,
        name=message.name,
        birth_date=day(message.birth_date, "birth_date"),
        village_code=message.village_code,
        kind=KIND_OF_DETAIL.get(detail, ""),
        date_of_death=day(death.date_of_death, "date_of_death") if detail == "death" else None,
        receiving_from=month(pension.receiving_from, "receiving_from") if detail == "employee_pension" else None,
        scheme_ref=pension.scheme_ref if detail == "employee_pension" else "",
        term_start=day(prison.term_start, "term_start") if detail == "imprisonment" else None,
        term_end=day(prison.term_end, "term_end") if detail == "imprisonment" else None,
        released_on=day(release.released_on, "released_on") if detail == "release" else None,
        unreadable=tuple(unreadable),
    )


def result_message(result: RecordResult) -> verification_pb2.RecordResult:
    """One record's result; a refusal names the field and its reason, never the value refused."""
    return verification_pb2.RecordResult(
        record_ref=result.record_ref,
        outcome=OUTCOME_NUMBERS[result.outcome],
        resident_id=result.resident_id,
        violations=[
            types_pb2.Violation(
                location=result.record_ref, field=error.field, reason_code=error.reason, message=error.message
            )
            for error in result.violations
        ],
    )


async def ingest(
    registry: RegistryService, request: verification_service_pb2.IngestRegistryRecordsRequest, caller: Caller
) -> verification_service_pb2.IngestRegistryRecordsResponse:
    """A delivery, from a call or from the registry topic: the same use case, the caller's identity."""
    source = check_enum(request.source, verification_pb2.RegistrySource.DESCRIPTOR, field="source")
    ingested = await registry.ingest(
        SOURCE_NAMES.get(source, verification_pb2.RegistrySource.Name(source).removeprefix("REGISTRY_SOURCE_")),
        request.batch_name,
        [raw_record(record) for record in request.records],
        request_id=request.request_id,
        caller=caller,
    )
    return verification_service_pb2.IngestRegistryRecordsResponse(
        results=[result_message(result) for result in ingested.results],
        applied=ingested.applied,
        invalid=ingested.invalid,
    )
