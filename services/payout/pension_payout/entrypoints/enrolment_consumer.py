"""Keeps payout's picture of residents and policy current from enrolment's resident and region events."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.config import KitSettings
from pension_kit.consumer import ANY_EVENT, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_payout.service_layer.projection import ResidentProjection


def enrolment_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, projection: ResidentProjection
) -> IdempotentConsumer:
    async def on_event(event: ReceivedEvent) -> None:
        await projection.apply(event.payload())

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_enrolment_resident, settings.topic_enrolment_region],
        handlers={ANY_EVENT: on_event},
    )
