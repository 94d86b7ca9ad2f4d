"""Benchmark: prepare, approve and export a payroll of N awards, against a find of the awards + insert_many of payments.

    python -m bench.payroll [--size 1000000]

The awards are written first (not timed): N pensioners of one region across four banks, with varied ages,
years and balances. Timed as "ours": the payout service's own prepare (every payment computed and
inserted), two approvals, and the export (payments claimed, every bank's batch file written with the
clear name and card number unsealed per line, trailers and hashes). Memory is the resident set size
sampled through the timed part: its growth must not follow N.

The floor is the simplest thing that does the payroll's I/O on the same store, in the same run: a plain
`find` of the region's awards (the same collection, filter and projection as the payroll's read,
AwardRepository.of_region, CHUNK a batch), plus an insert_many of the same payment documents (read back, not
timed) in chunks of the same size into a fresh collection with the same indexes; the find and the inserts
are timed. Beside it, the raw engine: the same awards and payments as JSON text scanned from and inserted
into SQLite directly (bench/floors.py), so FerretDB's own overhead shows.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient

from bench.floors import house_line, raw_engine, timed_find, timed_insert_many
from pension_contracts.policy import policy_message
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_kit.identifiers import Month, luhn_check_digit
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_bank_card
from pension_kit.mongo import Document, IndexSpec, ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_payout.adapters.award_documents import terms_document
from pension_payout.adapters.award_repository import PAYROLL_FIELDS, AwardRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import INDEXES, PAYMENTS, PayoutStore, award_id
from pension_payout.config import PayoutSettings
from pension_payout.domain.benefit import AwardTerms, Candidate, assess
from pension_payout.domain.payroll import PayrollRun
from pension_payout.service_layer.awards import AwardService
from pension_payout.service_layer.payroll_approval import PayrollApprovalService
from pension_payout.service_layer.payroll_preparation import PayrollPreparationService
from pension_payout.service_layer.payroll_runs import CHUNK

REGION = "411731"
MONTH = Month(2026, 12)
BANKS = (("ABC", "中国农业银行"), ("RCC", "农村信用社"), ("PSBC", "中国邮政储蓄银行"), ("ICBC", "中国工商银行"))
FLOOR_COLLECTION = "floor_payments"
PAGE = 4096


class RssSampler:
    """Samples this process's resident set size every 50 ms while the timed part runs."""

    def __init__(self) -> None:
        self.start = self.peak = _rss_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss_mib())

    def __enter__(self) -> RssSampler:
        self.start = self.peak = _rss_mib()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mib())


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


async def seed_awards(
    store: PayoutStore,
    vault: PersonalDataVault,
    size: int,
    seed: int,
    first_month: Callable[[int], Month] = lambda _index: MONTH,
) -> None:
    """N awards of REGION, as the award job writes them (not timed); award `index` is first paid in
    `first_month(index)` (by default all in December: granted in November for December)."""
    policy = demo_policy(REGION, datetime(2026, 1, 1, tzinfo=UTC))
    await store.record_policy(policy_message(policy))
    rng = random.Random(seed)
    sealed_name = vault.seal("王建国", purpose="name").to_document()
    batch: list[Document] = []
    for index in range(size):
        birth = date(1930 + rng.randrange(37), rng.randrange(1, 13), rng.randrange(1, 29))
        years = rng.randrange(0, 16) if birth.year < 1952 else rng.randrange(15, 31)
        first = first_month(index)
        candidate = Candidate(f"R{index:020d}", REGION, birth, date(2011, 8, 1), years, rng.randrange(0, 6_000_000))
        terms = assess(candidate, policy, first)
        assert isinstance(terms, AwardTerms), "the seeded pensioners all have their years"
        partial = f"622848{index:012d}"
        card = partial + luhn_check_digit(partial)
        bank_code, bank_name = BANKS[index % len(BANKS)]
        batch.append(
            {
                "_id": award_id(candidate.resident_id),
                "resident_id": candidate.resident_id,
                "pooling_region_code": REGION,
                "village_code": f"{REGION}{101 + index % 20:03d}{201 + index % 30:03d}",
                "name_masked": "王*国",
                "citizen_id_masked": "4117**********123X",
                "sealed_name": sealed_name,
                "bank_account": {
                    "bank_code": bank_code,
                    "bank_name": bank_name,
                    "account_masked": mask_bank_card(card),
                    "account_token": vault.lookup_hash(card, purpose="bank_card_number"),
                    "sealed_card_number": vault.seal(card, purpose="bank_card_number").to_document(),
                },
                "birth_date": birth.isoformat(),
                "first_month": str(first),
                "terms": terms_document(terms),
                "status": "ACTIVE",
                "suspension": None,
                "stop": None,
                "back_pay_pending": [],
                "failed_payments": [],
                "applied_events": [],
                "granted_at": datetime.now(UTC),
                "version": 1,
            }
        )
        if len(batch) == 5_000:
            await store.awards.insert_many(batch)
            batch = []
    if batch:
        await store.awards.insert_many(batch)


