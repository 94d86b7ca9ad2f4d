"""The consumer that writes every event of every topic into the audit chain."""

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
    async def record(event: ReceivedEvent) -> None:
        await audit.record(event)

    return IdempotentConsumer(
        settings, database, group_id=group_id, topics=settings.topics(), handlers={ANY_EVENT: record}
    )
