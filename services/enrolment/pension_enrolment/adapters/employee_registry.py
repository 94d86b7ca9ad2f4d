"""The employees' pension registry in MongoDB: people found by the keyed hash of their citizen ID number only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields, outbox_update

EMPLOYEE_PENSION_REGISTRY = "employee_pension_registry"
# One document per load of a registry file: what was loaded, by whom, and the event announcing it.
REGISTRY_LOADS = "employee_pension_registry_loads"

INDEXES = [
    # One record per person, however often the registry is loaded. The hash is also the `_id`, because FerretDB
    # 1.x answers a query from an index only for `_id` equality: lookups go by `_id`, this index guards.
    IndexSpec(EMPLOYEE_PENSION_REGISTRY, [("citizen_id_hash", 1)], unique=True, name="citizen_id_hash_unique"),
]
# Both carry events in their outbox: a load's EmployeePensionRegistryLoaded, and a listed person's
# EmployeePensionEnrolmentRefused (there is no resident document to carry it).
OUTBOX_COLLECTIONS = [EMPLOYEE_PENSION_REGISTRY, REGISTRY_LOADS]


class EmployeePensionRegistryRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._registry = database[EMPLOYEE_PENSION_REGISTRY]
        self._loads = database[REGISTRY_LOADS]

    async def listed(self, citizen_id_hash: str) -> Document | None:
        """The registry record of the person with this hash, if the registry lists them."""
        return await self._registry.find_one({"_id": citizen_id_hash}, {"outbox": 0})

    async def sources_by_hash(self) -> dict[str, str]:
        """Every listed person's hash and source: what a bulk import checks each of its residents against.

        One pass over the registry (a county's employees' pensioners), instead of a query per batch that the
        database would answer by scanning the registry each time.
        """
        cursor = self._registry.find({}, {"source": 1})
        return {document["_id"]: str(document.get("source", "")) async for document in cursor}

    async def announce(self, citizen_id_hash: str, events: list[dict[str, Any]]) -> None:
        """Appends events about a listed person (a refused enrolment) to their registry record's outbox."""
        await self._registry.update_one({"_id": citizen_id_hash}, outbox_update({}, events))

    async def upsert(self, records: Iterable[Document], *, loaded_at: datetime) -> tuple[int, int]:
        """Stores records (each with `citizen_id_hash`), replacing what an earlier load said about the same
        person; returns (new, updated). Loading the same records again changes nothing."""
        operations = [
            UpdateOne(
                {"_id": record["citizen_id_hash"]},
                {
                    "$set": {**record, "loaded_at": loaded_at},
                    "$setOnInsert": {"first_loaded_at": loaded_at, "outbox": [], "outbox_pending": False},
                },
                upsert=True,
            )
            for record in records
        ]
        if not operations:
            return 0, 0
        result = await self._registry.bulk_write(operations, ordered=False)
        return result.upserted_count, result.matched_count

    async def record_load(self, load: Document, events: list[dict[str, Any]]) -> bool:
        """Stores a load with its event; False when this load (same id) was recorded before, so it is announced once."""
        try:
            await self._loads.insert_one({**load, **outbox_fields(events)})
        except DuplicateKeyError:
            return False
        return True
