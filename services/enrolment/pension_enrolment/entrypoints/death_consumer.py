"""Ends the enrolment of a resident whose death verification has confirmed (a registry record or an officer)."""

from __future__ import annotations

from datetime import date

from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import enrolment_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension_enrolment.service_layer.resident_changes import ResidentChangeService
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.errors import FailedPrecondition
from pension_kit.events import ReceivedEvent
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.masking import redact_text
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date
from pension_kit.text import REFERENCE_MAX

DEATH_CONFIRMED = verification_events.DeathConfirmed.DESCRIPTOR.full_name


def death_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, changes: ResidentChangeService
) -> IdempotentConsumer:
    async def on_death_confirmed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_events.DeathConfirmed)
        date_of_death = from_calendar_date(payload.date_of_death, field="date_of_death") or date.min
        # The record reference is another service's text, and a death must be recorded whatever it holds:
        # it is masked and cut to fit the reason's checks rather than refused (which would park the event).
        record_ref = redact_text(payload.record_ref)[:REFERENCE_MAX]
        try:
            # The event id is the request id: a redelivered confirmation changes nothing the second time.
            await changes.terminate(
                payload.resident_id,
                enrolment_pb2.TERMINATION_CAUSE_DEATH,
                date_of_death,
                date_of_death=date_of_death,
                reason=f"death confirmed ({record_ref or 'officer'})",
                request_id=f"event:{event.event_id}",
                caller=SYSTEM_CALLER,
            )
        except FailedPrecondition as exc:
            if exc.reason != "ENROLMENT_TERMINATED":
                raise  # already ended (e.g. transferred out before the death was registered): nothing to do

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_verification_resident],
        handlers={DEATH_CONFIRMED: on_death_confirmed},
    )
