"""The VerificationService gRPC servicer: the certification cycle's, registry feeds', death reports', agents' visits',
agents' relations' and face proof's RPCs; the others answer UNIMPLEMENTED until their issues are built (the
generated base class)."""

from __future__ import annotations

from datetime import UTC
from typing import Any, TypeAlias

import grpc

from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
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
from pension_verification.adapters.registry_messages import death_report_message, stored_review_message
from pension_verification.domain.visits import RELATIVE, SELF, Position
from pension_verification.entrypoints.registry_requests import ingest, result_message
from pension_verification.service_layer.agent_relations import AgentRelations
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.death_reports import DeathReportService
from pension_verification.service_layer.face import FaceService
from pension_verification.service_layer.proofs import ProofService, Recorded
from pension_verification.service_layer.registry import RegistryService
from pension_verification.service_layer.visits import VisitService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]

RELATION_NAMES: dict[int, str] = {
    verification_pb2.AGENT_RELATION_SELF: SELF,
    verification_pb2.AGENT_RELATION_RELATIVE: RELATIVE,
}


def _position(point: Any) -> Position:
    return Position(point.latitude_e6, point.longitude_e6, point.accuracy_m)


class VerificationServicer(verification_service_pb2_grpc.VerificationServiceServicer):
    def __init__(
        self,
        proofs: ProofService,
        deadlines: DeadlineService,
        queries: CertificationQueries,
        registry: RegistryService | None = None,
        death_reports: DeathReportService | None = None,
        *,
        visits: VisitService | None = None,
        relations: AgentRelations | None = None,
        face: FaceService | None = None,
    ) -> None:
        self._proofs = proofs
        self._deadlines = deadlines
        self._queries = queries
        # Optional so that a servicer of the cycle alone can be built (its unit tests); bootstrap gives both.
        self._registry_service = registry
        self._death_report_service = death_reports
        # Visits need the photo store (MongoDB): the servicer's unit tests build it without them.
        self._visits = visits
        self._relations = relations
        self._face = face

    @property
    def _registry(self) -> RegistryService:
        if self._registry_service is None:
            raise NotImplementedError("registry feeds are not wired in this servicer")
        return self._registry_service

    @property
    def _death_reports(self) -> DeathReportService:
        if self._death_report_service is None:
            raise NotImplementedError("death reports are not wired in this servicer")
        return self._death_report_service

    async def RecordAgentVisit(
        self, request: verification_service_pb2.RecordAgentVisitRequest, context: Context
    ) -> verification_service_pb2.RecordAgentVisitResponse:
        if self._visits is None:
            await context.abort(grpc.StatusCode.UNIMPLEMENTED, "agents' visits are not wired in this process")
        assert self._visits is not None  # abort raised otherwise
        recorded = await self._visits.record_visit(
            request.resident_id,
            agent_id=request.agent_id,
            position=_position(request.position),
            visited_at=request.visited_at.ToDatetime(tzinfo=UTC) if request.HasField("visited_at") else None,
            photo=request.photo,
            note=request.note,
            request_id=request.request_id,
            caller=require_caller(),
        )
        certification, status = _recorded(recorded)
        return verification_service_pb2.RecordAgentVisitResponse(certification=certification, status=status)

    async def RecordAgentRelation(
        self, request: verification_service_pb2.RecordAgentRelationRequest, context: Context
    ) -> verification_service_pb2.RecordAgentRelationResponse:
        if self._relations is None:
            await context.abort(grpc.StatusCode.UNIMPLEMENTED, "agents' relations are not wired in this process")
        assert self._relations is not None  # abort raised otherwise
        caller = require_caller()
        relation = check_enum(request.relation, verification_pb2.AgentRelation.DESCRIPTOR, field="relation")
        created = await self._relations.record(
            request.agent_id,
            request.resident_id,
            relation=RELATION_NAMES[relation],
            reason=request.reason,
            request_id=request.request_id,
            caller=caller,
        )
        return verification_service_pb2.RecordAgentRelationResponse(created=created)

    async def ListCertifications(
        self, request: verification_service_pb2.ListCertificationsRequest, context: Context
    ) -> verification_service_pb2.ListCertificationsResponse:
        proofs = await self._queries.proofs(request.resident_id, caller=require_caller())
        return verification_service_pb2.ListCertificationsResponse(
            certifications=[certification_message(request.resident_id.strip(), proof) for proof in proofs]
        )

    async def _faces(self, context: Context) -> FaceService:
        if self._face is None:  # a servicer built without the face model (the cycle's unit tests)
            await context.abort(grpc.StatusCode.UNIMPLEMENTED, "face proof of life is not wired in this process")
        assert self._face is not None  # abort raised otherwise
        return self._face

    async def UploadEnrolmentPhoto(
        self, request: verification_service_pb2.UploadEnrolmentPhotoRequest, context: Context
    ) -> verification_service_pb2.UploadEnrolmentPhotoResponse:
        face = await self._faces(context)
        photo = await face.upload_enrolment_photo(
            request.resident_id, request.image, request_id=request.request_id, caller=require_caller()
        )
        return verification_service_pb2.UploadEnrolmentPhotoResponse(
            photo_ref=photo.photo_ref, model=photo.model.name, model_version=photo.model.version
        )

    async def IssueLivenessChallenge(
        self, request: verification_service_pb2.IssueLivenessChallengeRequest, context: Context
    ) -> verification_service_pb2.IssueLivenessChallengeResponse:
        face = await self._faces(context)
        issued = await face.issue_liveness_challenge(request.resident_id, caller=require_caller())
        return verification_service_pb2.IssueLivenessChallengeResponse(
            challenge_token=issued.token,
            actions=[ACTION_NUMBERS[str(action)] for action in issued.challenge.actions],
            expires_at=to_timestamp(issued.challenge.expires_at),
        )

    async def RecordFaceCertification(
        self, request: verification_service_pb2.RecordFaceCertificationRequest, context: Context
    ) -> verification_service_pb2.RecordFaceCertificationResponse:
        # Fields 4-6 (a score, a liveness flag, a challenge from the phone) are never trusted: the frames decide.
        face = await self._faces(context)
        answer = await face.record_face(
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
        certification, status = _recorded(recorded)
        return verification_service_pb2.RecordDataCertificationResponse(certification=certification, status=status)

    async def GetCertificationStatus(
        self, request: verification_service_pb2.GetCertificationStatusRequest, context: Context
    ) -> verification_service_pb2.GetCertificationStatusResponse:
        standing = await self._queries.status(request.resident_id, caller=require_caller())
        return verification_service_pb2.GetCertificationStatusResponse(
            status=status_message(standing.certification, standing.status, death_reported=standing.death_reported)
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

    async def IngestRegistryRecords(
        self, request: verification_service_pb2.IngestRegistryRecordsRequest, context: Context
    ) -> verification_service_pb2.IngestRegistryRecordsResponse:
        return await ingest(self._registry, request, require_caller())

    async def ListRegistryReviews(
        self, request: verification_service_pb2.ListRegistryReviewsRequest, context: Context
    ) -> verification_service_pb2.ListRegistryReviewsResponse:
        page = await self._registry.pending_reviews(
            request.pooling_region_code,
            page_token=request.page_token,
            limit=page_size(request.page_size),
            caller=require_caller(),
        )
        return verification_service_pb2.ListRegistryReviewsResponse(
            reviews=[stored_review_message(review.document) for review in page.reviews],
            next_page_token=page.next_page_token,
        )

    async def DecideRegistryReview(
        self, request: verification_service_pb2.DecideRegistryReviewRequest, context: Context
    ) -> verification_service_pb2.DecideRegistryReviewResponse:
        decided = await self._registry.decide(
            request.review_id,
            accept=request.accept,
            resident_id=request.resident_id,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        response = verification_service_pb2.DecideRegistryReviewResponse(
            review=stored_review_message(decided.review.document)
        )
        if decided.result is not None:
            response.result.CopyFrom(result_message(decided.result))
        return response

    async def ReportDeath(
        self, request: verification_service_pb2.ReportDeathRequest, context: Context
    ) -> verification_service_pb2.ReportDeathResponse:
        report = await self._death_reports.report(
            request.resident_id,
            agent_id=request.agent_id,
            date_of_death=from_calendar_date(request.date_of_death, field="date_of_death"),
            evidence_ref=request.evidence_ref,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return verification_service_pb2.ReportDeathResponse(report=death_report_message(report))

    async def ConfirmDeath(
        self, request: verification_service_pb2.ConfirmDeathRequest, context: Context
    ) -> verification_service_pb2.ConfirmDeathResponse:
        confirmed = await self._death_reports.confirm(
            request.resident_id,
            report_id=request.report_id,
            date_of_death=from_calendar_date(request.date_of_death, field="date_of_death", required=False),
            evidence_ref=request.evidence_ref,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return verification_service_pb2.ConfirmDeathResponse(status=confirmed.status)

    async def RejectDeathReport(
        self, request: verification_service_pb2.RejectDeathReportRequest, context: Context
    ) -> verification_service_pb2.RejectDeathReportResponse:
        report = await self._death_reports.reject(
            request.report_id, reason=request.reason, request_id=request.request_id, caller=require_caller()
        )
        return verification_service_pb2.RejectDeathReportResponse(report=death_report_message(report))


def _recorded(recorded: Recorded) -> tuple[verification_pb2.Certification, verification_pb2.CertificationStatus]:
    certification = recorded.certification
    return (
        certification_message(certification.state.resident_id, recorded.proof),
        status_message(certification, certification.state.status),
    )
