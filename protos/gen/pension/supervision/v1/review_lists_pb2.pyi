import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from pension.common.v1 import types_pb2 as _types_pb2
from pension.verification.v1 import verification_pb2 as _verification_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CertificationOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CERTIFICATION_OUTCOME_UNSPECIFIED: _ClassVar[CertificationOutcome]
    CERTIFICATION_OUTCOME_PASSED: _ClassVar[CertificationOutcome]
    CERTIFICATION_OUTCOME_FAILED: _ClassVar[CertificationOutcome]
    CERTIFICATION_OUTCOME_OVERDUE: _ClassVar[CertificationOutcome]

class AnnualCheckStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANNUAL_CHECK_STATUS_UNSPECIFIED: _ClassVar[AnnualCheckStatus]
    ANNUAL_CHECK_STATUS_CERTIFIED: _ClassVar[AnnualCheckStatus]
    ANNUAL_CHECK_STATUS_OVERDUE: _ClassVar[AnnualCheckStatus]
    ANNUAL_CHECK_STATUS_NONE: _ClassVar[AnnualCheckStatus]
CERTIFICATION_OUTCOME_UNSPECIFIED: CertificationOutcome
CERTIFICATION_OUTCOME_PASSED: CertificationOutcome
CERTIFICATION_OUTCOME_FAILED: CertificationOutcome
CERTIFICATION_OUTCOME_OVERDUE: CertificationOutcome
ANNUAL_CHECK_STATUS_UNSPECIFIED: AnnualCheckStatus
ANNUAL_CHECK_STATUS_CERTIFIED: AnnualCheckStatus
ANNUAL_CHECK_STATUS_OVERDUE: AnnualCheckStatus
ANNUAL_CHECK_STATUS_NONE: AnnualCheckStatus

class ReviewContributor(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "year", "kind", "grade_fen", "channel", "paid_on", "amount_fen", "subsidy_fen")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    GRADE_FEN_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    year: int
    kind: _types_pb2.ContributionKind
    grade_fen: int
    channel: _types_pb2.ContributionChannel
    paid_on: _types_pb2.CalendarDate
    amount_fen: int
    subsidy_fen: int
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., year: _Optional[int] = ..., kind: _Optional[_Union[_types_pb2.ContributionKind, str]] = ..., grade_fen: _Optional[int] = ..., channel: _Optional[_Union[_types_pb2.ContributionChannel, str]] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., amount_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ...) -> None: ...

class ReviewPensioner(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "basic_pension_fen", "long_contribution_bonus_fen", "old_age_bonus_fen", "account_pension_fen", "amount_fen", "back_pay_fen")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    BASIC_PENSION_FEN_FIELD_NUMBER: _ClassVar[int]
    LONG_CONTRIBUTION_BONUS_FEN_FIELD_NUMBER: _ClassVar[int]
    OLD_AGE_BONUS_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PENSION_FEN_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BACK_PAY_FEN_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    basic_pension_fen: int
    long_contribution_bonus_fen: int
    old_age_bonus_fen: int
    account_pension_fen: int
    amount_fen: int
    back_pay_fen: int
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., basic_pension_fen: _Optional[int] = ..., long_contribution_bonus_fen: _Optional[int] = ..., old_age_bonus_fen: _Optional[int] = ..., account_pension_fen: _Optional[int] = ..., amount_fen: _Optional[int] = ..., back_pay_fen: _Optional[int] = ...) -> None: ...

class NewPensioner(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "first_month", "monthly_total_fen")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    FIRST_MONTH_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    first_month: _types_pb2.YearMonth
    monthly_total_fen: int
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., first_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., monthly_total_fen: _Optional[int] = ...) -> None: ...

class ReviewTotals(_message.Message):
    __slots__ = ("contributor_count", "contributed_fen", "subsidy_fen", "pensioner_count", "paid_fen", "new_pensioner_count", "new_monthly_fen")
    CONTRIBUTOR_COUNT_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_FEN_FIELD_NUMBER: _ClassVar[int]
    SUBSIDY_FEN_FIELD_NUMBER: _ClassVar[int]
    PENSIONER_COUNT_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    NEW_PENSIONER_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEW_MONTHLY_FEN_FIELD_NUMBER: _ClassVar[int]
    contributor_count: int
    contributed_fen: int
    subsidy_fen: int
    pensioner_count: int
    paid_fen: int
    new_pensioner_count: int
    new_monthly_fen: int
    def __init__(self, contributor_count: _Optional[int] = ..., contributed_fen: _Optional[int] = ..., subsidy_fen: _Optional[int] = ..., pensioner_count: _Optional[int] = ..., paid_fen: _Optional[int] = ..., new_pensioner_count: _Optional[int] = ..., new_monthly_fen: _Optional[int] = ...) -> None: ...

