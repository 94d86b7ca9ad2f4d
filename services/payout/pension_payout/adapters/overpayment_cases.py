"""Overpayment cases where they are kept: one document per resident and cause, read and written by `_id`.

A case document (money int fen, months "YYYY-MM"): resident_id, award_id, pooling_region_code, village_code,
cause, payments [{payment_id, period, amount_fen}], months, payment_ids, awaiting_return (payment ids at the
bank), amount_fen, recovered_fen, written_off_fen, balance_due_fen, status, recoveries, applied_requests,
opened_at, updated_at, version, and its outbox.
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document
from pension_kit.unit_of_work import InMemoryRepository, MongoRepository, VersionedRepository
from pension_payout.adapters.store import case_id
from pension_payout.domain.reactions import OverpaymentCause

_NOT_SENT = ("outbox", "outbox_pending")


class OverpaymentCases(VersionedRepository, Protocol):
    """The cases as the overpayment use cases need them: by id, by resident, a region's page; opened once."""

    async def insert(self, case: Document) -> bool:
        """Inserts a new case with its outbox; False when a case of that id exists already."""
        ...

    async def of_resident(self, resident_id: str) -> list[Document]:
        """A resident's cases (one per cause at most), ordered by id."""
        ...

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        """Up to `limit` cases of a region (of one status, if given) whose id comes after `after`, by id."""
        ...


class MongoOverpaymentCases(MongoRepository):
    """The `overpayment_cases` collection."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection)

    async def insert(self, case: Document) -> bool:
        try:
            await self.collection.insert_one(case)
        except DuplicateKeyError:
            return False
        return True

    async def of_resident(self, resident_id: str) -> list[Document]:
        # Found by their ids: FerretDB answers only _id lookups without a scan.
        found = await asyncio.gather(*(self.get(case_id(resident_id, cause)) for cause in OverpaymentCause))
        return sorted((case for case in found if case is not None), key=lambda case: str(case["_id"]))

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        query: dict[str, Any] = {"pooling_region_code": pooling_region_code}
        if status is not None:
            query["status"] = status
        if after:
            query["_id"] = {"$gt": after}
        return await self.collection.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()


class InMemoryOverpaymentCases(InMemoryRepository):
    """The same in a dict, for unit tests of the overpayment use cases."""

    async def insert(self, case: Document) -> bool:
        if case["_id"] in self.documents:
            return False
        self.add(case)
        self.events.extend(case.get("outbox", ()))
        return True

    async def of_resident(self, resident_id: str) -> list[Document]:
        found = [await self.get(case_id(resident_id, cause)) for cause in OverpaymentCause]
        return sorted((case for case in found if case is not None), key=lambda case: str(case["_id"]))

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        found = [
            case
            for identifier in sorted(self.documents, key=str)
            if (case := await self.get(identifier)) is not None
            and case["pooling_region_code"] == pooling_region_code
            and (status is None or case["status"] == status)
            and str(identifier) > after
        ]
        return found[:limit]


def without_outbox(case: Document) -> Document:
    """A case as the use cases hand it back: without the events waiting to be sent."""
    return {key: value for key, value in case.items() if key not in _NOT_SENT}
