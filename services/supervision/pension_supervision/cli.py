"""`python -m pension_supervision.cli`: the auditors' command line (entrypoints/cli.py)."""

from __future__ import annotations

import sys

from pension_supervision.entrypoints.cli import main

if __name__ == "__main__":
    sys.exit(main())
