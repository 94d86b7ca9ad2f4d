"""The outbox relay and the idempotent consumer on the real broker and database."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from google.protobuf import wrappers_pb2
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_deploy.infra import create_topics
from pension_kit.config import KitSettings
from pension_kit.consumer import PARKED_EVENTS, PARKED_KEYS, IdempotentConsumer, apply_once
from pension_kit.events import ReceivedEvent, new_event, parse_envelope
from pension_kit.mongo import Document
from pension_kit.outbox import OutboxRelay, outbox_fields, outbox_update


async def eventually(check: Callable[[], Awaitable[bool]], deadline: float = 30.0) -> None:
    """Polls `check` until it holds, failing after `deadline` seconds."""
    end = time.monotonic() + deadline
    while not await check():
        if time.monotonic() > end:
            pytest.fail("condition not met before the deadline")
        await asyncio.sleep(0.05)


@pytest.fixture
async def setting(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[tuple[KitSettings, AsyncDatabase[Document], str]]:
    topic = f"test.kit.{uuid.uuid4().hex[:8]}"
    await create_topics(kafka_broker.bootstrap_servers, [topic], partitions=3)
    settings = KitSettings(
        service_name="kit-test",
        kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
        mongo_uri=ferretdb.mongo_uri,
    )
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    yield settings, client[f"kit_{uuid.uuid4().hex[:8]}"], topic
    await client.close()


def event(topic: str, key: str, text: str) -> dict[str, Any]:
    return new_event(
        topic=topic,
        payload=wrappers_pb2.StringValue(value=text),
        subject_key=key,
        producer="kit-test",
        actor="tester",
    )


async def read_topic(bootstrap: str, topic: str, count: int) -> list[tuple[str, str]]:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    records: list[tuple[str, str]] = []
    try:
        end = time.monotonic() + 30
        while len(records) < count and time.monotonic() < end:
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                for record in batch:
                    envelope = parse_envelope(record.value)
                    value = wrappers_pb2.StringValue()
                    envelope.payload.Unpack(value)
                    records.append((record.key.decode(), value.value))
    finally:
        await consumer.stop()
    return records


async def test_relay_publishes_each_aggregates_events_in_order_and_marks_them_sent(
    setting: tuple[KitSettings, AsyncDatabase[Document], str],
) -> None:
    settings, database, topic = setting
    accounts = database["accounts"]
    await accounts.insert_one({"_id": "A", **outbox_fields([event(topic, "A", "a1"), event(topic, "A", "a2")])})
    await accounts.insert_one({"_id": "B", **outbox_fields([event(topic, "B", "b1")])})
    await accounts.update_one({"_id": "A"}, outbox_update({"$set": {"x": 1}}, [event(topic, "A", "a3")]))

    relay = OutboxRelay(settings, database, ["accounts"])
    try:
        assert await relay.publish_pending() == 4
        assert await relay.publish_pending() == 0  # nothing is published twice in normal operation
    finally:
        await relay._close_producer()

    received = await read_topic(settings.kafka_bootstrap_servers, topic, 4)
    assert [text for key, text in received if key == "A"] == ["a1", "a2", "a3"]
    assert [text for key, text in received if key == "B"] == ["b1"]
    pending = await accounts.count_documents({"outbox_pending": True})
    assert pending == 0
    assert (await accounts.find_one({"_id": "A"}) or {})["outbox"] == []


async def test_consumer_applies_a_redelivered_event_once_and_parks_a_poison_key_without_blocking_others(
    setting: tuple[KitSettings, AsyncDatabase[Document], str],
) -> None:
    settings, database, topic = setting
    counters = database["counters"]
    await counters.insert_many([{"_id": "good", "n": 0, "seen": []}, {"_id": "bad", "n": 0, "seen": []}])
    poison_text = "poison"

    async def handle(received: ReceivedEvent) -> None:
        payload = received.payload()
        assert isinstance(payload, wrappers_pb2.StringValue)
        if payload.value == poison_text:
            raise ValueError("this event cannot be applied")
        await apply_once(
            counters,
            received.event_id,
            {"_id": received.envelope.subject_key},
            {"$inc": {"n": 1}, "$push": {"seen": payload.value}},
        )

    consumer = IdempotentConsumer(
        settings,
        database,
        group_id=f"g-{uuid.uuid4().hex[:6]}",
        topics=[topic],
        handlers={"google.protobuf.StringValue": handle},
        max_attempts=2,
        first_backoff=0.01,
    )
    duplicate = event(topic, "good", "g1")
    records = [
        duplicate,
        duplicate,  # the relay re-sent it after a crash
        event(topic, "bad", poison_text),
        event(topic, "bad", "b2"),  # must wait behind the poison event of its key
        event(topic, "good", "g2"),
    ]
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers)
    await producer.start()
    try:
        for record in records:
            await producer.send_and_wait(topic, record["envelope"], key=record["key"].encode())
    finally:
        await producer.stop()

    task = asyncio.create_task(consumer.run())
    try:

        async def settled() -> bool:
            good = await counters.find_one({"_id": "good"})
            if task.done():
                task.result()
            parked = await database[PARKED_EVENTS].count_documents({})
            return good is not None and good["n"] == 2 and parked == 2

        await eventually(settled)
        good = await counters.find_one({"_id": "good"})
        assert good is not None and good["seen"] == ["g1", "g2"]
        bad = await counters.find_one({"_id": "bad"})
        assert bad is not None and bad["n"] == 0, "b2 must not overtake the poison event of its key"
        parked = await database[PARKED_EVENTS].find({}).sort("offset", 1).to_list()
        assert [p["error"] for p in parked][1] == "KEY_PARKED"
        assert "cannot be applied" in parked[0]["error"]

        # The operator fixes the cause and replays the key: both events apply, in order.
        poison_text = "no longer poison"
        assert await consumer.replay_parked(topic, "bad") == 2
        bad = await counters.find_one({"_id": "bad"})
        assert bad is not None and bad["seen"] == ["poison", "b2"]
        assert await database[PARKED_KEYS].count_documents({}) == 0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
