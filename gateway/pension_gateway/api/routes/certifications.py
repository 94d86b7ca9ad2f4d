"""Proof of life: a pensioner's certification status and proofs, face proofs, agents' visits and task lists, deaths.

Each route forwards the caller's own token to the verification service, which decides who may do what: an agent
only for the pensioners of their villages, whatever the request says. Who the agent is comes from the token too,
never from the body.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Query, status
from google.protobuf.descriptor import EnumDescriptor
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, Field

from pension.common.v1 import types_pb2
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import (
    FRAMES_MAX,
    FRAMES_MIN,
    IMAGE_BASE64_MAX,
    IMAGE_MAX_BYTES,
    AccuracyM,
    CalendarDay,
    ChallengeToken,
    DateQuery,
    DeviceId,
    EvidenceRef,
    Image,
    Instant,
    LatitudeE6,
    LongitudeE6,
    Note,
    Reason,
    RequestId,
    ResidentId,
    TaskPageToken,
    VillageCodePath,
)
from pension_gateway.auth import SignedInCaller
from pension_gateway.config import GatewaySettings
from pension_kit.identity import Role
from pension_kit.paging import MAX_PAGE_SIZE
from pension_kit.protoconv import from_calendar_date, to_calendar_date, to_timestamp

router = APIRouter(tags=["proof of life"])

# The roles the service behind each route admits, refused at the gateway before any call: verification's STATUS_ROLES,
# LIST_ROLES, FACE_ROLES, the visit's agent, REPORT_ROLES.
STATUS_ROLES: Final = (
    Role.VILLAGE_AGENT,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
    Role.HOTLINE,
)
TASK_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.AUDITOR)
FACE_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
VISIT_ROLES: Final = (Role.VILLAGE_AGENT,)
REPORT_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)

# What a request with images may weigh: its images in base64 and the rest of the body (the gateway's usual
# limit). main.py gives these routes these limits instead of that one.
# The same routes under the agents' phone API (/agent/v1) take the same images.
_PHOTO_ROUTE: Final = r"(/agent)?/v1/residents/[^/]+/(photo|agent-visits)"
_FRAMES_ROUTE: Final = r"(/agent)?/v1/residents/[^/]+/face-certifications"


# The model measures every image the service receives (a second or so per frame on a small machine): the calls
# that carry images get longer than the gateway's usual wait.
IMAGE_RPC_TIMEOUT_SECONDS: Final = 60.0


def _image_timeout(settings: GatewaySettings) -> float:
    return max(settings.rpc_timeout_seconds, IMAGE_RPC_TIMEOUT_SECONDS)


def image_body_limits(base: int) -> dict[str, int]:
    """The body limit of each route that carries images (a path pattern each), for the gateway's BodyLimit."""
    return {_PHOTO_ROUTE: IMAGE_BASE64_MAX + base, _FRAMES_ROUTE: FRAMES_MAX * IMAGE_BASE64_MAX + base}


# --- what the routes answer ------------------------------------------------------------------------------------

CertificationMethod = Literal["face", "agent_visit", "data", "unspecified"]
CertificationStateName = Literal["not_required", "current", "due_soon", "overdue", "deceased", "unspecified"]
LivenessActionName = Literal["blink", "turn_left", "turn_right", "unspecified"]


class GeoPointIn(BaseModel):
    """Where the phone was: degrees times 1,000,000 as integers (no floating point), and the accuracy."""

    latitude_e6: LatitudeE6
    longitude_e6: LongitudeE6
    accuracy_m: AccuracyM = 0


class GeoPointOut(BaseModel):
    latitude_e6: int
    longitude_e6: int
    accuracy_m: int


class FaceCheckOut(BaseModel):
    name: str
    status: str = Field(description="PASSED, FAILED or NOT_CHECKED.")
    detail: str


class FaceDecisionOut(BaseModel):
    """What a face proof measured and decided: distances and the threshold in millionths, the model, the checks."""

    challenge_id: str
    outcome: str = Field(description="PASSED, REFUSED or RETAKE.")
    reasons: list[str]
    checks: list[FaceCheckOut]
    frame_distances_e6: list[int]
    max_distance_e6: int
    model: str
    model_version: str
    actions: list[str]


