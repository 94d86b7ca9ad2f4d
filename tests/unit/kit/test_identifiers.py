"""Unit tests of the identifier rules of docs/domain.md: citizen ID, bank card, mobile, division, name, month."""

from __future__ import annotations

from datetime import date

import pytest

from pension_kit.identifiers import (
    CitizenId,
    DivisionCode,
    IdentifierError,
    Month,
    age_on,
    citizen_id_check_character,
    division_code_of_pooling_region,
    format_month,
    luhn_check_digit,
    luhn_valid,
    make_citizen_id,
    parse_citizen_id,
    parse_division_code,
    parse_month,
    pooling_region_of,
    validate_bank_card,
    validate_mobile,
    validate_name,
    validate_village_code,
)

TODAY = date(2026, 1, 1)


def reason_of(call: object, *args: object, **kwargs: object) -> str:
    assert callable(call)
    with pytest.raises(IdentifierError) as caught:
        call(*args, **kwargs)
    return caught.value.reason


# --- citizen ID number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "birth_date", "sex", "sequence"),
    [
        ("11010519491231002X", date(1949, 12, 31), "F", 2),
        ("440524188001010014", date(1880, 1, 1), "M", 1),
    ],
)
def test_the_standards_own_examples_are_valid(number: str, birth_date: date, sex: str, sequence: int) -> None:
    parsed = parse_citizen_id(number, today=TODAY)
    assert parsed == CitizenId(number, number[:6], birth_date, sequence, sex)  # type: ignore[arg-type]


def test_check_character_of_the_standards_examples() -> None:
    assert citizen_id_check_character("11010519491231002") == "X"
    assert citizen_id_check_character("44052418800101001") == "4"


def test_lowercase_x_is_accepted_and_normalised() -> None:
    assert parse_citizen_id("11010519491231002x", today=TODAY).number == "11010519491231002X"


def test_surrounding_blanks_are_ignored() -> None:
    assert parse_citizen_id(" 440524188001010014\n", today=TODAY).number == "440524188001010014"


def test_a_wrong_check_character_is_refused() -> None:
    assert reason_of(parse_citizen_id, "110105194912310021", today=TODAY) == "CITIZEN_ID_CHECK_CHARACTER"
    assert reason_of(parse_citizen_id, "440524188001010015", today=TODAY) == "CITIZEN_ID_CHECK_CHARACTER"


def test_a_17_character_number_is_refused() -> None:
    assert reason_of(parse_citizen_id, "11010519491231002", today=TODAY) == "CITIZEN_ID_LENGTH"


@pytest.mark.parametrize("number", ["", "4405241880010100144", "44052418800101"])
def test_other_lengths_are_refused(number: str) -> None:
    assert reason_of(parse_citizen_id, number, today=TODAY) == "CITIZEN_ID_LENGTH"


@pytest.mark.parametrize(
    "number", ["44052418800101001A", "X40524188001010014", "4405241880010１0014", "44052418800101 014"]
)
def test_characters_other_than_digits_and_a_final_x_are_refused(number: str) -> None:
    assert reason_of(parse_citizen_id, number, today=TODAY) == "CITIZEN_ID_FORMAT"


def test_an_unknown_province_is_refused() -> None:
    first17 = "99010519491231002"
    number = first17 + citizen_id_check_character(first17)
    assert reason_of(parse_citizen_id, number, today=TODAY) == "CITIZEN_ID_REGION"


@pytest.mark.parametrize(
    "birth",
    ["19900231", "19000229", "19901301", "19900001", "19900100", "17991231"],
    ids=["31-february-as-0231", "1900-not-leap", "month-13", "month-0", "day-0", "before-1800"],
)
def test_birth_dates_that_are_not_calendar_dates_are_refused(birth: str) -> None:
    first17 = f"410102{birth}123"
    number = first17 + citizen_id_check_character(first17)
    assert reason_of(parse_citizen_id, number, today=TODAY) == "CITIZEN_ID_BIRTH_DATE_INVALID"


def test_31_february_is_refused() -> None:
    first17 = "41010219900231123"
    assert reason_of(parse_citizen_id, first17 + citizen_id_check_character(first17), today=TODAY) == (
        "CITIZEN_ID_BIRTH_DATE_INVALID"
    )


