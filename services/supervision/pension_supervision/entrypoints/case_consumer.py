"""The consumer (group `supervision-cases`) that credits cases with payout's recoveries (RecoveryRecorded)."""

from __future__ import annotations

from datetime import UTC

from pymongo.asynchronous.database import AsyncDatabase

from pension.payout.v1 import events_pb2 as payout_events
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_supervision.domain.cases import Recovery
from pension_supervision.service_layer.cases import CaseService


def case_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, cases: CaseService
) -> IdempotentConsumer:
    async def on_recovery(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.RecoveryRecorded)
        await cases.recovery_recorded(
            Recovery(payload.overpayment_case_id, payload.recovery.recovery_id, payload.recovery.amount_fen),
            pooling_region_code=payload.pooling_region_code,
            resident_id=payload.resident_id,
            recorded_at=event.envelope.occurred_at.ToDatetime(tzinfo=UTC),
        )

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_payout_resident],
        handlers={payout_events.RecoveryRecorded.DESCRIPTOR.full_name: on_recovery},
    )