class CertificationOut(BaseModel):
    """One passed proof of life, and how it was given (`method`)."""

    certification_id: str
    resident_id: str
    method: CertificationMethod
    certified_on: date | None
    certified_at: datetime | None
    evidence_ref: str
    agent_id: str
    position: GeoPointOut | None
    sign_of_life_source: str = Field(description="Data proofs: hospital_visit, bank_counter_withdrawal, ...")
    sign_of_life_ref: str
    next_due_on: date | None
    village_code: str
    face_decision: FaceDecisionOut | None


class CertificationStatusOut(BaseModel):
    """Where a pensioner stands with proof of life: what the hotline reads out ("is my certification due")."""

    resident_id: str
    state: CertificationStateName
    due_on: date | None = Field(description="The day the next proof is due; none once the cycle ended.")
    village_code: str
    last_certification: CertificationOut | None = Field(description="The last passed proof and its method.")
    date_of_death: date | None
    death_reported: bool
    imprisoned: bool
    duplicate_receipt: bool


class CertificationsOut(BaseModel):
    resident_id: str
    certifications: list[CertificationOut] = Field(description="Passed proofs of life, newest first.")


class CertificationTasksOut(BaseModel):
    """A village agent's task list: pensioners due or overdue, the earliest due date first."""

    village_code: str
    due_by: date | None = Field(description="As asked; without it, the service's notice period from today.")
    tasks: list[CertificationStatusOut]
    next_page_token: str


class EnrolmentPhotoOut(BaseModel):
    photo_ref: str
    model: str
    model_version: str


class LivenessChallengeOut(BaseModel):
    challenge_token: str = Field(description="Send it back with the frames; usable once, before `expires_at`.")
    actions: list[LivenessActionName] = Field(description="What the person does, in this order, while filmed.")
    expires_at: datetime | None


class RetakeHintOut(BaseModel):
    code: str = Field(examples=["TOO_DARK"])
    frame: int = Field(description="The frame concerned, 0-based.")
    message_zh: str
    message_en: str


class FaceCertificationOut(BaseModel):
    """The outcome of a face proof; a failure is an answer too (`passed` false, `failure_code`, retake hints)."""

    passed: bool
    failure_code: str = Field(examples=["FACE_MISMATCH"])
    certification: CertificationOut | None
    status: CertificationStatusOut | None
    decision: FaceDecisionOut | None
    retake_hints: list[RetakeHintOut]


class AgentVisitOut(BaseModel):
    certification: CertificationOut | None
    status: CertificationStatusOut | None


class DeathReportOut(BaseModel):
    report_id: str
    resident_id: str
    agent_id: str
    date_of_death: date | None
    evidence_ref: str
    status: Literal["reported", "confirmed", "rejected", "unspecified"]
    reported_at: datetime | None


# --- what the routes take ---------------------------------------------------------------------------------------


class EnrolmentPhotoIn(BaseModel):
    request_id: RequestId
    image: Image


class FaceProofIn(BaseModel):
    """A face proof's frames as any caller sends them; the agents' phones send exactly this (agent/proof.py)."""

    request_id: RequestId
    challenge_token: ChallengeToken
    frames: Annotated[
        list[Image],
        Field(
            min_length=FRAMES_MIN,
            max_length=FRAMES_MAX,
            description=f"{FRAMES_MIN} to {FRAMES_MAX} frames, in the order taken while the person followed the "
            f"actions; each at most {IMAGE_MAX_BYTES:,} bytes decoded.",
        ),
    ]
    captured_at: Instant | None = None
    position: GeoPointIn | None = None


class FaceCertificationIn(FaceProofIn):
    """A face proof sent by an officer's or agent's device through /v1, naming the device if it has one."""

    device_id: DeviceId = ""


class AgentVisitIn(BaseModel):
    request_id: RequestId
    photo: Image
    position: GeoPointIn
    visited_at: Instant
    note: Note = ""


