"""Checks the three report use cases share: a pooling region code and a village code as a caller sends them."""

from __future__ import annotations

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region, validate_village_code
from pension_kit.text import IDENTIFIER_MAX, check_length


def checked_region(pooling_region_code: str) -> str:
    check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
    region = pooling_region_code.strip()
    try:
        division_code_of_pooling_region(region, field="pooling_region_code")
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field=error.field, message_zh="统筹区编码无效") from None
    return region


def checked_village(village_code: str) -> str:
    check_length(village_code, field="village_code", max_length=IDENTIFIER_MAX)
    code = village_code.strip()
    try:
        validate_village_code(code, field="village_code")
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field=error.field, message_zh="村编码无效") from None
    return code
