"""Reading a signs-of-life file: the header, each line's sign of life or the refusal of its first bad field with its
line number, the request id that makes a second import change nothing, and files refused whole."""

from __future__ import annotations

import io
from datetime import date

import pytest

from pension_verification.adapters.sign_of_life_file import FileRefused, Line, read_signs_of_life
from pension_verification.domain.signs_of_life import SignOfLife, request_id_of, sign_of_life_of


def _read(text: str) -> list[Line]:
    return list(read_signs_of_life(io.StringIO(text, newline="")))


def _outcomes(lines: list[Line]) -> list[tuple[int, str, str]]:
    return [
        (line.number, line.refusal.reason, line.refusal.field) if line.refusal else (line.number, "OK", "")
        for line in lines
    ]


def test_each_line_becomes_a_sign_of_life_or_a_refusal_naming_line_field_and_code() -> None:
    lines = _read(
        "resident_id,source,source_ref,observed_on\r\n"
        "R000000000001,HOSPITAL_VISIT,HIS-1,2026-11-30\r\n"
        "R000000000002,bank_counter_withdrawal, BANK-7 ,2026-12-01\r\n"
        "\r\n"
        "R000000000003,TAXI_RIDE,T-1,2026-12-01\r\n"
        ",GOVERNMENT_SERVICE,GOV-1,2026-12-01\r\n"
        "R000000000004,GOVERNMENT_SERVICE,,2026-12-01\r\n"
        "R000000000005,GOVERNMENT_SERVICE,GOV-2,1/12/2026\r\n"
        "R000000000006,GOVERNMENT_SERVICE,GOV-3\r\n"
        "R000000000007,GOVERNMENT_SERVICE,call 13812345678,2026-12-01\r\n"
    )
    assert _outcomes(lines) == [
        (2, "OK", ""),
        (3, "OK", ""),
        (5, "SIGN_OF_LIFE_SOURCE_UNKNOWN", "source"),
        (6, "RESIDENT_ID_REQUIRED", "resident_id"),
        (7, "SOURCE_REF_REQUIRED", "source_ref"),
        (8, "OBSERVED_ON_INVALID", "observed_on"),
        (9, "ROW_COLUMNS", "line"),
        (10, "FREE_TEXT_PERSONAL_NUMBER", "source_ref"),
    ]
    assert lines[0].sign == SignOfLife("R000000000001", "HOSPITAL_VISIT", "HIS-1", date(2026, 11, 30))
    # Blanks around a field are not part of it; a source is read whatever its case.
    assert lines[1].sign == SignOfLife("R000000000002", "BANK_COUNTER_WITHDRAWAL", "BANK-7", date(2026, 12, 1))


def test_the_header_may_come_in_any_order_with_a_byte_order_mark_and_more_columns() -> None:
    lines = _read("\ufeffObserved_On,source_ref,note,resident_id,source\n2026-12-01,HIS-9,x,R9,HOSPITAL_VISIT\n")
    assert [line.sign for line in lines] == [SignOfLife("R9", "HOSPITAL_VISIT", "HIS-9", date(2026, 12, 1))]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "HEADER_MISSING"),
        ("resident_id,source,observed_on\nR1,HOSPITAL_VISIT,2026-12-01\n", "COLUMN_MISSING"),
    ],
)
def test_a_file_without_its_header_is_refused_whole(text: str, reason: str) -> None:
    with pytest.raises(FileRefused) as refused:
        _read(text)
    assert refused.value.reason == reason


def test_a_file_that_is_not_utf8_is_refused_whole() -> None:
    # A file saved as GB18030 (张三 is D5 C5 C8 FD there: not UTF-8).
    data = "resident_id,source,source_ref,observed_on\nR1,HOSPITAL_VISIT,张三-1,2026-12-01\n".encode("gb18030")
    with pytest.raises(FileRefused) as refused:
        list(read_signs_of_life(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")))
    assert refused.value.reason == "FILE_NOT_UTF8"


def test_one_record_of_one_source_is_one_request_however_often_imported() -> None:
    first = sign_of_life_of(
        {"resident_id": "R1", "source": "HOSPITAL_VISIT", "source_ref": "HIS-1", "observed_on": "2026-12-01"}
    )
    again = sign_of_life_of(
        {"resident_id": "R1", "source": "hospital_visit", "source_ref": " HIS-1", "observed_on": "2026-12-01"}
    )
    assert first.request_id == again.request_id == request_id_of("HOSPITAL_VISIT", "HIS-1")
    assert request_id_of("HOSPITAL_VISIT", "HIS-2") != first.request_id
    assert request_id_of("GOVERNMENT_SERVICE", "HIS-1") != first.request_id
    assert len(first.request_id) <= 100  # pension_kit.text.REQUEST_ID_MAX