class DeathReportIn(BaseModel):
    request_id: RequestId
    date_of_death: CalendarDay
    evidence_ref: EvidenceRef = ""
    reason: Reason = ""


# --- mapping the service's answers -----------------------------------------------------------------------------


def _enum_name(enum: EnumDescriptor, number: int, prefix: str) -> str:
    value = enum.values_by_number.get(number)
    return value.name.removeprefix(prefix).lower() if value is not None else "unspecified"


def optional_day(value: types_pb2.CalendarDate) -> date | None:
    """A date from a service's answer, None where the service left it unset."""
    return from_calendar_date(value, field="date", required=False)


def _moment(value: Timestamp) -> datetime | None:
    return value.ToDatetime(tzinfo=UTC) if value.seconds or value.nanos else None


def _position(value: types_pb2.GeoPoint) -> GeoPointOut | None:
    if not (value.latitude_e6 or value.longitude_e6):
        return None
    return GeoPointOut(latitude_e6=value.latitude_e6, longitude_e6=value.longitude_e6, accuracy_m=value.accuracy_m)


def _actions(actions: list[int]) -> list[str]:
    descriptor = verification_pb2.LivenessAction.DESCRIPTOR
    return [_enum_name(descriptor, action, "LIVENESS_ACTION_") for action in actions]


def _decision(decision: verification_pb2.FaceDecision) -> FaceDecisionOut:
    return FaceDecisionOut(
        challenge_id=decision.challenge_id,
        outcome=decision.outcome,
        reasons=list(decision.reasons),
        checks=[FaceCheckOut(name=c.name, status=c.status, detail=c.detail) for c in decision.checks],
        frame_distances_e6=list(decision.frame_distances_e6),
        max_distance_e6=decision.max_distance_e6,
        model=decision.model,
        model_version=decision.model_version,
        actions=_actions(list(decision.actions)),
    )


def certification_out(certification: verification_pb2.Certification) -> CertificationOut:
    method = _enum_name(verification_pb2.CertificationMethod.DESCRIPTOR, certification.method, "CERTIFICATION_METHOD_")
    source = certification.sign_of_life_source
    return CertificationOut(
        certification_id=certification.certification_id,
        resident_id=certification.resident_id,
        method=method,  # type: ignore[arg-type]
        certified_on=optional_day(certification.certified_on),
        certified_at=_moment(certification.certified_at),
        evidence_ref=certification.evidence_ref,
        agent_id=certification.agent_id,
        position=_position(certification.position),
        sign_of_life_source=_enum_name(verification_pb2.SignOfLifeSource.DESCRIPTOR, source, "SIGN_OF_LIFE_SOURCE_")
        if source
        else "",
        sign_of_life_ref=certification.sign_of_life_ref,
        next_due_on=optional_day(certification.next_due_on),
        village_code=certification.village_code,
        face_decision=_decision(certification.face_decision) if certification.HasField("face_decision") else None,
    )


def status_out(status: verification_pb2.CertificationStatus) -> CertificationStatusOut:
    state = _enum_name(verification_pb2.CertificationState.DESCRIPTOR, status.state, "CERTIFICATION_STATE_")
    return CertificationStatusOut(
        resident_id=status.resident_id,
        state=state,  # type: ignore[arg-type]
        due_on=optional_day(status.due_on),
        village_code=status.village_code,
        last_certification=certification_out(status.last_certification)
        if status.HasField("last_certification")
        else None,
        date_of_death=optional_day(status.date_of_death),
        death_reported=status.death_reported,
        imprisoned=status.imprisoned,
        duplicate_receipt=status.duplicate_receipt,
    )


def _geo_point(position: GeoPointIn | None) -> types_pb2.GeoPoint | None:
    if position is None:
        return None
    return types_pb2.GeoPoint(
        latitude_e6=position.latitude_e6, longitude_e6=position.longitude_e6, accuracy_m=position.accuracy_m
    )


def _timestamp(text: str | None) -> Timestamp | None:
    return to_timestamp(datetime.fromisoformat(text)) if text else None


