"""Command line: write a synthetic county and its residents as JSON lines."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from pension_synthetic.county import DEFAULT_POOLING_REGION, MAX_SIZE, MIN_SIZE, generate_county
from pension_synthetic.output import county_json_line, write_population
from pension_synthetic.residents import LANES

_BUFFER = 1 << 20


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pension_synthetic",
        description="Write one synthetic county (first line, or --county-out) and its residents as JSON lines.",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--size", type=int, default=10_000, help=f"residents, {MIN_SIZE:,} to {MAX_SIZE:,} (default 10,000)"
    )
    parser.add_argument(
        "--reference-date",
        type=date.fromisoformat,
        default=date(2026, 1, 1),
        help="the date ages, contributions and certifications are as of (default 2026-01-01)",
    )
    parser.add_argument(
        "--pooling-region", default=DEFAULT_POOLING_REGION, help="6-digit county code of the pooling region"
    )
    parser.add_argument("--out", required=True, help="JSON-lines file of residents, or - for standard output")
    parser.add_argument(
        "--workers",
        type=int,
        default=min(LANES, os.cpu_count() or 1),
        help=f"generating processes, 1-{LANES}; the output is the same for any number (default: CPUs)",
    )
    parser.add_argument("--county-out", help="write the county as JSON here instead of as the first line")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    try:
        county = generate_county(args.seed, args.size, args.reference_date, pooling_region=args.pooling_region)
    except ValueError as error:
        sys.stderr.write(f"pension_synthetic: {error}\n")
        return 2
    county_line = county_json_line(county) + "\n"
    if args.county_out:
        Path(args.county_out).write_text(county_line, encoding="utf-8")
    if args.out == "-":
        if not args.county_out:
            sys.stdout.write(county_line)
        summary = write_population(county, args.seed, sys.stdout, workers=args.workers)
        sys.stdout.flush()
        where = "standard output"
    else:
        with open(args.out, "w", encoding="utf-8", buffering=_BUFFER) as out:
            if not args.county_out:
                out.write(county_line)
            summary = write_population(county, args.seed, out, workers=args.workers)
        where = f"{args.out} ({os.path.getsize(args.out) / 1e6:,.1f} MB)"
    elapsed = time.perf_counter() - started
    sys.stderr.write(
        f"pension_synthetic: county {county.pooling_region} {county.name}, {len(county.townships)} townships, "
        f"{len(county.villages)} villages; {summary.residents:,} residents ({summary.pensioners:,} pensioners, "
        f"{summary.special_group_members:,} in special groups, {summary.contributions:,} contributions), "
        f"to {where} in {elapsed:.1f} s with {max(1, min(args.workers, LANES))} worker(s)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
