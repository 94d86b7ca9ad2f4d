"""The rules of one contribution, as refusals: every one a legacy row breaks, the first of them for a request."""

from datetime import UTC, date, datetime

import pytest

from pension_enrolment.domain.contributions import (
    KIND_MONEY,
    ContributionChannel,
    ContributionKind,
    amount_refusals,
    cash_refusals,
    channel_refusals,
    contribution_year_refusals,
    current_year_refusals,
    last_contribution_year,
)
from pension_kit.errors import InvalidArgument
from pension_kit.policy import demo_policy

POLICY = demo_policy("411723", datetime(2011, 1, 1, tzinfo=UTC))
K, C = ContributionKind, ContributionChannel


def reasons(refusals: list[InvalidArgument]) -> list[tuple[str, str]]:
    return [(refusal.reason, refusal.field) for refusal in refusals]


@pytest.mark.parametrize(
    ("kind", "channel", "refused"),
    [
        (K.OWN, C.CASH, False),
        (K.ARREARS, C.BANK_WITHHOLDING, False),
        (K.COLLECTIVE, C.ONLINE, False),
        (K.OWN, C.LEGACY_IMPORT, False),
        (K.PAID_ON_BEHALF, C.GOVERNMENT, False),
        (K.PAID_ON_BEHALF, C.CASH, True),
        (K.OWN, C.GOVERNMENT, True),
        (K.COLLECTIVE, C.UNSPECIFIED, True),
    ],
)
def test_paid_on_behalf_and_only_it_comes_through_the_countys_batch(
    kind: ContributionKind, channel: ContributionChannel, refused: bool
) -> None:
    assert reasons(channel_refusals(kind, channel)) == ([("CHANNEL_NOT_ALLOWED", "channel")] if refused else [])


def test_cash_needs_a_receipt_and_the_collecting_agent_and_both_are_reported() -> None:
    assert reasons(cash_refusals(C.CASH, " ", "")) == [
        ("RECEIPT_REQUIRED", "receipt_number"),
        ("AGENT_REQUIRED", "agent_id"),
    ]
    assert cash_refusals(C.CASH, "R-1", "AG1") == []
    assert cash_refusals(C.BANK_WITHHOLDING, "", "") == []


def test_a_current_year_contribution_is_paid_in_its_year() -> None:
    assert current_year_refusals(2015, date(2015, 12, 31)) == []
    assert reasons(current_year_refusals(2015, date(2016, 1, 1))) == [("CONTRIBUTION_YEAR_NOT_CURRENT", "year")]


def test_a_contribution_year_lies_between_the_first_and_the_last_of_the_residents() -> None:
    birth = date(1998, 6, 1)  # 16 in 2014, after the scheme started
    assert reasons(contribution_year_refusals(birth, 2013, POLICY)) == [("CONTRIBUTION_YEAR_BEFORE_FIRST", "year")]
    assert contribution_year_refusals(birth, 2014, POLICY) == []
    last = last_contribution_year(birth, POLICY)
    assert contribution_year_refusals(birth, last, POLICY) == []
    assert reasons(contribution_year_refusals(birth, last + 1, POLICY)) == [("CONTRIBUTION_YEAR_AFTER_LAST", "year")]


@pytest.mark.parametrize("kind", [K.OWN, K.ARREARS, K.PAID_ON_BEHALF, K.COLLECTIVE])
def test_a_contribution_moves_its_kinds_money(kind: ContributionKind) -> None:
    assert amount_refusals(kind, 1) == []
    assert reasons(amount_refusals(kind, 0)) == [("AMOUNT_NOT_POSITIVE", KIND_MONEY[kind])]


def test_arrears_are_paid_without_a_subsidy_and_money_is_integer_fen() -> None:
    assert reasons(amount_refusals(K.ARREARS, 0, 4000)) == [
        ("AMOUNT_NOT_POSITIVE", "personal_fen"),
        ("ARREARS_WITH_SUBSIDY", "subsidy_fen"),
    ]
    assert amount_refusals(K.OWN, 20000, 4000) == []
    with pytest.raises(TypeError):
        amount_refusals(K.OWN, 200.0)  # type: ignore[arg-type]
