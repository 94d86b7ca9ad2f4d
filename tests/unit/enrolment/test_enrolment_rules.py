"""Who may enrol: every refusal names its field and a stable reason."""

from dataclasses import replace
from datetime import date

import pytest

from pension_enrolment.domain.enrolment import EnrolmentApplication, SpecialGroupClaim, validate_application
from pension_kit.errors import DomainError
from pension_kit.identifiers import IdentifierError, make_citizen_id

TODAY = date(2026, 11, 24)
VALID = EnrolmentApplication(
    citizen_id_number="11010519491231002X",
    name="阿依古丽·买买提",
    village_code="411723101201",
    mobile="13812345678",
    bank_card_number="6228480402564890018",
    bank_code="ABC",
    bank_name="中国农业银行",
    special_groups=(),
    photo_ref="photo-1",
    enrolled_on=date(2026, 1, 5),
    agent_id="agent-1",
    full_time_student=False,
)


def test_a_valid_application_derives_sex_and_birth_date_from_the_citizen_id() -> None:
    valid = validate_application(VALID, today=TODAY)
    assert valid.citizen.birth_date == date(1949, 12, 31)
    assert valid.citizen.sex == "F"
    assert valid.village.county_code == "411723"  # the pooling region is the village's, not the birthplace's


def reason_of(application: EnrolmentApplication) -> tuple[str, str]:
    with pytest.raises((DomainError, IdentifierError)) as refused:
        validate_application(application, today=TODAY)
    error = refused.value
    assert isinstance(error, (DomainError, IdentifierError))
    return error.reason, error.field


@pytest.mark.parametrize(
    ("change", "reason", "field"),
    [
        ({"enrolled_on": date(2026, 12, 1)}, "ENROLMENT_DATE_FUTURE", "enrolled_on"),
        ({"full_time_student": True}, "FULL_TIME_STUDENT", "full_time_student"),
        ({"bank_code": " "}, "BANK_CODE_REQUIRED", "bank_code"),
        ({"citizen_id_number": "11010519491231002"}, "CITIZEN_ID_LENGTH", "citizen_id_number"),
        ({"citizen_id_number": "110105194912310021"}, "CITIZEN_ID_CHECK_CHARACTER", "citizen_id_number"),
        ({"bank_card_number": "6228480402564890011"}, "BANK_CARD_CHECKSUM", "bank_card_number"),
        (
            {"special_groups": (SpecialGroupClaim(1, "", date(2020, 1, 1), None),)},
            "SPECIAL_GROUP_EVIDENCE_REQUIRED",
            "special_groups[0].evidence_ref",
        ),
    ],
)
def test_refusals(change: dict[str, object], reason: str, field: str) -> None:
    assert reason_of(replace(VALID, **change)) == (reason, field)  # type: ignore[arg-type]


def test_age_sixteen_is_checked_on_the_enrolment_date_exactly() -> None:
    citizen_id = make_citizen_id("411723", date(2010, 1, 5), 101)
    assert validate_application(replace(VALID, citizen_id_number=citizen_id), today=TODAY)
    assert reason_of(replace(VALID, citizen_id_number=citizen_id, enrolled_on=date(2026, 1, 4))) == (
        "AGE_BELOW_MINIMUM",
        "citizen_id_number",
    )
