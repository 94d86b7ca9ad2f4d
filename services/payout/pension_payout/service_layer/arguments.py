"""The checks of a request's plain arguments that every payout operation shares: required text, a pooling region."""

from __future__ import annotations

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import division_code_of_pooling_region


def required(value: str, field: str) -> str:
    """The value without surrounding blanks; an empty one is refused, naming the field."""
    if not value.strip():
        raise InvalidArgument(
            f"{field.upper()}_REQUIRED", f"{field} is required", field=field, message_zh=f"{field} 为必填项"
        )
    return value.strip()


def pooling_region(value: str, field: str = "pooling_region_code") -> str:
    """A 6-digit pooling region code (the county), checked as a division code."""
    region = required(value, field)
    division_code_of_pooling_region(region, field=field)
    return region
