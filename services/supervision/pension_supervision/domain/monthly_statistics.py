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
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pension_kit.identifiers import Month
from pension_supervision.domain.facts import Component, FundName, PaymentFact, PaymentOutcome


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


@dataclass(frozen=True, slots=True, order=True)
class AwardChange:
    """A suspension or resumption of an award, from the month it takes effect; `at` (when payout announced it) and
    the event id order two that take effect in the same month. Ordered by (month, at, event id)."""

    from_month: Month
    at: datetime
    event_id: str
    suspended: bool  # a suspension; else a resumption


@dataclass(frozen=True, slots=True)
class AwardRecord:
    """An award's life: its first month, its suspensions and resumptions in order, and its stop."""

    award_id: str
    resident_id: str
    village_code: str
    first_month: Month
    changes: tuple[AwardChange, ...] = ()  # sorted
    stopped_last_month: Month | None = None  # the last payable month
    stop_cause: BenefitStopCause | None = None

    def changes_in(self, month: Month, *, suspended: bool) -> int:
        """How many suspensions (or resumptions) took effect in `month`."""
        return sum(1 for c in self.changes if c.from_month == month and c.suspended is suspended)


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
    split: dict[Level, int] = {
        level: subsidy_fen * fen // total for level, fen in grade_parts.items() if level is not Level.COUNTY
    }
    split[Level.COUNTY] = subsidy_fen - sum(split.values())
    return {level: fen for level, fen in split.items() if fen}


# --- the computation (pure) ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Village:
    """A village of the region as enrolment registered it."""

    village_code: str
    name: str
    township_name: str

    @property
    def township_code(self) -> str:
        return township_of(self.village_code)


def township_of(village_code: str) -> str:
    """A village's township: the first 9 digits of its 12-digit code (county 6, township 3, village 3)."""
    return village_code[:9]


@dataclass(frozen=True, slots=True)
class MonthFacts:
    """What one month's statistics are computed from: every enrolment and award of the region, the contributions
    paid in the month, those of earlier months reversed in it, and the payments of the month's payroll runs."""

    month: Month
    villages: Sequence[Village]
    enrolments: Sequence[EnrolmentRecord]
    contributions: Sequence[ContributionRecord]
    awards: Sequence[AwardRecord]
    payments: Sequence[PaymentFact]


def counts_in_month(contribution: ContributionRecord, month: Month) -> bool:
    """Paid in the month and not reversed by its end."""
    return contribution.paid_month == month and (
        contribution.reversed_month is None or contribution.reversed_month > month
    )


def is_correction(contribution: ContributionRecord, month: Month) -> bool:
    """A contribution of an earlier month reversed in this one."""
    return contribution.reversed_month == month and contribution.paid_month < month


def _enrolled_at_end(record: EnrolmentRecord, month: Month) -> bool:
    return record.enrolled_on <= month.last_day and (record.ended_on is None or record.ended_on > month.last_day)


def _pensioner_at_end(award: AwardRecord, month: Month) -> bool:
    return award.first_month <= month and (award.stopped_last_month is None or award.stopped_last_month > month)


def _suspended_at_end(award: AwardRecord, month: Month) -> bool:
    """Suspended by the month's end: the last change in effect by then is a suspension (of two taking effect in one
    month, the one announced later: a release from prison resuming July, then a missed proof suspending July)."""
    in_effect = [c for c in award.changes if c.from_month <= month]
    return bool(in_effect) and max(in_effect).suspended


