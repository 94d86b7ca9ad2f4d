"""The outbox relay parks what the real broker refuses for good, and every other event, of every key, goes on."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from google.protobuf import wrappers_pb2
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_deploy.infra import create_topics
from pension_kit.config import KitSettings
from pension_kit.events import new_event, parse_envelope
from pension_kit.mongo import Document
from pension_kit.outbox import PARKED_OUTBOX, OutboxRelay, outbox_fields, outbox_update
from pension_testkit import eventually

ACCOUNTS = "accounts"
# A topic that takes at most this much in one batch (its max.message.bytes); the broker's own default is 1 MiB.
TOPIC_LIMIT = 100_000
# Inside the large records, to show that the ERROR line about them carries none of their content.
SECRET_IN_PAYLOAD = "13812345678"


@pytest.fixture
async def database(ferretdb: Any) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    yield client[f"kit_{uuid.uuid4().hex[:8]}"]
    await client.close()


def settings_for(kafka_broker: Any, ferretdb: Any) -> KitSettings:
    return KitSettings(
        service_name="kit-test",
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
    )


async def new_topic(bootstrap: str, max_message_bytes: int | None = None) -> str:
    name = f"test.kit.parking.{uuid.uuid4().hex[:8]}"
    if max_message_bytes is not None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            configs = {"max.message.bytes": str(max_message_bytes)}
            await admin.create_topics([NewTopic(name, 3, 1, topic_configs=configs)])
        finally:
            await admin.close()
    await create_topics(bootstrap, [name], partitions=3)  # creates it if need be, and waits for its leaders
    return name


def event(topic: str, key: str, text: str) -> dict[str, Any]:
    return new_event(
        topic=topic, payload=wrappers_pb2.StringValue(value=text), subject_key=key, producer="kit-test", actor="tester"
    )


class TopicReader:
    """Everything published to a topic from its start, as (key, text), gathered across polls."""

    def __init__(self, bootstrap: str, topic: str) -> None:
        self._consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_bytes=4 * 1024 * 1024
        )
        self.records: list[tuple[str, str]] = []

    async def __aenter__(self) -> TopicReader:
        await self._consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._consumer.stop()

    async def texts_of(self, key: str) -> list[str]:
        for batch in (await self._consumer.getmany(timeout_ms=100)).values():
            for record in batch:
                value = wrappers_pb2.StringValue()
                parse_envelope(record.value).payload.Unpack(value)
                self.records.append((record.key.decode(), value.value))
        return [text for record_key, text in self.records if record_key == key]


@pytest.mark.parametrize(
    ("refused_by", "topic_limit", "large_size"),
    [
        # The incident: 1.1 MB, more than the broker's 1 MiB; the producer refuses it before sending it.
        ("producer", None, 1_100_000),
        # Under the producer's limit but over the topic's: the broker itself answers MESSAGE_TOO_LARGE.
        ("broker", TOPIC_LIMIT, 3 * TOPIC_LIMIT),
    ],
)
async def test_a_record_too_large_is_parked_and_reported_while_every_other_event_is_published(
    kafka_broker: Any,
    ferretdb: Any,
    database: AsyncDatabase[Document],
    caplog: pytest.LogCaptureFixture,
    refused_by: str,
    topic_limit: int | None,
    large_size: int,
) -> None:
    caplog.set_level(logging.ERROR, logger="pension_kit.outbox")
    topic = await new_topic(kafka_broker.bootstrap_servers, topic_limit)
    accounts = database[ACCOUNTS]
    large = event(topic, "A", SECRET_IN_PAYLOAD + "x" * large_size)
    # The large event sits between two of its own key's events, and other keys wait behind its document.
    await accounts.insert_one(
        {
            "_id": "A",
            **outbox_fields([event(topic, "A", "a1"), large, event(topic, "A", "a2"), event(topic, "A", "a3")]),
        }
    )
    await accounts.insert_many(
        [{"_id": key, **outbox_fields([event(topic, key, f"{key.lower()}1")])} for key in ("B", "C", "D")]
    )
    relay = OutboxRelay(
        settings_for(kafka_broker, ferretdb), database, [ACCOUNTS], idle_interval=0.05, sweep_interval=0.2
    )
    task = asyncio.create_task(relay.run())
    try:
        async with TopicReader(kafka_broker.bootstrap_servers, topic) as reader:

            async def all_of_a_published() -> list[str] | None:
                if task.done():
                    task.result()
                texts = await reader.texts_of("A")
                return texts if len(texts) >= 3 else None

            assert await eventually(all_of_a_published, what="a1, a2, a3 published") == ["a1", "a2", "a3"]
            for key in ("B", "C", "D"):
                await eventually(partial(reader.texts_of, key), what=f"{key}'s event published")

            parked = await eventually(
                lambda: database[PARKED_OUTBOX].find_one({"_id": large["event_id"]}), what="the large event parked"
            )
            assert parked["reason"] == "MESSAGE_SIZE_TOO_LARGE", refused_by
            assert (parked["collection"], parked["document_id"], parked["key"]) == (ACCOUNTS, "A", "A")
            assert parked["event_type"] == "google.protobuf.StringValue"
            assert parked["size_bytes"] > large_size
            assert bytes(parked["entry"]["envelope"]) == large["envelope"]  # kept whole, to be looked at
            document = await accounts.find_one({"_id": "A"})
            assert document is not None and document["outbox"] == [] and document["outbox_pending"] is False

            errors = [r for r in caplog.records if r.levelno == logging.ERROR and r.name == "pension_kit.outbox"]
            assert len(errors) == 1
            line = errors[0].getMessage()
            assert large["event_id"] in line and "google.protobuf.StringValue" in line
            assert "MESSAGE_SIZE_TOO_LARGE" in line
            assert SECRET_IN_PAYLOAD not in caplog.text

            # The same key's later events go on as well, through a producer that the refusal did not spoil.
            await accounts.update_one({"_id": "A"}, outbox_update({}, [event(topic, "A", "a4")]))
            relay.notify(ACCOUNTS, ["A"])

            async def a4_published() -> bool:
                if task.done():
                    task.result()
                return "a4" in await reader.texts_of("A")

            await eventually(a4_published, what="a4 published after the parked event")
            assert await reader.texts_of("A") == ["a1", "a2", "a3", "a4"]
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_an_entry_that_is_no_kafka_record_is_parked_and_the_rest_published(
    kafka_broker: Any, ferretdb: Any, database: AsyncDatabase[Document], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="pension_kit.outbox")
    topic = await new_topic(kafka_broker.bootstrap_servers)
    broken = {key: value for key, value in event(topic, "A", "broken").items() if key != "envelope"}
    await database[ACCOUNTS].insert_one(
        {"_id": "A", **outbox_fields([broken, event(topic, "A", "a1")])},
    )
    relay = OutboxRelay(settings_for(kafka_broker, ferretdb), database, [ACCOUNTS])
    try:
        assert await relay.publish_pending() == 1
    finally:
        await relay._close_producer()
    parked = await database[PARKED_OUTBOX].find_one({"_id": broken["event_id"]})
    assert parked is not None and parked["reason"] == "MALFORMED_ENTRY"
    assert any(broken["event_id"] in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    async with TopicReader(kafka_broker.bootstrap_servers, topic) as reader:
        assert await eventually(lambda: reader.texts_of("A"), what="a1 published") == ["a1"]
