"""Records the signs of life other systems publish on the signs-of-life topic (pension.signs_of_life.v1: an
EventEnvelope carrying a RecordDataCertificationRequest) as data proofs, under the service's own credential.

A record refused (not a pensioner, deceased, a source the region's policy does not accept, too old, malformed) is
logged by reason code and dropped, nothing written: retrying cannot make it pass, and parking it would hold back
the resident's later records. A request without its own request id is named by its source and record, so the
same record published twice is one proof."""

from __future__ import annotations

import logging

from pymongo.asynchronous.database import AsyncDatabase

from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.errors import DomainError
from pension_kit.events import ReceivedEvent
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.mongo import Document
from pension_kit.protoconv import check_enum, from_calendar_date
from pension_verification.adapters.certification_messages import SIGN_OF_LIFE_NAMES
from pension_verification.domain.signs_of_life import request_id_of
from pension_verification.service_layer.proofs import ProofService

log = logging.getLogger(__name__)

SIGN_OF_LIFE = verification_service_pb2.RecordDataCertificationRequest.DESCRIPTOR.full_name


def signs_of_life_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, proofs: ProofService
) -> IdempotentConsumer:
    async def on_sign_of_life(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, verification_service_pb2.RecordDataCertificationRequest)
        try:
            number = check_enum(payload.source, verification_pb2.SignOfLifeSource.DESCRIPTOR, field="source")
            source = SIGN_OF_LIFE_NAMES[number]
            observed_on = from_calendar_date(payload.observed_on, field="observed_on")
            assert observed_on is not None
            await proofs.record_data(
                payload.resident_id,
                source=source,
                source_ref=payload.source_ref,
                observed_on=observed_on,
                reason=payload.reason,
                request_id=payload.request_id.strip() or request_id_of(source, payload.source_ref.strip()),
                caller=SYSTEM_CALLER,
            )
        except DomainError as refusal:
            # The reason code and field only: the record's text is another system's and may hold anything.
            log.warning("sign of life %s refused: %s (field %s)", event.event_id, refusal.reason, refusal.field or "-")

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_signs_of_life],
        handlers={SIGN_OF_LIFE: on_sign_of_life},
    )
