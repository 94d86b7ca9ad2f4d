"""Runs the enrolment service: `python -m pension_enrolment` (settings from PENSION_* variables)."""

from pension_enrolment.bootstrap import build
from pension_enrolment.config import EnrolmentSettings
from pension_kit.runtime import run_service

if __name__ == "__main__":
    run_service(EnrolmentSettings, build)
