"""The consumer that writes every event of every topic into the audit chain, a delivered batch at a time."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.config import KitSettings
from pension_kit.consumer import ANY_EVENT, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_supervision.service_layer.audit import AuditService


def audit_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, audit: AuditService
) -> IdempotentConsumer:
    # The log's own event-id claims make a redelivery append nothing (the consumer's batch mode keeps no
    # processed-event records); one event at a time only when a batch keeps failing, to park the poison event.
    async def record(event: ReceivedEvent) -> None:
        await audit.record(event)

    async def record_batch(events: list[ReceivedEvent]) -> None:
        await audit.record_batch(events)

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=settings.topics(),
        handlers={ANY_EVENT: record},
        batch_handler=record_batch,
    )
