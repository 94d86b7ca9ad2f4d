"""The private Kafka and FerretDB the tests run on: they work, and they keep their data across a restart."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient, IndexModel, UpdateOne
from pymongo.errors import DuplicateKeyError

from pension_deploy.infra import (
    FERRETDB_ENVIRONMENT,
    FERRETDB_SQLITE_PRAGMAS,
    FerretDB,
    KafkaBroker,
    create_topics,
    process_cmdline,
)

DEADLINE = 60.0


def _name(prefix: str) -> str:
    return f"test.{prefix}.{uuid.uuid4().hex[:12]}"


async def _produce(bootstrap: str, topic: str, key: bytes, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def _consume_one(bootstrap: str, topic: str) -> tuple[bytes | None, bytes | None]:
    """Reads the topic from the start in a new consumer group until a record arrives or the deadline."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=_name("group"), auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=int(DEADLINE * 1000), max_records=1)
        records = [record for batch in batches.values() for record in batch]
        assert records, f"no record arrived on {topic} within {DEADLINE:.0f}s"
        return records[0].key, records[0].value
    finally:
        await consumer.stop()


async def _topics(bootstrap: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        topics: list[str] = await admin.list_topics()
        return topics
    finally:
        await admin.close()


async def test_a_record_produced_is_consumed(kafka_broker: KafkaBroker) -> None:
    topic = _name("roundtrip")
    await create_topics(kafka_broker.bootstrap_servers, [topic])
    await _produce(kafka_broker.bootstrap_servers, topic, b"resident-1", b"enrolled")
    assert await _consume_one(kafka_broker.bootstrap_servers, topic) == (b"resident-1", b"enrolled")


async def test_create_topics_is_idempotent(kafka_broker: KafkaBroker) -> None:
    topic = _name("twice")
    await create_topics(kafka_broker.bootstrap_servers, [topic], partitions=3)
    await create_topics(kafka_broker.bootstrap_servers, [topic], partitions=3)
    assert topic in await _topics(kafka_broker.bootstrap_servers)


async def test_topic_and_record_survive_a_broker_restart(kafka_broker: KafkaBroker) -> None:
    topic = _name("restart")
    await create_topics(kafka_broker.bootstrap_servers, [topic])
    await _produce(kafka_broker.bootstrap_servers, topic, b"resident-2", b"kept")
    old_pid = kafka_broker.pid

    await kafka_broker.astop()
    assert not kafka_broker.running
    await kafka_broker.astart()

    assert kafka_broker.pid != old_pid
    assert topic in await _topics(kafka_broker.bootstrap_servers)
    assert await _consume_one(kafka_broker.bootstrap_servers, topic) == (b"resident-2", b"kept")


def _client(ferretdb: FerretDB) -> AsyncMongoClient[dict[str, Any]]:
    return AsyncMongoClient(ferretdb.mongo_uri, serverSelectionTimeoutMS=int(DEADLINE * 1000))


async def test_a_document_inserted_is_read_back(ferretdb: FerretDB) -> None:
    client = _client(ferretdb)
    try:
        collection = client[_name("db").replace(".", "_")]["residents"]
        await collection.insert_one({"_id": "r1", "name": "张三", "grade": 200})
        assert await collection.find_one({"_id": "r1"}) == {"_id": "r1", "name": "张三", "grade": 200}
    finally:
        await client.close()


def test_ferretdb_runs_with_the_measured_tuning(ferretdb: FerretDB) -> None:
    """The GOGC and SQLite pragmas bench/ferretdb_tuning.py chose reach the FerretDB process the tests use."""
    assert ferretdb.pid is not None
    environment = Path(f"/proc/{ferretdb.pid}/environ").read_bytes().decode().split("\0")
    assert {f"{name}={value}" for name, value in FERRETDB_ENVIRONMENT.items()} <= set(environment)
    [sqlite_url] = [arg for arg in process_cmdline(ferretdb.pid) or [] if arg.startswith("--sqlite-url=")]
    assert FERRETDB_SQLITE_PRAGMAS
    for pragma in FERRETDB_SQLITE_PRAGMAS:
        assert f"_pragma={pragma}" in sqlite_url, sqlite_url


async def test_documents_survive_a_database_restart(ferretdb: FerretDB) -> None:
    database = _name("db").replace(".", "_")
    client = _client(ferretdb)
    try:
        await client[database]["awards"].insert_one({"_id": "a1", "monthly_fen": 20300})
    finally:
        await client.close()

    await ferretdb.astop()
    assert not ferretdb.running
    await ferretdb.astart()

    client = _client(ferretdb)
    try:
        assert await client[database]["awards"].find_one({"_id": "a1"}) == {"_id": "a1", "monthly_fen": 20300}
    finally:
        await client.close()


async def test_a_unique_index_rejects_a_duplicate(ferretdb: FerretDB) -> None:
    client = _client(ferretdb)
    try:
        payments = client[_name("db").replace(".", "_")]["payments"]
        await payments.create_index([("award_id", 1), ("month", 1)], unique=True)
        await payments.insert_one({"award_id": "a1", "month": "2026-01", "fen": 20300})
        with pytest.raises(DuplicateKeyError):
            await payments.insert_one({"award_id": "a1", "month": "2026-01", "fen": 20300})
        assert await payments.count_documents({"award_id": "a1"}) == 1
    finally:
        await client.close()


async def test_creating_several_existing_indexes_again_is_a_no_op(ferretdb: FerretDB) -> None:
    """Services re-create their indexes at every start; FerretDB 1.24.2 unpatched drops the connection here."""
    client = _client(ferretdb)
    try:
        residents = client[_name("db").replace(".", "_")]["residents"]
        models = [
            IndexModel([("citizen_id_hash", 1)], unique=True, name="citizen_id_hash_unique"),
            IndexModel([("village_code", 1), ("_id", 1)], name="village_resident"),
        ]
        assert await residents.create_indexes(models) == ["citizen_id_hash_unique", "village_resident"]
        assert await residents.create_indexes(models) == ["citizen_id_hash_unique", "village_resident"]
        more = [*models, IndexModel([("request_id", 1)], unique=True, name="request_id_unique")]
        await residents.create_indexes(more)
        names = {index["name"] async for index in await residents.list_indexes()}
        assert names == {"_id_", "citizen_id_hash_unique", "village_resident", "request_id_unique"}
    finally:
        await client.close()


async def test_a_bulk_write_of_hundreds_of_updates_completes(ferretdb: FerretDB) -> None:
    """The outbox relay marks events sent in bulk; FerretDB 1.24.2 unpatched hangs at 100 statements."""
    client = _client(ferretdb)
    try:
        outbox = client[_name("db").replace(".", "_")]["outbox"]
        await outbox.insert_many([{"_id": i, "pending": True} for i in range(250)])
        result = await asyncio.wait_for(
            outbox.bulk_write([UpdateOne({"_id": i}, {"$set": {"pending": False}}) for i in range(250)]), DEADLINE
        )
        assert result.modified_count == 250
        assert await outbox.count_documents({"pending": True}) == 0
    finally:
        await client.close()


async def test_clients_recover_once_the_database_is_back(ferretdb: FerretDB) -> None:
    """A client created before a restart works again after it, without being recreated."""
    client = _client(ferretdb)
    try:
        collection = client[_name("db").replace(".", "_")]["notices"]
        await collection.insert_one({"_id": 1})
        await ferretdb.astop()
        await ferretdb.astart()
        deadline = time.monotonic() + DEADLINE
        while True:
            try:
                await collection.insert_one({"_id": 2})
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)
        assert await collection.count_documents({}) == 2
    finally:
        await client.close()
