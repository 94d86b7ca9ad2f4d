"""Money as integer fen: the only places where amounts are rounded, and how they are printed."""

from __future__ import annotations

from typing import Final

__all__ = [
    "FEN_PER_YUAN",
    "PPM",
    "apply_rate_ppm",
    "divide_half_up",
    "format_yuan",
    "require_fen",
    "yuan_to_fen",
]

FEN_PER_YUAN: Final = 100
# Rates are integers in parts per million (2.5% -> 25000), never floating point.
PPM: Final = 1_000_000


def require_fen(value: object, name: str = "amount") -> int:
    """`value` itself if it is an int; a float, Decimal or bool reaching money code is a bug, not bad input."""
    # bool is an int subclass, but True is never an amount of money.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}: money is integer fen, never float")
    return value


def yuan_to_fen(yuan: int) -> int:
    """A whole number of yuan in fen (policy tables are written in yuan)."""
    return require_fen(yuan, "yuan") * FEN_PER_YUAN


def divide_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded to the nearest integer, halves away from zero.

    Half away from zero is "half up" applied to the magnitude, so a debit rounds exactly like the credit it
    mirrors: 5/10 -> 1 and -5/10 -> -1, never 0. A zero denominator raises ZeroDivisionError.
    """
    require_fen(numerator, "numerator")
    require_fen(denominator, "denominator")
    if denominator == 0:
        raise ZeroDivisionError("divide_half_up by zero")
    magnitude = (2 * abs(numerator) + abs(denominator)) // (2 * abs(denominator))
    return -magnitude if (numerator < 0) != (denominator < 0) else magnitude


def apply_rate_ppm(amount_fen: int, rate_ppm: int) -> int:
    """amount_fen x rate_ppm / 1,000,000, rounded half up to the fen (halves away from zero for negatives)."""
    return divide_half_up(require_fen(amount_fen, "amount_fen") * require_fen(rate_ppm, "rate_ppm"), PPM)


def format_yuan(fen: int) -> str:
    """Fen written as yuan for statements and notices: 123456 -> "1,234.56", -5 -> "-0.05"."""
    yuan, cents = divmod(abs(require_fen(fen, "fen")), FEN_PER_YUAN)
    return f"{'-' if fen < 0 else ''}{yuan:,}.{cents:02d}"
