import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from pension.common.v1 import types_pb2 as _types_pb2
from pension.supervision.v1 import supervision_pb2 as _supervision_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AlertRaised(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: _supervision_pb2.Alert
    def __init__(self, alert: _Optional[_Union[_supervision_pb2.Alert, _Mapping]] = ...) -> None: ...

class AlertDismissed(_message.Message):
    __slots__ = ("pooling_region_code", "alert_id", "reason")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    alert_id: str
    reason: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., alert_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CaseOpened(_message.Message):
    __slots__ = ("pooling_region_code", "case_id", "title", "alert_ids", "resident_ids", "assigned_to", "amount_fen")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ALERT_IDS_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_IDS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    case_id: str
    title: str
    alert_ids: _containers.RepeatedScalarFieldContainer[str]
    resident_ids: _containers.RepeatedScalarFieldContainer[str]
    assigned_to: str
    amount_fen: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., case_id: _Optional[str] = ..., title: _Optional[str] = ..., alert_ids: _Optional[_Iterable[str]] = ..., resident_ids: _Optional[_Iterable[str]] = ..., assigned_to: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class CaseStatusChanged(_message.Message):
    __slots__ = ("pooling_region_code", "case_id", "old_status", "status", "assigned_to", "recovered_fen", "total_recovered_fen", "note")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    case_id: str
    old_status: _supervision_pb2.CaseStatus
    status: _supervision_pb2.CaseStatus
    assigned_to: str
    recovered_fen: int
    total_recovered_fen: int
    note: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., case_id: _Optional[str] = ..., old_status: _Optional[_Union[_supervision_pb2.CaseStatus, str]] = ..., status: _Optional[_Union[_supervision_pb2.CaseStatus, str]] = ..., assigned_to: _Optional[str] = ..., recovered_fen: _Optional[int] = ..., total_recovered_fen: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class CaseEscalated(_message.Message):
    __slots__ = ("pooling_region_code", "case_id", "amount_fen", "threshold_fen", "escalated_to")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FEN_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    case_id: str
    amount_fen: int
    threshold_fen: int
    escalated_to: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., case_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., threshold_fen: _Optional[int] = ..., escalated_to: _Optional[str] = ...) -> None: ...

class ComplaintFiled(_message.Message):
    __slots__ = ("pooling_region_code", "ticket_number", "kind", "channel", "village_code", "resident_id", "subject", "received_on", "due_on")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    ticket_number: str
    kind: _supervision_pb2.ComplaintKind
    channel: _supervision_pb2.ComplaintChannel
    village_code: str
    resident_id: str
    subject: str
    received_on: _types_pb2.CalendarDate
    due_on: _types_pb2.CalendarDate
    def __init__(self, pooling_region_code: _Optional[str] = ..., ticket_number: _Optional[str] = ..., kind: _Optional[_Union[_supervision_pb2.ComplaintKind, str]] = ..., channel: _Optional[_Union[_supervision_pb2.ComplaintChannel, str]] = ..., village_code: _Optional[str] = ..., resident_id: _Optional[str] = ..., subject: _Optional[str] = ..., received_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class ComplaintExtended(_message.Message):
    __slots__ = ("pooling_region_code", "ticket_number", "old_due_on", "due_on", "reason")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    OLD_DUE_ON_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    ticket_number: str
    old_due_on: _types_pb2.CalendarDate
    due_on: _types_pb2.CalendarDate
    reason: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., ticket_number: _Optional[str] = ..., old_due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ComplaintStatusChanged(_message.Message):
    __slots__ = ("pooling_region_code", "ticket_number", "old_status", "status", "assigned_to")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    OLD_STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    ticket_number: str
    old_status: _supervision_pb2.ComplaintStatus
    status: _supervision_pb2.ComplaintStatus
    assigned_to: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., ticket_number: _Optional[str] = ..., old_status: _Optional[_Union[_supervision_pb2.ComplaintStatus, str]] = ..., status: _Optional[_Union[_supervision_pb2.ComplaintStatus, str]] = ..., assigned_to: _Optional[str] = ...) -> None: ...

