import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from pension.common.v1 import types_pb2 as _types_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CertificationMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CERTIFICATION_METHOD_UNSPECIFIED: _ClassVar[CertificationMethod]
    CERTIFICATION_METHOD_FACE: _ClassVar[CertificationMethod]
    CERTIFICATION_METHOD_AGENT_VISIT: _ClassVar[CertificationMethod]
    CERTIFICATION_METHOD_DATA: _ClassVar[CertificationMethod]

class SignOfLifeSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIGN_OF_LIFE_SOURCE_UNSPECIFIED: _ClassVar[SignOfLifeSource]
    SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT: _ClassVar[SignOfLifeSource]
    SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL: _ClassVar[SignOfLifeSource]
    SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE: _ClassVar[SignOfLifeSource]

class LivenessAction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIVENESS_ACTION_UNSPECIFIED: _ClassVar[LivenessAction]
    LIVENESS_ACTION_BLINK: _ClassVar[LivenessAction]
    LIVENESS_ACTION_TURN_LEFT: _ClassVar[LivenessAction]
    LIVENESS_ACTION_TURN_RIGHT: _ClassVar[LivenessAction]

class AgentRelation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGENT_RELATION_UNSPECIFIED: _ClassVar[AgentRelation]
    AGENT_RELATION_SELF: _ClassVar[AgentRelation]
    AGENT_RELATION_RELATIVE: _ClassVar[AgentRelation]

class CertificationState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CERTIFICATION_STATE_UNSPECIFIED: _ClassVar[CertificationState]
    CERTIFICATION_STATE_NOT_REQUIRED: _ClassVar[CertificationState]
    CERTIFICATION_STATE_CURRENT: _ClassVar[CertificationState]
    CERTIFICATION_STATE_DUE_SOON: _ClassVar[CertificationState]
    CERTIFICATION_STATE_OVERDUE: _ClassVar[CertificationState]
    CERTIFICATION_STATE_DECEASED: _ClassVar[CertificationState]

class DeathReportStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEATH_REPORT_STATUS_UNSPECIFIED: _ClassVar[DeathReportStatus]
    DEATH_REPORT_STATUS_REPORTED: _ClassVar[DeathReportStatus]
    DEATH_REPORT_STATUS_CONFIRMED: _ClassVar[DeathReportStatus]
    DEATH_REPORT_STATUS_REJECTED: _ClassVar[DeathReportStatus]

class DeathConfirmationSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DEATH_CONFIRMATION_SOURCE_UNSPECIFIED: _ClassVar[DeathConfirmationSource]
    DEATH_CONFIRMATION_SOURCE_REGISTRY: _ClassVar[DeathConfirmationSource]
    DEATH_CONFIRMATION_SOURCE_OFFICER: _ClassVar[DeathConfirmationSource]

class RegistrySource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRY_SOURCE_UNSPECIFIED: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_CREMATION: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_EMPLOYEE_PENSION: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_PRISON: _ClassVar[RegistrySource]
    REGISTRY_SOURCE_SIGN_OF_LIFE: _ClassVar[RegistrySource]

class RecordOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECORD_OUTCOME_UNSPECIFIED: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_APPLIED: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_ALREADY_APPLIED: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_NOT_A_RESIDENT: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_NO_CHANGE: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_INVALID: _ClassVar[RecordOutcome]
    RECORD_OUTCOME_FOR_REVIEW: _ClassVar[RecordOutcome]

class RegistryReviewStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRY_REVIEW_STATUS_UNSPECIFIED: _ClassVar[RegistryReviewStatus]
    REGISTRY_REVIEW_STATUS_PENDING: _ClassVar[RegistryReviewStatus]
    REGISTRY_REVIEW_STATUS_ACCEPTED: _ClassVar[RegistryReviewStatus]
    REGISTRY_REVIEW_STATUS_REJECTED: _ClassVar[RegistryReviewStatus]
