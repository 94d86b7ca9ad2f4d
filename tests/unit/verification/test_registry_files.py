"""Reading registry files (entrypoints.registry_cli.read_rows): each source's layout, refused rows by line and field."""

from __future__ import annotations

import io

import pytest

from pension_verification.entrypoints.registry_cli import FileUnreadable, Row, RowRefusal, read_rows

PERSON = "record_ref,citizen_id_number,name,birth_date,village_code"


def rows(source: str, text: str) -> list[Row | RowRefusal]:
    return list(read_rows(source, io.StringIO(text)))


def test_a_death_file_becomes_death_records_with_their_line_numbers() -> None:
    (row,) = rows(
        "cremation",
        f"\ufeff{PERSON},date_of_death\nHZ-1, 41172319500308123X ,王秀英,1950-03-08,411723101201,2026-06-20\n",
    )
    assert isinstance(row, Row) and row.line == 2
    record = row.record
    assert record.citizen_id_number == "41172319500308123X" and record.name == "王秀英"
    assert record.WhichOneof("detail") == "death"
    assert (record.death.date_of_death.year, record.death.date_of_death.month) == (2026, 6)


def test_prison_rows_are_terms_or_releases_and_anything_else_is_refused() -> None:
    text = (
        f"{PERSON},event,term_start,term_end,released_on\n"
        "JY-1,,李四,1960-01-01,411723101201,imprisonment,2026-05-01,,\n"
        "\n"
        "JY-2,,李四,1960-01-01,411723101201,RELEASE,,,2026-09-30\n"
        "JY-3,,李四,1960-01-01,411723101201,parole,,,\n"
        "JY-4,,李四,1960-01-01,411723101201,RELEASE,,,30.09.2026\n"
        "JY-5,,李四\n"
    )
    found = rows("prison", text)
    assert [type(item).__name__ for item in found] == ["Row", "Row", "RowRefusal", "RowRefusal", "RowRefusal"]
    first, second = found[0], found[1]
    assert isinstance(first, Row) and first.record.WhichOneof("detail") == "imprisonment"
    assert first.record.imprisonment.term_end.year == 0  # no end known: the all-zero date
    assert isinstance(second, Row) and second.line == 4 and second.record.WhichOneof("detail") == "release"
    refusals = [(item.line, item.field, item.reason) for item in found if isinstance(item, RowRefusal)]
    assert refusals == [
        (5, "event", "PRISON_EVENT_UNKNOWN"),
        (6, "released_on", "DATE_FORMAT"),
        (7, "", "ROW_FIELD_COUNT"),
    ]


def test_an_employees_pension_row_carries_its_month() -> None:
    text = f"{PERSON},receiving_from,scheme_ref\nYL-1,,王五,1958-02-01,411723101201,2026-02,SZ-EMP-7\n"
    (row,) = rows("employee-pension", text)
    assert isinstance(row, Row)
    detail = row.record.employee_pension
    assert (detail.receiving_from.year, detail.receiving_from.month, detail.scheme_ref) == (2026, 2, "SZ-EMP-7")
    (bad,) = rows("employee-pension", text.replace("2026-02", "2026/2"))
    assert isinstance(bad, RowRefusal) and (bad.field, bad.reason) == ("receiving_from", "MONTH_FORMAT")


def test_a_file_without_its_sources_columns_is_refused_whole() -> None:
    with pytest.raises(FileUnreadable, match="lacks date_of_death"):
        rows("civil-affairs-death", f"{PERSON}\n")
    with pytest.raises(FileUnreadable, match="empty"):
        rows("civil-affairs-death", "")