class ComplaintOverdue(_message.Message):
    __slots__ = ("pooling_region_code", "ticket_number", "due_on", "status", "escalated_to")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    ticket_number: str
    due_on: _types_pb2.CalendarDate
    status: _supervision_pb2.ComplaintStatus
    escalated_to: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., ticket_number: _Optional[str] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., status: _Optional[_Union[_supervision_pb2.ComplaintStatus, str]] = ..., escalated_to: _Optional[str] = ...) -> None: ...

class ComplaintClosed(_message.Message):
    __slots__ = ("pooling_region_code", "ticket_number", "closed_on", "closed_late", "resolution")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_FIELD_NUMBER: _ClassVar[int]
    CLOSED_LATE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    ticket_number: str
    closed_on: _types_pb2.CalendarDate
    closed_late: bool
    resolution: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., ticket_number: _Optional[str] = ..., closed_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., closed_late: _Optional[bool] = ..., resolution: _Optional[str] = ...) -> None: ...

class ReconciliationCompleted(_message.Message):
    __slots__ = ("reconciliation",)
    RECONCILIATION_FIELD_NUMBER: _ClassVar[int]
    reconciliation: _supervision_pb2.Reconciliation
    def __init__(self, reconciliation: _Optional[_Union[_supervision_pb2.Reconciliation, _Mapping]] = ...) -> None: ...

class AuditChainVerified(_message.Message):
    __slots__ = ("entries_checked", "first_sequence", "last_sequence", "head_hash")
    ENTRIES_CHECKED_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    entries_checked: int
    first_sequence: int
    last_sequence: int
    head_hash: str
    def __init__(self, entries_checked: _Optional[int] = ..., first_sequence: _Optional[int] = ..., last_sequence: _Optional[int] = ..., head_hash: _Optional[str] = ...) -> None: ...

class AuditChainBroken(_message.Message):
    __slots__ = ("entries_checked", "broken_at_sequence", "break_kind", "expected_hash", "found_hash")
    ENTRIES_CHECKED_FIELD_NUMBER: _ClassVar[int]
    BROKEN_AT_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    BREAK_KIND_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_HASH_FIELD_NUMBER: _ClassVar[int]
    FOUND_HASH_FIELD_NUMBER: _ClassVar[int]
    entries_checked: int
    broken_at_sequence: int
    break_kind: _supervision_pb2.ChainBreakKind
    expected_hash: str
    found_hash: str
    def __init__(self, entries_checked: _Optional[int] = ..., broken_at_sequence: _Optional[int] = ..., break_kind: _Optional[_Union[_supervision_pb2.ChainBreakKind, str]] = ..., expected_hash: _Optional[str] = ..., found_hash: _Optional[str] = ...) -> None: ...

class AuditHeadPublished(_message.Message):
    __slots__ = ("day", "sequence", "head_hash", "entries_that_day", "signature", "key_id")
    DAY_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_THAT_DAY_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    day: _types_pb2.CalendarDate
    sequence: int
    head_hash: str
    entries_that_day: int
    signature: str
    key_id: str
    def __init__(self, day: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., sequence: _Optional[int] = ..., head_hash: _Optional[str] = ..., entries_that_day: _Optional[int] = ..., signature: _Optional[str] = ..., key_id: _Optional[str] = ...) -> None: ...

class MonthlyReportPublished(_message.Message):
    __slots__ = ("report_kind", "pooling_region_code", "month", "version", "published_at", "digest", "report_id")
    REPORT_KIND_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_kind: _supervision_pb2.MonthlyReportKind
    pooling_region_code: str
    month: _types_pb2.YearMonth
    version: int
    published_at: _timestamp_pb2.Timestamp
    digest: str
    report_id: str
    def __init__(self, report_kind: _Optional[_Union[_supervision_pb2.MonthlyReportKind, str]] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., version: _Optional[int] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., digest: _Optional[str] = ..., report_id: _Optional[str] = ...) -> None: ...
