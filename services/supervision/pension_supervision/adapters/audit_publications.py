"""What the audit chain announces through the outbox, one document per announcement carrying its event.

Collections: audit_heads (one document per published day, `_id` the day YYYY-MM-DD, with its signed head and the
AuditHeadPublished event), audit_verifications (one document per VerifyAuditChain request id, with the verdict
and its AuditChainVerified or AuditChainBroken event). Each is inserted once: a second insert of the same `_id`
(two replicas, a retried request) finds the first, so each event exists exactly once.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields, outbox_indexes
from pension_supervision.domain.audit_heads import DayHead

AUDIT_HEADS: Final = "audit_heads"
AUDIT_VERIFICATIONS: Final = "audit_verifications"
OUTBOX_COLLECTIONS: Final = [AUDIT_HEADS, AUDIT_VERIFICATIONS]
INDEXES: Final[list[IndexSpec]] = [*outbox_indexes(AUDIT_HEADS), *outbox_indexes(AUDIT_VERIFICATIONS)]


def _head_of(document: Document) -> DayHead:
    return DayHead(
        day=date.fromisoformat(document["_id"]),
        sequence=int(document["sequence"]),
        head_hash=document["head_hash"],
        entries_that_day=int(document["entries_that_day"]),
        signature=document["signature"],
        key_id=document["key_id"],
    )


class AuditPublications:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._heads = database[AUDIT_HEADS]
        self._verifications = database[AUDIT_VERIFICATIONS]

    async def last_head(self) -> DayHead | None:
        """The latest day published (a document a day: a small collection)."""
        documents = await self._heads.find({}, {"outbox": 0}).sort("_id", -1).limit(1).to_list()
        return _head_of(documents[0]) if documents else None

    async def record_head(self, head: DayHead, events: list[dict[str, Any]]) -> tuple[DayHead, bool]:
        """The day's head as recorded: this one with its event, or the one recorded first (then False)."""
        document = {"_id": head.day.isoformat(), **head.to_json(), **outbox_fields(events)}
        del document["day"]
        try:
            await self._heads.insert_one(document)
            return head, True
        except DuplicateKeyError:
            existing = await self._heads.find_one({"_id": head.day.isoformat()}, {"outbox": 0})
            assert existing is not None
            return _head_of(existing), False

    async def record_verdict(self, request_id: str, verdict: Document, events: list[dict[str, Any]]) -> Document:
        """The verdict of this request id as recorded: this one with its event, or the one recorded first."""
        try:
            await self._verifications.insert_one({"_id": request_id, "verdict": verdict, **outbox_fields(events)})
            return verdict
        except DuplicateKeyError:
            existing = await self._verifications.find_one({"_id": request_id}, {"verdict": 1})
            assert existing is not None
            return dict(existing["verdict"])

    async def verdict(self, request_id: str) -> Document | None:
        existing = await self._verifications.find_one({"_id": request_id}, {"verdict": 1})
        return dict(existing["verdict"]) if existing else None
