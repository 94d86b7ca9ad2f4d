"""The monthly statistics report (月报) of a pooling region, with township and village rows, computed from facts.

Which month a figure belongs to: a contribution to the month of the day it was paid, unless it was reversed by the
end of that month (then it never counts); a contribution of an earlier month reversed in this month is a correction
line of this month (that month's report stays as published). Enrolments to the month of their date, ends to the
month they ended. Awards to their first month; a suspension and a resumption to their first month (not) paid; a stop
to its last payable month (the month before the first month not payable: a death's month). Benefit paid to the
month of its payroll run. A pensioner at the end of a month is an award whose first month has come and whose stop's
last payable month has not passed (suspended ones included, and counted apart too).

The contribution subsidy is split by level of government as the grade of the policy version in force on the day
paid records it (the county's alone when it records no parts); a subsidy other than the grade's (a rule without
subsidy, a later policy change) is split in proportion, the county taking the remainder fen. Paid-on-behalf
amounts are the county's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pension_kit.identifiers import Month
from pension_supervision.domain.facts import Component, FundName


class StatisticsLevel(StrEnum):
    REGION = "REGION"
    TOWNSHIP = "TOWNSHIP"
    VILLAGE = "VILLAGE"


class EnrolmentEndCause(StrEnum):
    DEATH = "DEATH"
    TRANSFER_OUT = "TRANSFER_OUT"
    JOINED_EMPLOYEES_SCHEME = "JOINED_EMPLOYEES_SCHEME"


class BenefitStopCause(StrEnum):
    DEATH = "DEATH"
    DUPLICATE_RECEIPT = "DUPLICATE_RECEIPT"
    TRANSFER_OUT = "TRANSFER_OUT"
    OFFICER_DECISION = "OFFICER_DECISION"


class Channel(StrEnum):
    """How a contribution was paid (the contract's ContributionChannel)."""

    CASH = "CASH"
    BANK_WITHHOLDING = "BANK_WITHHOLDING"
    ONLINE = "ONLINE"
    GOVERNMENT = "GOVERNMENT"
    LEGACY_IMPORT = "LEGACY_IMPORT"
    UNSPECIFIED = "UNSPECIFIED"  # contributions kept before the facts recorded their channel


class Level(StrEnum):
    """A level of government (the contract's GovernmentLevel)."""

    CENTRAL = "CENTRAL"
    PROVINCIAL = "PROVINCIAL"
    MUNICIPAL = "MUNICIPAL"
    COUNTY = "COUNTY"


class CorrectionKind(StrEnum):
    CONTRIBUTION_REVERSED = "CONTRIBUTION_REVERSED"


class CrossCheckFigure(StrEnum):
    BENEFIT_PAID = "BENEFIT_PAID"
    CONTRIBUTIONS = "CONTRIBUTIONS"
    SUBSIDIES = "SUBSIDIES"


# --- the facts the report is computed from ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnrolmentRecord:
    resident_id: str
    village_code: str
    enrolled_on: date
    ended_on: date | None = None
    end_cause: EnrolmentEndCause | None = None


@dataclass(frozen=True, slots=True)
class ContributionRecord:
    """A contribution as the statistics read it: when paid, when (if) reversed, through which channel, for which
    special group (paid on behalf), and its subsidy split by level of government."""

    contribution_id: str
    resident_id: str
    village_code: str
    paid_month: Month
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    channel: Channel
    special_group: str = ""  # SpecialGroup name, paid-on-behalf contributions only
    subsidy_by_level: Mapping[Level, int] = field(default_factory=dict)
    reversed_month: Month | None = None


@dataclass(frozen=True, slots=True)
class AwardRecord:
    """An award's life: its first month, the months suspensions and resumptions took effect, and its stop."""

    award_id: str
    resident_id: str
    village_code: str
    first_month: Month
    suspended_from: tuple[Month, ...] = ()
    resumed_from: tuple[Month, ...] = ()
    stopped_last_month: Month | None = None  # the last payable month
    stop_cause: BenefitStopCause | None = None


# --- the report ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GradeFigure:
    grade_fen: int
    contributors: int
    contributions: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int


@dataclass(frozen=True, slots=True)
class ChannelFigure:
    channel: Channel
    contributors: int
    contributions: int
    amount_fen: int  # personal + collective


@dataclass(frozen=True, slots=True)
class SpecialGroupFigure:
    group: str
    residents: int
    paid_on_behalf_fen: int
    subsidy_fen: int


@dataclass(frozen=True, slots=True)
class LevelFigure:
    level: Level
    subsidy_fen: int
    paid_on_behalf_fen: int


@dataclass(frozen=True, slots=True)
class StatisticsFigures:
    enrolled_at_end: int = 0
    new_enrolments: int = 0
    enrolment_ends: Mapping[EnrolmentEndCause, int] = field(default_factory=dict)
    contributors: int = 0
    grades: tuple[GradeFigure, ...] = ()
    channels: tuple[ChannelFigure, ...] = ()
    special_groups: tuple[SpecialGroupFigure, ...] = ()
    government_levels: tuple[LevelFigure, ...] = ()
    personal_fen: int = 0
    subsidy_fen: int = 0
    paid_on_behalf_fen: int = 0
    collective_fen: int = 0
    pensioners_at_start: int = 0
    pensioners_at_end: int = 0
    new_awards: int = 0
    suspensions: int = 0
    resumptions: int = 0
    benefit_stops: Mapping[BenefitStopCause, int] = field(default_factory=dict)
    suspended_at_end: int = 0
    pensioners_paid: int = 0
    benefit_paid_fen: int = 0
    paid_by_component: Mapping[Component, int] = field(default_factory=dict)
    paid_by_fund: Mapping[FundName, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatisticsRow:
    level: StatisticsLevel
    code: str
    name: str
    figures: StatisticsFigures
    township_code: str = ""


@dataclass(frozen=True, slots=True)
class CorrectionLine:
    kind: CorrectionKind
    corrected_month: Month
    reference_id: str
    village_code: str
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    subsidy_by_level: Mapping[Level, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CrossCheck:
    figure: CrossCheckFigure
    report_fen: int
    source_fen: int
    source: str
    alert_id: str = ""

    @property
    def agrees(self) -> bool:
        return self.report_fen == self.source_fen


@dataclass(frozen=True, slots=True)
class MonthlyStatistics:
    """A published report: stored once, never changed; `digest` is over everything but who and when."""

    pooling_region_code: str
    month: Month
    version: int
    published_at: datetime
    published_by: str
    region: StatisticsRow
    townships: tuple[StatisticsRow, ...]
    villages: tuple[StatisticsRow, ...]
    corrections: tuple[CorrectionLine, ...]
    cross_checks: tuple[CrossCheck, ...]
    digest: str = ""

    @property
    def report_id(self) -> str:
        return report_id(self.pooling_region_code, self.month, self.version)

    @property
    def checks_agree(self) -> bool:
        return all(check.agrees for check in self.cross_checks)


def report_id(region: str, month: Month, version: int) -> str:
    return f"{region}-{month.year:04d}{month.month:02d}-v{version}"


def digest_of(content: Mapping[str, object]) -> str:
    """Lower-case hex SHA-256 of a report's content in canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def split_subsidy(subsidy_fen: int, grade_parts: Mapping[Level, int]) -> dict[Level, int]:
    """A contribution's subsidy by level: the grade's parts when it is the grade's subsidy, else in proportion
    (rounded down), the county taking the remaining fen; all the county's when the grade lists no parts."""
    total = sum(grade_parts.values())
    if not grade_parts or total == 0:
        return {Level.COUNTY: subsidy_fen} if subsidy_fen else {}
    if subsidy_fen == total:
        return {level: fen for level, fen in grade_parts.items() if fen}
    split = {level: subsidy_fen * fen // total for level, fen in grade_parts.items() if level is not Level.COUNTY}
    split[Level.COUNTY] = subsidy_fen - sum(split.values())
    return {level: fen for level, fen in split.items() if fen}
