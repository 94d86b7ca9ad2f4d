"""Benchmark: verifying supervision's hash-chained audit log of N entries, against a plain scan of the same entries.

    python -m bench.audit_verify [--size 1000000]

N audit entries are seeded first (not timed): each built by the domain's own chain_next from the one before
(domain/audit.py), stored in the repository's own document shape (adapters/audit_repository.py) with
insert_many, 1,000 at a time, and the chain's head recorded as an append records it. Timed as "ours": the
service's own verification, AuditService.verify (service_layer/audit.py): AuditRepository.walk reads the
entries and verify_chain checks every link and hash. The floor is the simplest thing that does the same
I/O on the same store, in the same run: a plain `find({})` over the same collection, unsorted, as the
verification sorts nothing (it reads entries by key). Beside them: the commands each sent, FerretDB's
pushdown of the walk's query and of the alternatives, a scan sorted by _id and the domain's verify_chain over
it (what the check costs without a query per entry), the walk's keys read 200 a query with `$in`, and the
raw engine, the same entries as JSON text scanned from SQLite directly (bench/floors.py).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from bench.floors import CommandCounter, house_line, nothing, pushdown, raw_engine, timed_find
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_supervision.adapters import audit_repository
from pension_supervision.adapters.audit_repository import ENTRIES, AuditRepository
from pension_supervision.domain.audit import AuditEntry, ChainVerdict, chain_next, verify_chain
from pension_supervision.service_layer.audit import AuditService

BATCH = 1_000
TOPICS = ("pension.enrolment.resident.v1", "pension.contribution.account.v1", "pension.payout.resident.v1")
ENVELOPE_BYTES = 400  # about an envelope's size as the services publish them
WALK_BATCH = 200  # AuditRepository.walk's batch
AUDITOR = Caller("bench-auditor", Role.AUDITOR)


async def seed(
    repository: AuditRepository, entries: AsyncCollection[Document], size: int, seed: int
) -> AuditEntry | None:
    """N correctly chained entries, inserted into the log's collection with insert_many, and the head recorded
    after the last (not timed)."""
    rng = random.Random(seed)
    started = datetime(2026, 1, 1, tzinfo=UTC)
    previous: AuditEntry | None = None
    batch: list[Document] = []
    for index in range(size):
        topic = TOPICS[index % len(TOPICS)]
        when = started + timedelta(seconds=index)
        previous = chain_next(
            previous,
            topic=topic,
            event_id=f"{rng.getrandbits(128):032x}",
            event_type=f"{topic.split('.')[1]}.Changed",
            producer=topic.split(".")[1],
            subject_key=f"R{rng.randrange(size):020d}",
            actor=f"agent-{index % 50}",
            reason="bench",
            occurred_at=when,
            recorded_at=when + timedelta(milliseconds=rng.randrange(1, 900)),
            envelope=rng.randbytes(ENVELOPE_BYTES),
        )
        batch.append(audit_repository._to_document(previous))  # the repository's own mapping
        if len(batch) == BATCH:
            await entries.insert_many(batch)
            batch = []
    if batch:
        await entries.insert_many(batch)
    if previous is not None:
        await repository._advance_head(previous)  # as an append records it, so the walk knows where the end is
    return previous


async def entries_of(documents: AsyncIterable[Document]) -> AsyncIterator[AuditEntry]:
    """Stored entries as the repository reads them."""
    async for document in documents:
        yield audit_repository._from_document(document)


async def read_by_key_batches(entries: AsyncCollection[Document], size: int) -> float:
    """Seconds to read the same entries by the same keys as the walk, but a batch of keys in one $in query
    (which this FerretDB build answers from the _id index) instead of a find_one each."""
    started = time.perf_counter()
    count = 0
    for first in range(1, size + 1, WALK_BATCH):
        keys = [audit_repository._key(sequence) for sequence in range(first, min(first + WALK_BATCH, size + 1))]
        async for _ in entries.find({"_id": {"$in": keys}}, batch_size=WALK_BATCH):
            count += 1
    assert count == size, count
    return time.perf_counter() - started


async def bench(mongo_uri: str, size: int, seed_value: int) -> None:
    commands = CommandCounter()
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True, event_listeners=[commands])
    try:
        database = client["bench_audit_verify"]
        await ensure_indexes(database, list(audit_repository.INDEXES))
        repository = AuditRepository(database)
        seeding = time.perf_counter()
        last = await seed(repository, database[ENTRIES], size, seed_value)
        print(f"seeded {size:,} chained audit entries in {time.perf_counter() - seeding:.1f} s (not timed)")

        head = await repository.head()
        before = commands.counts.copy()
        started = time.perf_counter()
        verdict: ChainVerdict = await AuditService(repository).verify(caller=AUDITOR)
        ours = time.perf_counter() - started
        ours_commands = commands.since(before)
        assert verdict.intact, verdict
        assert verdict.entries_checked == size, verdict
        assert last is None or verdict.last_hash == last.hash, verdict

        before = commands.counts.copy()
        floor, floor_count = await timed_find(database[ENTRIES].find({}, batch_size=BATCH))
        floor_commands = commands.since(before)
        assert floor_count == size, floor_count
        sorted_seconds, _ = await timed_find(database[ENTRIES].find({}, batch_size=BATCH).sort("_id", 1))
        # The same check over one sorted scan instead of the walk's query per entry: what the queries cost
        # beside the hashing (the sort is FerretDB's, in memory: see the pushdown below).
        started = time.perf_counter()
        rescanned = await verify_chain(entries_of(database[ENTRIES].find({}, batch_size=BATCH).sort("_id", 1)), head)
        over_scan = time.perf_counter() - started
        assert rescanned == verdict, rescanned
        by_in = await read_by_key_batches(database[ENTRIES], size)
        one_entry = await pushdown(database, {"find": ENTRIES, "filter": {"_id": "000000000001"}})
        # A page of the log by a range of keys, which a walk could read instead of one entry per query.
        key_range = {"_id": {"$gt": "000000000000", "$lte": "000000000200"}}
        range_page = await pushdown(database, {"find": ENTRIES, "filter": key_range})
        sorted_scan = await pushdown(database, {"find": ENTRIES, "filter": {}, "sort": {"_id": 1}})
        raw = await raw_engine(database[ENTRIES].find({}, batch_size=BATCH), nothing(), BATCH)
    finally:
        await client.close()

    print(f"verdict: intact, {verdict.entries_checked:,} entries checked")
    print(f"ours (AuditService.verify): {ours:.3f} s, {size / ours:,.0f} entries/s; commands: {ours_commands}")
    print(f"floor (find({{}}), unsorted): {floor:.3f} s, {size / floor:,.0f} entries/s; commands: {floor_commands}")
    print(f"the walk's find_one by _id: {one_entry}")
    print(f"a range of keys ($gt/$lte on _id): {range_page}")
    print(f"for comparison, find({{}}).sort('_id', 1): {sorted_seconds:.3f} s; {sorted_scan}")
    print(f"verify_chain over that sorted scan instead of the walk: {over_scan:.3f} s")
    print(f"the walk's keys read {WALK_BATCH} a query with _id $in instead of one a query (no checks): {by_in:.3f} s")
    print(raw.line())
    print(house_line("audit_verify", ours, floor, size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="audit entries (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-audit-verify-") as folder:
        database = FerretDB(installation.ferretdb_binary, Path(folder) / "ferretdb", free_port())
        database.start()
        try:
            asyncio.run(bench(database.mongo_uri, args.size, args.seed))
        finally:
            database.stop()


if __name__ == "__main__":
    main()
