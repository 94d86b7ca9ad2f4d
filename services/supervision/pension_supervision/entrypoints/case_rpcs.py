"""The case RPCs of SupervisionService (OpenCase, UpdateCase, GetCase, ListCases), a mixin of the servicer."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum
from pension_supervision.adapters.case_messages import CASE_STATUS_NAMES, case_message
from pension_supervision.domain.cases import CaseStatus
from pension_supervision.service_layer.cases import CaseService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _status(value: int) -> CaseStatus | None:
    """A requested status: None for UNSPECIFIED (keep it, or any), else the domain's status."""
    check_enum(value, supervision_pb2.CaseStatus.DESCRIPTOR, field="status", unspecified_allowed=True)
    return CASE_STATUS_NAMES.get(value)


class CaseRpcs:
    """Needs `self._cases`, the CaseService, from the servicer's constructor."""

    _cases: CaseService

    async def OpenCase(
        self, request: supervision_service_pb2.OpenCaseRequest, context: Context
    ) -> supervision_service_pb2.OpenCaseResponse:
        case = await self._cases.open(
            caller=require_caller(),
            request_id=request.request_id,
            alert_ids=list(request.alert_ids),
            title=request.title,
            assigned_to=request.assigned_to,
            amount_fen=request.amount_fen,
            reason=request.reason,
            overpayment_case_ids=list(request.overpayment_case_ids),
        )
        return supervision_service_pb2.OpenCaseResponse(case_record=case_message(case))

    async def UpdateCase(
        self, request: supervision_service_pb2.UpdateCaseRequest, context: Context
    ) -> supervision_service_pb2.UpdateCaseResponse:
        case = await self._cases.update(
            caller=require_caller(),
            request_id=request.request_id,
            case_id=request.case_id,
            status=_status(request.status),
            assigned_to=request.assigned_to,
            recovered_fen=request.recovered_fen,
            amount_fen=request.amount_fen,
            note=request.note,
            reason=request.reason,
            attachment_refs=list(request.attachment_refs),
            overpayment_case_ids=list(request.overpayment_case_ids),
        )
        return supervision_service_pb2.UpdateCaseResponse(case_record=case_message(case))

    async def GetCase(
        self, request: supervision_service_pb2.GetCaseRequest, context: Context
    ) -> supervision_service_pb2.GetCaseResponse:
        case = await self._cases.get(caller=require_caller(), case_id=request.case_id)
        return supervision_service_pb2.GetCaseResponse(case_record=case_message(case))

    async def ListCases(
        self, request: supervision_service_pb2.ListCasesRequest, context: Context
    ) -> supervision_service_pb2.ListCasesResponse:
        page = await self._cases.list(
            caller=require_caller(),
            pooling_region_code=request.pooling_region_code,
            status=_status(request.status),
            escalated_only=request.escalated_only,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return supervision_service_pb2.ListCasesResponse(
            cases=[case_message(case) for case in page.cases], next_page_token=page.next_page_token
        )
