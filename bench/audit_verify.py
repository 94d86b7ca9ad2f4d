"""Benchmark: verifying supervision's hash-chained audit log of N entries, against a plain scan of the same entries.

    python -m bench.audit_verify [--size 1000000]

N audit entries are seeded first (not timed): each built by the domain's own chain_next from the one before
(domain/audit.py), stored in the repository's own document shape (adapters/audit_repository.py) with
insert_many, 1,000 at a time, and the chain's head recorded as an append records it. Timed as "ours": the
service's own verification, AuditService.verify (service_layer/audit.py): AuditRepository.walk reads the
entries (one unsorted scan, in sequence as appended) and verify_chain checks every link and hash. The floor is
the simplest thing that does the same I/O on the same store, in the same run: a plain `find({})` over the same
collection, unsorted. Beside them: the commands each sent, what the walk's fallback costs (the same entries
read by key, a batch of places per `_id $in` query, as it reads them when entries are stored out of order),
and the raw engine, the same entries as JSON text scanned from SQLite directly (bench/floors.py).
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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from bench.floors import CommandCounter, house_line, nothing, pushdown, raw_engine, timed_find
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_supervision.adapters import audit_repository
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.adapters.audit_publications import AuditPublications
from pension_supervision.adapters.audit_repository import ENTRIES, AuditRepository
from pension_supervision.config import SupervisionSettings
from pension_supervision.domain.audit import AuditEntry, ChainVerdict, RecordedEvent, chain_next
from pension_supervision.service_layer.audit import AuditService

BATCH = 1_000
TOPICS = ("pension.enrolment.resident.v1", "pension.contribution.account.v1", "pension.payout.resident.v1")
ENVELOPE_BYTES = 400  # about an envelope's size as the services publish them
AUDITOR = Caller("bench-auditor", Role.AUDITOR)
CHAIN_KEY = SupervisionSettings().audit_chain_key


def audit_service(database: AsyncDatabase[Document], repository: AuditRepository, heads: Path) -> AuditService:
    """The service as bootstrap wires it; no day's head is published in this run (its heads folder is empty)."""
    signing_key = Ed25519PrivateKey.from_private_bytes(SupervisionSettings().audit_head_signing_key)
    return AuditService(
        repository,
        CHAIN_KEY,
        AuditHeadFiles(heads, signing_key.public_key()),
        AuditPublications(database),
        "pension.supervision.region.v1",
        lambda *_: None,
    )


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
            RecordedEvent(
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
            ),
            key=CHAIN_KEY,
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
    """Seconds to read the same entries by key as the walk's fallback does, a batch of places per `_id $in` query
    (which this FerretDB build answers from the _id index)."""
    started = time.perf_counter()
    count = 0
    batch = audit_repository.KEY_BATCH
    for first in range(1, size + 1, batch):
        keys = [audit_repository._key(sequence) for sequence in range(first, min(first + batch, size + 1))]
        async for _ in entries.find({"_id": {"$in": keys}}, batch_size=batch):
            count += 1
    assert count == size, count
    return time.perf_counter() - started


async def bench(mongo_uri: str, size: int, seed_value: int, heads: Path) -> None:
    commands = CommandCounter()
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True, event_listeners=[commands])
    try:
        database = client["bench_audit_verify"]
        await ensure_indexes(database, list(audit_repository.INDEXES))
        repository = AuditRepository(database, CHAIN_KEY)
        seeding = time.perf_counter()
        last = await seed(repository, database[ENTRIES], size, seed_value)
        print(f"seeded {size:,} chained audit entries in {time.perf_counter() - seeding:.1f} s (not timed)")

        before = commands.counts.copy()
        started = time.perf_counter()
        verdict: ChainVerdict = await audit_service(database, repository, heads).verify(caller=AUDITOR)
        ours = time.perf_counter() - started
        ours_commands = commands.since(before)
        assert verdict.intact, verdict
        assert verdict.entries_checked == size, verdict
        assert last is None or verdict.last_hash == last.hash, verdict

        before = commands.counts.copy()
        floor, floor_count = await timed_find(database[ENTRIES].find({}, batch_size=BATCH))
        floor_commands = commands.since(before)
        assert floor_count == size, floor_count
        by_key = await read_by_key_batches(database[ENTRIES], size)
        scan = await pushdown(database, {"find": ENTRIES, "filter": {}})
        by_keys = await pushdown(database, {"find": ENTRIES, "filter": {"_id": {"$in": ["000000000001"]}}})
        raw = await raw_engine(database[ENTRIES].find({}, batch_size=BATCH), nothing(), BATCH)
    finally:
        await client.close()

    print(f"verdict: intact, {verdict.entries_checked:,} entries checked")
    print(f"ours (AuditService.verify): {ours:.3f} s, {size / ours:,.0f} entries/s; commands: {ours_commands}")
    print(f"floor (find({{}}), unsorted): {floor:.3f} s, {size / floor:,.0f} entries/s; commands: {floor_commands}")
    print(f"the walk's scan: {scan}")
    batch = audit_repository.KEY_BATCH
    print(f"its fallback, {batch} places a query by _id $in (no checks): {by_key:.3f} s; {by_keys}")
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
            asyncio.run(bench(database.mongo_uri, args.size, args.seed, Path(folder) / "heads"))
        finally:
            database.stop()


if __name__ == "__main__":
    main()
