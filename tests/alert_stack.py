"""Supervision alone for the alert tests on the real Kafka and FerretDB: its own database and consumer groups, read
from the topics' ends, restartable with its state."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

from google.protobuf.message import Message
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_deploy.infra import create_topics
from pension_kit.events import new_event
from pension_kit.mongo import Document
from pension_kit.runtime import ServiceRuntime
from pension_supervision.adapters.alert_repository import ALERTS
from pension_supervision.adapters.rule_facts import RULE_FACTS
from pension_supervision.bootstrap import build as build_supervision
from pension_supervision.config import SupervisionSettings
from pension_testkit import start_at_the_end


class Supervision:
    """The supervision service alone, with its own database and consumer groups, restartable."""

    def __init__(self, kafka_bootstrap: str, mongo_uri: str) -> None:
        prefix = uuid.uuid4().hex[:8]
        self.settings = SupervisionSettings(
            kafka_bootstrap_servers=kafka_bootstrap,
            mongo_uri=mongo_uri,
            mongo_database=f"supervision_alerts_{prefix}",
            audit_consumer_group=f"supervision-audit-{prefix}",
            alerts_consumer_group=f"supervision-alerts-{prefix}",
            mongo_server_selection_timeout_ms=1000,
            grpc_port=0,
            outbox_sweep_seconds=0.5,
        )
        self.runtime: ServiceRuntime | None = None
        self.client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
        self.database: AsyncDatabase[Document] = self.client[self.settings.mongo_database]

    async def start(self) -> None:
        self.runtime = ServiceRuntime(self.settings, build_supervision)
        await self.runtime.start()

    async def stop(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop(grace=1.0)
            self.runtime = None

    async def alerts(self, **query: Any) -> list[Document]:
        return [d async for d in self.database[ALERTS].find(query, {"outbox": 0})]

    async def facts(self, key: str) -> Document | None:
        return await self.database[RULE_FACTS].find_one({"_id": key})


def event(topic: str, payload: Message, key: str) -> dict[str, Any]:
    """An event as another service's outbox would publish it."""
    return new_event(topic=topic, payload=payload, subject_key=key, producer="test", actor="test")


async def started_supervision(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Supervision]:
    """The body of a test fixture: supervision started at the topics' ends, stopped after the test."""
    service = Supervision(kafka_bootstrap, mongo_uri)
    topics = service.settings.topics()
    await create_topics(kafka_bootstrap, topics)
    await start_at_the_end(
        kafka_bootstrap, [service.settings.audit_consumer_group, service.settings.alerts_consumer_group], topics
    )
    await service.start()
    yield service
    await service.stop()
    await service.client.close()
