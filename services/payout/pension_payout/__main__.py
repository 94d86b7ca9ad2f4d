"""Runs the payout service: `python -m pension_payout` (settings from PENSION_* variables)."""

from pension_kit.runtime import run_service
from pension_payout.bootstrap import build
from pension_payout.config import PayoutSettings

if __name__ == "__main__":
    run_service(PayoutSettings, build)
