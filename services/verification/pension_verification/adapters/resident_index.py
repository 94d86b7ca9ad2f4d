"""The resident index registry records are matched against: one document per enrolled resident, from enrolment's events.

Each document is {_id: resident id, citizen_id_hash, name_key, name_masked, birth_date "YYYY-MM-DD",
village_code (12 digits), pooling_region_code (6 digits), status "ENROLLED" | "ENDED"}. The citizen ID number and
the name are kept only as keyed hashes (the vault's, purposes "citizen_id" and "registry_name"): a record from a
feed is hashed the same way and found by equality, so nothing here can be read back into a number or a name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_verification.adapters.resident_scan import ENROLLED, match_by_scan, resident_of
from pension_verification.adapters.store import REGISTRY_RESIDENTS
from pension_verification.domain.registry_matching import (
    DEFAULT_REVIEW_THRESHOLD,
    Match,
    RegistryRecord,
    Resident,
    match,
)

ENDED: Final = "ENDED"
# Queries in flight at once while a batch is matched (each is one indexed equality query).
CONCURRENT_QUERIES: Final = 16
# More namesakes born the same day than this is not a match an officer can decide; the best are kept.
MAX_NAMESAKES: Final = 50
# One indexed query per record (about 0.9 ms each, 16 at a time, measured with a delivery of 10,000) costs about as
# much as scanning this many residents (about 13,000 a second measured by bench.death_match): past it, scan.
SCAN_RESIDENTS_PER_QUERY: Final = 11


class ResidentIndex:
    """The registry_residents collection: kept by the enrolment consumer, read by registry matching."""

    def __init__(self, database: AsyncDatabase[Document], *, review_threshold: int = DEFAULT_REVIEW_THRESHOLD) -> None:
        self.residents = database[REGISTRY_RESIDENTS]
        self.review_threshold = review_threshold

    # --- kept from enrolment's events (each idempotent: applying one twice changes nothing more) ---------------

    async def enrolled(self, resident: Resident, *, name_masked: str) -> None:
        """Inserts a resident just enrolled; an enrolment event read again leaves the document as it is."""
        await self.residents.update_one(
            {"_id": resident.resident_id},
            {
                "$setOnInsert": {
                    "citizen_id_hash": resident.citizen_id_hash,
                    "name_key": resident.name_key,
                    "name_masked": name_masked,
                    "birth_date": resident.birth_date.isoformat(),
                    "village_code": resident.village_code,
                    "pooling_region_code": resident.pooling_region_code,
                    "status": ENROLLED,
                }
            },
            upsert=True,
        )

    async def village_changed(self, resident_id: str, village_code: str) -> None:
        await self.residents.update_one({"_id": resident_id}, {"$set": {"village_code": village_code}})

    async def ended(self, resident_id: str) -> None:
        await self.residents.update_one({"_id": resident_id}, {"$set": {"status": ENDED}})

    # --- read by matching and the review queue ---------------------------------------------------------------

    async def resident(self, resident_id: str) -> Resident | None:
        found = await self.residents.find_one({"_id": resident_id})
        return resident_of(found) if found is not None else None

    async def of_ids(self, resident_ids: Iterable[str]) -> dict[str, Resident]:
        """The residents of `resident_ids` found, by id (one query)."""
        wanted = sorted(set(resident_ids))
        if not wanted:
            return {}
        found = await self.residents.find({"_id": {"$in": wanted}}).to_list()
        return {str(document["_id"]): resident_of(document) for document in found}

    async def masked_names(self, resident_ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(resident_ids))
        if not wanted:
            return {}
        found = await self.residents.find({"_id": {"$in": wanted}}, {"name_masked": 1}).to_list()
        return {str(document["_id"]): str(document.get("name_masked", "")) for document in found}

    async def matches(self, records: Sequence[RegistryRecord]) -> list[Match]:
        """The match of each record, in order: the resident with the same number's hash (exact), else the
        enrolled residents of the same name key and birth date scored by the domain (review), else none.

        Found the cheaper of two ways, which give the same matches: one indexed query per record (a few records
        against many residents), or one scan of the index probing the batch (adapters/resident_scan.py: a
        delivery that is large beside the index). Measured here, a query costs about as much as reading
        SCAN_RESIDENTS_PER_QUERY residents in the scan.
        """
        residents = await self.residents.estimated_document_count()
        if len(records) * SCAN_RESIDENTS_PER_QUERY > residents:
            return await match_by_scan(self.residents, records, review_threshold=self.review_threshold)
        return await self.matches_by_query(records)

    async def matches_by_query(self, records: Sequence[RegistryRecord]) -> list[Match]:
        """`matches`, one indexed query (two without an exact match) per record."""
        limit = asyncio.Semaphore(CONCURRENT_QUERIES)

        async def one(record: RegistryRecord) -> Match:
            async with limit:
                return await self._match(record)

        return list(await asyncio.gather(*(one(record) for record in records)))

    async def _match(self, record: RegistryRecord) -> Match:
        by_hash: Resident | None = None
        if record.citizen_id_hash:
            found = await self.residents.find_one({"citizen_id_hash": record.citizen_id_hash})
            if found is not None:
                by_hash = resident_of(found)
                return match(record, by_hash=by_hash, namesakes=(), review_threshold=self.review_threshold)
        namesakes: list[Resident] = []
        if record.name_key:
            query: Document = {"name_key": record.name_key}
            if record.birth_date is not None:
                query["birth_date"] = record.birth_date.isoformat()
            found_namesakes = await self.residents.find(query).limit(MAX_NAMESAKES).to_list()
            namesakes = [resident_of(document) for document in found_namesakes if document.get("status") == ENROLLED]
        return match(record, by_hash=None, namesakes=namesakes, review_threshold=self.review_threshold)
