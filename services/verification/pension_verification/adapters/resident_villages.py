"""Where a resident lives, for the caller's village check: verification's own certification if the resident is a
pensioner, else the registry of residents enrolment announced (`registry_residents`)."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_verification.adapters.store import CERTIFICATIONS, REGISTRY_RESIDENTS, certification_id


class ResidentVillages:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.certifications = database[CERTIFICATIONS]
        self.registry = database[REGISTRY_RESIDENTS]

    async def village_of(self, resident_id: str) -> str | None:
        found = await self.certifications.find_one({"_id": certification_id(resident_id)}, {"village_code": 1})
        if found is None:
            found = await self.registry.find_one({"_id": resident_id}, {"village_code": 1})
        return str(found["village_code"]) if found is not None and found.get("village_code") else None
