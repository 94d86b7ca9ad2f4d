"""Bank batch and return files: what we send is what the bank reads, and every way a return is wrong is listed."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from pathlib import Path

import pytest

import pension_payout.domain.bank_files as bank_files
from pension_kit.identifiers import luhn_check_digit
from pension_payout.domain.bank_files import (
    BACK_PAY,
    REGULAR,
    BankReturn,
    BatchFileWriter,
    BatchLine,
    BatchSummary,
    Mismatch,
    ReturnFileWriter,
    ReturnLine,
    batch_file_name,
    check_return,
    parse_return,
    read_batch,
)
from pension_synthetic.bank import answer_batch

BATCH_ID = "PB-411731-2026-07-ABC-001"
BANK = "ABC"
CREATED_ON = date(2026, 7, 3)
RETURNED_ON = date(2026, 7, 6)
CARD = "622848000000000000" + luhn_check_digit("622848000000000000")
LINES = (
    BatchLine("PAY-0001", "2026-07", REGULAR, "王建国", CARD, 20_350),
    BatchLine("PAY-0002", "2026-07", REGULAR, "阿依古丽·买买提", CARD, 18_800),
    BatchLine("PAY-0003", "2026-05", BACK_PAY, "李秀英", CARD, 41_700),
)
EXPECTED = {line.payment_id: line.amount_fen for line in LINES}
TOTAL = sum(EXPECTED.values())


def write_batch(lines: tuple[BatchLine, ...] = LINES) -> tuple[bytes, BatchSummary]:
    out = io.BytesIO()
    writer = BatchFileWriter(
        out,
        batch_id=BATCH_ID,
        payroll_run_id="PR-411731-2026-07",
        bank_code=BANK,
        pooling_region_code="411731",
        month="2026-07",
        created_on=CREATED_ON,
    )
    for line in lines:
        writer.write(line)
    summary = writer.finish()
    return out.getvalue(), summary


def write_return(
    answers: list[tuple[str, int]],
    *,
    batch_id: str = BATCH_ID,
    bank_code: str = BANK,
) -> bytes:
    out = io.BytesIO()
    writer = ReturnFileWriter(out, batch_id=batch_id, bank_code=bank_code, returned_on=RETURNED_ON)
    for payment_id, amount_fen in answers:
        writer.paid(payment_id, amount_fen, RETURNED_ON)
    writer.finish()
    return out.getvalue()


def parsed(data: bytes) -> BankReturn:
    bank_return, problems = parse_return(data)
    assert problems == []
    assert bank_return is not None
    return bank_return


def check(bank_return: BankReturn) -> list[Mismatch]:
    return check_return(
        bank_return, batch_id=BATCH_ID, bank_code=BANK, expected=EXPECTED, record_count=len(LINES), total_fen=TOTAL
    )


def codes(problems: list[Mismatch]) -> list[tuple[str, str, str]]:
    return [(problem.location, problem.field, problem.reason_code) for problem in problems]


def replace_trailer(data: bytes, trailer: str) -> bytes:
    body = data[: data.rstrip(b"\n").rfind(b"\n") + 1]
    return body + trailer.encode() + b"\n"


# --- the batch file ----------------------------------------------------------------------------------------------


def test_the_batch_file_is_header_one_line_a_payment_and_trailer() -> None:
    data, summary = write_batch()
    lines = data.decode().split("\n")
    assert lines[0] == f"H|PENSION-BATCH|1|{BATCH_ID}|PR-411731-2026-07|ABC|411731|2026-07|20260703"
    assert lines[1] == f"D|PAY-0001|2026-07|REGULAR|王建国|{CARD}|20350"
    assert lines[3] == f"D|PAY-0003|2026-05|BACK_PAY|李秀英|{CARD}|41700"
    assert lines[4] == f"T|3|{TOTAL}|{summary.sha256}"
    assert lines[5] == ""  # the trailer too ends with "\n"
    assert summary == BatchSummary(3, 80_850, summary.sha256)


def test_the_trailer_hash_is_the_sha256_of_the_d_lines_bytes() -> None:
    data, summary = write_batch()
    d_lines = b"".join(line + b"\n" for line in data.split(b"\n") if line.startswith(b"D|"))
    assert summary.sha256 == hashlib.sha256(d_lines).hexdigest()


def test_an_empty_batch_has_a_trailer_of_nothing() -> None:
    data, summary = write_batch(())
    assert summary == BatchSummary(0, 0, hashlib.sha256(b"").hexdigest())
    assert data.decode().endswith(f"\nT|0|0|{hashlib.sha256(b'').hexdigest()}\n")


def test_the_batch_reads_back_as_written() -> None:
    data, _ = write_batch()
    header, lines = read_batch(data)
    assert (header.batch_id, header.bank_code, header.month, header.created_on) == (
        BATCH_ID,
        BANK,
        "2026-07",
        CREATED_ON,
    )
    assert tuple(lines) == LINES


def test_a_tampered_batch_is_not_read() -> None:
    data, _ = write_batch()
    with pytest.raises(ValueError, match="trailer"):
        read_batch(data.replace(b"|20350\n", b"|20351\n"))


@pytest.mark.parametrize("name", ["王建|国", "王建国\n", "王建\r国"])
def test_the_writer_refuses_a_name_the_format_cannot_carry(name: str) -> None:
    out = io.BytesIO()
    writer = BatchFileWriter(
        out,
        batch_id=BATCH_ID,
        payroll_run_id="PR-1",
        bank_code=BANK,
        pooling_region_code="411731",
        month="2026-07",
        created_on=CREATED_ON,
    )
    written = out.getvalue()
    with pytest.raises(ValueError, match="account_name") as refused:
        writer.write(BatchLine("PAY-0001", "2026-07", REGULAR, name, CARD, 20_350))
    assert name not in str(refused.value)  # the message does not repeat personal data
    assert out.getvalue() == written  # nothing of the refused line reached the file


@pytest.mark.parametrize(
    ("line", "match"),
    [
        (BatchLine("PAY-1", "2026-07", REGULAR, "王建国", CARD, 0), "above zero"),
        (BatchLine("PAY-1", "2026-07", REGULAR, "王建国", CARD, -5), "above zero"),
        (BatchLine("PAY-1", "2026-7", REGULAR, "王建国", CARD, 100), "YYYY-MM"),
        (BatchLine("PAY-1", "2026-07", "BONUS", "王建国", CARD, 100), "REGULAR or BACK_PAY"),
        (BatchLine("", "2026-07", REGULAR, "王建国", CARD, 100), "payment_id is empty"),
        (BatchLine("PAY-1", "2026-07", REGULAR, "王建国", "", 100), "card_number is empty"),
    ],
)
def test_the_writer_refuses_a_line_the_bank_could_not_pay(line: BatchLine, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        write_batch((line,))


def test_money_is_never_a_float() -> None:
    with pytest.raises(TypeError, match="int"):
        write_batch((BatchLine("PAY-1", "2026-07", REGULAR, "王建国", CARD, 203.5),))  # type: ignore[arg-type]


def test_the_writer_refuses_a_separator_in_the_header() -> None:
    with pytest.raises(ValueError, match="batch_id"):
        BatchFileWriter(
            io.BytesIO(),
            batch_id="B|1",
            payroll_run_id="PR-1",
            bank_code=BANK,
            pooling_region_code="411731",
            month="2026-07",
            created_on=CREATED_ON,
        )


def test_nothing_is_written_after_the_trailer() -> None:
    out = io.BytesIO()
    writer = BatchFileWriter(
        out,
        batch_id=BATCH_ID,
        payroll_run_id="PR-1",
        bank_code=BANK,
        pooling_region_code="411731",
        month="2026-07",
        created_on=CREATED_ON,
    )
    writer.finish()
    with pytest.raises(ValueError, match="finished"):
        writer.write(LINES[0])


def test_a_batch_of_200_000_lines_streams() -> None:
    out = io.BytesIO()
    writer = BatchFileWriter(
        out,
        batch_id=BATCH_ID,
        payroll_run_id="PR-1",
        bank_code=BANK,
        pooling_region_code="411731",
        month="2026-07",
        created_on=CREATED_ON,
    )
    for number in range(200_000):
        writer.write(BatchLine(f"PAY-{number:07d}", "2026-07", REGULAR, "王建国", CARD, 20_000 + number % 7))
    summary = writer.finish()
    assert summary.record_count == 200_000
    assert summary.total_fen == sum(20_000 + number % 7 for number in range(200_000))
    data = out.getvalue()
    assert data.count(b"\n") == 200_002
    assert data.endswith(f"T|200000|{summary.total_fen}|{summary.sha256}\n".encode())


def test_batch_file_name() -> None:
    assert batch_file_name("PB-411731-2026-07-001") == "PB-411731-2026-07-001.txt"
    assert batch_file_name("411731/2026-07/ABC") == "411731_2026-07_ABC.txt"


# --- round trip through the simulated bank -----------------------------------------------------------------------


def test_a_batch_answered_by_the_bank_checks_clean() -> None:
    data, summary = write_batch()
    returned = answer_batch(data, returned_on=RETURNED_ON)
    bank_return = parsed(returned)
    assert check(bank_return) == []
    assert (bank_return.record_count, bank_return.total_fen) == (summary.record_count, summary.total_fen)
    assert [(line.line_number, line.payment_id, line.paid, line.paid_on) for line in bank_return.lines] == [
        (2, "PAY-0001", True, RETURNED_ON),
        (3, "PAY-0002", True, RETURNED_ON),
        (4, "PAY-0003", True, RETURNED_ON),
    ]
    assert bank_return.file_sha256 == hashlib.sha256(returned).hexdigest()


def test_the_bank_fails_the_payments_it_is_told_to() -> None:
    data, _ = write_batch()
    returned = answer_batch(
        data,
        returned_on=RETURNED_ON,
        fail=lambda payment_id, card_number: ("ACCOUNT_CLOSED", "账户已销户") if payment_id == "PAY-0002" else None,
    )
    assert b"R|PAY-0002|18800|FAILED|ACCOUNT_CLOSED|\xe8\xb4\xa6\xe6\x88\xb7\xe5\xb7\xb2\xe9\x94\x80\xe6\x88\xb7\n" in (
        returned
    )
    bank_return = parsed(returned)
    assert check(bank_return) == []  # a failed payment is an answer: the return is complete
    failed = bank_return.lines[1]
    assert (failed.paid, failed.paid_on, failed.failure_code, failed.failure_reason) == (
        False,
        None,
        "ACCOUNT_CLOSED",
        "账户已销户",
    )
    r_lines = b"".join(line + b"\n" for line in returned.split(b"\n") if line.startswith(b"R|"))
    assert bank_return.sha256 == hashlib.sha256(r_lines).hexdigest()


# --- every way a return does not answer its batch ----------------------------------------------------------------


def test_a_wrong_trailer_total_is_found() -> None:
    data = write_return([(line.payment_id, line.amount_fen) for line in LINES])
    wrong = replace_trailer(data, data.split(b"\n")[-2].decode().replace(f"|{TOTAL}|", f"|{TOTAL + 1}|"))
    assert codes(check(parsed(wrong))) == [
        ("trailer", "total_fen", "RETURN_TOTAL_MISMATCH"),
        ("batch", "total_fen", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]


def test_a_line_the_batch_never_had_is_found() -> None:
    answers = [(line.payment_id, line.amount_fen) for line in LINES] + [("PAY-9999", 100)]
    problems = check(parsed(write_return(answers)))
    assert codes(problems) == [
        ("line 5", "payment_id", "RETURN_LINE_NOT_IN_BATCH"),
        ("batch", "record_count", "RETURN_BATCH_TOTALS_MISMATCH"),
        ("batch", "total_fen", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]
    assert "PAY-9999" in problems[0].message


def test_a_payment_answered_twice_is_found() -> None:
    answers = [(line.payment_id, line.amount_fen) for line in LINES] + [("PAY-0001", 20_350)]
    problems = check(parsed(write_return(answers)))
    assert codes(problems)[0] == ("line 5", "payment_id", "RETURN_LINE_DUPLICATED")
    assert problems[0].message == "payment 'PAY-0001' is answered on line 2 and again on line 5"


def test_every_missing_payment_is_found() -> None:
    problems = check(parsed(write_return([("PAY-0002", 18_800)])))
    assert codes(problems) == [
        ("batch", "payment_id", "RETURN_LINE_MISSING"),
        ("batch", "payment_id", "RETURN_LINE_MISSING"),
        ("batch", "record_count", "RETURN_BATCH_TOTALS_MISMATCH"),
        ("batch", "total_fen", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]
    assert ["PAY-0001" in problems[0].message, "PAY-0003" in problems[1].message] == [True, True]


def test_a_wrong_amount_is_found() -> None:
    answers = [("PAY-0001", 20_350), ("PAY-0002", 18_000), ("PAY-0003", 41_700)]
    problems = check(parsed(write_return(answers)))
    assert codes(problems) == [
        ("line 3", "amount_fen", "RETURN_AMOUNT_MISMATCH"),
        ("batch", "total_fen", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]
    assert problems[0].message == "payment 'PAY-0002' is answered for 18000 fen; the batch asked 18800 fen"


def test_a_wrong_checksum_is_found() -> None:
    data = write_return([(line.payment_id, line.amount_fen) for line in LINES])
    wrong = replace_trailer(data, f"T|3|{TOTAL}|{'0' * 64}")
    assert codes(check(parsed(wrong))) == [("trailer", "sha256", "RETURN_CHECKSUM_MISMATCH")]


def test_a_line_changed_after_the_trailer_was_computed_is_found() -> None:
    data = write_return([(line.payment_id, line.amount_fen) for line in LINES])
    edited = data.replace(b"R|PAY-0002|18800|PAID|20260706|", b"R|PAY-0002|18800|FAILED|E1|")
    assert codes(check(parsed(edited))) == [("trailer", "sha256", "RETURN_CHECKSUM_MISMATCH")]


def test_a_return_of_another_batch_or_bank_is_found() -> None:
    answers = [(line.payment_id, line.amount_fen) for line in LINES]
    problems = check(parsed(write_return(answers, batch_id="PB-411731-2026-06-ABC-001", bank_code="ICBC")))
    assert codes(problems) == [
        ("header", "batch_id", "RETURN_BATCH_MISMATCH"),
        ("header", "bank_code", "RETURN_BANK_MISMATCH"),
    ]
    assert "PB-411731-2026-06-ABC-001" in problems[0].message


def test_a_trailer_count_that_is_not_the_lines_is_found() -> None:
    data = write_return([(line.payment_id, line.amount_fen) for line in LINES])
    sha256 = data.split(b"\n")[-2].decode().split("|")[3]
    assert codes(check(parsed(replace_trailer(data, f"T|4|{TOTAL}|{sha256}")))) == [
        ("trailer", "record_count", "RETURN_COUNT_MISMATCH"),
        ("batch", "record_count", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]


def test_every_mismatch_of_a_bad_return_is_listed_together() -> None:
    answers = [("PAY-0001", 20_350), ("PAY-0001", 20_350), ("PAY-0002", 1), ("PAY-7777", 500)]
    data = write_return(answers, batch_id="PB-OTHER")
    bad = replace_trailer(data, f"T|9|{TOTAL}|{'a' * 64}")
    assert codes(check(parsed(bad))) == [
        ("header", "batch_id", "RETURN_BATCH_MISMATCH"),
        ("line 3", "payment_id", "RETURN_LINE_DUPLICATED"),
        ("line 4", "amount_fen", "RETURN_AMOUNT_MISMATCH"),
        ("line 5", "payment_id", "RETURN_LINE_NOT_IN_BATCH"),
        ("batch", "payment_id", "RETURN_LINE_MISSING"),
        ("trailer", "record_count", "RETURN_COUNT_MISMATCH"),
        ("trailer", "total_fen", "RETURN_TOTAL_MISMATCH"),
        ("trailer", "sha256", "RETURN_CHECKSUM_MISMATCH"),
        ("batch", "record_count", "RETURN_BATCH_TOTALS_MISMATCH"),
    ]


# --- format errors -----------------------------------------------------------------------------------------------

GOOD_HEADER = "H|PENSION-RETURN|1|PB-1|ABC|20260706"
GOOD_TRAILER = f"T|1|100|{'0' * 64}"


def parse_lines(*lines: str) -> list[tuple[str, str, str]]:
    bank_return, problems = parse_return("".join(line + "\n" for line in lines).encode())
    assert (bank_return is None) == bool(problems)
    return codes(problems)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("R|P1|abc|PAID|20260706|", "amount_fen"),
        ("R|P1|0|PAID|20260706|", "amount_fen"),
        ("R|P1|-100|PAID|20260706|", "amount_fen"),
        ("R|P1|0100|PAID|20260706|", "amount_fen"),
        ("R|P1|100|PAID|20260231|", "paid_on"),
        ("R|P1|100|PAID|2026-07-06|", "paid_on"),
        ("R|P1|100|RETURNED|20260706|", "result"),
        ("R|P1|100|FAILED||账户已销户", "failure_code"),
        ("R|P1|100|PAID|20260706", "field_count"),
        ("R||100|PAID|20260706|", "payment_id"),
        ("X|P1|100|PAID|20260706|", "record_type"),
        ("", "record_type"),
    ],
)
def test_a_malformed_line_is_reported_with_its_line_number_and_field(line: str, field: str) -> None:
    assert parse_lines(GOOD_HEADER, line, GOOD_TRAILER) == [("line 2", field, "RETURN_FORMAT_INVALID")]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("H|PENSION-BATCH|1|PB-1|ABC|20260706", "file_type"),
        ("H|PENSION-RETURN|2|PB-1|ABC|20260706", "version"),
        ("H|PENSION-RETURN|1|PB-1|ABC|2026076", "returned_on"),
        ("H|PENSION-RETURN|1|PB-1|ABC", "field_count"),
    ],
)
def test_a_malformed_header_is_reported(header: str, field: str) -> None:
    assert parse_lines(header, "R|P1|100|PAID|20260706|", GOOD_TRAILER) == [("line 1", field, "RETURN_FORMAT_INVALID")]


@pytest.mark.parametrize(
    ("trailer", "field"),
    [
        (f"T|one|100|{'0' * 64}", "record_count"),
        (f"T|1|1.00|{'0' * 64}", "total_fen"),
        (f"T|1|100|{'A' * 64}", "sha256"),
        ("T|1|100", "field_count"),
    ],
)
def test_a_malformed_trailer_is_reported(trailer: str, field: str) -> None:
    assert parse_lines(GOOD_HEADER, "R|P1|100|PAID|20260706|", trailer) == [("line 3", field, "RETURN_FORMAT_INVALID")]


def test_every_format_error_of_a_file_is_reported_at_once() -> None:
    data = (
        "\ufeffH|PENSION-RETURN|1|PB-1|ABC|20260706\nR|P1|100|PAID|20260706|\r\nR|P2|1.5|PAID|20260706|\n".encode()
        + b"R|P3|100|FAILED|E1|\xff\xfe\n"
        + b"R|P4|100|MAYBE|x|\n"
        + f"T|4|300|{'0' * 64}\n".encode()
        + b"R|P5|100|PAID|20260706|\n"
        + b"R|P6|100|PAID|20260706|"
    )
    bank_return, problems = parse_return(data)
    assert bank_return is None
    assert codes(problems) == [
        ("line 1", "record_type", "RETURN_HEADER_MISSING"),
        ("line 2", "end_of_line", "RETURN_FORMAT_INVALID"),
        ("line 3", "amount_fen", "RETURN_FORMAT_INVALID"),
        ("line 4", "encoding", "RETURN_ENCODING_INVALID"),
        ("line 5", "result", "RETURN_FORMAT_INVALID"),
        ("line 7", "record_type", "RETURN_LINE_AFTER_TRAILER"),
        ("line 8", "end_of_line", "RETURN_FORMAT_INVALID"),
        ("line 8", "record_type", "RETURN_LINE_AFTER_TRAILER"),
    ]
    assert "byte-order mark" in problems[0].message


def test_a_file_without_trailer_or_content_is_reported() -> None:
    assert parse_lines(GOOD_HEADER, "R|P1|100|PAID|20260706|") == [
        ("end of file", "record_type", "RETURN_TRAILER_MISSING")
    ]
    assert parse_return(b"") == (
        None,
        [Mismatch("line 1", "record_type", "RETURN_HEADER_MISSING", "the file is empty")],
    )


# --- the document for banks --------------------------------------------------------------------------------------


def test_the_documented_examples_are_files_that_check_clean() -> None:
    document = (Path(__file__).parents[3] / "docs" / "bank-files.md").read_text(encoding="utf-8")
    blocks = [block.encode() for block in re.findall(r"```text\n(.*?)```", document, re.DOTALL)]
    batch = next(block for block in blocks if block.startswith(b"H|PENSION-BATCH|"))
    returned = next(block for block in blocks if block.startswith(b"H|PENSION-RETURN|"))
    header, lines = read_batch(batch)  # raises if the documented trailer were wrong
    bank_return = parsed(returned)
    problems = check_return(
        bank_return,
        batch_id=header.batch_id,
        bank_code=header.bank_code,
        expected={line.payment_id: line.amount_fen for line in lines},
        record_count=len(lines),
        total_fen=sum(line.amount_fen for line in lines),
    )
    assert problems == []
    assert bank_return.lines[1] == ReturnLine(
        3, "PAY-411731-2026-07-000002", 18_800, False, None, "ACCOUNT_CLOSED", "账户已销户"
    )


def test_every_reason_code_is_documented() -> None:
    document = (Path(__file__).parents[3] / "docs" / "bank-files.md").read_text(encoding="utf-8")
    reason_codes = {name for name, value in vars(bank_files).items() if name.startswith("RETURN_") and value == name}
    assert len(reason_codes) == 15
    assert {code for code in reason_codes if f"| `{code}` |" not in document} == set()
