"""One unit of work: read an aggregate with its version, let pure code decide, write state and events in one write.

Every use case that changes one document follows the same optimistic loop, without transactions:

1. read the aggregate (a document carrying `version` and `applied_requests`);
2. a request id already in `applied_requests` is a repeated request: it is answered from the stored state
   (`repeated`) and nothing is decided again;
3. otherwise `decide` (domain code; it may refuse with a DomainError) says what to write (a MongoDB update
   document, or None to write nothing), which events the change causes, and what the caller gets back;
4. one conditional write (`{_id, version: expected}`) applies the update, increments the version, records the
   request id and appends the events to the aggregate's outbox (`pension_kit.outbox`), so an event exists
   exactly when its state change does;
5. a lost race (someone else wrote first) reads again and decides again; after `attempts` lost races the caller
   is refused with a CONFLICT (`Aborted`), which the same request id may retry.

`MongoRepository` is the repository of any collection; `InMemoryRepository` honours versions and request ids the
same way, for unit tests of service layers.
"""

from __future__ import annotations

import copy
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

from google.protobuf.message import Message
from pymongo.asynchronous.collection import AsyncCollection

from pension_kit.errors import Aborted, DomainError
from pension_kit.events import new_event
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay, outbox_update

T = TypeVar("T")

Event = dict[str, Any]


class VersionedRepository(Protocol):
    """Where aggregates live: each a document with `_id`, `version` and `applied_requests`."""

    async def get(self, aggregate_id: Any) -> Document | None:
        """The aggregate as stored (without its outbox), or None."""
        ...

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        """`update` and `events` in one write if the version is still `expected_version` and the request id is new;
        the version is incremented and the request id recorded. False: another write came first."""
        ...


@dataclass(frozen=True)
class Decision(Generic[T]):
    """What to write (None: nothing at all; {}: only the request id and the events), the event payloads it
    causes, and what the caller gets back."""

    update: Document | None
    payloads: Sequence[Message]
    result: T


def _conflict() -> DomainError:
    return Aborted("CONCURRENT_CHANGE", "the record kept changing while this change was made; try again")


@dataclass
class UnitOfWork:
    """The read-decide-write loop over one repository, for events of one topic and one producer.

    `subject_key` gives the events' Kafka key from the aggregate (by default its `_id`), `conflict` the refusal
    after `attempts` lost races, `annotate` a last look at the update with the events made for it (e.g. to
    name the event in a history line), before they are written. The relay is told of every write that
    carried events.
    """

    repository: VersionedRepository
    collection: str
    topic: str
    producer: str
    notify_relay: NotifyRelay
    attempts: int = 5
    subject_key: Callable[[Document], str] = field(default=lambda aggregate: str(aggregate["_id"]))
    conflict: Callable[[], DomainError] = _conflict
    annotate: Callable[[Document, list[Event]], None] | None = None
    notify_without_events: bool = False  # tell the relay after every write, not only one that carried events

    async def write(
        self,
        aggregate_id: Any,
        *,
        request_id: str,
        actor: str,
        reason: str,
        decide: Callable[[Document], Decision[T] | Awaitable[Decision[T]]],
        repeated: Callable[[Document], T],
        not_found: Callable[[], DomainError],
        check: Callable[[Document], None] | None = None,
        create: Callable[[], Awaitable[T | None]] | None = None,
        read: Document | None = None,
    ) -> T:
        """Decides on the latest state and writes the decision once, or answers a repeated request.

        `check` runs on every read before anything else (e.g. the caller's village); `read` is a first reading
        the caller made already; when the aggregate does not exist, `create` (if given) inserts it and returns
        the answer, or None when another writer inserted it first (then it is read again), else `not_found()`
        is raised.
        """
        aggregate = read
        for _ in range(self.attempts):
            if aggregate is None:
                aggregate = await self.repository.get(aggregate_id)
            if aggregate is None:
                if create is None:
                    raise not_found()
                created = await create()
                if created is not None:
                    return created
                continue
            if check is not None:
                check(aggregate)
            if request_id in aggregate.get("applied_requests", ()):
                return repeated(aggregate)
            outcome = decide(aggregate)
            decision = outcome if isinstance(outcome, Decision) else await outcome
            if decision.update is None:
                return decision.result
            key = self.subject_key(aggregate)
            events = [
                new_event(
                    topic=self.topic,
                    payload=payload,
                    subject_key=key,
                    producer=self.producer,
                    actor=actor,
                    reason=reason,
                )
                for payload in decision.payloads
            ]
            if self.annotate is not None:
                self.annotate(decision.update, events)
            if await self.repository.apply(
                aggregate_id,
                expected_version=aggregate.get("version", 0),
                request_id=request_id,
                update=decision.update,
                events=events,
            ):
                if events or self.notify_without_events:
                    self.notify_relay(self.collection, [aggregate_id])
                return decision.result
            aggregate = None  # changed meanwhile (or this very request applied by a twin): read again
        raise self.conflict()


