"""The migration import's bulk writes of residents: unordered batches that tolerate residents written before."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from pension_enrolment.adapters.residents import RESIDENTS
from pension_kit.mongo import Document

# Documents per bulk write (residents per insert_many, registry records per bulk upsert).
DEFAULT_BATCH_SIZE: Final = 1000
_DUPLICATE_KEY: Final = 11000
# Lookups of duplicates sent at once: enough to keep the database busy, few enough not to crowd out the inserts.
_LOOKUPS_IN_FLIGHT: Final = 8


class MigrationRepository:
    """Inserts imported residents in batches; a resident already stored (same derived `_id`) is reported, not
    overwritten, which is what makes an interrupted or repeated import safe to run again."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._residents = database[RESIDENTS]

    async def insert_new(self, documents: Sequence[Document]) -> list[int]:
        """Inserts the documents, unordered, and returns the positions of those refused as duplicates."""
        try:
            await self._residents.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            write_errors = error.details.get("writeErrors", [])
            if any(e.get("code") != _DUPLICATE_KEY for e in write_errors):
                raise
            return [e["index"] for e in write_errors]
        return []

    async def imported_from(self, resident_ids: Sequence[str]) -> list[Document | None]:
        """For each id, the stored resident's `imported_from` ({} for one an agent enrolled), None if absent.

        Looked up by `_id`, the one lookup FerretDB 1.x answers from an index, a few at a time.
        """
        limit = asyncio.Semaphore(_LOOKUPS_IN_FLIGHT)

        async def lookup(resident_id: str) -> Document | None:
            async with limit:
                found = await self._residents.find_one({"_id": resident_id}, {"imported_from": 1})
            return None if found is None else found.get("imported_from") or {}

        return list(await asyncio.gather(*(lookup(resident_id) for resident_id in resident_ids)))
