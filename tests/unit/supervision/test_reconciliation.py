"""The reconciliation's lines: each compares the figures present; the difference is the largest gap among them; any
difference is an alert draft with the figures side by side, whose facts are the same for the same disagreement."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import Month
from pension_supervision.domain.alerts import AlertRule, Evidence
from pension_supervision.domain.facts import FundName
from pension_supervision.domain.reconciliation import (
    FundAccountFigure,
    Item,
    Ledger,
    Line,
    alert_draft,
    balanced,
    check_figures,
    reconcile,
)

JULY = Month(2026, 7)
LEDGER = Ledger(
    contribution_fen=500_000,
    subsidy_fen=60_000,
    paid_fen=300_000,
    paid_individual_account_fen=40_000,
    paid_pooled_fen=260_000,
    exported_fen=320_000,
    returned=True,
    bank_paid_fen=300_000,
    bank_failed_fen=20_000,
    inheritance_fen=12_345,
    recovered_fen=1_000,
)
EVIDENCE = (Evidence("e1", "pension.supervision.v1.ReconciliationCompleted", "410122", datetime.now(UTC), "run"),)


def line(lines: tuple[Line, ...], item: Item, fund: FundName) -> Line:
    return next(x for x in lines if (x.item, x.fund) == (item, fund))


def test_agreeing_figures_balance_and_raise_nothing() -> None:
    figures = [
        FundAccountFigure(Item.CONTRIBUTION_INCOME, FundName.INDIVIDUAL_ACCOUNT, 500_000, "treasury 7/2026"),
        FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 260_000),
        FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.BOTH, 300_000),
    ]
    lines = reconcile(LEDGER, figures)
    assert balanced(lines)
    assert line(lines, Item.PAYROLL_VS_BANK_RETURN, FundName.BOTH).bank_fen == 320_000
    assert line(lines, Item.BENEFIT_EXPENDITURE, FundName.BOTH).figures == (300_000, 300_000, 300_000)
    assert alert_draft("410122", JULY, lines, EVIDENCE) is None


def test_a_fund_account_figure_that_differs_is_a_difference_and_an_alert_with_both_figures() -> None:
    lines = reconcile(LEDGER, [FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 250_000)])
    pooled = line(lines, Item.BENEFIT_EXPENDITURE, FundName.POOLED)
    assert (pooled.ledger_fen, pooled.fund_account_fen, pooled.difference_fen) == (260_000, 250_000, 10_000)
    assert "100.00" in pooled.explanation and "less" in pooled.explanation
    assert not balanced(lines)
    draft = alert_draft("410122", JULY, lines, EVIDENCE)
    assert draft is not None
    assert draft.rule is AlertRule.PAYROLL_NOT_RECONCILED
    assert draft.amount_fen == 10_000
    assert "2,600.00" in draft.reason_zh and "2,500.00" in draft.reason_zh
    assert "2,600.00" in draft.reason_en and "2,500.00" in draft.reason_en
    assert draft.evidence == EVIDENCE
    again = alert_draft(
        "410122",
        JULY,
        reconcile(LEDGER, [FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 250_000)]),
        EVIDENCE,
    )
    other = alert_draft(
        "410122",
        JULY,
        reconcile(LEDGER, [FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.POOLED, 240_000)]),
        EVIDENCE,
    )
    assert again is not None and other is not None
    assert again.alert_id == draft.alert_id != other.alert_id


def test_the_difference_is_the_largest_gap_among_three_figures() -> None:
    ledger = Ledger(paid_fen=100_000, exported_fen=100_000, returned=True, bank_paid_fen=99_000)
    lines = reconcile(ledger, [FundAccountFigure(Item.BENEFIT_EXPENDITURE, FundName.BOTH, 101_500)])
    assert line(lines, Item.BENEFIT_EXPENDITURE, FundName.BOTH).difference_fen == 2_500
    # paid + failed short of what was exported
    assert line(lines, Item.PAYROLL_VS_BANK_RETURN, FundName.BOTH).difference_fen == 1_000


def test_an_export_without_its_bank_return_does_not_balance_and_says_why() -> None:
    lines = reconcile(Ledger(exported_fen=50_000), [])
    payroll = line(lines, Item.PAYROLL_VS_BANK_RETURN, FundName.BOTH)
    assert (payroll.bank_fen, payroll.difference_fen) == (0, 50_000)
    assert "not imported" in payroll.explanation
    assert not balanced(lines)


def test_a_month_without_payroll_has_no_bank_side_and_a_figure_for_an_unusual_item_gets_its_own_line() -> None:
    lines = reconcile(Ledger(), [FundAccountFigure(Item.RECOVERIES, FundName.INDIVIDUAL_ACCOUNT, 700)])
    assert line(lines, Item.PAYROLL_VS_BANK_RETURN, FundName.BOTH).bank_fen is None
    extra = line(lines, Item.RECOVERIES, FundName.INDIVIDUAL_ACCOUNT)
    assert (extra.ledger_fen, extra.fund_account_fen, extra.difference_fen) == (0, 700, 700)


def test_net_transfers_compare_in_minus_out() -> None:
    lines = reconcile(
        Ledger(transfer_in_fen=1_000, transfer_out_fen=5_000),
        [FundAccountFigure(Item.TRANSFERS, FundName.INDIVIDUAL_ACCOUNT, -4_000)],
    )
    transfers = line(lines, Item.TRANSFERS, FundName.INDIVIDUAL_ACCOUNT)
    assert (transfers.ledger_fen, transfers.difference_fen) == (-4_000, 0)


@pytest.mark.parametrize(
    ("figures", "reason"),
    [
        (
            [FundAccountFigure(Item.SUBSIDY_INCOME, FundName.POOLED, 1)] * 2,
            "FUND_ACCOUNT_FIGURE_REPEATED",
        ),
        ([FundAccountFigure(Item.SUBSIDY_INCOME, FundName.POOLED, -1)], "AMOUNT_NEGATIVE"),
        ([FundAccountFigure(Item.SUBSIDY_INCOME, FundName.POOLED, 1, "x" * 65)], "FIELD_TOO_LONG"),
        (
            [FundAccountFigure(Item.SUBSIDY_INCOME, FundName.POOLED, 1, "card 6222021234567890128")],
            "FREE_TEXT_PERSONAL_NUMBER",
        ),
        (
            [FundAccountFigure(Item.SUBSIDY_INCOME, FundName.POOLED, n) for n in range(51)],
            "TOO_MANY_ITEMS",
        ),
    ],
)
def test_bad_figures_are_refused(figures: list[FundAccountFigure], reason: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_figures(figures)
    assert refused.value.reason == reason


def test_the_score_grows_with_the_difference() -> None:
    def score(difference: int) -> int:
        lines = reconcile(Ledger(), [FundAccountFigure(Item.RECOVERIES, FundName.POOLED, difference)])
        draft = alert_draft("410122", JULY, lines, EVIDENCE)
        assert draft is not None
        return draft.score

    assert score(1) < score(10_000) < score(1_000_000)
