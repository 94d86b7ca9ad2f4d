"""Unit tests of masked forms and of the redaction of identifiers inside free text."""

from __future__ import annotations

import time

import pytest

from pension_kit.identifiers import luhn_check_digit
from pension_kit.masking import (
    mask_bank_card,
    mask_citizen_id,
    mask_mobile,
    mask_name,
    personal_numbers_in,
    redact_text,
)

CITIZEN_ID = "11010519491231002X"
CARD = "6228480402564890018"  # passes Luhn
MOBILE = "13812345678"


def test_card_fixture_passes_luhn() -> None:
    assert luhn_check_digit(CARD[:-1]) == CARD[-1]


# --- masked forms -------------------------------------------------------------------------------------


def test_citizen_id_keeps_first_and_last_four() -> None:
    assert mask_citizen_id("410102199001011234") == "4101**********1234"
    assert mask_citizen_id("41010219900101123x") == "4101**********123X"


def test_bank_card_keeps_first_and_last_four() -> None:
    assert mask_bank_card(CARD) == "6228***********0018"
    assert mask_bank_card("4111 1111 1111 1111") == "4111********1111"


def test_mobile_keeps_first_three_and_last_four() -> None:
    assert mask_mobile(MOBILE) == "138****5678"


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三明", "张*明"),
        ("张三", "张*"),
        ("欧阳娜娜", "欧**娜"),
        ("阿依古丽·买买提", "阿***·**提"),
        ("买·提", "买·*"),
    ],
)
def test_names_keep_their_first_and_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("value", ["", "123", "1234567"])
def test_short_values_are_masked_entirely(value: str) -> None:
    assert mask_citizen_id(value) == "*" * len(value)
    assert mask_bank_card(value) == "*" * len(value)


# --- redaction of free text ---------------------------------------------------------------------------


def test_every_kind_is_masked_inside_a_chinese_sentence() -> None:
    text = f"参保人张三明（身份证{CITIZEN_ID}，手机{MOBILE}，银行卡{CARD}）已登记。"
    assert redact_text(text) == (
        "参保人张三明（身份证1101**********002X，手机138****5678，银行卡6228***********0018）已登记。"
    )


def test_numbers_at_the_ends_of_the_text_and_next_to_letters() -> None:
    assert redact_text(CITIZEN_ID) == "1101**********002X"
    assert redact_text(f"id={CITIZEN_ID.lower()}") == "id=1101**********002X"
    assert redact_text(f"mobile{MOBILE}ok") == "mobile138****5678ok"
    assert redact_text(f"card:{CARD}") == "card:6228***********0018"


def test_a_page_check_passes_digits_inside_hexadecimal_ids_and_still_finds_a_number_standing_alone() -> None:
    # A resident id, a case id or a form's CSRF token holds eleven digits in a row by chance now and then; a page
    # showing one must not be refused as if it showed a mobile number.
    for identifier in (f"R3F{MOBILE}AB", f'name="csrf_token" value="a{MOBILE}f"', f"CS-{MOBILE}E0F1A2B3C4D5E"):
        assert personal_numbers_in(identifier, within_identifiers=False) == [], identifier
        assert personal_numbers_in(identifier) == ["mobile"], identifier  # logs and free text stay strict
    for shown in (f"<td>{MOBILE}</td>", f"手机{MOBILE}", f"电话：{MOBILE}。", f'value="{CITIZEN_ID}"'):
        assert personal_numbers_in(shown, within_identifiers=False) != [], shown


def test_a_citizen_id_with_a_wrong_check_character_is_still_masked() -> None:
    assert redact_text("身份证110105194912310021有误") == "身份证1101**********0021有误"


def test_a_bank_card_written_in_groups_is_masked() -> None:
    assert redact_text("卡号 6228 4804 0256 4890 018 已绑定") == "卡号 6228***********0018 已绑定"
    assert redact_text("card 4111-1111-1111-1111.") == "card 4111********1111."


def test_several_numbers_in_one_line() -> None:
    text = f"{MOBILE},{MOBILE};{CITIZEN_ID} {CARD}"
    assert redact_text(text) == "138****5678,138****5678;1101**********002X 6228***********0018"


@pytest.mark.parametrize(
    "text",
    [
        "缴费金额30000分，补贴4000分",  # amounts in fen
        "本月发放总额 12345678901234 分",  # a 14-digit amount: not Luhn-checked at that length
        "村代码411723101201",  # a 12-digit division code
        "流水号12345678901234567890",  # a 20-digit id: longer than any identifier
        "批次 20260100000000000001 已导出",  # another 20-digit id
        "电话 0396-1234567",  # a landline
        "12812345678",  # 11 digits that are no mobile number
        "trace_id=4bf92f3577b34da6a3ce929d0e0e4736",
        "时间 2026-01-01 12:00:00",
        "",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_identifiers_inside_longer_digit_runs_are_left_alone() -> None:
    run = "9" + MOBILE + "9" + CITIZEN_ID[:-1] + "0" + CARD
    assert redact_text(run) == run  # one 50-digit run


def test_18_digits_without_a_birth_date_but_passing_luhn_are_a_card() -> None:
    partial = "62284800000000000"
    card = partial + luhn_check_digit(partial)
    assert redact_text(f"卡{card}") == f"卡{mask_bank_card(card)}"


def test_18_digits_without_a_birth_date_nor_luhn_are_left_alone() -> None:
    partial = "62284800000000000"
    wrong = partial + str((int(luhn_check_digit(partial)) + 1) % 10)
    assert redact_text(wrong) == wrong


def test_redaction_is_fast_enough_for_every_log_line() -> None:
    line = (
        "2026-01-01T08:00:00+08:00 INFO enrolment accepted resident_id=r-7f3a9c village=411723101201 "
        "amount_fen=30000 trace_id=4bf92f3577b34da6a3ce929d0e0e4736"
    )
    started = time.perf_counter()
    for _ in range(10_000):
        redact_text(line)
    per_line = (time.perf_counter() - started) / 10_000
    assert per_line < 100e-6  # typically a few microseconds; generous for a loaded machine
