"""Conversions between the contracts' common types and Python values, in one place for every service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from google.protobuf.descriptor import EnumDescriptor
from google.protobuf.timestamp_pb2 import Timestamp

from pension.common.v1 import types_pb2
from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import IdentifierError, Month
from pension_kit.pii import Sealed


def to_calendar_date(value: date | None) -> types_pb2.CalendarDate:
    """A CalendarDate; None becomes the all-zero date the contracts use for "none"."""
    if value is None:
        return types_pb2.CalendarDate()
    return types_pb2.CalendarDate(year=value.year, month=value.month, day=value.day)


def from_calendar_date(value: types_pb2.CalendarDate, *, field: str, required: bool = True) -> date | None:
    """The date a CalendarDate names; an all-zero date is None, or refused when the field is required."""
    if value.year == 0 and value.month == 0 and value.day == 0:
        if required:
            raise InvalidArgument("DATE_REQUIRED", f"{field} is required", field=field, message_zh="日期必填")
        return None
    try:
        return date(value.year, value.month, value.day)
    except ValueError:
        raise InvalidArgument(
            "DATE_INVALID",
            f"{field} {value.year:04d}-{value.month:02d}-{value.day:02d} is not a calendar date",
            field=field,
            message_zh="日期不存在",
        ) from None


def to_timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def to_sealed_value(sealed: Sealed) -> types_pb2.SealedValue:
    return types_pb2.SealedValue(key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext)


def from_sealed_value(value: types_pb2.SealedValue) -> Sealed:
    return Sealed(value.key_id, value.nonce, value.ciphertext)


def bank_account_ref(document: Mapping[str, Any], *, sealed: bool = False) -> types_pb2.BankAccountRef:
    """A stored bank account as the contract carries it: masked and tokenised in replies, sealed too in events
    for a service that must pay into it (payout)."""
    ref = types_pb2.BankAccountRef(
        bank_code=document["bank_code"],
        bank_name=document["bank_name"],
        account_masked=document["account_masked"],
        account_token=document["account_token"],
    )
    if sealed:
        ref.sealed_card_number.CopyFrom(to_sealed_value(Sealed.from_document(document["sealed_card_number"])))
    return ref


def to_year_month(month: Month) -> types_pb2.YearMonth:
    return types_pb2.YearMonth(year=month.year, month=month.month)


def from_year_month(value: types_pb2.YearMonth, *, field: str, required: bool = True) -> Month | None:
    """A month from the contract; an unset one is None unless required, an impossible one is refused."""
    if value.year == 0 and value.month == 0:
        if required:
            raise InvalidArgument("MONTH_REQUIRED", f"{field} is required", field=field, message_zh="月份为必填项")
        return None
    try:
        return Month(value.year, value.month)
    except IdentifierError as exc:
        raise InvalidArgument(
            "MONTH_INVALID", f"{field}: {value.year}-{value.month} is not a month", field=field, message_zh="月份无效"
        ) from exc


def check_enum(value: int, enum: EnumDescriptor, *, field: str, unspecified_allowed: bool = False) -> int:
    """`value` if the proto enum `enum` defines it: ENUM_VALUE_UNKNOWN if not, ENUM_VALUE_REQUIRED for 0.

    proto3 enums are open: a client can send any number and the parsed message keeps it, so a number is
    checked before it is stored. 0 (UNSPECIFIED) passes only where it means something, e.g. "any status"
    in a filter; `enum` is the generated DESCRIPTOR, e.g. types_pb2.SpecialGroup.DESCRIPTOR.
    """
    if value not in enum.values_by_number:
        raise InvalidArgument(
            "ENUM_VALUE_UNKNOWN",
            f"{value} is not a value of {enum.name}",
            field=field,
            message_zh=f"{field} 的取值 {value} 无效",
        )
    if value == 0 and not unspecified_allowed:
        raise InvalidArgument(
            "ENUM_VALUE_REQUIRED",
            f"{field} is required ({enum.values_by_number[0].name} is not a value here)",
            field=field,
            message_zh=f"{field} 必填",
        )
    return value
