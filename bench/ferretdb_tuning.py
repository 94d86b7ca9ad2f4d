"""Benchmark: FerretDB's garbage collector (GOGC) and SQLite pragmas, each candidate against FerretDB's defaults.

    scripts/uv.sh run --frozen python -m bench.ferretdb_tuning [--size 1000] [--rounds 2] [--binary PATH]

Every candidate setting gets a fresh FerretDB (started through pension_deploy.infra.FerretDB with that
environment and those `_pragma` values in its SQLite URL, data in a new folder) and the same work, each
step timed on its own: insert_many of N award-like documents (about 800 bytes of BSON each, 1,000 a batch) into a
collection with one secondary index; a full scan; finds by the indexed field (FerretDB on SQLite pushes
down only _id filters, so each reads the whole collection too); find_one by _id and update_one by _id
({$set, $inc}, each its own SQLite transaction: what `synchronous` is about), LOOKUPS of each. Memory is
the FerretDB process's peak resident set (VmHWM) at the end. The rows "per second" count documents for
insert_many, scan and find_by_field (each of its queries reads all N) and calls for the two by-_id steps.

Measurements on a shared machine are noisy, so the candidates are interleaved: each round runs every
candidate once, in an order rotated from round to round, and each step keeps its best time across rounds;
a candidate's total is the sum of its best steps. FerretDB's own CPU seconds are read per step as well
(/proc/<pid>/stat), which the other programs on the machine disturb far less than wall time. GOGC is
chosen by that CPU, synchronous by the time of the steps that commit (see choose): each the cheapest
value (lowest GOGC, SQLite's default synchronous) within TOLERANCE of the best, so more memory or less
durability only for a clear gain. The last line compares the chosen setting ("ours") with FerretDB's
defaults ("floor"): wall seconds of the whole workload.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, TypeVar

from pymongo import MongoClient
from pymongo.collection import Collection

from pension_deploy.infra import FerretDB, ensure_installed, free_port

BATCH: Final = 1_000
LOOKUPS: Final = 300
FIELD_QUERIES: Final = 3
VILLAGES: Final = 20
# A setting that costs memory (a higher GOGC) or durability (synchronous(normal)) is chosen over a cheaper
# one only if it is more than this much faster: differences below it are noise on a shared machine.
TOLERANCE: Final = 0.05
STEPS: Final = ("insert_many", "scan", "find_by_field", "find_one_by_id", "update_one")
# The steps that commit: the only ones SQLite's synchronous can change.
WRITE_STEPS: Final = ("insert_many", "update_one")
CLOCK_TICKS: Final = os.sysconf("SC_CLK_TCK")

Document = dict[str, Any]
T = TypeVar("T")


@dataclass(frozen=True)
class Candidate:
    """One setting: FerretDB's GOGC (None: Go's default, 100) and extra SQLite pragmas."""

    gogc: int | None
    pragmas: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        gc = "GOGC default" if self.gogc is None else f"GOGC={self.gogc}"
        return f"{gc}, " + (" ".join(self.pragmas) if self.pragmas else "SQLite default")

    @property
    def environment(self) -> dict[str, str]:
        # Go's default written out, so a GOGC in the caller's own environment does not leak into the floor.
        return {"GOGC": "100" if self.gogc is None else str(self.gogc)}


DEFAULT: Final = Candidate(None)
SYNC_NORMAL: Final = ("synchronous(normal)",)
# FerretDB already sets journal_mode(wal), busy_timeout(10000) and auto_vacuum(none) on its SQLite URL
# (internal/backends/sqlite/metadata/pool/uri.go), so WAL is no candidate; synchronous is left at SQLite's
# FULL, a sync of the WAL at every commit, where NORMAL syncs at checkpoints.
PRAGMA_SETS: Final[tuple[tuple[str, ...], ...]] = ((), SYNC_NORMAL)
GOGCS: Final = (None, 200, 400, 800)
CANDIDATES: Final = tuple(Candidate(gogc, pragmas) for pragmas in PRAGMA_SETS for gogc in GOGCS)


@dataclass
class Run:
    """One run of the workload: per step, the seconds it took and the CPU seconds FerretDB spent on it; and
    FerretDB's peak resident memory (MiB)."""

    seconds: dict[str, float]
    cpu: dict[str, float]
    rss_mib: float


@dataclass
class Measured:
    """A candidate's best time and best FerretDB CPU per step across rounds, and its highest peak memory."""

    seconds: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    rss_mib: float = 0.0

    def keep(self, run: Run) -> None:
        for step in STEPS:
            self.seconds[step] = min(run.seconds[step], self.seconds.get(step, run.seconds[step]))
            self.cpu[step] = min(run.cpu[step], self.cpu.get(step, run.cpu[step]))
        self.rss_mib = max(self.rss_mib, run.rss_mib)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())

    @property
    def cpu_total(self) -> float:
        return sum(self.cpu.values())

    @property
    def write_seconds(self) -> float:
        return sum(self.seconds[step] for step in WRITE_STEPS)


