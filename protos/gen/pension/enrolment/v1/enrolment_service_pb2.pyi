from pension.common.v1 import types_pb2 as _types_pb2
from pension.enrolment.v1 import enrolment_pb2 as _enrolment_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EnrolRequest(_message.Message):
    __slots__ = ("request_id", "citizen_id_number", "name", "village_code", "mobile", "bank_card_number", "bank_code", "bank_name", "special_groups", "photo_ref", "enrolled_on", "agent_id", "full_time_student")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    BANK_CARD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BANK_CODE_FIELD_NUMBER: _ClassVar[int]
    BANK_NAME_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PHOTO_REF_FIELD_NUMBER: _ClassVar[int]
    ENROLLED_ON_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    FULL_TIME_STUDENT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    citizen_id_number: str
    name: str
    village_code: str
    mobile: str
    bank_card_number: str
    bank_code: str
    bank_name: str
    special_groups: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.SpecialGroupMembership]
    photo_ref: str
    enrolled_on: _types_pb2.CalendarDate
    agent_id: str
    full_time_student: bool
    def __init__(self, request_id: _Optional[str] = ..., citizen_id_number: _Optional[str] = ..., name: _Optional[str] = ..., village_code: _Optional[str] = ..., mobile: _Optional[str] = ..., bank_card_number: _Optional[str] = ..., bank_code: _Optional[str] = ..., bank_name: _Optional[str] = ..., special_groups: _Optional[_Iterable[_Union[_enrolment_pb2.SpecialGroupMembership, _Mapping]]] = ..., photo_ref: _Optional[str] = ..., enrolled_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., agent_id: _Optional[str] = ..., full_time_student: _Optional[bool] = ...) -> None: ...

class EnrolResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class GetResidentRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class GetResidentResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class FindResidentByCitizenIdRequest(_message.Message):
    __slots__ = ("citizen_id_number",)
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    citizen_id_number: str
    def __init__(self, citizen_id_number: _Optional[str] = ...) -> None: ...

class FindResidentByCitizenIdResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class CheckCallerIdentityRequest(_message.Message):
    __slots__ = ("citizen_id_number", "name", "bank_card_last4")
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BANK_CARD_LAST4_FIELD_NUMBER: _ClassVar[int]
    citizen_id_number: str
    name: str
    bank_card_last4: str
    def __init__(self, citizen_id_number: _Optional[str] = ..., name: _Optional[str] = ..., bank_card_last4: _Optional[str] = ...) -> None: ...

class CheckCallerIdentityResponse(_message.Message):
    __slots__ = ("identity_matched", "resident_id", "bank_card_last4_matched")
    IDENTITY_MATCHED_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    BANK_CARD_LAST4_MATCHED_FIELD_NUMBER: _ClassVar[int]
    identity_matched: bool
    resident_id: str
    bank_card_last4_matched: bool
    def __init__(self, identity_matched: _Optional[bool] = ..., resident_id: _Optional[str] = ..., bank_card_last4_matched: _Optional[bool] = ...) -> None: ...

class FindResidentsByCitizenIdsRequest(_message.Message):
    __slots__ = ("citizen_id_numbers",)
    CITIZEN_ID_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    citizen_id_numbers: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, citizen_id_numbers: _Optional[_Iterable[str]] = ...) -> None: ...

