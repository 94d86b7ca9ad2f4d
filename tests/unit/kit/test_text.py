"""Unit tests of the kit's input checks: lengths, list sizes, personal numbers in free text, enum values."""

from __future__ import annotations

from datetime import date

import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import citizen_id_check_character, luhn_check_digit, make_citizen_id
from pension_kit.masking import personal_numbers_in, redact_text
from pension_kit.protoconv import check_enum
from pension_kit.text import check_free_text, check_items, check_length, mask_free_text

CITIZEN_ID = make_citizen_id("411723", date(1956, 3, 2), 123)
CARD = "622848040256489001" + luhn_check_digit("622848040256489001")
MOBILE = "13812345678"
# A disability certificate number (残疾人证号): the holder's citizen ID number, then category and grade.
DISABILITY_CERTIFICATE = CITIZEN_ID + "41"
FULL_WIDTH_MOBILE = "".join(chr(0xFF10 + int(digit)) for digit in MOBILE)


def refusal(call: object) -> tuple[str, str]:
    assert callable(call)
    with pytest.raises(InvalidArgument) as refused:
        call()
    return refused.value.reason, refused.value.field


# --- lengths and lists ---------------------------------------------------------------------------------


def test_a_text_within_its_limit_is_returned_as_given() -> None:
    assert check_length(" abc ", field="photo_ref", max_length=5) == " abc "


def test_a_text_over_its_limit_is_refused_naming_the_field_with_both_lengths() -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_length("x" * 1_100_000, field="photo_ref", max_length=256)
    assert (refused.value.reason, refused.value.field) == ("FIELD_TOO_LONG", "photo_ref")
    assert "256" in refused.value.message and "1100000" in refused.value.message
    assert "256" in refused.value.message_zh


def test_lengths_are_characters_not_bytes() -> None:
    assert check_length("农" * 60, field="bank_name", max_length=60) == "农" * 60


def test_a_list_over_its_limit_is_refused() -> None:
    check_items([1] * 20, field="special_groups", max_items=20)
    assert refusal(lambda: check_items([1] * 21, field="special_groups", max_items=20)) == (
        "TOO_MANY_ITEMS",
        "special_groups",
    )


# --- personal numbers in free text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"中国农业银行{MOBILE}", "mobile"),
        (f"photos/{CITIZEN_ID}.jpg", "citizen ID number"),
        (f"卡号{CARD}", "bank card number"),
        ("卡号 " + " ".join(CARD[i : i + 4] for i in range(0, 19, 4)), "bank card number"),
        (f"残疾证{DISABILITY_CERTIFICATE}", "citizen ID number"),
        (f"手机{FULL_WIDTH_MOBILE}", "mobile"),
    ],
)
def test_free_text_with_a_personal_number_is_refused_naming_the_kind_but_not_the_number(text: str, kind: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_free_text(text, field="bank_name", max_length=500)
    error = refused.value
    assert (error.reason, error.field) == ("FREE_TEXT_PERSONAL_NUMBER", "bank_name")
    assert kind in error.message
    for number in (MOBILE, CITIZEN_ID, CARD, CARD[:4]):
        assert number not in error.message and number not in error.message_zh


@pytest.mark.parametrize(
    "text",
    [
        "中国农业银行",
        "photos/411731/00000001.jpg",
        "DB-411731-2015-01",  # a minimum living allowance register reference
        "411731101201-2015-00001",  # a receipt number with a division code in it
        "流水号12345678901234567890",  # a 20-digit id whose first 18 digits are no citizen ID number
        "",
    ],
)
def test_free_text_without_personal_numbers_passes(text: str) -> None:
    assert check_free_text(text, field="evidence_ref", max_length=100) == text


def test_an_identifier_with_eleven_digits_in_a_row_among_its_letters_passes_and_is_still_masked_in_logs() -> None:
    # A face proof's evidence is its attempt id, FA- and 32 hexadecimal digits: about one in a thousand holds a run
    # that reads as a mobile number, and refusing it failed a pensioner's proof of life at random.
    for identifier in (f"FA-3f{MOBILE}a9c2", f"CS-{MOBILE}E0F1A2B3C4D5E", f"{MOBILE}abcdef"):
        assert check_free_text(identifier, field="evidence_ref", max_length=100) == identifier
        assert redact_text(identifier) != identifier


def test_the_length_is_checked_before_the_numbers() -> None:
    assert refusal(lambda: check_free_text(MOBILE * 10, field="reason", max_length=50)) == ("FIELD_TOO_LONG", "reason")


def test_masked_free_text_keeps_the_text_and_masks_the_numbers() -> None:
    text = f"银行退回：卡{CARD}已销户，联系{MOBILE}"
    assert mask_free_text(text, field="bank_reference", max_length=100) == redact_text(text)
    assert CARD not in mask_free_text(text, field="bank_reference", max_length=100)
    assert refusal(lambda: mask_free_text("x" * 101, field="bank_reference", max_length=100)) == (
        "FIELD_TOO_LONG",
        "bank_reference",
    )


# --- one detector: what is refused is exactly what the log filter masks ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"中国农业银行{MOBILE}",
        f"photos/{CITIZEN_ID}.jpg",
        f"卡号{CARD}",
        f"残疾证{DISABILITY_CERTIFICATE}",
        f"残疾证{CITIZEN_ID[:-1]}X41",
        f"手机{FULL_WIDTH_MOBILE}",
        "流水号12345678901234567890",
        "村代码411723101201",
        "本月发放总额 12345678901234 分",
    ],
)
def test_a_number_is_refused_exactly_when_the_log_filter_would_mask_it(text: str) -> None:
    assert bool(personal_numbers_in(text)) == (redact_text(text) != text)


def test_a_disability_certificate_number_is_masked_like_the_citizen_id_number_in_it() -> None:
    assert redact_text(f"证{DISABILITY_CERTIFICATE}") == f"证{CITIZEN_ID[:4]}{'*' * 10}{CITIZEN_ID[-4:]}41"


def test_twenty_digits_whose_check_character_fails_are_no_certificate() -> None:
    first17 = CITIZEN_ID[:17]
    wrong = next(digit for digit in "0123456789" if digit != citizen_id_check_character(first17))
    assert personal_numbers_in(f"编号{first17}{wrong}41") == []


def test_full_width_digits_are_masked_in_place() -> None:
    assert redact_text(f"手机{FULL_WIDTH_MOBILE}。") == "手机138****5678。"


# --- enum values -----------------------------------------------------------------------------------------


def test_a_defined_enum_value_passes() -> None:
    assert check_enum(2, types_pb2.SpecialGroup.DESCRIPTOR, field="special_groups[0].group") == 2


def test_an_undefined_enum_value_is_refused() -> None:
    assert refusal(lambda: check_enum(99, types_pb2.SpecialGroup.DESCRIPTOR, field="special_groups[0].group")) == (
        "ENUM_VALUE_UNKNOWN",
        "special_groups[0].group",
    )
    assert refusal(lambda: check_enum(-1, enrolment_pb2.EnrolmentStatus.DESCRIPTOR, field="status")) == (
        "ENUM_VALUE_UNKNOWN",
        "status",
    )


def test_unspecified_passes_only_where_it_means_something() -> None:
    assert refusal(lambda: check_enum(0, types_pb2.ContributionKind.DESCRIPTOR, field="kind")) == (
        "ENUM_VALUE_REQUIRED",
        "kind",
    )
    status = enrolment_pb2.EnrolmentStatus.DESCRIPTOR
    assert check_enum(0, status, field="status", unspecified_allowed=True) == 0
