"""The VerificationService gRPC servicer: the certification cycle's RPCs; the others answer UNIMPLEMENTED until
their issues are built (the generated base class)."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_kit.identity import require_caller
from pension_kit.paging import page_size
from pension_kit.protoconv import check_enum, from_calendar_date
from pension_verification.adapters.certification_messages import (
    SIGN_OF_LIFE_NAMES,
    certification_message,
    status_message,
)
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.proofs import ProofService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class VerificationServicer(verification_service_pb2_grpc.VerificationServiceServicer):
    def __init__(self, proofs: ProofService, deadlines: DeadlineService, queries: CertificationQueries) -> None:
        self._proofs = proofs
        self._deadlines = deadlines
        self._queries = queries

    async def RecordDataCertification(
        self, request: verification_service_pb2.RecordDataCertificationRequest, context: Context
    ) -> verification_service_pb2.RecordDataCertificationResponse:
        caller = require_caller()
        source = check_enum(request.source, verification_pb2.SignOfLifeSource.DESCRIPTOR, field="source")
        observed_on = from_calendar_date(request.observed_on, field="observed_on")
        assert observed_on is not None
        recorded = await self._proofs.record_data(
            request.resident_id,
            source=SIGN_OF_LIFE_NAMES[source],
            source_ref=request.source_ref,
            observed_on=observed_on,
            reason=request.reason,
            request_id=request.request_id,
            caller=caller,
        )
        certification = recorded.certification
        return verification_service_pb2.RecordDataCertificationResponse(
            certification=certification_message(certification.state.resident_id, recorded.proof),
            status=status_message(certification, certification.state.status),
        )

    async def GetCertificationStatus(
        self, request: verification_service_pb2.GetCertificationStatusRequest, context: Context
    ) -> verification_service_pb2.GetCertificationStatusResponse:
        standing = await self._queries.status(request.resident_id, caller=require_caller())
        return verification_service_pb2.GetCertificationStatusResponse(
            status=status_message(standing.certification, standing.status)
        )

    async def ListDueCertifications(
        self, request: verification_service_pb2.ListDueCertificationsRequest, context: Context
    ) -> verification_service_pb2.ListDueCertificationsResponse:
        caller = require_caller()
        page = await self._queries.due(
            pooling_region_code=request.pooling_region_code,
            village_code=request.village_code,
            due_by=from_calendar_date(request.due_by, field="due_by", required=False),
            page_token=request.page_token,
            limit=page_size(request.page_size),
            caller=caller,
        )
        return verification_service_pb2.ListDueCertificationsResponse(
            statuses=[status_message(standing.certification, standing.status) for standing in page.standings],
            next_page_token=page.next_page_token,
        )

    async def RunCertificationDeadlines(
        self, request: verification_service_pb2.RunCertificationDeadlinesRequest, context: Context
    ) -> verification_service_pb2.RunCertificationDeadlinesResponse:
        counts = await self._deadlines.run(
            request.pooling_region_code,
            as_of=from_calendar_date(request.as_of, field="as_of", required=False),
            request_id=request.request_id,
            caller=require_caller(),
        )
        return verification_service_pb2.RunCertificationDeadlinesResponse(
            due_soon=counts.due_soon, overdue=counts.overdue
        )
