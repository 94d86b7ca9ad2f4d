"""The villages' catalogue in MongoDB: one document per village (_id its 12-digit code), with its outbox, so that a
village added or changed is announced (VillageRegistered) in the same write."""

from __future__ import annotations

import contextlib
from dataclasses import asdict
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_enrolment.domain.villages import VillageEntry
from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields
from pension_kit.unit_of_work import Event, MongoRepository

VILLAGES = "villages"

# A region's villages, listed by code.
INDEXES = [IndexSpec(VILLAGES, [("pooling_region_code", 1), ("_id", 1)], name="region_village")]

ENTRY_FIELDS = tuple(VillageEntry.__dataclass_fields__)


def village_fields(entry: VillageEntry) -> Document:
    return asdict(entry)


def village_entry(document: Document) -> VillageEntry:
    return VillageEntry(**{name: document[name] for name in ENTRY_FIELDS})


class VillageRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._villages = database[VILLAGES]
        self._versioned = MongoRepository(self._villages, stamp_updated_at=True)

    async def get(self, aggregate_id: Any) -> Document | None:
        return await self._versioned.get(aggregate_id)

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        return await self._versioned.apply(
            aggregate_id, expected_version=expected_version, request_id=request_id, update=update, events=events
        )

    async def ensure(self, village_code: str, pooling_region_code: str) -> None:
        """Opens a village's document, not yet registered, for its first registration's write."""
        with contextlib.suppress(DuplicateKeyError):
            await self._villages.insert_one(
                {
                    "_id": village_code,
                    "pooling_region_code": pooling_region_code,
                    "registered": False,
                    "version": 0,
                    "applied_requests": [],
                    **outbox_fields([]),
                }
            )

    async def village(self, village_code: str) -> VillageEntry | None:
        found = await self._villages.find_one({"_id": village_code, "registered": True}, {"outbox": 0})
        return village_entry(found) if found is not None else None
