"""The asynchronous MongoDB client (PyMongo's AsyncMongoClient) and the indexes each service declares."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import AutoReconnect, ConnectionFailure, NetworkTimeout, ServerSelectionTimeoutError

from pension_kit.config import KitSettings

Document = dict[str, Any]

# Errors that mean "the database is out of reach", as opposed to a refused write: callers are told
# UNAVAILABLE and consumers retry them without counting an attempt against the event.
DATABASE_UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    AutoReconnect,
    ConnectionFailure,
    NetworkTimeout,
    ServerSelectionTimeoutError,
)


@dataclass(frozen=True)
class IndexSpec:
    """An index a collection must have: keys in order, and its options (unique, name)."""

    collection: str
    keys: Sequence[tuple[str, int]]
    unique: bool = False
    name: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)

    def model(self) -> IndexModel:
        return IndexModel(list(self.keys), unique=self.unique, name=self.name or None, **dict(self.options))


def create_client(settings: KitSettings) -> AsyncMongoClient[Document]:
    """One client per process; it connects lazily, so creating it never blocks or fails."""
    return AsyncMongoClient(
        settings.mongo_uri,
        tz_aware=True,
        serverSelectionTimeoutMS=settings.mongo_server_selection_timeout_ms,
        appname=f"pension-{settings.service_name}",
    )


async def ensure_indexes(database: AsyncDatabase[Document], specs: Sequence[IndexSpec]) -> None:
    """Creates the declared indexes; creating an index that already exists is a no-op."""
    for spec in specs:
        # One index per command: FerretDB 1.24 panics on a createIndexes naming several indexes that all
        # exist already (FerretDB issue #3858), which is what every restart of a service sends.
        await database[spec.collection].create_indexes([spec.model()])