def test_29_february_of_a_leap_year_is_valid() -> None:
    number = make_citizen_id("410102", date(2000, 2, 29), 123)
    assert parse_citizen_id(number, today=TODAY).birth_date == date(2000, 2, 29)


def test_a_birth_date_in_the_future_is_refused() -> None:
    number = make_citizen_id("410102", date(2026, 1, 2), 123)
    assert reason_of(parse_citizen_id, number, today=TODAY) == "CITIZEN_ID_BIRTH_DATE_FUTURE"
    assert parse_citizen_id(number, today=date(2026, 1, 2)).birth_date == date(2026, 1, 2)


def test_sex_follows_the_parity_of_the_sequence() -> None:
    assert parse_citizen_id(make_citizen_id("410102", date(1970, 5, 6), 997), today=TODAY).sex == "M"
    assert parse_citizen_id(make_citizen_id("410102", date(1970, 5, 6), 998), today=TODAY).sex == "F"


def test_make_citizen_id_round_trips_through_the_parser() -> None:
    number = make_citizen_id("411731", date(1955, 10, 1), 42)
    parsed = parse_citizen_id(number, today=TODAY)
    assert (parsed.region_code, parsed.birth_date, parsed.sequence, parsed.sex) == (
        "411731",
        date(1955, 10, 1),
        42,
        "F",
    )


@pytest.mark.parametrize(("region", "sequence"), [("41173", 1), ("41173A", 1), ("411731", -1), ("411731", 1000)])
def test_make_citizen_id_refuses_bad_parts(region: str, sequence: int) -> None:
    with pytest.raises(ValueError):
        make_citizen_id(region, date(1970, 1, 1), sequence)


def test_the_error_names_the_field_and_says_why() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_citizen_id("1101051949123100", today=TODAY, field="heir.citizen_id")
    error = caught.value
    assert (error.field, error.reason) == ("heir.citizen_id", "CITIZEN_ID_LENGTH")
    assert "18 characters" in error.message
    assert isinstance(error, ValueError)


def test_age_counts_whole_years_and_29_february_ages_on_1_march() -> None:
    assert age_on(date(1966, 1, 1), date(2026, 1, 1)) == 60
    assert age_on(date(1966, 1, 2), date(2026, 1, 1)) == 59
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18
    assert parse_citizen_id("11010519491231002X", today=TODAY).age_on(TODAY) == 76


# --- bank cards ---------------------------------------------------------------------------------------


def test_luhn_check_digit_of_known_numbers() -> None:
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert luhn_valid("4111111111111111")


def test_luhn_detects_every_single_digit_error() -> None:
    partial = "621799123456789012"
    number = partial + luhn_check_digit(partial)
    for position in range(len(number)):
        for digit in "0123456789":
            if digit != number[position]:
                assert not luhn_valid(number[:position] + digit + number[position + 1 :])


def test_luhn_refuses_non_digits() -> None:
    with pytest.raises(ValueError):
        luhn_check_digit("62284８")
    assert not luhn_valid("6228 4800")
    assert not luhn_valid("")


@pytest.mark.parametrize("length", [16, 17, 18, 19])
def test_bank_cards_of_16_to_19_digits_pass(length: int) -> None:
    partial = ("622848" + "0123456789" * 2)[: length - 1]
    number = partial + luhn_check_digit(partial)
    assert validate_bank_card(number) == number


def test_bank_card_groups_separated_by_spaces_are_joined() -> None:
    assert validate_bank_card("4111 1111 1111 1111") == "4111111111111111"


@pytest.mark.parametrize(
    "value", ["411111111111111", "41111111111111111111", "4111-1111-1111-1111", "411111111111111X"]
)
def test_bank_cards_of_other_shapes_are_refused(value: str) -> None:
    assert reason_of(validate_bank_card, value) == "BANK_CARD_FORMAT"


def test_a_bank_card_failing_luhn_is_refused() -> None:
    assert reason_of(validate_bank_card, "4111111111111112") == "BANK_CARD_CHECKSUM"


# --- mobile numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["13812345678", "19912345678", "16612345678"])
def test_mobile_numbers_pass(value: str) -> None:
    assert validate_mobile(value) == value


