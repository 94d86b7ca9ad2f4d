"""The reports' `.xlsx` workbooks (openpyxl): a title block, a header row, the rows and a sum row per sheet.

Amounts arrive as int fen and become yuan only in the cell, through `yuan_cell`: an exact Decimal (fen / 100), never
a float, written as a number with the format "0.00", so that a spreadsheet sums, sorts and prints them as money.
A sum row is the sum of the int fen of the rows above it, not a formula: a reader that does not calculate (a
library, a preview) sees the same figure as Excel.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Final

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from pension_kit.money import FEN_PER_YUAN, require_fen

YUAN_FORMAT: Final = "0.00"
COUNT_FORMAT: Final = "0"
XLSX_MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_THIN: Final = Side(style="thin", color="808080")
_BOX: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAND: Final = PatternFill("solid", fgColor="ECECEC")
_SHEET_TITLE_MAX: Final = 31  # Excel's limit on a sheet's name


def yuan_cell(fen: int) -> Decimal:
    """Int fen as the exact yuan a cell holds: 123456 -> Decimal("1234.56")."""
    return Decimal(require_fen(fen, "fen")) / FEN_PER_YUAN


class Kind(Enum):
    TEXT = "text"
    FEN = "fen"  # int fen, written as yuan "0.00"
    COUNT = "count"  # an int, summed in the sum row


_STYLE: Final = {Kind.TEXT: "report text", Kind.FEN: "report yuan", Kind.COUNT: "report count"}


@dataclass(frozen=True, slots=True)
class Column:
    heading: str
    kind: Kind = Kind.TEXT
    width: int = 12
    summed: bool = True  # False for a figure whose sum means nothing (a grade)


Cell = str | int


@dataclass(frozen=True)
class Sheet:
    """One worksheet: `title` lines above the table, `rows` of cells (str for TEXT, int for FEN and COUNT)."""

    name: str
    title: Sequence[str]
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    sum_label: str = "合计"
    footer: Sequence[str] = field(default_factory=tuple)


def column_sums(sheet: Sheet) -> list[int | None]:
    """The sum row's figures: the int sum of each FEN and COUNT column, None for text."""
    return [
        sum(int(row[index]) for row in sheet.rows) if column.kind is not Kind.TEXT and column.summed else None
        for index, column in enumerate(sheet.columns)
    ]


def workbook(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook's one empty sheet
    # One named style per kind of cell, registered once: setting a border and a format on each cell hashes the
    # style objects every time (some 20 s for 20,000 lines), naming the style does not.
    for kind, number_format in ((Kind.FEN, YUAN_FORMAT), (Kind.COUNT, COUNT_FORMAT), (Kind.TEXT, "@")):
        book.add_named_style(NamedStyle(name=_STYLE[kind], border=_BOX, number_format=number_format))
    for sheet in sheets:
        _write(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(book: Workbook, sheet: Sheet) -> None:
    page = book.create_sheet(sheet.name[:_SHEET_TITLE_MAX])
    bold = Font(bold=True)
    row_number = 1
    for line in sheet.title:
        page.cell(row=row_number, column=1, value=line).font = Font(
            bold=row_number == 1, size=14 if row_number == 1 else 11
        )
        row_number += 1
    header_row = row_number
    for index, column in enumerate(sheet.columns, start=1):
        cell = page.cell(row=header_row, column=index, value=column.heading)
        cell.font, cell.fill, cell.border = bold, _BAND, _BOX
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        page.column_dimensions[get_column_letter(index)].width = column.width
    for row in sheet.rows:
        row_number += 1
        for index, (column, value) in enumerate(zip(sheet.columns, row, strict=True), start=1):
            _put(page.cell(row=row_number, column=index), column, value)
    row_number += 1
    sums = column_sums(sheet)
    for index, (column, total) in enumerate(zip(sheet.columns, sums, strict=True), start=1):
        cell = page.cell(row=row_number, column=index)
        if total is None:
            cell.value = sheet.sum_label if index == 1 else None
        else:
            _put(cell, column, total)
        cell.font, cell.fill, cell.border = bold, _BAND, _BOX
    for line in sheet.footer:
        row_number += 1
        page.cell(row=row_number, column=1, value=line)
    # The header row stays in view while scrolling, and repeats on every printed page.
    page.freeze_panes = page.cell(row=header_row + 1, column=1)
    page.print_title_rows = f"{header_row}:{header_row}"
    page.page_setup.paperSize = page.PAPERSIZE_A4
    page.page_setup.orientation = "landscape"
    page.page_setup.fitToWidth = 1
    page.page_setup.fitToHeight = 0
    page.sheet_properties.pageSetUpPr.fitToPage = True


def _put(cell: object, column: Column, value: Cell) -> None:
    assert isinstance(cell, SheetCell)  # never a merged cell: these sheets merge none
    cell.style = _STYLE[column.kind]  # text as "@": a masked ID number or a code stays as written
    if column.kind is Kind.FEN:
        cell.value = yuan_cell(int(value))
    elif column.kind is Kind.COUNT:
        cell.value = int(value)
    else:
        cell.value = str(value)