def figures_of(
    month: Month,
    enrolments: Iterable[EnrolmentRecord],
    contributions: Iterable[ContributionRecord],
    awards: Iterable[AwardRecord],
    payments: Iterable[PaymentFact],
) -> StatisticsFigures:
    """The figures of one row from the facts of its residents (those of the row's villages)."""
    enrolments, awards = list(enrolments), list(awards)
    previous = month.previous()
    ends: Counter[EnrolmentEndCause] = Counter(
        record.end_cause
        for record in enrolments
        if record.ended_on is not None and record.end_cause is not None and Month.of(record.ended_on) == month
    )
    counted = [c for c in contributions if counts_in_month(c, month)]
    by_grade: dict[int, list[ContributionRecord]] = defaultdict(list)
    by_channel: dict[Channel, list[ContributionRecord]] = defaultdict(list)
    by_group: dict[str, list[ContributionRecord]] = defaultdict(list)
    levels: dict[Level, list[int]] = defaultdict(lambda: [0, 0])
    for contribution in counted:
        by_grade[contribution.grade_fen].append(contribution)
        by_channel[contribution.channel].append(contribution)
        if contribution.paid_on_behalf_fen:
            by_group[contribution.special_group].append(contribution)
            levels[Level.COUNTY][1] += contribution.paid_on_behalf_fen
        for level, fen in contribution.subsidy_by_level.items():
            levels[level][0] += fen
    stops: Counter[BenefitStopCause] = Counter(
        award.stop_cause
        for award in awards
        if award.stopped_last_month == month and award.stop_cause is not None and award.first_month <= month
    )
    paid = [p for p in payments if p.outcome is PaymentOutcome.PAID and p.payroll_month == month]
    by_component: Counter[Component] = Counter()
    by_fund: Counter[FundName] = Counter()
    for payment in paid:
        by_component.update(payment.components)
        by_fund.update(payment.funds)
    return StatisticsFigures(
        enrolled_at_end=sum(1 for record in enrolments if _enrolled_at_end(record, month)),
        new_enrolments=sum(1 for record in enrolments if Month.of(record.enrolled_on) == month),
        enrolment_ends=dict(sorted(ends.items())),
        contributors=len({c.resident_id for c in counted}),
        grades=tuple(
            GradeFigure(
                grade_fen=grade,
                contributors=len({c.resident_id for c in rows}),
                contributions=len(rows),
                personal_fen=sum(c.personal_fen for c in rows),
                subsidy_fen=sum(c.subsidy_fen for c in rows),
                paid_on_behalf_fen=sum(c.paid_on_behalf_fen for c in rows),
                collective_fen=sum(c.collective_fen for c in rows),
            )
            for grade, rows in sorted(by_grade.items())
        ),
        channels=tuple(
            ChannelFigure(
                channel=channel,
                contributors=len({c.resident_id for c in rows}),
                contributions=len(rows),
                amount_fen=sum(c.personal_fen + c.collective_fen for c in rows),
            )
            for channel, rows in sorted(by_channel.items())
        ),
        special_groups=tuple(
            SpecialGroupFigure(
                group=group,
                residents=len({c.resident_id for c in rows}),
                paid_on_behalf_fen=sum(c.paid_on_behalf_fen for c in rows),
                subsidy_fen=sum(c.subsidy_fen for c in rows),
            )
            for group, rows in sorted(by_group.items())
        ),
        government_levels=tuple(
            LevelFigure(level, subsidy, on_behalf) for level, (subsidy, on_behalf) in sorted(levels.items())
        ),
        personal_fen=sum(c.personal_fen for c in counted),
        subsidy_fen=sum(c.subsidy_fen for c in counted),
        paid_on_behalf_fen=sum(c.paid_on_behalf_fen for c in counted),
        collective_fen=sum(c.collective_fen for c in counted),
        pensioners_at_start=sum(1 for award in awards if _pensioner_at_end(award, previous)),
        pensioners_at_end=sum(1 for award in awards if _pensioner_at_end(award, month)),
        new_awards=sum(1 for award in awards if award.first_month == month),
        suspensions=sum(award.changes_in(month, suspended=True) for award in awards),
        resumptions=sum(award.changes_in(month, suspended=False) for award in awards),
        benefit_stops=dict(sorted(stops.items())),
        suspended_at_end=sum(
            1 for award in awards if _pensioner_at_end(award, month) and _suspended_at_end(award, month)
        ),
        pensioners_paid=len({p.resident_id for p in paid}),
        benefit_paid_fen=sum(p.amount_fen for p in paid),
        paid_by_component=dict(sorted(by_component.items())),
        paid_by_fund=dict(sorted(by_fund.items())),
    )


