"""The transactional outbox: events ride in the aggregate's own write; a relay publishes them and marks them sent.

An aggregate document carries `outbox` (a list of entries made by `pension_kit.events.new_event`) and
`outbox_pending` (true while the list is not empty). Because the state change and its events are one
document write, an event exists exactly when its state change does, whatever crashes: nothing is lost
while Kafka is down and nothing is published that was not stored. The relay publishes each document's
entries in list order with the subject key as the Kafka key (so one resident's events stay in order on
one partition), waits for the broker's acknowledgement, and only then removes them from the document.
A crash between the acknowledgement and the removal publishes the entry again on the next pass:
delivery is at least once, and consumers apply an event id at most once (`pension_kit.consumer`).

An entry the broker refuses for good (larger than the topic takes, or any other refusal that no retry
can change) is parked: moved, with the error, into the `outbox_parked` collection of the same database
(`_id` the event id), logged at ERROR with its event id, type and reason, and no longer tried. The
other entries go on, the same document's later ones included (see `OutboxRelay._settle`).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

from aiokafka import AIOKafkaProducer
from aiokafka import errors as kafka_errors
from aiokafka.errors import KafkaError
from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate
from pymongo import ReplaceOne, UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from pension_kit.config import KitSettings
from pension_kit.mongo import Document, IndexSpec

log = logging.getLogger(__name__)
_meter = metrics.get_meter("pension_kit.outbox")
_published = _meter.create_counter("outbox.events_published", description="events the relay published")
_failures = _meter.create_counter("outbox.publish_failures", description="relay passes that failed")
_parked = _meter.create_counter("outbox.events_parked", description="events the broker refused for good")

# Where the relay keeps the entries it will not try again, one document per event: `_id` (the event id),
# `collection` and `document_id` (whose outbox it left), `topic`, `key`, `event_type`, `reason` (a stable
# code), `error` (the broker's or the producer's words), `size_bytes`, `parked_at` and `entry` (as it was).
PARKED_OUTBOX: Final = "outbox_parked"

# The producer's batch size (aiokafka's default, set explicitly because _refused_for_a_batch_mate relies on
# it): a record larger than this always travels alone in its batch.
_BATCH_SIZE: Final = 16384

# Non-retriable broker errors (aiokafka 0.14 marks them `retriable = False`) that say nothing about the
# record itself, so they are waited out and retried in order, never parked: the producer's own session
# (sequence numbers, epoch, fencing; a new producer starts afresh), the broker's or the cluster's state, and
# refusals that would hit every record alike until an operator changes the cluster's configuration
# (authorisation, versions), after which everything waiting flows in order with nothing to requeue.
_NOT_ABOUT_THE_RECORD: Final[tuple[type[KafkaError], ...]] = (
    kafka_errors.OutOfOrderSequenceNumber,
    kafka_errors.DuplicateSequenceNumber,
    kafka_errors.InvalidProducerEpoch,
    kafka_errors.InvalidProducerIdMapping,
    kafka_errors.UnknownProducerId,
    kafka_errors.InvalidTxnState,
    kafka_errors.InvalidTransactionTimeout,
    kafka_errors.ConcurrentTransactions,
    kafka_errors.TransactionCoordinatorFenced,
    kafka_errors.BrokerNotAvailableError,
    kafka_errors.ReplicaNotAvailableError,
    kafka_errors.TopicAuthorizationFailedError,
    kafka_errors.ClusterAuthorizationFailedError,
    kafka_errors.TransactionalIdAuthorizationFailed,
    kafka_errors.SaslAuthenticationFailed,
    kafka_errors.UnsupportedVersionError,
    kafka_errors.UnsupportedForMessageFormatError,
    kafka_errors.InvalidRequiredAcksError,
)


# How a unit of work tells the relay which documents of which collection now carry events.
NotifyRelay = Callable[[str, Iterable[Any]], None]


class OutboxError(RuntimeError):
    """The database did not record published events as sent."""


def refused_for_good(error: BaseException) -> bool:
    """True when publishing this record again can never succeed, so it is parked rather than retried.

    The producer refuses a record over its `max_request_size` before sending it (MessageSizeTooLargeError,
    or RecordTooLargeError), and the broker answers a batch with an error code that aiokafka marks
    retriable or not: a non-retriable answer about the record (too large for the topic, corrupt, a bad
    timestamp, a topic name that cannot exist, an unknown server error) is for good. Everything else
    passes: the producer's own timeouts and lost connections (which aiokafka raises as non-retriable
    KafkaTimeoutError or ProducerClosed, although a later attempt succeeds), and _NOT_ABOUT_THE_RECORD.
    """
    if isinstance(error, kafka_errors.MessageSizeTooLargeError | kafka_errors.RecordTooLargeError):
        return True
    if isinstance(error, _NOT_ABOUT_THE_RECORD):
        return False
    return isinstance(error, kafka_errors.BrokerResponseError) and not error.retriable


class _MalformedEntry(ValueError):
    """An outbox entry that cannot be made into a Kafka record at all (a bug where it was written)."""


@dataclass(frozen=True, slots=True)
class _Record:
    topic: str
    key: bytes
    value: bytes
    event_type: str
    trace: dict[str, str]

    @property
    def size(self) -> int:
        return len(self.key) + len(self.value)


def _record(entry: Any) -> _Record:
    """The Kafka record an outbox entry makes; _MalformedEntry when its fields are missing or of a wrong type."""
    try:
        record = _Record(
            topic=entry["topic"],
            key=entry["key"].encode(),
            value=bytes(entry["envelope"]),
            event_type=entry["event_type"],
            trace=dict(entry.get("trace") or {}),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _MalformedEntry(f"{type(exc).__name__}: {exc}") from None
    if not isinstance(record.topic, str) or not record.topic or not isinstance(record.event_type, str):
        raise _MalformedEntry("topic and event_type must be non-empty strings")
    return record


@dataclass
class _Attempt:
    """One entry of one document in a relay pass: its delivery, or why it was not sent."""

    entry: Any
    delivery: asyncio.Future[Any] | None = None
    refusal: BaseException | None = None  # refused for good before it was sent

    @property
    def event_id(self) -> str:
        found = self.entry.get("event_id") if isinstance(self.entry, dict) else None
        if isinstance(found, str) and found:
            return found
        # A malformed entry may lack its id; the digest keeps its parked record one and the same on a retry.
        return "malformed:" + hashlib.sha256(repr(self.entry).encode()).hexdigest()[:32]

    def field(self, name: str) -> str:
        value = self.entry.get(name) if isinstance(self.entry, dict) else None
        return value if isinstance(value, str) else ""


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
        max_batch_size=_BATCH_SIZE,
    )


class OutboxRelay:
    """Publishes the pending outbox entries of the given collections to Kafka, each document's in order.

    Finding pending documents: writers tell the relay which documents got events (`notify` with their
    ids), and the relay reads those by `_id`. A sweep over `outbox_pending` catches everything else:
    events written by another process (a CLI import), hints lost in a crash, and events whose
    publication failed. It runs at start, every `sweep_interval` seconds, and soon after a `notify`
    that names no documents. The sweep reads the pending documents from the `outbox_pending` index (on
    MongoDB, and on FerretDB with deploy/local/ferretdb-field-pushdown.patch); a hint is one read by key.
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
        """Sends every document's entries, then settles each document: sent and parked entries leave its outbox.

        A failure that passes (the broker away, a timeout) stops that document at the entry concerned, so its
        events keep their order, and is raised once every document is settled, for the pass to be retried.
        """
        if not documents:
            return 0
        producer = await self._ensure_producer()
        # A topic whose metadata or buffer timed out is skipped for the rest of the pass: every send to it
        # would wait as long again, while other topics may still be served.
        stalled: dict[str, BaseException] = {}
        attempts: list[list[_Attempt]] = []
        for document in documents:
            tried: list[_Attempt] = []
            for entry in document.get("outbox", []):
                attempt = _Attempt(entry)
                try:
                    record = _record(entry)
                except _MalformedEntry as exc:
                    attempt.refusal = exc
                    tried.append(attempt)
                    continue
                if record.topic in stalled:
                    break
                try:
                    attempt.delivery = await self._send(producer, record)
                except KafkaError as exc:
                    if not refused_for_good(exc):
                        stalled[record.topic] = exc
                        break
                    attempt.refusal = exc
                tried.append(attempt)
            attempts.append(tried)
        deliveries = [a.delivery for tried in attempts for a in tried if a.delivery is not None]
        if deliveries:
            await asyncio.gather(*deliveries, return_exceptions=True)
        published, passing, reset = await self._settle(collection_name, documents, attempts)
        if reset:
            # The broker refused a batch this producer numbered: with idempotence, its later batches to that
            # partition would be refused as out of sequence. A new producer numbers afresh.
            await self._close_producer()
        _published.add(published, {"collection": collection_name})
        failure = passing or next(iter(stalled.values()), None)
        if failure is not None:
            raise failure
        return published

    async def _settle(
        self, collection_name: str, documents: list[Document], attempts: list[list[_Attempt]]
    ) -> tuple[int, BaseException | None, bool]:
        """Parks the refused entries, then removes them and the acknowledged ones from their documents.

        Returns how many were published, a failure that passes (if any), and whether the producer must be
        replaced. A document's entries are read in order up to the first that failed in a way that passes:
        that one and those after it stay, to be sent again in the same order.

        A refused entry does not hold back the same document's (so the same key's) later entries. Parking it
        takes it out of the key's sequence for good: it cannot be published later in its place whatever
        waits behind it, so holding the key's later events back would not restore their order, only add an
        outage of that resident's (or region's) events until an operator acts. Consumers see the gap, and the
        ERROR line and the parked record say where it is; a correction is a new event published after them.
        """
        collection = self._database[collection_name]
        published = 0
        passing: BaseException | None = None
        reset = False
        parked: list[tuple[Document, _Attempt, BaseException]] = []
        settled: list[tuple[Document, list[Any]]] = []
        for document, tried in zip(documents, attempts, strict=True):
            done: list[Any] = []
            for attempt in tried:
                outcome, error = _outcome(attempt)
                if outcome == "waits":
                    passing = passing or error
                    break
                if outcome == "parked":
                    assert error is not None
                    parked.append((document, attempt, error))
                    # Refused by the broker, not the producer: this producer numbered the refused batch.
                    reset = reset or attempt.delivery is not None
                else:
                    published += 1
                done.append(attempt.entry)
            if done:
                settled.append((document, done))
        if parked:
            await self._park(collection_name, parked)
        if settled:
            # $pullAll of the entries exactly as read: FerretDB 1.x treats a $pull condition as a whole value
            # to compare (a condition on a field of the entries removes nothing, silently).
            result = await collection.bulk_write(
                [UpdateOne({"_id": d["_id"]}, {"$pullAll": {"outbox": done}}) for d, done in settled], ordered=False
            )
            if result.modified_count != len(settled):
                # Entries left in place would be published again and again; stop loudly instead.
                raise OutboxError(f"{collection_name}: marked {result.modified_count} of {len(settled)} events sent")
        # Lower the flag only where nothing was appended meanwhile (a concurrent write keeps it up), and on
        # every document read, so that one flagged with an empty outbox does not keep a sweep going round.
        await collection.bulk_write(
            [
                UpdateOne({"_id": d["_id"], "outbox": {"$size": 0}}, {"$set": {"outbox_pending": False}})
                for d in documents
            ],
            ordered=False,
        )
        return published, passing, reset

    async def _park(self, collection_name: str, parked: list[tuple[Document, _Attempt, BaseException]]) -> None:
        """Keeps each refused entry in PARKED_OUTBOX, then says so at ERROR (ids, type and reason: no payload)."""
        now = datetime.now(UTC)
        # Replaced, not inserted: after a crash between this write and the $pullAll, the entry is refused
        # again on the next pass and parked again, as one record.
        await self._database[PARKED_OUTBOX].bulk_write(
            [
                ReplaceOne(
                    {"_id": attempt.event_id},
                    {
                        "collection": collection_name,
                        "document_id": document["_id"],
                        "topic": attempt.field("topic"),
                        "key": attempt.field("key"),
                        "event_type": attempt.field("event_type"),
                        "reason": _reason_code(error),
                        "error": str(error),
                        "size_bytes": _entry_size(attempt.entry),
                        "parked_at": now,
                        "entry": attempt.entry,
                    },
                    upsert=True,
                )
                for document, attempt, error in parked
            ],
            ordered=False,
        )
        for document, attempt, error in parked:
            _parked.add(1, {"collection": collection_name, "reason": _reason_code(error)})
            log.error(
                "outbox event %s (%s) parked: %s; it will not be published (find it in %s)",
                attempt.event_id,
                attempt.field("event_type") or "unknown type",
                _reason_code(error),
                PARKED_OUTBOX,
                extra={
                    "event_id": attempt.event_id,
                    "event_type": attempt.field("event_type"),
                    "reason": _reason_code(error),
                    "topic": attempt.field("topic"),
                    "collection": collection_name,
                    "document_id": str(document["_id"]),
                    "size_bytes": _entry_size(attempt.entry),
                },
            )

    async def _send(self, producer: AIOKafkaProducer, record: _Record) -> asyncio.Future[Any]:
        # Publish inside the trace of the state change that made the event, so the broker hop and the
        # consumer's work join the caller's trace.
        token = otel_context.attach(propagate.extract(record.trace))
        try:
            future: asyncio.Future[Any] = await producer.send(
                record.topic,
                value=record.value,
                key=record.key,
                headers=[("event_type", record.event_type.encode())],
            )
        finally:
            otel_context.detach(token)
        return future


