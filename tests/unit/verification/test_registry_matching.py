"""Registry matching (domain.registry_matching): exact, review, none; record keys; an officer's decisions."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_verification.domain.registry_matching import (
    ACCEPTED,
    CIVIL_AFFAIRS_DEATH,
    EMPLOYEE_PENSION,
    EXACT,
    NO_MATCH,
    PENDING,
    PRISON,
    REJECTED,
    REVIEW,
    DeathConfirmed,
    DeathDetail,
    DuplicateReceiptFound,
    EmployeePensionDetail,
    ImprisonmentDetail,
    ImprisonmentRecorded,
    RegistryRecord,
    ReleaseDetail,
    ReleasedFromPrison,
    Resident,
    finding,
    match,
    name_key,
    record_key,
    rejected,
    review_of,
    score,
)
from pension_verification.domain.registry_matching import accepted as accept

VILLAGE = "411723101201"
OTHER_VILLAGE = "411723102203"
NOW = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)


def keyed(normalized: str) -> str:
    """Stands in for the vault's keyed hash (purpose "registry_name"): any stable function of the normalized name."""
    return hashlib.sha256(f"registry_name|{normalized}".encode()).hexdigest()


def key(name: str) -> str:
    return name_key(name, keyed)


WANG = Resident("R1", "hash-wang", key("王秀英"), date(1950, 3, 8), VILLAGE, "411723")
NAMESAKE = Resident("R2", "hash-namesake", key("王秀英"), date(1950, 3, 8), OTHER_VILLAGE, "411723")


def death(
    citizen_id_hash: str | None,
    *,
    name: str = "王秀英",
    birth_date: date | None = date(1950, 3, 8),
    village_code: str | None = VILLAGE,
    record_ref: str = "MZ-2026-0001",
) -> RegistryRecord:
    return RegistryRecord(
        source=CIVIL_AFFAIRS_DEATH,
        record_ref=record_ref,
        batch_name="civil affairs 2026-07",
        citizen_id_hash=citizen_id_hash,
        name_key=key(name),
        name_masked="王*英",
        birth_date=birth_date,
        village_code=village_code,
        detail=DeathDetail(date(2026, 6, 20)),
    )


def test_the_keyed_hash_of_the_number_matches_exactly_by_itself() -> None:
    found = match(death("hash-wang"), by_hash=WANG, namesakes=[WANG, NAMESAKE])
    assert found.kind == EXACT and found.resident_id == "R1" and found.candidates == ()


def test_a_mistyped_number_with_the_same_name_birth_date_and_village_goes_to_review() -> None:
    found = match(death(None), by_hash=None, namesakes=[WANG, NAMESAKE])
    assert found.kind == REVIEW and found.resident_id == ""
    assert [(c.resident_id, c.score) for c in found.candidates] == [("R1", 100)]


def test_a_number_that_hashes_to_nobody_here_falls_back_to_the_name() -> None:
    # A mistype that still passes the check character hashes to a number nobody here has.
    found = match(death("hash-of-a-typo"), by_hash=None, namesakes=[WANG])
    assert found.kind == REVIEW


def test_a_namesake_born_the_same_day_in_another_village_is_no_match() -> None:
    # The record is of 王秀英 of VILLAGE; the only 王秀英 born that day here lives in OTHER_VILLAGE.
    assert match(death(None), by_hash=None, namesakes=[NAMESAKE]).kind == NO_MATCH
    assert score(death(None), NAMESAKE) == 0
    assert match(death(None, village_code=None), by_hash=None, namesakes=[WANG, NAMESAKE]).kind == NO_MATCH


def test_a_record_without_a_birth_date_or_another_name_is_below_review() -> None:
    assert score(death(None, birth_date=None), WANG) == 70
    assert match(death(None, birth_date=None), by_hash=None, namesakes=[WANG]).kind == NO_MATCH
    assert match(death(None, name="王秀兰"), by_hash=None, namesakes=[WANG]).kind == NO_MATCH
    assert match(death(None, birth_date=None), by_hash=None, namesakes=[WANG], review_threshold=70).kind == REVIEW


def test_blanks_and_look_alike_dots_in_a_name_do_not_prevent_a_match() -> None:
    uyghur = Resident("R3", "hash-3", key("买买提·吐尔逊"), date(1955, 1, 2), VILLAGE, "411723")
    record = death(None, name=" 买买提・吐尔逊 ", birth_date=date(1955, 1, 2))
    assert score(record, uyghur) == 100
    assert key(" 买买提・吐尔逊 ") == key("买买提·吐尔逊") != key("买买提吐尔逊")


