"""The Chinese words for the contract's enums and periods, as the notice board and the disclosure page print them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2

CONTRIBUTION_KINDS: Final[Mapping[int, str]] = {
    types_pb2.CONTRIBUTION_KIND_OWN: "个人缴费",
    types_pb2.CONTRIBUTION_KIND_ARREARS: "补缴",
    types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF: "政府代缴",
    types_pb2.CONTRIBUTION_KIND_COLLECTIVE: "集体补助",
}

FUNDS: Final[Mapping[int, str]] = {
    types_pb2.FUND_INDIVIDUAL_ACCOUNT: "个人账户",
    types_pb2.FUND_POOLED: "统筹基金",
}

INCOME_SOURCES: Final[Mapping[int, str]] = {
    supervision_pb2.INCOME_SOURCE_PERSONAL_CONTRIBUTION: "个人缴费",
    supervision_pb2.INCOME_SOURCE_SUBSIDY: "政府缴费补贴",
    supervision_pb2.INCOME_SOURCE_COLLECTIVE: "集体补助",
    supervision_pb2.INCOME_SOURCE_PAID_ON_BEHALF: "政府代缴",
    supervision_pb2.INCOME_SOURCE_INTEREST: "利息收入",
    supervision_pb2.INCOME_SOURCE_TRANSFER_IN: "转移收入",
    supervision_pb2.INCOME_SOURCE_BASIC_PENSION_FINANCING: "基础养老金财政补助",
    supervision_pb2.INCOME_SOURCE_RECOVERY: "追回多发待遇",
}

EXPENDITURE_KINDS: Final[Mapping[int, str]] = {
    supervision_pb2.EXPENDITURE_KIND_BASIC_PENSION: "基础养老金",
    supervision_pb2.EXPENDITURE_KIND_LONG_CONTRIBUTION_BONUS: "长缴多得加发",
    supervision_pb2.EXPENDITURE_KIND_OLD_AGE_BONUS: "高龄加发",
    supervision_pb2.EXPENDITURE_KIND_ACCOUNT_PENSION: "个人账户养老金",
    supervision_pb2.EXPENDITURE_KIND_INHERITANCE: "个人账户余额继承",
    supervision_pb2.EXPENDITURE_KIND_TRANSFER_OUT: "转移支出",
}

# A value the table does not know (a newer contract) is printed, not hidden: the reader sees that something is there.
UNKNOWN: Final = "其他"


def label(table: Mapping[int, str], value: int) -> str:
    return table.get(value, UNKNOWN)


def contract_name(enum: EnumTypeWrapper, value: int, prefix: str) -> str:
    """The contract's name of an enum value, without its prefix, in lower case: own, personal_contribution, pooled."""
    name = enum.Name(value) if value in enum.values() else prefix + "UNSPECIFIED"
    return name.removeprefix(prefix).lower()


def month_zh(year: int, month: int) -> str:
    """2026年11月."""
    return f"{year}年{month}月"


def date_zh(day: date) -> str:
    """2026年12月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def period_zh(year: int, month: int) -> str:
    """A disclosure's period: 2026年11月, or 2026年度 for the whole year (month 0)."""
    return month_zh(year, month) if month else f"{year}年度"
