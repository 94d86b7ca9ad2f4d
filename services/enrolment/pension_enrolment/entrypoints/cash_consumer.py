"""Keeps agents' cash books from enrolment's own contribution events, so a receipt is owed exactly once."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import events_pb2
from pension_enrolment.service_layer.cash import AgentCashService
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document

# Why a consumer of our own events: the contribution and its event are one write to the resident's
# document; the agent's book is another document, and without transactions the event is what
# carries the debt there reliably (at least once, applied once).


def cash_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, cash: AgentCashService
) -> IdempotentConsumer:
    async def on_recorded(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, events_pb2.ContributionRecorded)
        await cash.record_receipt(event.event_id, payload)

    async def on_reversed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, events_pb2.ContributionReversed)
        await cash.reverse_receipt(event.event_id, payload)

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_enrolment_resident],
        handlers={
            events_pb2.ContributionRecorded.DESCRIPTOR.full_name: on_recorded,
            events_pb2.ContributionReversed.DESCRIPTOR.full_name: on_reversed,
        },
    )