def _agent_id(caller: SignedInCaller) -> str:
    """The agent a proof or report names: the signed-in agent themself (the service checks it against the token)."""
    return caller.user_id if caller.role is Role.VILLAGE_AGENT else ""


# --- the routes ------------------------------------------------------------------------------------------------


@router.get(
    "/residents/{resident_id}/certification",
    **allow(*STATUS_ROLES),
    response_model=CertificationStatusOut,
    responses=problem_responses(400, 401, 403, 404, 422, 503),
)
async def get_certification_status(
    resident_id: ResidentId, caller: CurrentCaller, clients: Clients, settings: Settings
) -> CertificationStatusOut:
    """Is a pensioner's proof of life due (养老金领取资格认证): the state, the due date, the last proof and how it was
    given, and whether a death report, imprisonment or duplicate receipt stands."""
    response = await clients.verification.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id=resident_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return status_out(response.status)


@router.get(
    "/residents/{resident_id}/certifications",
    **allow(*STATUS_ROLES),
    response_model=CertificationsOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def list_certifications(
    resident_id: ResidentId, caller: CurrentCaller, clients: Clients, settings: Settings
) -> CertificationsOut:
    """A pensioner's passed proofs of life, newest first."""
    response = await clients.verification.ListCertifications(
        verification_service_pb2.ListCertificationsRequest(resident_id=resident_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return CertificationsOut(
        resident_id=resident_id, certifications=[certification_out(c) for c in response.certifications]
    )


@router.get(
    "/villages/{village_code}/certification-tasks",
    **allow(*TASK_ROLES),
    response_model=CertificationTasksOut,
    responses=problem_responses(400, 401, 403, 422, 503),
)
async def list_certification_tasks(
    village_code: VillageCodePath,
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    due_by: DateQuery = None,
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    page_token: TaskPageToken = "",
) -> CertificationTasksOut:
    """A village agent's task list: the village's pensioners due by `due_by` (YYYY-MM-DD) and every overdue one,
    the earliest due date first, each with the last proof and how it was given. An agent sees only their villages."""
    request = verification_service_pb2.ListDueCertificationsRequest(
        village_code=village_code, page_size=page_size, page_token=page_token
    )
    if due_by is not None:
        request.due_by.CopyFrom(to_calendar_date(date.fromisoformat(due_by)))
    response = await clients.verification.ListDueCertifications(
        request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return CertificationTasksOut(
        village_code=village_code,
        due_by=date.fromisoformat(due_by) if due_by is not None else None,
        tasks=[status_out(s) for s in response.statuses],
        next_page_token=response.next_page_token,
    )


@router.post(
    "/residents/{resident_id}/photo",
    **allow(*FACE_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=EnrolmentPhotoOut,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 422, 503),
)
async def upload_enrolment_photo(
    resident_id: ResidentId, body: EnrolmentPhotoIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> EnrolmentPhotoOut:
    """Store a resident's enrolment photo (one clear face), which later face proofs are matched against; it replaces
    an earlier one. `image` is a JPEG or PNG in base64, at most 4 MiB decoded."""
    response = await clients.verification.UploadEnrolmentPhoto(
        verification_service_pb2.UploadEnrolmentPhotoRequest(
            request_id=body.request_id, resident_id=resident_id, image=body.image
        ),
        metadata=caller.to_metadata(),
        timeout=_image_timeout(settings),
    )
    return EnrolmentPhotoOut(photo_ref=response.photo_ref, model=response.model, model_version=response.model_version)


@router.post(
    "/residents/{resident_id}/liveness-challenges",
    **allow(*FACE_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=LivenessChallengeOut,
    responses=problem_responses(400, 401, 403, 404, 422, 503),
)
async def issue_liveness_challenge(
    resident_id: ResidentId, caller: CurrentCaller, clients: Clients, settings: Settings
) -> LivenessChallengeOut:
    """Start a face proof: the actions the person performs in front of the camera, in order, and the token to send
    back with the frames (valid for a few minutes, once). No body."""
    response = await clients.verification.IssueLivenessChallenge(
        verification_service_pb2.IssueLivenessChallengeRequest(resident_id=resident_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return LivenessChallengeOut(
        challenge_token=response.challenge_token,
        actions=_actions(list(response.actions)),  # type: ignore[arg-type]
        expires_at=_moment(response.expires_at),
    )


@router.post(
    "/residents/{resident_id}/face-certifications",
    **allow(*FACE_ROLES),
    response_model=FaceCertificationOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def record_face_certification(
    resident_id: ResidentId, body: FaceCertificationIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> FaceCertificationOut:
    """A face proof of life: the frames taken while the person followed the challenge's actions. The server matches
    and checks them itself; the answer says whether it passed, and if not why (`failure_code`, the decision) and,
    when a frame was unusable, what to do for a retake in Chinese and English."""
    request = verification_service_pb2.RecordFaceCertificationRequest(
        request_id=body.request_id,
        resident_id=resident_id,
        challenge_token=body.challenge_token,
        frames=body.frames,
        device_id=body.device_id,
        agent_id=_agent_id(caller),
        position=_geo_point(body.position),
        captured_at=_timestamp(body.captured_at),
    )
    response = await clients.verification.RecordFaceCertification(
        request, metadata=caller.to_metadata(), timeout=_image_timeout(settings)
    )
    return FaceCertificationOut(
        passed=response.passed,
        failure_code=response.failure_code,
        certification=certification_out(response.certification) if response.HasField("certification") else None,
        status=status_out(response.status) if response.HasField("status") else None,
        decision=_decision(response.decision) if response.HasField("decision") else None,
        retake_hints=[
            RetakeHintOut(code=h.code, frame=h.frame, message_zh=h.message_zh, message_en=h.message_en)
            for h in response.retake_hints
        ],
    )


@router.post(
    "/residents/{resident_id}/agent-visits",
    **allow(*VISIT_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=AgentVisitOut,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 422, 503),
)
async def record_agent_visit(
    resident_id: ResidentId, body: AgentVisitIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> AgentVisitOut:
    """A village agent's visit as proof of life: the photo taken, where and when. Only the agent of the pensioner's
    village, who is the signed-in agent; `photo` is a JPEG or PNG in base64, at most 4 MiB decoded."""
    response = await clients.verification.RecordAgentVisit(
        verification_service_pb2.RecordAgentVisitRequest(
            request_id=body.request_id,
            resident_id=resident_id,
            agent_id=caller.user_id,
            photo=body.photo,
            position=_geo_point(body.position),
            visited_at=_timestamp(body.visited_at),
            note=body.note,
        ),
        metadata=caller.to_metadata(),
        timeout=_image_timeout(settings),
    )
    return AgentVisitOut(
        certification=certification_out(response.certification) if response.HasField("certification") else None,
        status=status_out(response.status) if response.HasField("status") else None,
    )


@router.post(
    "/residents/{resident_id}/death-reports",
    **allow(*REPORT_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=DeathReportOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def report_death(
    resident_id: ResidentId, body: DeathReportIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> DeathReportOut:
    """An agent reports a death (not yet a confirmation: an officer or a registry record confirms it, and until then
    no payment changes)."""
    response = await clients.verification.ReportDeath(
        verification_service_pb2.ReportDeathRequest(
            request_id=body.request_id,
            resident_id=resident_id,
            agent_id=caller.user_id,
            date_of_death=to_calendar_date(date.fromisoformat(body.date_of_death)),
            evidence_ref=body.evidence_ref,
            reason=body.reason,
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    report = response.report
    return DeathReportOut(
        report_id=report.report_id,
        resident_id=report.resident_id,
        agent_id=report.agent_id,
        date_of_death=optional_day(report.date_of_death),
        evidence_ref=report.evidence_ref,
        status=_enum_name(  # type: ignore[arg-type]
            verification_pb2.DeathReportStatus.DESCRIPTOR, report.status, "DEATH_REPORT_STATUS_"
        ),
        reported_at=_moment(report.reported_at),
    )
