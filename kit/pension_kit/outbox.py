"""The transactional outbox: events ride in the aggregate's own write; a relay publishes them and marks them sent.

An aggregate document carries `outbox` (a list of entries made by `pension_kit.events.new_event`) and
`outbox_pending` (true while the list is not empty). Because the state change and its events are one
document write, an event exists exactly when its state change does, whatever crashes: nothing is lost
while Kafka is down and nothing is published that was not stored. The relay publishes each document's
entries in list order with the subject key as the Kafka key (so one resident's events stay in order on
one partition), waits for the broker's acknowledgement, and only then removes them from the document.
A crash between the acknowledgement and the removal publishes the entry again on the next pass:
delivery is at least once, and consumers apply an event id at most once (`pension_kit.consumer`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate
from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from pension_kit.config import KitSettings
from pension_kit.mongo import Document, IndexSpec

log = logging.getLogger(__name__)
_meter = metrics.get_meter("pension_kit.outbox")
_published = _meter.create_counter("outbox.events_published", description="events the relay published")
_failures = _meter.create_counter("outbox.publish_failures", description="relay passes that failed")


# How a unit of work tells the relay which documents of which collection now carry events.
NotifyRelay = Callable[[str, Iterable[Any]], None]


class OutboxError(RuntimeError):
    """The database did not record published events as sent."""


def outbox_fields(events: Sequence[dict[str, Any]]) -> Document:
    """The fields a newly inserted aggregate needs to carry `events`."""
    return {"outbox": list(events), "outbox_pending": bool(events)}


def outbox_update(update: Document, events: Sequence[dict[str, Any]]) -> Document:
    """`update` (a MongoDB update document) extended to append `events` to the aggregate's outbox."""
    if not events:
        return update
    merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$push", {})["outbox"] = {"$each": list(events)}
    merged.setdefault("$set", {})["outbox_pending"] = True
    return merged


def outbox_indexes(collection: str) -> list[IndexSpec]:
    """The index that lets the relay find pending events without scanning the collection."""
    return [IndexSpec(collection, [("outbox_pending", 1)], name="outbox_pending")]


def create_producer(settings: KitSettings) -> AIOKafkaProducer:
    # Idempotence with acks=all keeps a partition's records in order and free of duplicates across the
    # producer's own retries; the relay's own re-sends after a crash are deduplicated by consumers.
    return AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        client_id=f"pension-{settings.service_name}-relay",
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        request_timeout_ms=15000,
    )


