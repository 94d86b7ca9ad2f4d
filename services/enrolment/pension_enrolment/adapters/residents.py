"""Residents in MongoDB: one document each, found by id, by request id or by the keyed hash of the citizen ID."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_enrolment.adapters.resident_documents import CITIZEN_ID_LAST4
from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_update
from pension_kit.unit_of_work import versioned_update

RESIDENTS = "residents"

INDEXES = [
    # One citizen ID number, one enrolment: the database refuses the second of two simultaneous enrolments.
    IndexSpec(RESIDENTS, [("citizen_id_hash", 1)], unique=True, name="citizen_id_hash_unique"),
    IndexSpec(RESIDENTS, [("request_id", 1)], unique=True, name="request_id_unique"),
    IndexSpec(RESIDENTS, [("village_code", 1), ("_id", 1)], name="village_resident"),
    # An agent's search in a village: by the ID number's last four, or by the start of the name. FerretDB (SQLite)
    # uses only their village_code part (explain: "USING INDEX ... village_name (village_code=?)") and filters a
    # village's residents for the rest; 20,000 residents in 50 villages, a page of 20: p50 16-43 ms by name, 4 ms by
    # the last four. On MongoDB the anchored prefix and the last four use the second key too.
    IndexSpec(RESIDENTS, [("village_code", 1), (CITIZEN_ID_LAST4, 1)], name="village_citizen_id_last4"),
    IndexSpec(RESIDENTS, [("village_code", 1), ("name", 1)], name="village_name"),
    # The region's jobs find its residents.
    IndexSpec(RESIDENTS, [("pooling_region_code", 1), ("_id", 1)], name="region_resident"),
]


class DuplicateResident(Exception):
    """The insert lost to an existing resident with the same citizen ID number or request id."""

    def __init__(self, index: str) -> None:
        super().__init__(index)
        self.index = index


class ResidentRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._residents = database[RESIDENTS]

    async def add(self, document: Document) -> None:
        try:
            await self._residents.insert_one(document)
        except DuplicateKeyError as exc:
            details = exc.details or {}
            key_pattern = details.get("keyPattern") or {}
            message = str(details.get("errmsg", exc))
            index = "request_id" if "request_id" in key_pattern or "request_id" in message else "citizen_id_hash"
            raise DuplicateResident(index) from exc

    async def apply(
        self,
        resident_id: str,
        *,
        expected_version: int,
        request_id: str,
        update: Document,
        events: list[dict[str, Any]],
    ) -> bool:
        """Applies `update` and appends `events` in one write, if nobody changed the resident meanwhile.

        The version makes read-decide-write safe without transactions; the request id is recorded so a
        retried request changes nothing the second time. False means another change won: read again.
        """
        merged = versioned_update(update, request_id=request_id, events=events)
        merged.setdefault("$set", {})["updated_at"] = datetime.now(UTC)
        result = await self._residents.update_one(
            {"_id": resident_id, "version": expected_version, "applied_requests": {"$ne": request_id}}, merged
        )
        return result.modified_count == 1

    async def announce(self, resident_id: str, events: list[dict[str, Any]]) -> None:
        """Appends events to a resident's outbox without changing its state (e.g. a refused duplicate)."""
        await self._residents.update_one({"_id": resident_id}, outbox_update({}, events))

    async def get(self, resident_id: str) -> Document | None:
        return await self._residents.find_one({"_id": resident_id}, {"outbox": 0})

    async def in_village(
        self,
        village_code: str,
        *,
        status: int,
        after_id: str,
        limit: int,
        name_prefix: str = "",
        citizen_id_suffix: str = "",
    ) -> list[Document]:
        selector: Document = {"village_code": village_code, "_id": {"$gt": after_id}}
        if status:
            selector["status"] = status
        if name_prefix:
            # Anchored, and escaped: what the agent typed is text, never a pattern.
            selector["name"] = {"$regex": f"^{re.escape(name_prefix)}"}
        if citizen_id_suffix:
            selector[CITIZEN_ID_LAST4] = citizen_id_suffix
        cursor = self._residents.find(selector, {"outbox": 0, "history": 0}).sort("_id", 1).limit(limit)
        return await cursor.to_list()

    async def backfill_citizen_id_last4(self) -> int:
        """Gives residents written before the field existed their ID number's last four, taken from the masked
        number (which shows them), never from the sealed one; safe to run again. Answers how many it changed."""
        changed = 0
        missing = self._residents.find({CITIZEN_ID_LAST4: {"$exists": False}}, {"citizen_id_masked": 1})
        async for document in missing:
            masked = str(document.get("citizen_id_masked", ""))
            result = await self._residents.update_one(
                {"_id": document["_id"], CITIZEN_ID_LAST4: {"$exists": False}},
                {"$set": {CITIZEN_ID_LAST4: masked[-4:]}},
            )
            changed += result.modified_count
        return changed

    async def ids_in_region(self, pooling_region_code: str, *, status: int) -> list[str]:
        """The ids of a region's residents (of one status, if given), sorted: the region's jobs read the collection
        for them once, ids only, then their residents a page at a time by id (`by_ids`)."""
        selector: Document = {"pooling_region_code": pooling_region_code}
        if status:
            selector["status"] = status
        return sorted([document["_id"] async for document in self._residents.find(selector, {"_id": 1})])

    async def by_ids(self, resident_ids: Sequence[str], *, status: int, fields: list[str]) -> list[Document]:
        """These residents (those still of `status`, if given) in id order, with only `fields` (and `_id`,
        `version`), through the _id index."""
        selector: Document = {"_id": {"$in": list(resident_ids)}}
        if status:
            selector["status"] = status
        projection = dict.fromkeys(["version", *fields], 1)
        found = await self._residents.find(selector, projection).to_list()
        return sorted(found, key=lambda document: document["_id"])