CERTIFICATION_METHOD_UNSPECIFIED: CertificationMethod
CERTIFICATION_METHOD_FACE: CertificationMethod
CERTIFICATION_METHOD_AGENT_VISIT: CertificationMethod
CERTIFICATION_METHOD_DATA: CertificationMethod
SIGN_OF_LIFE_SOURCE_UNSPECIFIED: SignOfLifeSource
SIGN_OF_LIFE_SOURCE_HOSPITAL_VISIT: SignOfLifeSource
SIGN_OF_LIFE_SOURCE_BANK_COUNTER_WITHDRAWAL: SignOfLifeSource
SIGN_OF_LIFE_SOURCE_GOVERNMENT_SERVICE: SignOfLifeSource
LIVENESS_ACTION_UNSPECIFIED: LivenessAction
LIVENESS_ACTION_BLINK: LivenessAction
LIVENESS_ACTION_TURN_LEFT: LivenessAction
LIVENESS_ACTION_TURN_RIGHT: LivenessAction
AGENT_RELATION_UNSPECIFIED: AgentRelation
AGENT_RELATION_SELF: AgentRelation
AGENT_RELATION_RELATIVE: AgentRelation
CERTIFICATION_STATE_UNSPECIFIED: CertificationState
CERTIFICATION_STATE_NOT_REQUIRED: CertificationState
CERTIFICATION_STATE_CURRENT: CertificationState
CERTIFICATION_STATE_DUE_SOON: CertificationState
CERTIFICATION_STATE_OVERDUE: CertificationState
CERTIFICATION_STATE_DECEASED: CertificationState
DEATH_REPORT_STATUS_UNSPECIFIED: DeathReportStatus
DEATH_REPORT_STATUS_REPORTED: DeathReportStatus
DEATH_REPORT_STATUS_CONFIRMED: DeathReportStatus
DEATH_REPORT_STATUS_REJECTED: DeathReportStatus
DEATH_CONFIRMATION_SOURCE_UNSPECIFIED: DeathConfirmationSource
DEATH_CONFIRMATION_SOURCE_REGISTRY: DeathConfirmationSource
DEATH_CONFIRMATION_SOURCE_OFFICER: DeathConfirmationSource
REGISTRY_SOURCE_UNSPECIFIED: RegistrySource
REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH: RegistrySource
REGISTRY_SOURCE_PUBLIC_SECURITY_HOUSEHOLD_CANCELLATION: RegistrySource
REGISTRY_SOURCE_CREMATION: RegistrySource
REGISTRY_SOURCE_EMPLOYEE_PENSION: RegistrySource
REGISTRY_SOURCE_PRISON: RegistrySource
REGISTRY_SOURCE_SIGN_OF_LIFE: RegistrySource
RECORD_OUTCOME_UNSPECIFIED: RecordOutcome
RECORD_OUTCOME_APPLIED: RecordOutcome
RECORD_OUTCOME_ALREADY_APPLIED: RecordOutcome
RECORD_OUTCOME_NOT_A_RESIDENT: RecordOutcome
RECORD_OUTCOME_NO_CHANGE: RecordOutcome
RECORD_OUTCOME_INVALID: RecordOutcome
RECORD_OUTCOME_FOR_REVIEW: RecordOutcome
REGISTRY_REVIEW_STATUS_UNSPECIFIED: RegistryReviewStatus
REGISTRY_REVIEW_STATUS_PENDING: RegistryReviewStatus
REGISTRY_REVIEW_STATUS_ACCEPTED: RegistryReviewStatus
REGISTRY_REVIEW_STATUS_REJECTED: RegistryReviewStatus

class Certification(_message.Message):
    __slots__ = ("certification_id", "resident_id", "method", "certified_on", "certified_at", "evidence_ref", "agent_id", "position", "face_match_score_permille", "liveness_passed", "sign_of_life_source", "sign_of_life_ref", "next_due_on", "village_code", "face_decision")
    CERTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CERTIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    CERTIFIED_AT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    FACE_MATCH_SCORE_PERMILLE_FIELD_NUMBER: _ClassVar[int]
    LIVENESS_PASSED_FIELD_NUMBER: _ClassVar[int]
    SIGN_OF_LIFE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    SIGN_OF_LIFE_REF_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_ON_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    FACE_DECISION_FIELD_NUMBER: _ClassVar[int]
    certification_id: str
    resident_id: str
    method: CertificationMethod
    certified_on: _types_pb2.CalendarDate
    certified_at: _timestamp_pb2.Timestamp
    evidence_ref: str
    agent_id: str
    position: _types_pb2.GeoPoint
    face_match_score_permille: int
    liveness_passed: bool
    sign_of_life_source: SignOfLifeSource
    sign_of_life_ref: str
    next_due_on: _types_pb2.CalendarDate
    village_code: str
    face_decision: FaceDecision
    def __init__(self, certification_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., method: _Optional[_Union[CertificationMethod, str]] = ..., certified_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., certified_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., agent_id: _Optional[str] = ..., position: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., face_match_score_permille: _Optional[int] = ..., liveness_passed: _Optional[bool] = ..., sign_of_life_source: _Optional[_Union[SignOfLifeSource, str]] = ..., sign_of_life_ref: _Optional[str] = ..., next_due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., village_code: _Optional[str] = ..., face_decision: _Optional[_Union[FaceDecision, _Mapping]] = ...) -> None: ...