async def ours(settings: PayoutSettings, store: PayoutStore, vault: PersonalDataVault) -> dict[str, Any]:
    awards = AwardService(store, resident_topic="r", region_topic="g", notify_relay=lambda *_: None)
    runs, payments = PayrollRunRepository(store), PaymentRepository(store)
    bank_files = BankFileWriter(settings.bank_files_dir, vault)
    preparation = PayrollPreparationService(
        runs,
        payments,
        AwardRepository(store),
        awards,
        bank_files,
        region_topic=settings.topic_payout_region,
        notify_relay=lambda *_: None,
        approvals_required=2,
    )
    approval = PayrollApprovalService(
        runs, payments, bank_files, region_topic=settings.topic_payout_region, notify_relay=lambda *_: None
    )
    officer = Caller("bench-officer", Role.COUNTY_OFFICER)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    run = await preparation.prepare(REGION, MONTH, caller=officer, request_id="bench-prepare")
    phases["prepare"] = time.perf_counter() - started
    for approver in ("bench-approver-1", "bench-approver-2"):
        await approval.approve(
            run.payroll_run_id, caller=Caller(approver, Role.COUNTY_APPROVER), reason="bench", request_id=approver
        )
    mark = time.perf_counter()
    exported = await approval.export(run.payroll_run_id, caller=officer, request_id="bench-export")
    phases["export"] = time.perf_counter() - mark
    phases["total"] = time.perf_counter() - started
    return {"run": exported, "phases": phases}


def awards_read(store: PayoutStore) -> AsyncIterator[Document]:
    """What the payroll reads of the store: the region's awards, as AwardRepository.of_region asks for them."""
    return store.awards.find({"pooling_region_code": REGION}, PAYROLL_FIELDS, batch_size=CHUNK)


async def payments_written(store: PayoutStore) -> AsyncIterator[Document]:
    """What the payroll writes: its payment documents, read back as they were prepared (before the export)."""
    async for document in store.payments.find({}, batch_size=CHUNK):
        document["status"] = "PREPARED"
        yield document


async def floor(store: PayoutStore) -> dict[str, float | int]:
    """A plain find of the awards the payroll reads (timed), then the same payment documents, read back (not
    timed), inserted into a fresh collection with the same indexes, CHUNK at a time (timed)."""
    find_seconds, found = await timed_find(awards_read(store))
    specs = [
        IndexSpec(FLOOR_COLLECTION, s.keys, unique=s.unique, name=s.name) for s in INDEXES if s.collection == PAYMENTS
    ]
    await ensure_indexes(store.database, specs)
    insert_seconds, inserted = await timed_insert_many(payments_written(store), store.database[FLOOR_COLLECTION], CHUNK)
    return {"find": find_seconds, "found": found, "insert": insert_seconds, "inserted": inserted}


async def bench(mongo_uri: str, work: Path, size: int, seed: int) -> dict[str, Any]:
    settings = PayoutSettings(mongo_uri=mongo_uri, mongo_database="bench_payroll", bank_files_dir=work / "bank-files")
    vault = PersonalDataVault.from_settings(settings)
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri)
    try:
        store = PayoutStore(client[settings.database_name])
        await ensure_indexes(store.database, list(INDEXES))
        seeding = time.perf_counter()
        await seed_awards(store, vault, size, seed)
        print(f"seeded {size:,} awards in {time.perf_counter() - seeding:.1f} s (not timed)")
        with RssSampler() as memory:
            result = await ours(settings, store, vault)
        floors = await floor(store)
        raw = await raw_engine(awards_read(store), payments_written(store), CHUNK)
    finally:
        await client.close()
    return {**result, "memory": memory, "floor": floors, "raw": raw, "files": settings.bank_files_dir}


def report(result: dict[str, Any]) -> None:
    run: PayrollRun = result["run"]
    assert run.totals is not None
    totals = run.totals
    for batch in run.batches:
        size_mib = (result["files"] / run.payroll_run_id / batch.file_name).stat().st_size / 2**20
        print(f"bank file {batch.file_name}: {batch.record_count:,} lines, {batch.total_fen:,} fen, {size_mib:.1f} MiB")
    print(f"run {run.payroll_run_id}: {totals.payment_count:,} payments, {totals.total_fen:,} fen, {run.status}")
    print("phases: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result["phases"].items()))
    memory = result["memory"]
    print(
        f"memory (RSS) during prepare+export: start {memory.start:.0f} MiB, peak {memory.peak:.0f} MiB, "
        f"growth {memory.peak - memory.start:.0f} MiB"
    )
    floors = result["floor"]
    print(
        f"floor: find of {floors['found']:,} awards {floors['find']:.3f} s + insert_many of "
        f"{floors['inserted']:,} payments {floors['insert']:.3f} s"
    )
    print(result["raw"].line())
    print(house_line("payroll", result["phases"]["total"], floors["find"] + floors["insert"], totals.payment_count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="awards (default 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-payroll-") as folder:
        work = Path(folder)
        database = FerretDB(installation.ferretdb_binary, work / "ferretdb", free_port())
        database.start()
        try:
            report(asyncio.run(bench(database.mongo_uri, work, args.size, args.seed)))
        finally:
            database.stop()


if __name__ == "__main__":
    main()
