from pension.common.v1 import types_pb2 as _types_pb2
from pension.supervision.v1 import review_lists_pb2 as _review_lists_pb2
from pension.supervision.v1 import supervision_pb2 as _supervision_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListAuditEntriesRequest(_message.Message):
    __slots__ = ("subject_key", "producer", "event_type", "from_sequence", "page_size", "page_token")
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FROM_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    subject_key: str
    producer: str
    event_type: str
    from_sequence: int
    page_size: int
    page_token: str
    def __init__(self, subject_key: _Optional[str] = ..., producer: _Optional[str] = ..., event_type: _Optional[str] = ..., from_sequence: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.AuditEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[_supervision_pb2.AuditEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyAuditChainRequest(_message.Message):
    __slots__ = ("request_id", "from_sequence", "to_sequence")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    TO_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    from_sequence: int
    to_sequence: int
    def __init__(self, request_id: _Optional[str] = ..., from_sequence: _Optional[int] = ..., to_sequence: _Optional[int] = ...) -> None: ...

class VerifyAuditChainResponse(_message.Message):
    __slots__ = ("intact", "entries_checked", "first_sequence", "last_sequence", "head_hash", "broken_at_sequence", "break_kind", "expected_hash", "found_hash", "message")
    INTACT_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_CHECKED_FIELD_NUMBER: _ClassVar[int]
    FIRST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    LAST_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    BROKEN_AT_SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    BREAK_KIND_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_HASH_FIELD_NUMBER: _ClassVar[int]
    FOUND_HASH_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    intact: bool
    entries_checked: int
    first_sequence: int
    last_sequence: int
    head_hash: str
    broken_at_sequence: int
    break_kind: _supervision_pb2.ChainBreakKind
    expected_hash: str
    found_hash: str
    message: str
    def __init__(self, intact: _Optional[bool] = ..., entries_checked: _Optional[int] = ..., first_sequence: _Optional[int] = ..., last_sequence: _Optional[int] = ..., head_hash: _Optional[str] = ..., broken_at_sequence: _Optional[int] = ..., break_kind: _Optional[_Union[_supervision_pb2.ChainBreakKind, str]] = ..., expected_hash: _Optional[str] = ..., found_hash: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ListAlertsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "rule", "status", "resident_id", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    rule: _supervision_pb2.AlertRule
    status: _supervision_pb2.AlertStatus
    resident_id: str
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., rule: _Optional[_Union[_supervision_pb2.AlertRule, str]] = ..., status: _Optional[_Union[_supervision_pb2.AlertStatus, str]] = ..., resident_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAlertsResponse(_message.Message):
    __slots__ = ("alerts", "next_page_token")
    ALERTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    alerts: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Alert]
    next_page_token: str
    def __init__(self, alerts: _Optional[_Iterable[_Union[_supervision_pb2.Alert, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAlertRequest(_message.Message):
    __slots__ = ("alert_id",)
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    def __init__(self, alert_id: _Optional[str] = ...) -> None: ...

class GetAlertResponse(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: _supervision_pb2.Alert
    def __init__(self, alert: _Optional[_Union[_supervision_pb2.Alert, _Mapping]] = ...) -> None: ...

class DismissAlertRequest(_message.Message):
    __slots__ = ("request_id", "alert_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    alert_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., alert_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DismissAlertResponse(_message.Message):
    __slots__ = ("alert",)
    ALERT_FIELD_NUMBER: _ClassVar[int]
    alert: _supervision_pb2.Alert
    def __init__(self, alert: _Optional[_Union[_supervision_pb2.Alert, _Mapping]] = ...) -> None: ...

class OpenCaseRequest(_message.Message):
    __slots__ = ("request_id", "alert_ids", "title", "assigned_to", "amount_fen", "reason", "overpayment_case_ids")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    ALERT_IDS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    alert_ids: _containers.RepeatedScalarFieldContainer[str]
    title: str
    assigned_to: str
    amount_fen: int
    reason: str
    overpayment_case_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, request_id: _Optional[str] = ..., alert_ids: _Optional[_Iterable[str]] = ..., title: _Optional[str] = ..., assigned_to: _Optional[str] = ..., amount_fen: _Optional[int] = ..., reason: _Optional[str] = ..., overpayment_case_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class OpenCaseResponse(_message.Message):
    __slots__ = ("case_record",)
    CASE_RECORD_FIELD_NUMBER: _ClassVar[int]
    case_record: _supervision_pb2.Case
    def __init__(self, case_record: _Optional[_Union[_supervision_pb2.Case, _Mapping]] = ...) -> None: ...

class UpdateCaseRequest(_message.Message):
    __slots__ = ("request_id", "case_id", "status", "assigned_to", "recovered_fen", "amount_fen", "note", "reason", "attachment_refs", "overpayment_case_ids")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_REFS_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    case_id: str
    status: _supervision_pb2.CaseStatus
    assigned_to: str
    recovered_fen: int
    amount_fen: int
    note: str
    reason: str
    attachment_refs: _containers.RepeatedScalarFieldContainer[str]
    overpayment_case_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, request_id: _Optional[str] = ..., case_id: _Optional[str] = ..., status: _Optional[_Union[_supervision_pb2.CaseStatus, str]] = ..., assigned_to: _Optional[str] = ..., recovered_fen: _Optional[int] = ..., amount_fen: _Optional[int] = ..., note: _Optional[str] = ..., reason: _Optional[str] = ..., attachment_refs: _Optional[_Iterable[str]] = ..., overpayment_case_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateCaseResponse(_message.Message):
    __slots__ = ("case_record",)
    CASE_RECORD_FIELD_NUMBER: _ClassVar[int]
    case_record: _supervision_pb2.Case
    def __init__(self, case_record: _Optional[_Union[_supervision_pb2.Case, _Mapping]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case_record",)
    CASE_RECORD_FIELD_NUMBER: _ClassVar[int]
    case_record: _supervision_pb2.Case
    def __init__(self, case_record: _Optional[_Union[_supervision_pb2.Case, _Mapping]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("pooling_region_code", "status", "escalated_only", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    status: _supervision_pb2.CaseStatus
    escalated_only: bool
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., status: _Optional[_Union[_supervision_pb2.CaseStatus, str]] = ..., escalated_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[_supervision_pb2.Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FileComplaintRequest(_message.Message):
    __slots__ = ("request_id", "kind", "channel", "pooling_region_code", "village_code", "resident_id", "subject", "description", "complainant_name", "complainant_mobile", "received_on", "notice_month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_NAME_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_MOBILE_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTICE_MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    kind: _supervision_pb2.ComplaintKind
    channel: _supervision_pb2.ComplaintChannel
    pooling_region_code: str
    village_code: str
    resident_id: str
    subject: str
    description: str
    complainant_name: str
    complainant_mobile: str
    received_on: _types_pb2.CalendarDate
    notice_month: _types_pb2.YearMonth
    def __init__(self, request_id: _Optional[str] = ..., kind: _Optional[_Union[_supervision_pb2.ComplaintKind, str]] = ..., channel: _Optional[_Union[_supervision_pb2.ComplaintChannel, str]] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., resident_id: _Optional[str] = ..., subject: _Optional[str] = ..., description: _Optional[str] = ..., complainant_name: _Optional[str] = ..., complainant_mobile: _Optional[str] = ..., received_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., notice_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class FileComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: _supervision_pb2.Complaint
    def __init__(self, complaint: _Optional[_Union[_supervision_pb2.Complaint, _Mapping]] = ...) -> None: ...

class ExtendComplaintRequest(_message.Message):
    __slots__ = ("request_id", "ticket_number", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    ticket_number: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., ticket_number: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ExtendComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: _supervision_pb2.Complaint
    def __init__(self, complaint: _Optional[_Union[_supervision_pb2.Complaint, _Mapping]] = ...) -> None: ...

class UpdateComplaintRequest(_message.Message):
    __slots__ = ("request_id", "ticket_number", "status", "assigned_to", "resolution", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    ticket_number: str
    status: _supervision_pb2.ComplaintStatus
    assigned_to: str
    resolution: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., ticket_number: _Optional[str] = ..., status: _Optional[_Union[_supervision_pb2.ComplaintStatus, str]] = ..., assigned_to: _Optional[str] = ..., resolution: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class UpdateComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: _supervision_pb2.Complaint
    def __init__(self, complaint: _Optional[_Union[_supervision_pb2.Complaint, _Mapping]] = ...) -> None: ...

class GetComplaintRequest(_message.Message):
    __slots__ = ("ticket_number",)
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ticket_number: str
    def __init__(self, ticket_number: _Optional[str] = ...) -> None: ...

class GetComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: _supervision_pb2.Complaint
    def __init__(self, complaint: _Optional[_Union[_supervision_pb2.Complaint, _Mapping]] = ...) -> None: ...

class ListComplaintsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "status", "kind", "overdue_only", "resident_id", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ONLY_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    status: _supervision_pb2.ComplaintStatus
    kind: _supervision_pb2.ComplaintKind
    overdue_only: bool
    resident_id: str
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., status: _Optional[_Union[_supervision_pb2.ComplaintStatus, str]] = ..., kind: _Optional[_Union[_supervision_pb2.ComplaintKind, str]] = ..., overdue_only: _Optional[bool] = ..., resident_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListComplaintsResponse(_message.Message):
    __slots__ = ("complaints", "next_page_token")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.Complaint]
    next_page_token: str
    def __init__(self, complaints: _Optional[_Iterable[_Union[_supervision_pb2.Complaint, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CheckComplaintDeadlinesRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class CheckComplaintDeadlinesResponse(_message.Message):
    __slots__ = ("newly_overdue", "overdue")
    NEWLY_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    newly_overdue: int
    overdue: int
    def __init__(self, newly_overdue: _Optional[int] = ..., overdue: _Optional[int] = ...) -> None: ...

class GetPublicNoticeRequest(_message.Message):
    __slots__ = ("village_code", "month")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    month: _types_pb2.YearMonth
    def __init__(self, village_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class GetPublicNoticeResponse(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: _supervision_pb2.PublicNotice
    def __init__(self, notice: _Optional[_Union[_supervision_pb2.PublicNotice, _Mapping]] = ...) -> None: ...

class RunReconciliationRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "month", "fund_account_figures")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    FUND_ACCOUNT_FIGURES_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    fund_account_figures: _containers.RepeatedCompositeFieldContainer[_supervision_pb2.FundAccountFigure]
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., fund_account_figures: _Optional[_Iterable[_Union[_supervision_pb2.FundAccountFigure, _Mapping]]] = ...) -> None: ...

class RunReconciliationResponse(_message.Message):
    __slots__ = ("reconciliation",)
    RECONCILIATION_FIELD_NUMBER: _ClassVar[int]
    reconciliation: _supervision_pb2.Reconciliation
    def __init__(self, reconciliation: _Optional[_Union[_supervision_pb2.Reconciliation, _Mapping]] = ...) -> None: ...

class GetReconciliationRequest(_message.Message):
    __slots__ = ("pooling_region_code", "month")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class GetReconciliationResponse(_message.Message):
    __slots__ = ("reconciliation",)
    RECONCILIATION_FIELD_NUMBER: _ClassVar[int]
    reconciliation: _supervision_pb2.Reconciliation
    def __init__(self, reconciliation: _Optional[_Union[_supervision_pb2.Reconciliation, _Mapping]] = ...) -> None: ...

class GetDisclosureRequest(_message.Message):
    __slots__ = ("pooling_region_code", "year", "month")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    year: int
    month: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., month: _Optional[int] = ...) -> None: ...

class GetDisclosureResponse(_message.Message):
    __slots__ = ("disclosure",)
    DISCLOSURE_FIELD_NUMBER: _ClassVar[int]
    disclosure: _supervision_pb2.Disclosure
    def __init__(self, disclosure: _Optional[_Union[_supervision_pb2.Disclosure, _Mapping]] = ...) -> None: ...

class PublishMonthlyStatisticsRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class PublishMonthlyStatisticsResponse(_message.Message):
    __slots__ = ("statistics", "already_published")
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    statistics: _supervision_pb2.MonthlyStatistics
    already_published: bool
    def __init__(self, statistics: _Optional[_Union[_supervision_pb2.MonthlyStatistics, _Mapping]] = ..., already_published: _Optional[bool] = ...) -> None: ...

class GetMonthlyStatisticsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "month", "version")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    month: _types_pb2.YearMonth
    version: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., version: _Optional[int] = ...) -> None: ...

class GetMonthlyStatisticsResponse(_message.Message):
    __slots__ = ("statistics",)
    STATISTICS_FIELD_NUMBER: _ClassVar[int]
    statistics: _supervision_pb2.MonthlyStatistics
    def __init__(self, statistics: _Optional[_Union[_supervision_pb2.MonthlyStatistics, _Mapping]] = ...) -> None: ...

class PublishMonthlyReviewListRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class PublishMonthlyReviewListResponse(_message.Message):
    __slots__ = ("list", "already_published")
    LIST_FIELD_NUMBER: _ClassVar[int]
    ALREADY_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    list: _review_lists_pb2.MonthlyReviewList
    already_published: bool
    def __init__(self, list: _Optional[_Union[_review_lists_pb2.MonthlyReviewList, _Mapping]] = ..., already_published: _Optional[bool] = ...) -> None: ...

class GetMonthlyReviewListRequest(_message.Message):
    __slots__ = ("pooling_region_code", "month", "village_code")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    month: _types_pb2.YearMonth
    village_code: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., village_code: _Optional[str] = ...) -> None: ...

class GetMonthlyReviewListResponse(_message.Message):
    __slots__ = ("list",)
    LIST_FIELD_NUMBER: _ClassVar[int]
    list: _review_lists_pb2.MonthlyReviewList
    def __init__(self, list: _Optional[_Union[_review_lists_pb2.MonthlyReviewList, _Mapping]] = ...) -> None: ...

class PublishAnnualCheckRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "year")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    year: int
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ...) -> None: ...

class PublishAnnualCheckResponse(_message.Message):
    __slots__ = ("check", "already_published")
    CHECK_FIELD_NUMBER: _ClassVar[int]
    ALREADY_PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    check: _review_lists_pb2.AnnualCheck
    already_published: bool
    def __init__(self, check: _Optional[_Union[_review_lists_pb2.AnnualCheck, _Mapping]] = ..., already_published: _Optional[bool] = ...) -> None: ...

class GetAnnualCheckRequest(_message.Message):
    __slots__ = ("pooling_region_code", "year", "village_code")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    year: int
    village_code: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., village_code: _Optional[str] = ...) -> None: ...

class GetAnnualCheckResponse(_message.Message):
    __slots__ = ("check",)
    CHECK_FIELD_NUMBER: _ClassVar[int]
    check: _review_lists_pb2.AnnualCheck
    def __init__(self, check: _Optional[_Union[_review_lists_pb2.AnnualCheck, _Mapping]] = ...) -> None: ...
