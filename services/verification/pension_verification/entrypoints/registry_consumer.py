"""Registry deliveries from Kafka (topic pension.registry.record.v1): each message an EventEnvelope carrying an
IngestRegistryRecordsRequest, applied through the same use case as the IngestRegistryRecords call."""

from __future__ import annotations

import logging

from pymongo.asynchronous.database import AsyncDatabase

from pension.verification.v1 import verification_service_pb2
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.errors import DomainError
from pension_kit.events import ReceivedEvent
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.mongo import Document
from pension_verification.entrypoints.registry_requests import ingest
from pension_verification.service_layer.registry import RegistryService

log = logging.getLogger(__name__)

INGEST_REQUEST = verification_service_pb2.IngestRegistryRecordsRequest.DESCRIPTOR.full_name


def registry_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, registry: RegistryService
) -> IdempotentConsumer:
    async def on_delivery(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_service_pb2.IngestRegistryRecordsRequest)
        if not payload.request_id:
            payload.request_id = event.event_id
        try:
            response = await ingest(registry, payload, SYSTEM_CALLER)
        except DomainError as refused:
            # A delivery refused whole (unknown source, no batch name, too many records) is refused for good:
            # trying it again changes nothing. Logged by reason and field (never a record's content).
            log.warning(
                "registry delivery %s refused: %s (%s)", event.event_id, refused.reason, refused.field or "request"
            )
            return
        log.info(
            "registry delivery %s: %d records, %d applied, %d invalid",
            event.event_id,
            len(response.results),
            response.applied,
            response.invalid,
        )

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_registry_record],
        handlers={INGEST_REQUEST: on_delivery},
    )