def award(index: int, rng: random.Random) -> Document:
    """A document shaped like payout's award: nested documents, arrays, Chinese text, about 800 bytes of BSON."""
    return {
        "_id": f"AW-R{index:020d}",
        "resident_id": f"R{index:020d}",
        "pooling_region_code": "411731",
        "village_code": f"411731{101 + index % VILLAGES:03d}201",
        "name_masked": "王*国",
        "citizen_id_masked": "4117**********123X",
        "bank_account": {
            "bank_code": "ABC",
            "bank_name": "中国农业银行",
            "account_masked": f"622848******{index % 10_000:04d}",
            "account_token": f"{rng.getrandbits(256):064x}",
        },
        "birth_date": f"19{30 + index % 37}-0{1 + index % 9}-1{index % 10}",
        "terms": {
            "basic_fen": 14_300,
            "personal_fen": rng.randrange(0, 50_000),
            "years": rng.randrange(15, 31),
            "components": [{"name": name, "fen": rng.randrange(0, 10_000)} for name in ("basic", "age", "years")],
        },
        "status": "ACTIVE",
        "back_pay_pending": [],
        "applied_events": [f"{rng.getrandbits(128):032x}" for _ in range(3)],
        "granted_at": datetime(2026, 11, 20, tzinfo=UTC),
        "version": 1,
    }


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) the process has used so far, in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may hold spaces, so count fields after its closing parenthesis.
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def workload(
    collection: Collection[Document], documents: list[Document], seed: int, pid: int
) -> tuple[dict[str, float], dict[str, float]]:
    """The steps, each timed on its own, on an empty collection with the village_code index: the seconds of
    each, and the CPU seconds FerretDB (process `pid`) spent on each."""
    rng = random.Random(seed)
    ids = [document["_id"] for document in rng.sample(documents, min(LOOKUPS, len(documents)))]
    villages = sorted({document["village_code"] for document in documents})[:FIELD_QUERIES]

    def insert() -> None:
        for start in range(0, len(documents), BATCH):
            # insert_many sets _id on the dicts it gets; copies keep the prepared documents as they are.
            collection.insert_many([dict(document) for document in documents[start : start + BATCH]])

    def scan() -> None:
        count = sum(1 for _ in collection.find({}, batch_size=BATCH))
        assert count == len(documents), count

    def find_by_field() -> None:
        for village in villages:
            assert any(True for _ in collection.find({"village_code": village}, batch_size=BATCH))

    def find_one_by_id() -> None:
        for document_id in ids:
            assert collection.find_one({"_id": document_id}) is not None

    def update_one() -> None:
        for document_id in ids:
            result = collection.update_one(
                {"_id": document_id}, {"$set": {"status": "SUSPENDED"}, "$inc": {"version": 1}}
            )
            assert result.modified_count == 1

    steps = {
        "insert_many": insert,
        "scan": scan,
        "find_by_field": find_by_field,
        "find_one_by_id": find_one_by_id,
        "update_one": update_one,
    }
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, action in steps.items():
        cpu_before, started = cpu_seconds(pid), time.perf_counter()
        action()
        seconds[name], cpu[name] = time.perf_counter() - started, cpu_seconds(pid) - cpu_before
    return seconds, cpu


def run_once(binary: Path, work: Path, candidate: Candidate, documents: list[Document], seed: int) -> Run:
    """One candidate on a fresh FerretDB."""
    with tempfile.TemporaryDirectory(prefix="ferretdb-", dir=work) as folder:
        database = FerretDB(
            binary, Path(folder), free_port(), environment=candidate.environment, sqlite_pragmas=candidate.pragmas
        )
        database.start()
        try:
            assert database.pid is not None
            client: MongoClient[Document] = MongoClient(database.mongo_uri)
            try:
                collection = client["bench_tuning"]["awards"]
                collection.create_index("village_code")
                seconds, cpu = workload(collection, documents, seed, database.pid)
            finally:
                client.close()
            return Run(seconds, cpu, peak_rss_mib(database.pid))
        finally:
            database.stop()


def rotations(candidates: tuple[Candidate, ...], rounds: int) -> Iterator[Candidate]:
    """Every candidate once per round, the order rotated by one each round, so none always runs first."""
    for round_number in range(rounds):
        shift = round_number % len(candidates)
        yield from candidates[shift:] + candidates[:shift]


