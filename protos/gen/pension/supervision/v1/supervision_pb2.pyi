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

class ChainBreakKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHAIN_BREAK_KIND_UNSPECIFIED: _ClassVar[ChainBreakKind]
    CHAIN_BREAK_KIND_HASH_MISMATCH: _ClassVar[ChainBreakKind]
    CHAIN_BREAK_KIND_PREV_HASH_MISMATCH: _ClassVar[ChainBreakKind]
    CHAIN_BREAK_KIND_SEQUENCE_GAP: _ClassVar[ChainBreakKind]

class AlertRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_RULE_UNSPECIFIED: _ClassVar[AlertRule]
    ALERT_RULE_PAYMENT_AFTER_DEATH: _ClassVar[AlertRule]
    ALERT_RULE_SHARED_BANK_ACCOUNT: _ClassVar[AlertRule]
    ALERT_RULE_CENTENARIAN_WEAK_CERTIFICATION: _ClassVar[AlertRule]
    ALERT_RULE_CERTIFICATION_FAR_FROM_VILLAGE: _ClassVar[AlertRule]
    ALERT_RULE_CERTIFICATION_BURST: _ClassVar[AlertRule]
    ALERT_RULE_CASH_NOT_DEPOSITED: _ClassVar[AlertRule]
    ALERT_RULE_EMPLOYEE_PENSION_ENROLMENT: _ClassVar[AlertRule]
    ALERT_RULE_PAYROLL_NOT_RECONCILED: _ClassVar[AlertRule]
    ALERT_RULE_DUPLICATE_ENROLMENT: _ClassVar[AlertRule]
    ALERT_RULE_DUPLICATE_RECEIPT: _ClassVar[AlertRule]
    ALERT_RULE_AUDIT_CHAIN_BROKEN: _ClassVar[AlertRule]

class AlertStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ALERT_STATUS_UNSPECIFIED: _ClassVar[AlertStatus]
    ALERT_STATUS_OPEN: _ClassVar[AlertStatus]
    ALERT_STATUS_IN_CASE: _ClassVar[AlertStatus]
    ALERT_STATUS_DISMISSED: _ClassVar[AlertStatus]

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    CASE_STATUS_OPEN: _ClassVar[CaseStatus]
    CASE_STATUS_INVESTIGATING: _ClassVar[CaseStatus]
    CASE_STATUS_SUBSTANTIATED: _ClassVar[CaseStatus]
    CASE_STATUS_UNSUBSTANTIATED: _ClassVar[CaseStatus]
    CASE_STATUS_CLOSED: _ClassVar[CaseStatus]

class ComplaintKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_KIND_UNSPECIFIED: _ClassVar[ComplaintKind]
    COMPLAINT_KIND_COMPLAINT: _ClassVar[ComplaintKind]
    COMPLAINT_KIND_REPORT: _ClassVar[ComplaintKind]
    COMPLAINT_KIND_ENQUIRY: _ClassVar[ComplaintKind]
    COMPLAINT_KIND_NOTICE_DISPUTE: _ClassVar[ComplaintKind]

class ComplaintChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_CHANNEL_UNSPECIFIED: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_HOTLINE: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_AGENT: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_PUBLIC: _ClassVar[ComplaintChannel]

class ComplaintStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_STATUS_UNSPECIFIED: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_RECEIVED: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_IN_PROGRESS: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_ANSWERED: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_CLOSED: _ClassVar[ComplaintStatus]

