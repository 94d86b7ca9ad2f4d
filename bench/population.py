"""Benchmark: generate and write N synthetic residents as JSON lines, against writing N ready-made lines."""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from datetime import date
from itertools import islice
from pathlib import Path

from pension_synthetic import generate_county, iter_residents
from pension_synthetic.output import county_json_line, write_population
from pension_synthetic.residents import LANES

REFERENCE_DATE = date(2026, 1, 1)
_POOL = 1_000  # distinct ready-made lines the floor cycles through


def _ours(path: Path, seed: int, size: int, workers: int) -> float:
    """What `python -m pension_synthetic` does: generate the county and residents, write JSON lines."""
    started = time.perf_counter()
    county = generate_county(seed, size, REFERENCE_DATE)
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        out.write(county_json_line(county) + "\n")
        write_population(county, seed, out, workers=workers)
    return time.perf_counter() - started


def _floor(path: Path, lines: list[str]) -> float:
    """The simplest thing doing the same I/O: a plain loop writing lines that already exist."""
    started = time.perf_counter()
    with open(path, "w", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000, help="residents (default 100,000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=min(LANES, os.cpu_count() or 1))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-population-") as folder:
        ours_path, floor_path = Path(folder) / "ours.jsonl", Path(folder) / "floor.jsonl"
        ours = _ours(ours_path, args.seed, args.size, args.workers)
        ours_bytes = ours_path.stat().st_size
        ours_path.unlink()
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        # Ready-made lines of the same kind and size as ours: the generator's first lines, cycled.
        county = generate_county(args.seed, args.size, REFERENCE_DATE)
        residents = iter_residents(county, args.seed, args.size, REFERENCE_DATE)
        pool = [resident.to_json_line() for resident in islice(residents, _POOL)]
        lines = [county_json_line(county)] + [pool[i % len(pool)] for i in range(args.size)]
        floor = _floor(floor_path, lines)
        floor_bytes = floor_path.stat().st_size

    print(f"workers: {max(1, min(args.workers, LANES))} of {os.cpu_count()} CPUs")
    print(f"written: ours {ours_bytes / 1e6:,.1f} MB, floor {floor_bytes / 1e6:,.1f} MB")
    print(
        f"peak memory of ours (max RSS): this process {peak_self:,.1f} MiB, "
        f"largest worker process {peak_workers:,.1f} MiB"
    )
    print(f"throughput: {args.size / ours:,.0f} residents/s")
    print(f"population: ratio {floor / ours:.2f} (ours {ours:.3f} s, floor {floor:.3f} s, {args.size} items)")


if __name__ == "__main__":
    main()
