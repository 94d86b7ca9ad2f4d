"""Benchmark: the migration import of N generated residents, against a find of what it reads + insert_many of writes.

    python -m bench.enrolment_import [--size 100000]

A legacy CSV file of N residents is written first (not timed), and the demo policy seeded. Timed as "ours":
the whole `import-residents` command (entrypoints/cli.py import_residents): reading and validating the file,
building the residents' documents, writing them.

Reading the input file is not a store operation, so the floor is what the import does on the store, in the
same run: a plain `find` of what it reads there (the employees' pension registry, in one pass with the same
projection as EmployeePensionRegistryRepository.sources_by_hash, and the region's policy versions) plus an
insert_many of the documents it wrote (read back, not timed) into a fresh collection with the same indexes,
1,000 at a time as the import's batches; both timed. The import also looks duplicates up by _id
(MigrationRepository.imported_from), but only for residents already stored: a fresh file into an empty store
has none (checked), so the floor has none either. Beside it, the raw engine: the same rows as JSON text
scanned from and inserted into SQLite directly (bench/floors.py), so FerretDB's own overhead shows.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

from pymongo import AsyncMongoClient
from pymongo.asynchronous.cursor import AsyncCursor
from pymongo.asynchronous.database import AsyncDatabase

from bench.floors import RawEngine, house_line, raw_engine, timed_find, timed_insert_many
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_enrolment.adapters import employee_registry, policies, residents
from pension_enrolment.adapters.policies import PolicyRepository
from pension_enrolment.config import EnrolmentSettings
from pension_enrolment.entrypoints.cli import ImportOptions, import_residents
from pension_enrolment.service_layer.migration_import import ImportSummary
from pension_enrolment.service_layer.policy import PolicyService
from pension_kit.mongo import Document, IndexSpec, ensure_indexes
from pension_kit.outbox import outbox_indexes
from pension_kit.policy import demo_policy
from pension_synthetic import DEFAULT_POOLING_REGION, generate_county, iter_residents
from pension_synthetic.legacy import write_legacy_csv

REFERENCE_DATE = date(2026, 1, 1)
FLOOR_COLLECTION = "floor_residents"
FLOOR_BATCH = 1_000


def write_legacy_file(path: Path, seed: int, size: int) -> int:
    """The county's residents as one legacy CSV file; returns the number of rows."""
    county = generate_county(seed, size, REFERENCE_DATE)
    policy = demo_policy(county.pooling_region, datetime.now(UTC))
    with path.open("w", encoding="utf-8", newline="") as out:
        return write_legacy_csv(out, iter_residents(county, seed, size, REFERENCE_DATE), policy).rows


async def seed_policy(settings: EnrolmentSettings) -> None:
    """The demo region's policy version, as the service seeds it in development (not timed)."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_uri)
    try:
        service = PolicyService(
            PolicyRepository(client[settings.database_name]),
            topic=settings.topic_enrolment_region,
            notify_relay=lambda: None,
        )
        await service.seed_demo(DEFAULT_POOLING_REGION)
    finally:
        await client.close()


def store_reads(database: AsyncDatabase[Document]) -> list[AsyncCursor[Document]]:
    """What the import reads from the store, as plain finds: the registry (as sources_by_hash reads it) and the
    region's policy versions."""
    return [
        database[employee_registry.EMPLOYEE_PENSION_REGISTRY].find({}, {"source": 1}, batch_size=FLOOR_BATCH),
        database[policies.POLICIES].find({"pooling_region_code": DEFAULT_POOLING_REGION}, {"outbox": 0}),
    ]


async def all_read(database: AsyncDatabase[Document]) -> AsyncIterator[Document]:
    for cursor in store_reads(database):
        async for document in cursor:
            yield document


async def floor(settings: EnrolmentSettings) -> tuple[dict[str, float | int], RawEngine]:
    """The finds of what the import reads (timed), then a plain insert_many of the import's own documents, read
    back (not timed), into a fresh collection with the same indexes, FLOOR_BATCH at a time (timed); and the raw
    engine's time for the same rows."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_uri)
    try:
        database = client[settings.database_name]
        find_seconds, found = 0.0, 0
        for cursor in store_reads(database):
            seconds, count = await timed_find(cursor)
            find_seconds, found = find_seconds + seconds, found + count
        specs = [
            IndexSpec(FLOOR_COLLECTION, spec.keys, unique=spec.unique, name=spec.name)
            for spec in [*residents.INDEXES, *outbox_indexes(residents.RESIDENTS)]
        ]
        await ensure_indexes(database, specs)
        written = database[residents.RESIDENTS]
        insert_seconds, inserted = await timed_insert_many(
            written.find({}, batch_size=FLOOR_BATCH), database[FLOOR_COLLECTION], FLOOR_BATCH
        )
        raw = await raw_engine(all_read(database), written.find({}, batch_size=FLOOR_BATCH), FLOOR_BATCH)
    finally:
        await client.close()
    return {"find": find_seconds, "found": found, "insert": insert_seconds, "inserted": inserted}, raw


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="residents (default 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-enrolment-import-") as folder:
        work = Path(folder)
        database = FerretDB(installation.ferretdb_binary, work / "ferretdb", free_port())
        database.start()
        try:
            legacy_file = work / "legacy.csv"
            rows = write_legacy_file(legacy_file, args.seed, args.size)
            settings = EnrolmentSettings(mongo_uri=database.mongo_uri, mongo_database="bench_enrolment_import")
            asyncio.run(seed_policy(settings))
            options = ImportOptions(
                path=legacy_file,
                pooling_region=DEFAULT_POOLING_REGION,
                actor="bench:officer",
                errors_path=work / "legacy.errors.csv",
            )
            started = time.perf_counter()
            summary: ImportSummary = asyncio.run(import_residents(settings, options))
            ours = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # Duplicates are looked up one by one, and the floor has no such lookups: there must be none.
            assert summary.already_imported == summary.already_enrolled == 0, "a fresh import met duplicates"
            floors, raw = asyncio.run(floor(settings))
        finally:
            database.stop()

    print(f"file: {rows:,} rows, {legacy_file.name}")
    for line in summary.lines():
        print(f"import: {line}")
    print(
        f"floor: find of {floors['found']:,} documents read {floors['find']:.3f} s + insert_many of "
        f"{floors['inserted']:,} documents {floors['insert']:.3f} s"
    )
    print(f"throughput: {summary.imported / ours:,.0f} residents/s")
    print(f"peak memory (max RSS of this process): {peak:,.1f} MiB")
    print(raw.line())
    print(house_line("enrolment_import", ours, floors["find"] + floors["insert"], summary.imported))


if __name__ == "__main__":
    main()
