"""The audit log in MongoDB: entries keyed by sequence number, a unique event id, and the chain's head.

Collections: audit_log (the entries), audit_event_ids (each recorded event id and its sequence), audit_head (the
sequence and hash of the last entry appended).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Final

from pymongo import ReplaceOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_supervision.domain.audit import AuditEntry, RecordedEvent, chain_all

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
DUPLICATE_KEY: Final = 11000


def _only_duplicates(error: BulkWriteError) -> bool:
    return all(e.get("code") == DUPLICATE_KEY for e in error.details.get("writeErrors", ()))


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
    """Appends in sequence, a delivered batch at a time; an event id already in the log is not appended again.

    An append chains the batch in memory after the log's last entry, then writes the entries with one ordered
    insert_many (`_id` = the sequence, so two appenders cannot take one place), then claims their event ids in
    bulk, then moves the head once. A crash between those steps is repaired by the next append: entries past the
    head are the log's tail all the same (the next batch goes on after them, and their event ids count as
    recorded, claimed or not), and an unclaimed event delivered again is found there by its event id. A claim
    counts only when the place it names holds its event, so a stale claim (a lost race's) cannot hide an event.
    """

    def __init__(self, database: AsyncDatabase[Document], key: bytes) -> None:
        self._entries = database[ENTRIES]
        self._event_ids = database[EVENT_IDS]
        self._head = database[HEAD]
        self._key = key
        self._lock = asyncio.Lock()  # one appender per process; others lose the unique _id race and retry
        # The last entry this process appended: the next batch follows it without reading the head.
        self._tail: AuditEntry | None = None

    async def append(self, event: RecordedEvent) -> AuditEntry:
        """Appends one event (or finds it already recorded) and returns its entry."""
        return (await self.append_batch([event]))[0]

    async def append_batch(self, events: Sequence[RecordedEvent]) -> list[AuditEntry]:
        """Appends the events not yet in the log, in order; returns the entry of every event (existing ones too)."""
        if not events:
            return []
        async with self._lock:
            wanted = list({event.event_id: event for event in reversed(events)}.values())[::-1]
            recorded = await self._recorded([event.event_id for event in wanted])
            pending = [event for event in wanted if event.event_id not in recorded]
            appended: list[AuditEntry] = []
            previous = await self._last()
            replaced_claims = False
            while pending:
                entries = chain_all(previous, pending, key=self._key)
                # The entries first, then their claims (a claim counts only where its entry holds its event, see
                # _recorded, so a claim written alone by an older version or a lost race does no harm either).
                written: BaseException | None = None
                try:
                    await self._entries.insert_many([_to_document(entry) for entry in entries], ordered=True)
                except BulkWriteError as error:
                    written = error
                if written is None:
                    await self._claim(entries)
                    appended.extend(entries)
                    break
                if not isinstance(written, BulkWriteError) or not _only_duplicates(written):
                    raise written
                # Another appender (or our own write before a crash) holds a place: what went in before it is
                # ours; go on after the entries now past the last one, and claim again with the right places.
                inserted = int(written.details.get("nInserted", 0))
                appended.extend(entries[:inserted])
                replaced_claims = True
                previous = entries[inserted - 1] if inserted else previous
                tail = await self._past(previous.sequence if previous else 0)
                recorded.update({entry.event_id: entry for entry in tail})
                previous = tail[-1] if tail else previous
                pending = [event for event in pending[inserted:] if event.event_id not in recorded]
            if replaced_claims or recorded:
                await self._event_ids.bulk_write(
                    [
                        ReplaceOne({"_id": entry.event_id}, {"sequence": entry.sequence}, upsert=True)
                        for entry in [*appended, *recorded.values()]
                    ],
                    ordered=False,
                )
            last = appended[-1] if appended else previous
            if last is not None:
                await self._advance_head(last)
                self._tail = last
            by_id = {**recorded, **{entry.event_id: entry for entry in appended}}
            return [by_id[event.event_id] for event in events]

    async def _claim(self, entries: list[AuditEntry]) -> None:
        """Claims the entries' event ids; a claim already there (a redelivery racing us) is left as it is."""
        try:
            await self._event_ids.insert_many(
                [{"_id": entry.event_id, "sequence": entry.sequence} for entry in entries], ordered=False
            )
        except BulkWriteError as error:
            if not _only_duplicates(error):
                raise

    async def _recorded(self, event_ids: list[str]) -> dict[str, AuditEntry]:
        """The entries of those of these events the log holds: claimed, and the claimed place holds that event (a
        claim whose entry a crash kept from being written, or that a lost race put elsewhere, does not count)."""
        claims = await self._event_ids.find({"_id": {"$in": event_ids}}).to_list()
        if not claims:
            return {}
        entries = await self._entries_at([int(claim["sequence"]) for claim in claims])
        claimed = {claim["_id"] for claim in claims}
        return {entry.event_id: entry for entry in entries if entry.event_id in claimed}

    async def _last(self) -> AuditEntry | None:
        """The log's last entry as far as this process knows: the one it appended last, else the head's. Entries
        past it (another appender's, or left by a crash) make the next insert fail on their place, and the append
        goes on after them."""
        if self._tail is not None:
            return self._tail
        head = await self.head()
        if head is None:
            tail = await self._past(0)
            return tail[-1] if tail else None
        return await self._entry(head[0])

    async def _past(self, sequence: int) -> list[AuditEntry]:
        """The entries after `sequence` up to the first missing place, a batch of places per query."""
        tail: list[AuditEntry] = []
        while True:
            places = range(sequence + 1, sequence + 1 + KEY_BATCH)
            found = await self._at(places)
            for place in places:
                document = found.get(_key(place))
                if document is None:
                    return tail
                tail.append(_from_document(document))
            sequence = places.stop - 1

    async def _entries_at(self, sequences: list[int]) -> list[AuditEntry]:
        """The entries at these places that exist, in one query by _id."""
        documents = await self._entries.find({"_id": {"$in": [_key(s) for s in sequences]}}).to_list()
        return [_from_document(document) for document in documents]

    async def _entry(self, sequence: int) -> AuditEntry:
        document = await self._entries.find_one({"_id": _key(sequence)})
        if document is None:
            raise LookupError(f"audit entry {sequence} is missing")
        return _from_document(document)

    async def entry(self, sequence: int) -> AuditEntry | None:
        """The entry at `sequence`, or None."""
        document = await self._entries.find_one({"_id": _key(sequence)})
        return _from_document(document) if document else None

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

    async def walk_from(self, sequence: int) -> AsyncIterator[AuditEntry]:
        """The entries from `sequence` on, in sequence order, read by key (a range of the log: no whole scan)."""
        if sequence <= 1:
            async for entry in self.walk():
                yield entry
            return
        head = await self.head()
        async for entry in self._walk_by_key(sequence, head[0] if head else 0):
            yield entry

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

    async def list_entries(
        self, *, subject_key: str, after_sequence: int, limit: int, producer: str = "", event_type: str = ""
    ) -> list[AuditEntry]:
        """Up to `limit` entries after `after_sequence`, in sequence order, optionally of one subject, producer and
        event type (each empty for any)."""
        wanted = {
            field: value
            for field, value in (("subject_key", subject_key), ("producer", producer), ("event_type", event_type))
            if value
        }
        if wanted:
            # MongoDB answers a subject's entries from the subject_key index; FerretDB 1.x, which uses no index but
            # _id's, reads the whole log: a per-subject list of sequences would be the way to answer it by key there.
            selector: Document = {"_id": {"$gt": _key(after_sequence)}, **wanted}
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