class OutboxRelay:
    """Publishes the pending outbox entries of the given collections to Kafka, each document's in order.

    Finding pending documents: writers tell the relay which documents got events (`notify` with their
    ids), and the relay reads those by `_id`. A sweep over `outbox_pending` catches everything else:
    events written by another process (a CLI import), hints lost in a crash, and events whose
    publication failed. It runs at start, every `sweep_interval` seconds, and soon after a `notify`
    that names no documents. (A query on `outbox_pending` scans the collection on FerretDB, which uses
    indexes for `_id` only, hence hints first and sweeps seldom.)
    """

    def __init__(
        self,
        settings: KitSettings,
        database: AsyncDatabase[Document],
        collections: Sequence[str] = (),
        *,
        batch_size: int = 500,
        idle_interval: float = 0.5,
        sweep_interval: float = 30.0,
        max_backoff: float = 5.0,
    ) -> None:
        self._settings = settings
        self._database = database
        self.collections = list(collections)
        self._batch_size = batch_size
        self._idle_interval = idle_interval
        self._sweep_interval = sweep_interval
        self._max_backoff = max_backoff
        self._wake = asyncio.Event()
        self._hints: dict[str, set[Any]] = {}
        self._sweep_requested = True  # the first pass sweeps: events may have waited while we were down
        self._producer: AIOKafkaProducer | None = None

    def notify(self, collection: str | None = None, ids: Iterable[Any] = ()) -> None:
        """Tells the relay that documents of `collection` got events, so it publishes them at once.

        Without a collection it asks for a sweep, which is slower on a large collection.
        """
        if collection is None:
            self._sweep_requested = True
        else:
            self._hints.setdefault(collection, set()).update(ids)
        self._wake.set()

    async def run(self) -> None:
        """Publishes until cancelled; Kafka or the database being away only delays publication."""
        backoff = 0.2
        next_sweep = 0.0
        try:
            while True:
                try:
                    published = await self.publish_hinted()
                    if self._sweep_requested or time.monotonic() >= next_sweep:
                        self._sweep_requested = False
                        next_sweep = time.monotonic() + self._sweep_interval
                        published += await self.publish_pending()
                    backoff = 0.2
                except (KafkaError, PyMongoError, OSError, TimeoutError, OutboxError) as exc:
                    _failures.add(1)
                    log.warning("outbox relay pass failed, retrying in %.1fs: %s", backoff, exc)
                    self._sweep_requested = True
                    await self._close_producer()
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self._max_backoff)
                    continue
                if published == 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake.wait(), self._idle_interval)
                    self._wake.clear()
        finally:
            await self._close_producer()

    async def publish_hinted(self) -> int:
        """Publishes the documents named by `notify`; on failure the names are kept for the next pass."""
        hints, self._hints = self._hints, {}
        total = 0
        try:
            for name, ids in hints.items():
                pending = sorted(ids, key=str)
                for start in range(0, len(pending), self._batch_size):
                    chunk = pending[start : start + self._batch_size]
                    found = await asyncio.gather(
                        *(
                            self._database[name].find_one({"_id": i, "outbox_pending": True}, {"outbox": 1})
                            for i in chunk
                        )
                    )
                    total += await self._publish_documents(name, [d for d in found if d is not None])
        except BaseException:
            for name, ids in hints.items():
                self._hints.setdefault(name, set()).update(ids)
            raise
        return total

    async def publish_pending(self) -> int:
        """A sweep over every collection; returns how many events it published."""
        total = 0
        for name in self.collections:
            while True:
                documents = (
                    await self._database[name]
                    .find({"outbox_pending": True}, {"outbox": 1}, limit=self._batch_size)
                    .to_list()
                )
                if not documents:
                    break
                total += await self._publish_documents(name, documents)
        return total

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = create_producer(self._settings)
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def _close_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            # Bounded: stopping flushes what is buffered, which waits on the broker; anything not
            # acknowledged is still pending in its document and is published by the next pass.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), 5.0)

    async def _publish_documents(self, collection_name: str, documents: list[Document]) -> int:
        collection = self._database[collection_name]
        if not documents:
            return 0
        producer = await self._ensure_producer()
        deliveries: list[asyncio.Future[Any]] = []
        for document in documents:
            for entry in document.get("outbox", []):
                deliveries.append(await self._send(producer, entry))
        if deliveries:
            await asyncio.gather(*deliveries)
        # $pullAll of the entries exactly as read: FerretDB 1.x treats a $pull condition as a whole value
        # to compare (a condition on a field of the entries removes nothing, silently).
        sent = [
            UpdateOne({"_id": document["_id"]}, {"$pullAll": {"outbox": document["outbox"]}})
            for document in documents
            if document.get("outbox")
        ]
        if sent:
            result = await collection.bulk_write(sent, ordered=False)
            if result.modified_count != len(sent):
                # Entries left in place would be published again and again; stop loudly instead.
                raise OutboxError(f"{collection_name}: marked {result.modified_count} of {len(sent)} events sent")
        # Lower the flag only where nothing was appended meanwhile: a concurrent write keeps it up.
        await collection.bulk_write(
            [
                UpdateOne({"_id": document["_id"], "outbox": {"$size": 0}}, {"$set": {"outbox_pending": False}})
                for document in documents
            ],
            ordered=False,
        )
        _published.add(len(deliveries), {"collection": collection_name})
        return len(deliveries)

    async def _send(self, producer: AIOKafkaProducer, entry: dict[str, Any]) -> asyncio.Future[Any]:
        # Publish inside the trace of the state change that made the event, so the broker hop and the
        # consumer's work join the caller's trace.
        token = otel_context.attach(propagate.extract(entry.get("trace") or {}))
        try:
            future: asyncio.Future[Any] = await producer.send(
                entry["topic"],
                value=bytes(entry["envelope"]),
                key=entry["key"].encode(),
                headers=[("event_type", entry["event_type"].encode())],
            )
        finally:
            otel_context.detach(token)
        return future
