"""What a registry finding changes of a pensioner's certification (domain.eligibility): each once, nothing on an
ended cycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pension_kit.identifiers import Month
from pension_verification.domain.certification import CURRENT, DECEASED, NOT_REQUIRED, CertificationState
from pension_verification.domain.eligibility import Eligibility, found
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    DeathConfirmed,
    DuplicateReceiptFound,
    ImprisonmentRecorded,
    ReleasedFromPrison,
)

STATE = CertificationState(
    resident_id="R1",
    award_id="AW-R1",
    pooling_region_code="411723",
    village_code="411723101201",
    status=CURRENT,
    valid_until=date(2027, 7, 1),
    last_proof_on=date(2026, 7, 1),
    last_proof_kind=None,
)
DEATH = DeathConfirmed("R1", date(2026, 6, 20), CIVIL_AFFAIRS_DEATH, "CIVIL_AFFAIRS_DEATH:MZ-1", "411723")
PRISON = ImprisonmentRecorded("R1", date(2026, 5, 1), None, "PRISON:JY-1", "prisons", "411723")
RELEASE = ReleasedFromPrison("R1", date(2026, 9, 30), "PRISON:JY-2", "prisons", "411723")
PENSION = DuplicateReceiptFound("R1", Month(2026, 2), "SZ-7", "EMPLOYEE_PENSION:YL-1", "employees", "411723")


def test_a_death_ends_the_cycle_with_its_date() -> None:
    change = found(STATE, Eligibility(), DEATH, "registry:k")
    assert change is not None and change.state.status == DECEASED
    assert change.eligibility.date_of_death == date(2026, 6, 20) and "registry:k" in change.state.applied_events
    assert found(change.state, change.eligibility, DEATH, "registry:k2") is None


def test_an_ended_cycle_takes_no_finding() -> None:
    moved_away = replace(STATE, status=NOT_REQUIRED)
    for finding in (DEATH, PRISON, RELEASE, PENSION):
        assert found(moved_away, Eligibility(), finding, "registry:k") is None


def test_prison_and_release_each_change_the_flag_once() -> None:
    jailed = found(STATE, Eligibility(), PRISON, "registry:p")
    assert jailed is not None and jailed.eligibility.imprisoned and jailed.state == STATE
    assert found(STATE, jailed.eligibility, PRISON, "registry:p2") is None
    assert found(STATE, Eligibility(), RELEASE, "registry:r") is None  # never seen imprisoned: nothing to resume
    freed = found(STATE, jailed.eligibility, RELEASE, "registry:r")
    assert freed is not None and not freed.eligibility.imprisoned


def test_an_employees_pension_is_found_once() -> None:
    first = found(STATE, Eligibility(), PENSION, "registry:e")
    assert first is not None and first.eligibility.duplicate_receipt
    assert found(STATE, first.eligibility, PENSION, "registry:e2") is None
