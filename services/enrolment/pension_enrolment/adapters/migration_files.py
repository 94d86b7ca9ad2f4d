"""Reading a migration's CSV files (layouts: pension_contracts.migration_files) and the error report's layout."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Final

from pension_contracts.migration_files import RESIDENT_COLUMNS
from pension_enrolment.domain.migration import ResidentRows, RowProblem

# The error report: one line per problem (docs/migration-import.md).
REPORT_COLUMNS: Final = ("line", "field", "reason", "message")
# Where each problem goes as it is found (the command line's error report), so memory follows the errors.
Report = Callable[[RowProblem], None]
_CITIZEN_ID_COLUMN: Final = RESIDENT_COLUMNS.index("citizen_id_number")


class ImportFileError(Exception):
    """The file as a whole cannot be read (no header, missing columns): nothing was imported."""

    def __init__(self, problem: RowProblem) -> None:
        super().__init__(f"line {problem.line}: {problem.message} ({problem.reason})")
        self.problem = problem


def _column_positions(header: list[str] | None, columns: Sequence[str]) -> list[int]:
    if header is None:
        raise ImportFileError(
            RowProblem(1, "", "HEADER_MISSING", "the file is empty; its first line names the columns")
        )
    names = [name.strip().lower() for name in header]
    missing = [column for column in columns if column not in names]
    if missing:
        raise ImportFileError(
            RowProblem(1, missing[0], "COLUMN_MISSING", f"the header lacks the column(s) {', '.join(missing)}")
        )
    # Columns are found by name, so a legacy export may order them freely and carry extra ones.
    return [names.index(column) for column in columns]


def read_rows(lines: Iterable[str], columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """The rows of a CSV file (first line: column names) as (line number, values in `columns` order).

    A quoted value may span lines; the number is the row's first line. A short row is padded with empty values.
    """
    reader = csv.reader(lines)
    positions = _column_positions(next(reader, None), columns)
    width = max(positions) + 1
    line = reader.line_num + 1
    for raw in reader:
        if raw and any(raw):
            if len(raw) < width:
                raw = raw + [""] * (width - len(raw))
            yield line, [raw[position].strip() for position in positions]
        line = reader.line_num + 1


def group_residents(rows: Iterable[tuple[int, list[str]]]) -> Iterator[ResidentRows]:
    """Consecutive rows with the same citizen ID number form one resident (the export is ordered by resident)."""
    current: list[tuple[int, list[str]]] = []
    key = ""
    for line, values in rows:
        row_key = values[_CITIZEN_ID_COLUMN].upper()
        if current and row_key != key:
            yield ResidentRows(current)
            current = []
        key = row_key
        current.append((line, values))
    if current:
        yield ResidentRows(current)
