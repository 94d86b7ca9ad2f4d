"""Benchmark: the hotline's GetResidentPayments for 200 residents among N payments, against 200 point lookups.

    python -m bench.resident_payments [--size 1000000]

Target: p95 under 50 ms per lookup at 1,000,000 payments.

Seeded first (not timed): N/120 residents of one region, each with an award (bench.payroll's seeding) and a
payment for each of up to 120 months ending this month (N in all), built by payout's own new_payment and
stored by its PaymentRepository (insert_many, 1,000 at a time) under payout's own ids, one payroll run per
month. Timed as "ours": for 200 random residents, what the gRPC servicer's GetResidentPayments does for the
hotline's question (no months given: the twelve months before next month and next month), called in-process on
the service layer: PayrollQueryService.resident_payments (the award by _id, then the payments by the ids of its
months) and run_statuses (the status of each run those payments belong to); each lookup's milliseconds give
p50/p95/max, ours is their total. The same lookups for the whole history (from the award's first month, 120
payments each) are measured after and printed beside, not in the ratio, and so is the raw engine: the hotline's
lookups' payments by key (`_id IN (...)`) in SQLite holding the whole collection as JSON text. The floor
is 200 `find_one` by _id on the same payments collection (point lookups, one payment of each of the same
residents), in the same run; items = 200.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pymongo import AsyncMongoClient

from bench.floors import CommandCounter, house_line, pushdown, raw_lookups
from bench.payroll import REGION, seed_awards
from pension_deploy.infra import FerretDB, ensure_installed, free_port
from pension_kit.clock import today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import INDEXES, PAYMENTS, PayoutStore, award_id, payment_id, run_id
from pension_payout.config import PayoutSettings
from pension_payout.domain.payroll import DRAFT, REGULAR, Payment, PayrollRun
from pension_payout.service_layer.awards import AwardService
from pension_payout.service_layer.payroll_preparation import new_payment
from pension_payout.service_layer.payroll_queries import RECENT_MONTHS, PayrollQueryService

MONTHS = 120
LOOKUPS = 200
BATCH = 1_000
HOTLINE = Caller("bench-hotline", Role.HOTLINE)


def verified_call(resident: str) -> Caller:
    """The hotline reads a resident's payments once it has verified that the caller is this resident."""
    return Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=resident)


def resident_months(size: int) -> list[int]:
    """How many months each resident was paid: 120 each, the last resident the remainder, N in all."""
    return [min(MONTHS, size - start) for start in range(0, size, MONTHS)]


def resident_id(index: int) -> str:
    return f"R{index:020d}"  # as bench.payroll.seed_awards names them


async def seed(store: PayoutStore, vault: PersonalDataVault, size: int, seed_value: int, last: Month) -> int:
    """The residents' awards (and the region's policy), the months' runs and N payments (not timed); returns
    the number of residents."""
    months = resident_months(size)
    await seed_awards(
        store, vault, len(months), seed_value, first_month=lambda index: last.plus_months(1 - months[index])
    )
    runs = PayrollRunRepository(store)
    for back in range(MONTHS):
        month = last.plus_months(-back)
        run = PayrollRun(run_id(REGION, month), REGION, month, DRAFT, approvals_required=2)
        await runs.open_draft(run, preparer="bench-officer")
    policies = await AwardService(store, resident_topic="r", region_topic="g", notify_relay=lambda *_: None).timeline(
        REGION
    )
    payments = PaymentRepository(store)
    batch: list[Payment] = []
    async for award in AwardRepository(store).of_region(REGION, batch_size=BATCH):
        month = award.first_month
        while month <= last:
            batch.append(new_payment(award, month, REGULAR, run_id(REGION, month), policies))
            month = month.next()
        if len(batch) >= BATCH:
            existing = await payments.insert_missing(batch)
            assert not existing, "a fresh store has no payments yet"
            batch = []
    if batch:
        existing = await payments.insert_missing(batch)
        assert not existing, "a fresh store has no payments yet"
    return len(months)


def months_to_next(last: Month) -> list[Month]:
    """The months a resident paid for MONTHS months up to `last` is asked about: those and next month."""
    return [last.plus_months(back) for back in range(1 - MONTHS, 2)]


@dataclass
class Lookups:
    """The milliseconds of each lookup, the seconds spent reading payments and runs, and the payments found."""

    milliseconds: list[float] = field(default_factory=list)
    in_payments: float = 0.0
    in_statuses: float = 0.0
    found: int = 0

    def line(self) -> str:
        ms = self.milliseconds
        return (
            f"{len(ms)} lookups, {self.found / len(ms):.0f} payments each; p50 {statistics.median(ms):.1f} ms, "
            f"p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms; "
            f"award + payments by id {self.in_payments:.3f} s, run statuses {self.in_statuses:.3f} s"
        )


