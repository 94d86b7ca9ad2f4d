"""A pooling region's policy parameters as versioned data: grades, subsidies, pensions, rates, and the demo values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identifiers import IdentifierError, age_on, division_code_of_pooling_region
from pension_kit.money import divide_half_up, require_fen, yuan_to_fen

__all__ = [
    "DEMO_SUPERVISION_THRESHOLDS",
    "BasicPensionPart",
    "ContributionGrade",
    "GovernmentLevel",
    "InterestRate",
    "OldAgeBonusBand",
    "PaidOnBehalfRule",
    "PolicyVersion",
    "SpecialGroup",
    "SubsidyPart",
    "SupervisionThresholds",
    "demo_policy",
    "in_force",
    "validate_policy",
    "validate_policy_change",
]


class SpecialGroup(IntEnum):
    """Mirrors pension.common.v1.SpecialGroup."""

    UNSPECIFIED = 0
    SEVERE_DISABILITY = 1
    MINIMUM_LIVING_ALLOWANCE = 2
    EXTREME_POVERTY = 3


class GovernmentLevel(IntEnum):
    """Mirrors pension.common.v1.GovernmentLevel: who finances a part of the basic pension."""

    UNSPECIFIED = 0
    CENTRAL = 1
    PROVINCIAL = 2
    MUNICIPAL = 3
    COUNTY = 4


@dataclass(frozen=True, slots=True)
class SubsidyPart:
    """The part of a grade's contribution subsidy one level of government pays, fen a year."""

    level: int  # GovernmentLevel
    annual_fen: int


@dataclass(frozen=True, slots=True)
class ContributionGrade:
    """A grade's annual amount and the government subsidy credited with it, both fen a year; who pays the subsidy
    by level of government (none listed: the county pays all of it)."""

    annual_fen: int
    subsidy_fen: int
    subsidy_parts: tuple[SubsidyPart, ...] = ()

    def subsidy_by_level(self) -> dict[int, int]:
        """Fen a year each level pays (GovernmentLevel -> fen); the county's alone when no parts are listed."""
        if not self.subsidy_parts:
            return {GovernmentLevel.COUNTY: self.subsidy_fen}
        return {part.level: part.annual_fen for part in self.subsidy_parts}


@dataclass(frozen=True, slots=True)
class PaidOnBehalfRule:
    """How the county pays for one special group: the grade credited, how much of it the county pays, subsidy."""

    group: int  # SpecialGroup
    grade_fen: int
    paid_on_behalf_fen: int
    with_subsidy: bool


@dataclass(frozen=True, slots=True)
class BasicPensionPart:
    level: int  # GovernmentLevel
    monthly_fen: int


@dataclass(frozen=True, slots=True)
class OldAgeBonusBand:
    """The bonus from `from_age` (age on the last day of the month paid) until the next band's age."""

    from_age: int
    monthly_fen: int


@dataclass(frozen=True, slots=True)
class InterestRate:
    year: int
    rate_ppm: int


def pension_age_birthday(birth_date: date, pension_age: int) -> date:
    """The day a resident reaches pension age; someone born on 29 February does so on 1 March in a common year."""
    try:
        return birth_date.replace(year=birth_date.year + pension_age)
    except ValueError:
        return date(birth_date.year + pension_age, 3, 1)


def required_years(birth_date: date, scheme_start: date, full_years: int, pension_age: int) -> int:
    """max(0, min(full years, whole years from the scheme start to the pension-age birthday)) (docs/domain.md)."""
    birthday = pension_age_birthday(birth_date, pension_age)
    if birthday <= scheme_start:
        return 0
    return max(0, min(full_years, age_on(scheme_start, birthday)))


# pension.verification.v1.SignOfLifeSource names, without the prefix.
SIGN_OF_LIFE_SOURCES: Final = ("HOSPITAL_VISIT", "BANK_COUNTER_WITHDRAWAL", "GOVERNMENT_SERVICE")
DEFAULT_FACE_DATA_RETENTION_DAYS: Final = 180
FACE_DATA_RETENTION_DAYS_RANGE: Final = range(1, 3651)


