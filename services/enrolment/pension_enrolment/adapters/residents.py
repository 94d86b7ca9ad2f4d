"""Residents in MongoDB: one document each, found by id, by request id or by the keyed hash of the citizen ID."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec

RESIDENTS = "residents"

INDEXES = [
    # One citizen ID number, one enrolment: the database refuses the second of two simultaneous enrolments.
    IndexSpec(RESIDENTS, [("citizen_id_hash", 1)], unique=True, name="citizen_id_hash_unique"),
    IndexSpec(RESIDENTS, [("request_id", 1)], unique=True, name="request_id_unique"),
    IndexSpec(RESIDENTS, [("village_code", 1), ("_id", 1)], name="village_resident"),
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

    async def get(self, resident_id: str) -> Document | None:
        return await self._residents.find_one({"_id": resident_id}, {"outbox": 0})

    async def by_request_id(self, request_id: str) -> Document | None:
        return await self._residents.find_one({"request_id": request_id}, {"outbox": 0})

    async def by_citizen_id_hash(self, citizen_id_hash: str) -> Document | None:
        return await self._residents.find_one({"citizen_id_hash": citizen_id_hash}, {"outbox": 0})
