"""Benchmark: a civil-affairs death file of N/10 records matched against N residents, against a sorted merge of hashes.

    python -m bench.death_match [--size 10000000]

N residents are written first into verification's resident index (the `registry_residents` document shape:
_id, citizen_id_hash, name_key, name_masked, birth_date, village_code, pooling_region_code, status), with
insert_many, BATCH at a time, and its two indexes. Each resident is derived from its counter alone: the keyed
hash is a SHA-256 of the counter; the name (from a pool of about 1,800 names of the synthetic population's
older generation, so namesakes exist), the birth date (1930-1966) and the village (of the synthetic demo county)
are taken from that hash. The store is kept across runs (a FerretDB folder in the platform's cache, one database
per size and seed, marked complete after its last insert), so the 10,000,000 are written once.

The death file (N/10 records, built before timing): about 90% carry the hash of a resident (exact), 5% a missing
or mistyped number with the resident's right name, birth date and village (for review), 5% someone unknown.
Timed as "ours": verification's big-batch matching, adapters/resident_scan.match_by_scan (the batch indexed in
memory, the index read once, the domain's match per record; every record's name turned into its key inside).
The floor is the simplest thing that finds the exact matches on the same store, in the same run: the same find
(same projection and batch size) of all residents, Python's sorted() of the residents' hashes and of the
records', and a two-pointer merge counting equal hashes. Memory is the resident set size sampled during each.
With --rounds 2 or more the order alternates (ours first, then the floor first); each side's mean is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import resource
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from bench.floors import house_line
from bench.payroll import RssSampler
from pension_deploy.infra import FerretDB, cache_dir, ensure_installed, free_port
from pension_kit.masking import mask_name
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_synthetic import generate_county
from pension_synthetic.names import person_name
from pension_verification.adapters.resident_scan import SCAN_BATCH, SCAN_FIELDS, match_by_scan
from pension_verification.adapters.store import INDEXES as VERIFICATION_INDEXES
from pension_verification.adapters.store import REGISTRY_RESIDENTS as RESIDENTS
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    EXACT,
    NO_MATCH,
    REVIEW,
    DeathDetail,
    Match,
    RegistryRecord,
)
from pension_verification.service_layer.registry_residents import RegistryKeys

META: Final = "bench_meta"
# Bumped when the generated documents change, so a cached store of an older layout is written again.
LAYOUT: Final = 1
BATCH: Final = 10_000
# The resident index as verification declares it.
INDEXES: Final = [spec for spec in VERIFICATION_INDEXES if spec.collection == RESIDENTS]
FIRST_BIRTH: Final = date(1930, 1, 1)
BIRTH_DAYS: Final = (date(1966, 12, 31) - FIRST_BIRTH).days + 1
DIED: Final = date(2026, 11, 20)
# A fixed vault: the bench's keys, not anyone's; the name keys only have to be the same for both sides.
VAULT: Final = PersonalDataVault((("bench", b"B" * 32),), b"death-match-bench-lookup-key-32b")
# A record carries its name key as the service's validation makes it (keyed once per distinct name here).
KEYS: Final = RegistryKeys(VAULT)


@dataclass(frozen=True)
class Population:
    """What a resident is derived from: the seed, the name pool, the demo county's villages and region."""

    seed: int
    names: tuple[str, ...]
    villages: tuple[str, ...]
    region: str

    @classmethod
    def of(cls, seed: int) -> Population:
        county = generate_county(seed, 100_000, date(2026, 1, 1))
        rng = random.Random(f"names:{seed}")
        # About a thousand names of people born before 1960, with the synthetic population's frequencies.
        names = sorted({person_name(rng, rng.choice(("M", "F")), 1950) for _ in range(2_000)})
        return cls(seed, tuple(names), tuple(v.division_code for v in county.villages), county.pooling_region)

    def citizen_id_hash(self, index: int) -> str:
        return hashlib.sha256(f"resident:{self.seed}:{index}".encode()).hexdigest()

    def person(self, index: int, citizen_id_hash: str) -> tuple[str, date, str]:
        """(name, birth date, village) of resident `index`, taken from its hash."""
        bits = int(citizen_id_hash[:30], 16)
        return (
            self.names[bits % len(self.names)],
            FIRST_BIRTH + timedelta(days=(bits >> 16) % BIRTH_DAYS),
            self.villages[(bits >> 40) % len(self.villages)],
        )

    def document(self, index: int, name_keys: dict[str, str]) -> Document:
        citizen_id_hash = self.citizen_id_hash(index)
        name, born, village = self.person(index, citizen_id_hash)
        return {
            "_id": resident_id(index),
            "citizen_id_hash": citizen_id_hash,
            "name_key": name_keys[name],
            "name_masked": mask_name(name),
            "birth_date": born.isoformat(),
            "village_code": village,
            "pooling_region_code": self.region,
            "status": "ENDED" if self.ended(index) else "ENROLLED",
        }

    def ended(self, index: int) -> bool:
        """About 2% of the residents' enrolments have ended: found by their number, never as namesakes."""
        return int(self.citizen_id_hash(index)[30:32], 16) < 5