def versioned_update(update: Document, *, request_id: str, events: Sequence[Event]) -> Document:
    """The update a conditional write applies: `update`, the events appended, the version and the request id."""
    merged = outbox_update(update, events)
    if merged is update:
        merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$inc", {})["version"] = 1
    merged.setdefault("$push", {})["applied_requests"] = request_id
    return merged


class MongoRepository:
    """The aggregates of one collection; `stamp_updated_at` sets `updated_at` on every write."""

    def __init__(self, collection: AsyncCollection[Document], *, stamp_updated_at: bool = False) -> None:
        self.collection = collection
        self._stamp_updated_at = stamp_updated_at

    async def get(self, aggregate_id: Any) -> Document | None:
        return await self.collection.find_one({"_id": aggregate_id}, {"outbox": 0})

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        merged = versioned_update(update, request_id=request_id, events=events)
        if self._stamp_updated_at:
            merged.setdefault("$set", {})["updated_at"] = datetime.now(UTC)
        result = await self.collection.update_one(
            {"_id": aggregate_id, "version": expected_version, "applied_requests": {"$ne": request_id}}, merged
        )
        return result.modified_count == 1


class InMemoryRepository:
    """Aggregates in a dict, written as MongoRepository writes them: for unit tests of service layers.

    The update operators service layers use are applied ($set and $unset with dotted paths, list indexes
    included, $push with or without $each, $inc); `events` lists every event written, in order. `lose_races`
    makes the next writes lose as if another writer had come first (the stored version moves on).
    """

    def __init__(self, *documents: Document) -> None:
        self.documents: dict[Any, Document] = {d["_id"]: copy.deepcopy(d) for d in documents}
        self.events: list[Event] = []
        self.lose_races = 0
        self.writes = 0

    def add(self, document: Document) -> None:
        self.documents[document["_id"]] = copy.deepcopy(document)

    async def get(self, aggregate_id: Any) -> Document | None:
        found = self.documents.get(aggregate_id)
        if found is None:
            return None
        return {k: copy.deepcopy(v) for k, v in found.items() if k != "outbox"}

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        document = self.documents.get(aggregate_id)
        if document is None or document.get("version", 0) != expected_version:
            return False
        if request_id in document.get("applied_requests", ()):
            return False
        if self.lose_races > 0:
            self.lose_races -= 1
            document["version"] = document.get("version", 0) + 1
            return False
        changed = copy.deepcopy(document)
        apply_update(changed, versioned_update(update, request_id=request_id, events=events))
        self.documents[aggregate_id] = changed
        self.events.extend(events)
        self.writes += 1
        return True


def apply_update(document: Document, update: Document) -> None:
    """The MongoDB update operators unit tests need, applied to `document` in place."""
    for operator, fields in update.items():
        for path, value in fields.items():
            parent, name = _parent(document, path)
            if operator == "$set":
                _assign(parent, name, copy.deepcopy(value))
            elif operator == "$unset":
                if isinstance(parent, dict):
                    parent.pop(name, None)
            elif operator == "$inc":
                _assign(parent, name, _read(parent, name, 0) + value)
            elif operator == "$push":
                items = value["$each"] if isinstance(value, dict) and "$each" in value else [value]
                current = _read(parent, name, None)
                _assign(parent, name, [*(current or []), *copy.deepcopy(list(items))])
            else:
                raise NotImplementedError(f"update operator {operator}")


def _parent(document: Document, path: str) -> tuple[Any, str]:
    *steps, name = path.split(".")
    node: Any = document
    for step in steps:
        node = node[int(step)] if isinstance(node, list) else node.setdefault(step, {})
    return node, name


def _read(parent: Any, name: str, default: Any) -> Any:
    if isinstance(parent, list):
        return parent[int(name)]
    return parent.get(name, default)


def _assign(parent: Any, name: str, value: Any) -> None:
    if isinstance(parent, list):
        parent[int(name)] = value
    else:
        parent[name] = value
