"""`python -m pension_verification.registry_cli`: the registry file import (entrypoints/registry_cli.py)."""

from __future__ import annotations

import sys

from pension_verification.entrypoints.registry_cli import main

if __name__ == "__main__":
    sys.exit(main())
