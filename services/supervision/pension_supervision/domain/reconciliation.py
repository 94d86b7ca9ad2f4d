"""The monthly reconciliation of a pooling region: the platform's ledger against the bank and the fund accounts.

Each line compares up to three figures of one item and fund: the ledger's (from the events: contributions,
payments paid, exports, inheritance, transfers, recoveries), the bank's (from the bank returns, where the item has
a bank side) and the fund accounts' (treasury or bank statements an officer enters). A figure not present is not
compared. The line's difference is the largest absolute difference among the figures present (the highest minus
the lowest); the month is balanced when every line's is zero. Any difference becomes a PAYROLL_NOT_RECONCILED alert
with the figures side by side; its facts are the region, the month and the differing figures, so running the same
reconciliation again raises no second alert and a different disagreement raises its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import Month
from pension_kit.money import format_yuan
from pension_kit.text import check_free_text
from pension_supervision.domain.alerts import AlertDraft, AlertRule, Evidence
from pension_supervision.domain.facts import FundName

MAX_FIGURES = 50
STATEMENT_REF_MAX_LENGTH = 64
# Score of a difference: small ones may be timing (a return imported late), large ones are money unaccounted for.
_SCORES = ((1_000_000, 95, "10,000 yuan or more"), (10_000, 80, "100 yuan or more"), (0, 60, "under 100 yuan"))


class Item(StrEnum):
    """What a line compares (the contract's ReconciliationItem)."""

    CONTRIBUTION_INCOME = "CONTRIBUTION_INCOME"  # personal, collective and paid-on-behalf contributions
    SUBSIDY_INCOME = "SUBSIDY_INCOME"  # government contribution subsidies
    BENEFIT_EXPENDITURE = "BENEFIT_EXPENDITURE"  # benefits paid (ledger) vs paid per the bank's returns
    PAYROLL_VS_BANK_RETURN = "PAYROLL_VS_BANK_RETURN"  # exported vs paid + failed per the bank's returns
    INHERITANCE_EXPENDITURE = "INHERITANCE_EXPENDITURE"
    TRANSFERS = "TRANSFERS"  # transfers in minus transfers out
    RECOVERIES = "RECOVERIES"


_WORDS: dict[Item, tuple[str, str]] = {
    Item.CONTRIBUTION_INCOME: ("个人缴费收入", "contribution income"),
    Item.SUBSIDY_INCOME: ("缴费补贴收入", "subsidy income"),
    Item.BENEFIT_EXPENDITURE: ("待遇支出", "benefit expenditure"),
    Item.PAYROLL_VS_BANK_RETURN: ("发放批次与银行回盘", "payroll vs bank return"),
    Item.INHERITANCE_EXPENDITURE: ("个人账户继承支出", "inheritance expenditure"),
    Item.TRANSFERS: ("转移净额", "net transfers"),
    Item.RECOVERIES: ("追回收入", "recoveries"),
}
_FUND_WORDS: dict[FundName, tuple[str, str]] = {
    FundName.INDIVIDUAL_ACCOUNT: ("个人账户基金", "individual account fund"),
    FundName.POOLED: ("统筹基金", "pooled fund"),
    FundName.BOTH: ("合计", "both funds"),
}


@dataclass(frozen=True, slots=True)
class FundAccountFigure:
    """A figure from the fund accounts, entered by an officer."""

    item: Item
    fund: FundName
    amount_fen: int
    statement_ref: str = ""


@dataclass(frozen=True, slots=True)
class Ledger:
    """What the platform's own events say of a region's month."""

    contribution_fen: int = 0  # personal + collective + paid on behalf, net of reversals
    subsidy_fen: int = 0
    paid_fen: int = 0  # payments paid in the month's run, per PaymentPaid
    paid_individual_account_fen: int = 0
    paid_pooled_fen: int = 0
    exported_fen: int = 0  # per PayrollExported
    returned: bool = False  # at least one bank return imported
    bank_paid_fen: int = 0  # per BankReturnImported
    bank_failed_fen: int = 0
    inheritance_fen: int = 0
    transfer_in_fen: int = 0
    transfer_out_fen: int = 0
    recovered_fen: int = 0


@dataclass(frozen=True, slots=True)
class Line:
    item: Item
    fund: FundName
    ledger_fen: int
    bank_fen: int | None
    fund_account_fen: int | None
    difference_fen: int
    explanation: str

    @property
    def figures(self) -> tuple[int, ...]:
        return tuple(f for f in (self.ledger_fen, self.bank_fen, self.fund_account_fen) if f is not None)


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The last run of a region's month (each run numbered: RC-<region>-<YYYYMM>-<run>)."""

    reconciliation_id: str
    pooling_region_code: str
    month: Month
    lines: tuple[Line, ...]
    balanced: bool
    completed_at: datetime


def reconciliation_id(pooling_region_code: str, month: Month, run: int) -> str:
    return f"RC-{pooling_region_code}-{month.year:04d}{month.month:02d}-{run:03d}"


def check_figures(figures: Sequence[FundAccountFigure]) -> None:
    """At most MAX_FIGURES, one per item and fund, no negative amount except net transfers, references bounded and
    free of personal numbers."""
    if len(figures) > MAX_FIGURES:
        raise InvalidArgument(
            "TOO_MANY_ITEMS",
            f"fund_account_figures has at most {MAX_FIGURES} entries, not {len(figures)}",
            field="fund_account_figures",
            message_zh=f"基金账户数据最多 {MAX_FIGURES} 条",
        )
    seen: set[tuple[Item, FundName]] = set()
    for figure in figures:
        key = (figure.item, figure.fund)
        if key in seen:
            raise InvalidArgument(
                "FUND_ACCOUNT_FIGURE_REPEATED",
                f"{figure.item.value} of {figure.fund.value} is given twice",
                field="fund_account_figures",
                message_zh="同一项目同一基金的基金账户数据只能填写一次",
            )
        seen.add(key)
        if figure.amount_fen < 0 and figure.item is not Item.TRANSFERS:
            raise InvalidArgument(
                "AMOUNT_NEGATIVE",
                f"{figure.item.value} of {figure.fund.value} is negative; only net transfers may be",
                field="fund_account_figures.amount_fen",
                message_zh="金额不能为负数（转移净额除外）",
            )
        # A bank statement's reference must not carry a card number: refused like any free text.
        check_free_text(
            figure.statement_ref, field="fund_account_figures.statement_ref", max_length=STATEMENT_REF_MAX_LENGTH
        )


def reconcile(ledger: Ledger, figures: Iterable[FundAccountFigure]) -> tuple[Line, ...]:
    """The lines of a month: the standard ones, and one more for each figure entered for another item or fund."""
    entered = {(f.item, f.fund): f.amount_fen for f in figures}
    bank_side = ledger.returned or ledger.exported_fen > 0
    standard: list[tuple[Item, FundName, int, int | None]] = [
        (Item.CONTRIBUTION_INCOME, FundName.INDIVIDUAL_ACCOUNT, ledger.contribution_fen, None),
        (Item.SUBSIDY_INCOME, FundName.INDIVIDUAL_ACCOUNT, ledger.subsidy_fen, None),
        (
            Item.PAYROLL_VS_BANK_RETURN,
            FundName.BOTH,
            ledger.exported_fen,
            ledger.bank_paid_fen + ledger.bank_failed_fen if bank_side else None,
        ),
        (Item.BENEFIT_EXPENDITURE, FundName.BOTH, ledger.paid_fen, ledger.bank_paid_fen if bank_side else None),
        (Item.BENEFIT_EXPENDITURE, FundName.INDIVIDUAL_ACCOUNT, ledger.paid_individual_account_fen, None),
        (Item.BENEFIT_EXPENDITURE, FundName.POOLED, ledger.paid_pooled_fen, None),
        (Item.INHERITANCE_EXPENDITURE, FundName.INDIVIDUAL_ACCOUNT, ledger.inheritance_fen, None),
        (Item.TRANSFERS, FundName.INDIVIDUAL_ACCOUNT, ledger.transfer_in_fen - ledger.transfer_out_fen, None),
        (Item.RECOVERIES, FundName.POOLED, ledger.recovered_fen, None),
    ]
    known = {(item, fund) for item, fund, _, _ in standard}
    standard += [(item, fund, 0, None) for item, fund in entered if (item, fund) not in known]
    return tuple(
        _line(
            item,
            fund,
            ledger_fen,
            bank_fen,
            entered.get((item, fund)),
            missing_return=bank_side and not ledger.returned,
        )
        for item, fund, ledger_fen, bank_fen in standard
    )


def _line(
    item: Item, fund: FundName, ledger_fen: int, bank_fen: int | None, fund_fen: int | None, *, missing_return: bool
) -> Line:
    present = [f for f in (ledger_fen, bank_fen, fund_fen) if f is not None]
    difference = max(present) - min(present)
    return Line(
        item,
        fund,
        ledger_fen,
        bank_fen,
        fund_fen,
        difference,
        _explain(ledger_fen, bank_fen, fund_fen, difference, missing_return),
    )


def _explain(ledger: int, bank: int | None, fund: int | None, difference: int, missing_return: bool) -> str:
    if difference == 0:
        compared = "账面" + ("、银行" if bank is not None else "") + ("、基金账户" if fund is not None else "")
        english = "ledger" + (", bank" if bank is not None else "") + (", fund accounts" if fund is not None else "")
        if bank is None and fund is None:
            return f"仅有账面数 {format_yuan(ledger)} 元，无可比对数据 / ledger only, nothing to compare"
        return f"{compared}一致 / {english} agree"
    parts_zh, parts_en = [], []
    if bank is not None and bank != ledger:
        if missing_return:
            parts_zh.append("银行回盘尚未导入")
            parts_en.append("the bank's return is not imported yet")
        else:
            parts_zh.append(f"银行比账面{'少' if bank < ledger else '多'} {format_yuan(abs(ledger - bank))} 元")
            more = "less" if bank < ledger else "more"
            parts_en.append(f"the bank shows {format_yuan(abs(ledger - bank))} yuan {more} than the ledger")
    if fund is not None and fund != ledger:
        parts_zh.append(f"基金账户比账面{'少' if fund < ledger else '多'} {format_yuan(abs(ledger - fund))} 元")
        more = "less" if fund < ledger else "more"
        parts_en.append(f"the fund accounts show {format_yuan(abs(ledger - fund))} yuan {more} than the ledger")
    if not parts_zh:  # bank and fund accounts agree with the ledger but not with each other: impossible; kept safe
        parts_zh.append(f"差额 {format_yuan(difference)} 元")
        parts_en.append(f"a difference of {format_yuan(difference)} yuan")
    return "；".join(parts_zh) + " / " + "; ".join(parts_en)


def balanced(lines: Iterable[Line]) -> bool:
    return all(line.difference_fen == 0 for line in lines)


def side_by_side(line: Line, language: str) -> str:
    """One line's figures side by side, in Chinese ("zh") or English."""
    item_zh, item_en = _WORDS[line.item]
    fund_zh, fund_en = _FUND_WORDS[line.fund]
    if language == "zh":
        figures = [f"账面 {format_yuan(line.ledger_fen)} 元"]
        if line.bank_fen is not None:
            figures.append(f"银行 {format_yuan(line.bank_fen)} 元")
        if line.fund_account_fen is not None:
            figures.append(f"基金账户 {format_yuan(line.fund_account_fen)} 元")
        return f"{item_zh}（{fund_zh}）：{'，'.join(figures)}，差额 {format_yuan(line.difference_fen)} 元"
    figures = [f"ledger {format_yuan(line.ledger_fen)}"]
    if line.bank_fen is not None:
        figures.append(f"bank {format_yuan(line.bank_fen)}")
    if line.fund_account_fen is not None:
        figures.append(f"fund accounts {format_yuan(line.fund_account_fen)}")
    return f"{item_en} ({fund_en}): {', '.join(figures)} yuan, difference {format_yuan(line.difference_fen)} yuan"


def alert_draft(
    pooling_region_code: str, month: Month, lines: Sequence[Line], evidence: Sequence[Evidence]
) -> AlertDraft | None:
    """The PAYROLL_NOT_RECONCILED alert of an unbalanced month, or None when it balanced."""
    differing = [line for line in lines if line.difference_fen]
    if not differing:
        return None
    digest = hashlib.sha256()
    for line in differing:
        digest.update(f"{line.item}|{line.fund}|{line.ledger_fen}|{line.bank_fen}|{line.fund_account_fen};".encode())
    largest = max(line.difference_fen for line in differing)
    _, score, words = next(entry for entry in _SCORES if largest >= entry[0])
    return AlertDraft(
        rule=AlertRule.PAYROLL_NOT_RECONCILED,
        facts=(pooling_region_code, str(month), digest.hexdigest()[:32]),
        pooling_region_code=pooling_region_code,
        score=score,
        score_explanation=f"largest difference {format_yuan(largest)} yuan: {words}",
        reason_zh=f"{pooling_region_code} {month} 对账不平："
        + "；".join(side_by_side(line, "zh") for line in differing),
        reason_en=f"{pooling_region_code} {month} does not reconcile: "
        + "; ".join(side_by_side(line, "en") for line in differing),
        evidence=tuple(evidence),
        amount_fen=largest,
    )