def _cheapest_near_fastest(totals: dict[T, float], cost: Callable[[T], int]) -> T:
    fastest = min(totals.values())
    return min((value for value, total in totals.items() if total <= fastest * (1 + TOLERANCE)), key=cost)


def choose(results: dict[Candidate, Measured]) -> Candidate:
    """Each knob on its own, by what it changes, summed over every value of the other knob (they hardly
    interact, and a sum over several candidates is steadier than one candidate's figure):

    - GOGC by FerretDB's CPU seconds for the whole workload: the garbage collector's cost is CPU, and CPU
      time is far less disturbed than wall time by the other programs sharing the machine;
    - synchronous by the seconds of the steps that commit (insert_many, update_one): what it changes is
      how long a commit waits for the disk, and reads it cannot change.

    For each, the cheapest value within TOLERANCE of the best: the lowest GOGC (least memory), SQLite's
    default synchronous before a weaker one."""
    by_gogc = {gogc: sum(results[Candidate(gogc, pragmas)].cpu_total for pragmas in PRAGMA_SETS) for gogc in GOGCS}
    by_pragmas = {
        pragmas: sum(results[Candidate(gogc, pragmas)].write_seconds for gogc in GOGCS) for pragmas in PRAGMA_SETS
    }
    return Candidate(_cheapest_near_fastest(by_gogc, lambda gogc: gogc or 100), _cheapest_near_fastest(by_pragmas, len))


def report(results: dict[Candidate, Measured], size: int) -> None:
    header = "".join(f"{step:>15}" for step in STEPS) + f"{'total':>9}{'FerretDB CPU':>14}{'peak RSS':>10}"
    print(f"{'setting':<44}{header}")
    for candidate, measured in results.items():
        cells = "".join(f"{measured.seconds[step]:>13.3f} s" for step in STEPS)
        print(
            f"{candidate.label:<44}{cells}{measured.total:>7.2f} s{measured.cpu_total:>12.2f} s"
            f"{measured.rss_mib:>6.0f} MiB"
        )
    floor = results[DEFAULT]
    rates = {
        "insert_many": size,
        "scan": size,
        "find_by_field": size * FIELD_QUERIES,
        "find_one_by_id": min(LOOKUPS, size),
        "update_one": min(LOOKUPS, size),
    }
    print(f"{'per second (default)':<44}" + "".join(f"{rates[s] / floor.seconds[s]:>15,.0f}" for s in STEPS))
    by_gogc = ", ".join(
        f"{gogc or 'default'} {sum(results[Candidate(gogc, pragmas)].cpu_total for pragmas in PRAGMA_SETS):.2f} s"
        for gogc in GOGCS
    )
    by_pragmas = ", ".join(
        f"{' '.join(pragmas) or 'default'} "
        f"{sum(results[Candidate(gogc, pragmas)].write_seconds for gogc in GOGCS):.2f} s"
        for pragmas in PRAGMA_SETS
    )
    print(f"GOGC by FerretDB CPU, summed over both synchronous settings: {by_gogc}")
    print(f"synchronous by the seconds of insert_many and update_one, summed over every GOGC: {by_pragmas}")
    chosen = choose(results)
    ours = results[chosen]
    print(f"per second ({chosen.label})".ljust(44) + "".join(f"{rates[s] / ours.seconds[s]:>15,.0f}" for s in STEPS))
    print(f"chosen: {chosen.label} (environment {chosen.environment}, SQLite pragmas {list(chosen.pragmas)})")
    print(
        f"ferretdb_tuning: ratio {floor.total / ours.total:.2f} "
        f"(ours {ours.total:.3f} s, floor {floor.total:.3f} s, {size} items)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000, help="documents (default 1,000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of every candidate; the best of each step counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", type=Path, help="a FerretDB binary (default: deploy/local/install-ferretdb.sh's)")
    args = parser.parse_args()
    binary = args.binary or ensure_installed().ferretdb_binary
    rng = random.Random(args.seed)
    documents = [award(index, rng) for index in range(args.size)]
    results = {candidate: Measured() for candidate in CANDIDATES}
    with tempfile.TemporaryDirectory(prefix="bench-ferretdb-tuning-") as folder:
        for candidate in rotations(CANDIDATES, args.rounds):
            run = run_once(binary, Path(folder), candidate, documents, args.seed)
            results[candidate].keep(run)
            print(
                f"  {candidate.label}: {sum(run.seconds.values()):.2f} s, FerretDB CPU {sum(run.cpu.values()):.2f} s, "
                f"peak RSS {run.rss_mib:.0f} MiB",
                flush=True,
            )
    report(results, args.size)


if __name__ == "__main__":
    main()
