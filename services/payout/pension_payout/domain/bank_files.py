"""The bank batch file we send and the bank return file we read back: writing, reading and checking them."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, Final

from pension_kit.money import require_fen

__all__ = [
    "BACK_PAY",
    "BATCH_FILE_TYPE",
    "FAILED",
    "FORMAT_VERSION",
    "KINDS",
    "PAID",
    "REGULAR",
    "RETURN_AMOUNT_MISMATCH",
    "RETURN_BANK_MISMATCH",
    "RETURN_BATCH_MISMATCH",
    "RETURN_BATCH_TOTALS_MISMATCH",
    "RETURN_CHECKSUM_MISMATCH",
    "RETURN_COUNT_MISMATCH",
    "RETURN_ENCODING_INVALID",
    "RETURN_FILE_TYPE",
    "RETURN_FORMAT_INVALID",
    "RETURN_HEADER_MISSING",
    "RETURN_LINE_AFTER_TRAILER",
    "RETURN_LINE_DUPLICATED",
    "RETURN_LINE_MISSING",
    "RETURN_LINE_NOT_IN_BATCH",
    "RETURN_TOTAL_MISMATCH",
    "RETURN_TRAILER_MISSING",
    "BankReturn",
    "BatchFileWriter",
    "BatchHeader",
    "BatchLine",
    "BatchSummary",
    "Mismatch",
    "ReturnFileWriter",
    "ReturnLine",
    "batch_file_name",
    "check_return",
    "iter_batch",
    "parse_return",
    "read_batch",
]

BATCH_FILE_TYPE: Final = "PENSION-BATCH"
RETURN_FILE_TYPE: Final = "PENSION-RETURN"
FORMAT_VERSION: Final = "1"

REGULAR: Final = "REGULAR"  # the month's pension, paid in its month
BACK_PAY: Final = "BACK_PAY"  # a past month paid late (a late award, a resumed suspension, a failed payment re-sent)
KINDS: Final = frozenset({REGULAR, BACK_PAY})

PAID: Final = "PAID"
FAILED: Final = "FAILED"

# Format errors found by parse_return.
RETURN_ENCODING_INVALID: Final = "RETURN_ENCODING_INVALID"
RETURN_FORMAT_INVALID: Final = "RETURN_FORMAT_INVALID"
RETURN_HEADER_MISSING: Final = "RETURN_HEADER_MISSING"
RETURN_TRAILER_MISSING: Final = "RETURN_TRAILER_MISSING"
RETURN_LINE_AFTER_TRAILER: Final = "RETURN_LINE_AFTER_TRAILER"
# Ways a well-formed return does not answer its batch, found by check_return.
RETURN_BATCH_MISMATCH: Final = "RETURN_BATCH_MISMATCH"
RETURN_BANK_MISMATCH: Final = "RETURN_BANK_MISMATCH"
RETURN_LINE_NOT_IN_BATCH: Final = "RETURN_LINE_NOT_IN_BATCH"
RETURN_AMOUNT_MISMATCH: Final = "RETURN_AMOUNT_MISMATCH"
RETURN_LINE_DUPLICATED: Final = "RETURN_LINE_DUPLICATED"
RETURN_LINE_MISSING: Final = "RETURN_LINE_MISSING"
RETURN_COUNT_MISMATCH: Final = "RETURN_COUNT_MISMATCH"
RETURN_TOTAL_MISMATCH: Final = "RETURN_TOTAL_MISMATCH"
RETURN_CHECKSUM_MISMATCH: Final = "RETURN_CHECKSUM_MISMATCH"
RETURN_BATCH_TOTALS_MISMATCH: Final = "RETURN_BATCH_TOTALS_MISMATCH"

_SEPARATOR: Final = "|"
_FORBIDDEN: Final = ("|", "\r", "\n")
_PERIOD_RE: Final = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")
_DATE_RE: Final = re.compile(r"[0-9]{8}")
# Integers are written without sign or leading zeros, so that a parsed line written again gives the same bytes:
# check_return hashes the lines it is given, and that must be the hash of the bytes the bank sent.
_COUNT_RE: Final = re.compile(r"0|[1-9][0-9]*")
_AMOUNT_RE: Final = re.compile(r"[1-9][0-9]*")
_SHA256_RE: Final = re.compile(r"[0-9a-f]{64}")
_SHOWN_MAX: Final = 40  # characters of a bad value quoted in a message: enough to recognise it, not a whole line


# --- the batch file ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One payment asked of the bank: a D line of the batch file."""

    payment_id: str
    month: str  # "YYYY-MM" of the benefit month
    kind: str  # REGULAR or BACK_PAY
    account_name: str  # the pensioner's name, clear: the bank checks the account is in their own name
    card_number: str  # clear: the bank cannot pay a masked number
    amount_fen: int  # > 0


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a written file's trailer says: how many record lines, their total, and the SHA-256 of their bytes."""

    record_count: int
    total_fen: int
    sha256: str


