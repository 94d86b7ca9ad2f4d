"""Money is integer fen: rounding half up (away from zero) in the named places, floats refused, yuan printed."""

from decimal import Decimal

import pytest

from pension_kit.money import apply_rate_ppm, divide_half_up, format_yuan, require_fen, yuan_to_fen


def test_yuan_to_fen() -> None:
    assert yuan_to_fen(200) == 20_000
    assert yuan_to_fen(0) == 0
    assert yuan_to_fen(-3) == -300


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (10, 5, 2),
        (0, 7, 0),
        (4, 10, 0),
        (5, 10, 1),  # exactly half: up
        (6, 10, 1),
        (15, 10, 2),
        (25, 10, 3),  # half up, not half to even
        (-4, 10, 0),
        (-5, 10, -1),  # a negative half goes away from zero, mirroring the positive one
        (-15, 10, -2),
        (5, -10, -1),
        (-5, -10, 1),
        (2_000_000, 139, 14_388),  # 14388.489...
        (69, 139, 0),  # 0.496...
        (70, 139, 1),  # 0.503...
    ],
)
def test_divide_half_up(numerator: int, denominator: int, expected: int) -> None:
    assert divide_half_up(numerator, denominator) == expected


def test_divide_by_zero_is_an_error() -> None:
    with pytest.raises(ZeroDivisionError):
        divide_half_up(1, 0)


@pytest.mark.parametrize(
    ("amount_fen", "rate_ppm", "expected"),
    [
        (10_000, 25_000, 250),  # 100 yuan at 2.5% -> 2.50 yuan
        (1, 25_000, 0),  # 0.025 fen
        (19, 25_000, 0),  # 0.475 fen
        (20, 25_000, 1),  # 0.5 fen: half up
        (60, 25_000, 2),  # 1.5 fen
        (-20, 25_000, -1),  # half away from zero
        (-19, 25_000, 0),
        (0, 25_000, 0),
        (10_000, 0, 0),
        (10**15, 25_000, 25 * 10**12),  # exact at any size: no float on the way
    ],
)
def test_apply_rate_ppm(amount_fen: int, rate_ppm: int, expected: int) -> None:
    assert apply_rate_ppm(amount_fen, rate_ppm) == expected


@pytest.mark.parametrize("bad", [200.0, 0.5, Decimal("200"), True, "200"])
def test_anything_but_an_int_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        require_fen(bad)
    with pytest.raises(TypeError):
        yuan_to_fen(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        apply_rate_ppm(bad, 25_000)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        apply_rate_ppm(10_000, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        divide_half_up(bad, 139)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        divide_half_up(139, bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_yuan(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (5, "0.05"),
        (100, "1.00"),
        (123_456, "1,234.56"),
        (100_000_000, "1,000,000.00"),
        (-5, "-0.05"),
        (-123_456, "-1,234.56"),
    ],
)
def test_format_yuan(fen: int, text: str) -> None:
    assert format_yuan(fen) == text
