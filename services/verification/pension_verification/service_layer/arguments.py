"""Checks of a request's plain arguments shared by verification's use cases: bounded required ids, a region."""

from __future__ import annotations

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import division_code_of_pooling_region
from pension_kit.text import ID_MAX, IDENTIFIER_MAX, REQUEST_ID_MAX, check_length


def required_id(value: str, field: str, *, max_length: int = ID_MAX) -> str:
    """An id without surrounding blanks, at most `max_length` characters; an empty one is refused, naming the field."""
    check_length(value, field=field, max_length=max_length)
    if not value.strip():
        raise InvalidArgument(
            f"{field.upper()}_REQUIRED", f"{field} is required", field=field, message_zh=f"{field} 为必填项"
        )
    return value.strip()


def request_id(value: str) -> str:
    return required_id(value, "request_id", max_length=REQUEST_ID_MAX)


def pooling_region(value: str, field: str = "pooling_region_code") -> str:
    """A 6-digit pooling region code (the county), checked as a division code."""
    region = required_id(value, field, max_length=IDENTIFIER_MAX)
    division_code_of_pooling_region(region, field=field)
    return region
