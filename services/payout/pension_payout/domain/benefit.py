"""Awards and monthly amounts: required years, the award's breakdown, and what each month pays from which fund."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Final

from pension_kit.identifiers import Month, age_on
from pension_kit.money import divide_half_up, format_yuan
from pension_kit.policy import GovernmentLevel, PolicyVersion

__all__ = [
    "AwardTerms",
    "Candidate",
    "Component",
    "Fund",
    "MonthAmount",
    "ShortOfYears",
    "assess",
    "eligible_month",
    "month_amount",
]


class Component(IntEnum):
    """pension.common.v1.BenefitComponent."""

    BASIC_PENSION = 1
    LONG_CONTRIBUTION_BONUS = 2
    OLD_AGE_BONUS = 3
    ACCOUNT_PENSION = 4


class Fund(IntEnum):
    """pension.common.v1.Fund: who pays a fen."""

    INDIVIDUAL_ACCOUNT = 1
    POOLED = 2


_LEVEL_NAMES: Final = {
    GovernmentLevel.CENTRAL: "central",
    GovernmentLevel.PROVINCIAL: "provincial",
    GovernmentLevel.MUNICIPAL: "municipal",
    GovernmentLevel.COUNTY: "county",
}


@dataclass(frozen=True)
class Candidate:
    """What payout knows of an enrolled resident when it considers an award (from enrolment's events)."""

    resident_id: str
    pooling_region_code: str
    birth_date: date
    enrolled_on: date
    contributed_years: int
    account_balance_fen: int


@dataclass(frozen=True)
class Line:
    """One line of a breakdown: a component (and level, for basic pension parts), a fund, an amount a month."""

    component: Component
    level: int
    fund: Fund
    amount_fen: int
    explanation: str


@dataclass(frozen=True)
class AwardTerms:
    """An award as granted: the terms fixed at award and the breakdown of its first month."""

    resident_id: str
    pension_age_reached_on: date
    first_month: Month
    contributed_years: int
    required_years: int
    extra_years: int
    account_balance_at_award_fen: int
    account_pension_divisor: int
    account_pension_fen: int
    policy_version_id: str
    first_month_lines: tuple[Line, ...]

    @property
    def first_month_total_fen(self) -> int:
        return sum(line.amount_fen for line in self.first_month_lines)


@dataclass(frozen=True)
class ShortOfYears:
    """A resident past pension age who cannot be awarded yet, and by how many years."""

    resident_id: str
    pension_age_reached_on: date
    contributed_years: int
    required_years: int

    @property
    def years_lacking(self) -> int:
        return self.required_years - self.contributed_years


@dataclass(frozen=True)
class MonthAmount:
    """What one month of an award pays, line by line, with the policy version and the age that drove it."""

    month: Month
    lines: tuple[Line, ...]
    age_at_month_end: int
    policy_version_id: str

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)


def eligible_month(candidate: Candidate, policy: PolicyVersion) -> Month:
    """The first month an award can pay: the month after the pension-age birthday's, and after enrolment's."""
    birthday = policy.pension_age_birthday(candidate.birth_date)
    return max(Month.of(birthday).next(), Month.of(candidate.enrolled_on).next())


def assess(candidate: Candidate, policy: PolicyVersion, first_month: Month) -> AwardTerms | ShortOfYears:
    """An award starting `first_month` under `policy` (the version in force then), or how short the resident is."""
    birthday = policy.pension_age_birthday(candidate.birth_date)
    required = policy.required_years(candidate.birth_date)
    if candidate.contributed_years < required:
        return ShortOfYears(candidate.resident_id, birthday, candidate.contributed_years, required)
    extra = max(0, candidate.contributed_years - policy.full_contribution_years)
    balance = max(0, candidate.account_balance_fen)
    # The one rounding of the account pension: fixed at award, half up to the fen.
    account_pension = divide_half_up(balance, policy.account_pension_divisor)
    terms = AwardTerms(
        resident_id=candidate.resident_id,
        pension_age_reached_on=birthday,
        first_month=first_month,
        contributed_years=candidate.contributed_years,
        required_years=required,
        extra_years=extra,
        account_balance_at_award_fen=balance,
        account_pension_divisor=policy.account_pension_divisor,
        account_pension_fen=account_pension,
        policy_version_id=policy.policy_version_id,
        first_month_lines=(),
    )
    lines = month_amount(terms, policy, first_month, candidate.birth_date).lines
    return AwardTerms(**{**terms.__dict__, "first_month_lines": lines})


def month_amount(terms: AwardTerms, policy: PolicyVersion, month: Month, birth_date: date) -> MonthAmount:
    """What `month` pays under `policy` (the version in force on the month's last day).

    The basic pension and the bonuses follow the policy of the month; the old-age bonus follows the age on
    the month's last day; the account pension is the amount fixed at award. The account pays it for as long
    as the balance at award lasts, month by month from the first month on the calendar (so a month's split
    never depends on which other months were paid, and recomputing a month gives the same result); the
    pooled fund pays the rest.
    """
    age = age_on(birth_date, month.last_day)
    lines: list[Line] = [
        Line(
            Component.BASIC_PENSION,
            part.level,
            Fund.POOLED,
            part.monthly_fen,
            f"basic pension, {_LEVEL_NAMES.get(GovernmentLevel(part.level), 'other')} part: "
            f"{format_yuan(part.monthly_fen)} yuan (policy {policy.policy_version_id})",
        )
        for part in policy.basic_pension_parts
    ]
    if terms.extra_years:
        bonus = terms.extra_years * policy.long_contribution_bonus_per_year_fen
        lines.append(
            Line(
                Component.LONG_CONTRIBUTION_BONUS,
                0,
                Fund.POOLED,
                bonus,
                f"long-contribution bonus: {terms.extra_years} years beyond {policy.full_contribution_years} x "
                f"{format_yuan(policy.long_contribution_bonus_per_year_fen)} yuan = {format_yuan(bonus)} yuan",
            )
        )
    old_age = policy.old_age_bonus_monthly_fen(age)
    if old_age:
        lines.append(
            Line(
                Component.OLD_AGE_BONUS,
                0,
                Fund.POOLED,
                old_age,
                f"old-age bonus at age {age} on {month.last_day.isoformat()}: {format_yuan(old_age)} yuan",
            )
        )
    lines.extend(_account_pension_lines(terms, month))
    return MonthAmount(month, tuple(lines), age, policy.policy_version_id)


def months_after_first(terms: AwardTerms, month: Month) -> int:
    """0 for the award's first month, 1 for the next, and so on."""
    return (month.year - terms.first_month.year) * 12 + month.month - terms.first_month.month


def _account_pension_lines(terms: AwardTerms, month: Month) -> list[Line]:
    pension = terms.account_pension_fen
    if pension == 0:
        return []
    balance = terms.account_balance_at_award_fen
    drawn_before = min(balance, months_after_first(terms, month) * pension)
    from_account = min(pension, balance - drawn_before)
    basis = (
        f"account pension: {format_yuan(balance)} yuan at award / {terms.account_pension_divisor} = "
        f"{format_yuan(pension)} yuan (half up, fixed at award)"
    )
    lines = []
    if from_account:
        lines.append(Line(Component.ACCOUNT_PENSION, 0, Fund.INDIVIDUAL_ACCOUNT, from_account, basis))
    if pension - from_account:
        lines.append(
            Line(
                Component.ACCOUNT_PENSION,
                0,
                Fund.POOLED,
                pension - from_account,
                f"{basis}; {format_yuan(pension - from_account)} yuan from the pooled fund once the account is spent",
            )
        )
    return lines
