"""The PayoutService gRPC servicer: turns requests into calls on the service layer, and results into replies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_kit.errors import InvalidArgument
from pension_kit.identity import require_caller
from pension_kit.paging import page_size
from pension_kit.protoconv import check_enum, from_year_month
from pension_payout.adapters.bank_file_writer import read_chunks
from pension_payout.adapters.payroll_messages import (
    AWARD_STATUS_NAMES,
    PAYMENT_STATUS_NAMES,
    award_message,
    batch_message,
    breakdown_lines,
    payment_message,
    payroll_message,
)
from pension_payout.adapters.store import run_id
from pension_payout.entrypoints.grpc_cases import CaseRpcs
from pension_payout.service_layer.arguments import pooling_region as _region
from pension_payout.service_layer.arguments import required as _required
from pension_payout.service_layer.awards import AwardService
from pension_payout.service_layer.bank_returns import BankReturnService
from pension_payout.service_layer.inheritance import InheritanceService
from pension_payout.service_layer.overpayments import OverpaymentService
from pension_payout.service_layer.payroll_approval import PayrollApprovalService
from pension_payout.service_layer.payroll_close import PayrollCloseService
from pension_payout.service_layer.payroll_preparation import PayrollPreparationService
from pension_payout.service_layer.payroll_queries import PayrollQueryService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class PayrollServices:
    """The payroll's use cases, one service each."""

    preparation: PayrollPreparationService
    approval: PayrollApprovalService
    bank_returns: BankReturnService
    close: PayrollCloseService
    queries: PayrollQueryService