@pytest.mark.parametrize("value", ["1381234567", "138123456789", "23812345678", "12812345678", "1381234567X"])
def test_other_mobile_numbers_are_refused(value: str) -> None:
    assert reason_of(validate_mobile, value) == "MOBILE_FORMAT"


# --- administrative division codes --------------------------------------------------------------------


def test_a_village_code_splits_into_its_levels() -> None:
    division = parse_division_code("411723101201")
    assert (division.province, division.city, division.county, division.township, division.village) == (
        "41",
        "17",
        "23",
        "101",
        "201",
    )
    assert division.level == "village"
    assert division.county_code == "411723"
    assert division.township_code == "411723101000"


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("410000000000", "province"),
        ("411700000000", "city"),
        ("411723000000", "county"),
        ("411723101000", "township"),
        ("411723101001", "village"),
    ],
)
def test_the_level_of_a_division_code(code: str, level: str) -> None:
    assert DivisionCode(code).level == level


def test_the_pooling_region_of_a_village_is_its_county() -> None:
    assert pooling_region_of("411723101201") == "411723"
    assert division_code_of_pooling_region("411723") == "411723000000"


@pytest.mark.parametrize("code", ["41172310120", "4117231012011", "41172310120X", "001723101201", "410023101201"])
def test_malformed_division_codes_are_refused(code: str) -> None:
    assert reason_of(parse_division_code, code) == "DIVISION_CODE_FORMAT"


@pytest.mark.parametrize("code", ["411723101000", "411723000000"])
def test_a_village_code_must_name_a_village(code: str) -> None:
    assert reason_of(validate_village_code, code) == "DIVISION_CODE_NOT_VILLAGE"
    assert reason_of(pooling_region_of, code) == "DIVISION_CODE_NOT_VILLAGE"


@pytest.mark.parametrize("code", ["41172", "4117230", "410000", "411700"])
def test_a_pooling_region_is_a_county_code(code: str) -> None:
    assert reason_of(division_code_of_pooling_region, code) == "DIVISION_CODE_FORMAT"


# --- names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["张三", "欧阳娜娜", "阿依古丽·买买提", "王〇", "䶮一", "𠮷野", "阿不都热依木·阿不都拉"]
)
def test_chinese_names_pass(name: str) -> None:
    assert validate_name(name) == name


def test_look_alike_middle_dots_become_the_middle_dot() -> None:
    assert validate_name("阿依古丽・买买提") == "阿依古丽·买买提"
    assert validate_name("阿依古丽•买买提") == "阿依古丽·买买提"


@pytest.mark.parametrize("name", ["张", "", "张" * 21, "阿" * 10 + "·" + "买" * 10])
def test_names_of_other_lengths_are_refused(name: str) -> None:
    assert reason_of(validate_name, name) == "NAME_LENGTH"


def test_a_name_of_20_characters_with_the_dot_passes() -> None:
    assert validate_name("阿" * 10 + "·" + "买" * 9) == "阿" * 10 + "·" + "买" * 9


@pytest.mark.parametrize("name", ["·张三", "张三·", "阿依··买买提", "张 三", "Zhang", "张3", "张三！", "阿依.买买提"])
def test_names_with_other_characters_are_refused(name: str) -> None:
    assert reason_of(validate_name, name) == "NAME_CHARACTERS"


# --- months -------------------------------------------------------------------------------------------


def test_periods_parse_and_format() -> None:
    month = parse_month("2026-01")
    assert month == Month(2026, 1)
    assert str(month) == "2026-01" == format_month(2026, 1)
    assert month.previous() == Month(2025, 12)
    assert Month(2025, 12).next() == month
    assert month.plus_months(-13) == Month(2024, 12)
    assert month.first_day == date(2026, 1, 1)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert Month.of(date(2026, 3, 31)) == Month(2026, 3)
    assert Month(2025, 12) < month


@pytest.mark.parametrize("value", ["2026-1", "2026-13", "2026-00", "202601", "2026/01", "26-01", "0999-01"])
def test_malformed_periods_are_refused(value: str) -> None:
    assert reason_of(parse_month, value) == "PERIOD_FORMAT"