@dataclass(frozen=True, slots=True)
class SupervisionThresholds:
    """Thresholds of supervision's alert rules in one pooling region; the defaults are the demo values.

    The contract's zero means "the demo value" (contracts/pension_contracts/policy.py maps it), so a region that
    never set them is supervised with the demo values, never with a threshold of zero.
    """

    # More pensioners than this paid into one bank account raise an alert (a couple may share one).
    max_pensioners_per_bank_account: int = 2
    # From this age a pensioner certified only by data, or by one agent year after year, raises an alert.
    centenarian_age: int = 100
    # Consecutive years certified by the same agent that raise that alert.
    same_agent_years: int = 3
    # An agent's certification farther than this from the village's position raises an alert.
    far_from_village_metres: int = 5_000
    # This many certifications by one agent within `burst_minutes` raise an alert.
    burst_certifications: int = 10
    burst_minutes: int = 10
    # A case whose money at stake reaches this is escalated (要情报告): 100,000 yuan.
    escalation_threshold_fen: int = 10_000_000


DEMO_SUPERVISION_THRESHOLDS: Final = SupervisionThresholds()


@dataclass(frozen=True, slots=True)
class PolicyVersion:
    """One version of a pooling region's parameters, in force from `effective_from` until the next version's."""

    policy_version_id: str
    pooling_region_code: str
    effective_from: date
    grades: tuple[ContributionGrade, ...]
    paid_on_behalf_rules: tuple[PaidOnBehalfRule, ...]
    scheme_start_date: date
    pension_age: int
    full_contribution_years: int
    basic_pension_parts: tuple[BasicPensionPart, ...]
    long_contribution_bonus_per_year_fen: int
    old_age_bonus_bands: tuple[OldAgeBonusBand, ...]
    account_pension_divisor: int
    interest_rates: tuple[InterestRate, ...]
    certification_period_months: int
    certification_notice_days: int
    minimum_enrolment_age: int
    cash_settlement_days: int
    changed_by: str
    changed_at: datetime
    reason: str
    # Days a dead or transferred resident's photos and face templates are kept before they are deleted.
    face_data_retention_days: int = DEFAULT_FACE_DATA_RETENTION_DAYS
    # SignOfLifeSource names (without prefix) whose records count as a proof of life.
    data_certification_sources: tuple[str, ...] = SIGN_OF_LIFE_SOURCES
    # Thresholds of supervision's alert rules (the demo values unless the region set its own).
    supervision: SupervisionThresholds = DEMO_SUPERVISION_THRESHOLDS

    def pension_age_birthday(self, birth_date: date) -> date:
        return pension_age_birthday(birth_date, self.pension_age)

    def required_years(self, birth_date: date) -> int:
        """The years of contributions a resident born on `birth_date` needs for a pension under this version."""
        return required_years(birth_date, self.scheme_start_date, self.full_contribution_years, self.pension_age)

    def grade(self, annual_fen: int) -> ContributionGrade:
        """The grade of exactly `annual_fen`; any other amount is refused, never rounded to a grade."""
        require_fen(annual_fen, "grade_fen")
        for grade in self.grades:
            if grade.annual_fen == annual_fen:
                return grade
        raise InvalidArgument(
            "GRADE_NOT_OFFERED",
            f"{annual_fen} fen a year is not a contribution grade of policy {self.policy_version_id}",
            field="grade_fen",
            message_zh="所选缴费档次不在本地区缴费档次之内",
        )

    @property
    def lowest_grade(self) -> ContributionGrade:
        return min(self.grades, key=lambda grade: grade.annual_fen)

    def paid_on_behalf_rule(self, group: int) -> PaidOnBehalfRule | None:
        """The county's rule for `group`; None when the region does not pay on behalf of that group."""
        return next((rule for rule in self.paid_on_behalf_rules if rule.group == group), None)

    def interest_rate(self, year: int) -> int:
        """The account interest rate of `year` in ppm; a missing year is refused, never assumed."""
        for rate in self.interest_rates:
            if rate.year == year:
                return rate.rate_ppm
        raise FailedPrecondition(
            "INTEREST_RATE_MISSING",
            f"policy {self.policy_version_id} has no interest rate for {year}",
            field="year",
            message_zh=f"未设置{year}年度记账利率",
        )

    @property
    def basic_pension_monthly_fen(self) -> int:
        return sum(part.monthly_fen for part in self.basic_pension_parts)

    def old_age_bonus_monthly_fen(self, age: int) -> int:
        """The bonus of the highest band whose age `age` has reached; 0 below the first band."""
        reached = [band for band in self.old_age_bonus_bands if band.from_age <= age]
        return max(reached, key=lambda band: band.from_age).monthly_fen if reached else 0

    def long_contribution_bonus_monthly_fen(self, contributed_years: int) -> int:
        """The long-contribution bonus: a fixed amount a month per full year contributed beyond the full years."""
        return max(0, contributed_years - self.full_contribution_years) * self.long_contribution_bonus_per_year_fen

    def account_pension_monthly_fen(self, balance_fen: int) -> int:
        """Account balance at award / divisor, rounded half up to the fen once (fixed at award)."""
        return divide_half_up(balance_fen, self.account_pension_divisor)


