"""Mobile numbers and bank cards for the synthetic population: real prefixes, valid check digits."""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from pension_kit.identifiers import luhn_check_digit

# Mobile prefixes of China Mobile, China Unicom and China Telecom, weighted roughly by subscribers.
_MOBILE_PREFIX_WEIGHTS: Final = (
    ("134", 3), ("135", 5), ("136", 5), ("137", 5), ("138", 6), ("139", 6), ("150", 4), ("151", 4),
    ("152", 3), ("157", 2), ("158", 4), ("159", 4), ("182", 3), ("183", 3), ("187", 3), ("188", 2),
    ("198", 2), ("130", 4), ("131", 3), ("132", 3), ("155", 3), ("156", 3), ("166", 2), ("185", 3),
    ("186", 3), ("176", 2), ("133", 3), ("153", 3), ("177", 2), ("180", 2), ("181", 2), ("189", 3),
    ("199", 2), ("191", 1),
)  # fmt: skip
_MOBILE_PREFIXES: Final = tuple(prefix for prefix, _ in _MOBILE_PREFIX_WEIGHTS)
_MOBILE_CUMULATIVE: Final = tuple(accumulate(weight for _, weight in _MOBILE_PREFIX_WEIGHTS))


def mobile_number(rng: random.Random) -> str:
    """An 11-digit mobile number with a real operator prefix."""
    prefix = _MOBILE_PREFIXES[bisect_right(_MOBILE_CUMULATIVE, rng.random() * _MOBILE_CUMULATIVE[-1])]
    return f"{prefix}{int(rng.random() * 100_000_000):08d}"


@dataclass(frozen=True, slots=True)
class Bank:
    """A bank paying pensions in the county: its CNAPS bank category code, name and debit-card BIN."""

    code: str
    name: str
    bin: str
    weight: int


# Rural counties pay pensions mostly through the Agricultural Bank, Postal Savings and the rural
# credit cooperatives. Card numbers are BIN + 12 account digits + Luhn check digit (19 digits).
BANKS: Final = (
    Bank("103", "中国农业银行", "622848", 30),
    Bank("403", "中国邮政储蓄银行", "621799", 25),
    Bank("402", "河南省农村信用社", "623059", 30),
    Bank("105", "中国建设银行", "621700", 6),
    Bank("102", "中国工商银行", "622202", 5),
    Bank("104", "中国银行", "621661", 4),
)
_BANK_CUMULATIVE: Final = tuple(accumulate(bank.weight for bank in BANKS))
_ACCOUNT_SPACE: Final = 10**12
# Multiplier of the bijection index -> account digits; coprime with 10, so distinct indexes give
# distinct account digits (and therefore distinct card numbers) under every BIN.
_ACCOUNT_MULTIPLIER: Final = 613_490_268_419


def pick_bank(rng: random.Random) -> Bank:
    """A bank, weighted by its share of pension accounts in the county."""
    return BANKS[bisect_right(_BANK_CUMULATIVE, rng.random() * _BANK_CUMULATIVE[-1])]


def bank_card_number(bank: Bank, index: int, offset: int) -> str:
    """The card number of the `index`-th resident: unique per index for a given offset, Luhn-valid."""
    partial = f"{bank.bin}{(index * _ACCOUNT_MULTIPLIER + offset) % _ACCOUNT_SPACE:012d}"
    return partial + luhn_check_digit(partial)
