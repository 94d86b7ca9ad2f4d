"""Reading a signs-of-life file (docs/signs-of-life.md): UTF-8 CSV with a header naming the columns; each data line
becomes a sign of life or the refusal of its first bad field, with its line number."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

from pension_kit.errors import InvalidArgument
from pension_verification.domain.signs_of_life import COLUMNS, SignOfLife, sign_of_life_of

# Bounds a line before the csv module holds it: a file without line ends would otherwise be read whole.
MAX_FIELD_CHARS = 1_000


class FileRefused(Exception):
    """The whole file is refused (no header, a column missing, not UTF-8): nothing in it is imported."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # the line in the file, the header being line 1
    sign: SignOfLife | None
    refusal: InvalidArgument | None


def read_signs_of_life(stream: TextIO) -> Iterator[Line]:
    """Each data line of `stream` (opened with newline=""), in order; blank lines are skipped."""
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
        if header is None:
            raise FileRefused("HEADER_MISSING", "the file is empty: its first line names the columns")
        names = [name.strip().lstrip("\ufeff").lower() for name in header]
        missing = [column for column in COLUMNS if column not in names]
        if missing:
            raise FileRefused("COLUMN_MISSING", f"the header lacks {', '.join(missing)} (it has {', '.join(names)})")
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number = reader.line_num
            if len(cells) != len(names):
                refusal = InvalidArgument(
                    "ROW_COLUMNS",
                    f"the line has {len(cells)} fields; the header has {len(names)}",
                    field="line",
                    message_zh="该行字段数与表头不一致",
                )
                yield Line(number, None, refusal)
                continue
            try:
                yield Line(number, sign_of_life_of(dict(zip(names, cells, strict=True))), None)
            except InvalidArgument as refusal:
                yield Line(number, None, refusal)
    except UnicodeDecodeError as error:
        raise FileRefused("FILE_NOT_UTF8", f"the file is not UTF-8 text (byte {error.start})") from None
    except csv.Error as error:
        raise FileRefused("FILE_NOT_CSV", f"line {reader.line_num}: {error}") from None
