"""The idempotent consumer: each handler applies an event id at most once; a poison event parks its key.

Delivery from Kafka is at least once (the outbox relay may publish twice, and offsets are committed after
the work). Exactly-once effect comes from two layers:

1. Every handler is idempotent by itself: it writes with a deterministic id under a unique index, or with
   `apply_once`, a conditional update that records the event id in the document it changes. This is
   what holds when a process dies between a handler's write and the record below.
2. The consumer records `<group>/<event id>` in `processed_events` after a handler succeeds, and skips
   an event it has recorded, so a redelivery does no work at all.

Failures. While the database is out of reach the consumer retries the same event with backoff for as long
as it takes: the outage is not the event's fault, and skipping would break the order of that key. Any
other failure is retried `max_attempts` times; then the event is *poison*: it is stored in
`parked_events` with the error and the record's bytes, and its key is parked, so that later events of the
same resident are parked behind it instead of being applied out of order. Other keys go on. An operator
fixes the cause and replays the parked events of a key in order (`replay_parked`), which unparks it.

Batch mode. A consumer given a `batch_handler` hands it the delivered batch of a poll at once (its readable events,
each partition's in offset order, in runs of consecutive events of one trace, so that each request's trace shows
its events' consumption and writes), for a handler that writes a batch cheaper than one event at a time (the audit
log). Such a handler must be idempotent by itself (layer 1): the consumer neither reads nor writes
`processed_events` for it. Unreadable records are parked as above, and so are events whose key is parked. A batch
the handler fails on `max_attempts` times is handled again one record at a time through `handlers`, so that only
the poison event is parked and the rest are applied in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError
from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate, trace
from opentelemetry.trace import SpanKind
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.config import KitSettings
from pension_kit.events import ReceivedEvent, UnreadableEvent, parse_envelope
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS, Document, IndexSpec

log = logging.getLogger(__name__)
_tracer = trace.get_tracer("pension_kit.consumer")
_meter = metrics.get_meter("pension_kit.consumer")
_handled = _meter.create_counter("consumer.events_handled", description="events a handler applied")
_skipped = _meter.create_counter("consumer.events_duplicate", description="redelivered events skipped")
_parked = _meter.create_counter("consumer.events_parked", description="poison or blocked events parked")

Handler = Callable[[ReceivedEvent], Awaitable[None]]
BatchHandler = Callable[[list[ReceivedEvent]], Awaitable[None]]

# The handler key that receives every event type a group's topics carry (supervision's audit log).
ANY_EVENT = "*"
# How long leaving the group may take when the consumer closes.
CLOSE_SECONDS = 5.0

PROCESSED = "processed_events"
PARKED_EVENTS = "parked_events"
PARKED_KEYS = "parked_keys"

CONSUMER_INDEXES = [
    IndexSpec(PARKED_EVENTS, [("group", 1), ("key", 1), ("parked_at", 1)], name="group_key_parked_at"),
]


def _trace_context(record: ConsumerRecord[bytes, bytes]) -> otel_context.Context:
    return propagate.extract({k: v.decode() for k, v in record.headers or ()})


async def apply_once(
    collection: AsyncCollection[Document],
    event_id: str,
    selector: Document,
    update: Document,
) -> bool:
    """Applies `update` to the document matching `selector` unless it already applied `event_id`.

    Returns False when the event had been applied before (or no document matches).
    """
    guarded = {**selector, "applied_events": {"$ne": event_id}}
    merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$push", {})["applied_events"] = event_id
    result = await collection.update_one(guarded, merged)
    return result.modified_count == 1


class IdempotentConsumer:
    """Reads the given topics as one consumer group and hands each event to the handler for its type."""

    def __init__(
        self,
        settings: KitSettings,
        database: AsyncDatabase[Document],
        *,
        group_id: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        max_attempts: int = 5,
        first_backoff: float = 0.1,
        max_backoff: float = 5.0,
        batch_handler: BatchHandler | None = None,
    ) -> None:
        self._settings = settings
        self._database = database
        self.group_id = group_id
        self._topics = list(topics)
        self._handlers = dict(handlers)
        self._max_attempts = max_attempts
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        self._consumer: AIOKafkaConsumer | None = None
        self._batch_handler = batch_handler

    async def run(self) -> None:
        """Consumes until cancelled; reconnects to Kafka by itself when the broker goes away."""
        backoff = self._first_backoff
        try:
            while True:
                try:
                    await self._consume()
                except (KafkaError, OSError) as exc:
                    log.warning("consumer %s lost Kafka, reconnecting in %.1fs: %s", self.group_id, backoff, exc)
                except Exception:
                    # Never die quietly: uncommitted records are read again after the restart.
                    log.exception("consumer %s failed; restarting in %.1fs", self.group_id, backoff)
                await self._close()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
        finally:
            # Cancelled (the service stopping): leave the group now rather than when the broker times
            # the member out, and do not leave the client's background tasks behind.
            await self._close()

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(consumer.stop(), CLOSE_SECONDS)

    async def _consume(self) -> None:
        consumer = AIOKafkaConsumer(
            *self._topics,
            bootstrap_servers=self._settings.kafka_bootstrap_servers,
            group_id=self.group_id,
            client_id=f"pension-{self._settings.service_name}-{self.group_id}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
        )
        self._consumer = consumer
        await consumer.start()
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            if not batches:
                continue
            if self._batch_handler is not None:
                # One batch of every partition's records (each partition's in offset order): the handler writes
                # them at once, so a poll costs the same few writes however the records spread over partitions.
                await self.handle_batch([record for records in batches.values() for record in records])
            else:
                # Partitions are independent: a slow or retrying partition does not hold up the others.
                await asyncio.gather(*(self._handle_partition(records) for records in batches.values()))
            await consumer.commit({tp: records[-1].offset + 1 for tp, records in batches.items()})

    async def _handle_partition(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        for record in records:
            await self.handle_record(record)

    async def handle_batch(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        """Batch mode: the poll's readable events to the batch handler at once, with the same parking rules."""
        assert self._batch_handler is not None
        readable: list[tuple[ConsumerRecord[bytes, bytes], ReceivedEvent]] = []
        one_by_one: list[ConsumerRecord[bytes, bytes]] = []  # unreadable, or behind a parked key: parked in order
        # Keys parked already, and keys an unreadable record of this batch parks: their later records wait behind.
        blocked = await self._parked_keys_among(records)
        for record in records:
            key = (record.topic, record.key.decode() if record.key else "")
            if key in blocked:
                one_by_one.append(record)
                continue
            try:
                envelope = parse_envelope(record.value or b"")
            except UnreadableEvent:
                one_by_one.append(record)
                blocked.add(key)
                continue
            event = ReceivedEvent(envelope, record.value or b"", record.topic, record.partition, record.offset)
            readable.append((record, event))
        for record in one_by_one:
            await self.handle_record(record)
        # Runs of consecutive events of one trace (a bulk load's events share theirs; events without trace headers
        # make one run): each run is handled under a span in its own trace, as one event's span is in its.
        run: list[tuple[ConsumerRecord[bytes, bytes], ReceivedEvent]] = []
        run_trace = None
        for record, event in readable:
            parent = _trace_context(record) if record.headers else None
            trace_id = trace.get_current_span(parent).get_span_context().trace_id if parent else 0
            if run and trace_id != run_trace:
                await self._handle_run(run)
                run = []
            run.append((record, event))
            run_trace = trace_id
        if run:
            await self._handle_run(run)

    async def _handle_run(self, run: list[tuple[ConsumerRecord[bytes, bytes], ReceivedEvent]]) -> None:
        assert self._batch_handler is not None
        first = run[0][0]
        events = [event for _, event in run]
        attempts = 0
        while True:
            attempts += 1
            with _tracer.start_as_current_span(
                f"{first.topic} process", context=_trace_context(first), kind=SpanKind.CONSUMER
            ) as span:
                span.set_attribute("messaging.consumer.group.name", self.group_id)
                span.set_attribute("messaging.batch.message_count", len(events))
                try:
                    await self._batch_handler(events)
                    break
                except DATABASE_UNAVAILABLE_ERRORS as exc:
                    attempts -= 1  # the outage is not the batch's fault: wait for the database, forever
                    log.warning("database unavailable while handling a batch in %s: %s", self.group_id, exc)
                    await asyncio.sleep(self._max_backoff)
                except Exception as exc:
                    span.record_exception(exc)
                    if attempts >= self._max_attempts:
                        log.warning("batch handler of %s failed %d times; one event at a time", self.group_id, attempts)
                        for record, _ in run:
                            await self.handle_record(record)
                        return
                    log.warning("batch handler of %s failed (attempt %d): %s", self.group_id, attempts, exc)
                    await asyncio.sleep(min(self._first_backoff * 2 ** (attempts - 1), self._max_backoff))
        _handled.add(len(events), {"group": self.group_id, "event_type": "batch"})

    async def _parked_keys_among(self, records: list[ConsumerRecord[bytes, bytes]]) -> set[tuple[str, str]]:
        """The (topic, key) pairs of these records that are parked in this group, in one query."""
        pairs = {(record.topic, record.key.decode() if record.key else "") for record in records}
        ids = [f"{self.group_id}/{topic}/{key}" for topic, key in pairs]
        found = await self._with_database(self._find_ids, PARKED_KEYS, ids)
        return {(topic, key) for topic, key in pairs if f"{self.group_id}/{topic}/{key}" in found}

    async def _find_ids(self, collection: str, ids: list[str]) -> set[str]:
        documents = await self._database[collection].find({"_id": {"$in": ids}}, {"_id": 1}).to_list()
        return {str(document["_id"]) for document in documents}

    async def handle_record(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """Applies one record at most once; returns when it is applied, skipped or parked."""
        key = record.key.decode() if record.key else ""
        try:
            envelope = parse_envelope(record.value or b"")
        except UnreadableEvent as exc:
            await self._park(record, key, event_id="", event_type="", error=str(exc), attempts=1)
            return
        handler = self._handlers.get(envelope.event_type) or self._handlers.get(ANY_EVENT)
        if handler is None:
            return  # a topic carries many event types; this group acts on some of them
        marker = f"{self.group_id}/{envelope.event_id}"
        if await self._with_database(self._database[PROCESSED].find_one, {"_id": marker}) is not None:
            _skipped.add(1, {"group": self.group_id})
            return
        if await self._key_is_parked(record.topic, key):
            await self._park(record, key, envelope.event_id, envelope.event_type, error="KEY_PARKED", attempts=0)
            return
        parent = propagate.extract({k: v.decode() for k, v in record.headers or ()})
        attempts = 0
        while True:
            attempts += 1
            with _tracer.start_as_current_span(
                f"{record.topic} process", context=parent, kind=SpanKind.CONSUMER
            ) as span:
                span.set_attribute("messaging.consumer.group.name", self.group_id)
                span.set_attribute("pension.event_type", envelope.event_type)
                span.set_attribute("pension.event_id", envelope.event_id)
                try:
                    event = ReceivedEvent(envelope, record.value or b"", record.topic, record.partition, record.offset)
                    await handler(event)
                    break
                except DATABASE_UNAVAILABLE_ERRORS as exc:
                    attempts -= 1  # the outage is not the event's fault: wait for the database, forever
                    log.warning("database unavailable while handling %s: %s", envelope.event_type, exc)
                    await asyncio.sleep(self._max_backoff)
                except Exception as exc:
                    span.record_exception(exc)
                    if attempts >= self._max_attempts:
                        await self._park(
                            record,
                            key,
                            envelope.event_id,
                            envelope.event_type,
                            error="".join(traceback.format_exception_only(exc)).strip(),
                            attempts=attempts,
                        )
                        return
                    log.warning(
                        "handler for %s failed (attempt %d of %d): %s",
                        envelope.event_type,
                        attempts,
                        self._max_attempts,
                        exc,
                    )
                    await asyncio.sleep(min(self._first_backoff * 2 ** (attempts - 1), self._max_backoff))
        with contextlib.suppress(DuplicateKeyError):
            await self._with_database(
                self._database[PROCESSED].insert_one,
                {"_id": marker, "topic": record.topic, "handled_at": datetime.now(UTC)},
            )
        _handled.add(1, {"group": self.group_id, "event_type": envelope.event_type})

    async def _key_is_parked(self, topic: str, key: str) -> bool:
        found = await self._with_database(
            self._database[PARKED_KEYS].find_one, {"_id": f"{self.group_id}/{topic}/{key}"}
        )
        return found is not None

    async def _park(
        self,
        record: ConsumerRecord[bytes, bytes],
        key: str,
        event_id: str,
        event_type: str,
        *,
        error: str,
        attempts: int,
    ) -> None:
        now = datetime.now(UTC)
        log.error(
            "parked event %s (%s) of key %s in group %s: %s",
            event_id or "?",
            event_type or "unreadable",
            key,
            self.group_id,
            error,
        )
        document: Document = {
            "_id": f"{self.group_id}/{record.topic}/{record.partition}/{record.offset}",
            "group": self.group_id,
            "topic": record.topic,
            "partition": record.partition,
            "offset": record.offset,
            "key": key,
            "event_id": event_id,
            "event_type": event_type,
            "value": record.value,
            # Objects, not [key, value] pairs: FerretDB 1.x refuses nested arrays.
            "headers": [{"key": k, "value": v} for k, v in record.headers or ()],
            "error": error,
            "attempts": attempts,
            "parked_at": now,
        }
        with contextlib.suppress(DuplicateKeyError):
            await self._with_database(self._database[PARKED_EVENTS].insert_one, document)
        with contextlib.suppress(DuplicateKeyError):
            await self._with_database(
                self._database[PARKED_KEYS].insert_one,
                {"_id": f"{self.group_id}/{record.topic}/{key}", "parked_at": now, "first_error": error},
            )
        _parked.add(1, {"group": self.group_id})

    async def _with_database(self, operation: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        while True:
            try:
                return await operation(*args)
            except DATABASE_UNAVAILABLE_ERRORS as exc:
                log.warning("database unavailable in consumer %s: %s", self.group_id, exc)
                await asyncio.sleep(self._max_backoff)

    async def replay_parked(self, topic: str, key: str) -> int:
        """Re-applies the parked events of one key in their original order, then unparks the key.

        Stops at the first event that fails again, leaving it and the rest parked. Returns how many
        events were applied.
        """
        parked = self._database[PARKED_EVENTS]
        await self._database[PARKED_KEYS].delete_one({"_id": f"{self.group_id}/{topic}/{key}"})
        applied = 0
        cursor = parked.find({"group": self.group_id, "topic": topic, "key": key}).sort(
            [("partition", 1), ("offset", 1)]
        )
        for document in await cursor.to_list():
            record: ConsumerRecord[bytes, bytes] = ConsumerRecord(
                topic=document["topic"],
                partition=document["partition"],
                offset=document["offset"],
                timestamp=0,
                timestamp_type=0,
                key=key.encode(),
                value=bytes(document["value"]),
                checksum=None,
                serialized_key_size=len(key),
                serialized_value_size=len(document["value"]),
                headers=tuple((h["key"], bytes(h["value"])) for h in document["headers"]),
            )
            await parked.delete_one({"_id": document["_id"]})
            await self.handle_record(record)
            if await self._key_is_parked(topic, key):
                break
            applied += 1
        return applied
