"""Posting runs in MongoDB: one document per request to run a region's posting, carrying its completion event.

A region-wide event has no resident document to ride in, so each run is itself a document: created when the
run starts, completed (with the event in its outbox, in the same update) when it ends. A repeated request id
finds its completed run and returns the counts stored there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_update

POSTING_RUNS: Final = "batch_runs"  # the stored collection name, kept: renaming it would need a data migration

INDEXES: Final = [
    IndexSpec(POSTING_RUNS, [("kind", 1), ("pooling_region_code", 1), ("year", 1)], name="kind_region_year"),
]


class PostingRunRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._runs = database[POSTING_RUNS]

    async def get(self, run_id: str) -> Document | None:
        return await self._runs.find_one({"_id": run_id}, {"outbox": 0})

    async def start(self, run_id: str, document: Document) -> None:
        await self._runs.update_one(
            {"_id": run_id},
            {"$setOnInsert": {**document, "completed": False, "outbox": [], "outbox_pending": False}},
            upsert=True,
        )

    async def complete(self, run_id: str, counts: Document, events: list[dict[str, Any]]) -> bool:
        """Stores the counts and the completion event, once: False when the run was already completed."""
        update = outbox_update({"$set": {**counts, "completed": True, "completed_at": datetime.now(UTC)}}, events)
        result = await self._runs.update_one({"_id": run_id, "completed": False}, update)
        return result.modified_count == 1

    async def completed_years(self, kind: str, pooling_region_code: str) -> set[int]:
        cursor = self._runs.find(
            {"kind": kind, "pooling_region_code": pooling_region_code, "completed": True}, {"year": 1}
        )
        return {document["year"] for document in await cursor.to_list()}