class ReviewVillage(_message.Message):
    __slots__ = ("village_code", "village_name", "township_name", "contributors", "pensioners", "new_pensioners", "totals")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_FIELD_NUMBER: _ClassVar[int]
    NEW_PENSIONERS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    village_name: str
    township_name: str
    contributors: _containers.RepeatedCompositeFieldContainer[ReviewContributor]
    pensioners: _containers.RepeatedCompositeFieldContainer[ReviewPensioner]
    new_pensioners: _containers.RepeatedCompositeFieldContainer[NewPensioner]
    totals: ReviewTotals
    def __init__(self, village_code: _Optional[str] = ..., village_name: _Optional[str] = ..., township_name: _Optional[str] = ..., contributors: _Optional[_Iterable[_Union[ReviewContributor, _Mapping]]] = ..., pensioners: _Optional[_Iterable[_Union[ReviewPensioner, _Mapping]]] = ..., new_pensioners: _Optional[_Iterable[_Union[NewPensioner, _Mapping]]] = ..., totals: _Optional[_Union[ReviewTotals, _Mapping]] = ...) -> None: ...

class MonthlyReviewList(_message.Message):
    __slots__ = ("list_id", "pooling_region_code", "month", "version", "published_at", "published_by", "villages", "totals", "village_count")
    LIST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    list_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    version: int
    published_at: _timestamp_pb2.Timestamp
    published_by: str
    villages: _containers.RepeatedCompositeFieldContainer[ReviewVillage]
    totals: ReviewTotals
    village_count: int
    def __init__(self, list_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., version: _Optional[int] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ..., villages: _Optional[_Iterable[_Union[ReviewVillage, _Mapping]]] = ..., totals: _Optional[_Union[ReviewTotals, _Mapping]] = ..., village_count: _Optional[int] = ...) -> None: ...

class CheckedCertification(_message.Message):
    __slots__ = ("outcome", "method", "on", "failure_code")
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    outcome: CertificationOutcome
    method: _verification_pb2.CertificationMethod
    on: _types_pb2.CalendarDate
    failure_code: str
    def __init__(self, outcome: _Optional[_Union[CertificationOutcome, str]] = ..., method: _Optional[_Union[_verification_pb2.CertificationMethod, str]] = ..., on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., failure_code: _Optional[str] = ...) -> None: ...

class CheckedPensioner(_message.Message):
    __slots__ = ("name_masked", "citizen_id_masked", "status", "certifications", "next_due_on")
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CERTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_DUE_ON_FIELD_NUMBER: _ClassVar[int]
    name_masked: str
    citizen_id_masked: str
    status: AnnualCheckStatus
    certifications: _containers.RepeatedCompositeFieldContainer[CheckedCertification]
    next_due_on: _types_pb2.CalendarDate
    def __init__(self, name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., status: _Optional[_Union[AnnualCheckStatus, str]] = ..., certifications: _Optional[_Iterable[_Union[CheckedCertification, _Mapping]]] = ..., next_due_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ...) -> None: ...

class AnnualCheckCounts(_message.Message):
    __slots__ = ("pensioner_count", "certified_count", "overdue_count", "none_count")
    PENSIONER_COUNT_FIELD_NUMBER: _ClassVar[int]
    CERTIFIED_COUNT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_COUNT_FIELD_NUMBER: _ClassVar[int]
    NONE_COUNT_FIELD_NUMBER: _ClassVar[int]
    pensioner_count: int
    certified_count: int
    overdue_count: int
    none_count: int
    def __init__(self, pensioner_count: _Optional[int] = ..., certified_count: _Optional[int] = ..., overdue_count: _Optional[int] = ..., none_count: _Optional[int] = ...) -> None: ...

class AnnualCheckVillage(_message.Message):
    __slots__ = ("village_code", "village_name", "township_name", "pensioners", "counts")
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    TOWNSHIP_NAME_FIELD_NUMBER: _ClassVar[int]
    PENSIONERS_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    village_code: str
    village_name: str
    township_name: str
    pensioners: _containers.RepeatedCompositeFieldContainer[CheckedPensioner]
    counts: AnnualCheckCounts
    def __init__(self, village_code: _Optional[str] = ..., village_name: _Optional[str] = ..., township_name: _Optional[str] = ..., pensioners: _Optional[_Iterable[_Union[CheckedPensioner, _Mapping]]] = ..., counts: _Optional[_Union[AnnualCheckCounts, _Mapping]] = ...) -> None: ...

class AnnualCheck(_message.Message):
    __slots__ = ("check_id", "pooling_region_code", "year", "version", "published_at", "published_by", "villages", "counts", "village_count")
    CHECK_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_BY_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    check_id: str
    pooling_region_code: str
    year: int
    version: int
    published_at: _timestamp_pb2.Timestamp
    published_by: str
    villages: _containers.RepeatedCompositeFieldContainer[AnnualCheckVillage]
    counts: AnnualCheckCounts
    village_count: int
    def __init__(self, check_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., year: _Optional[int] = ..., version: _Optional[int] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., published_by: _Optional[str] = ..., villages: _Optional[_Iterable[_Union[AnnualCheckVillage, _Mapping]]] = ..., counts: _Optional[_Union[AnnualCheckCounts, _Mapping]] = ..., village_count: _Optional[int] = ...) -> None: ...