# --- validation --------------------------------------------------------------------------------------

PENSION_AGE_RANGE: Final = range(50, 71)
FULL_CONTRIBUTION_YEARS_RANGE: Final = range(1, 31)
CERTIFICATION_PERIOD_MONTHS_RANGE: Final = range(1, 61)
CERTIFICATION_NOTICE_DAYS_RANGE: Final = range(0, 366)
CASH_SETTLEMENT_DAYS_RANGE: Final = range(1, 31)


def _refuse(reason: str, field: str, message: str) -> InvalidArgument:
    return InvalidArgument(reason, message, field=field)


def _check(condition: bool, reason: str, field: str, message: str) -> None:
    if not condition:
        raise _refuse(reason, field, message)


def _validate_identity(version: PolicyVersion) -> None:
    _check(bool(version.policy_version_id.strip()), "POLICY_VERSION_ID_REQUIRED", "policy_version_id", "required")
    try:
        division_code_of_pooling_region(version.pooling_region_code, field="pooling_region_code")
    except IdentifierError as error:
        raise _refuse(error.reason, error.field, error.message) from error
    _check(bool(version.changed_by.strip()), "CHANGED_BY_REQUIRED", "changed_by", "who made the change is required")
    _check(bool(version.reason.strip()), "REASON_REQUIRED", "reason", "why the change was made is required")
    _check(
        version.changed_at.tzinfo is not None,
        "CHANGED_AT_NAIVE",
        "changed_at",
        "changed_at needs a time zone, so that the order of versions is unambiguous",
    )


def _validate_grades(version: PolicyVersion) -> None:
    _check(bool(version.grades), "GRADES_REQUIRED", "grades", "a policy offers at least one grade")
    previous = 0
    for index, grade in enumerate(version.grades):
        field = f"grades[{index}]"
        require_fen(grade.annual_fen, f"{field}.annual_fen")
        require_fen(grade.subsidy_fen, f"{field}.subsidy_fen")
        _check(grade.annual_fen > 0, "GRADE_NOT_POSITIVE", f"{field}.annual_fen", "a grade is a positive amount")
        _check(
            grade.annual_fen > previous,
            "GRADES_NOT_INCREASING",
            f"{field}.annual_fen",
            "grades are listed lowest first, each higher than the one before",
        )
        _check(grade.subsidy_fen >= 0, "SUBSIDY_NEGATIVE", f"{field}.subsidy_fen", "a subsidy is never negative")
        _validate_subsidy_parts(grade, field)
        previous = grade.annual_fen


def _validate_subsidy_parts(grade: ContributionGrade, field: str) -> None:
    levels: set[int] = set()
    for index, part in enumerate(grade.subsidy_parts):
        part_field = f"{field}.subsidy_parts[{index}]"
        _check(
            part.level in set(GovernmentLevel) - {GovernmentLevel.UNSPECIFIED},
            "GOVERNMENT_LEVEL_UNKNOWN",
            f"{part_field}.level",
            f"{part.level} is not a government level",
        )
        _check(part.level not in levels, "SUBSIDY_PART_DUPLICATE", f"{part_field}.level", "one part per level")
        levels.add(part.level)
        _check(require_fen(part.annual_fen) >= 0, "AMOUNT_NEGATIVE", f"{part_field}.annual_fen", "never negative")
    if grade.subsidy_parts:
        _check(
            sum(part.annual_fen for part in grade.subsidy_parts) == grade.subsidy_fen,
            "SUBSIDY_PARTS_MISMATCH",
            f"{field}.subsidy_parts",
            "the parts by level of government add up to the grade's subsidy",
        )


