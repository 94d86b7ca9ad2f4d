"""A bank's answer for the local stack: the return file of each exported batch file, every line paid.

    python -m pension_deploy.simulate_return .run/payroll/PR-411731-202612 [--out DIR] [--paid-on YYYY-MM-DD]

Reads each batch file (`*.txt`) in the folder the payroll command line's `export` downloaded them to, and writes
the return file a bank would send back for it, named after its batch id (`<batch id>.txt`), in --out (default:
the folder's `returns/`): every payment paid on --paid-on (default today). Import each with
`python -m pension_payout.entrypoints.cli import-return RUN_ID BATCH_ID FILE`. A newcomer's stand-in for a bank; the
end-to-end tests answer batches with the same simulator (pension_synthetic.bank).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from pension_kit.clock import today_in_china
from pension_payout.domain.bank_files import batch_file_name, iter_batch
from pension_synthetic.bank import answer_batch


def answer_folder(batches: Path, out: Path, paid_on: date) -> list[tuple[str, Path, int]]:
    """Writes the return file of every batch file in `batches`: (batch id, return file, lines) for each."""
    files = sorted(path for path in batches.glob("*.txt") if path.is_file())
    if not files:
        raise ValueError(f"{batches} holds no batch file (*.txt); run the payroll command line's export first")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    written = []
    for path in files:
        data = path.read_bytes()
        header, lines = iter_batch(data)
        count = sum(1 for _ in lines)  # reads to the trailer, which checks the file's count, total and hash
        answer = answer_batch(data, returned_on=paid_on)
        target = out / batch_file_name(header.batch_id)
        # The return names every payment of the batch: it is kept as privately as the batch file itself.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as stream:
            stream.write(answer)
        written.append((header.batch_id, target, count))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pension_deploy.simulate_return",
        description="Write a bank's return file, every line paid, for each batch file an export downloaded.",
    )
    parser.add_argument("batches", type=Path, help="the folder `export --out` downloaded the batch files to")
    parser.add_argument("--out", type=Path, help="where to write the return files (default: BATCHES/returns)")
    parser.add_argument(
        "--paid-on", type=date.fromisoformat, default=None, help="the day the bank paid, YYYY-MM-DD (default today)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out or args.batches / "returns"
    try:
        written = answer_folder(args.batches, out, args.paid_on or today_in_china())
    except (OSError, ValueError) as error:
        sys.stderr.write(f"simulate_return: {error}\n")
        return 2
    for batch_id, target, count in written:
        sys.stdout.write(f"{batch_id}: {count} lines paid -> {target}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