class CitizenIdMatch(_message.Message):
    __slots__ = ("citizen_id_number", "resident")
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    citizen_id_number: str
    resident: _enrolment_pb2.Resident
    def __init__(self, citizen_id_number: _Optional[str] = ..., resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class FindResidentsByCitizenIdsResponse(_message.Message):
    __slots__ = ("matches",)
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[CitizenIdMatch]
    def __init__(self, matches: _Optional[_Iterable[_Union[CitizenIdMatch, _Mapping]]] = ...) -> None: ...

class ListVillageResidentsRequest(_message.Message):
    __slots__ = ("village_code", "status", "page_size", "page_token", "name_prefix", "citizen_id_suffix")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NAME_PREFIX_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_SUFFIX_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    status: _enrolment_pb2.EnrolmentStatus
    page_size: int
    page_token: str
    name_prefix: str
    citizen_id_suffix: str
    def __init__(self, village_code: _Optional[str] = ..., status: _Optional[_Union[_enrolment_pb2.EnrolmentStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., name_prefix: _Optional[str] = ..., citizen_id_suffix: _Optional[str] = ...) -> None: ...

class ListVillageResidentsResponse(_message.Message):
    __slots__ = ("residents", "next_page_token")
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    residents: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Resident]
    next_page_token: str
    def __init__(self, residents: _Optional[_Iterable[_Union[_enrolment_pb2.Resident, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListRegionResidentsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "status", "born_on_or_after", "born_on_or_before", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BORN_ON_OR_AFTER_FIELD_NUMBER: _ClassVar[int]
    BORN_ON_OR_BEFORE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    status: _enrolment_pb2.EnrolmentStatus
    born_on_or_after: _types_pb2.CalendarDate
    born_on_or_before: _types_pb2.CalendarDate
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., status: _Optional[_Union[_enrolment_pb2.EnrolmentStatus, str]] = ..., born_on_or_after: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., born_on_or_before: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRegionResidentsResponse(_message.Message):
    __slots__ = ("residents", "next_page_token")
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    residents: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Resident]
    next_page_token: str
    def __init__(self, residents: _Optional[_Iterable[_Union[_enrolment_pb2.Resident, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetResidentHistoryRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class GetResidentHistoryResponse(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.ResidentChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[_enrolment_pb2.ResidentChange, _Mapping]]] = ...) -> None: ...

class ChangeMobileRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "mobile", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    mobile: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., mobile: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ChangeMobileResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class ChangeBankAccountRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "bank_card_number", "bank_code", "bank_name", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    BANK_CARD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BANK_CODE_FIELD_NUMBER: _ClassVar[int]
    BANK_NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    bank_card_number: str
    bank_code: str
    bank_name: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., bank_card_number: _Optional[str] = ..., bank_code: _Optional[str] = ..., bank_name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ChangeBankAccountResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class ChangeVillageRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "village_code", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    village_code: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., village_code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ChangeVillageResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class SetSpecialGroupsRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "special_groups", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    SPECIAL_GROUPS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    special_groups: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.SpecialGroupMembership]
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., special_groups: _Optional[_Iterable[_Union[_enrolment_pb2.SpecialGroupMembership, _Mapping]]] = ..., reason: _Optional[str] = ...) -> None: ...

class SetSpecialGroupsResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class TerminateEnrolmentRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "cause", "terminated_on", "date_of_death", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    TERMINATED_ON_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    cause: _enrolment_pb2.TerminationCause
    terminated_on: _types_pb2.CalendarDate
    date_of_death: _types_pb2.CalendarDate
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., cause: _Optional[_Union[_enrolment_pb2.TerminationCause, str]] = ..., terminated_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class TerminateEnrolmentResponse(_message.Message):
    __slots__ = ("resident",)
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ...) -> None: ...

class TransferInRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "from_pooling_region_code", "transfer_reference", "balance_fen", "contribution_years", "transferred_on", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    from_pooling_region_code: str
    transfer_reference: str
    balance_fen: int
    contribution_years: _containers.RepeatedScalarFieldContainer[int]
    transferred_on: _types_pb2.CalendarDate
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., from_pooling_region_code: _Optional[str] = ..., transfer_reference: _Optional[str] = ..., balance_fen: _Optional[int] = ..., contribution_years: _Optional[_Iterable[int]] = ..., transferred_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class TransferInResponse(_message.Message):
    __slots__ = ("entry", "balance_fen", "contributed_years")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    entry: _enrolment_pb2.AccountEntry
    balance_fen: int
    contributed_years: int
    def __init__(self, entry: _Optional[_Union[_enrolment_pb2.AccountEntry, _Mapping]] = ..., balance_fen: _Optional[int] = ..., contributed_years: _Optional[int] = ...) -> None: ...

class TransferOutRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "to_pooling_region_code", "transfer_reference", "transferred_on", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    TRANSFERRED_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    to_pooling_region_code: str
    transfer_reference: str
    transferred_on: _types_pb2.CalendarDate
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., to_pooling_region_code: _Optional[str] = ..., transfer_reference: _Optional[str] = ..., transferred_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class TransferOutResponse(_message.Message):
    __slots__ = ("resident", "balance_fen", "contribution_years")
    RESIDENT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    resident: _enrolment_pb2.Resident
    balance_fen: int
    contribution_years: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, resident: _Optional[_Union[_enrolment_pb2.Resident, _Mapping]] = ..., balance_fen: _Optional[int] = ..., contribution_years: _Optional[_Iterable[int]] = ...) -> None: ...

class RecordContributionRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "year", "kind", "channel", "grade_fen", "collective_fen", "receipt_number", "agent_id", "paid_on", "payment_ref", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_REF_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    year: int
    kind: _types_pb2.ContributionKind
    channel: _types_pb2.ContributionChannel
    grade_fen: int
    collective_fen: int
    receipt_number: str
    agent_id: str
    paid_on: _types_pb2.CalendarDate
    payment_ref: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., grade_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., receipt_number: _Optional[str] = ..., agent_id: _Optional[str] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., payment_ref: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordContributionResponse(_message.Message):
    __slots__ = ("contribution", "entries", "balance_fen")
    CONTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    contribution: _enrolment_pb2.Contribution
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    balance_fen: int
    def __init__(self, contribution: _Optional[_Union[_enrolment_pb2.Contribution, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ..., balance_fen: _Optional[int] = ...) -> None: ...

class ReverseContributionRequest(_message.Message):
    __slots__ = ("request_id", "contribution_id", "reason", "resident_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    contribution_id: str
    reason: str
    resident_id: str
    def __init__(self, request_id: _Optional[str] = ..., contribution_id: _Optional[str] = ..., reason: _Optional[str] = ..., resident_id: _Optional[str] = ...) -> None: ...

class ReverseContributionResponse(_message.Message):
    __slots__ = ("contribution", "entries", "balance_fen")
    CONTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    contribution: _enrolment_pb2.Contribution
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    balance_fen: int
    def __init__(self, contribution: _Optional[_Union[_enrolment_pb2.Contribution, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ..., balance_fen: _Optional[int] = ...) -> None: ...

class ListContributionsRequest(_message.Message):
    __slots__ = ("resident_id",)
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    def __init__(self, resident_id: _Optional[str] = ...) -> None: ...

class ListContributionsResponse(_message.Message):
    __slots__ = ("contributions",)
    CONTRIBUTIONS_FIELD_NUMBER: _ClassVar[int]
    contributions: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Contribution]
    def __init__(self, contributions: _Optional[_Iterable[_Union[_enrolment_pb2.Contribution, _Mapping]]] = ...) -> None: ...

class RunPaidOnBehalfBatchRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "year", "paid_on", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    year: int
    paid_on: _types_pb2.CalendarDate
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class RunPaidOnBehalfBatchResponse(_message.Message):
    __slots__ = ("batch_id", "residents_credited", "residents_already_credited", "paid_on_behalf_fen", "subsidy_fen")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_CREDITED_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_ALREADY_CREDITED_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    residents_credited: int
    residents_already_credited: int
    paid_on_behalf_fen: int
    subsidy_fen: int
    def __init__(self, batch_id: _Optional[str] = ..., residents_credited: _Optional[int] = ..., residents_already_credited: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ...) -> None: ...

class RunYearEndInterestRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "year", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    year: int
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class RunYearEndInterestResponse(_message.Message):
    __slots__ = ("rate_ppm", "accounts_credited", "accounts_already_credited", "interest_fen")
    RATE_PPM_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_CREDITED_FIELD_NUMBER: _ClassVar[int]
    ACCOUNTS_ALREADY_CREDITED_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    rate_ppm: int
    accounts_credited: int
    accounts_already_credited: int
    interest_fen: int
    def __init__(self, rate_ppm: _Optional[int] = ..., accounts_credited: _Optional[int] = ..., accounts_already_credited: _Optional[int] = ..., interest_fen: _Optional[int] = ...) -> None: ...

class GetAccountRequest(_message.Message):
    __slots__ = ("resident_id", "as_of")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, resident_id: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class GetAccountResponse(_message.Message):
    __slots__ = ("resident_id", "balance_fen", "entries", "contributed_years", "contribution_years")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_YEARS_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    balance_fen: int
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    contributed_years: int
    contribution_years: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, resident_id: _Optional[str] = ..., balance_fen: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ..., contributed_years: _Optional[int] = ..., contribution_years: _Optional[_Iterable[int]] = ...) -> None: ...

class GetAnnualStatementRequest(_message.Message):
    __slots__ = ("resident_id", "year")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    year: int
    def __init__(self, resident_id: _Optional[str] = ..., year: _Optional[int] = ...) -> None: ...

class AnnualStatement(_message.Message):
    __slots__ = ("resident_id", "name_masked", "citizen_id_masked", "year", "opening_balance_fen", "personal_fen", "subsidy_fen", "collective_fen", "paid_on_behalf_fen", "interest_fen", "transfer_in_fen", "transfer_out_fen", "drawdown_fen", "inheritance_payout_fen", "closing_balance_fen", "contributed_years", "entries")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    OPENING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTIVE_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_BEHALF_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_IN_FEN_FIELD_NUMBER: _ClassVar[int]
    TRANSFER_OUT_FEN_FIELD_NUMBER: _ClassVar[int]
    DRAWDOWN_FEN_FIELD_NUMBER: _ClassVar[int]
    INHERITANCE_PAYOUT_FEN_FIELD_NUMBER: _ClassVar[int]
    CLOSING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    name_masked: str
    citizen_id_masked: str
    year: int
    opening_balance_fen: int
    personal_fen: int
    subsidy_fen: int
    collective_fen: int
    paid_on_behalf_fen: int
    interest_fen: int
    transfer_in_fen: int
    transfer_out_fen: int
    drawdown_fen: int
    inheritance_payout_fen: int
    closing_balance_fen: int
    contributed_years: int
    entries: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.AccountEntry]
    def __init__(self, resident_id: _Optional[str] = ..., name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., year: _Optional[int] = ..., opening_balance_fen: _Optional[int] = ..., personal_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., collective_fen: _Optional[int] = ..., paid_on_behalf_fen: _Optional[int] = ..., interest_fen: _Optional[int] = ..., transfer_in_fen: _Optional[int] = ..., transfer_out_fen: _Optional[int] = ..., drawdown_fen: _Optional[int] = ..., inheritance_payout_fen: _Optional[int] = ..., closing_balance_fen: _Optional[int] = ..., contributed_years: _Optional[int] = ..., entries: _Optional[_Iterable[_Union[_enrolment_pb2.AccountEntry, _Mapping]]] = ...) -> None: ...

class GetAnnualStatementResponse(_message.Message):
    __slots__ = ("statement",)
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    statement: AnnualStatement
    def __init__(self, statement: _Optional[_Union[AnnualStatement, _Mapping]] = ...) -> None: ...

class RecordCashDepositRequest(_message.Message):
    __slots__ = ("request_id", "agent_id", "amount_fen", "deposited_on", "deposit_slip_ref", "receipt_numbers", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    DEPOSITED_ON_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_SLIP_REF_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    agent_id: str
    amount_fen: int
    deposited_on: _types_pb2.CalendarDate
    deposit_slip_ref: str
    receipt_numbers: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., agent_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., deposited_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., deposit_slip_ref: _Optional[str] = ..., receipt_numbers: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordCashDepositResponse(_message.Message):
    __slots__ = ("deposit_id", "outstanding_fen")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    outstanding_fen: int
    def __init__(self, deposit_id: _Optional[str] = ..., outstanding_fen: _Optional[int] = ...) -> None: ...

class GetAgentCashOutstandingRequest(_message.Message):
    __slots__ = ("agent_id", "as_of")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, agent_id: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class AgentCashDay(_message.Message):
    __slots__ = ("collected_on", "collected_fen", "deposited_fen", "outstanding_fen")
    COLLECTED_ON_FIELD_NUMBER: _ClassVar[int]
    COLLECTED_FEN_FIELD_NUMBER: _ClassVar[int]
    DEPOSITED_FEN_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    collected_on: _types_pb2.CalendarDate
    collected_fen: int
    deposited_fen: int
    outstanding_fen: int
    def __init__(self, collected_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., collected_fen: _Optional[int] = ..., deposited_fen: _Optional[int] = ..., outstanding_fen: _Optional[int] = ...) -> None: ...

class OutstandingReceipt(_message.Message):
    __slots__ = ("receipt_number", "contribution_id", "amount_fen", "collected_on")
    RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTION_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    COLLECTED_ON_FIELD_NUMBER: _ClassVar[int]
    receipt_number: str
    contribution_id: str
    amount_fen: int
    collected_on: _types_pb2.CalendarDate
    def __init__(self, receipt_number: _Optional[str] = ..., contribution_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., collected_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class GetAgentCashOutstandingResponse(_message.Message):
    __slots__ = ("agent_id", "outstanding_fen", "days", "receipts")
    AGENT_ID_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    agent_id: str
    outstanding_fen: int
    days: _containers.RepeatedCompositeFieldContainer[AgentCashDay]
    receipts: _containers.RepeatedCompositeFieldContainer[OutstandingReceipt]
    def __init__(self, agent_id: _Optional[str] = ..., outstanding_fen: _Optional[int] = ..., days: _Optional[_Iterable[_Union[AgentCashDay, _Mapping]]] = ..., receipts: _Optional[_Iterable[_Union[OutstandingReceipt, _Mapping]]] = ...) -> None: ...

class CheckAgentCashSettlementRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "as_of")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class CheckAgentCashSettlementResponse(_message.Message):
    __slots__ = ("agents_overdue", "overdue_fen")
    AGENTS_OVERDUE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FEN_FIELD_NUMBER: _ClassVar[int]
    agents_overdue: int
    overdue_fen: int
    def __init__(self, agents_overdue: _Optional[int] = ..., overdue_fen: _Optional[int] = ...) -> None: ...

class GetPolicyRequest(_message.Message):
    __slots__ = ("pooling_region_code", "as_of")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    as_of: _types_pb2.CalendarDate
    def __init__(self, pooling_region_code: _Optional[str] = ..., as_of: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class GetPolicyResponse(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: _enrolment_pb2.Policy
    def __init__(self, policy: _Optional[_Union[_enrolment_pb2.Policy, _Mapping]] = ...) -> None: ...

class ListPolicyVersionsRequest(_message.Message):
    __slots__ = ("pooling_region_code",)
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    def __init__(self, pooling_region_code: _Optional[str] = ...) -> None: ...

class ListPolicyVersionsResponse(_message.Message):
    __slots__ = ("policies",)
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    policies: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Policy]
    def __init__(self, policies: _Optional[_Iterable[_Union[_enrolment_pb2.Policy, _Mapping]]] = ...) -> None: ...

class ChangePolicyRequest(_message.Message):
    __slots__ = ("request_id", "policy", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    policy: _enrolment_pb2.Policy
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., policy: _Optional[_Union[_enrolment_pb2.Policy, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ChangePolicyResponse(_message.Message):
    __slots__ = ("policy",)
    POLICY_FIELD_NUMBER: _ClassVar[int]
    policy: _enrolment_pb2.Policy
    def __init__(self, policy: _Optional[_Union[_enrolment_pb2.Policy, _Mapping]] = ...) -> None: ...

class EmployeePensionRecord(_message.Message):
    __slots__ = ("record_ref", "citizen_id_number", "name", "receiving_from")
    RECORD_REF_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECEIVING_FROM_FIELD_NUMBER: _ClassVar[int]
    record_ref: str
    citizen_id_number: str
    name: str
    receiving_from: _types_pb2.YearMonth
    def __init__(self, record_ref: _Optional[str] = ..., citizen_id_number: _Optional[str] = ..., name: _Optional[str] = ..., receiving_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class LoadEmployeePensionRegistryRequest(_message.Message):
    __slots__ = ("request_id", "source", "records", "pooling_region_code")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    source: str
    records: _containers.RepeatedCompositeFieldContainer[EmployeePensionRecord]
    pooling_region_code: str
    def __init__(self, request_id: _Optional[str] = ..., source: _Optional[str] = ..., records: _Optional[_Iterable[_Union[EmployeePensionRecord, _Mapping]]] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class LoadEmployeePensionRegistryResponse(_message.Message):
    __slots__ = ("loaded", "violations")
    LOADED_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    loaded: int
    violations: _containers.RepeatedCompositeFieldContainer[_types_pb2.Violation]
    def __init__(self, loaded: _Optional[int] = ..., violations: _Optional[_Iterable[_Union[_types_pb2.Violation, _Mapping]]] = ...) -> None: ...

class LoadVillagesRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "villages", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    villages: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Village]
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., villages: _Optional[_Iterable[_Union[_enrolment_pb2.Village, _Mapping]]] = ..., reason: _Optional[str] = ...) -> None: ...

class LoadVillagesResponse(_message.Message):
    __slots__ = ("loaded", "unchanged", "violations")
    LOADED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    VIOLATIONS_FIELD_NUMBER: _ClassVar[int]
    loaded: int
    unchanged: int
    violations: _containers.RepeatedCompositeFieldContainer[_types_pb2.Violation]
    def __init__(self, loaded: _Optional[int] = ..., unchanged: _Optional[int] = ..., violations: _Optional[_Iterable[_Union[_types_pb2.Violation, _Mapping]]] = ...) -> None: ...

class ListVillagesRequest(_message.Message):
    __slots__ = ("pooling_region_code", "township_code")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_CODE_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    township_code: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., township_code: _Optional[str] = ...) -> None: ...

class ListVillagesResponse(_message.Message):
    __slots__ = ("villages",)
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    villages: _containers.RepeatedCompositeFieldContainer[_enrolment_pb2.Village]
    def __init__(self, villages: _Optional[_Iterable[_Union[_enrolment_pb2.Village, _Mapping]]] = ...) -> None: ...

class GetVillageRequest(_message.Message):
    __slots__ = ("village_code",)
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    def __init__(self, village_code: _Optional[str] = ...) -> None: ...

class GetVillageResponse(_message.Message):
    __slots__ = ("village",)
    VILLAGE_FIELD_NUMBER: _ClassVar[int]
    village: _enrolment_pb2.Village
    def __init__(self, village: _Optional[_Union[_enrolment_pb2.Village, _Mapping]] = ...) -> None: ...
