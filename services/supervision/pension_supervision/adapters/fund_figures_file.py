"""Reads the fund accounts' figures for a reconciliation from a CSV file (treasury and bank statements).

The file is UTF-8 (a byte-order mark from a spreadsheet is fine), with a header line naming the columns:

    item,fund,amount_fen,statement_ref
    contribution_income,individual_account,1250000,TR-2026-07-001
    benefit_expenditure,pooled,3481000,BANK-ABC-0731

`item` is a reconciliation item (contribution_income, subsidy_income, benefit_expenditure, payroll_vs_bank_return,
inheritance_expenditure, transfers, recoveries), `fund` is individual_account, pooled, or both (also when empty),
`amount_fen` an integer number of fen (no decimals: money is never read as a float; only net transfers may be
negative), `statement_ref` optional. One figure per item and fund, as the service takes them (domain/reconciliation
check_figures). The whole file is checked before anything is sent: one bad line refuses the file, naming the line
and the field, so a reconciliation never runs on half the figures.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from pension_kit.errors import InvalidArgument
from pension_kit.text import check_free_text
from pension_supervision.domain.reconciliation import MAX_FIGURES as MAX_FIGURES_OF_THE_SERVICE
from pension_supervision.domain.reconciliation import STATEMENT_REF_MAX_LENGTH, Item

ITEMS: Final = frozenset(item.value.lower() for item in Item)
FUNDS: Final = frozenset({"individual_account", "pooled", "both"})
COLUMNS: Final = ("item", "fund", "amount_fen", "statement_ref")
# The service's limits (domain/reconciliation.py): one figure per item and fund, 50 at most, references of 64.
MAX_FIGURES: Final = MAX_FIGURES_OF_THE_SERVICE
STATEMENT_REF_MAX: Final = STATEMENT_REF_MAX_LENGTH
# 10^15 fen is ten trillion yuan: beyond any county's fund, and far inside int64.
MAX_AMOUNT_FEN: Final = 10**15
_FEN: Final = re.compile(r"-?[0-9]{1,16}")


@dataclass(frozen=True, slots=True)
class FundFigure:
    """One figure of the fund accounts: what it is, which fund, how much, from which statement."""

    item: str
    fund: str
    amount_fen: int
    statement_ref: str


class FiguresRefused(Exception):
    """The file is refused whole: `reason` (UPPER_SNAKE), the line (0 for the file itself), the field, why."""

    def __init__(self, reason: str, line: int, field: str, message: str) -> None:
        super().__init__(f"{reason} line {line} ({field}): {message}")
        self.reason = reason
        self.line = line
        self.field = field
        self.message = message


def read_fund_figures(lines: Iterable[str]) -> list[FundFigure]:
    """Every figure of the file, or FiguresRefused at its first problem."""
    reader = csv.DictReader(lines)
    header = [name.strip().lstrip("\ufeff") for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS[:3] if c not in header]
    if missing:
        raise FiguresRefused("FIGURES_COLUMNS", 1, missing[0], f"the header must name {', '.join(COLUMNS)}")
    reader.fieldnames = header
    figures: list[FundFigure] = []
    for row in reader:
        number = reader.line_num
        if len(figures) >= MAX_FIGURES:
            raise FiguresRefused("FIGURES_TOO_MANY", number, "file", f"at most {MAX_FIGURES} figures")
        figure = _figure(row, number)
        if any((f.item, f.fund) == (figure.item, figure.fund) for f in figures):
            raise FiguresRefused(
                "FIGURE_REPEATED", number, "item", f"{figure.item} of {figure.fund} is given twice (one line each)"
            )
        figures.append(figure)
    return figures


def _figure(row: dict[str, str | None], number: int) -> FundFigure:
    def value(name: str) -> str:
        return (row.get(name) or "").strip()

    item, fund, amount = value("item"), value("fund") or "both", value("amount_fen")
    if item not in ITEMS:
        raise FiguresRefused(
            "FIGURE_ITEM_UNKNOWN", number, "item", f"{item!r} is not one of {', '.join(sorted(ITEMS))}"
        )
    if fund not in FUNDS:
        raise FiguresRefused("FIGURE_FUND_UNKNOWN", number, "fund", f"{fund!r} is individual_account, pooled or both")
    if _FEN.fullmatch(amount) is None or abs(int(amount)) > MAX_AMOUNT_FEN:
        raise FiguresRefused(
            "FIGURE_AMOUNT_INVALID", number, "amount_fen", f"{amount!r} is not a whole number of fen up to 10^15"
        )
    if int(amount) < 0 and item != "transfers":
        raise FiguresRefused("AMOUNT_NEGATIVE", number, "amount_fen", "only net transfers may be negative")
    try:
        reference = check_free_text(value("statement_ref"), field="statement_ref", max_length=STATEMENT_REF_MAX)
    except InvalidArgument as refused:
        raise FiguresRefused(refused.reason, number, "statement_ref", refused.message) from None
    return FundFigure(item=item, fund=fund, amount_fen=int(amount), statement_ref=reference)
