"""Checks of what a service accepts: text lengths, list sizes, personal numbers in free text (pure: no contract)."""

from __future__ import annotations

from collections.abc import Sized
from typing import Final

from pension_kit.errors import InvalidArgument
from pension_kit.masking import PersonalNumberKind, personal_numbers_in, redact_text

__all__ = [
    "BANK_CODE_MAX",
    "BANK_NAME_MAX",
    "EVIDENCE_REF_MAX",
    "IDENTIFIER_MAX",
    "ID_MAX",
    "PHOTO_REF_MAX",
    "REASON_MAX",
    "RECEIPT_NUMBER_MAX",
    "REFERENCE_MAX",
    "REQUEST_ID_MAX",
    "check_free_text",
    "check_items",
    "check_length",
    "mask_free_text",
]

# The limits, in characters as sent (blanks included), that every service shares; docs/limits.md lists
# each field with its limit and why. A character is at most 4 bytes in UTF-8, so with these an event stays
# far below the broker's 1 MB message limit.
REQUEST_ID_MAX: Final = 100
# Ids the platform made (resident, contribution, run, case ids) and user ids of agents and officers.
ID_MAX: Final = 128
# Identifiers with a format of their own (citizen ID, mobile, bank card, division codes, a name): the format
# is the real limit, this one bounds what is read before it is checked (validators drop blanks around them).
IDENTIFIER_MAX: Final = 32
BANK_CODE_MAX: Final = 16
BANK_NAME_MAX: Final = 60
PHOTO_REF_MAX: Final = 256
EVIDENCE_REF_MAX: Final = 100
RECEIPT_NUMBER_MAX: Final = 40
# Document numbers and serials of other parties: a transfer document, a deposit slip, a payment.
REFERENCE_MAX: Final = 100
# Reasons and notes.
REASON_MAX: Final = 500

_KIND_WORDS: Final[dict[PersonalNumberKind, tuple[str, str]]] = {
    "citizen_id_number": ("a citizen ID number", "身份证号码"),
    "bank_card_number": ("a bank card number", "银行卡号"),
    "mobile": ("a mobile number", "手机号码"),
}


def check_length(value: str, *, field: str, max_length: int) -> str:
    """`value` unchanged; FIELD_TOO_LONG when it has more than `max_length` characters."""
    if len(value) > max_length:
        raise InvalidArgument(
            "FIELD_TOO_LONG",
            f"{field} has at most {max_length} characters, not {len(value)}",
            field=field,
            message_zh=f"{field} 最多 {max_length} 个字符，实际 {len(value)} 个",
        )
    return value


def check_free_text(value: str, *, field: str, max_length: int) -> str:
    """`value` unchanged if it fits and holds no citizen ID, bank card or mobile number.

    A personal number is refused (FREE_TEXT_PERSONAL_NUMBER), found by the detector the log filter masks
    with (pension_kit.masking), so that what the logs would hide never gets into a record or an event; digits
    joined to an ASCII letter, inside an identifier, are not one. The refusal names the kind of number, never the
    number: refusals are logged and shown.
    """
    check_length(value, field=field, max_length=max_length)
    # Digits joined to letters are part of an identifier (a face proof's FA-3f…, a case's CS-…): about one such id in
    # a thousand holds eleven digits in a row, and refusing it would fail a pensioner's proof of life at random.
    kinds = personal_numbers_in(value, within_identifiers=False)
    if kinds:
        english, chinese = _KIND_WORDS[kinds[0]]
        raise InvalidArgument(
            "FREE_TEXT_PERSONAL_NUMBER",
            f"{field} contains {english}; personal numbers go only in the fields meant for them",
            field=field,
            message_zh=f"{field} 中不能填写{chinese}，身份证号、银行卡号、手机号只能填在各自的栏目中",
        )
    return value


def mask_free_text(value: str, *, field: str, max_length: int) -> str:
    """`value` with every personal number masked, if it fits: for text that must be kept as given.

    Where the text transcribes another party's document (a bank's failure notice), refusing it would
    block recording what happened; the masked text is what is then kept and sent.
    """
    return redact_text(check_length(value, field=field, max_length=max_length))


def check_items(items: Sized, *, field: str, max_items: int) -> None:
    """TOO_MANY_ITEMS when a repeated field holds more than `max_items` entries."""
    if len(items) > max_items:
        raise InvalidArgument(
            "TOO_MANY_ITEMS",
            f"{field} has at most {max_items} entries, not {len(items)}",
            field=field,
            message_zh=f"{field} 最多 {max_items} 项，实际 {len(items)} 项",
        )