def test_a_record_without_a_name_matches_nobody_by_name() -> None:
    nameless = replace(death(None), name_key=key("  "))
    assert nameless.name_key == ""
    assert match(nameless, by_hash=None, namesakes=[WANG]).kind == NO_MATCH


def test_a_re_imported_record_has_the_same_key() -> None:
    assert record_key(death("hash-wang")) == record_key(death("hash-wang", name="王 秀英"))
    assert record_key(death(None, record_ref="")) != record_key(death(None, record_ref="", name="王秀兰"))
    assert record_key(death("hash-wang")) == f"{CIVIL_AFFAIRS_DEATH}:MZ-2026-0001"
    without_ref = death(None, record_ref="")
    assert record_key(without_ref) == record_key(death(None, record_ref="", name=" 王秀英"))
    assert record_key(without_ref) != record_key(replace(without_ref, detail=DeathDetail(date(2026, 6, 21))))
    assert record_key(without_ref) != record_key(death(None, record_ref="", village_code=OTHER_VILLAGE))


def test_an_accepted_review_announces_what_an_exact_match_would() -> None:
    record = death(None)
    queued = review_of(record, match(record, by_hash=None, namesakes=[WANG]))
    assert queued.status == PENDING and queued.review_id == record_key(record)
    decided, found = accept(queued, WANG, officer="officer-1", at=NOW)
    assert decided.status == ACCEPTED and decided.resident_id == "R1" and decided.decided_by == "officer-1"
    assert found == DeathConfirmed("R1", date(2026, 6, 20), CIVIL_AFFAIRS_DEATH, record_key(record), "411723")
    with pytest.raises(DomainError) as twice:
        rejected(decided, officer="officer-2", at=NOW, reason="not her")
    assert twice.value.reason == "REVIEW_ALREADY_DECIDED"


def test_a_rejection_needs_a_reason_and_cannot_be_decided_again() -> None:
    record = death(None)
    queued = review_of(record, match(record, by_hash=None, namesakes=[WANG]))
    with pytest.raises(DomainError) as no_reason:
        rejected(queued, officer="officer-1", at=NOW, reason="  ")
    assert no_reason.value.reason == "REVIEW_REASON_REQUIRED"
    decided = rejected(queued, officer="officer-1", at=NOW, reason="visited: alive")
    assert decided.status == REJECTED and decided.reason == "visited: alive"
    with pytest.raises(DomainError) as twice:
        accept(decided, WANG, officer="officer-2", at=NOW)
    assert twice.value.reason == "REVIEW_ALREADY_DECIDED"


def test_only_a_candidate_can_be_accepted() -> None:
    record = death(None)
    queued = review_of(record, match(record, by_hash=None, namesakes=[WANG]))
    with pytest.raises(DomainError) as refused:
        accept(queued, NAMESAKE, officer="officer-1", at=NOW)
    assert refused.value.reason == "REVIEW_NOT_A_CANDIDATE"
    with pytest.raises(ValueError, match="only a match for review"):
        review_of(record, match(record, by_hash=WANG, namesakes=[]))


def test_each_registry_announces_its_own_finding() -> None:
    pension = replace(
        death("hash-wang", record_ref="YL-7"),
        source=EMPLOYEE_PENSION,
        batch_name="employees 2026-07",
        detail=EmployeePensionDetail(Month(2026, 2), "SZ-EMP-7"),
    )
    prison = replace(
        death("hash-wang", record_ref="JY-9"),
        source=PRISON,
        batch_name="prisons 2026-07",
        detail=ImprisonmentDetail(date(2026, 5, 1), None),
    )
    released = replace(prison, record_ref="JY-10", detail=ReleaseDetail(date(2026, 9, 30)))
    assert finding(pension, WANG) == DuplicateReceiptFound(
        "R1", Month(2026, 2), "SZ-EMP-7", f"{EMPLOYEE_PENSION}:YL-7", "employees 2026-07", "411723"
    )
    assert finding(prison, WANG) == ImprisonmentRecorded(
        "R1", date(2026, 5, 1), None, f"{PRISON}:JY-9", "prisons 2026-07", "411723"
    )
    assert finding(released, WANG) == ReleasedFromPrison(
        "R1", date(2026, 9, 30), f"{PRISON}:JY-10", "prisons 2026-07", "411723"
    )