@dataclass(frozen=True, slots=True)
class BatchHeader:
    """The header line of a batch file."""

    batch_id: str
    payroll_run_id: str
    bank_code: str
    pooling_region_code: str
    month: str
    created_on: date


class _RecordStream:
    """Writes record lines to a binary stream, counting, totalling and hashing them as they go by.

    Each line is written as soon as it is given, so memory stays flat however many lines a file has.
    """

    def __init__(self, stream: BinaryIO, header: list[str]) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self._count = 0
        self._total = 0
        self._summary: BatchSummary | None = None
        stream.write(_encode(header))

    def write(self, fields: list[str], amount_fen: int) -> None:
        if self._summary is not None:
            raise ValueError("the file is finished: its trailer is written")
        data = _encode(fields)
        self._stream.write(data)
        self._hash.update(data)
        self._count += 1
        self._total += amount_fen

    def finish(self) -> BatchSummary:
        if self._summary is not None:
            raise ValueError("the file is finished: its trailer is written")
        summary = BatchSummary(self._count, self._total, self._hash.hexdigest())
        self._stream.write(_encode(["T", str(summary.record_count), str(summary.total_fen), summary.sha256]))
        self._summary = summary
        return summary


class BatchFileWriter:
    """Streams a batch file to a binary stream: header at construction, write() per line, finish() writes the trailer.

    A value the format cannot carry (a "|", "\\r" or "\\n", an empty field, a month not YYYY-MM, an amount not
    above zero, an unknown kind) is refused with ValueError before anything of its line is written. The payout
    service gives each payment one line: the writer does not check payment ids are unique, since remembering a
    million ids would make its memory grow with the batch.
    """

    def __init__(
        self,
        stream: BinaryIO,
        *,
        batch_id: str,
        payroll_run_id: str,
        bank_code: str,
        pooling_region_code: str,
        month: str,
        created_on: date,
    ) -> None:
        header = [
            "H",
            BATCH_FILE_TYPE,
            FORMAT_VERSION,
            _field("batch_id", batch_id),
            _field("payroll_run_id", payroll_run_id),
            _field("bank_code", bank_code),
            _field("pooling_region_code", pooling_region_code),
            _period("month", month),
            _format_date(created_on),
        ]
        self._records = _RecordStream(stream, header)

    def write(self, line: BatchLine) -> None:
        """Write one payment's D line."""
        where = f"payment {line.payment_id!r}: " if _printable(line.payment_id) else ""
        try:
            if line.kind not in KINDS:
                raise ValueError(f"kind must be REGULAR or BACK_PAY, not {_shown(line.kind)}")
            fields = [
                "D",
                _field("payment_id", line.payment_id),
                _period("month", line.month),
                line.kind,
                _field("account_name", line.account_name),
                _field("card_number", line.card_number),
                str(_amount(line.amount_fen)),
            ]
        except ValueError as error:
            raise ValueError(f"{where}{error}") from None
        self._records.write(fields, line.amount_fen)

    def finish(self) -> BatchSummary:
        """Write the trailer; returns what it says (the batch's count, total and hash of its D lines)."""
        return self._records.finish()