def resident_id(index: int) -> str:
    return f"R{index:020d}"


async def seed_residents(
    client: AsyncMongoClient[Document], database_name: str, population: Population, size: int
) -> float | None:
    """The N residents, unless this database already holds them complete; returns the seconds spent, or None."""
    database = client[database_name]
    marker = await database[META].find_one({"_id": "seeded"})
    if marker == {"_id": "seeded", "residents": size, "seed": population.seed, "layout": LAYOUT}:
        return None
    started = time.perf_counter()
    await client.drop_database(database_name)
    name_keys = {name: KEYS.name_key(name) for name in population.names}
    residents = database[RESIDENTS]

    def build(first: int) -> list[Document]:
        return [population.document(index, name_keys) for index in range(first, min(first + BATCH, size))]

    # The next batch is built in a thread while the store takes the last one: the two CPUs both work.
    batch = build(0)
    for first in range(BATCH, size + BATCH, BATCH):
        nxt = asyncio.to_thread(build, first) if first < size else asyncio.sleep(0, [])
        _, batch = await asyncio.gather(residents.insert_many(batch, ordered=False), nxt)
        if first % 1_000_000 == 0:
            print(f"  seeded {first:,} residents, {time.perf_counter() - started:.0f} s")
    await ensure_indexes(database, INDEXES)
    await database[META].insert_one({"_id": "seeded", "residents": size, "seed": population.seed, "layout": LAYOUT})
    return time.perf_counter() - started


@dataclass(frozen=True)
class DeathFile:
    """The generated records, and what each should match: a resident id for exact and review, "" for unknown."""

    records: list[RegistryRecord]
    expected: list[tuple[str, str]]  # (kind generated, resident id)

    def generated(self, kind: str) -> int:
        return sum(1 for generated, _ in self.expected if generated == kind)


def death_file(population: Population, size: int) -> DeathFile:
    """size/10 death records: per 40, 36 exact, one without a number, one with a mistyped one, two unknown."""
    rng = random.Random(f"deaths:{population.seed}")
    count = size // 10
    chosen = rng.sample(range(size), count)
    records: list[RegistryRecord] = []
    expected: list[tuple[str, str]] = []
    name_keys: dict[str, str] = {}
    for position, index in enumerate(chosen):
        citizen_id_hash: str | None = population.citizen_id_hash(index)
        name, born, village = population.person(index, population.citizen_id_hash(index))
        kind, resident = EXACT, resident_id(index)
        match position % 40:
            case 0:
                kind, citizen_id_hash = REVIEW, None  # missing, or failed its check character
            case 1:
                kind, citizen_id_hash = REVIEW, hashlib.sha256(f"mistyped:{position}".encode()).hexdigest()
            case 2 | 3:
                kind, resident = NO_MATCH, ""
                citizen_id_hash = hashlib.sha256(f"unknown:{population.seed}:{position}".encode()).hexdigest()
                name = rng.choice(population.names)
                born = FIRST_BIRTH + timedelta(days=rng.randrange(BIRTH_DAYS))
                village = rng.choice(population.villages)
        if kind == REVIEW and population.ended(index):
            kind, resident = NO_MATCH, ""  # an ended enrolment is nobody's namesake
        records.append(
            RegistryRecord(
                CIVIL_AFFAIRS_DEATH,
                f"MZ-{position:09d}",
                "civil affairs 2026-11",
                citizen_id_hash,
                name_keys.get(name) or name_keys.setdefault(name, KEYS.name_key(name)),
                mask_name(name),
                born,
                village,
                DeathDetail(DIED),
            )
        )
        expected.append((kind, resident))
    return DeathFile(records, expected)


async def ours(residents: AsyncCollection[Document], deaths: DeathFile) -> tuple[float, list[Match], RssSampler]:
    with RssSampler() as memory:
        started = time.perf_counter()
        matches = await match_by_scan(residents, deaths.records)
        elapsed = time.perf_counter() - started
    return elapsed, matches, memory


@dataclass(frozen=True)
class FloorRun:
    seconds: float
    find_seconds: float  # of which the find
    equal: int
    memory: RssSampler


