"""The review lists' facts from payout's awards and verification's certifications, as handlers the report consumer
(group `supervision-reports`) adds to its own; how the lists show an award (masked name and ID number, monthly
total) is kept after report_facts' own handler of AwardGranted has recorded it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date
from typing import Final

from pension.common.v1 import types_pb2
from pension.payout.v1 import events_pb2 as payout_events
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_kit.clock import CHINA
from pension_kit.consumer import Handler
from pension_kit.events import ReceivedEvent
from pension_kit.identifiers import Month
from pension_kit.protoconv import from_calendar_date
from pension_supervision.adapters.review_facts import ReviewFacts
from pension_supervision.domain.review_lists import CertificationFact, CertificationOutcome, ListedAward

AWARD_GRANTED: Final = payout_events.AwardGranted.DESCRIPTOR.full_name
# (resident id, the event's region, the event's village) -> (region, village), the resident's where the event is silent.
Place = Callable[[str, str, str], Awaitable[tuple[str, str]]]


def _day(value: types_pb2.CalendarDate) -> date | None:
    return from_calendar_date(value, field="date", required=False)


def _occurred_on(event: ReceivedEvent) -> date:
    return event.envelope.occurred_at.ToDatetime(tzinfo=UTC).astimezone(CHINA).date()


def _method(value: int) -> str:
    if value not in verification_pb2.CertificationMethod.values():
        return ""
    return (
        verification_pb2.CertificationMethod.Name(value)
        .removeprefix("CERTIFICATION_METHOD_")
        .replace("UNSPECIFIED", "")
    )


def review_fact_handlers(review: ReviewFacts, *, recorded: Handler, where: Place) -> Mapping[str, Handler]:
    """The handlers to add to the report consumer's: `recorded` is its own handler of AwardGranted, `where` its
    region and village of a resident for an event that carries none (retried, then parked, while the resident's
    enrolment has not been seen)."""

    async def on_award(event: ReceivedEvent) -> None:
        await recorded(event)
        payload = event.payload()
        assert isinstance(payload, payout_events.AwardGranted)
        award = payload.award
        await review.award_shown(
            ListedAward(
                award_id=award.award_id,
                resident_id=award.resident_id,
                pooling_region_code=award.pooling_region_code,
                village_code=award.village_code,
                name_masked=award.name_masked,
                citizen_id_masked=award.citizen_id_masked,
                first_month=Month(award.first_month.year, award.first_month.month),
                monthly_total_fen=award.monthly_total_fen,
            )
        )

    async def on_passed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationPassed)
        certification = payload.certification
        region, village = await where(
            certification.resident_id, payload.pooling_region_code, certification.village_code
        )
        await review.certification(
            CertificationFact(
                fact_id=certification.certification_id or event.event_id,
                resident_id=certification.resident_id,
                pooling_region_code=region,
                village_code=village,
                outcome=CertificationOutcome.PASSED,
                on=_day(certification.certified_on) or _occurred_on(event),
                method=_method(certification.method),
                next_due_on=_day(certification.next_due_on),
            )
        )

    async def on_failed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationFailed)
        region, village = await where(payload.resident_id, payload.pooling_region_code, payload.village_code)
        attempted = (
            payload.attempted_at.ToDatetime(tzinfo=UTC).astimezone(CHINA).date()
            if payload.HasField("attempted_at")
            else _occurred_on(event)
        )
        await review.certification(
            CertificationFact(
                fact_id=event.event_id,
                resident_id=payload.resident_id,
                pooling_region_code=region,
                village_code=village,
                outcome=CertificationOutcome.FAILED,
                on=attempted,
                method=_method(payload.method),
                failure_code=payload.failure_code,
            )
        )

    async def on_overdue(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationOverdue)
        region, village = await where(payload.resident_id, payload.pooling_region_code, payload.village_code)
        due_on = _day(payload.due_on) or _occurred_on(event)
        await review.certification(
            CertificationFact(
                fact_id=f"overdue:{payload.resident_id}:{due_on.isoformat()}",
                resident_id=payload.resident_id,
                pooling_region_code=region,
                village_code=village,
                outcome=CertificationOutcome.OVERDUE,
                on=due_on,
            )
        )

    return {
        AWARD_GRANTED: on_award,
        verification_events.CertificationPassed.DESCRIPTOR.full_name: on_passed,
        verification_events.CertificationFailed.DESCRIPTOR.full_name: on_failed,
        verification_events.CertificationOverdue.DESCRIPTOR.full_name: on_overdue,
    }
