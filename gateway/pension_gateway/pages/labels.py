"""The Chinese words for the contract's enums and periods, as the notice board and the disclosure page print them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from google.protobuf.internal.enum_type_wrapper import EnumTypeWrapper

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2, supervision_pb2
from pension.verification.v1 import verification_pb2

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


# --- the monthly reports (review lists, annual check, statistics) ------------------------------------------------

CONTRIBUTION_CHANNELS: Final[Mapping[int, str]] = {
    types_pb2.CONTRIBUTION_CHANNEL_CASH: "现金(代办员)",
    types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING: "银行代扣",
    types_pb2.CONTRIBUTION_CHANNEL_ONLINE: "网上缴费",
    types_pb2.CONTRIBUTION_CHANNEL_GOVERNMENT: "政府代缴",
    types_pb2.CONTRIBUTION_CHANNEL_LEGACY_IMPORT: "历史数据导入",
    types_pb2.CONTRIBUTION_CHANNEL_UNSPECIFIED: "未记录",
}

CERTIFICATION_METHODS: Final[Mapping[int, str]] = {
    verification_pb2.CERTIFICATION_METHOD_FACE: "人脸识别",
    verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT: "代办员上门",
    verification_pb2.CERTIFICATION_METHOD_DATA: "数据比对",
    verification_pb2.CERTIFICATION_METHOD_UNSPECIFIED: "",
}

CERTIFICATION_OUTCOMES: Final[Mapping[int, str]] = {
    review_lists_pb2.CERTIFICATION_OUTCOME_PASSED: "认证通过",
    review_lists_pb2.CERTIFICATION_OUTCOME_FAILED: "认证未通过",
    review_lists_pb2.CERTIFICATION_OUTCOME_OVERDUE: "逾期未认证",
}

ANNUAL_CHECK_STATUSES: Final[Mapping[int, str]] = {
    review_lists_pb2.ANNUAL_CHECK_STATUS_CERTIFIED: "已认证",
    review_lists_pb2.ANNUAL_CHECK_STATUS_OVERDUE: "逾期未认证",
    review_lists_pb2.ANNUAL_CHECK_STATUS_NONE: "本年无认证",
}

BENEFIT_COMPONENTS: Final[Mapping[int, str]] = {
    types_pb2.BENEFIT_COMPONENT_BASIC_PENSION: "基础养老金",
    types_pb2.BENEFIT_COMPONENT_LONG_CONTRIBUTION_BONUS: "长缴多得加发",
    types_pb2.BENEFIT_COMPONENT_OLD_AGE_BONUS: "高龄加发",
    types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION: "个人账户养老金",
}

GOVERNMENT_LEVELS: Final[Mapping[int, str]] = {
    types_pb2.GOVERNMENT_LEVEL_CENTRAL: "中央",
    types_pb2.GOVERNMENT_LEVEL_PROVINCIAL: "省级",
    types_pb2.GOVERNMENT_LEVEL_MUNICIPAL: "市级",
    types_pb2.GOVERNMENT_LEVEL_COUNTY: "县级",
}

SPECIAL_GROUPS: Final[Mapping[int, str]] = {
    types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY: "重度残疾人",
    types_pb2.SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE: "低保对象",
    types_pb2.SPECIAL_GROUP_EXTREME_POVERTY: "特困人员",
}

ENROLMENT_END_CAUSES: Final[Mapping[int, str]] = {
    supervision_pb2.ENROLMENT_END_CAUSE_DEATH: "死亡",
    supervision_pb2.ENROLMENT_END_CAUSE_TRANSFER_OUT: "转出",
    supervision_pb2.ENROLMENT_END_CAUSE_JOINED_EMPLOYEES_SCHEME: "转入职工养老保险",
}

BENEFIT_STOP_CAUSES: Final[Mapping[int, str]] = {
    supervision_pb2.BENEFIT_STOP_CAUSE_DEATH: "死亡",
    supervision_pb2.BENEFIT_STOP_CAUSE_DUPLICATE_RECEIPT: "重复领取",
    supervision_pb2.BENEFIT_STOP_CAUSE_TRANSFER_OUT: "转出",
    supervision_pb2.BENEFIT_STOP_CAUSE_OFFICER_DECISION: "经办决定",
}

CROSS_CHECK_FIGURES: Final[Mapping[int, str]] = {
    supervision_pb2.CROSS_CHECK_FIGURE_BENEFIT_PAID: "待遇发放",
    supervision_pb2.CROSS_CHECK_FIGURE_CONTRIBUTIONS: "缴费收入",
    supervision_pb2.CROSS_CHECK_FIGURE_SUBSIDIES: "缴费补贴",
}
