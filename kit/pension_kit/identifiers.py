"""Validation and construction of docs/domain.md's identifiers: citizen ID, bank card, mobile, division, name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Final, Literal

__all__ = [
    "CITIZEN_ID_LENGTH",
    "MIDDLE_DOT",
    "NAME_MAX_LENGTH",
    "NAME_MIN_LENGTH",
    "CitizenId",
    "DivisionCode",
    "DivisionLevel",
    "IdentifierError",
    "Month",
    "Sex",
    "age_on",
    "citizen_id_check_character",
    "division_code_of_pooling_region",
    "format_month",
    "luhn_check_digit",
    "luhn_valid",
    "make_citizen_id",
    "parse_citizen_id",
    "parse_division_code",
    "parse_month",
    "pooling_region_of",
    "validate_bank_card",
    "validate_citizen_id_suffix",
    "validate_mobile",
    "validate_name",
    "validate_name_prefix",
    "validate_village_code",
]

Sex = Literal["M", "F"]
DivisionLevel = Literal["province", "city", "county", "township", "village"]

CITIZEN_ID_LENGTH: Final = 18
_CITIZEN_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CITIZEN_ID_CHECK_MAP: Final = "10X98765432"
_CITIZEN_ID_RE: Final = re.compile(r"[0-9]{17}[0-9X]")
# Province-level codes of GB/T 2260, plus 71 Taiwan and 81-83 for residence permits of
# Hong Kong, Macao and Taiwan residents.
_PROVINCE_RANGES: Final = ((11, 15), (21, 23), (31, 37), (41, 46), (50, 54), (61, 65), (71, 71), (81, 83))
PROVINCE_CODES: Final = frozenset(str(code) for low, high in _PROVINCE_RANGES for code in range(low, high + 1))
_EARLIEST_BIRTH_YEAR: Final = 1800

_LUHN_PLAIN: Final = bytes.maketrans(b"0123456789", bytes(range(10)))
_LUHN_DOUBLED: Final = bytes.maketrans(b"0123456789", bytes((0, 2, 4, 6, 8, 1, 3, 5, 7, 9)))
_BANK_CARD_RE: Final = re.compile(r"[0-9]{16,19}")
_MOBILE_RE: Final = re.compile(r"1[3-9][0-9]{9}")
_DIVISION_CODE_RE: Final = re.compile(r"[0-9]{12}")
_POOLING_REGION_RE: Final = re.compile(r"[0-9]{6}")
_PERIOD_RE: Final = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")

NAME_MIN_LENGTH: Final = 2
NAME_MAX_LENGTH: Final = 20
MIDDLE_DOT: Final = "\u00b7"
# CJK Unified Ideographs, extension A, 〇, and extensions B to H (rare characters in names).
_NAME_PART: Final = "\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U000323af"
_NAME_RE: Final = re.compile(f"[{_NAME_PART}]+(?:{MIDDLE_DOT}[{_NAME_PART}]+)*")
# The start of a name as an agent types it to search: a name's characters, possibly ending on its middle dot.
_NAME_PREFIX_RE: Final = re.compile(f"[{_NAME_PART}]+(?:{MIDDLE_DOT}[{_NAME_PART}]+)*{MIDDLE_DOT}?")
CITIZEN_ID_SUFFIX_LENGTH: Final = 4
_CITIZEN_ID_SUFFIX_RE: Final = re.compile(r"[0-9]{3}[0-9X]")
# Look-alike dots people type for the middle dot of minority names; normalised to U+00B7.
_NAME_DOT_VARIANTS: Final = str.maketrans(dict.fromkeys("\u2027\u30fb\uff65\u2022\u2219\u22c5\u0387", MIDDLE_DOT))


class IdentifierError(ValueError):
    """A malformed identifier: names the field and carries a stable UPPER_SNAKE reason code."""

    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(f"{field}: {message} ({reason})")
        self.field = field
        self.reason = reason
        self.message = message


# --- citizen ID number (GB 11643-1999) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CitizenId:
    """A valid citizen ID number and what it says: region, birth date, sequence and sex."""

    number: str
    region_code: str
    birth_date: date
    sequence: int
    sex: Sex

    def age_on(self, day: date) -> int:
        """Whole years of age on `day`."""
        return age_on(self.birth_date, day)


def age_on(birth_date: date, day: date) -> int:
    """Whole years from `birth_date` to `day` (someone born on 29 February ages on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def citizen_id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of a citizen ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise IdentifierError("citizen_id", "CITIZEN_ID_FORMAT", "the first 17 characters must be 17 digits")
    # Bytes of ASCII digits are their values plus 48; the weights sum to 100, hence the 4800.
    total = sum(map(mul, _CITIZEN_ID_WEIGHTS, first17.encode("ascii"))) - 4800
    return _CITIZEN_ID_CHECK_MAP[total % 11]


def parse_citizen_id(value: str, *, today: date, field: str = "citizen_id") -> CitizenId:
    """Validate a citizen ID number (surrounding blanks ignored, lowercase x accepted) and decode it."""
    number = value.strip().upper()
    if len(number) != CITIZEN_ID_LENGTH:
        raise IdentifierError(field, "CITIZEN_ID_LENGTH", f"a citizen ID number has 18 characters, not {len(number)}")
    if _CITIZEN_ID_RE.fullmatch(number) is None:
        raise IdentifierError(field, "CITIZEN_ID_FORMAT", "a citizen ID number is 17 digits followed by a digit or X")
    region_code = number[:6]
    if region_code[:2] not in PROVINCE_CODES:
        raise IdentifierError(field, "CITIZEN_ID_REGION", f"{region_code[:2]} is not a province-level region code")
    birth_date: date | None
    try:
        birth_date = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        birth_date = None
    if birth_date is None or birth_date.year < _EARLIEST_BIRTH_YEAR:
        raise IdentifierError(field, "CITIZEN_ID_BIRTH_DATE_INVALID", f"{number[6:14]} is not a calendar date of birth")
    if birth_date > today:
        raise IdentifierError(
            field, "CITIZEN_ID_BIRTH_DATE_FUTURE", f"the birth date {birth_date.isoformat()} is in the future"
        )
    expected = citizen_id_check_character(number[:17])
    if number[17] != expected:
        raise IdentifierError(
            field, "CITIZEN_ID_CHECK_CHARACTER", "the check character does not match the first 17 digits"
        )
    sequence = int(number[14:17])
    return CitizenId(
        number=number,
        region_code=region_code,
        birth_date=birth_date,
        sequence=sequence,
        sex="M" if sequence % 2 else "F",
    )


def make_citizen_id(region_code: str, birth_date: date, sequence: int) -> str:
    """Assemble a citizen ID number: 6-digit region code, birth date, sequence 0-999 (odd = male)."""
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region code must be 6 digits, got {region_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be 0-999, got {sequence}")
    if not 1000 <= birth_date.year <= 9999:
        raise ValueError(f"birth year must have 4 digits, got {birth_date.year}")
    first17 = f"{region_code}{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}{sequence:03d}"
    return first17 + citizen_id_check_character(first17)


# --- bank card and mobile numbers ------------------------------------------------------------------


def luhn_check_digit(partial: str) -> str:
    """The Luhn check digit to append to the digits `partial`."""
    if not partial.isascii() or not partial.isdigit():
        raise ValueError(f"Luhn input must be digits, got {partial!r}")
    # Once the check digit is appended, the digits of `partial` at even distance from its right end
    # (its last digit first) are doubled, subtracting 9 from results over 9.
    reversed_digits = partial.encode("ascii")[::-1]
    total = sum(reversed_digits[0::2].translate(_LUHN_DOUBLED)) + sum(reversed_digits[1::2].translate(_LUHN_PLAIN))
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    """True when the digits `number` end with their Luhn check digit."""
    if len(number) < 2 or not number.isascii() or not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


def validate_bank_card(value: str, *, field: str = "bank_card") -> str:
    """Validate a bank card number (16-19 digits, Luhn); blanks and spaces between groups are ignored."""
    number = "".join(value.split())
    if _BANK_CARD_RE.fullmatch(number) is None:
        raise IdentifierError(field, "BANK_CARD_FORMAT", "a bank card number has 16 to 19 digits")
    if not luhn_valid(number):
        raise IdentifierError(field, "BANK_CARD_CHECKSUM", "the bank card number fails its Luhn check")
    return number


def validate_mobile(value: str, *, field: str = "mobile") -> str:
    """Validate a mainland mobile number: 11 digits, a 1 then 3-9 (no mobile number starts 10, 11, 12)."""
    number = value.strip()
    if _MOBILE_RE.fullmatch(number) is None:
        raise IdentifierError(field, "MOBILE_FORMAT", "a mobile number has 11 digits and starts with 13-19")
    return number


# --- administrative division codes -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DivisionCode:
    """A 12-digit statistical division code: province 2, city 2, county 2, township 3, village 3."""

    code: str

    @property
    def province(self) -> str:
        return self.code[0:2]

    @property
    def city(self) -> str:
        return self.code[2:4]

    @property
    def county(self) -> str:
        return self.code[4:6]

    @property
    def township(self) -> str:
        return self.code[6:9]

    @property
    def village(self) -> str:
        return self.code[9:12]

    @property
    def county_code(self) -> str:
        """The 6-digit county code, which names the pooling region."""
        return self.code[:6]

    @property
    def township_code(self) -> str:
        """The 12-digit code of the township this code lies in."""
        return self.code[:9] + "000"

    @property
    def level(self) -> DivisionLevel:
        if self.village != "000":
            return "village"
        if self.township != "000":
            return "township"
        if self.county != "00":
            return "county"
        if self.city != "00":
            return "city"
        return "province"

    @property
    def is_village(self) -> bool:
        return self.village != "000"


def parse_division_code(value: str, *, field: str = "division_code") -> DivisionCode:
    """Validate a 12-digit division code: a nonzero province, and no nonzero part under a zero one."""
    code = value.strip()
    if _DIVISION_CODE_RE.fullmatch(code) is None:
        raise IdentifierError(field, "DIVISION_CODE_FORMAT", "a division code has 12 digits")
    parts = (code[0:2], code[2:4], code[4:6], code[6:9], code[9:12])
    if int(parts[0]) == 0:
        raise IdentifierError(field, "DIVISION_CODE_FORMAT", "the province part of a division code is 00")
    seen_zero = False
    for part in parts:
        if int(part) == 0:
            seen_zero = True
        elif seen_zero:
            raise IdentifierError(field, "DIVISION_CODE_FORMAT", "a division code has a nonzero part under a zero part")
    return DivisionCode(code)


def validate_village_code(value: str, *, field: str = "village_code") -> DivisionCode:
    """Validate the division code of a village (its last 3 digits are not 000)."""
    division = parse_division_code(value, field=field)
    if not division.is_village:
        raise IdentifierError(
            field, "DIVISION_CODE_NOT_VILLAGE", f"{division.code} is a {division.level}, not a village"
        )
    return division


def pooling_region_of(village_code: str, *, field: str = "village_code") -> str:
    """The pooling region (6-digit county code) of a village's division code."""
    return validate_village_code(village_code, field=field).county_code


def division_code_of_pooling_region(pooling_region: str, *, field: str = "pooling_region") -> str:
    """The 12-digit division code of a pooling region given as its 6-digit county code."""
    county_code = pooling_region.strip()
    if _POOLING_REGION_RE.fullmatch(county_code) is None:
        raise IdentifierError(field, "DIVISION_CODE_FORMAT", "a pooling region is a 6-digit county code")
    code = county_code + "000000"
    division = parse_division_code(code, field=field)
    if division.level != "county":
        raise IdentifierError(field, "DIVISION_CODE_FORMAT", f"{pooling_region} is not a county code")
    return code


# --- names -----------------------------------------------------------------------------------------


def validate_name(value: str, *, field: str = "name") -> str:
    """Validate a Chinese name of 2-20 characters; look-alike middle dots become U+00B7."""
    name = value.strip().translate(_NAME_DOT_VARIANTS)
    if not NAME_MIN_LENGTH <= len(name) <= NAME_MAX_LENGTH:
        raise IdentifierError(
            field,
            "NAME_LENGTH",
            f"a name has {NAME_MIN_LENGTH} to {NAME_MAX_LENGTH} characters, not {len(name)}",
        )
    if _NAME_RE.fullmatch(name) is None:
        raise IdentifierError(
            field,
            "NAME_CHARACTERS",
            "a name is Chinese characters, with single middle dots (·) between the parts of a minority name",
        )
    return name


def validate_name_prefix(value: str, *, field: str = "name_prefix") -> str:
    """The start of a name (1 to 20 characters) to search by, normalised as validate_name normalises a name."""
    prefix = value.strip().translate(_NAME_DOT_VARIANTS)
    if len(prefix) > NAME_MAX_LENGTH or _NAME_PREFIX_RE.fullmatch(prefix) is None:
        raise IdentifierError(
            field,
            "NAME_PREFIX_INVALID",
            f"the start of a name is 1 to {NAME_MAX_LENGTH} Chinese characters (a middle dot between parts)",
        )
    return prefix


def validate_citizen_id_suffix(value: str, *, field: str = "citizen_id_suffix") -> str:
    """The last four characters of a citizen ID number, as its masked form shows them: digits, X last."""
    suffix = value.strip().upper()
    if _CITIZEN_ID_SUFFIX_RE.fullmatch(suffix) is None:
        raise IdentifierError(
            field,
            "CITIZEN_ID_SUFFIX_INVALID",
            f"the end of an ID number is its last {CITIZEN_ID_SUFFIX_LENGTH} characters: digits, or X last",
        )
    return suffix


# --- months ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month, written YYYY-MM: the month of a payroll run, a payment, a suspension."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1000 <= self.year <= 9999:
            raise IdentifierError("month", "PERIOD_FORMAT", f"{self.year}-{self.month} is not a month")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def of(cls, day: date) -> Month:
        """The month containing `day`."""
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next().first_day.toordinal() - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def plus_months(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


def parse_month(value: str, *, field: str = "month") -> Month:
    """Parse a month written YYYY-MM."""
    match = _PERIOD_RE.fullmatch(value.strip())
    if match is None or match.group(1) < "1000":
        raise IdentifierError(field, "PERIOD_FORMAT", f"{value!r} is not a month written YYYY-MM")
    return Month(int(match.group(1)), int(match.group(2)))


def format_month(year: int, month: int) -> str:
    """Write a month as YYYY-MM."""
    return str(Month(year, month))
