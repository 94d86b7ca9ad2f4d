"""A run's folder of bank files: staged payments, one batch file per bank (whole or absent), and reading them back.

Names and card numbers are opened only here, into the bank's file: the folder is 0700 and each file 0600, partial
ones too. A file is written beside its final name, fsynced and renamed when complete, so a file a bank receives is
always whole.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import IO, Any

from pension_kit.clock import today_in_china
from pension_kit.pii import PersonalDataVault, Sealed
from pension_payout.adapters.private_files import open_private, private_folder
from pension_payout.adapters.staging import StagingWriter, read_staged, staged_line, unseal_document
from pension_payout.domain.bank_files import BatchFileWriter, BatchLine, BatchSummary, batch_file_name, iter_batch
from pension_payout.domain.payroll import Batch, Payment, PayrollRun

log = logging.getLogger(__name__)


class BankFileWriter:
    """The bank files of every run, each run in its own folder under `folder`."""

    def __init__(self, folder: Path, vault: PersonalDataVault) -> None:
        self.folder = folder
        self.vault = vault

    def staging(self, payroll_run_id: str) -> StagingWriter:
        """A new staged file of the run's payments (made whole by `finish`)."""
        return StagingWriter(self.folder / payroll_run_id)

    def batch_path(self, payroll_run_id: str, batch: Batch) -> Path:
        return self.folder / payroll_run_id / batch.file_name

    async def lines_to_export(
        self, run: PayrollRun, from_database: AsyncIterator[Payment]
    ) -> AsyncIterator[dict[str, Any]]:
        """The run's payments to export: from the staged file when it is the one recorded, else the database."""
        staged = read_staged(self.folder / run.payroll_run_id, run.staged)
        if staged is not None:
            for line in staged:
                yield line
            return
        log.warning("payroll %s: staged payments missing or changed; exporting from the database", run.payroll_run_id)
        async for payment in from_database:
            yield staged_line(payment)

    async def write_batches(self, run: PayrollRun, lines: AsyncIterator[dict[str, Any]]) -> list[Batch]:
        """One file per bank of the staged lines (withdrawn payments left out), each whole once written."""
        folder = private_folder(self.folder / run.payroll_run_id)
        today = today_in_china()
        writers: dict[str, tuple[BatchFileWriter, IO[bytes], Batch]] = {}
        try:
            async for line in lines:
                if line["payment_id"] in run.withdrawn:
                    continue
                batch = line["batch_id"]
                if batch not in writers:
                    name = batch_file_name(batch)
                    # Local files written sequentially: the page cache absorbs them; closed below, all together.
                    stream = open_private(folder / f"{name}.partial")
                    writer = BatchFileWriter(
                        stream,
                        batch_id=batch,
                        payroll_run_id=run.payroll_run_id,
                        bank_code=line["bank_code"],
                        pooling_region_code=run.pooling_region_code,
                        month=str(run.month),
                        created_on=today,
                    )
                    entry = Batch(batch, line["bank_code"], line["bank_name"], name, 0, 0, "")
                    writers[batch] = (writer, stream, entry)
                writers[batch][0].write(
                    BatchLine(
                        payment_id=line["payment_id"],
                        month=line["month"],
                        kind=line["kind"],
                        account_name=self._open(line["sealed_name"], "name"),
                        card_number=self._open(line["sealed_card_number"], "bank_card_number"),
                        amount_fen=line["amount_fen"],
                    )
                )
            batches = []
            for writer, output, entry in writers.values():
                summary: BatchSummary = writer.finish()
                output.flush()
                os.fsync(output.fileno())
                output.close()
                os.replace(folder / f"{entry.file_name}.partial", folder / entry.file_name)
                batches.append(
                    Batch(
                        entry.batch_id,
                        entry.bank_code,
                        entry.bank_name,
                        entry.file_name,
                        record_count=summary.record_count,
                        total_fen=summary.total_fen,
                        sha256=summary.sha256,
                    )
                )
            return sorted(batches, key=lambda batch: batch.batch_id)
        finally:
            for _, open_stream, _ in writers.values():
                open_stream.close()

    def _open(self, staged: dict[str, str], purpose: str) -> str:
        return self.vault.open(Sealed.from_document(unseal_document(staged)), purpose=purpose)

    def sent(self, run: PayrollRun, batch: Batch) -> dict[str, int] | None:
        """What the batch's file asked of the bank, payment id to amount; None when the file is missing or is
        not the one recorded at export."""
        path = self.batch_path(run.payroll_run_id, batch)
        if not path.is_file():
            return None
        try:
            header, lines = iter_batch(path.read_bytes())
            sent = {line.payment_id: line.amount_fen for line in lines}
        except ValueError:
            return None
        if (header.batch_id, len(sent), sum(sent.values())) != (batch.batch_id, batch.record_count, batch.total_fen):
            return None
        return sent


async def read_chunks(path: Path, size: int = 256 * 1024) -> AsyncIterator[bytes]:
    """A file's bytes in chunks, for streaming a bank batch to a client."""
    with open(path, "rb") as stream:  # noqa: ASYNC230 - a local file read in 256 KiB steps
        while chunk := stream.read(size):
            yield chunk
