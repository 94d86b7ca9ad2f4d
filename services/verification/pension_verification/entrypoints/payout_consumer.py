"""Starts a pensioner's certification cycle when payout grants an award (AwardGranted on payout's resident topic)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension.payout.v1 import events_pb2 as payout_events
from pension_kit.config import KitSettings
from pension_kit.consumer import IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_kit.protoconv import from_year_month
from pension_verification.service_layer.cycle import CycleService

AWARD_GRANTED = payout_events.AwardGranted.DESCRIPTOR.full_name


def payout_consumer(
    settings: KitSettings, database: AsyncDatabase[Document], group_id: str, cycle: CycleService
) -> IdempotentConsumer:
    # An award event without a first month raises: the kit retries it, then parks the resident's key for an
    # operator, as it does while verification has not yet heard the region's policy (POLICY_NOT_IN_FORCE).
    async def on_award_granted(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, payout_events.AwardGranted)
        award = payload.award
        first_month = from_year_month(award.first_month, field="first_month")
        assert first_month is not None
        await cycle.start(
            event.event_id,
            resident_id=award.resident_id,
            award_id=award.award_id,
            pooling_region_code=award.pooling_region_code,
            village_code=award.village_code,
            first_month=first_month,
        )

    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_payout_resident],
        handlers={AWARD_GRANTED: on_award_granted},
    )