async def floor(residents: AsyncCollection[Document], records: Sequence[RegistryRecord]) -> FloorRun:
    """The same find, sorted() of both hash lists, a two-pointer merge: the exact matches only."""
    with RssSampler() as memory:
        started = time.perf_counter()
        found = [
            document["citizen_id_hash"] async for document in residents.find({}, SCAN_FIELDS, batch_size=SCAN_BATCH)
        ]
        find_seconds = time.perf_counter() - started
        found = sorted(found)
        wanted = sorted(record.citizen_id_hash for record in records if record.citizen_id_hash is not None)
        equal = left = right = 0
        while left < len(found) and right < len(wanted):
            if found[left] < wanted[right]:
                left += 1
            elif found[left] > wanted[right]:
                right += 1
            else:
                equal += 1
                right += 1  # a record repeated in the file matches again; a resident's hash is unique
        elapsed = time.perf_counter() - started
    return FloorRun(elapsed, find_seconds, equal, memory)


def check(deaths: DeathFile, matches: list[Match]) -> Counter[str]:
    """Every exact record matched its resident, every review record has its resident among the candidates."""
    kinds: Counter[str] = Counter(found.kind for found in matches)
    for (generated, resident), found in zip(deaths.expected, matches, strict=True):
        if generated == EXACT:
            assert found == Match(EXACT, resident_id=resident), (resident, found)
        elif generated == REVIEW:
            assert found.kind == REVIEW and resident in {c.resident_id for c in found.candidates}, (resident, found)
    assert kinds[EXACT] == deaths.generated(EXACT), kinds
    return kinds


def memory_line(name: str, memory: RssSampler) -> str:
    return (
        f"memory (RSS) during {name}: start {memory.start:.0f} MiB, peak {memory.peak:.0f} MiB, "
        f"growth {memory.peak - memory.start:.0f} MiB"
    )


async def bench(mongo_uri: str, size: int, seed: int, rounds: int) -> None:
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri)
    try:
        population = Population.of(seed)
        database_name = f"bench_death_match_{size}_s{seed}"
        seconds = await seed_residents(client, database_name, population, size)
        if seconds is None:
            print(f"{size:,} residents already in {database_name} (kept from an earlier run)")
        else:
            print(f"seeded {size:,} residents in {seconds:.1f} s (not timed)")
        residents = client[database_name][RESIDENTS]
        deaths = death_file(population, size)
        print(
            f"death file: {len(deaths.records):,} records, generated {deaths.generated(EXACT):,} exact, "
            f"{deaths.generated(REVIEW):,} for review, {deaths.generated(NO_MATCH):,} unknown; "
            f"{len(population.names):,} names, {len(population.villages)} villages"
        )
        ours_times: list[float] = []
        floor_times: list[float] = []
        for round_number in range(rounds):
            sides = ("ours", "floor") if round_number % 2 == 0 else ("floor", "ours")
            for side in sides:
                if side == "ours":
                    elapsed, matches, ours_memory = await ours(residents, deaths)
                    kinds = check(deaths, matches)
                    ours_times.append(elapsed)
                    print(f"round {round_number + 1} ours: {elapsed:.3f} s")
                else:
                    floor_run = await floor(residents, deaths.records)
                    assert floor_run.equal == deaths.generated(EXACT), (floor_run.equal, deaths.generated(EXACT))
                    floor_times.append(floor_run.seconds)
                    print(
                        f"round {round_number + 1} floor: {floor_run.seconds:.3f} s "
                        f"(the find {floor_run.find_seconds:.3f} s, sorting and merging the rest)"
                    )
    finally:
        await client.close()

    print(
        f"matched: {kinds[EXACT]:,} exact (generated {deaths.generated(EXACT):,}), {kinds[REVIEW]:,} for review "
        f"(generated {deaths.generated(REVIEW):,}, each with its resident among the candidates), "
        f"{kinds[NO_MATCH]:,} no match (generated {deaths.generated(NO_MATCH):,})"
        f"; the floor: {floor_run.equal:,} equal hashes"
    )
    print(memory_line("ours (last round)", ours_memory))
    print(memory_line("the floor (last round)", floor_run.memory))
    print(f"peak memory of the process (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    ours_mean, floor_mean = sum(ours_times) / rounds, sum(floor_times) / rounds
    print(f"throughput: {size / ours_mean:,.0f} residents/s scanned, {len(deaths.records) / ours_mean:,.0f} records/s")
    print(house_line("death_match", ours_mean, floor_mean, len(deaths.records)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="residents (default 100,000); deaths are size/10")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="ours and the floor, alternating order (default 1)")
    args = parser.parse_args()
    installation = ensure_installed()
    # Kept across runs: writing ten million residents is the long part, and the same store serves every run.
    database = FerretDB(installation.ferretdb_binary, cache_dir() / "bench-death-match", free_port())
    database.start()
    try:
        asyncio.run(bench(database.mongo_uri, args.size, args.seed, max(1, args.rounds)))
    finally:
        database.stop()


if __name__ == "__main__":
    main()
