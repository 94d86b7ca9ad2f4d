"""Runs the verification service: `python -m pension_verification` (settings from PENSION_* variables)."""

from pension_kit.runtime import run_service
from pension_verification.bootstrap import build
from pension_verification.config import VerificationSettings

if __name__ == "__main__":
    run_service(VerificationSettings, build)
