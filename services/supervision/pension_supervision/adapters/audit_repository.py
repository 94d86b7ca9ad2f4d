"""The audit log in MongoDB: entries keyed by sequence number, a unique event id, and the chain's head."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_supervision.domain.audit import AuditEntry, chain_next

ENTRIES = "audit_log"
HEAD = "audit_head"

INDEXES = [
    IndexSpec(ENTRIES, [("event_id", 1)], unique=True, name="event_id_unique"),
    IndexSpec(ENTRIES, [("subject_key", 1), ("_id", 1)], name="subject_key_sequence"),
]


def _to_document(entry: AuditEntry) -> Document:
    return {
        "_id": entry.sequence,
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
    """Appends in sequence; a second append of the same event id returns the entry already there."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._entries = database[ENTRIES]
        self._head = database[HEAD]
        # One appender per process keeps sequence numbers from colliding; another process appending at
        # the same moment loses the unique _id race and simply retries on the new tail.
        self._lock = asyncio.Lock()

    async def append(self, **event: Any) -> AuditEntry:
        async with self._lock:
            while True:
                existing = await self._entries.find_one({"event_id": event["event_id"]})
                if existing is not None:
                    return _from_document(existing)
                last = await self._entries.find_one(sort=[("_id", DESCENDING)])
                entry = chain_next(_from_document(last) if last else None, **event)
                try:
                    await self._entries.insert_one(_to_document(entry))
                except DuplicateKeyError:
                    continue  # either this event id won a race elsewhere, or another appender took the slot
                await self._advance_head(entry)
                return entry

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

    async def walk(self, batch_size: int = 1000) -> AsyncIterator[AuditEntry]:
        async for document in self._entries.find({}, batch_size=batch_size).sort("_id", 1):
            yield _from_document(document)

    async def list_entries(self, *, subject_key: str, after_sequence: int, limit: int) -> list[AuditEntry]:
        selector: Document = {"_id": {"$gt": after_sequence}}
        if subject_key:
            selector["subject_key"] = subject_key
        documents = await self._entries.find(selector).sort("_id", 1).limit(limit).to_list()
        return [_from_document(d) for d in documents]
