"""Checking one registry record (domain.registry_records): what refuses it, naming field and reason, and when a
wrong or missing number still lets the record be matched by name."""

from __future__ import annotations

from datetime import date

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month, make_citizen_id
from pension_verification.domain.registry_matching import (
    CIVIL_AFFAIRS_DEATH,
    EMPLOYEE_PENSION,
    PRISON,
    DeathDetail,
    ImprisonmentDetail,
    RegistryRecord,
)
from pension_verification.domain.registry_records import (
    DEATH,
    EMPLOYEE_PENSION_KIND,
    IMPRISONMENT,
    RawRecord,
    RecordKeys,
    checked_record,
)

TODAY = date(2026, 7, 15)
VILLAGE = "411723101201"
NUMBER = make_citizen_id("411723", date(1950, 3, 8), 123)
KEYS = RecordKeys(citizen_id_hash=lambda number: f"hash:{number}", name_key=lambda name: f"key:{name.strip()}")


def death(**fields: object) -> RawRecord:
    values: dict[str, object] = {
        "record_ref": "MZ-1",
        "citizen_id_number": NUMBER,
        "name": "王秀英",
        "birth_date": date(1950, 3, 8),
        "village_code": VILLAGE,
        "kind": DEATH,
        "date_of_death": date(2026, 6, 20),
    }
    values.update(fields)
    return RawRecord(**values)  # type: ignore[arg-type]


def check(raw: RawRecord, source: str = CIVIL_AFFAIRS_DEATH) -> RegistryRecord | list[DomainError]:
    return checked_record(raw, source=source, batch_name="batch", today=TODAY, keys=KEYS)


def refusals(raw: RawRecord, source: str = CIVIL_AFFAIRS_DEATH) -> list[tuple[str, str]]:
    checked = check(raw, source)
    assert isinstance(checked, list), f"expected a refusal, got {checked}"
    return [(error.field, error.reason) for error in checked]


def test_a_valid_record_keeps_only_the_keyed_number_and_name() -> None:
    checked = check(death())
    assert isinstance(checked, RegistryRecord)
    assert checked.citizen_id_hash == f"hash:{NUMBER}" and checked.name_key == "key:王秀英"
    assert checked.name_masked == "王*英" and checked.detail == DeathDetail(date(2026, 6, 20))
    # The clear number is not a field of what goes on: only its keyed hash is.
    assert NUMBER not in {str(value) for value in (checked.record_ref, checked.name_key, checked.name_masked)}


def test_a_wrong_check_character_goes_to_matching_by_name_when_name_birth_date_and_village_are_given() -> None:
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    checked = check(death(citizen_id_number=wrong))
    assert isinstance(checked, RegistryRecord) and checked.citizen_id_hash is None
    missing = check(death(citizen_id_number=""))
    assert isinstance(missing, RegistryRecord) and missing.citizen_id_hash is None


def test_a_wrong_or_missing_number_without_what_matching_by_name_needs_is_refused() -> None:
    wrong = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    assert refusals(death(citizen_id_number=wrong, village_code="")) == [
        ("citizen_id_number", "CITIZEN_ID_CHECK_CHARACTER")
    ]
    assert refusals(death(citizen_id_number="", birth_date=None)) == [("citizen_id_number", "CITIZEN_ID_REQUIRED")]
    assert refusals(death(citizen_id_number="", name="")) == [("citizen_id_number", "CITIZEN_ID_REQUIRED")]


def test_every_violation_of_a_record_is_named() -> None:
    assert refusals(death(date_of_death=date(2026, 7, 16), village_code="4117231012")) == [
        ("date_of_death", "DATE_IN_FUTURE"),
        ("village_code", "DIVISION_CODE_FORMAT"),
    ]
    assert refusals(death(date_of_death=None)) == [("date_of_death", "DATE_REQUIRED")]
    assert refusals(death(record_ref=f"ref {NUMBER}")) == [("record_ref", "FREE_TEXT_PERSONAL_NUMBER")]
    assert refusals(death(name="王" * 40)) == [("name", "FIELD_TOO_LONG")]


def test_a_record_must_say_what_its_feed_delivers() -> None:
    assert refusals(death(), source=EMPLOYEE_PENSION) == [("detail", "REGISTRY_DETAIL_NOT_OF_SOURCE")]
    assert refusals(death(kind=""), source=CIVIL_AFFAIRS_DEATH) == [("detail", "REGISTRY_DETAIL_NOT_OF_SOURCE")]
    pension = death(kind=EMPLOYEE_PENSION_KIND, receiving_from=None)
    assert refusals(pension, source=EMPLOYEE_PENSION) == [("receiving_from", "MONTH_REQUIRED")]
    good = check(death(kind=EMPLOYEE_PENSION_KIND, receiving_from=Month(2026, 2)), source=EMPLOYEE_PENSION)
    assert isinstance(good, RegistryRecord)


def test_a_prison_term_ending_before_it_starts_is_refused() -> None:
    term = death(kind=IMPRISONMENT, term_start=date(2026, 5, 1), term_end=date(2026, 4, 30))
    assert refusals(term, source=PRISON) == [("term_end", "TERM_END_BEFORE_START")]
    open_ended = check(death(kind=IMPRISONMENT, term_start=date(2026, 5, 1)), source=PRISON)
    assert isinstance(open_ended, RegistryRecord)
    assert open_ended.detail == ImprisonmentDetail(date(2026, 5, 1), None)


def test_the_birth_date_comes_from_a_valid_number_when_the_feed_gives_none() -> None:
    checked = check(death(birth_date=None))
    assert isinstance(checked, RegistryRecord) and checked.birth_date == date(1950, 3, 8)
