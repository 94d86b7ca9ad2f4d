"""The complaint RPCs of SupervisionService (FileComplaint ... CheckComplaintDeadlines), mixed into the servicer.

Each turns the request into arguments (enums checked, dates and months read), calls the use case with the caller,
and maps the ticket to the contract: the complainant is only ever answered masked.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum, from_calendar_date, from_year_month
from pension_supervision.adapters.complaint_messages import (
    channel_of,
    complaint_message,
    kind_of,
    status_of,
)
from pension_supervision.adapters.complaint_repository import ComplaintFilter
from pension_supervision.service_layer.complaints import ComplaintService, Filing

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class ComplaintRpcs:
    """The ticket RPCs; the servicer that inherits them sets `_complaints`."""

    _complaints: ComplaintService

    async def FileComplaint(
        self, request: supervision_service_pb2.FileComplaintRequest, context: Context
    ) -> supervision_service_pb2.FileComplaintResponse:
        caller = require_caller()
        kind = check_enum(request.kind, supervision_pb2.ComplaintKind.DESCRIPTOR, field="kind")
        channel = check_enum(request.channel, supervision_pb2.ComplaintChannel.DESCRIPTOR, field="channel")
        complaint = await self._complaints.file(
            caller=caller,
            request_id=request.request_id,
            filing=Filing(
                kind=kind_of(kind),
                channel=channel_of(channel),
                pooling_region_code=request.pooling_region_code,
                village_code=request.village_code,
                resident_id=request.resident_id,
                subject=request.subject,
                description=request.description,
                complainant_name=request.complainant_name,
                complainant_mobile=request.complainant_mobile,
                received_on=from_calendar_date(request.received_on, field="received_on", required=False),
                notice_month=from_year_month(request.notice_month, field="notice_month", required=False),
            ),
        )
        return supervision_service_pb2.FileComplaintResponse(complaint=complaint_message(complaint))

    async def ExtendComplaint(
        self, request: supervision_service_pb2.ExtendComplaintRequest, context: Context
    ) -> supervision_service_pb2.ExtendComplaintResponse:
        complaint = await self._complaints.extend(
            caller=require_caller(),
            request_id=request.request_id,
            ticket_number=request.ticket_number,
            reason=request.reason,
        )
        return supervision_service_pb2.ExtendComplaintResponse(complaint=complaint_message(complaint))

    async def UpdateComplaint(
        self, request: supervision_service_pb2.UpdateComplaintRequest, context: Context
    ) -> supervision_service_pb2.UpdateComplaintResponse:
        caller = require_caller()
        status = check_enum(
            request.status, supervision_pb2.ComplaintStatus.DESCRIPTOR, field="status", unspecified_allowed=True
        )
        complaint = await self._complaints.update(
            caller=caller,
            request_id=request.request_id,
            ticket_number=request.ticket_number,
            status=status_of(status) if status else None,
            assigned_to=request.assigned_to,
            resolution=request.resolution,
            reason=request.reason,
        )
        return supervision_service_pb2.UpdateComplaintResponse(complaint=complaint_message(complaint))

    async def GetComplaint(
        self, request: supervision_service_pb2.GetComplaintRequest, context: Context
    ) -> supervision_service_pb2.GetComplaintResponse:
        complaint = await self._complaints.get(caller=require_caller(), ticket_number=request.ticket_number)
        return supervision_service_pb2.GetComplaintResponse(complaint=complaint_message(complaint))

    async def ListComplaints(
        self, request: supervision_service_pb2.ListComplaintsRequest, context: Context
    ) -> supervision_service_pb2.ListComplaintsResponse:
        caller = require_caller()
        status = check_enum(
            request.status, supervision_pb2.ComplaintStatus.DESCRIPTOR, field="status", unspecified_allowed=True
        )
        kind = check_enum(
            request.kind, supervision_pb2.ComplaintKind.DESCRIPTOR, field="kind", unspecified_allowed=True
        )
        complaints, next_token = await self._complaints.list(
            caller=caller,
            where=ComplaintFilter(
                pooling_region_code=request.pooling_region_code,
                status=status_of(status) if status else None,
                kind=kind_of(kind) if kind else None,
                overdue_only=request.overdue_only,
                resident_id=request.resident_id,
            ),
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return supervision_service_pb2.ListComplaintsResponse(
            complaints=[complaint_message(c) for c in complaints], next_page_token=next_token
        )

    async def CheckComplaintDeadlines(
        self, request: supervision_service_pb2.CheckComplaintDeadlinesRequest, context: Context
    ) -> supervision_service_pb2.CheckComplaintDeadlinesResponse:
        check = await self._complaints.check_deadlines(
            caller=require_caller(),
            request_id=request.request_id,
            pooling_region_code=request.pooling_region_code,
            as_of=from_calendar_date(request.as_of, field="as_of", required=False),
        )
        return supervision_service_pb2.CheckComplaintDeadlinesResponse(
            newly_overdue=check.newly_overdue, overdue=check.overdue
        )
