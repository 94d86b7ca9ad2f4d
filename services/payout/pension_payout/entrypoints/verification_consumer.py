"""Turns verification's findings (proof of life, death, duplicate receipt, prison) into reactions on awards."""

from __future__ import annotations

from datetime import UTC, date

from pymongo.asynchronous.database import AsyncDatabase

from pension.verification.v1 import events_pb2 as verification_events
from pension_kit.config import KitSettings
from pension_kit.consumer import Handler, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date, from_year_month
from pension_payout.service_layer.reactions import ReactionService


def verification_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, reactions: ReactionService
) -> IdempotentConsumer:
    # A malformed event (a missing date) raises: the kit retries it, then parks the resident's key for an
    # officer rather than applying that resident's later events out of order.
    async def on_overdue(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationOverdue)
        await reactions.certification_overdue(
            payload.resident_id,
            event_id=event.event_id,
            suspend_from=from_year_month(payload.suspend_from, field="suspend_from", required=False),
            due_on=from_calendar_date(payload.due_on, field="due_on", required=False),
        )

    async def on_passed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.CertificationPassed)
        # Payment resumes in the month the event was written (CST), which is the event's `resumes_from` too;
        # taken from the envelope so that every proof, late or not, is handled the same way.
        await reactions.certification_passed(
            payload.certification.resident_id,
            event_id=event.event_id,
            occurred_at=event.envelope.occurred_at.ToDatetime(tzinfo=UTC),
        )

    async def on_death(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.DeathConfirmed)
        await reactions.death_confirmed(
            payload.resident_id,
            event_id=event.event_id,
            date_of_death=from_calendar_date(payload.date_of_death, field="date_of_death") or date.min,
        )

    async def on_duplicate(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.DuplicateReceiptFound)
        from_month = from_year_month(payload.from_month, field="from_month")
        assert from_month is not None
        await reactions.duplicate_receipt_found(payload.resident_id, event_id=event.event_id, from_month=from_month)

    async def on_imprisonment(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.ImprisonmentRecorded)
        await reactions.imprisonment_recorded(
            payload.resident_id,
            event_id=event.event_id,
            term_start=from_calendar_date(payload.term_start, field="term_start") or date.min,
            term_end=from_calendar_date(payload.term_end, field="term_end", required=False),
        )

    async def on_release(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.ReleasedFromPrison)
        await reactions.released_from_prison(
            payload.resident_id,
            event_id=event.event_id,
            released_on=from_calendar_date(payload.released_on, field="released_on") or date.min,
        )

    handlers: dict[str, Handler] = {
        verification_events.CertificationOverdue.DESCRIPTOR.full_name: on_overdue,
        verification_events.CertificationPassed.DESCRIPTOR.full_name: on_passed,
        verification_events.DeathConfirmed.DESCRIPTOR.full_name: on_death,
        verification_events.DuplicateReceiptFound.DESCRIPTOR.full_name: on_duplicate,
        verification_events.ImprisonmentRecorded.DESCRIPTOR.full_name: on_imprisonment,
        verification_events.ReleasedFromPrison.DESCRIPTOR.full_name: on_release,
    }
    return IdempotentConsumer(
        settings, database, group_id=group_id, topics=[settings.topic_verification_resident], handlers=handlers
    )