def _outcome(attempt: _Attempt) -> tuple[Literal["sent", "parked", "waits"], BaseException | None]:
    """What became of one entry: sent, parked (with why), or waits for the next pass (with why)."""
    if attempt.delivery is None:
        return "parked", attempt.refusal  # refused before it was sent: malformed, or too large to send
    if attempt.delivery.cancelled():
        return "waits", OutboxError("the delivery was cancelled")
    error = attempt.delivery.exception()
    if error is None:
        return "sent", None
    if not refused_for_good(error):
        return "waits", error
    if _refused_for_a_batch_mate(error, attempt):
        return "waits", OutboxError(f"refused with a larger record of its batch: {error}")
    return "parked", error


def _refused_for_a_batch_mate(error: BaseException, attempt: _Attempt) -> bool:
    """A size refusal of a record no larger than a batch may be its batch's, caused by another record of it.

    The broker refuses a whole batch, and every record of it gets the error. A record larger than a batch
    always travels alone (the producer starts a new batch for it and for whatever follows it), so only such
    a record is parked for its size; a smaller one is sent again by the next pass, in a batch of its own kind.
    """
    if not isinstance(error, kafka_errors.MessageSizeTooLargeError | kafka_errors.RecordListTooLargeError):
        return False
    return _entry_size(attempt.entry) <= _BATCH_SIZE


def _entry_size(entry: Any) -> int:
    try:
        return _record(entry).size
    except _MalformedEntry:
        return 0


def _reason_code(error: BaseException) -> str:
    """A stable code for why an entry was parked: the broker's error name in UPPER_SNAKE, or MALFORMED_ENTRY."""
    if isinstance(error, _MalformedEntry):
        return "MALFORMED_ENTRY"
    name = type(error).__name__.removesuffix("Error")
    return "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(name)).upper()
