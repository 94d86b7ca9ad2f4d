"""Runs the signs-of-life command line: `python -m pension_verification.signs_of_life_cli import FILE.csv`
(entrypoints/signs_of_life_cli.py)."""

import sys

from pension_verification.entrypoints.signs_of_life_cli import main

if __name__ == "__main__":
    sys.exit(main())
