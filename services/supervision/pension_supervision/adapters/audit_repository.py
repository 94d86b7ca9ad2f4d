"""The audit log in MongoDB: entries keyed by sequence number, a unique event id, and the chain's head."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_supervision.domain.audit import AuditEntry, chain_next

ENTRIES = "audit_log"
EVENT_IDS = "audit_event_ids"
HEAD = "audit_head"

# Every lookup here is by _id (entries by their zero-padded sequence, events by id, the head by name):
# FerretDB, the local database, uses no other index, and an append must not scan the growing log.
INDEXES = [
    IndexSpec(ENTRIES, [("subject_key", 1)], name="subject_key"),
]


# How many entries may wait for their turn in walk's scan before it goes on by key, and a batch of keys.
REORDER_LIMIT = 10_000
KEY_BATCH = 500


def _key(sequence: int) -> str:
    return f"{sequence:012d}"


def _to_document(entry: AuditEntry) -> Document:
    return {
        "_id": _key(entry.sequence),
        "topic": entry.topic,
        "event_id": entry.event_id,
        "event_type": entry.event_type,
        "producer": entry.producer,
        "subject_key": entry.subject_key,
        "actor": entry.actor,
        "reason": entry.reason,
        "occurred_at": entry.occurred_at,
        "recorded_at": entry.recorded_at,
        "envelope_sha256": entry.envelope_sha256,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
        "envelope": entry.envelope,
    }


def _from_document(document: Document) -> AuditEntry:
    return AuditEntry(
        sequence=int(document["_id"]),
        topic=document["topic"],
        event_id=document["event_id"],
        event_type=document["event_type"],
        producer=document["producer"],
        subject_key=document["subject_key"],
        actor=document["actor"],
        reason=document["reason"],
        occurred_at=document["occurred_at"],
        recorded_at=document["recorded_at"],
        envelope_sha256=document["envelope_sha256"],
        prev_hash=document["prev_hash"],
        hash=document["hash"],
        envelope=bytes(document["envelope"]),
    )


class AuditRepository:
    """Appends in sequence; a second append of the same event id returns the entry already there.

    An append writes the entry (`_id` = its sequence, so two appenders cannot take one place), then
    claims its event id, then moves the head. A crash between those steps is repaired by the next
    append: the head is behind when the next place is taken, and an entry without its claim is found
    there by its event id.
    """

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._entries = database[ENTRIES]
        self._event_ids = database[EVENT_IDS]
        self._head = database[HEAD]
        self._lock = asyncio.Lock()  # one appender per process; others lose the unique _id race and retry

    async def append(self, **event: Any) -> AuditEntry:
        async with self._lock:
            claimed = await self._event_ids.find_one({"_id": event["event_id"]})
            if claimed is not None:
                return await self._entry(int(claimed["sequence"]))
            head = await self.head()
            previous = await self._entry(head[0]) if head else None
            while True:
                entry = chain_next(previous, **event)
                try:
                    await self._entries.insert_one(_to_document(entry))
                    break
                except DuplicateKeyError:
                    taken = await self._entry(entry.sequence)
                    if taken.event_id == event["event_id"]:
                        entry = taken  # our own entry, written before a crash took its claim and head
                        break
                    previous = taken  # the head was behind: go on from the entry that took the place
            with contextlib.suppress(DuplicateKeyError):
                await self._event_ids.insert_one({"_id": entry.event_id, "sequence": entry.sequence})
            await self._advance_head(entry)
            return entry

    async def _entry(self, sequence: int) -> AuditEntry:
        document = await self._entries.find_one({"_id": _key(sequence)})
        if document is None:
            raise LookupError(f"audit entry {sequence} is missing")
        return _from_document(document)

    async def _advance_head(self, entry: AuditEntry) -> None:
        result = await self._head.update_one(
            {"_id": "head", "sequence": {"$lt": entry.sequence}},
            {"$set": {"sequence": entry.sequence, "hash": entry.hash}},
        )
        if result.matched_count == 0:
            with contextlib.suppress(DuplicateKeyError):  # a head already at or beyond this entry
                await self._head.insert_one({"_id": "head", "sequence": entry.sequence, "hash": entry.hash})

    async def head(self) -> tuple[int, str] | None:
        document = await self._head.find_one({"_id": "head"})
        return (int(document["sequence"]), str(document["hash"])) if document else None

    async def walk(self) -> AsyncIterator[AuditEntry]:
        """Every entry in sequence order (deleted entries are simply not there), up to the first missing place
        past the head (one past it, where a crash may have left an entry, is read too).

        The log is read in the store's natural order, one plain scan, which is insertion order and so sequence
        order for a log only ever appended to: entries are yielded as soon as their turn comes. One that comes
        early waits; if more than REORDER_LIMIT wait (a deleted or reinserted entry, or a store that returns
        another order), the walk goes on by key from the first place not yet yielded, so memory stays bounded.
        A sorted find would make FerretDB sort the whole log in memory; reading by key costs a query per batch.
        """
        head = await self.head()
        last = head[0] if head else 0
        expected = 1
        waiting: dict[int, Document] = {}
        async for document in self._entries.find({}):
            waiting[int(document["_id"])] = document
            while expected in waiting:
                yield _from_document(waiting.pop(expected))
                expected += 1
            if len(waiting) > REORDER_LIMIT:
                async for entry in self._walk_by_key(expected, last):
                    yield entry
                return
        # The scan is done: what still waits is behind a gap. The keyed walk's rule for a gap: a missing place
        # at or before the head is a deletion verify_chain reports; one past the head is where the log ends.
        for sequence in sorted(waiting):
            if sequence != expected and sequence > last + 1:
                return
            yield _from_document(waiting[sequence])
            expected = sequence + 1

    async def _walk_by_key(self, sequence: int, last: int) -> AsyncIterator[AuditEntry]:
        """The entries from `sequence` on, a batch of places per query (`_id $in`, the _id index)."""
        while True:
            places = range(sequence, sequence + KEY_BATCH)
            found = await self._at(places)
            for place in places:
                document = found.get(_key(place))
                if document is None:
                    if place > last:
                        return
                    continue  # deleted: verify_chain reports the gap
                yield _from_document(document)
            sequence += KEY_BATCH

    async def _at(self, places: range) -> dict[str, Document]:
        """The entries at these places that exist, by key, in one query through the _id index."""
        documents = await self._entries.find({"_id": {"$in": [_key(place) for place in places]}}).to_list()
        return {document["_id"]: document for document in documents}

    async def list_entries(self, *, subject_key: str, after_sequence: int, limit: int) -> list[AuditEntry]:
        """Up to `limit` entries after `after_sequence`, in sequence order, optionally of one subject."""
        if subject_key:
            # MongoDB answers this from the subject_key index; FerretDB 1.x, which uses no index but _id's, reads the
            # whole log: a per-subject list of sequences would be the way to answer it by key there too.
            selector: Document = {"_id": {"$gt": _key(after_sequence)}, "subject_key": subject_key}
            documents = await self._entries.find(selector).sort("_id", 1).limit(limit).to_list()
            return [_from_document(d) for d in documents]
        # Every entry: the next places by key, up to one past the head (where a crash may have left an entry).
        head = await self.head()
        last = head[0] if head else 0
        entries: list[AuditEntry] = []
        sequence = after_sequence + 1
        while len(entries) < limit and sequence <= last + 1:
            places = range(sequence, sequence + limit - len(entries))
            found = await self._at(places)
            entries.extend(_from_document(found[_key(p)]) for p in places if _key(p) in found)
            sequence = places.stop
        return entries