def _validate_paid_on_behalf(version: PolicyVersion) -> None:
    offered = {grade.annual_fen for grade in version.grades}
    groups: set[int] = set()
    for index, rule in enumerate(version.paid_on_behalf_rules):
        field = f"paid_on_behalf_rules[{index}]"
        _check(
            rule.group in set(SpecialGroup) - {SpecialGroup.UNSPECIFIED},
            "SPECIAL_GROUP_UNKNOWN",
            f"{field}.group",
            f"{rule.group} is not a special group",
        )
        _check(rule.group not in groups, "PAID_ON_BEHALF_RULE_DUPLICATE", f"{field}.group", "one rule per group")
        groups.add(rule.group)
        _check(
            rule.grade_fen in offered, "GRADE_NOT_OFFERED", f"{field}.grade_fen", "the grade must be one of the grades"
        )
        _check(
            0 < rule.paid_on_behalf_fen <= rule.grade_fen,
            "PAID_ON_BEHALF_OUT_OF_RANGE",
            f"{field}.paid_on_behalf_fen",
            "the county pays a positive part of the grade, at most all of it",
        )


def _validate_ages_and_years(version: PolicyVersion) -> None:
    _check(
        version.pension_age in PENSION_AGE_RANGE,
        "PENSION_AGE_OUT_OF_RANGE",
        "pension_age",
        f"the pension age is {PENSION_AGE_RANGE.start} to {PENSION_AGE_RANGE.stop - 1}",
    )
    _check(
        version.full_contribution_years in FULL_CONTRIBUTION_YEARS_RANGE,
        "FULL_CONTRIBUTION_YEARS_OUT_OF_RANGE",
        "full_contribution_years",
        f"full years are {FULL_CONTRIBUTION_YEARS_RANGE.start} to {FULL_CONTRIBUTION_YEARS_RANGE.stop - 1}",
    )
    _check(
        0 < version.minimum_enrolment_age < version.pension_age,
        "MINIMUM_ENROLMENT_AGE_OUT_OF_RANGE",
        "minimum_enrolment_age",
        "the minimum enrolment age is positive and below the pension age",
    )


def _validate_benefit(version: PolicyVersion) -> None:
    _check(bool(version.basic_pension_parts), "BASIC_PENSION_PARTS_REQUIRED", "basic_pension_parts", "required")
    levels: set[int] = set()
    for index, part in enumerate(version.basic_pension_parts):
        field = f"basic_pension_parts[{index}]"
        _check(
            part.level in set(GovernmentLevel) - {GovernmentLevel.UNSPECIFIED},
            "GOVERNMENT_LEVEL_UNKNOWN",
            f"{field}.level",
            f"{part.level} is not a government level",
        )
        _check(part.level not in levels, "BASIC_PENSION_PART_DUPLICATE", f"{field}.level", "one part per level")
        levels.add(part.level)
        _check(require_fen(part.monthly_fen) >= 0, "AMOUNT_NEGATIVE", f"{field}.monthly_fen", "never negative")
    _check(
        require_fen(version.long_contribution_bonus_per_year_fen) >= 0,
        "AMOUNT_NEGATIVE",
        "long_contribution_bonus_per_year_fen",
        "never negative",
    )
    previous_age = 0
    for index, band in enumerate(version.old_age_bonus_bands):
        field = f"old_age_bonus_bands[{index}]"
        _check(
            band.from_age > previous_age,
            "OLD_AGE_BONUS_BANDS_NOT_INCREASING",
            f"{field}.from_age",
            "bands are listed youngest first, each from a higher age than the one before",
        )
        _check(require_fen(band.monthly_fen) >= 0, "AMOUNT_NEGATIVE", f"{field}.monthly_fen", "never negative")
        previous_age = band.from_age
    _check(version.account_pension_divisor > 0, "DIVISOR_NOT_POSITIVE", "account_pension_divisor", "must be > 0")


def _validate_interest_rates(version: PolicyVersion) -> None:
    previous_year = 0
    for index, rate in enumerate(version.interest_rates):
        field = f"interest_rates[{index}]"
        _check(
            rate.year > previous_year,
            "INTEREST_RATE_YEARS_NOT_INCREASING",
            f"{field}.year",
            "one rate a year, earliest year first",
        )
        _check(require_fen(rate.rate_ppm, "rate_ppm") >= 0, "INTEREST_RATE_NEGATIVE", f"{field}.rate_ppm", ">= 0")
        previous_year = rate.year


