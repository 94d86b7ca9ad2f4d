from pension.common.v1 import types_pb2 as _types_pb2
from pension.enrolment.v1 import enrolment_pb2 as _enrolment_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResidentEnrolled(_message.Message):
    __slots__ = ("resident_id", "pooling_region_code", "village_code", "citizen_id_masked", "name_masked", "sex", "birth_date", "enrolled_on", "agent_id", "special_groups", "bank_account", "sealed_name", "mobile_masked", "sealed_mobile", "photo_ref", "citizen_id_hash")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    ENROLLED_ON_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    SEALED_NAME_FIELD_NUMBER: _ClassVar[int]
    MOBILE_MASKED_FIELD_NUMBER: _ClassVar[int]
    SEALED_MOBILE_FIELD_NUMBER: _ClassVar[int]
    PHOTO_REF_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_HASH_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    pooling_region_code: str
    village_code: str
    citizen_id_masked: str
    name_masked: str
    sex: _types_pb2.Sex
    birth_date: _types_pb2.CalendarDate
    enrolled_on: _types_pb2.CalendarDate
    agent_id: str
    special_groups: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.SpecialGroupMembership]
    bank_account: _types_pb2.BankAccountRef
    sealed_name: _types_pb2.SealedValue
    mobile_masked: str
    sealed_mobile: _types_pb2.SealedValue
    photo_ref: str
    citizen_id_hash: str
    def __init__(self, resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., name_masked: _Optional[str] = ..., sex: _Optional[_Union[_types_pb2.Sex, str]] = ..., birth_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., enrolled_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., agent_id: _Optional[str] = ..., special_groups: _Optional[_Iterable[_Union[_enrolment_pb2.SpecialGroupMembership, _Mapping]]] = ..., bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ..., sealed_name: _Optional[_Union[_types_pb2.SealedValue, _Mapping]] = ..., mobile_masked: _Optional[str] = ..., sealed_mobile: _Optional[_Union[_types_pb2.SealedValue, _Mapping]] = ..., photo_ref: _Optional[str] = ..., citizen_id_hash: _Optional[str] = ...) -> None: ...

class MobileChanged(_message.Message):
    __slots__ = ("resident_id", "old_mobile_masked", "mobile_masked", "sealed_mobile")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_MOBILE_MASKED_FIELD_NUMBER: _ClassVar[int]
    MOBILE_MASKED_FIELD_NUMBER: _ClassVar[int]
    SEALED_MOBILE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    old_mobile_masked: str
    mobile_masked: str
    sealed_mobile: _types_pb2.SealedValue
    def __init__(self, resident_id: _Optional[str] = ..., old_mobile_masked: _Optional[str] = ..., mobile_masked: _Optional[str] = ..., sealed_mobile: _Optional[_Union[_types_pb2.SealedValue, _Mapping]] = ...) -> None: ...

class BankAccountChanged(_message.Message):
    __slots__ = ("resident_id", "old_account_masked", "bank_account")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_ACCOUNT_MASKED_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    old_account_masked: str
    bank_account: _types_pb2.BankAccountRef
    def __init__(self, resident_id: _Optional[str] = ..., old_account_masked: _Optional[str] = ..., bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ...) -> None: ...

class VillageChanged(_message.Message):
    __slots__ = ("resident_id", "old_village_code", "village_code", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OLD_VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    old_village_code: str
    village_code: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., old_village_code: _Optional[str] = ..., village_code: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class SpecialGroupsChanged(_message.Message):
    __slots__ = ("resident_id", "special_groups")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    special_groups: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.SpecialGroupMembership]
    def __init__(self, resident_id: _Optional[str] = ..., special_groups: _Optional[_Iterable[_Union[_enrolment_pb2.SpecialGroupMembership, _Mapping]]] = ...) -> None: ...