class FaceCheck(_message.Message):
    __slots__ = ("name", "status", "detail")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    name: str
    status: str
    detail: str
    def __init__(self, name: _Optional[str] = ..., status: _Optional[str] = ..., detail: _Optional[str] = ...) -> None: ...

class FaceDecision(_message.Message):
    __slots__ = ("challenge_id", "outcome", "reasons", "checks", "frame_distances_e6", "max_distance_e6", "model", "model_version", "actions")
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    FRAME_DISTANCES_E6_FIELD_NUMBER: _ClassVar[int]
    MAX_DISTANCE_E6_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    challenge_id: str
    outcome: str
    reasons: _containers.RepeatedScalarFieldContainer[str]
    checks: _containers.RepeatedCompositeFieldContainer[FaceCheck]
    frame_distances_e6: _containers.RepeatedScalarFieldContainer[int]
    max_distance_e6: int
    model: str
    model_version: str
    actions: _containers.RepeatedScalarFieldContainer[LivenessAction]
    def __init__(self, challenge_id: _Optional[str] = ..., outcome: _Optional[str] = ..., reasons: _Optional[_Iterable[str]] = ..., checks: _Optional[_Iterable[_Union[FaceCheck, _Mapping]]] = ..., frame_distances_e6: _Optional[_Iterable[int]] = ..., max_distance_e6: _Optional[int] = ..., model: _Optional[str] = ..., model_version: _Optional[str] = ..., actions: _Optional[_Iterable[_Union[LivenessAction, str]]] = ...) -> None: ...

class RetakeHint(_message.Message):
    __slots__ = ("code", "frame", "message_zh", "message_en")
    CODE_FIELD_NUMBER: _ClassVar[int]
    FRAME_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ZH_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_EN_FIELD_NUMBER: _ClassVar[int]
    code: str
    frame: int
    message_zh: str
    message_en: str
    def __init__(self, code: _Optional[str] = ..., frame: _Optional[int] = ..., message_zh: _Optional[str] = ..., message_en: _Optional[str] = ...) -> None: ...

class CertificationStatus(_message.Message):
    __slots__ = ("resident_id", "state", "last_certification", "due_on", "village_code", "date_of_death", "death_reported", "imprisoned", "duplicate_receipt")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    LAST_CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    DEATH_REPORTED_FIELD_NUMBER: _ClassVar[int]
    IMPRISONED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    state: CertificationState
    last_certification: Certification
    due_on: _types_pb2.CalendarDate
    village_code: str
    date_of_death: _types_pb2.CalendarDate
    death_reported: bool
    imprisoned: bool
    duplicate_receipt: bool
    def __init__(self, resident_id: _Optional[str] = ..., state: _Optional[_Union[CertificationState, str]] = ..., last_certification: _Optional[_Union[Certification, _Mapping]] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., village_code: _Optional[str] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., death_reported: _Optional[bool] = ..., imprisoned: _Optional[bool] = ..., duplicate_receipt: _Optional[bool] = ...) -> None: ...

