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

class EnrolmentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENROLMENT_STATUS_UNSPECIFIED: _ClassVar[EnrolmentStatus]
    ENROLMENT_STATUS_ACTIVE: _ClassVar[EnrolmentStatus]
    ENROLMENT_STATUS_TERMINATED: _ClassVar[EnrolmentStatus]

class TerminationCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TERMINATION_CAUSE_UNSPECIFIED: _ClassVar[TerminationCause]
    TERMINATION_CAUSE_DEATH: _ClassVar[TerminationCause]
    TERMINATION_CAUSE_TRANSFER_OUT: _ClassVar[TerminationCause]
    TERMINATION_CAUSE_JOINED_EMPLOYEES_SCHEME: _ClassVar[TerminationCause]

class ResidentChangeKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESIDENT_CHANGE_KIND_UNSPECIFIED: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_ENROLLED: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_MOBILE: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_BANK_ACCOUNT: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_VILLAGE: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_SPECIAL_GROUPS: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_TERMINATED: _ClassVar[ResidentChangeKind]
    RESIDENT_CHANGE_KIND_TRANSFERRED_IN: _ClassVar[ResidentChangeKind]

class ContributionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTRIBUTION_STATUS_UNSPECIFIED: _ClassVar[ContributionStatus]
    CONTRIBUTION_STATUS_RECORDED: _ClassVar[ContributionStatus]
    CONTRIBUTION_STATUS_REVERSED: _ClassVar[ContributionStatus]

class AccountEntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_ENTRY_KIND_UNSPECIFIED: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_SUBSIDY: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_COLLECTIVE_SUBSIDY: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_PAID_ON_BEHALF: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_INTEREST: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_TRANSFER_IN: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_TRANSFER_OUT: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_PENSION_DRAWDOWN: _ClassVar[AccountEntryKind]
    ACCOUNT_ENTRY_KIND_INHERITANCE_PAYOUT: _ClassVar[AccountEntryKind]
ENROLMENT_STATUS_UNSPECIFIED: EnrolmentStatus
ENROLMENT_STATUS_ACTIVE: EnrolmentStatus
ENROLMENT_STATUS_TERMINATED: EnrolmentStatus
TERMINATION_CAUSE_UNSPECIFIED: TerminationCause
TERMINATION_CAUSE_DEATH: TerminationCause
TERMINATION_CAUSE_TRANSFER_OUT: TerminationCause
TERMINATION_CAUSE_JOINED_EMPLOYEES_SCHEME: TerminationCause
RESIDENT_CHANGE_KIND_UNSPECIFIED: ResidentChangeKind
RESIDENT_CHANGE_KIND_ENROLLED: ResidentChangeKind
RESIDENT_CHANGE_KIND_MOBILE: ResidentChangeKind
RESIDENT_CHANGE_KIND_BANK_ACCOUNT: ResidentChangeKind
RESIDENT_CHANGE_KIND_VILLAGE: ResidentChangeKind
RESIDENT_CHANGE_KIND_SPECIAL_GROUPS: ResidentChangeKind
RESIDENT_CHANGE_KIND_TERMINATED: ResidentChangeKind
RESIDENT_CHANGE_KIND_TRANSFERRED_IN: ResidentChangeKind
CONTRIBUTION_STATUS_UNSPECIFIED: ContributionStatus
CONTRIBUTION_STATUS_RECORDED: ContributionStatus
CONTRIBUTION_STATUS_REVERSED: ContributionStatus
ACCOUNT_ENTRY_KIND_UNSPECIFIED: AccountEntryKind
ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION: AccountEntryKind
ACCOUNT_ENTRY_KIND_SUBSIDY: AccountEntryKind
ACCOUNT_ENTRY_KIND_COLLECTIVE_SUBSIDY: AccountEntryKind
ACCOUNT_ENTRY_KIND_PAID_ON_BEHALF: AccountEntryKind
ACCOUNT_ENTRY_KIND_INTEREST: AccountEntryKind
ACCOUNT_ENTRY_KIND_TRANSFER_IN: AccountEntryKind
ACCOUNT_ENTRY_KIND_TRANSFER_OUT: AccountEntryKind
ACCOUNT_ENTRY_KIND_PENSION_DRAWDOWN: AccountEntryKind
ACCOUNT_ENTRY_KIND_INHERITANCE_PAYOUT: AccountEntryKind

