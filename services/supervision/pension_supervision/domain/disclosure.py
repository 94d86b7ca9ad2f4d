"""The published figures (信息披露) of a pooling region for a month or a year: people, income, expenditure, balances.

Income by source: the contributions (personal, subsidy, collective, paid on behalf), interest, balances transferred
in, recoveries of overpayments, and the basic pension financing, which is the government's: the benefits the pooled
fund paid, as the budget finances them. Expenditure by kind: the benefits paid by component, inheritance payouts
and balances transferred out. Fund balances at the end of the period, from the first fact on: the individual
account fund holds contributions, interest and transfers in less what it paid out (its part of the benefits,
inheritance, transfers out); the pooled fund receives its financing as it pays, so it holds only recoveries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import Month
from pension_supervision.domain.facts import Component, FundName

FIRST_YEAR = 2009  # the rural scheme's pilots began in 2009; nothing to disclose before


class IncomeSource(StrEnum):
    PERSONAL_CONTRIBUTION = "PERSONAL_CONTRIBUTION"
    SUBSIDY = "SUBSIDY"
    COLLECTIVE = "COLLECTIVE"
    PAID_ON_BEHALF = "PAID_ON_BEHALF"
    INTEREST = "INTEREST"
    TRANSFER_IN = "TRANSFER_IN"
    BASIC_PENSION_FINANCING = "BASIC_PENSION_FINANCING"
    RECOVERY = "RECOVERY"


class ExpenditureKind(StrEnum):
    BASIC_PENSION = "BASIC_PENSION"
    LONG_CONTRIBUTION_BONUS = "LONG_CONTRIBUTION_BONUS"
    OLD_AGE_BONUS = "OLD_AGE_BONUS"
    ACCOUNT_PENSION = "ACCOUNT_PENSION"
    INHERITANCE = "INHERITANCE"
    TRANSFER_OUT = "TRANSFER_OUT"


@dataclass(frozen=True, slots=True)
class Period:
    """A month of a year, or the whole year (month 0)."""

    year: int
    month: int = 0

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= 9999:
            raise InvalidArgument(
                "YEAR_INVALID", f"year {self.year} is not {FIRST_YEAR} to 9999", field="year", message_zh="年份无效"
            )
        if not 0 <= self.month <= 12:
            raise InvalidArgument(
                "MONTH_INVALID", f"month {self.month} is not 0 (the year) to 12", field="month", message_zh="月份无效"
            )

    @property
    def first_month(self) -> Month:
        return Month(self.year, self.month or 1)

    @property
    def last_month(self) -> Month:
        return Month(self.year, self.month or 12)

    @property
    def last_day(self) -> date:
        return self.last_month.last_day

    def __str__(self) -> str:
        """ "2026-07" for a month, "2026" for a year."""
        return str(self.first_month) if self.month else f"{self.year:04d}"


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums of the facts of some months (a period, or everything up to its end)."""

    personal_fen: int = 0
    subsidy_fen: int = 0
    collective_fen: int = 0
    paid_on_behalf_fen: int = 0
    interest_fen: int = 0
    transfer_in_fen: int = 0
    recovered_fen: int = 0
    paid_by_component: dict[Component, int] = field(default_factory=dict)
    paid_by_fund: dict[FundName, int] = field(default_factory=dict)
    inheritance_fen: int = 0
    transfer_out_fen: int = 0
    paid_fen: int = 0  # every benefit paid, all components


@dataclass(frozen=True, slots=True)
class Disclosure:
    pooling_region_code: str
    period: Period
    enrolled: int
    contributing: int
    receiving: int
    income: tuple[tuple[IncomeSource, int], ...]
    expenditure: tuple[tuple[ExpenditureKind, int], ...]
    fund_balances: tuple[tuple[FundName, int], ...]
    computed_at: datetime


def income(totals: Totals) -> tuple[tuple[IncomeSource, int], ...]:
    return (
        (IncomeSource.PERSONAL_CONTRIBUTION, totals.personal_fen),
        (IncomeSource.SUBSIDY, totals.subsidy_fen),
        (IncomeSource.COLLECTIVE, totals.collective_fen),
        (IncomeSource.PAID_ON_BEHALF, totals.paid_on_behalf_fen),
        (IncomeSource.INTEREST, totals.interest_fen),
        (IncomeSource.TRANSFER_IN, totals.transfer_in_fen),
        (IncomeSource.BASIC_PENSION_FINANCING, totals.paid_by_fund.get(FundName.POOLED, 0)),
        (IncomeSource.RECOVERY, totals.recovered_fen),
    )


def expenditure(totals: Totals) -> tuple[tuple[ExpenditureKind, int], ...]:
    by_component = totals.paid_by_component
    return (
        (ExpenditureKind.BASIC_PENSION, by_component.get(Component.BASIC_PENSION, 0)),
        (ExpenditureKind.LONG_CONTRIBUTION_BONUS, by_component.get(Component.LONG_CONTRIBUTION_BONUS, 0)),
        (ExpenditureKind.OLD_AGE_BONUS, by_component.get(Component.OLD_AGE_BONUS, 0)),
        (ExpenditureKind.ACCOUNT_PENSION, by_component.get(Component.ACCOUNT_PENSION, 0)),
        (ExpenditureKind.INHERITANCE, totals.inheritance_fen),
        (ExpenditureKind.TRANSFER_OUT, totals.transfer_out_fen),
    )


def fund_balances(to_date: Totals) -> tuple[tuple[FundName, int], ...]:
    """The balances at the end, from the totals of every fact up to then."""
    individual = (
        to_date.personal_fen
        + to_date.subsidy_fen
        + to_date.collective_fen
        + to_date.paid_on_behalf_fen
        + to_date.interest_fen
        + to_date.transfer_in_fen
        - to_date.paid_by_fund.get(FundName.INDIVIDUAL_ACCOUNT, 0)
        - to_date.inheritance_fen
        - to_date.transfer_out_fen
    )
    pooled_paid = to_date.paid_by_fund.get(FundName.POOLED, 0)
    pooled = pooled_paid - pooled_paid + to_date.recovered_fen  # financing equals what it paid; recoveries stay
    return ((FundName.INDIVIDUAL_ACCOUNT, individual), (FundName.POOLED, pooled))


def disclose(
    *,
    pooling_region_code: str,
    period: Period,
    enrolled: int,
    contributing: int,
    receiving: int,
    in_period: Totals,
    to_date: Totals,
    computed_at: datetime,
) -> Disclosure:
    return Disclosure(
        pooling_region_code=pooling_region_code,
        period=period,
        enrolled=enrolled,
        contributing=contributing,
        receiving=receiving,
        income=income(in_period),
        expenditure=expenditure(in_period),
        fund_balances=fund_balances(to_date),
        computed_at=computed_at,
    )