class ReconciliationItem(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECONCILIATION_ITEM_UNSPECIFIED: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_CONTRIBUTION_INCOME: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_SUBSIDY_INCOME: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_BENEFIT_EXPENDITURE: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_INHERITANCE_EXPENDITURE: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_TRANSFERS: _ClassVar[ReconciliationItem]
    RECONCILIATION_ITEM_RECOVERIES: _ClassVar[ReconciliationItem]

class IncomeSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INCOME_SOURCE_UNSPECIFIED: _ClassVar[IncomeSource]
    INCOME_SOURCE_PERSONAL_CONTRIBUTION: _ClassVar[IncomeSource]
    INCOME_SOURCE_SUBSIDY: _ClassVar[IncomeSource]
    INCOME_SOURCE_COLLECTIVE: _ClassVar[IncomeSource]
    INCOME_SOURCE_PAID_ON_BEHALF: _ClassVar[IncomeSource]
    INCOME_SOURCE_INTEREST: _ClassVar[IncomeSource]
    INCOME_SOURCE_TRANSFER_IN: _ClassVar[IncomeSource]
    INCOME_SOURCE_BASIC_PENSION_FINANCING: _ClassVar[IncomeSource]
    INCOME_SOURCE_RECOVERY: _ClassVar[IncomeSource]

class ExpenditureKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPENDITURE_KIND_UNSPECIFIED: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_BASIC_PENSION: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_LONG_CONTRIBUTION_BONUS: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_OLD_AGE_BONUS: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_ACCOUNT_PENSION: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_INHERITANCE: _ClassVar[ExpenditureKind]
    EXPENDITURE_KIND_TRANSFER_OUT: _ClassVar[ExpenditureKind]

class MonthlyReportKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MONTHLY_REPORT_KIND_UNSPECIFIED: _ClassVar[MonthlyReportKind]
    MONTHLY_REPORT_KIND_STATISTICS: _ClassVar[MonthlyReportKind]
    MONTHLY_REPORT_KIND_REVIEW_LISTS: _ClassVar[MonthlyReportKind]
    MONTHLY_REPORT_KIND_ANNUAL_CHECK: _ClassVar[MonthlyReportKind]

class StatisticsLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STATISTICS_LEVEL_UNSPECIFIED: _ClassVar[StatisticsLevel]
    STATISTICS_LEVEL_REGION: _ClassVar[StatisticsLevel]
    STATISTICS_LEVEL_TOWNSHIP: _ClassVar[StatisticsLevel]
    STATISTICS_LEVEL_VILLAGE: _ClassVar[StatisticsLevel]

class EnrolmentEndCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLMENT_END_CAUSE_UNSPECIFIED: _ClassVar[EnrolmentEndCause]
    ENROLMENT_END_CAUSE_DEATH: _ClassVar[EnrolmentEndCause]
    ENROLMENT_END_CAUSE_TRANSFER_OUT: _ClassVar[EnrolmentEndCause]
    ENROLMENT_END_CAUSE_JOINED_EMPLOYEES_SCHEME: _ClassVar[EnrolmentEndCause]

class BenefitStopCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BENEFIT_STOP_CAUSE_UNSPECIFIED: _ClassVar[BenefitStopCause]
    BENEFIT_STOP_CAUSE_DEATH: _ClassVar[BenefitStopCause]
    BENEFIT_STOP_CAUSE_DUPLICATE_RECEIPT: _ClassVar[BenefitStopCause]
    BENEFIT_STOP_CAUSE_TRANSFER_OUT: _ClassVar[BenefitStopCause]
    BENEFIT_STOP_CAUSE_OFFICER_DECISION: _ClassVar[BenefitStopCause]

class CorrectionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CORRECTION_KIND_UNSPECIFIED: _ClassVar[CorrectionKind]
    CORRECTION_KIND_CONTRIBUTION_REVERSED: _ClassVar[CorrectionKind]

class CrossCheckFigure(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CROSS_CHECK_FIGURE_UNSPECIFIED: _ClassVar[CrossCheckFigure]
    CROSS_CHECK_FIGURE_BENEFIT_PAID: _ClassVar[CrossCheckFigure]
    CROSS_CHECK_FIGURE_CONTRIBUTIONS: _ClassVar[CrossCheckFigure]
    CROSS_CHECK_FIGURE_SUBSIDIES: _ClassVar[CrossCheckFigure]
CHAIN_BREAK_KIND_UNSPECIFIED: ChainBreakKind
CHAIN_BREAK_KIND_HASH_MISMATCH: ChainBreakKind
CHAIN_BREAK_KIND_PREV_HASH_MISMATCH: ChainBreakKind
CHAIN_BREAK_KIND_SEQUENCE_GAP: ChainBreakKind
ALERT_RULE_UNSPECIFIED: AlertRule
ALERT_RULE_PAYMENT_AFTER_DEATH: AlertRule
ALERT_RULE_SHARED_BANK_ACCOUNT: AlertRule
ALERT_RULE_CENTENARIAN_WEAK_CERTIFICATION: AlertRule
ALERT_RULE_CERTIFICATION_FAR_FROM_VILLAGE: AlertRule
ALERT_RULE_CERTIFICATION_BURST: AlertRule
ALERT_RULE_CASH_NOT_DEPOSITED: AlertRule
ALERT_RULE_EMPLOYEE_PENSION_ENROLMENT: AlertRule
ALERT_RULE_PAYROLL_NOT_RECONCILED: AlertRule
ALERT_RULE_DUPLICATE_ENROLMENT: AlertRule
ALERT_RULE_DUPLICATE_RECEIPT: AlertRule
ALERT_RULE_AUDIT_CHAIN_BROKEN: AlertRule
ALERT_STATUS_UNSPECIFIED: AlertStatus
ALERT_STATUS_OPEN: AlertStatus
ALERT_STATUS_IN_CASE: AlertStatus
ALERT_STATUS_DISMISSED: AlertStatus
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_OPEN: CaseStatus
CASE_STATUS_INVESTIGATING: CaseStatus
CASE_STATUS_SUBSTANTIATED: CaseStatus
CASE_STATUS_UNSUBSTANTIATED: CaseStatus
CASE_STATUS_CLOSED: CaseStatus
COMPLAINT_KIND_UNSPECIFIED: ComplaintKind
COMPLAINT_KIND_COMPLAINT: ComplaintKind
COMPLAINT_KIND_REPORT: ComplaintKind
COMPLAINT_KIND_ENQUIRY: ComplaintKind
COMPLAINT_KIND_NOTICE_DISPUTE: ComplaintKind
COMPLAINT_CHANNEL_UNSPECIFIED: ComplaintChannel
COMPLAINT_CHANNEL_HOTLINE: ComplaintChannel
COMPLAINT_CHANNEL_AGENT: ComplaintChannel
COMPLAINT_CHANNEL_PUBLIC: ComplaintChannel
COMPLAINT_STATUS_UNSPECIFIED: ComplaintStatus
COMPLAINT_STATUS_RECEIVED: ComplaintStatus
COMPLAINT_STATUS_IN_PROGRESS: ComplaintStatus
COMPLAINT_STATUS_ANSWERED: ComplaintStatus
COMPLAINT_STATUS_CLOSED: ComplaintStatus
RECONCILIATION_ITEM_UNSPECIFIED: ReconciliationItem
RECONCILIATION_ITEM_CONTRIBUTION_INCOME: ReconciliationItem
RECONCILIATION_ITEM_SUBSIDY_INCOME: ReconciliationItem
RECONCILIATION_ITEM_BENEFIT_EXPENDITURE: ReconciliationItem
RECONCILIATION_ITEM_PAYROLL_VS_BANK_RETURN: ReconciliationItem
RECONCILIATION_ITEM_INHERITANCE_EXPENDITURE: ReconciliationItem
RECONCILIATION_ITEM_TRANSFERS: ReconciliationItem
RECONCILIATION_ITEM_RECOVERIES: ReconciliationItem
INCOME_SOURCE_UNSPECIFIED: IncomeSource
INCOME_SOURCE_PERSONAL_CONTRIBUTION: IncomeSource
INCOME_SOURCE_SUBSIDY: IncomeSource
INCOME_SOURCE_COLLECTIVE: IncomeSource
INCOME_SOURCE_PAID_ON_BEHALF: IncomeSource
INCOME_SOURCE_INTEREST: IncomeSource
INCOME_SOURCE_TRANSFER_IN: IncomeSource
INCOME_SOURCE_BASIC_PENSION_FINANCING: IncomeSource
INCOME_SOURCE_RECOVERY: IncomeSource
EXPENDITURE_KIND_UNSPECIFIED: ExpenditureKind
EXPENDITURE_KIND_BASIC_PENSION: ExpenditureKind
EXPENDITURE_KIND_LONG_CONTRIBUTION_BONUS: ExpenditureKind
EXPENDITURE_KIND_OLD_AGE_BONUS: ExpenditureKind
EXPENDITURE_KIND_ACCOUNT_PENSION: ExpenditureKind
EXPENDITURE_KIND_INHERITANCE: ExpenditureKind
EXPENDITURE_KIND_TRANSFER_OUT: ExpenditureKind
MONTHLY_REPORT_KIND_UNSPECIFIED: MonthlyReportKind
MONTHLY_REPORT_KIND_STATISTICS: MonthlyReportKind
MONTHLY_REPORT_KIND_REVIEW_LISTS: MonthlyReportKind
MONTHLY_REPORT_KIND_ANNUAL_CHECK: MonthlyReportKind
STATISTICS_LEVEL_UNSPECIFIED: StatisticsLevel
STATISTICS_LEVEL_REGION: StatisticsLevel
STATISTICS_LEVEL_TOWNSHIP: StatisticsLevel
STATISTICS_LEVEL_VILLAGE: StatisticsLevel
ENROLMENT_END_CAUSE_UNSPECIFIED: EnrolmentEndCause
ENROLMENT_END_CAUSE_DEATH: EnrolmentEndCause
ENROLMENT_END_CAUSE_TRANSFER_OUT: EnrolmentEndCause
ENROLMENT_END_CAUSE_JOINED_EMPLOYEES_SCHEME: EnrolmentEndCause
BENEFIT_STOP_CAUSE_UNSPECIFIED: BenefitStopCause
BENEFIT_STOP_CAUSE_DEATH: BenefitStopCause
BENEFIT_STOP_CAUSE_DUPLICATE_RECEIPT: BenefitStopCause
BENEFIT_STOP_CAUSE_TRANSFER_OUT: BenefitStopCause
BENEFIT_STOP_CAUSE_OFFICER_DECISION: BenefitStopCause
CORRECTION_KIND_UNSPECIFIED: CorrectionKind
CORRECTION_KIND_CONTRIBUTION_REVERSED: CorrectionKind
CROSS_CHECK_FIGURE_UNSPECIFIED: CrossCheckFigure
CROSS_CHECK_FIGURE_BENEFIT_PAID: CrossCheckFigure
CROSS_CHECK_FIGURE_CONTRIBUTIONS: CrossCheckFigure
CROSS_CHECK_FIGURE_SUBSIDIES: CrossCheckFigure

class AuditEntry(_message.Message):
    __slots__ = ("sequence", "event_id", "event_type", "producer", "subject_key", "actor", "reason", "occurred_at", "recorded_at", "prev_hash", "hash", "envelope_sha256", "envelope", "topic")
    SEQUENCE_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    ENVELOPE_SHA256_FIELD_NUMBER: _ClassVar[int]
    ENVELOPE_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    sequence: int
    event_id: str
    event_type: str
    producer: str
    subject_key: str
    actor: str
    reason: str
    occurred_at: _timestamp_pb2.Timestamp
    recorded_at: _timestamp_pb2.Timestamp
    prev_hash: str
    hash: str
    envelope_sha256: str
    envelope: bytes
    topic: str
    def __init__(self, sequence: _Optional[int] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., producer: _Optional[str] = ..., subject_key: _Optional[str] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., recorded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ..., envelope_sha256: _Optional[str] = ..., envelope: _Optional[bytes] = ..., topic: _Optional[str] = ...) -> None: ...

class Evidence(_message.Message):
    __slots__ = ("event_id", "event_type", "subject_key", "occurred_at", "summary")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    event_type: str
    subject_key: str
    occurred_at: _timestamp_pb2.Timestamp
    summary: str
    def __init__(self, event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., subject_key: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., summary: _Optional[str] = ...) -> None: ...

class Alert(_message.Message):
    __slots__ = ("alert_id", "rule", "score", "score_explanation", "evidence", "pooling_region_code", "resident_ids", "agent_ids", "amount_fen", "status", "case_id", "raised_at", "dismissal_reason", "reason_zh", "reason_en", "facts_key")
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SCORE_EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_IDS_FIELD_NUMBER: _ClassVar[int]
    AGENT_IDS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    RAISED_AT_FIELD_NUMBER: _ClassVar[int]
    DISMISSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    REASON_ZH_FIELD_NUMBER: _ClassVar[int]
    REASON_EN_FIELD_NUMBER: _ClassVar[int]
    FACTS_KEY_FIELD_NUMBER: _ClassVar[int]
    alert_id: str
    rule: AlertRule
    score: int
    score_explanation: str
    evidence: _containers.RepeatedCompositeFieldContainer[Evidence]
    pooling_region_code: str
    resident_ids: _containers.RepeatedScalarFieldContainer[str]
    agent_ids: _containers.RepeatedScalarFieldContainer[str]
    amount_fen: int
    status: AlertStatus
    case_id: str
    raised_at: _timestamp_pb2.Timestamp
    dismissal_reason: str
    reason_zh: str
    reason_en: str
    facts_key: str
    def __init__(self, alert_id: _Optional[str] = ..., rule: _Optional[_Union[AlertRule, str]] = ..., score: _Optional[int] = ..., score_explanation: _Optional[str] = ..., evidence: _Optional[_Iterable[_Union[Evidence, _Mapping]]] = ..., pooling_region_code: _Optional[str] = ..., resident_ids: _Optional[_Iterable[str]] = ..., agent_ids: _Optional[_Iterable[str]] = ..., amount_fen: _Optional[int] = ..., status: _Optional[_Union[AlertStatus, str]] = ..., case_id: _Optional[str] = ..., raised_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dismissal_reason: _Optional[str] = ..., reason_zh: _Optional[str] = ..., reason_en: _Optional[str] = ..., facts_key: _Optional[str] = ...) -> None: ...

class CaseNote(_message.Message):
    __slots__ = ("actor", "written_at", "status", "text")
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    actor: str
    written_at: _timestamp_pb2.Timestamp
    status: CaseStatus
    text: str
    def __init__(self, actor: _Optional[str] = ..., written_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., text: _Optional[str] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_id", "pooling_region_code", "title", "alert_ids", "resident_ids", "status", "assigned_to", "amount_fen", "recovered_fen", "escalated", "escalated_at", "opened_at", "updated_at", "notes", "attachment_refs", "overpayment_case_ids", "escalated_to")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ALERT_IDS_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_IDS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_AT_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENT_REFS_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_IDS_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_TO_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    pooling_region_code: str
    title: str
    alert_ids: _containers.RepeatedScalarFieldContainer[str]
    resident_ids: _containers.RepeatedScalarFieldContainer[str]
    status: CaseStatus
    assigned_to: str
    amount_fen: int
    recovered_fen: int
    escalated: bool
    escalated_at: _timestamp_pb2.Timestamp
    opened_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    notes: _containers.RepeatedCompositeFieldContainer[CaseNote]
    attachment_refs: _containers.RepeatedScalarFieldContainer[str]
    overpayment_case_ids: _containers.RepeatedScalarFieldContainer[str]
    escalated_to: str
    def __init__(self, case_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., title: _Optional[str] = ..., alert_ids: _Optional[_Iterable[str]] = ..., resident_ids: _Optional[_Iterable[str]] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., assigned_to: _Optional[str] = ..., amount_fen: _Optional[int] = ..., recovered_fen: _Optional[int] = ..., escalated: _Optional[bool] = ..., escalated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., notes: _Optional[_Iterable[_Union[CaseNote, _Mapping]]] = ..., attachment_refs: _Optional[_Iterable[str]] = ..., overpayment_case_ids: _Optional[_Iterable[str]] = ..., escalated_to: _Optional[str] = ...) -> None: ...

class Complaint(_message.Message):
    __slots__ = ("ticket_number", "kind", "channel", "status", "pooling_region_code", "village_code", "resident_id", "subject", "description", "complainant_name_masked", "complainant_mobile_masked", "received_on", "due_on", "extended", "extension_reason", "overdue", "escalated", "assigned_to", "resolution", "closed_on", "notice_month")
    TICKET_NUMBER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_MOBILE_MASKED_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_ON_FIELD_NUMBER: _ClassVar[int]
    DUE_ON_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_FIELD_NUMBER: _ClassVar[int]
    EXTENSION_REASON_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ESCALATED_FIELD_NUMBER: _ClassVar[int]
    ASSIGNED_TO_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    CLOSED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTICE_MONTH_FIELD_NUMBER: _ClassVar[int]
    ticket_number: str
    kind: ComplaintKind
    channel: ComplaintChannel
    status: ComplaintStatus
    pooling_region_code: str
    village_code: str
    resident_id: str
    subject: str
    description: str
    complainant_name_masked: str
    complainant_mobile_masked: str
    received_on: _types_pb2.CalendarDate
    due_on: _types_pb2.CalendarDate
    extended: bool
    extension_reason: str
    overdue: bool
    escalated: bool
    assigned_to: str
    resolution: str
    closed_on: _types_pb2.CalendarDate
    notice_month: _types_pb2.YearMonth
    def __init__(self, ticket_number: _Optional[str] = ..., kind: _Optional[_Union[ComplaintKind, str]] = ..., channel: _Optional[_Union[ComplaintChannel, str]] = ..., status: _Optional[_Union[ComplaintStatus, str]] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., resident_id: _Optional[str] = ..., subject: _Optional[str] = ..., description: _Optional[str] = ..., complainant_name_masked: _Optional[str] = ..., complainant_mobile_masked: _Optional[str] = ..., received_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., extended: _Optional[bool] = ..., extension_reason: _Optional[str] = ..., overdue: _Optional[bool] = ..., escalated: _Optional[bool] = ..., assigned_to: _Optional[str] = ..., resolution: _Optional[str] = ..., closed_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., notice_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class NoticeContributor(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "year", "kind", "grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    year: int
    kind: _types_pb2.ContributionKind
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., grade_fen: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ...) -> None: ...

class NoticeRecipient(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "amount_fen", "back_pay_fen")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BACK_PAY_FEN_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    amount_fen: int
    back_pay_fen: int
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., amount_fen: _Optional[int] = ..., back_pay_fen: _Optional[int] = ...) -> None: ...

class PublicNotice(_message.Message):
    __slots__ = ("village_code", "village_name", "month", "contributors", "recipients", "contributed_fen", "paid_fen", "generated_at", "dispute_contact")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    RECIPIENTS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    DISPUTE_CONTACT_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    village_name: str
    month: _types_pb2.YearMonth
    contributors: _containers.RepeatedCompositeFieldContainer[NoticeContributor]
    recipients: _containers.RepeatedCompositeFieldContainer[NoticeRecipient]
    contributed_fen: int
    paid_fen: int
    generated_at: _timestamp_pb2.Timestamp
    dispute_contact: str
    def __init__(self, village_code: _Optional[str] = ..., village_name: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., contributors: _Optional[_Iterable[_Union[NoticeContributor, _Mapping]]] = ..., recipients: _Optional[_Iterable[_Union[NoticeRecipient, _Mapping]]] = ..., contributed_fen: _Optional[int] = ..., paid_fen: _Optional[int] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., dispute_contact: _Optional[str] = ...) -> None: ...

class FundAccountFigure(_message.Message):
    __slots__ = ("item", "fund", "amount_fen", "statement_ref")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    FUND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_REF_FIELD_NUMBER: _ClassVar[int]
    item: ReconciliationItem
    fund: _types_pb2.Fund
    amount_fen: int
    statement_ref: str
    def __init__(self, item: _Optional[_Union[ReconciliationItem, str]] = ..., fund: _Optional[_Union[_types_pb2.Fund, str]] = ..., amount_fen: _Optional[int] = ..., statement_ref: _Optional[str] = ...) -> None: ...

class ReconciliationLine(_message.Message):
    __slots__ = ("item", "fund", "ledger_fen", "bank_fen", "fund_account_fen", "difference_fen", "explanation")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    FUND_FIELD_NUMBER: _ClassVar[int]
    LEDGER_FEN_FIELD_NUMBER: _ClassVar[int]
    BANK_FEN_FIELD_NUMBER: _ClassVar[int]
    FUND_ACCOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    item: ReconciliationItem
    fund: _types_pb2.Fund
    ledger_fen: int
    bank_fen: int
    fund_account_fen: int
    difference_fen: int
    explanation: str
    def __init__(self, item: _Optional[_Union[ReconciliationItem, str]] = ..., fund: _Optional[_Union[_types_pb2.Fund, str]] = ..., ledger_fen: _Optional[int] = ..., bank_fen: _Optional[int] = ..., fund_account_fen: _Optional[int] = ..., difference_fen: _Optional[int] = ..., explanation: _Optional[str] = ...) -> None: ...

class Reconciliation(_message.Message):
    __slots__ = ("reconciliation_id", "pooling_region_code", "month", "lines", "balanced", "completed_at")
    RECONCILIATION_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    BALANCED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    reconciliation_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    lines: _containers.RepeatedCompositeFieldContainer[ReconciliationLine]
    balanced: bool
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, reconciliation_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., lines: _Optional[_Iterable[_Union[ReconciliationLine, _Mapping]]] = ..., balanced: _Optional[bool] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class IncomeFigure(_message.Message):
    __slots__ = ("source", "amount_fen")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    source: IncomeSource
    amount_fen: int
    def __init__(self, source: _Optional[_Union[IncomeSource, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class ExpenditureFigure(_message.Message):
    __slots__ = ("kind", "amount_fen")
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    kind: ExpenditureKind
    amount_fen: int
    def __init__(self, kind: _Optional[_Union[ExpenditureKind, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class FundBalance(_message.Message):
    __slots__ = ("fund", "balance_fen")
    FUND_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    fund: _types_pb2.Fund
    balance_fen: int
    def __init__(self, fund: _Optional[_Union[_types_pb2.Fund, str]] = ..., balance_fen: _Optional[int] = ...) -> None: ...

class Disclosure(_message.Message):
    __slots__ = ("pooling_region_code", "year", "month", "enrolled", "contributing", "receiving", "income", "expenditure", "fund_balances", "computed_at")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    ENROLLED_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTING_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_FIELD_NUMBER: _ClassVar[int]
    INCOME_FIELD_NUMBER: _ClassVar[int]
    EXPENDITURE_FIELD_NUMBER: _ClassVar[int]
    FUND_BALANCES_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_AT_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    year: int
    month: int
    enrolled: int
    contributing: int
    receiving: int
    income: _containers.RepeatedCompositeFieldContainer[IncomeFigure]
    expenditure: _containers.RepeatedCompositeFieldContainer[ExpenditureFigure]
    fund_balances: _containers.RepeatedCompositeFieldContainer[FundBalance]
    computed_at: _timestamp_pb2.Timestamp
    def __init__(self, pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., month: _Optional[int] = ..., enrolled: _Optional[int] = ..., contributing: _Optional[int] = ..., receiving: _Optional[int] = ..., income: _Optional[_Iterable[_Union[IncomeFigure, _Mapping]]] = ..., expenditure: _Optional[_Iterable[_Union[ExpenditureFigure, _Mapping]]] = ..., fund_balances: _Optional[_Iterable[_Union[FundBalance, _Mapping]]] = ..., computed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EnrolmentEndFigure(_message.Message):
    __slots__ = ("cause", "residents")
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    cause: EnrolmentEndCause
    residents: int
    def __init__(self, cause: _Optional[_Union[EnrolmentEndCause, str]] = ..., residents: _Optional[int] = ...) -> None: ...

class GradeFigure(_message.Message):
    __slots__ = ("grade_fen", "contributors", "contributions", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen")
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    grade_fen: int
    contributors: int
    contributions: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    def __init__(self, grade_fen: _Optional[int] = ..., contributors: _Optional[int] = ..., contributions: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ...) -> None: ...

class ChannelFigure(_message.Message):
    __slots__ = ("channel", "contributors", "contributions", "amount_fen")
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    channel: _types_pb2.ContributionChannel
    contributors: int
    contributions: int
    amount_fen: int
    def __init__(self, channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., contributors: _Optional[int] = ..., contributions: _Optional[int] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class SpecialGroupFigure(_message.Message):
    __slots__ = ("group", "residents", "paid_on_behalf_fen", "subsidy_fen")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    group: _types_pb2.SpecialGroup
    residents: int
    paid_on_behalf_fen: int
    subsidy_fen: int
    def __init__(self, group: _Optional[_Union[_types_pb2.SpecialGroup, str]] = ..., residents: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ...) -> None: ...

class GovernmentLevelFigure(_message.Message):
    __slots__ = ("level", "subsidy_fen", "paid_on_behalf_fen")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.GovernmentLevel
    subsidy_fen: int
    paid_on_behalf_fen: int
    def __init__(self, level: _Optional[_Union[_types_pb2.GovernmentLevel, str]] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ...) -> None: ...

class ComponentFigure(_message.Message):
    __slots__ = ("component", "amount_fen")
    COMPONENT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    component: _types_pb2.BenefitComponent
    amount_fen: int
    def __init__(self, component: _Optional[_Union[_types_pb2.BenefitComponent, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class FundFigure(_message.Message):
    __slots__ = ("fund", "amount_fen")
    FUND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    fund: _types_pb2.Fund
    amount_fen: int
    def __init__(self, fund: _Optional[_Union[_types_pb2.Fund, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class BenefitStopFigure(_message.Message):
    __slots__ = ("cause", "pensioners")
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_FIELD_NUMBER: _ClassVar[int]
    cause: BenefitStopCause
    pensioners: int
    def __init__(self, cause: _Optional[_Union[BenefitStopCause, str]] = ..., pensioners: _Optional[int] = ...) -> None: ...

class StatisticsFigures(_message.Message):
    __slots__ = ("enrolled_at_end", "new_enrolments", "enrolment_ends", "contributors", "grades", "channels", "special_groups", "government_levels", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen", "pensioners_at_start", "pensioners_at_end", "new_awards", "suspensions", "resumptions", "benefit_stops", "suspended_at_end", "pensioners_paid", "benefit_paid_fen", "paid_by_component", "paid_by_fund")
    ENROLLED_AT_END_FIELD_NUMBER: _ClassVar[int]
    NEW_ENROLMENTS_FIELD_NUMBER: _ClassVar[int]
    ENROLMENT_ENDS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    GOVERNMENT_LEVELS_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_AT_START_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_AT_END_FIELD_NUMBER: _ClassVar[int]
    NEW_AWARDS_FIELD_NUMBER: _ClassVar[int]
    SUSPENSIONS_FIELD_NUMBER: _ClassVar[int]
    RESUMPTIONS_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_STOPS_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_AT_END_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_PAID_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_BY_COMPONENT_FIELD_NUMBER: _ClassVar[int]
    PAID_BY_FUND_FIELD_NUMBER: _ClassVar[int]
    enrolled_at_end: int
    new_enrolments: int
    enrolment_ends: _containers.RepeatedCompositeFieldContainer[EnrolmentEndFigure]
    contributors: int
    grades: _containers.RepeatedCompositeFieldContainer[GradeFigure]
    channels: _containers.RepeatedCompositeFieldContainer[ChannelFigure]
    special_groups: _containers.RepeatedCompositeFieldContainer[SpecialGroupFigure]
    government_levels: _containers.RepeatedCompositeFieldContainer[GovernmentLevelFigure]
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    pensioners_at_start: int
    pensioners_at_end: int
    new_awards: int
    suspensions: int
    resumptions: int
    benefit_stops: _containers.RepeatedCompositeFieldContainer[BenefitStopFigure]
    suspended_at_end: int
    pensioners_paid: int
    benefit_paid_fen: int
    paid_by_component: _containers.RepeatedCompositeFieldContainer[ComponentFigure]
    paid_by_fund: _containers.RepeatedCompositeFieldContainer[FundFigure]
    def __init__(self, enrolled_at_end: _Optional[int] = ..., new_enrolments: _Optional[int] = ..., enrolment_ends: _Optional[_Iterable[_Union[EnrolmentEndFigure, _Mapping]]] = ..., contributors: _Optional[int] = ..., grades: _Optional[_Iterable[_Union[GradeFigure, _Mapping]]] = ..., channels: _Optional[_Iterable[_Union[ChannelFigure, _Mapping]]] = ..., special_groups: _Optional[_Iterable[_Union[SpecialGroupFigure, _Mapping]]] = ..., government_levels: _Optional[_Iterable[_Union[GovernmentLevelFigure, _Mapping]]] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., pensioners_at_start: _Optional[int] = ..., pensioners_at_end: _Optional[int] = ..., new_awards: _Optional[int] = ..., suspensions: _Optional[int] = ..., resumptions: _Optional[int] = ..., benefit_stops: _Optional[_Iterable[_Union[BenefitStopFigure, _Mapping]]] = ..., suspended_at_end: _Optional[int] = ..., pensioners_paid: _Optional[int] = ..., benefit_paid_fen: _Optional[int] = ..., paid_by_component: _Optional[_Iterable[_Union[ComponentFigure, _Mapping]]] = ..., paid_by_fund: _Optional[_Iterable[_Union[FundFigure, _Mapping]]] = ...) -> None: ...

class StatisticsRow(_message.Message):
    __slots__ = ("level", "code", "name", "township_code", "figures")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_CODE_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    level: StatisticsLevel
    code: str
    name: str
    township_code: str
    figures: StatisticsFigures
    def __init__(self, level: _Optional[_Union[StatisticsLevel, str]] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., township_code: _Optional[str] = ..., figures: _Optional[_Union[StatisticsFigures, _Mapping]] = ...) -> None: ...

class CorrectionLine(_message.Message):
    __slots__ = ("kind", "corrected_month", "reference_id", "village_code", "grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen", "government_levels")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CORRECTED_MONTH_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    GOVERNMENT_LEVELS_FIELD_NUMBER: _ClassVar[int]
    kind: CorrectionKind
    corrected_month: _types_pb2.YearMonth
    reference_id: str
    village_code: str
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    government_levels: _containers.RepeatedCompositeFieldContainer[GovernmentLevelFigure]
    def __init__(self, kind: _Optional[_Union[CorrectionKind, str]] = ..., corrected_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., reference_id: _Optional[str] = ..., village_code: _Optional[str] = ..., grade_fen: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., government_levels: _Optional[_Iterable[_Union[GovernmentLevelFigure, _Mapping]]] = ...) -> None: ...

class CrossCheck(_message.Message):
    __slots__ = ("figure", "report_fen", "source_fen", "source", "agrees", "alert_id")
    FIGURE_FIELD_NUMBER: _ClassVar[int]
    REPORT_FEN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FEN_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    AGREES_FIELD_NUMBER: _ClassVar[int]
    ALERT_ID_FIELD_NUMBER: _ClassVar[int]
    figure: CrossCheckFigure
    report_fen: int
    source_fen: int
    source: str
    agrees: bool
    alert_id: str
    def __init__(self, figure: _Optional[_Union[CrossCheckFigure, str]] = ..., report_fen: _Optional[int] = ..., source_fen: _Optional[int] = ..., source: _Optional[str] = ..., agrees: _Optional[bool] = ..., alert_id: _Optional[str] = ...) -> None: ...

class MonthlyStatistics(_message.Message):
    __slots__ = ("report_id", "pooling_region_code", "month", "version", "published_at", "published_by", "digest", "region", "townships", "villages", "corrections", "cross_checks", "checks_agree")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIPS_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    CORRECTIONS_FIELD_NUMBER: _ClassVar[int]
    CROSS_CHECKS_FIELD_NUMBER: _ClassVar[int]
    CHECKS_AGREE_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    version: int
    published_at: _timestamp_pb2.Timestamp
    published_by: str
    digest: str
    region: StatisticsRow
    townships: _containers.RepeatedCompositeFieldContainer[StatisticsRow]
    villages: _containers.RepeatedCompositeFieldContainer[StatisticsRow]
    corrections: _containers.RepeatedCompositeFieldContainer[CorrectionLine]
    cross_checks: _containers.RepeatedCompositeFieldContainer[CrossCheck]
    checks_agree: bool
    def __init__(self, report_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., version: _Optional[int] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ..., digest: _Optional[str] = ..., region: _Optional[_Union[StatisticsRow, _Mapping]] = ..., townships: _Optional[_Iterable[_Union[StatisticsRow, _Mapping]]] = ..., villages: _Optional[_Iterable[_Union[StatisticsRow, _Mapping]]] = ..., corrections: _Optional[_Iterable[_Union[CorrectionLine, _Mapping]]] = ..., cross_checks: _Optional[_Iterable[_Union[CrossCheck, _Mapping]]] = ..., checks_agree: _Optional[bool] = ...) -> None: ...
