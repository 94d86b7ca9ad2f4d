"""The overpayment and inheritance RPCs of PayoutService: cases, recoveries, and the heir's one payout."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.payout.v1 import payout_pb2, payout_service_pb2
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum, from_calendar_date
from pension_payout.adapters.case_messages import OVERPAYMENT_STATUS_NAMES, case_message, inheritance_message
from pension_payout.service_layer.inheritance import HeirClaim, InheritanceService
from pension_payout.service_layer.overpayments import OverpaymentService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class CaseRpcs:
    """Mixed into PayoutServicer; `_overpayments` and `_inheritance` are set by its constructor."""

    _overpayments: OverpaymentService
    _inheritance: InheritanceService

    async def GetOverpaymentCase(
        self, request: payout_service_pb2.GetOverpaymentCaseRequest, context: Context
    ) -> payout_service_pb2.GetOverpaymentCaseResponse:
        case = await self._overpayments.get_case(request.overpayment_case_id, caller=require_caller())
        return payout_service_pb2.GetOverpaymentCaseResponse(overpayment_case=case_message(case))

    async def ListOverpaymentCases(
        self, request: payout_service_pb2.ListOverpaymentCasesRequest, context: Context
    ) -> payout_service_pb2.ListOverpaymentCasesResponse:
        check_enum(request.status, payout_pb2.OverpaymentStatus.DESCRIPTOR, field="status", unspecified_allowed=True)
        status = (
            None
            if request.status == payout_pb2.OVERPAYMENT_STATUS_UNSPECIFIED
            else OVERPAYMENT_STATUS_NAMES[request.status]
        )
        cases, next_token = await self._overpayments.list_cases(
            pooling_region_code=request.pooling_region_code,
            resident_id=request.resident_id,
            status=status,
            page_size=request.page_size,
            page_token=request.page_token,
            caller=require_caller(),
        )
        return payout_service_pb2.ListOverpaymentCasesResponse(
            overpayment_cases=[case_message(case) for case in cases], next_page_token=next_token
        )

    async def RecordRecovery(
        self, request: payout_service_pb2.RecordRecoveryRequest, context: Context
    ) -> payout_service_pb2.RecordRecoveryResponse:
        case = await self._overpayments.record_recovery(
            request.overpayment_case_id,
            request.amount_fen,
            request.method,
            from_calendar_date(request.recovered_on, field="recovered_on"),
            request.reference,
            request.reason,
            request.request_id,
            require_caller(),
        )
        return payout_service_pb2.RecordRecoveryResponse(overpayment_case=case_message(case))

    async def RequestInheritancePayout(
        self, request: payout_service_pb2.RequestInheritancePayoutRequest, context: Context
    ) -> payout_service_pb2.RequestInheritancePayoutResponse:
        claim = HeirClaim(
            name=request.heir_name,
            citizen_id_number=request.heir_citizen_id_number,
            relationship=request.relationship,
            bank_card_number=request.heir_bank_card_number,
            bank_code=request.heir_bank_code,
            bank_name=request.heir_bank_name,
            evidence_ref=request.evidence_ref,
            reason=request.reason,
        )
        payout = await self._inheritance.request(
            request.resident_id, claim, request_id=request.request_id, caller=require_caller()
        )
        return payout_service_pb2.RequestInheritancePayoutResponse(inheritance=inheritance_message(payout))

    async def ApproveInheritancePayout(
        self, request: payout_service_pb2.ApproveInheritancePayoutRequest, context: Context
    ) -> payout_service_pb2.ApproveInheritancePayoutResponse:
        payout = await self._inheritance.approve(
            request.inheritance_id, reason=request.reason, request_id=request.request_id, caller=require_caller()
        )
        return payout_service_pb2.ApproveInheritancePayoutResponse(inheritance=inheritance_message(payout))

    async def RecordInheritancePaymentResult(
        self, request: payout_service_pb2.RecordInheritancePaymentResultRequest, context: Context
    ) -> payout_service_pb2.RecordInheritancePaymentResultResponse:
        payout = await self._inheritance.record_result(
            request.inheritance_id,
            paid=request.paid,
            paid_on=from_calendar_date(request.paid_on, field="paid_on", required=False),
            bank_reference=request.bank_reference,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return payout_service_pb2.RecordInheritancePaymentResultResponse(inheritance=inheritance_message(payout))

    async def GetInheritancePayout(
        self, request: payout_service_pb2.GetInheritancePayoutRequest, context: Context
    ) -> payout_service_pb2.GetInheritancePayoutResponse:
        payout = await self._inheritance.get(request.inheritance_id, request.resident_id, caller=require_caller())
        return payout_service_pb2.GetInheritancePayoutResponse(inheritance=inheritance_message(payout))
