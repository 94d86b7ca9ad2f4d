"""The VerificationService gRPC servicer: the certification cycle's and face proof's RPCs; the others answer
UNIMPLEMENTED until their issues are built (the generated base class)."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_kit.errors import FailedPrecondition
from pension_kit.identity import require_caller
from pension_kit.paging import page_size
from pension_kit.protoconv import check_enum, from_calendar_date, to_timestamp
from pension_verification.adapters.certification_messages import (
    ACTION_NUMBERS,
    SIGN_OF_LIFE_NAMES,
    certification_message,
    face_decision_message,
    retake_hint_messages,
    status_message,
)
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.face import FaceService
from pension_verification.service_layer.proofs import ProofService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class VerificationServicer(verification_service_pb2_grpc.VerificationServiceServicer):
    def __init__(
        self,
        proofs: ProofService,
        deadlines: DeadlineService,
        queries: CertificationQueries,
        face: FaceService | None = None,
    ) -> None:
        self._proofs = proofs
        self._deadlines = deadlines
        self._queries = queries
        self._face = face

    @property
    def _faces(self) -> FaceService:
        if self._face is None:  # a servicer built without the face model (the cycle's unit tests)
            raise FailedPrecondition("FACE_PROOF_UNAVAILABLE", "face proof of life is not configured here")
        return self._face

    async def UploadEnrolmentPhoto(
        self, request: verification_service_pb2.UploadEnrolmentPhotoRequest, context: Context
    ) -> verification_service_pb2.UploadEnrolmentPhotoResponse:
        photo = await self._faces.upload_enrolment_photo(
            request.resident_id, request.image, request_id=request.request_id, caller=require_caller()
        )
        return verification_service_pb2.UploadEnrolmentPhotoResponse(
            photo_ref=photo.photo_ref, model=photo.model.name, model_version=photo.model.version
        )

    async def IssueLivenessChallenge(
        self, request: verification_service_pb2.IssueLivenessChallengeRequest, context: Context
    ) -> verification_service_pb2.IssueLivenessChallengeResponse:
        issued = await self._faces.issue_liveness_challenge(request.resident_id, caller=require_caller())
        return verification_service_pb2.IssueLivenessChallengeResponse(
            challenge_token=issued.token,
            actions=[ACTION_NUMBERS[str(action)] for action in issued.challenge.actions],
            expires_at=to_timestamp(issued.challenge.expires_at),
        )

    async def RecordFaceCertification(
        self, request: verification_service_pb2.RecordFaceCertificationRequest, context: Context
    ) -> verification_service_pb2.RecordFaceCertificationResponse:
        # Fields 4-6 (a score, a liveness flag, a challenge from the phone) are never trusted: the frames decide.
        answer = await self._faces.record_face(
            request.resident_id,
            request_id=request.request_id,
            challenge_token=request.challenge_token,
            frames=list(request.frames),
            caller=require_caller(),
        )
        certification = answer.certification
        response = verification_service_pb2.RecordFaceCertificationResponse(
            passed=answer.passed,
            failure_code=answer.attempt["failure_code"],
            status=status_message(certification, certification.state.status),
            decision=face_decision_message(answer.attempt),
            retake_hints=retake_hint_messages(answer.attempt),
        )
        if answer.proof is not None:
            response.certification.CopyFrom(
                certification_message(certification.state.resident_id, answer.proof, answer.attempt)
            )
        return response

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