class SpecialGroupMembership(_message.Message):
    __slots__ = ("group", "evidence_ref", "effective_from", "effective_until")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    group: _types_pb2.SpecialGroup
    evidence_ref: str
    effective_from: _types_pb2.CalendarDate
    effective_until: _types_pb2.CalendarDate
    def __init__(self, group: _Optional[_Union[_types_pb2.SpecialGroup, str]] = ..., evidence_ref: _Optional[str] = ..., effective_from: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., effective_until: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class Resident(_message.Message):
    __slots__ = ("resident_id", "citizen_id_masked", "name", "name_masked", "sex", "birth_date", "pooling_region_code", "village_code", "mobile", "mobile_masked", "bank_account", "special_groups", "photo_ref", "enrolled_on", "enrolled_by_agent_id", "status", "termination_cause", "terminated_on", "date_of_death", "created_at", "updated_at")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_MASKED_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PHOTO_REF_FIELD_NUMBER: _ClassVar[int]
    ENROLLED_ON_FIELD_NUMBER: _ClassVar[int]
    ENROLLED_BY_AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TERMINATION_CAUSE_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_ON_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    citizen_id_masked: str
    name: str
    name_masked: str
    sex: _types_pb2.Sex
    birth_date: _types_pb2.CalendarDate
    pooling_region_code: str
    village_code: str
    mobile: str
    mobile_masked: str
    bank_account: _types_pb2.BankAccountRef
    special_groups: _containers.RepeatedCompositeFieldContainer[SpecialGroupMembership]
    photo_ref: str
    enrolled_on: _types_pb2.CalendarDate
    enrolled_by_agent_id: str
    status: EnrolmentStatus
    termination_cause: TerminationCause
    terminated_on: _types_pb2.CalendarDate
    date_of_death: _types_pb2.CalendarDate
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, resident_id: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., name: _Optional[str] = ..., name_masked: _Optional[str] = ..., sex: _Optional[_Union[_types_pb2.Sex, str]] = ..., birth_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., mobile: _Optional[str] = ..., mobile_masked: _Optional[str] = ..., bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ..., special_groups: _Optional[_Iterable[_Union[SpecialGroupMembership, _Mapping]]] = ..., photo_ref: _Optional[str] = ..., enrolled_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., enrolled_by_agent_id: _Optional[str] = ..., status: _Optional[_Union[EnrolmentStatus, str]] = ..., termination_cause: _Optional[_Union[TerminationCause, str]] = ..., terminated_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ResidentChange(_message.Message):
    __slots__ = ("kind", "old_value", "new_value", "actor", "reason", "changed_at", "event_id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    OLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    NEW_VALUE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    kind: ResidentChangeKind
    old_value: str
    new_value: str
    actor: str
    reason: str
    changed_at: _timestamp_pb2.Timestamp
    event_id: str
    def __init__(self, kind: _Optional[_Union[ResidentChangeKind, str]] = ..., old_value: _Optional[str] = ..., new_value: _Optional[str] = ..., actor: _Optional[str] = ..., reason: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., event_id: _Optional[str] = ...) -> None: ...

class Contribution(_message.Message):
    __slots__ = ("contribution_id", "resident_id", "year", "kind", "channel", "grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen", "receipt_number", "agent_id", "paid_on", "policy_version_id", "status", "reversal_reason", "batch_id")
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REVERSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    contribution_id: str
    resident_id: str
    year: int
    kind: _types_pb2.ContributionKind
    channel: _types_pb2.ContributionChannel
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    receipt_number: str
    agent_id: str
    paid_on: _types_pb2.CalendarDate
    policy_version_id: str
    status: ContributionStatus
    reversal_reason: str
    batch_id: str
    def __init__(self, contribution_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., grade_fen: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., receipt_number: _Optional[str] = ..., agent_id: _Optional[str] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., policy_version_id: _Optional[str] = ..., status: _Optional[_Union[ContributionStatus, str]] = ..., reversal_reason: _Optional[str] = ..., batch_id: _Optional[str] = ...) -> None: ...

class AccountEntry(_message.Message):
    __slots__ = ("entry_id", "resident_id", "kind", "amount_fen", "value_date", "year", "contribution_id", "reverses_entry_id", "source_ref", "posted_at")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    VALUE_DATE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
    REVERSES_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_REF_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    resident_id: str
    kind: AccountEntryKind
    amount_fen: int
    value_date: _types_pb2.CalendarDate
    year: int
    contribution_id: str
    reverses_entry_id: str
    source_ref: str
    posted_at: _timestamp_pb2.Timestamp
    def __init__(self, entry_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., kind: _Optional[_Union[AccountEntryKind, str]] = ..., amount_fen: _Optional[int] = ..., value_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., year: _Optional[int] = ..., contribution_id: _Optional[str] = ..., reverses_entry_id: _Optional[str] = ..., source_ref: _Optional[str] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ContributionGrade(_message.Message):
    __slots__ = ("annual_fen", "subsidy_fen", "subsidy_parts")
    ANNUAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_PARTS_FIELD_NUMBER: _ClassVar[int]
    annual_fen: int
    subsidy_fen: int
    subsidy_parts: _containers.RepeatedCompositeFieldContainer[SubsidyPart]
    def __init__(self, annual_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., subsidy_parts: _Optional[_Iterable[_Union[SubsidyPart, _Mapping]]] = ...) -> None: ...

class SubsidyPart(_message.Message):
    __slots__ = ("level", "annual_fen")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    ANNUAL_FEN_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.GovernmentLevel
    annual_fen: int
    def __init__(self, level: _Optional[_Union[_types_pb2.GovernmentLevel, str]] = ..., annual_fen: _Optional[int] = ...) -> None: ...

class PaidOnBehalfRule(_message.Message):
    __slots__ = ("group", "grade_fen", "paid_on_behalf_fen", "with_subsidy")
    GROUP_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    WITH_SUBSIDY_FIELD_NUMBER: _ClassVar[int]
    group: _types_pb2.SpecialGroup
    grade_fen: int
    paid_on_behalf_fen: int
    with_subsidy: bool
    def __init__(self, group: _Optional[_Union[_types_pb2.SpecialGroup, str]] = ..., grade_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., with_subsidy: _Optional[bool] = ...) -> None: ...

class BasicPensionPart(_message.Message):
    __slots__ = ("level", "monthly_fen")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_FEN_FIELD_NUMBER: _ClassVar[int]
    level: _types_pb2.GovernmentLevel
    monthly_fen: int
    def __init__(self, level: _Optional[_Union[_types_pb2.GovernmentLevel, str]] = ..., monthly_fen: _Optional[int] = ...) -> None: ...

class OldAgeBonusBand(_message.Message):
    __slots__ = ("from_age", "monthly_fen")
    FROM_AGE_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_FEN_FIELD_NUMBER: _ClassVar[int]
    from_age: int
    monthly_fen: int
    def __init__(self, from_age: _Optional[int] = ..., monthly_fen: _Optional[int] = ...) -> None: ...

class InterestRate(_message.Message):
    __slots__ = ("year", "rate_ppm")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RATE_PPM_FIELD_NUMBER: _ClassVar[int]
    year: int
    rate_ppm: int
    def __init__(self, year: _Optional[int] = ..., rate_ppm: _Optional[int] = ...) -> None: ...

class Policy(_message.Message):
    __slots__ = ("policy_version_id", "pooling_region_code", "effective_from", "grades", "paid_on_behalf_rules", "scheme_start_date", "pension_age", "full_contribution_years", "basic_pension_parts", "long_contribution_bonus_per_year_fen", "old_age_bonus_bands", "account_pension_divisor", "interest_rates", "certification_period_months", "certification_notice_days", "minimum_enrolment_age", "cash_settlement_days", "changed_by", "changed_at", "reason", "face_data_retention_days", "data_certification_sources", "supervision")
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_RULES_FIELD_NUMBER: _ClassVar[int]
    SCHEME_START_DATE_FIELD_NUMBER: _ClassVar[int]
    PENSION_AGE_FIELD_NUMBER: _ClassVar[int]
    FULL_CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    BASIC_PENSION_PARTS_FIELD_NUMBER: _ClassVar[int]
    LONG_CONTRIBUTION_BONUS_PER_YEAR_FEN_FIELD_NUMBER: _ClassVar[int]
    OLD_AGE_BONUS_BANDS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PENSION_DIVISOR_FIELD_NUMBER: _ClassVar[int]
    INTEREST_RATES_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_PERIOD_MONTHS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATION_NOTICE_DAYS_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_ENROLMENT_AGE_FIELD_NUMBER: _ClassVar[int]
    CASH_SETTLEMENT_DAYS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    FACE_DATA_RETENTION_DAYS_FIELD_NUMBER: _ClassVar[int]
    DATA_CERTIFICATION_SOURCES_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_FIELD_NUMBER: _ClassVar[int]
    policy_version_id: str
    pooling_region_code: str
    effective_from: _types_pb2.CalendarDate
    grades: _containers.RepeatedCompositeFieldContainer[ContributionGrade]
    paid_on_behalf_rules: _containers.RepeatedCompositeFieldContainer[PaidOnBehalfRule]
    scheme_start_date: _types_pb2.CalendarDate
    pension_age: int
    full_contribution_years: int
    basic_pension_parts: _containers.RepeatedCompositeFieldContainer[BasicPensionPart]
    long_contribution_bonus_per_year_fen: int
    old_age_bonus_bands: _containers.RepeatedCompositeFieldContainer[OldAgeBonusBand]
    account_pension_divisor: int
    interest_rates: _containers.RepeatedCompositeFieldContainer[InterestRate]
    certification_period_months: int
    certification_notice_days: int
    minimum_enrolment_age: int
    cash_settlement_days: int
    changed_by: str
    changed_at: _timestamp_pb2.Timestamp
    reason: str
    face_data_retention_days: int
    data_certification_sources: _containers.RepeatedScalarFieldContainer[str]
    supervision: SupervisionThresholds
    def __init__(self, policy_version_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., effective_from: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., grades: _Optional[_Iterable[_Union[ContributionGrade, _Mapping]]] = ..., paid_on_behalf_rules: _Optional[_Iterable[_Union[PaidOnBehalfRule, _Mapping]]] = ..., scheme_start_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., pension_age: _Optional[int] = ..., full_contribution_years: _Optional[int] = ..., basic_pension_parts: _Optional[_Iterable[_Union[BasicPensionPart, _Mapping]]] = ..., long_contribution_bonus_per_year_fen: _Optional[int] = ..., old_age_bonus_bands: _Optional[_Iterable[_Union[OldAgeBonusBand, _Mapping]]] = ..., account_pension_divisor: _Optional[int] = ..., interest_rates: _Optional[_Iterable[_Union[InterestRate, _Mapping]]] = ..., certification_period_months: _Optional[int] = ..., certification_notice_days: _Optional[int] = ..., minimum_enrolment_age: _Optional[int] = ..., cash_settlement_days: _Optional[int] = ..., changed_by: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., face_data_retention_days: _Optional[int] = ..., data_certification_sources: _Optional[_Iterable[str]] = ..., supervision: _Optional[_Union[SupervisionThresholds, _Mapping]] = ...) -> None: ...

class SupervisionThresholds(_message.Message):
    __slots__ = ("max_pensioners_per_bank_account", "centenarian_age", "same_agent_years", "far_from_village_metres", "burst_certifications", "burst_minutes", "escalation_threshold_fen")
    MAX_PENSIONERS_PER_BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    CENTENARIAN_AGE_FIELD_NUMBER: _ClassVar[int]
    SAME_AGENT_YEARS_FIELD_NUMBER: _ClassVar[int]
    FAR_FROM_VILLAGE_METRES_FIELD_NUMBER: _ClassVar[int]
    BURST_CERTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    BURST_MINUTES_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_THRESHOLD_FEN_FIELD_NUMBER: _ClassVar[int]
    max_pensioners_per_bank_account: int
    centenarian_age: int
    same_agent_years: int
    far_from_village_metres: int
    burst_certifications: int
    burst_minutes: int
    escalation_threshold_fen: int
    def __init__(self, max_pensioners_per_bank_account: _Optional[int] = ..., centenarian_age: _Optional[int] = ..., same_agent_years: _Optional[int] = ..., far_from_village_metres: _Optional[int] = ..., burst_certifications: _Optional[int] = ..., burst_minutes: _Optional[int] = ..., escalation_threshold_fen: _Optional[int] = ...) -> None: ...

class Village(_message.Message):
    __slots__ = ("village_code", "name", "township_code", "township_name", "pooling_region_code", "position")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_CODE_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_NAME_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    name: str
    township_code: str
    township_name: str
    pooling_region_code: str
    position: _types_pb2.GeoPoint
    def __init__(self, village_code: _Optional[str] = ..., name: _Optional[str] = ..., township_code: _Optional[str] = ..., township_name: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., position: _Optional[_Union[_types_pb2.GeoPoint, _Mapping]] = ...) -> None: ...
