"""A simulated bank: answers a payout batch file with its return file, as a county's bank would."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from pension_payout.domain.bank_files import ReturnFileWriter, iter_batch

__all__ = ["answer_batch"]


def _pays_everyone(payment_id: str, card_number: str) -> tuple[str, str] | None:
    return None


def answer_batch(
    batch: bytes,
    *,
    returned_on: date,
    fail: Callable[[str, str], tuple[str, str] | None] = _pays_everyone,
) -> bytes:
    """The return file answering every line of `batch`, in the batch's order.

    A line is PAID on `returned_on` unless `fail(payment_id, card_number)` gives the bank's (failure code, reason),
    which lets a test or simulation fail a closed account or a mistyped card. Raises ValueError if `batch` is not
    a batch file as the format says (a bank would refuse it whole).
    """
    header, lines = iter_batch(batch)
    out = io.BytesIO()
    writer = ReturnFileWriter(out, batch_id=header.batch_id, bank_code=header.bank_code, returned_on=returned_on)
    for line in lines:
        failure = fail(line.payment_id, line.card_number)
        if failure is None:
            writer.paid(line.payment_id, line.amount_fen, returned_on)
        else:
            writer.failed(line.payment_id, line.amount_fen, *failure)
    writer.finish()
    return out.getvalue()
