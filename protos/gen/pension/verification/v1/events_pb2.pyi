import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from pension.common.v1 import types_pb2 as _types_pb2
from pension.verification.v1 import verification_pb2 as _verification_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CertificationPassed(_message.Message):
    __slots__ = ("certification", "was_overdue", "pooling_region_code", "resumes_from")
    CERTIFICATION_FIELD_NUMBER: _ClassVar[int]
    WAS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RESUMES_FROM_FIELD_NUMBER: _ClassVar[int]
    certification: _verification_pb2.Certification
    was_overdue: bool
    pooling_region_code: str
    resumes_from: _types_pb2.YearMonth
    def __init__(self, certification: _Optional[_Union[_verification_pb2.Certification, _Mapping]] = ..., was_overdue: _Optional[bool] = ..., pooling_region_code: _Optional[str] = ..., resumes_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class CertificationFailed(_message.Message):
    __slots__ = ("resident_id", "method", "failure_code", "agent_id", "position", "attempted_at", "evidence_ref", "pooling_region_code", "village_code", "face_decision")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_AT_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    FACE_DECISION_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    method: _verification_pb2.CertificationMethod
    failure_code: str
    agent_id: str
    position: _types_pb2.GeoPoint
    attempted_at: _timestamp_pb2.Timestamp
    evidence_ref: str
    pooling_region_code: str
    village_code: str
    face_decision: _verification_pb2.FaceDecision
    def __init__(self, resident_id: _Optional[str] = ..., method: _Optional[_Union[_verification_pb2.CertificationMethod, str]] = ..., failure_code: _Optional[str] = ..., agent_id: _Optional[str] = ..., position: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ..., attempted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., face_decision: _Optional[_Union[_verification_pb2.FaceDecision, _Mapping]] = ...) -> None: ...

class CertificationDueSoon(_message.Message):
    __slots__ = ("resident_id", "due_on", "last_certified_on", "village_code", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    LAST_CERTIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    due_on: _types_pb2.CalendarDate
    last_certified_on: _types_pb2.CalendarDate
    village_code: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., last_certified_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., village_code: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class CertificationOverdue(_message.Message):
    __slots__ = ("resident_id", "due_on", "last_certified_on", "suspend_from", "village_code", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    LAST_CERTIFIED_ON_FIELD_NUMBER: _ClassVar[int]
    SUSPEND_FROM_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    due_on: _types_pb2.CalendarDate
    last_certified_on: _types_pb2.CalendarDate
    suspend_from: _types_pb2.YearMonth
    village_code: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., last_certified_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., suspend_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., village_code: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class DeathReported(_message.Message):
    __slots__ = ("report", "pooling_region_code")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    report: _verification_pb2.DeathReport
    pooling_region_code: str
    def __init__(self, report: _Optional[_Union[_verification_pb2.DeathReport, _Mapping]] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class DeathConfirmed(_message.Message):
    __slots__ = ("resident_id", "date_of_death", "confirmation_source", "registry_source", "record_ref", "report_id", "confirmed_by", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    CONFIRMATION_SOURCE_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    date_of_death: _types_pb2.CalendarDate
    confirmation_source: _verification_pb2.DeathConfirmationSource
    registry_source: _verification_pb2.RegistrySource
    record_ref: str
    report_id: str
    confirmed_by: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., confirmation_source: _Optional[_Union[_verification_pb2.DeathConfirmationSource, str]] = ..., registry_source: _Optional[_Union[_verification_pb2.RegistrySource, str]] = ..., record_ref: _Optional[str] = ..., report_id: _Optional[str] = ..., confirmed_by: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class DeathReportRejected(_message.Message):
    __slots__ = ("report", "pooling_region_code")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    report: _verification_pb2.DeathReport
    pooling_region_code: str
    def __init__(self, report: _Optional[_Union[_verification_pb2.DeathReport, _Mapping]] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class DuplicateReceiptFound(_message.Message):
    __slots__ = ("resident_id", "from_month", "scheme_ref", "record_ref", "batch_name", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    SCHEME_REF_FIELD_NUMBER: _ClassVar[int]
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    BATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    from_month: _types_pb2.YearMonth
    scheme_ref: str
    record_ref: str
    batch_name: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., from_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., scheme_ref: _Optional[str] = ..., record_ref: _Optional[str] = ..., batch_name: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class ImprisonmentRecorded(_message.Message):
    __slots__ = ("resident_id", "term_start", "term_end", "record_ref", "batch_name", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    TERM_START_FIELD_NUMBER: _ClassVar[int]
    TERM_END_FIELD_NUMBER: _ClassVar[int]
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    BATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    term_start: _types_pb2.CalendarDate
    term_end: _types_pb2.CalendarDate
    record_ref: str
    batch_name: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., term_start: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., term_end: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., record_ref: _Optional[str] = ..., batch_name: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class ReleasedFromPrison(_message.Message):
    __slots__ = ("resident_id", "released_on", "record_ref", "batch_name", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    RELEASED_ON_FIELD_NUMBER: _ClassVar[int]
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    BATCH_NAME_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    released_on: _types_pb2.CalendarDate
    record_ref: str
    batch_name: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., released_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., record_ref: _Optional[str] = ..., batch_name: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class RegistryMatchQueued(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _verification_pb2.RegistryReview
    def __init__(self, review: _Optional[_Union[_verification_pb2.RegistryReview, _Mapping]] = ...) -> None: ...

class RegistryReviewDecided(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _verification_pb2.RegistryReview
    def __init__(self, review: _Optional[_Union[_verification_pb2.RegistryReview, _Mapping]] = ...) -> None: ...