def _validate_administration(version: PolicyVersion) -> None:
    _check(
        version.certification_period_months in CERTIFICATION_PERIOD_MONTHS_RANGE,
        "CERTIFICATION_PERIOD_OUT_OF_RANGE",
        "certification_period_months",
        "the certification period is 1 to 60 months",
    )
    _check(
        version.certification_notice_days in CERTIFICATION_NOTICE_DAYS_RANGE,
        "CERTIFICATION_NOTICE_OUT_OF_RANGE",
        "certification_notice_days",
        "the certification notice is 0 to 365 days",
    )
    _check(
        version.face_data_retention_days in FACE_DATA_RETENTION_DAYS_RANGE,
        "FACE_DATA_RETENTION_OUT_OF_RANGE",
        "face_data_retention_days",
        "photos and face templates are kept 1 to 3650 days after death or transfer",
    )
    for index, source in enumerate(version.data_certification_sources):
        _check(
            source in SIGN_OF_LIFE_SOURCES and source not in version.data_certification_sources[:index],
            "DATA_CERTIFICATION_SOURCE_UNKNOWN",
            f"data_certification_sources[{index}]",
            f"one of {', '.join(SIGN_OF_LIFE_SOURCES)}, each once",
        )
    _check(
        version.cash_settlement_days in CASH_SETTLEMENT_DAYS_RANGE,
        "CASH_SETTLEMENT_DAYS_OUT_OF_RANGE",
        "cash_settlement_days",
        "agents deposit cash within 1 to 30 days",
    )


MAX_PENSIONERS_PER_BANK_ACCOUNT_RANGE: Final = range(1, 101)
CENTENARIAN_AGE_RANGE: Final = range(80, 131)
SAME_AGENT_YEARS_RANGE: Final = range(2, 21)
FAR_FROM_VILLAGE_METRES_RANGE: Final = range(100, 100_001)
BURST_CERTIFICATIONS_RANGE: Final = range(2, 1_001)
BURST_MINUTES_RANGE: Final = range(1, 24 * 60 + 1)


def _validate_supervision(thresholds: SupervisionThresholds) -> None:
    ranges = (
        ("max_pensioners_per_bank_account", MAX_PENSIONERS_PER_BANK_ACCOUNT_RANGE, "MAX_PENSIONERS_PER_BANK_ACCOUNT"),
        ("centenarian_age", CENTENARIAN_AGE_RANGE, "CENTENARIAN_AGE"),
        ("same_agent_years", SAME_AGENT_YEARS_RANGE, "SAME_AGENT_YEARS"),
        ("far_from_village_metres", FAR_FROM_VILLAGE_METRES_RANGE, "FAR_FROM_VILLAGE_METRES"),
        ("burst_certifications", BURST_CERTIFICATIONS_RANGE, "BURST_CERTIFICATIONS"),
        ("burst_minutes", BURST_MINUTES_RANGE, "BURST_MINUTES"),
    )
    for name, allowed, reason in ranges:
        value = getattr(thresholds, name)
        _check(
            value in allowed,
            f"{reason}_OUT_OF_RANGE",
            f"supervision.{name}",
            f"{name} is {allowed.start} to {allowed.stop - 1}",
        )
    _check(
        require_fen(thresholds.escalation_threshold_fen, "supervision.escalation_threshold_fen") > 0,
        "ESCALATION_THRESHOLD_NOT_POSITIVE",
        "supervision.escalation_threshold_fen",
        "the escalation threshold is a positive amount of fen",
    )


def validate_policy(version: PolicyVersion) -> None:
    """Checks a proposed version on its own; the first refusal names its field and a stable reason."""
    _validate_identity(version)
    _validate_grades(version)
    _validate_paid_on_behalf(version)
    _validate_ages_and_years(version)
    _validate_benefit(version)
    _validate_interest_rates(version)
    _validate_administration(version)
    _validate_supervision(version.supervision)


def validate_policy_change(existing: Sequence[PolicyVersion], proposed: PolicyVersion, *, today: date) -> None:
    """Checks a proposed version against the region's versions so far: the past is never rewritten.

    The first version of a region may start on any date (it is how a county's history is loaded); every later
    one must start after `today`, so that a calculation already made, and its recomputation, keep their numbers.
    """
    validate_policy(proposed)
    for version in existing:
        _check(
            version.pooling_region_code == proposed.pooling_region_code,
            "POOLING_REGION_MISMATCH",
            "pooling_region_code",
            "versions of different pooling regions were mixed",
        )
        _check(
            version.policy_version_id != proposed.policy_version_id,
            "POLICY_VERSION_ID_TAKEN",
            "policy_version_id",
            f"{proposed.policy_version_id} already exists",
        )
    _check(
        not existing or proposed.effective_from > today,
        "POLICY_EFFECTIVE_DATE_NOT_FUTURE",
        "effective_from",
        "a change takes effect from a later date than today; past calculations keep the version they used",
    )


