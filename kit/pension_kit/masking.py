"""Masked forms of personal identifiers for notices, events and logs, and redaction of free text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final, Literal

from pension_kit.identifiers import MIDDLE_DOT, citizen_id_check_character, luhn_valid

__all__ = [
    "PersonalNumberKind",
    "mask_bank_card",
    "mask_citizen_id",
    "mask_mobile",
    "mask_name",
    "personal_numbers_in",
    "redact_text",
]

# The kinds of personal number found in free text, named as the fields that hold them are.
PersonalNumberKind = Literal["citizen_id_number", "bank_card_number", "mobile"]

MASK: Final = "*"

# Either a maximal run of 11 or more digits, optionally ending with the X of a citizen ID number (re
# scans left to right, so a match starts at the first digit of a run and the greedy repeat takes all of
# it); or a card number written in groups of four separated by spaces or hyphens, not inside a longer
# run. Both alternatives begin with four digits, which keeps the scan of a line without numbers fast.
_CANDIDATE_RE: Final = re.compile(
    r"[0-9]{4}(?:[0-9]{7,}[Xx]?|(?<![0-9]{5})(?:[ -][0-9]{4}){3}(?:[ -][0-9]{1,3})?(?![0-9]))"
)
_DAYS_IN_MONTH: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# A phone's Chinese keyboard types full-width digits (and X, hyphen, ideographic space) as readily as
# ASCII ones; they are read as their ASCII forms. Each maps one character to one, so a match found in
# the translated text has the same position in the original.
_ASCII_FORMS: Final = str.maketrans(
    {chr(0xFF10 + digit): str(digit) for digit in range(10)}
    | {"\uff38": "X", "\uff58": "x", "\uff0d": "-", "\u3000": " "}
)


def _mask_middle(value: str, head: int, tail: int) -> str:
    length = len(value)
    if length <= head + tail:
        return MASK * length
    return value[:head] + MASK * (length - head - tail) + value[length - tail :]


def mask_citizen_id(value: str) -> str:
    """Keep the first 4 and last 4 characters: 4101**********123X."""
    return _mask_middle(value.strip().upper(), 4, 4)


def mask_bank_card(value: str) -> str:
    """Keep the first 4 and last 4 digits: 6228***********0123 (blanks between groups dropped)."""
    return _mask_middle("".join(value.split()), 4, 4)


def mask_mobile(value: str) -> str:
    """Keep the first 3 and last 4 digits: 138****5678."""
    return _mask_middle(value.strip(), 3, 4)


def mask_name(value: str) -> str:
    """Keep the first and last character, mask the rest but keep middle dots: 张*明, 张*, 阿***·**提."""
    name = value.strip()
    letters = [index for index, char in enumerate(name) if char != MIDDLE_DOT]
    if not letters:
        return name
    keep = {letters[0], letters[-1]} if len(letters) > 2 else {letters[0]}
    return "".join(char if index in keep or char == MIDDLE_DOT else MASK for index, char in enumerate(name))


def _plausible_citizen_id(value: str) -> bool:
    """18 characters with a province digit 1-8 and a calendar birth date in 1800-2099 at 6..14."""
    if value[0] not in "12345678" or value[6:8] not in ("18", "19", "20"):
        return False
    month = int(value[10:12])
    day = int(value[12:14])
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return False
    if month == 2 and day == 29:
        year = int(value[6:10])
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _classify(text: str) -> tuple[PersonalNumberKind, str] | None:
    """The kind of personal number a candidate is and its masked form; None for an ordinary number."""
    if " " in text or "-" in text:
        digits = text.replace(" ", "").replace("-", "")
        return ("bank_card_number", mask_bank_card(digits)) if luhn_valid(digits) else None
    suffix = ""
    if text[-1] in "Xx":
        if len(text) == 18 and _plausible_citizen_id(text):
            return "citizen_id_number", mask_citizen_id(text)
        text, suffix = text[:-1], text[-1]
    length = len(text)
    if length == 18 and _plausible_citizen_id(text):
        return "citizen_id_number", mask_citizen_id(text) + suffix
    if 16 <= length <= 19 and luhn_valid(text):
        return "bank_card_number", mask_bank_card(text) + suffix
    if length == 11 and text[0] == "1" and text[1] in "3456789":
        return "mobile", mask_mobile(text) + suffix
    # A disability certificate number (残疾人证号) is the holder's citizen ID number followed by one or two
    # digits (category, grade). Its check character must hold here: that keeps other 19- and 20-digit ids out.
    if length in (19, 20) and _plausible_citizen_id(text[:18]) and citizen_id_check_character(text[:17]) == text[17]:
        return "citizen_id_number", mask_citizen_id(text[:18]) + text[18:] + suffix
    return None


def _personal_numbers(text: str) -> Iterator[tuple[re.Match[str], PersonalNumberKind, str]]:
    """Each personal number in `text`: where it is (in the original text too), its kind, its masked form."""
    for match in _CANDIDATE_RE.finditer(text.translate(_ASCII_FORMS)):
        found = _classify(match.group())
        if found is not None:
            yield match, found[0], found[1]


def personal_numbers_in(text: str, *, within_identifiers: bool = True) -> list[PersonalNumberKind]:
    """The kinds of the personal numbers in free text, in the order they appear: what `redact_text` masks.

    `within_identifiers=False` leaves out digit runs joined to an ASCII letter on either side: parts of a
    hexadecimal identifier or token (a resident id R3F..., a face proof's FA-..., a form's CSRF token), which hold
    eleven digits in a row by chance in about one in a thousand, not a number someone wrote (a number written in a
    page or a sentence stands apart from letters: spaces, punctuation, Chinese). For checks that refuse (a rendered
    page, a free-text field), which would otherwise refuse an identifier now and then; the log filter's redaction
    stays strict."""
    found = _personal_numbers(text)
    if not within_identifiers:
        found = (f for f in found if not _joined_to_a_letter(text, f[0]))
    return [kind for _, kind, _ in found]


def _joined_to_a_letter(text: str, match: re.Match[str]) -> bool:
    before = text[match.start() - 1] if match.start() > 0 else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def redact_text(text: str) -> str:
    """Mask every citizen ID, bank card and mobile number in free text, leaving other numbers alone.

    A number counts only as a whole digit run: 20-digit ids, 12-digit division codes and amounts in
    fen are kept. Citizen ID numbers: 18 characters (the last may be X) with a plausible birth date,
    check character not required (a mistyped number is still personal data), and a disability
    certificate number (a citizen ID number with a valid check character and one or two more digits).
    Bank cards: 16-19 digits passing Luhn, also written in groups of four. Mobile numbers: 11 digits,
    1 then 3-9. Full-width digits count as digits.
    """
    pieces: list[str] = []
    end = 0
    for match, _, masked in _personal_numbers(text):
        pieces += (text[end : match.start()], masked)
        end = match.end()
    if not pieces:
        return text
    pieces.append(text[end:])
    return "".join(pieces)