class DeathReport(_message.Message):
    __slots__ = ("report_id", "resident_id", "agent_id", "date_of_death", "evidence_ref", "status", "reported_at")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    resident_id: str
    agent_id: str
    date_of_death: _types_pb2.CalendarDate
    evidence_ref: str
    status: DeathReportStatus
    reported_at: _timestamp_pb2.Timestamp
    def __init__(self, report_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., status: _Optional[_Union[DeathReportStatus, str]] = ..., reported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DeathDetail(_message.Message):
    __slots__ = ("date_of_death",)
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    date_of_death: _types_pb2.CalendarDate
    def __init__(self, date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class EmployeePensionDetail(_message.Message):
    __slots__ = ("receiving_from", "scheme_ref")
    RECEIVING_FROM_FIELD_NUMBER: _ClassVar[int]
    SCHEME_REF_FIELD_NUMBER: _ClassVar[int]
    receiving_from: _types_pb2.YearMonth
    scheme_ref: str
    def __init__(self, receiving_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., scheme_ref: _Optional[str] = ...) -> None: ...

class ImprisonmentDetail(_message.Message):
    __slots__ = ("term_start", "term_end")
    TERM_START_FIELD_NUMBER: _ClassVar[int]
    TERM_END_FIELD_NUMBER: _ClassVar[int]
    term_start: _types_pb2.CalendarDate
    term_end: _types_pb2.CalendarDate
    def __init__(self, term_start: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., term_end: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class ReleaseDetail(_message.Message):
    __slots__ = ("released_on",)
    RELEASED_ON_FIELD_NUMBER: _ClassVar[int]
    released_on: _types_pb2.CalendarDate
    def __init__(self, released_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class SignOfLifeDetail(_message.Message):
    __slots__ = ("source", "observed_on")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    OBSERVED_ON_FIELD_NUMBER: _ClassVar[int]
    source: SignOfLifeSource
    observed_on: _types_pb2.CalendarDate
    def __init__(self, source: _Optional[_Union[SignOfLifeSource, str]] = ..., observed_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class RegistryRecord(_message.Message):
    __slots__ = ("record_ref", "citizen_id_number", "name", "death", "employee_pension", "imprisonment", "release", "sign_of_life", "birth_date", "village_code")
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEATH_FIELD_NUMBER: _ClassVar[int]
    EMPLOYEE_PENSION_FIELD_NUMBER: _ClassVar[int]
    IMPRISONMENT_FIELD_NUMBER: _ClassVar[int]
    RELEASE_FIELD_NUMBER: _ClassVar[int]
    SIGN_OF_LIFE_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    record_ref: str
    citizen_id_number: str
    name: str
    death: DeathDetail
    employee_pension: EmployeePensionDetail
    imprisonment: ImprisonmentDetail
    release: ReleaseDetail
    sign_of_life: SignOfLifeDetail
    birth_date: _types_pb2.CalendarDate
    village_code: str
    def __init__(self, record_ref: _Optional[str] = ..., citizen_id_number: _Optional[str] = ..., name: _Optional[str] = ..., death: _Optional[_Union[DeathDetail, _Mapping]] = ..., employee_pension: _Optional[_Union[EmployeePensionDetail, _Mapping]] = ..., imprisonment: _Optional[_Union[ImprisonmentDetail, _Mapping]] = ..., release: _Optional[_Union[ReleaseDetail, _Mapping]] = ..., sign_of_life: _Optional[_Union[SignOfLifeDetail, _Mapping]] = ..., birth_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., village_code: _Optional[str] = ...) -> None: ...

class RegistryCandidate(_message.Message):
    __slots__ = ("resident_id", "score", "name_masked")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    score: int
    name_masked: str
    def __init__(self, resident_id: _Optional[str] = ..., score: _Optional[int] = ..., name_masked: _Optional[str] = ...) -> None: ...

class RegistryReview(_message.Message):
    __slots__ = ("review_id", "source", "record_ref", "batch_name", "status", "candidates", "record_kind", "name_masked", "birth_date", "village_code", "queued_at", "decided_by", "resident_id", "reason", "pooling_region_code")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    BATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    RECORD_KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    QUEUED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    source: RegistrySource
    record_ref: str
    batch_name: str
    status: RegistryReviewStatus
    candidates: _containers.RepeatedCompositeFieldContainer[RegistryCandidate]
    record_kind: str
    name_masked: str
    birth_date: _types_pb2.CalendarDate
    village_code: str
    queued_at: _timestamp_pb2.Timestamp
    decided_by: str
    resident_id: str
    reason: str
    pooling_region_code: str
    def __init__(self, review_id: _Optional[str] = ..., source: _Optional[_Union[RegistrySource, str]] = ..., record_ref: _Optional[str] = ..., batch_name: _Optional[str] = ..., status: _Optional[_Union[RegistryReviewStatus, str]] = ..., candidates: _Optional[_Iterable[_Union[RegistryCandidate, _Mapping]]] = ..., record_kind: _Optional[str] = ..., name_masked: _Optional[str] = ..., birth_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., village_code: _Optional[str] = ..., queued_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., resident_id: _Optional[str] = ..., reason: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class RecordResult(_message.Message):
    __slots__ = ("record_ref", "outcome", "resident_id", "violations")
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    record_ref: str
    outcome: RecordOutcome
    resident_id: str
    violations: _containers.RepeatedCompositeFieldContainer[_types_pb2.Violation]
    def __init__(self, record_ref: _Optional[str] = ..., outcome: _Optional[_Union[RecordOutcome, str]] = ..., resident_id: _Optional[str] = ..., violations: _Optional[_Iterable[_Union[_types_pb2.Violation, _Mapping]]] = ...) -> None: ...