async def lookups(queries: PayrollQueryService, chosen: list[int], first: Month | None) -> Lookups:
    """What PayoutServicer.GetResidentPayments does for each chosen resident, without the gRPC layer around it."""
    measured = Lookups()
    for index in chosen:
        started = time.perf_counter()
        resident = resident_id(index)
        payments = await queries.resident_payments(resident, first, None, caller=verified_call(resident))
        middle = time.perf_counter()
        statuses = await queries.run_statuses({payment.payroll_run_id for payment in payments})
        ended = time.perf_counter()
        assert payments and len(statuses) == len({payment.payroll_run_id for payment in payments})
        measured.found += len(payments)
        measured.milliseconds.append((ended - started) * 1000)
        measured.in_payments += middle - started
        measured.in_statuses += ended - middle
    return measured


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value at least `fraction` of the values are at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


async def bench(mongo_uri: str, work: Path, size: int, seed_value: int) -> None:
    settings = PayoutSettings(mongo_uri=mongo_uri, mongo_database="bench_resident_payments", bank_files_dir=work)
    vault = PersonalDataVault.from_settings(settings)
    commands = CommandCounter()
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True, event_listeners=[commands])
    try:
        store = PayoutStore(client[settings.database_name])
        await ensure_indexes(store.database, list(INDEXES))
        last = Month.of(today_in_china())
        seeding = time.perf_counter()
        residents = await seed(store, vault, size, seed_value, last)
        print(
            f"seeded {size:,} payments of {residents:,} residents in {time.perf_counter() - seeding:.1f} s (not timed)"
        )

        awards = AwardService(store, resident_topic="r", region_topic="g", notify_relay=lambda *_: None)
        queries = PayrollQueryService(
            PayrollRunRepository(store), PaymentRepository(store), awards, BankFileWriter(work, vault)
        )
        rng = random.Random(seed_value)
        # 200 distinct residents where there are as many; fewer residents (a small --size) are asked again.
        chosen = (
            rng.sample(range(residents), LOOKUPS) if residents >= LOOKUPS else rng.choices(range(residents), k=LOOKUPS)
        )
        before = commands.counts.copy()
        recent = await lookups(queries, chosen, None)
        ours_commands = commands.since(before)
        ours = sum(recent.milliseconds) / 1000
        history = await lookups(queries, chosen, Month(1900, 1))

        ids = [payment_id(award_id(resident_id(chosen[0])), month) for month in months_to_next(last)]
        by_ids = await pushdown(store.database, {"find": PAYMENTS, "filter": {"_id": {"$in": ids}}})

        floor = 0.0
        for index in chosen:
            identifier = payment_id(award_id(resident_id(index)), last)
            started = time.perf_counter()
            document = await store.payments.find_one({"_id": identifier})
            floor += time.perf_counter() - started
            assert document is not None, identifier
        # The raw engine: the payments the hotline's question reads (its months' ids, each resident's), looked up
        # by key in SQLite holding the whole collection as JSON text.
        recent_months = [last.plus_months(back) for back in range(-RECENT_MONTHS + 1, 2)]
        keys = [[payment_id(award_id(resident_id(index)), month) for month in recent_months] for index in chosen]
        raw = await raw_lookups(store.payments.find({}, batch_size=BATCH), keys, BATCH)
    finally:
        await client.close()

    print(f"the hotline's question (no months: the year before next month): {recent.line()}")
    print(f"commands sent for it: {ours_commands} (target: p95 under 50 ms at 1,000,000 payments)")
    print(f"the whole history (from the award's first month): {history.line()}")
    print(f"the payments' find by $in of {MONTHS + 1} ids: {by_ids}")
    print(f"raw engine (SQLite directly): the same {LOOKUPS} lookups' payments by key {raw:.3f} s")
    print(f"floor: {LOOKUPS} find_one by _id {floor:.3f} s ({floor / LOOKUPS * 1000:.1f} ms each)")
    print(house_line("resident_payments", ours, floor, LOOKUPS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000, help="payments (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-resident-payments-") as folder:
        work = Path(folder)
        database = FerretDB(installation.ferretdb_binary, work / "ferretdb", free_port())
        database.start()
        try:
            asyncio.run(bench(database.mongo_uri, work, args.size, args.seed))
        finally:
            database.stop()


if __name__ == "__main__":
    main()
