"""The monthly payroll as a county runs it, over payout's gRPC: awards, then prepare, two approvals, bank files,
the bank's answer from the bank simulator, returns, close (end-to-end tests)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_kit.identifiers import Month
from pension_kit.identity import Caller
from pension_kit.protoconv import to_year_month
from pension_synthetic.bank import answer_batch
from pension_testkit import signed

# What the bank says of a line (payment id, card number): None when paid, else its failure code and message.
BankAnswer = Callable[[str, str], tuple[str, str] | None]


async def run_month_awards(
    stub: payout_service_pb2_grpc.PayoutServiceStub,
    region: str,
    month: Month,
    *,
    officer: Caller,
    request_id: str = "",
) -> None:
    await stub.RunAwards(
        payout_service_pb2.RunAwardsRequest(
            request_id=request_id or f"awards-{region}-{month}",
            pooling_region_code=region,
            month=to_year_month(month),
        ),
        metadata=signed(officer),
    )


async def prepare_month(
    stub: payout_service_pb2_grpc.PayoutServiceStub, region: str, month: Month, *, officer: Caller
) -> payout_pb2.PayrollRun:
    prepared: payout_pb2.PayrollRun = (
        await stub.PreparePayroll(
            payout_service_pb2.PreparePayrollRequest(
                request_id=f"prepare-{region}-{month}", pooling_region_code=region, month=to_year_month(month)
            ),
            metadata=signed(officer),
        )
    ).payroll
    return prepared


async def pay_whole_month(
    stub: payout_service_pb2_grpc.PayoutServiceStub,
    region: str,
    month: Month,
    *,
    officer: Caller,
    approvers: Sequence[Caller],
    fail: BankAnswer = lambda _, card: None,
) -> payout_pb2.PayrollRun:
    """One month's whole payroll; returns the closed run (or the prepared one when it has no payment)."""
    prepared = await prepare_month(stub, region, month, officer=officer)
    run = prepared.payroll_run_id
    if prepared.payment_count == 0:
        return prepared
    for approver in approvers:
        await stub.ApprovePayroll(
            payout_service_pb2.ApprovePayrollRequest(request_id=f"{run}-{approver.user_id}", payroll_run_id=run),
            metadata=signed(approver),
        )
    exported = (
        await stub.ExportPayroll(
            payout_service_pb2.ExportPayrollRequest(request_id=f"export-{run}", payroll_run_id=run),
            metadata=signed(officer),
        )
    ).payroll
    for batch in exported.batches:
        data = b"".join(
            [
                part.chunk
                async for part in stub.DownloadBankBatch(
                    payout_service_pb2.DownloadBankBatchRequest(payroll_run_id=run, batch_id=batch.batch_id),
                    metadata=signed(officer),
                )
            ]
        )
        answer = answer_batch(data, returned_on=month.last_day, fail=fail)

        async def parts(batch_id: str = batch.batch_id, body: bytes = answer) -> AsyncIterator[Any]:
            yield payout_service_pb2.ImportBankReturnRequest(
                header=payout_service_pb2.BankReturnHeader(
                    request_id=f"return-{batch_id}", payroll_run_id=run, batch_id=batch_id, file_name="return.txt"
                )
            )
            yield payout_service_pb2.ImportBankReturnRequest(chunk=body)

        imported = await stub.ImportBankReturn(parts(), metadata=signed(officer))
        assert imported.accepted, [m.message for m in imported.mismatches]
    closed: payout_pb2.PayrollRun = (
        await stub.ClosePayroll(
            payout_service_pb2.ClosePayrollRequest(request_id=f"close-{run}", payroll_run_id=run),
            metadata=signed(officer),
        )
    ).payroll
    assert closed.status == payout_pb2.PAYROLL_STATUS_CLOSED
    assert closed.paid_fen + closed.failed_fen == sum(batch.total_fen for batch in closed.batches)
    return closed