def batch_file_name(batch_id: str) -> str:
    """The file name of a batch: its id with path separators made harmless, then ".txt"."""
    return batch_id.replace("/", "_").replace("\\", "_") + ".txt"


def iter_batch(data: bytes) -> tuple[BatchHeader, Iterator[BatchLine]]:
    """Read a batch file: its header now, its lines as they are iterated.

    Raises ValueError naming the line for anything not as the format says; the trailer (count, total, hash of
    the D lines) is checked when the iteration reaches it, so a caller must iterate to the end.
    """
    lines = _split_lines(data, "batch")
    if not lines:
        raise ValueError("the batch file is empty")
    fields = lines[0].split(_SEPARATOR)
    if len(fields) != 9 or fields[:3] != ["H", BATCH_FILE_TYPE, FORMAT_VERSION]:
        raise ValueError(f"line 1: not a {BATCH_FILE_TYPE} version {FORMAT_VERSION} header")
    created_on = _parse_date(fields[8])
    if created_on is None or _PERIOD_RE.fullmatch(fields[7]) is None or "" in fields[3:7]:
        raise ValueError("line 1: the header's ids, month or creation date are not as the format says")
    header = BatchHeader(fields[3], fields[4], fields[5], fields[6], fields[7], created_on)
    return header, _batch_lines(lines)


def read_batch(data: bytes) -> tuple[BatchHeader, list[BatchLine]]:
    """Read a whole batch file into memory (see iter_batch to stream its lines)."""
    header, lines = iter_batch(data)
    return header, list(lines)


def _batch_lines(lines: list[str]) -> Iterator[BatchLine]:
    digest = hashlib.sha256()
    total = 0
    for number, text in enumerate(itertools.islice(lines, 1, None), start=2):
        fields = text.split(_SEPARATOR)
        if fields[0] == "T":
            # Every line between the header (line 1) and this one was a D line, or the reading stopped there.
            _check_batch_trailer(number, fields, BatchSummary(number - 2, total, digest.hexdigest()))
            if number != len(lines):
                raise ValueError(f"line {number + 1}: a line after the trailer")
            return
        if (
            len(fields) != 7
            or fields[0] != "D"
            or "" in fields
            or _PERIOD_RE.fullmatch(fields[2]) is None
            or fields[3] not in KINDS
            or _AMOUNT_RE.fullmatch(fields[6]) is None
        ):
            raise ValueError(f"line {number}: not a D line as the format says")
        digest.update(text.encode() + b"\n")
        total += int(fields[6])
        yield BatchLine(fields[1], fields[2], fields[3], fields[4], fields[5], int(fields[6]))
    raise ValueError("the batch file has no trailer")


def _check_batch_trailer(number: int, fields: list[str], lines: BatchSummary) -> None:
    if len(fields) != 4 or _COUNT_RE.fullmatch(fields[1]) is None or _COUNT_RE.fullmatch(fields[2]) is None:
        raise ValueError(f"line {number}: not a trailer as the format says")
    said = BatchSummary(int(fields[1]), int(fields[2]), fields[3])
    if said != lines:
        raise ValueError(f"line {number}: the trailer says {said}, the D lines are {lines}")


# --- the return file ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReturnLine:
    """The bank's answer to one payment: an R line of the return file."""

    line_number: int  # 1-based line number in the file (the header is line 1)
    payment_id: str
    amount_fen: int
    paid: bool
    paid_on: date | None  # None when the payment failed
    failure_code: str  # "" when paid
    failure_reason: str  # "" when paid