class PayoutServicer(CaseRpcs, payout_service_pb2_grpc.PayoutServiceServicer):
    """Awards and the payroll here; overpayment cases and inheritance from CaseRpcs."""

    def __init__(
        self,
        awards: AwardService,
        payroll: PayrollServices,
        overpayments: OverpaymentService,
        inheritance: InheritanceService,
    ) -> None:
        self._awards = awards
        self._payroll = payroll
        self._overpayments = overpayments
        self._inheritance = inheritance

    # --- awards --------------------------------------------------------------------------------------

    async def RunAwards(
        self, request: payout_service_pb2.RunAwardsRequest, context: Context
    ) -> payout_service_pb2.RunAwardsResponse:
        month = from_year_month(request.month, field="month")
        assert month is not None
        result = await self._awards.run_awards(
            _region(request.pooling_region_code),
            month,
            caller=require_caller(),
            request_id=_required(request.request_id, "request_id"),
        )
        return payout_service_pb2.RunAwardsResponse(
            granted=result.granted, short_of_years=result.short_of_years, already_awarded=result.already_awarded
        )

    async def GetAward(
        self, request: payout_service_pb2.GetAwardRequest, context: Context
    ) -> payout_service_pb2.GetAwardResponse:
        award = await self._awards.get_award(_required(request.resident_id, "resident_id"), caller=require_caller())
        response = payout_service_pb2.GetAwardResponse(award=award_message(award))
        month = from_year_month(request.month, field="month", required=False)
        if month is not None:
            amount = await self._awards.explain_month(award, month)
            response.month_lines.extend(breakdown_lines(amount.lines))
            response.month_total_fen = amount.total_fen
        return response

    async def ListAwards(
        self, request: payout_service_pb2.ListAwardsRequest, context: Context
    ) -> payout_service_pb2.ListAwardsResponse:
        caller = require_caller()
        check_enum(request.status, payout_pb2.AwardStatus.DESCRIPTOR, field="status", unspecified_allowed=True)
        awards = await self._awards.list_awards(
            _region(request.pooling_region_code),
            status=AWARD_STATUS_NAMES.get(request.status),
            village_code=request.village_code.strip(),
            after=request.page_token,
            limit=page_size(request.page_size),
            caller=caller,
        )
        limit = page_size(request.page_size)
        return payout_service_pb2.ListAwardsResponse(
            awards=[award_message(award) for award in awards],
            next_page_token=awards[-1].award_id if len(awards) == limit else "",
        )

    async def ListShortOfYears(
        self, request: payout_service_pb2.ListShortOfYearsRequest, context: Context
    ) -> payout_service_pb2.ListShortOfYearsResponse:
        limit = page_size(request.page_size)
        entries = await self._awards.list_short_of_years(
            _region(request.pooling_region_code),
            from_year_month(request.checked_month, field="checked_month", required=False),
            after=request.page_token,
            limit=limit,
            caller=require_caller(),
        )
        return payout_service_pb2.ListShortOfYearsResponse(
            residents=[payout_pb2.ShortOfYears.FromString(entry.message) for entry in entries],
            next_page_token=entries[-1].entry_id if len(entries) == limit else "",
        )

    # --- the payroll ---------------------------------------------------------------------------------

    async def PreparePayroll(
        self, request: payout_service_pb2.PreparePayrollRequest, context: Context
    ) -> payout_service_pb2.PreparePayrollResponse:
        month = from_year_month(request.month, field="month")
        assert month is not None
        run = await self._payroll.preparation.prepare(
            _region(request.pooling_region_code),
            month,
            caller=require_caller(),
            request_id=_required(request.request_id, "request_id"),
        )
        return payout_service_pb2.PreparePayrollResponse(payroll=payroll_message(run))

    async def ApprovePayroll(
        self, request: payout_service_pb2.ApprovePayrollRequest, context: Context
    ) -> payout_service_pb2.ApprovePayrollResponse:
        run = await self._payroll.approval.approve(
            _required(request.payroll_run_id, "payroll_run_id"),
            caller=require_caller(),
            reason=request.reason.strip(),
            request_id=_required(request.request_id, "request_id"),
        )
        return payout_service_pb2.ApprovePayrollResponse(payroll=payroll_message(run))

    async def ExportPayroll(
        self, request: payout_service_pb2.ExportPayrollRequest, context: Context
    ) -> payout_service_pb2.ExportPayrollResponse:
        run = await self._payroll.approval.export(
            _required(request.payroll_run_id, "payroll_run_id"),
            caller=require_caller(),
            request_id=_required(request.request_id, "request_id"),
        )
        return payout_service_pb2.ExportPayrollResponse(payroll=payroll_message(run))

    async def DownloadBankBatch(
        self, request: payout_service_pb2.DownloadBankBatchRequest, context: Context
    ) -> AsyncIterator[payout_service_pb2.DownloadBankBatchResponse]:
        name, path = await self._payroll.queries.batch_file(
            _required(request.payroll_run_id, "payroll_run_id"),
            _required(request.batch_id, "batch_id"),
            caller=require_caller(),
        )
        first = True
        async for chunk in read_chunks(path):
            yield payout_service_pb2.DownloadBankBatchResponse(file_name=name if first else "", chunk=chunk)
            first = False

    async def ImportBankReturn(
        self, request_iterator: AsyncIterator[payout_service_pb2.ImportBankReturnRequest], context: Context
    ) -> payout_service_pb2.ImportBankReturnResponse:
        header: payout_service_pb2.BankReturnHeader | None = None
        chunks: list[bytes] = []
        async for part in request_iterator:
            if part.HasField("header"):
                if header is not None:
                    raise InvalidArgument("RETURN_HEADER_REPEATED", "the upload has two headers", field="header")
                header = part.header
            elif header is None:
                raise InvalidArgument("RETURN_HEADER_REQUIRED", "the upload must start with its header", field="header")
            else:
                chunks.append(part.chunk)
        if header is None:
            raise InvalidArgument("RETURN_HEADER_REQUIRED", "the upload must start with its header", field="header")
        accepted, mismatches, run = await self._payroll.bank_returns.import_return(
            _required(header.payroll_run_id, "payroll_run_id"),
            _required(header.batch_id, "batch_id"),
            b"".join(chunks),
            caller=require_caller(),
            request_id=_required(header.request_id, "request_id"),
        )
        batch = next((b for b in run.batches if b.batch_id == header.batch_id), None)
        return payout_service_pb2.ImportBankReturnResponse(
            accepted=accepted,
            mismatches=[
                types_pb2.Violation(location=m.location, field=m.field, reason_code=m.reason_code, message=m.message)
                for m in mismatches
            ],
            batch=batch_message(batch) if batch else None,
            payroll=payroll_message(run),
        )

    async def ClosePayroll(
        self, request: payout_service_pb2.ClosePayrollRequest, context: Context
    ) -> payout_service_pb2.ClosePayrollResponse:
        run = await self._payroll.close.close(
            _required(request.payroll_run_id, "payroll_run_id"),
            caller=require_caller(),
            request_id=_required(request.request_id, "request_id"),
        )
        return payout_service_pb2.ClosePayrollResponse(payroll=payroll_message(run))

    async def GetPayroll(
        self, request: payout_service_pb2.GetPayrollRequest, context: Context
    ) -> payout_service_pb2.GetPayrollResponse:
        identifier = request.payroll_run_id.strip()
        if not identifier:
            month = from_year_month(request.month, field="month")
            assert month is not None
            identifier = run_id(_region(request.pooling_region_code), month)
        run = await self._payroll.queries.get(identifier, caller=require_caller())
        return payout_service_pb2.GetPayrollResponse(payroll=payroll_message(run))

    async def ListPayrolls(
        self, request: payout_service_pb2.ListPayrollsRequest, context: Context
    ) -> payout_service_pb2.ListPayrollsResponse:
        runs, next_token = await self._payroll.queries.list_runs(
            request.pooling_region_code,
            page_size=request.page_size,
            page_token=request.page_token,
            caller=require_caller(),
        )
        return payout_service_pb2.ListPayrollsResponse(
            payrolls=[payroll_message(run) for run in runs], next_page_token=next_token
        )

    async def ListPayments(
        self, request: payout_service_pb2.ListPaymentsRequest, context: Context
    ) -> payout_service_pb2.ListPaymentsResponse:
        limit = page_size(request.page_size)
        check_enum(request.status, payout_pb2.PaymentStatus.DESCRIPTOR, field="status", unspecified_allowed=True)
        payments = await self._payroll.queries.list_payments(
            _required(request.payroll_run_id, "payroll_run_id"),
            PAYMENT_STATUS_NAMES.get(request.status),
            after=request.page_token,
            limit=limit,
            caller=require_caller(),
        )
        run = await self._payroll.queries.get(request.payroll_run_id.strip(), caller=require_caller())
        return payout_service_pb2.ListPaymentsResponse(
            payments=[payment_message(payment, run.status) for payment in payments],
            next_page_token=payments[-1].payment_id if len(payments) == limit else "",
        )

    async def GetResidentPayments(
        self, request: payout_service_pb2.GetResidentPaymentsRequest, context: Context
    ) -> payout_service_pb2.GetResidentPaymentsResponse:
        payments = await self._payroll.queries.resident_payments(
            _required(request.resident_id, "resident_id"),
            from_year_month(request.from_month, field="from_month", required=False),
            from_year_month(request.to_month, field="to_month", required=False),
            caller=require_caller(),
        )
        statuses = await self._payroll.queries.run_statuses({payment.payroll_run_id for payment in payments})
        return payout_service_pb2.GetResidentPaymentsResponse(
            payments=[payment_message(p, statuses.get(p.payroll_run_id, "")) for p in payments]
        )
