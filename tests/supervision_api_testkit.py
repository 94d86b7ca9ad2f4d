"""The supervision service and the gateway in-process, for the tests of the auditors' routes and command line.

Alerts are raised through the alert store (AlertService.raise_alert), as the alert rules raise them, with facts of
their own, so that each test has alerts nobody else touches; the cases claim them there.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_supervision.adapters.alert_repository import AlertRepository
from pension_supervision.domain.alerts import Alert, AlertDraft, AlertRule, Evidence
from pension_supervision.service_layer.alerts import AlertService
from pension_testkit import InProcessGateway, InProcessServices, random_region


@dataclass
class SupervisionStack:
    services: InProcessServices
    gateway: InProcessGateway
    gateway_url: str
    database: AsyncDatabase[Document]
    region: str

    @property
    def topic(self) -> str:
        """Supervision's own topic, as the running service is configured (where AlertRaised goes)."""
        assert self.services.supervision is not None
        topic: str = self.services.supervision.settings.topic_supervision_region
        return topic

    @property
    def supervision_address(self) -> str:
        assert self.services.supervision is not None
        return f"127.0.0.1:{self.services.supervision.port}"

    async def alert(self, *, amount_fen: int = 150_000, region: str = "") -> str:
        """A new open alert of a payment after death, raised as the rule raises one."""
        return (await self.raise_alert(amount_fen=amount_fen, region=region)).alert_id

    async def raise_alert(self, *, amount_fen: int = 150_000, region: str = "") -> Alert:
        return await raise_payment_after_death(self.database, self.topic, region or self.region, amount_fen)


async def raise_payment_after_death(
    database: AsyncDatabase[Document], topic: str, region: str, amount_fen: int
) -> Alert:
    """An open alert of a payment after death in `region`, raised through the alert service as the rule raises one."""
    resident_id = f"R{uuid.uuid4().hex[:20].upper()}"
    draft = AlertDraft(
        rule=AlertRule.PAYMENT_AFTER_DEATH,
        facts=(resident_id, "2026-07"),
        pooling_region_code=region,
        score=90,
        score_explanation="死亡登记日期2026-05-12之后仍发放2026年7月待遇",
        reason_zh="死亡后仍发放2026年7月待遇",
        reason_en="a pension for 2026-07 was paid after the recorded death",
        evidence=(
            Evidence(
                event_id=uuid.uuid4().hex,
                event_type="pension.payout.v1.PaymentSettled",
                subject_key=resident_id,
                occurred_at=datetime(2026, 7, 20, tzinfo=UTC),
                summary="2026年7月待遇已由银行发放成功",
            ),
        ),
        resident_ids=(resident_id,),
        amount_fen=amount_fen,
    )
    service = AlertService(AlertRepository(database), topic=topic, notify_relay=lambda *_: None)
    return await service.raise_alert(draft)


@asynccontextmanager
async def supervision_stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[SupervisionStack]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    try:
        yield SupervisionStack(services, gateway, url, client[f"supervision_{services.prefix}"], random_region(4))
    finally:
        await client.close()
        await gateway.stop()
        await services.stop()
