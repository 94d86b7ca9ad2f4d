"""Awards and monthly amounts by docs/domain.md's rules, with the demo region's policy."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pension_kit.identifiers import Month
from pension_kit.policy import demo_policy
from pension_payout.domain.benefit import (
    AwardTerms,
    Candidate,
    Component,
    Fund,
    ShortOfYears,
    assess,
    eligible_month,
    month_amount,
)

POLICY = demo_policy("411731", datetime(2026, 1, 1, tzinfo=UTC))


def candidate(birth: date, years: int, balance_fen: int, enrolled_on: date = date(2011, 8, 1)) -> Candidate:
    return Candidate("R1", "411731", birth, enrolled_on, years, balance_fen)


def test_the_first_month_is_the_month_after_the_birthday_and_after_enrolment() -> None:
    assert eligible_month(candidate(date(1966, 11, 10), 15, 0), POLICY) == Month(2026, 12)
    assert eligible_month(candidate(date(1966, 12, 31), 15, 0), POLICY) == Month(2027, 1)
    late = candidate(date(1950, 3, 1), 0, 0, enrolled_on=date(2026, 11, 2))
    assert eligible_month(late, POLICY) == Month(2026, 12)


def test_an_award_fixes_the_account_pension_once_half_up_and_explains_every_line() -> None:
    # 2,780,069 / 139 = 20,000.496...: 20,000 fen; 20 years is 5 beyond 15: 5 x 3 yuan.
    terms = assess(candidate(date(1966, 11, 10), 20, 2_780_069), POLICY, Month(2026, 12))
    assert isinstance(terms, AwardTerms)
    assert (terms.required_years, terms.extra_years, terms.account_pension_fen) == (15, 5, 20_000)
    lines = {(line.component, line.fund): line.amount_fen for line in terms.first_month_lines}
    assert lines[(Component.LONG_CONTRIBUTION_BONUS, Fund.POOLED)] == 1_500
    assert lines[(Component.ACCOUNT_PENSION, Fund.INDIVIDUAL_ACCOUNT)] == 20_000
    basic = [line for line in terms.first_month_lines if line.component == Component.BASIC_PENSION]
    assert [line.amount_fen for line in basic] == [14_300, 2_000, 1_000]  # central, provincial, county parts
    assert terms.first_month_total_fen == 38_800
    assert all(line.explanation for line in terms.first_month_lines)
    half = assess(candidate(date(1966, 11, 10), 20, 139 * 100 + 70), POLICY, Month(2026, 12))
    assert isinstance(half, AwardTerms) and half.account_pension_fen == 101  # 100.50... rounds up


def test_someone_short_of_years_is_told_how_many_they_lack() -> None:
    short = assess(candidate(date(1966, 11, 10), 9, 500_000), POLICY, Month(2026, 12))
    assert isinstance(short, ShortOfYears)
    assert (short.required_years, short.contributed_years, short.years_lacking) == (15, 9, 6)


def test_the_old_age_bonus_follows_the_age_on_the_last_day_of_the_month_paid() -> None:
    terms = assess(candidate(date(1946, 5, 31), 0, 0, enrolled_on=date(2015, 12, 1)), POLICY, Month(2016, 1))
    assert isinstance(terms, AwardTerms)
    birth = date(1946, 5, 31)
    bonus = {
        month: next(
            (
                line.amount_fen
                for line in month_amount(terms, POLICY, month, birth).lines
                if line.component == Component.OLD_AGE_BONUS
            ),
            0,
        )
        for month in (Month(2016, 4), Month(2016, 5), Month(2026, 4), Month(2026, 5))
    }
    # 70 on 31 May 2016 (+10 yuan from May), 80 on 31 May 2026 (+20 yuan from May).
    assert bonus == {Month(2016, 4): 0, Month(2016, 5): 1_000, Month(2026, 4): 1_000, Month(2026, 5): 2_000}


def test_the_account_pays_while_the_balance_at_award_lasts_then_the_pooled_fund() -> None:
    # 1,000,000 fen / 139 = 7,194 fen a month; 139 months of 7,194 = 999,966: the 140th month takes the last 34.
    terms = assess(candidate(date(1966, 11, 10), 15, 1_000_000), POLICY, Month(2026, 12))
    assert isinstance(terms, AwardTerms) and terms.account_pension_fen == 7_194
    birth = date(1966, 11, 10)

    def split(months_after: int) -> tuple[int, int]:
        lines = month_amount(terms, POLICY, terms.first_month.plus_months(months_after), birth).lines
        account = [line for line in lines if line.component == Component.ACCOUNT_PENSION]
        return (
            sum(line.amount_fen for line in account if line.fund == Fund.INDIVIDUAL_ACCOUNT),
            sum(line.amount_fen for line in account if line.fund == Fund.POOLED),
        )

    assert split(0) == (7_194, 0)
    assert split(138) == (7_194, 0)
    assert split(139) == (34, 7_160)
    assert split(140) == (0, 7_194)
    drawn = sum(split(k)[0] for k in range(200))
    assert drawn == 1_000_000  # never more than the balance at award, to the fen
    assert split(50) == split(50)  # a month recomputed gives the same split