def corrections_of(month: Month, contributions: Iterable[ContributionRecord]) -> tuple[CorrectionLine, ...]:
    """The month's correction lines: each contribution of an earlier month reversed in it, its amounts negated."""
    return tuple(
        CorrectionLine(
            kind=CorrectionKind.CONTRIBUTION_REVERSED,
            corrected_month=c.paid_month,
            reference_id=c.contribution_id,
            village_code=c.village_code,
            grade_fen=c.grade_fen,
            personal_fen=-c.personal_fen,
            subsidy_fen=-c.subsidy_fen,
            paid_on_behalf_fen=-c.paid_on_behalf_fen,
            collective_fen=-c.collective_fen,
            subsidy_by_level={level: -fen for level, fen in sorted(c.subsidy_by_level.items())},
        )
        for c in sorted(contributions, key=lambda c: (str(c.paid_month), c.contribution_id))
        if is_correction(c, month)
    )


@dataclass(frozen=True, slots=True)
class ComputedStatistics:
    """The rows and corrections of a month, before the cross-checks and the publication."""

    region: StatisticsRow
    townships: tuple[StatisticsRow, ...]
    villages: tuple[StatisticsRow, ...]
    corrections: tuple[CorrectionLine, ...]


def compute(region_code: str, region_name: str, facts: MonthFacts) -> ComputedStatistics:
    """The region's row, a row per township and per village (those registered, and any a fact names)."""
    month = facts.month
    known = {village.village_code: village for village in facts.villages}
    current_village = {e.resident_id: e.village_code for e in facts.enrolments}
    # Each fact once under its village, so that a row reads only its villages' facts.
    enrolments: dict[str, list[EnrolmentRecord]] = defaultdict(list)
    contributions: dict[str, list[ContributionRecord]] = defaultdict(list)
    awards: dict[str, list[AwardRecord]] = defaultdict(list)
    payments: dict[str, list[PaymentFact]] = defaultdict(list)
    for enrolment in facts.enrolments:
        enrolments[enrolment.village_code].append(enrolment)
    for contribution in facts.contributions:
        contributions[contribution.village_code].append(contribution)
    for award in facts.awards:
        # A pensioner counts in the village they live in now (as enrolment last said), else the award's.
        awards[current_village.get(award.resident_id) or award.village_code].append(award)
    for payment in facts.payments:
        payments[payment.village_code].append(payment)
    codes = sorted(({*known, *enrolments, *contributions, *awards, *payments}) - {""})

    def row_figures(village_codes: Sequence[str]) -> StatisticsFigures:
        return figures_of(
            month,
            (e for code in village_codes for e in enrolments.get(code, ())),
            (c for code in village_codes for c in contributions.get(code, ())),
            (a for code in village_codes for a in awards.get(code, ())),
            (p for code in village_codes for p in payments.get(code, ())),
        )

    villages = tuple(
        StatisticsRow(
            level=StatisticsLevel.VILLAGE,
            code=code,
            name=known[code].name if code in known else "",
            township_code=township_of(code),
            figures=row_figures([code]),
        )
        for code in codes
    )
    by_township: dict[str, list[str]] = defaultdict(list)
    township_names: dict[str, str] = {}
    for code in codes:
        by_township[township_of(code)].append(code)
        if code in known and known[code].township_name:
            township_names.setdefault(township_of(code), known[code].township_name)
    townships = tuple(
        StatisticsRow(
            level=StatisticsLevel.TOWNSHIP,
            code=township,
            name=township_names.get(township, ""),
            figures=row_figures(members),
        )
        for township, members in sorted(by_township.items())
    )
    region = StatisticsRow(
        level=StatisticsLevel.REGION,
        code=region_code,
        name=region_name,
        figures=row_figures([*codes, ""]),  # facts without a village count in the region's row only
    )
    return ComputedStatistics(region, townships, villages, corrections_of(month, facts.contributions))


def report_contributions_fen(computed: ComputedStatistics) -> int:
    """What the fund received from contributions in the month by the report: the month's own (personal,
    collective, paid on behalf) with its corrections."""
    figures = computed.region.figures
    own = figures.personal_fen + figures.collective_fen + figures.paid_on_behalf_fen
    return own + sum(c.personal_fen + c.collective_fen + c.paid_on_behalf_fen for c in computed.corrections)


def report_subsidy_fen(computed: ComputedStatistics) -> int:
    """The month's contribution subsidy by the report, with its corrections."""
    return computed.region.figures.subsidy_fen + sum(c.subsidy_fen for c in computed.corrections)