def in_force(versions: Sequence[PolicyVersion], on: date) -> PolicyVersion:
    """The version of one region in force on `on`: the latest `effective_from` on or before it.

    Two versions with the same date (a correction of a version not yet in force) resolve to the later change.
    """
    candidates = [version for version in versions if version.effective_from <= on]
    if not candidates:
        raise FailedPrecondition(
            "POLICY_NOT_IN_FORCE",
            f"no policy version is in force on {on.isoformat()}",
            field="effective_from",
            message_zh="该日期无生效的政策参数",
        )
    return max(candidates, key=lambda version: (version.effective_from, version.changed_at))


# --- the demo region (docs/domain.md's example values) ---------------------------------------------------

DEMO_EFFECTIVE_FROM: Final = date(2011, 7, 1)
_DEMO_GRADE_YUAN: Final = (200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000)


def _demo_subsidy_yuan(grade_yuan: int) -> int:
    if grade_yuan <= 400:
        return 40
    if grade_yuan <= 900:
        return 60
    if grade_yuan < 1500:
        return 80
    return 100


# The province's share of every grade's subsidy in the demo; the county pays the rest. The Ankang service standard
# (../shared/seeds/001_*) has the province's and the county's finance pay the subsidy ("省、县财政应拨付的缴费补贴");
# the 30 yuan is an example, not a figure from the seeds.
_DEMO_PROVINCIAL_SUBSIDY_YUAN: Final = 30


def _demo_grade(grade_yuan: int) -> ContributionGrade:
    subsidy_yuan = _demo_subsidy_yuan(grade_yuan)
    return ContributionGrade(
        yuan_to_fen(grade_yuan),
        yuan_to_fen(subsidy_yuan),
        (
            SubsidyPart(GovernmentLevel.PROVINCIAL, yuan_to_fen(_DEMO_PROVINCIAL_SUBSIDY_YUAN)),
            SubsidyPart(GovernmentLevel.COUNTY, yuan_to_fen(subsidy_yuan - _DEMO_PROVINCIAL_SUBSIDY_YUAN)),
        ),
    )


def demo_policy(pooling_region_code: str, changed_at: datetime) -> PolicyVersion:
    """The demo region's version with docs/domain.md's example values, in force from the scheme start."""
    grades = tuple(_demo_grade(yuan) for yuan in _DEMO_GRADE_YUAN)
    lowest = grades[0].annual_fen
    return PolicyVersion(
        # Deterministic, so that seeding the demo region twice stores one version.
        policy_version_id=f"{pooling_region_code}:{DEMO_EFFECTIVE_FROM.isoformat()}:demo",
        pooling_region_code=pooling_region_code,
        effective_from=DEMO_EFFECTIVE_FROM,
        grades=grades,
        paid_on_behalf_rules=tuple(
            PaidOnBehalfRule(group=group, grade_fen=lowest, paid_on_behalf_fen=lowest, with_subsidy=True)
            for group in (
                SpecialGroup.SEVERE_DISABILITY,
                SpecialGroup.MINIMUM_LIVING_ALLOWANCE,
                SpecialGroup.EXTREME_POVERTY,
            )
        ),
        scheme_start_date=date(2011, 7, 1),
        pension_age=60,
        full_contribution_years=15,
        basic_pension_parts=(
            BasicPensionPart(GovernmentLevel.CENTRAL, yuan_to_fen(143)),
            BasicPensionPart(GovernmentLevel.PROVINCIAL, yuan_to_fen(20)),
            BasicPensionPart(GovernmentLevel.COUNTY, yuan_to_fen(10)),
        ),
        long_contribution_bonus_per_year_fen=yuan_to_fen(3),
        old_age_bonus_bands=(
            OldAgeBonusBand(70, yuan_to_fen(10)),
            OldAgeBonusBand(80, yuan_to_fen(20)),
            OldAgeBonusBand(90, yuan_to_fen(50)),
        ),
        account_pension_divisor=139,
        interest_rates=tuple(InterestRate(year, 25_000) for year in range(2011, 2036)),
        certification_period_months=12,
        certification_notice_days=30,
        minimum_enrolment_age=16,
        cash_settlement_days=1,
        changed_by="system:demo-seed",
        changed_at=changed_at,
        reason="docs/domain.md example values for the demo region",
    )
