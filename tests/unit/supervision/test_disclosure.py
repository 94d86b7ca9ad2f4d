"""The disclosure's figures: income by source, expenditure by kind, and fund balances from the start."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import Month
from pension_supervision.domain.disclosure import (
    ExpenditureKind,
    IncomeSource,
    Period,
    Totals,
    disclose,
)
from pension_supervision.domain.facts import Component, FundName

PERIOD = Totals(
    personal_fen=100,
    subsidy_fen=20,
    collective_fen=5,
    paid_on_behalf_fen=10,
    interest_fen=3,
    transfer_in_fen=50,
    recovered_fen=7,
    paid_by_component={Component.BASIC_PENSION: 200, Component.ACCOUNT_PENSION: 40, Component.OLD_AGE_BONUS: 9},
    paid_by_fund={FundName.POOLED: 214, FundName.INDIVIDUAL_ACCOUNT: 35},
    inheritance_fen=11,
    transfer_out_fen=30,
)


def test_income_expenditure_and_balances() -> None:
    to_date = Totals(
        personal_fen=1_000,
        subsidy_fen=200,
        collective_fen=50,
        paid_on_behalf_fen=100,
        interest_fen=30,
        transfer_in_fen=50,
        recovered_fen=7,
        paid_by_fund={FundName.POOLED: 2_000, FundName.INDIVIDUAL_ACCOUNT: 300},
        inheritance_fen=11,
        transfer_out_fen=30,
    )
    disclosure = disclose(
        pooling_region_code="410122",
        period=Period(2026, 7),
        enrolled=10,
        contributing=4,
        receiving=3,
        in_period=PERIOD,
        to_date=to_date,
        computed_at=datetime.now(UTC),
    )
    income = dict(disclosure.income)
    assert income == {
        IncomeSource.PERSONAL_CONTRIBUTION: 100,
        IncomeSource.SUBSIDY: 20,
        IncomeSource.COLLECTIVE: 5,
        IncomeSource.PAID_ON_BEHALF: 10,
        IncomeSource.INTEREST: 3,
        IncomeSource.TRANSFER_IN: 50,
        IncomeSource.BASIC_PENSION_FINANCING: 214,
        IncomeSource.RECOVERY: 7,
    }
    assert dict(disclosure.expenditure) == {
        ExpenditureKind.BASIC_PENSION: 200,
        ExpenditureKind.LONG_CONTRIBUTION_BONUS: 0,
        ExpenditureKind.OLD_AGE_BONUS: 9,
        ExpenditureKind.ACCOUNT_PENSION: 40,
        ExpenditureKind.INHERITANCE: 11,
        ExpenditureKind.TRANSFER_OUT: 30,
    }
    # 1000 + 200 + 50 + 100 + 30 + 50 - 300 - 11 - 30; the pooled fund keeps only what was recovered
    assert dict(disclosure.fund_balances) == {FundName.INDIVIDUAL_ACCOUNT: 1_089, FundName.POOLED: 7}
    assert (disclosure.enrolled, disclosure.contributing, disclosure.receiving) == (10, 4, 3)


def test_a_period_is_a_month_or_the_whole_year() -> None:
    assert (Period(2026, 7).first_month, Period(2026, 7).last_month) == (Month(2026, 7), Month(2026, 7))
    assert (Period(2026).first_month, Period(2026).last_month) == (Month(2026, 1), Month(2026, 12))
    assert Period(2024, 2).last_day == date(2024, 2, 29)
    assert Period(2026).last_day == date(2026, 12, 31)
    assert (str(Period(2026, 7)), str(Period(2026))) == ("2026-07", "2026")


@pytest.mark.parametrize(
    ("year", "month", "reason"), [(2026, 13, "MONTH_INVALID"), (2026, -1, "MONTH_INVALID"), (1999, 1, "YEAR_INVALID")]
)
def test_an_impossible_period_is_refused(year: int, month: int, reason: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        Period(year, month)
    assert refused.value.reason == reason