class EnrolmentTerminated(_message.Message):
    __slots__ = ("resident_id", "cause", "terminated_on", "date_of_death", "to_pooling_region_code", "transfer_reference", "transferred_balance_fen", "transferred_contribution_years", "transfer_out_entry", "balance_after_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_ON_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    TO_POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_OUT_ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    cause: _enrolment_pb2.TerminationCause
    terminated_on: _types_pb2.CalendarDate
    date_of_death: _types_pb2.CalendarDate
    to_pooling_region_code: str
    transfer_reference: str
    transferred_balance_fen: int
    transferred_contribution_years: _containers.RepeatedScalarFieldContainer[int]
    transfer_out_entry: _enrolment_pb2.AccountEntry
    balance_after_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., cause: _Optional[_Union[_enrolment_pb2.TerminationCause, str]] = ..., terminated_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., to_pooling_region_code: _Optional[str] = ..., transfer_reference: _Optional[str] = ..., transferred_balance_fen: _Optional[int] = ..., transferred_contribution_years: _Optional[_Iterable[int]] = ..., transfer_out_entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_after_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class ResidentTransferredIn(_message.Message):
    __slots__ = ("resident_id", "from_pooling_region_code", "transfer_reference", "balance_fen", "contribution_years", "entry", "balance_after_fen", "contributed_years")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    from_pooling_region_code: str
    transfer_reference: str
    balance_fen: int
    contribution_years: _containers.RepeatedScalarFieldContainer[int]
    entry: _enrolment_pb2.AccountEntry
    balance_after_fen: int
    contributed_years: int
    def __init__(self, resident_id: _Optional[str] = ..., from_pooling_region_code: _Optional[str] = ..., transfer_reference: _Optional[str] = ..., balance_fen: _Optional[int] = ..., contribution_years: _Optional[_Iterable[int]] = ..., entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_after_fen: _Optional[int] = ..., contributed_years: _Optional[int] = ...) -> None: ...

class ContributionRecorded(_message.Message):
    __slots__ = ("resident_id", "contribution_id", "year", "kind", "channel", "grade_fen", "personal_fen", "subsidy_fen", "paid_on_behalf_fen", "collective_fen", "receipt_number", "agent_id", "paid_on", "policy_version_id", "entries", "balance_after_fen", "contributed_years", "village_code", "pooling_region_code", "batch_id")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
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
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    contribution_id: str
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
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    balance_after_fen: int
    contributed_years: int
    village_code: str
    pooling_region_code: str
    batch_id: str
    def __init__(self, resident_id: _Optional[str] = ..., contribution_id: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., grade_fen: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., receipt_number: _Optional[str] = ..., agent_id: _Optional[str] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., policy_version_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ..., balance_after_fen: _Optional[int] = ..., contributed_years: _Optional[int] = ..., village_code: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., batch_id: _Optional[str] = ...) -> None: ...

class ContributionReversed(_message.Message):
    __slots__ = ("resident_id", "contribution_id", "year", "kind", "channel", "receipt_number", "agent_id", "entries", "balance_after_fen", "contributed_years", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    contribution_id: str
    year: int
    kind: _types_pb2.ContributionKind
    channel: _types_pb2.ContributionChannel
    receipt_number: str
    agent_id: str
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    balance_after_fen: int
    contributed_years: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., contribution_id: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., receipt_number: _Optional[str] = ..., agent_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ..., balance_after_fen: _Optional[int] = ..., contributed_years: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class InterestCredited(_message.Message):
    __slots__ = ("resident_id", "year", "rate_ppm", "base_balance_fen", "interest_fen", "entry", "balance_after_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RATE_PPM_FIELD_NUMBER: _ClassVar[int]
    BASE_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    year: int
    rate_ppm: int
    base_balance_fen: int
    interest_fen: int
    entry: _enrolment_pb2.AccountEntry
    balance_after_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., year: _Optional[int] = ..., rate_ppm: _Optional[int] = ..., base_balance_fen: _Optional[int] = ..., interest_fen: _Optional[int] = ..., entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_after_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class AccountDrawdownRecorded(_message.Message):
    __slots__ = ("resident_id", "payment_id", "month", "amount_fen", "entry", "balance_after_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    payment_id: str
    month: _types_pb2.YearMonth
    amount_fen: int
    entry: _enrolment_pb2.AccountEntry
    balance_after_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., payment_id: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., amount_fen: _Optional[int] = ..., entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_after_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class InheritanceDebitRecorded(_message.Message):
    __slots__ = ("resident_id", "inheritance_id", "amount_fen", "entry", "balance_after_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    INHERITANCE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    inheritance_id: str
    amount_fen: int
    entry: _enrolment_pb2.AccountEntry
    balance_after_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., inheritance_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_after_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class DuplicateEnrolmentRefused(_message.Message):
    __slots__ = ("existing_resident_id", "citizen_id_masked", "attempted_village_code", "attempted_by_agent_id", "existing_village_code", "pooling_region_code")
    EXISTING_RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_BY_AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    EXISTING_VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    existing_resident_id: str
    citizen_id_masked: str
    attempted_village_code: str
    attempted_by_agent_id: str
    existing_village_code: str
    pooling_region_code: str
    def __init__(self, existing_resident_id: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., attempted_village_code: _Optional[str] = ..., attempted_by_agent_id: _Optional[str] = ..., existing_village_code: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class EmployeePensionEnrolmentRefused(_message.Message):
    __slots__ = ("pooling_region_code", "citizen_id_masked", "name_masked", "attempted_village_code", "attempted_by_agent_id", "registry_source")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_BY_AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTRY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    citizen_id_masked: str
    name_masked: str
    attempted_village_code: str
    attempted_by_agent_id: str
    registry_source: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., name_masked: _Optional[str] = ..., attempted_village_code: _Optional[str] = ..., attempted_by_agent_id: _Optional[str] = ..., registry_source: _Optional[str] = ...) -> None: ...

class PolicyChanged(_message.Message):
    __slots__ = ("policy", "previous_policy_version_id")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    policy: _enrolment_pb2.Policy
    previous_policy_version_id: str
    def __init__(self, policy: _Optional[_Union[_enrolment_pb2.Policy, _Mapping]] = ..., previous_policy_version_id: _Optional[str] = ...) -> None: ...

class PaidOnBehalfBatchCompleted(_message.Message):
    __slots__ = ("pooling_region_code", "batch_id", "year", "residents_credited", "residents_already_credited", "paid_on_behalf_fen", "subsidy_fen")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_CREDITED_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_ALREADY_CREDITED_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    batch_id: str
    year: int
    residents_credited: int
    residents_already_credited: int
    paid_on_behalf_fen: int
    subsidy_fen: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., batch_id: _Optional[str] = ..., year: _Optional[int] = ..., residents_credited: _Optional[int] = ..., residents_already_credited: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ...) -> None: ...

class YearEndInterestRunCompleted(_message.Message):
    __slots__ = ("pooling_region_code", "year", "rate_ppm", "accounts_credited", "accounts_already_credited", "interest_fen")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RATE_PPM_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_CREDITED_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_ALREADY_CREDITED_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    year: int
    rate_ppm: int
    accounts_credited: int
    accounts_already_credited: int
    interest_fen: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., rate_ppm: _Optional[int] = ..., accounts_credited: _Optional[int] = ..., accounts_already_credited: _Optional[int] = ..., interest_fen: _Optional[int] = ...) -> None: ...

class AgentCashDeposited(_message.Message):
    __slots__ = ("pooling_region_code", "agent_id", "deposit_id", "amount_fen", "deposited_on", "deposit_slip_ref", "receipt_numbers", "outstanding_after_fen")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DEPOSITED_ON_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_SLIP_REF_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    agent_id: str
    deposit_id: str
    amount_fen: int
    deposited_on: _types_pb2.CalendarDate
    deposit_slip_ref: str
    receipt_numbers: _containers.RepeatedScalarFieldContainer[str]
    outstanding_after_fen: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., agent_id: _Optional[str] = ..., deposit_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., deposited_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., deposit_slip_ref: _Optional[str] = ..., receipt_numbers: _Optional[_Iterable[str]] = ..., outstanding_after_fen: _Optional[int] = ...) -> None: ...

class AgentCashOverdue(_message.Message):
    __slots__ = ("pooling_region_code", "agent_id", "as_of", "overdue_fen", "oldest_collected_on", "days_outstanding", "settlement_days", "receipt_numbers")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FEN_FIELD_NUMBER: _ClassVar[int]
    OLDEST_COLLECTED_ON_FIELD_NUMBER: _ClassVar[int]
    DAYS_OUTSTANDING_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_DAYS_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    agent_id: str
    as_of: _types_pb2.CalendarDate
    overdue_fen: int
    oldest_collected_on: _types_pb2.CalendarDate
    days_outstanding: int
    settlement_days: int
    receipt_numbers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, pooling_region_code: _Optional[str] = ..., agent_id: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., overdue_fen: _Optional[int] = ..., oldest_collected_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., days_outstanding: _Optional[int] = ..., settlement_days: _Optional[int] = ..., receipt_numbers: _Optional[_Iterable[str]] = ...) -> None: ...

class EmployeePensionRegistryLoaded(_message.Message):
    __slots__ = ("pooling_region_code", "source", "loaded", "refused")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    LOADED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    source: str
    loaded: int
    refused: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., source: _Optional[str] = ..., loaded: _Optional[int] = ..., refused: _Optional[int] = ...) -> None: ...

class VillageRegistered(_message.Message):
    __slots__ = ("village", "updated")
    VILLAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATED_FIELD_NUMBER: _ClassVar[int]
    village: _enrolment_pb2.Village
    updated: bool
    def __init__(self, village: _Optional[_Union[_enrolment_pb2.Village, _Mapping]] = ..., updated: _Optional[bool] = ...) -> None: ...