@dataclass(frozen=True, slots=True)
class BankReturn:
    """A well-formed return file: what its header and trailer say, and its lines."""

    batch_id: str
    bank_code: str
    returned_on: date
    lines: tuple[ReturnLine, ...]
    record_count: int  # as the trailer says
    total_fen: int  # as the trailer says
    sha256: str  # as the trailer says
    file_sha256: str  # SHA-256 of the whole file's bytes: the same file delivered twice is recognised by it


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One thing wrong with a return file, for the report to the bank and the county officer."""

    location: str  # "line 7", "header", "trailer", "batch" (the batch as a whole), "end of file"
    field: str  # "payment_id", "amount_fen", "record_count", "sha256", "batch_id", ...
    reason_code: str  # stable UPPER_SNAKE code, documented in docs/bank-files.md
    message: str  # English, names the values


class ReturnFileWriter:
    """Streams a return file (the bank's side): header at construction, paid()/failed() per line, finish()."""

    def __init__(self, stream: BinaryIO, *, batch_id: str, bank_code: str, returned_on: date) -> None:
        header = [
            "H",
            RETURN_FILE_TYPE,
            FORMAT_VERSION,
            _field("batch_id", batch_id),
            _field("bank_code", bank_code),
            _format_date(returned_on),
        ]
        self._records = _RecordStream(stream, header)

    def paid(self, payment_id: str, amount_fen: int, paid_on: date) -> None:
        """Write the line of a payment credited to the account on `paid_on`."""
        self._write(payment_id, amount_fen, PAID, _format_date(paid_on), "")

    def failed(self, payment_id: str, amount_fen: int, failure_code: str, failure_reason: str) -> None:
        """Write the line of a payment the bank could not make, with its code and reason."""
        self._write(
            payment_id,
            amount_fen,
            FAILED,
            _field("failure_code", failure_code),
            _field("failure_reason", failure_reason, empty=True),
        )

    def finish(self) -> BatchSummary:
        """Write the trailer; returns what it says."""
        return self._records.finish()

    def _write(self, payment_id: str, amount_fen: int, result: str, fifth: str, sixth: str) -> None:
        fields = ["R", _field("payment_id", payment_id), str(_amount(amount_fen)), result, fifth, sixth]
        self._records.write(fields, amount_fen)


def parse_return(data: bytes) -> tuple[BankReturn | None, list[Mismatch]]:
    """Parses a return file; format errors are collected (every one, with its line number), never raised.

    The return is None exactly when the list is not empty: a file that is not well-formed is refused for its form,
    and its content is judged (check_return) only once it is.
    """
    problems: list[Mismatch] = []
    lines = _numbered_lines(data, problems)
    if not lines:
        problems.append(Mismatch("line 1", "record_type", RETURN_HEADER_MISSING, "the file is empty"))
        return None, problems
    header = _parse_return_header(lines[0][1], problems)
    records: list[ReturnLine] = []
    trailer: tuple[int, int, str] | None = None
    trailer_number = 0
    for number, text in lines[1:]:
        if trailer_number:
            problems.append(
                Mismatch(
                    f"line {number}",
                    "record_type",
                    RETURN_LINE_AFTER_TRAILER,
                    f"line {number} comes after the trailer on line {trailer_number}",
                )
            )
            continue
        record_type = text.split(_SEPARATOR, 1)[0]
        if record_type == "T":
            trailer_number = number
            trailer = _parse_return_trailer(number, text, problems)
        elif record_type == "R":
            record = _parse_return_line(number, text, problems)
            if record is not None:
                records.append(record)
        else:
            problems.append(_invalid(number, "record_type", f"record type {_shown(record_type)} is not R or T"))
    if not trailer_number:
        problems.append(
            Mismatch("end of file", "record_type", RETURN_TRAILER_MISSING, "the file ends without a T trailer line")
        )
    if problems or header is None or trailer is None:
        # In file order, as a bank reads its file: the encoding and end-of-line problems were found on a first pass.
        return None, sorted(problems, key=_file_order)
    batch_id, bank_code, returned_on = header
    record_count, total_fen, sha256 = trailer
    file_sha256 = hashlib.sha256(data).hexdigest()
    return (
        BankReturn(batch_id, bank_code, returned_on, tuple(records), record_count, total_fen, sha256, file_sha256),
        [],
    )


def check_return(
    bank_return: BankReturn,
    *,
    batch_id: str,
    bank_code: str,
    expected: Mapping[str, int],
    record_count: int,
    total_fen: int,
) -> list[Mismatch]:
    """Every way the return does not answer its batch: `expected` maps the batch's payment ids to amounts.

    `record_count` and `total_fen` are the batch's, as its trailer said. An empty list means the return answers
    every payment of the batch exactly once, for its amount, and its trailer is true.
    """
    problems: list[Mismatch] = []
    if bank_return.batch_id != batch_id:
        problems.append(
            Mismatch(
                "header",
                "batch_id",
                RETURN_BATCH_MISMATCH,
                f"the return is for batch {bank_return.batch_id!r}, not {batch_id!r}",
            )
        )
    if bank_return.bank_code != bank_code:
        problems.append(
            Mismatch(
                "header",
                "bank_code",
                RETURN_BANK_MISMATCH,
                f"the return is from bank {bank_return.bank_code!r}; the batch went to {bank_code!r}",
            )
        )
    first_line: dict[str, int] = {}
    digest = hashlib.sha256()
    lines_total = 0
    for line in bank_return.lines:
        where = f"line {line.line_number}"
        digest.update(_return_line_bytes(line))
        lines_total += line.amount_fen
        earlier = first_line.setdefault(line.payment_id, line.line_number)
        if earlier != line.line_number:
            problems.append(
                Mismatch(
                    where,
                    "payment_id",
                    RETURN_LINE_DUPLICATED,
                    f"payment {line.payment_id!r} is answered on line {earlier} and again on line {line.line_number}",
                )
            )
        asked = expected.get(line.payment_id)
        if asked is None:
            problems.append(
                Mismatch(
                    where,
                    "payment_id",
                    RETURN_LINE_NOT_IN_BATCH,
                    f"payment {line.payment_id!r} is not in batch {batch_id!r}",
                )
            )
        elif line.amount_fen != asked:
            problems.append(
                Mismatch(
                    where,
                    "amount_fen",
                    RETURN_AMOUNT_MISMATCH,
                    f"payment {line.payment_id!r} is answered for {line.amount_fen} fen; the batch asked {asked} fen",
                )
            )
    problems.extend(
        Mismatch("batch", "payment_id", RETURN_LINE_MISSING, f"payment {payment_id!r} of the batch has no line")
        for payment_id in expected
        if payment_id not in first_line
    )
    lines_count = len(bank_return.lines)
    if bank_return.record_count != lines_count:
        problems.append(
            Mismatch(
                "trailer",
                "record_count",
                RETURN_COUNT_MISMATCH,
                f"the trailer says {bank_return.record_count} lines; the file has {lines_count}",
            )
        )
    if bank_return.total_fen != lines_total:
        problems.append(
            Mismatch(
                "trailer",
                "total_fen",
                RETURN_TOTAL_MISMATCH,
                f"the trailer says {bank_return.total_fen} fen; the lines add up to {lines_total} fen",
            )
        )
    lines_sha256 = digest.hexdigest()
    if bank_return.sha256 != lines_sha256:
        problems.append(
            Mismatch(
                "trailer",
                "sha256",
                RETURN_CHECKSUM_MISMATCH,
                f"the trailer says SHA-256 {bank_return.sha256}; the R lines' bytes hash to {lines_sha256}",
            )
        )
    if bank_return.record_count != record_count:
        problems.append(
            Mismatch(
                "batch",
                "record_count",
                RETURN_BATCH_TOTALS_MISMATCH,
                f"the return's trailer says {bank_return.record_count} lines; the batch had {record_count}",
            )
        )
    if bank_return.total_fen != total_fen:
        problems.append(
            Mismatch(
                "batch",
                "total_fen",
                RETURN_BATCH_TOTALS_MISMATCH,
                f"the return's trailer says {bank_return.total_fen} fen; the batch had {total_fen} fen",
            )
        )
    return problems


def _parse_return_header(text: str, problems: list[Mismatch]) -> tuple[str, str, date] | None:
    fields = text.split(_SEPARATOR)
    if fields[0] != "H":
        reason = (
            "the file starts with a byte-order mark; the format has none"
            if text.startswith("\ufeff")
            else f"the first line is a {_shown(fields[0])} record, not the H header"
        )
        problems.append(Mismatch("line 1", "record_type", RETURN_HEADER_MISSING, reason))
        return None
    if len(fields) != 6:
        problems.append(_invalid(1, "field_count", f"the header has {len(fields)} fields, not 6"))
        return None
    found = len(problems)
    _, file_type, version, batch_id, bank_code, returned_text = fields
    if file_type != RETURN_FILE_TYPE:
        problems.append(_invalid(1, "file_type", f"file type {_shown(file_type)} is not {RETURN_FILE_TYPE}"))
    if version != FORMAT_VERSION:
        problems.append(_invalid(1, "version", f"version {_shown(version)} is not {FORMAT_VERSION}"))
    if not batch_id:
        problems.append(_invalid(1, "batch_id", "the batch id is empty"))
    if not bank_code:
        problems.append(_invalid(1, "bank_code", "the bank code is empty"))
    returned_on = _parse_date(returned_text)
    if returned_on is None:
        problems.append(_invalid(1, "returned_on", f"{_shown(returned_text)} is not a date written YYYYMMDD"))
    if len(problems) > found or returned_on is None:
        return None
    return batch_id, bank_code, returned_on


def _parse_return_line(number: int, text: str, problems: list[Mismatch]) -> ReturnLine | None:
    fields = text.split(_SEPARATOR)
    if len(fields) != 6:
        problems.append(_invalid(number, "field_count", f"an R line has 6 fields, this one {len(fields)}"))
        return None
    found = len(problems)
    _, payment_id, amount_text, result, fifth, sixth = fields
    if not payment_id:
        problems.append(_invalid(number, "payment_id", "the payment id is empty"))
    amount = _parse_amount(number, amount_text, problems)
    paid_on: date | None = None
    if result == PAID:
        paid_on = _parse_date(fifth)
        if paid_on is None:
            problems.append(_invalid(number, "paid_on", f"{_shown(fifth)} is not a date written YYYYMMDD"))
        if sixth:
            problems.append(_invalid(number, "failure_reason", "a PAID line ends with an empty field"))
    elif result == FAILED:
        if not fifth:
            problems.append(_invalid(number, "failure_code", "a FAILED line needs the bank's failure code"))
    else:
        problems.append(_invalid(number, "result", f"result {_shown(result)} is not PAID or FAILED"))
    if len(problems) > found or amount is None:
        return None
    if result == PAID:
        return ReturnLine(number, payment_id, amount, True, paid_on, "", "")
    return ReturnLine(number, payment_id, amount, False, None, fifth, sixth)


def _parse_return_trailer(number: int, text: str, problems: list[Mismatch]) -> tuple[int, int, str] | None:
    fields = text.split(_SEPARATOR)
    if len(fields) != 4:
        problems.append(_invalid(number, "field_count", f"the trailer has {len(fields)} fields, not 4"))
        return None
    found = len(problems)
    _, count_text, total_text, sha256 = fields
    if _COUNT_RE.fullmatch(count_text) is None:
        problems.append(_invalid(number, "record_count", f"{_shown(count_text)} is not a whole number"))
    if _COUNT_RE.fullmatch(total_text) is None:
        problems.append(_invalid(number, "total_fen", f"{_shown(total_text)} is not a whole number of fen"))
    if _SHA256_RE.fullmatch(sha256) is None:
        problems.append(_invalid(number, "sha256", f"{_shown(sha256)} is not 64 lower-case hexadecimal digits"))
    if len(problems) > found:
        return None
    return int(count_text), int(total_text), sha256


def _parse_amount(number: int, text: str, problems: list[Mismatch]) -> int | None:
    if _AMOUNT_RE.fullmatch(text) is not None:
        return int(text)
    if _COUNT_RE.fullmatch(text) is not None or (text.startswith("-") and text[1:].isdigit()):
        reason = f"amount {_shown(text)} is not above zero"
    else:
        reason = f"amount {_shown(text)} is not a whole number of fen written without sign or leading zeros"
    problems.append(_invalid(number, "amount_fen", reason))
    return None


def _return_line_bytes(line: ReturnLine) -> bytes:
    """The bytes of an R line as the format writes it: parse_return accepts only lines written this way."""
    if line.paid:
        paid_on = "" if line.paid_on is None else _format_date(line.paid_on)
        fields = ["R", line.payment_id, str(line.amount_fen), PAID, paid_on, ""]
    else:
        fields = ["R", line.payment_id, str(line.amount_fen), FAILED, line.failure_code, line.failure_reason]
    return _encode(fields)


def _numbered_lines(data: bytes, problems: list[Mismatch]) -> list[tuple[int, str]]:
    """The file's lines with their 1-based numbers; every line that is not UTF-8 or ends badly is reported."""
    pieces = data.split(b"\n")
    last = pieces.pop()  # what follows the last "\n": nothing, in a file whose lines all end with "\n"
    if last:
        pieces.append(last)
    numbered: list[tuple[int, str]] = []
    for number, piece in enumerate(pieces, start=1):
        try:
            text = piece.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(
                Mismatch(
                    f"line {number}",
                    "encoding",
                    RETURN_ENCODING_INVALID,
                    f"line {number} is not UTF-8 (byte {error.start + 1} of the line)",
                )
            )
            # Read on, so that the line's place (header, record, trailer) is still known and nothing else is
            # reported for want of it; the file is refused for the encoding whatever the rest says.
            text = piece.decode("utf-8", errors="replace")
        if text.endswith("\r"):
            problems.append(_invalid(number, "end_of_line", "the line ends with \\r\\n; lines end with \\n alone"))
            text = text[:-1]
        if "\r" in text:
            problems.append(_invalid(number, "end_of_line", "a \\r inside the line; no field may contain one"))
        if last and number == len(pieces):
            problems.append(_invalid(number, "end_of_line", "the last line does not end with \\n"))
        numbered.append((number, text))
    return numbered


def _split_lines(data: bytes, what: str) -> list[str]:
    if data and not data.endswith(b"\n"):
        raise ValueError(f"the {what} file does not end with \\n")
    try:
        return data.decode("utf-8").split("\n")[:-1]
    except UnicodeDecodeError as error:
        raise ValueError(f"the {what} file is not UTF-8 (byte {error.start + 1})") from None


def _file_order(problem: Mismatch) -> int:
    location = problem.location
    return int(location[5:]) if location.startswith("line ") else 1 << 62  # "end of file" comes last


def _invalid(number: int, field: str, message: str) -> Mismatch:
    return Mismatch(f"line {number}", field, RETURN_FORMAT_INVALID, f"line {number}: {message}")


# --- fields ------------------------------------------------------------------------------------------------------


def _field(name: str, value: str, *, empty: bool = False) -> str:
    """`value` if the format can carry it; the message never repeats it, since names and card numbers pass here."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value and not empty:
        raise ValueError(f"{name} is empty")
    for character in _FORBIDDEN:
        if character in value:
            raise ValueError(f"{name} contains {character!r}, which the bank file format cannot carry")
    return value


def _period(name: str, value: str) -> str:
    if _PERIOD_RE.fullmatch(value) is None:
        raise ValueError(f"{name} {_shown(value)} is not a month written YYYY-MM")
    return value


def _amount(amount_fen: int) -> int:
    if require_fen(amount_fen, "amount_fen") <= 0:
        raise ValueError(f"amount_fen must be above zero, not {amount_fen}")
    return amount_fen


def _format_date(day: date) -> str:
    # Not strftime: %Y does not pad years before 1000 on every platform, and a date field is always 8 digits.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _parse_date(text: str) -> date | None:
    if _DATE_RE.fullmatch(text) is None:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _encode(fields: list[str]) -> bytes:
    return (_SEPARATOR.join(fields) + "\n").encode("utf-8")


def _shown(value: str) -> str:
    """`value` quoted for a message, cut short if long."""
    return repr(value if len(value) <= _SHOWN_MAX else value[:_SHOWN_MAX] + "...")


def _printable(value: object) -> bool:
    return isinstance(value, str) and not any(character in value for character in _FORBIDDEN)
