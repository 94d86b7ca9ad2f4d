import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from pension.common.v1 import types_pb2 as _types_pb2
from pension.verification.v1 import verification_pb2 as _verification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecordFaceCertificationRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "evidence_ref", "face_match_score_permille", "liveness_passed", "liveness_challenge", "device_id", "agent_id", "position", "captured_at", "challenge_token", "frames")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    FACE_MATCH_SCORE_PERMILLE_FIELD_NUMBER: _ClassVar[int]
    LIVENESS_PASSED_FIELD_NUMBER: _ClassVar[int]
    LIVENESS_CHALLENGE_FIELD_NUMBER: _ClassVar[int]
    DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    CAPTURED_AT_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    FRAMES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    evidence_ref: str
    face_match_score_permille: int
    liveness_passed: bool
    liveness_challenge: str
    device_id: str
    agent_id: str
    position: _types_pb2.GeoPoint
    captured_at: _timestamp_pb2.Timestamp
    challenge_token: str
    frames: _containers.RepeatedScalarFieldContainer[bytes]
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., evidence_ref: _Optional[str] = ..., face_match_score_permille: _Optional[int] = ..., liveness_passed: _Optional[bool] = ..., liveness_challenge: _Optional[str] = ..., device_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., position: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., captured_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., challenge_token: _Optional[str] = ..., frames: _Optional[_Iterable[bytes]] = ...) -> None: ...

class RecordFaceCertificationResponse(_message.Message):
    __slots__ = ("passed", "failure_code", "certification", "status", "decision", "retake_hints")
    PASSED_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    RETAKE_HINTS_FIELD_NUMBER: _ClassVar[int]
    passed: bool
    failure_code: str
    certification: _verification_pb2.Certification
    status: _verification_pb2.CertificationStatus
    decision: _verification_pb2.FaceDecision
    retake_hints: _containers.RepeatedCompositeFieldContainer[_verification_pb2.RetakeHint]
    def __init__(self, passed: _Optional[bool] = ..., failure_code: _Optional[str] = ..., certification: _Optional[_Union[_verification_pb2.Certification, _Mapping]] = ..., status: _Optional[_Union[_verification_pb2.CertificationStatus, _Mapping]] = ..., decision: _Optional[_Union[_verification_pb2.FaceDecision, _Mapping]] = ..., retake_hints: _Optional[_Iterable[_Union[_verification_pb2.RetakeHint, _Mapping]]] = ...) -> None: ...

class UploadEnrolmentPhotoRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "image")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    image: bytes
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., image: _Optional[bytes] = ...) -> None: ...

class UploadEnrolmentPhotoResponse(_message.Message):
    __slots__ = ("photo_ref", "model", "model_version")
    PHOTO_REF_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    photo_ref: str
    model: str
    model_version: str
    def __init__(self, photo_ref: _Optional[str] = ..., model: _Optional[str] = ..., model_version: _Optional[str] = ...) -> None: ...

class IssueLivenessChallengeRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class IssueLivenessChallengeResponse(_message.Message):
    __slots__ = ("challenge_token", "actions", "expires_at")
    CHALLENGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    challenge_token: str
    actions: _containers.RepeatedScalarFieldContainer[_verification_pb2.LivenessAction]
    expires_at: _timestamp_pb2.Timestamp
    def __init__(self, challenge_token: _Optional[str] = ..., actions: _Optional[_Iterable[_Union[_verification_pb2.LivenessAction, str]]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordAgentVisitRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "agent_id", "photo_ref", "position", "visited_at", "note", "photo")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PHOTO_REF_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    VISITED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    agent_id: str
    photo_ref: str
    position: _types_pb2.GeoPoint
    visited_at: _timestamp_pb2.Timestamp
    note: str
    photo: bytes
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., photo_ref: _Optional[str] = ..., position: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., visited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., note: _Optional[str] = ..., photo: _Optional[bytes] = ...) -> None: ...

class RecordAgentVisitResponse(_message.Message):
    __slots__ = ("certification", "status")
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    certification: _verification_pb2.Certification
    status: _verification_pb2.CertificationStatus
    def __init__(self, certification: _Optional[_Union[_verification_pb2.Certification, _Mapping]] = ..., status: _Optional[_Union[_verification_pb2.CertificationStatus, _Mapping]] = ...) -> None: ...

class RecordDataCertificationRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "source", "source_ref", "observed_on", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    source: _verification_pb2.SignOfLifeSource
    source_ref: str
    observed_on: _types_pb2.CalendarDate
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., source: _Optional[_Union[_verification_pb2.SignOfLifeSource, str]] = ..., source_ref: _Optional[str] = ..., observed_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordDataCertificationResponse(_message.Message):
    __slots__ = ("certification", "status")
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    certification: _verification_pb2.Certification
    status: _verification_pb2.CertificationStatus
    def __init__(self, certification: _Optional[_Union[_verification_pb2.Certification, _Mapping]] = ..., status: _Optional[_Union[_verification_pb2.CertificationStatus, _Mapping]] = ...) -> None: ...

class GetCertificationStatusRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class GetCertificationStatusResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _verification_pb2.CertificationStatus
    def __init__(self, status: _Optional[_Union[_verification_pb2.CertificationStatus, _Mapping]] = ...) -> None: ...

class ListCertificationsRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class ListCertificationsResponse(_message.Message):
    __slots__ = ("certifications",)
    CERTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    certifications: _containers.RepeatedCompositeFieldContainer[_verification_pb2.Certification]
    def __init__(self, certifications: _Optional[_Iterable[_Union[_verification_pb2.Certification, _Mapping]]] = ...) -> None: ...

class ListDueCertificationsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "village_code", "due_by", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    DUE_BY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    village_code: str
    due_by: _types_pb2.CalendarDate
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., due_by: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDueCertificationsResponse(_message.Message):
    __slots__ = ("statuses", "next_page_token")
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedCompositeFieldContainer[_verification_pb2.CertificationStatus]
    next_page_token: str
    def __init__(self, statuses: _Optional[_Iterable[_Union[_verification_pb2.CertificationStatus, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RunCertificationDeadlinesRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class RunCertificationDeadlinesResponse(_message.Message):
    __slots__ = ("due_soon", "overdue")
    DUE_SOON_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    due_soon: int
    overdue: int
    def __init__(self, due_soon: _Optional[int] = ..., overdue: _Optional[int] = ...) -> None: ...

class ReportDeathRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "agent_id", "date_of_death", "evidence_ref", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    agent_id: str
    date_of_death: _types_pb2.CalendarDate
    evidence_ref: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReportDeathResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: _verification_pb2.DeathReport
    def __init__(self, report: _Optional[_Union[_verification_pb2.DeathReport, _Mapping]] = ...) -> None: ...

class ConfirmDeathRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "report_id", "date_of_death", "evidence_ref", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    report_id: str
    date_of_death: _types_pb2.CalendarDate
    evidence_ref: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., report_id: _Optional[str] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ConfirmDeathResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: _verification_pb2.CertificationStatus
    def __init__(self, status: _Optional[_Union[_verification_pb2.CertificationStatus, _Mapping]] = ...) -> None: ...

class RejectDeathReportRequest(_message.Message):
    __slots__ = ("request_id", "report_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    report_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., report_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectDeathReportResponse(_message.Message):
    __slots__ = ("report",)
    REPORT_FIELD_NUMBER: _ClassVar[int]
    report: _verification_pb2.DeathReport
    def __init__(self, report: _Optional[_Union[_verification_pb2.DeathReport, _Mapping]] = ...) -> None: ...

class IngestRegistryRecordsRequest(_message.Message):
    __slots__ = ("request_id", "source", "batch_name", "records")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    BATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    source: _verification_pb2.RegistrySource
    batch_name: str
    records: _containers.RepeatedCompositeFieldContainer[_verification_pb2.RegistryRecord]
    def __init__(self, request_id: _Optional[str] = ..., source: _Optional[_Union[_verification_pb2.RegistrySource, str]] = ..., batch_name: _Optional[str] = ..., records: _Optional[_Iterable[_Union[_verification_pb2.RegistryRecord, _Mapping]]] = ...) -> None: ...

class IngestRegistryRecordsResponse(_message.Message):
    __slots__ = ("results", "applied", "invalid")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    APPLIED_FIELD_NUMBER: _ClassVar[int]
    INVALID_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_verification_pb2.RecordResult]
    applied: int
    invalid: int
    def __init__(self, results: _Optional[_Iterable[_Union[_verification_pb2.RecordResult, _Mapping]]] = ..., applied: _Optional[int] = ..., invalid: _Optional[int] = ...) -> None: ...

class ListRegistryReviewsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRegistryReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[_verification_pb2.RegistryReview]
    next_page_token: str
    def __init__(self, reviews: _Optional[_Iterable[_Union[_verification_pb2.RegistryReview, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class DecideRegistryReviewRequest(_message.Message):
    __slots__ = ("request_id", "review_id", "accept", "resident_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    review_id: str
    accept: bool
    resident_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., review_id: _Optional[str] = ..., accept: _Optional[bool] = ..., resident_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DecideRegistryReviewResponse(_message.Message):
    __slots__ = ("review", "result")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    review: _verification_pb2.RegistryReview
    result: _verification_pb2.RecordResult
    def __init__(self, review: _Optional[_Union[_verification_pb2.RegistryReview, _Mapping]] = ..., result: _Optional[_Union[_verification_pb2.RecordResult, _Mapping]] = ...) -> None: ...

class RecordAgentRelationRequest(_message.Message):
    __slots__ = ("request_id", "agent_id", "resident_id", "relation", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    agent_id: str
    resident_id: str
    relation: _verification_pb2.AgentRelation
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., relation: _Optional[_Union[_verification_pb2.AgentRelation, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordAgentRelationResponse(_message.Message):
    __slots__ = ("created",)
    CREATED_FIELD_NUMBER: _ClassVar[int]
    created: bool
    def __init__(self, created: _Optional[bool] = ...) -> None: ...
