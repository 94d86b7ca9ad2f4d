from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Sex(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEX_UNSPECIFIED: _ClassVar[Sex]
    SEX_MALE: _ClassVar[Sex]
    SEX_FEMALE: _ClassVar[Sex]

class SpecialGroup(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPECIAL_GROUP_UNSPECIFIED: _ClassVar[SpecialGroup]
    SPECIAL_GROUP_SEVERE_DISABILITY: _ClassVar[SpecialGroup]
    SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE: _ClassVar[SpecialGroup]
    SPECIAL_GROUP_EXTREME_POVERTY: _ClassVar[SpecialGroup]

class ContributionChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTRIBUTION_CHANNEL_UNSPECIFIED: _ClassVar[ContributionChannel]
    CONTRIBUTION_CHANNEL_CASH: _ClassVar[ContributionChannel]
    CONTRIBUTION_CHANNEL_BANK_WITHHOLDING: _ClassVar[ContributionChannel]
    CONTRIBUTION_CHANNEL_ONLINE: _ClassVar[ContributionChannel]
    CONTRIBUTION_CHANNEL_GOVERNMENT: _ClassVar[ContributionChannel]
    CONTRIBUTION_CHANNEL_LEGACY_IMPORT: _ClassVar[ContributionChannel]

class ContributionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTRIBUTION_KIND_UNSPECIFIED: _ClassVar[ContributionKind]
    CONTRIBUTION_KIND_OWN: _ClassVar[ContributionKind]
    CONTRIBUTION_KIND_ARREARS: _ClassVar[ContributionKind]
    CONTRIBUTION_KIND_PAID_ON_BEHALF: _ClassVar[ContributionKind]
    CONTRIBUTION_KIND_COLLECTIVE: _ClassVar[ContributionKind]

class Fund(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FUND_UNSPECIFIED: _ClassVar[Fund]
    FUND_INDIVIDUAL_ACCOUNT: _ClassVar[Fund]
    FUND_POOLED: _ClassVar[Fund]

class BenefitComponent(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BENEFIT_COMPONENT_UNSPECIFIED: _ClassVar[BenefitComponent]
    BENEFIT_COMPONENT_BASIC_PENSION: _ClassVar[BenefitComponent]
    BENEFIT_COMPONENT_LONG_CONTRIBUTION_BONUS: _ClassVar[BenefitComponent]
    BENEFIT_COMPONENT_OLD_AGE_BONUS: _ClassVar[BenefitComponent]
    BENEFIT_COMPONENT_ACCOUNT_PENSION: _ClassVar[BenefitComponent]

class GovernmentLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GOVERNMENT_LEVEL_UNSPECIFIED: _ClassVar[GovernmentLevel]
    GOVERNMENT_LEVEL_CENTRAL: _ClassVar[GovernmentLevel]
    GOVERNMENT_LEVEL_PROVINCIAL: _ClassVar[GovernmentLevel]
    GOVERNMENT_LEVEL_MUNICIPAL: _ClassVar[GovernmentLevel]
    GOVERNMENT_LEVEL_COUNTY: _ClassVar[GovernmentLevel]
SEX_UNSPECIFIED: Sex
SEX_MALE: Sex
SEX_FEMALE: Sex
SPECIAL_GROUP_UNSPECIFIED: SpecialGroup
SPECIAL_GROUP_SEVERE_DISABILITY: SpecialGroup
SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE: SpecialGroup
SPECIAL_GROUP_EXTREME_POVERTY: SpecialGroup
CONTRIBUTION_CHANNEL_UNSPECIFIED: ContributionChannel
CONTRIBUTION_CHANNEL_CASH: ContributionChannel
CONTRIBUTION_CHANNEL_BANK_WITHHOLDING: ContributionChannel
CONTRIBUTION_CHANNEL_ONLINE: ContributionChannel
CONTRIBUTION_CHANNEL_GOVERNMENT: ContributionChannel
CONTRIBUTION_CHANNEL_LEGACY_IMPORT: ContributionChannel
CONTRIBUTION_KIND_UNSPECIFIED: ContributionKind
CONTRIBUTION_KIND_OWN: ContributionKind
CONTRIBUTION_KIND_ARREARS: ContributionKind
CONTRIBUTION_KIND_PAID_ON_BEHALF: ContributionKind
CONTRIBUTION_KIND_COLLECTIVE: ContributionKind
FUND_UNSPECIFIED: Fund
FUND_INDIVIDUAL_ACCOUNT: Fund
FUND_POOLED: Fund
BENEFIT_COMPONENT_UNSPECIFIED: BenefitComponent
BENEFIT_COMPONENT_BASIC_PENSION: BenefitComponent
BENEFIT_COMPONENT_LONG_CONTRIBUTION_BONUS: BenefitComponent
BENEFIT_COMPONENT_OLD_AGE_BONUS: BenefitComponent
BENEFIT_COMPONENT_ACCOUNT_PENSION: BenefitComponent
GOVERNMENT_LEVEL_UNSPECIFIED: GovernmentLevel
GOVERNMENT_LEVEL_CENTRAL: GovernmentLevel
GOVERNMENT_LEVEL_PROVINCIAL: GovernmentLevel
GOVERNMENT_LEVEL_MUNICIPAL: GovernmentLevel
GOVERNMENT_LEVEL_COUNTY: GovernmentLevel

class CalendarDate(_message.Message):
    __slots__ = ("year", "month", "day")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    year: int
    month: int
    day: int
    def __init__(self, year: _Optional[int] = ..., month: _Optional[int] = ..., day: _Optional[int] = ...) -> None: ...

class YearMonth(_message.Message):
    __slots__ = ("year", "month")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    year: int
    month: int
    def __init__(self, year: _Optional[int] = ..., month: _Optional[int] = ...) -> None: ...

class SealedValue(_message.Message):
    __slots__ = ("key_id", "nonce", "ciphertext")
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    CIPHERTEXT_FIELD_NUMBER: _ClassVar[int]
    key_id: str
    nonce: bytes
    ciphertext: bytes
    def __init__(self, key_id: _Optional[str] = ..., nonce: _Optional[bytes] = ..., ciphertext: _Optional[bytes] = ...) -> None: ...

class GeoPoint(_message.Message):
    __slots__ = ("latitude_e6", "longitude_e6", "accuracy_m")
    LATITUDE_E6_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_E6_FIELD_NUMBER: _ClassVar[int]
    ACCURACY_M_FIELD_NUMBER: _ClassVar[int]
    latitude_e6: int
    longitude_e6: int
    accuracy_m: int
    def __init__(self, latitude_e6: _Optional[int] = ..., longitude_e6: _Optional[int] = ..., accuracy_m: _Optional[int] = ...) -> None: ...

class Violation(_message.Message):
    __slots__ = ("location", "field", "reason_code", "message")
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    location: str
    field: str
    reason_code: str
    message: str
    def __init__(self, location: _Optional[str] = ..., field: _Optional[str] = ..., reason_code: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class BenefitAmount(_message.Message):
    __slots__ = ("component", "fund", "amount_fen")
    COMPONENT_FIELD_NUMBER: _ClassVar[int]
    FUND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    component: BenefitComponent
    fund: Fund
    amount_fen: int
    def __init__(self, component: _Optional[_Union[BenefitComponent, str]] = ..., fund: _Optional[_Union[Fund, str]] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class BankAccountRef(_message.Message):
    __slots__ = ("bank_code", "bank_name", "account_masked", "sealed_card_number", "account_token")
    BANK_CODE_FIELD_NUMBER: _ClassVar[int]
    BANK_NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_MASKED_FIELD_NUMBER: _ClassVar[int]
    SEALED_CARD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bank_code: str
    bank_name: str
    account_masked: str
    sealed_card_number: SealedValue
    account_token: str
    def __init__(self, bank_code: _Optional[str] = ..., bank_name: _Optional[str] = ..., account_masked: _Optional[str] = ..., sealed_card_number: _Optional[_Union[SealedValue, _Mapping]] = ..., account_token: _Optional[str] = ...) -> None: ...
