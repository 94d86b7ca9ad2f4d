"""The floors benchmarks compare against, and the raw engine's time for the same rows: shared by every benchmark.

A floor is the simplest thing that does a job's I/O on the same store: a plain `find` of what the job reads
and an `insert_many` of what it writes, each timed (reading back the documents to insert is not). The raw
engine is SQLite itself, driven directly through Python's sqlite3 with the same rows as JSON text, so the
store's own overhead (FerretDB's protocol, BSON and JSON conversions) shows beside the floor.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from bson import json_util
from pymongo import monitoring
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document


def house_line(name: str, ours: float, floor: float, items: int) -> str:
    """A benchmark's last line, in the one format every benchmark prints: ratio = floor / ours, so 1.0 means
    as fast as the simplest thing doing the same I/O, and higher is better."""
    return f"{name}: ratio {floor / ours:.2f} (ours {ours:.3f} s, floor {floor:.3f} s, {items} items)"


async def timed_find(cursor: AsyncIterable[Document]) -> tuple[float, int]:
    """Reads every document of a plain find (the cursor is lazy: creating it sent nothing); returns the seconds
    until the last batch arrived and how many documents there were."""
    started = time.perf_counter()
    count = 0
    async for _ in cursor:
        count += 1
    return time.perf_counter() - started, count


async def timed_insert_many(
    documents: AsyncIterable[Document], target: AsyncCollection[Document], batch_size: int
) -> tuple[float, int]:
    """Inserts `documents` into `target` with insert_many, `batch_size` at a time; returns the seconds spent
    inside insert_many (reading the documents is not timed) and how many were inserted."""
    elapsed = 0.0
    count = 0
    async for batch in _batches(documents, batch_size):
        started = time.perf_counter()
        await target.insert_many(batch)
        elapsed += time.perf_counter() - started
        count += len(batch)
    return elapsed, count


class CommandCounter(monitoring.CommandListener):
    """Counts the commands a client sends, by name (pass it in the client's event_listeners): how many queries a
    job makes tells a job that reads row by row from one that scans."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.counts[event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def since(self, before: Counter[str]) -> str:
        """The commands sent since `before` (a copy of `counts`), e.g. "find 20,001, getMore 3"."""
        sent = self.counts - before
        return ", ".join(f"{name} {count:,}" for name, count in sent.most_common()) or "none"


async def pushdown(database: AsyncDatabase[Document], find: Document) -> str:
    """What FerretDB does with a find command (e.g. {"find": "payments", "filter": {...}}): whether it pushed
    the filter and the sort down into SQL, and SQLite's query plan of what it sent (SCAN: the whole table)."""
    explained = await database.command({"explain": find})
    plan = "; ".join(line.split("detail=", 1)[-1] for line in explained.get("queryPlanner", {}).get("Plan", []))
    return (
        f"filterPushdown {explained.get('filterPushdown')}, sortPushdown {explained.get('sortPushdown')}, "
        f"SQLite plan: {plan or '?'}"
    )


@dataclass(frozen=True)
class RawEngine:
    """SQLite's own time for a job's rows: a scan of the rows it reads, executemany of the rows it writes."""

    find_seconds: float
    find_rows: int
    insert_seconds: float
    insert_rows: int

    def line(self) -> str:
        return (
            f"raw engine (SQLite directly): find {self.find_seconds:.2f} s + insert {self.insert_seconds:.2f} s "
            f"for the same rows ({self.find_rows:,} read, {self.insert_rows:,} written)"
        )


async def raw_engine(read: AsyncIterable[Document], written: AsyncIterable[Document], batch_size: int) -> RawEngine:
    """The same documents as JSON text in a plain SQLite database in a temporary file, one table per side
    `(_id TEXT PRIMARY KEY, doc TEXT)`, in WAL mode with synchronous=NORMAL as FerretDB is tuned here
    (deploy/README.md, "FerretDB tuning"). The rows read are loaded first (not timed), then scanned `batch_size`
    at a time (timed); the rows written are inserted with executemany, one transaction per `batch_size` rows as
    one insert_many is, and only executemany and the commit are timed (encoding JSON is not)."""
    with tempfile.TemporaryDirectory(prefix="bench-raw-sqlite-") as folder:
        # Autocommit mode: each batch is its own explicit transaction, as each insert_many is FerretDB's.
        connection = sqlite3.connect(Path(folder) / "raw.sqlite", isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            for table in ("read_rows", "written_rows"):
                connection.execute(f"CREATE TABLE {table} (_id TEXT PRIMARY KEY, doc TEXT)")
            _, read_count = await _raw_insert(connection, "read_rows", read, batch_size)
            insert_seconds, insert_count = await _raw_insert(connection, "written_rows", written, batch_size)
            started = time.perf_counter()
            cursor = connection.execute("SELECT _id, doc FROM read_rows")
            scanned = 0
            while rows := cursor.fetchmany(batch_size):
                scanned += len(rows)
            find_seconds = time.perf_counter() - started
            assert scanned == read_count, (scanned, read_count)
        finally:
            connection.close()
    return RawEngine(find_seconds, read_count, insert_seconds, insert_count)


async def raw_lookups(documents: AsyncIterable[Document], lookups: list[list[str]], batch_size: int) -> float:
    """Seconds for the same lookups by key in a plain SQLite database holding the same documents as JSON text
    (as raw_engine's, loaded first, not timed): one `SELECT doc ... WHERE _id IN (...)` per lookup."""
    with tempfile.TemporaryDirectory(prefix="bench-raw-sqlite-") as folder:
        connection = sqlite3.connect(Path(folder) / "raw.sqlite", isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("CREATE TABLE rows (_id TEXT PRIMARY KEY, doc TEXT)")
            await _raw_insert(connection, "rows", documents, batch_size)
            started = time.perf_counter()
            for keys in lookups:
                connection.execute(f"SELECT doc FROM rows WHERE _id IN ({', '.join('?' * len(keys))})", keys).fetchall()
            return time.perf_counter() - started
        finally:
            connection.close()


async def nothing() -> AsyncIterator[Document]:
    """No documents: the side of raw_engine a read-only (or write-only) job leaves empty."""
    none: list[Document] = []
    for document in none:
        yield document


async def _raw_insert(
    connection: sqlite3.Connection, table: str, documents: AsyncIterable[Document], batch_size: int
) -> tuple[float, int]:
    elapsed = 0.0
    count = 0
    async for batch in _batches(documents, batch_size):
        # FerretDB keeps each document as JSON text; relaxed extended JSON is the nearest plain equivalent.
        rows = [(str(document["_id"]), json_util.dumps(document)) for document in batch]
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO {table} (_id, doc) VALUES (?, ?)", rows)
        connection.execute("COMMIT")
        elapsed += time.perf_counter() - started
        count += len(rows)
    return elapsed, count


async def _batches(documents: AsyncIterable[Document], batch_size: int) -> AsyncIterator[list[Document]]:
    batch: list[Document] = []
    async for document in documents:
        batch.append(document)
        if len(batch) == batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
