"""Runs the supervision service: `python -m pension_supervision` (settings from PENSION_* variables)."""

from pension_kit.runtime import run_service
from pension_supervision.bootstrap import build
from pension_supervision.config import SupervisionSettings

if __name__ == "__main__":
    run_service(SupervisionSettings, build)
