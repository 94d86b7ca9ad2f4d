"""The supervision service and the gateway in-process, for the tests of the auditors' routes and command line.

Alerts are written into the alert store as the alert rules write them: the cases claim them there.
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
from pension_supervision.adapters.case_alerts import ALERTS
from pension_testkit import InProcessGateway, InProcessServices, random_region


@dataclass
class SupervisionStack:
    services: InProcessServices
    gateway: InProcessGateway
    gateway_url: str
    database: AsyncDatabase[Document]
    region: str

    @property
    def supervision_address(self) -> str:
        assert self.services.supervision is not None
        return f"127.0.0.1:{self.services.supervision.port}"

    async def alert(self, *, amount_fen: int = 150_000, region: str = "") -> str:
        """An open alert of a payment after death, as the alert store keeps it."""
        alert_id = f"AL-{uuid.uuid4().hex[:24]}"
        await self.database[ALERTS].insert_one(
            {
                "_id": alert_id,
                "rule": "PAYMENT_AFTER_DEATH",
                "status": "OPEN",
                "case_id": "",
                "pooling_region_code": region or self.region,
                "amount_fen": amount_fen,
                "resident_ids": [f"R{uuid.uuid4().hex[:20].upper()}"],
                "agent_ids": [],
                "raised_at": datetime.now(UTC),
                "version": 1,
            }
        )
        return alert_id


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
