"""The kit's repositories with an insert: aggregates created whole, with their first events, once per id."""

from __future__ import annotations

from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document
from pension_kit.unit_of_work import InMemoryRepository, MongoRepository


class InsertableMongoRepository(MongoRepository):
    async def insert(self, aggregate: Document) -> bool:
        """Inserts a new aggregate with its outbox; False when one of that id exists already."""
        try:
            await self.collection.insert_one(aggregate)
        except DuplicateKeyError:
            return False
        return True


class InsertableInMemoryRepository(InMemoryRepository):
    async def insert(self, aggregate: Document) -> bool:
        if aggregate["_id"] in self.documents:
            return False
        self.add(aggregate)
        self.events.extend(aggregate.get("outbox", ()))  # written with it, as a unit of work's would be
        return True
