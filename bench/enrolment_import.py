"""Benchmark: the migration import of N generated residents, against a plain insert_many of the documents it wrote."""

from __future__ import annotations

import argparse
import asyncio
import resource
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from pymongo import AsyncMongoClient

from bench.floors import timed_insert_many
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_enrolment.adapters import residents
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


async def floor(settings: EnrolmentSettings) -> tuple[float, int]:
    """A plain insert_many of the import's own documents, read back, into a fresh collection with the same
    indexes, 1,000 at a time; only the inserts are timed."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(settings.mongo_uri)
    try:
        database = client[settings.database_name]
        specs = [
            IndexSpec(FLOOR_COLLECTION, spec.keys, unique=spec.unique, name=spec.name)
            for spec in [*residents.INDEXES, *outbox_indexes(residents.RESIDENTS)]
        ]
        await ensure_indexes(database, specs)
        return await timed_insert_many(database[residents.RESIDENTS].find({}), database[FLOOR_COLLECTION], FLOOR_BATCH)
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
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
            floor_seconds, floor_count = asyncio.run(floor(settings))
        finally:
            database.stop()

    print(f"file: {rows:,} rows, {legacy_file.name}")
    for line in summary.lines():
        print(f"import: {line}")
    print(f"floor: {floor_count:,} documents re-inserted")
    print(f"throughput: {summary.imported / ours:,.0f} residents/s")
    print(f"peak memory (max RSS of this process): {peak:,.1f} MiB")
    print(
        f"enrolment_import: ratio {floor_seconds / ours:.2f} "
        f"(ours {ours:.3f} s, floor {floor_seconds:.3f} s, {summary.imported} items)"
    )


if __name__ == "__main__":
    main()
