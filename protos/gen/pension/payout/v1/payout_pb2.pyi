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

class AwardStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AWARD_STATUS_UNSPECIFIED: _ClassVar[AwardStatus]
    AWARD_STATUS_ACTIVE: _ClassVar[AwardStatus]
    AWARD_STATUS_SUSPENDED: _ClassVar[AwardStatus]
    AWARD_STATUS_STOPPED: _ClassVar[AwardStatus]

class SuspensionCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUSPENSION_CAUSE_UNSPECIFIED: _ClassVar[SuspensionCause]
    SUSPENSION_CAUSE_CERTIFICATION_OVERDUE: _ClassVar[SuspensionCause]
    SUSPENSION_CAUSE_IMPRISONMENT: _ClassVar[SuspensionCause]
    SUSPENSION_CAUSE_OFFICER_DECISION: _ClassVar[SuspensionCause]

class ResumptionCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESUMPTION_CAUSE_UNSPECIFIED: _ClassVar[ResumptionCause]
    RESUMPTION_CAUSE_CERTIFIED: _ClassVar[ResumptionCause]
    RESUMPTION_CAUSE_RELEASED: _ClassVar[ResumptionCause]
    RESUMPTION_CAUSE_OFFICER_DECISION: _ClassVar[ResumptionCause]

class StopCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOP_CAUSE_UNSPECIFIED: _ClassVar[StopCause]
    STOP_CAUSE_DEATH: _ClassVar[StopCause]
    STOP_CAUSE_DUPLICATE_RECEIPT: _ClassVar[StopCause]
    STOP_CAUSE_TRANSFER_OUT: _ClassVar[StopCause]
    STOP_CAUSE_OFFICER_DECISION: _ClassVar[StopCause]

class PayrollStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYROLL_STATUS_UNSPECIFIED: _ClassVar[PayrollStatus]
    PAYROLL_STATUS_DRAFT: _ClassVar[PayrollStatus]
    PAYROLL_STATUS_APPROVED: _ClassVar[PayrollStatus]
    PAYROLL_STATUS_EXPORTED: _ClassVar[PayrollStatus]
    PAYROLL_STATUS_RETURNED: _ClassVar[PayrollStatus]
    PAYROLL_STATUS_CLOSED: _ClassVar[PayrollStatus]

class BankBatchStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BANK_BATCH_STATUS_UNSPECIFIED: _ClassVar[BankBatchStatus]
    BANK_BATCH_STATUS_EXPORTED: _ClassVar[BankBatchStatus]
    BANK_BATCH_STATUS_RETURNED: _ClassVar[BankBatchStatus]

class PaymentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_KIND_UNSPECIFIED: _ClassVar[PaymentKind]
    PAYMENT_KIND_REGULAR: _ClassVar[PaymentKind]
    PAYMENT_KIND_BACK_PAY: _ClassVar[PaymentKind]

class PaymentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_STATUS_UNSPECIFIED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PREPARED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_EXPORTED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_PAID: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_FAILED: _ClassVar[PaymentStatus]
    PAYMENT_STATUS_CANCELLED: _ClassVar[PaymentStatus]

class OverpaymentCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OVERPAYMENT_CAUSE_UNSPECIFIED: _ClassVar[OverpaymentCause]
    OVERPAYMENT_CAUSE_DEATH: _ClassVar[OverpaymentCause]
    OVERPAYMENT_CAUSE_DUPLICATE_RECEIPT: _ClassVar[OverpaymentCause]
    OVERPAYMENT_CAUSE_IMPRISONMENT: _ClassVar[OverpaymentCause]
    OVERPAYMENT_CAUSE_OTHER: _ClassVar[OverpaymentCause]

class OverpaymentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OVERPAYMENT_STATUS_UNSPECIFIED: _ClassVar[OverpaymentStatus]
    OVERPAYMENT_STATUS_OPEN: _ClassVar[OverpaymentStatus]
    OVERPAYMENT_STATUS_RECOVERED: _ClassVar[OverpaymentStatus]
    OVERPAYMENT_STATUS_WRITTEN_OFF: _ClassVar[OverpaymentStatus]

class RecoveryMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOVERY_METHOD_UNSPECIFIED: _ClassVar[RecoveryMethod]
    RECOVERY_METHOD_BANK_CLAWBACK: _ClassVar[RecoveryMethod]
    RECOVERY_METHOD_REPAYMENT: _ClassVar[RecoveryMethod]
    RECOVERY_METHOD_INHERITANCE_OFFSET: _ClassVar[RecoveryMethod]
    RECOVERY_METHOD_BENEFIT_OFFSET: _ClassVar[RecoveryMethod]

class InheritanceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INHERITANCE_STATUS_UNSPECIFIED: _ClassVar[InheritanceStatus]
    INHERITANCE_STATUS_REQUESTED: _ClassVar[InheritanceStatus]
    INHERITANCE_STATUS_APPROVED: _ClassVar[InheritanceStatus]
    INHERITANCE_STATUS_PAID: _ClassVar[InheritanceStatus]
    INHERITANCE_STATUS_FAILED: _ClassVar[InheritanceStatus]
AWARD_STATUS_UNSPECIFIED: AwardStatus
AWARD_STATUS_ACTIVE: AwardStatus
AWARD_STATUS_SUSPENDED: AwardStatus
AWARD_STATUS_STOPPED: AwardStatus
SUSPENSION_CAUSE_UNSPECIFIED: SuspensionCause
SUSPENSION_CAUSE_CERTIFICATION_OVERDUE: SuspensionCause
SUSPENSION_CAUSE_IMPRISONMENT: SuspensionCause
SUSPENSION_CAUSE_OFFICER_DECISION: SuspensionCause
RESUMPTION_CAUSE_UNSPECIFIED: ResumptionCause
RESUMPTION_CAUSE_CERTIFIED: ResumptionCause
RESUMPTION_CAUSE_RELEASED: ResumptionCause
RESUMPTION_CAUSE_OFFICER_DECISION: ResumptionCause
STOP_CAUSE_UNSPECIFIED: StopCause
STOP_CAUSE_DEATH: StopCause
STOP_CAUSE_DUPLICATE_RECEIPT: StopCause
STOP_CAUSE_TRANSFER_OUT: StopCause
STOP_CAUSE_OFFICER_DECISION: StopCause
PAYROLL_STATUS_UNSPECIFIED: PayrollStatus
PAYROLL_STATUS_DRAFT: PayrollStatus
PAYROLL_STATUS_APPROVED: PayrollStatus
PAYROLL_STATUS_EXPORTED: PayrollStatus
PAYROLL_STATUS_RETURNED: PayrollStatus
PAYROLL_STATUS_CLOSED: PayrollStatus
BANK_BATCH_STATUS_UNSPECIFIED: BankBatchStatus
BANK_BATCH_STATUS_EXPORTED: BankBatchStatus
BANK_BATCH_STATUS_RETURNED: BankBatchStatus
PAYMENT_KIND_UNSPECIFIED: PaymentKind
PAYMENT_KIND_REGULAR: PaymentKind
PAYMENT_KIND_BACK_PAY: PaymentKind
PAYMENT_STATUS_UNSPECIFIED: PaymentStatus
PAYMENT_STATUS_PREPARED: PaymentStatus
PAYMENT_STATUS_EXPORTED: PaymentStatus
PAYMENT_STATUS_PAID: PaymentStatus
PAYMENT_STATUS_FAILED: PaymentStatus
PAYMENT_STATUS_CANCELLED: PaymentStatus
OVERPAYMENT_CAUSE_UNSPECIFIED: OverpaymentCause
OVERPAYMENT_CAUSE_DEATH: OverpaymentCause
OVERPAYMENT_CAUSE_DUPLICATE_RECEIPT: OverpaymentCause
OVERPAYMENT_CAUSE_IMPRISONMENT: OverpaymentCause
OVERPAYMENT_CAUSE_OTHER: OverpaymentCause
OVERPAYMENT_STATUS_UNSPECIFIED: OverpaymentStatus
OVERPAYMENT_STATUS_OPEN: OverpaymentStatus
OVERPAYMENT_STATUS_RECOVERED: OverpaymentStatus
OVERPAYMENT_STATUS_WRITTEN_OFF: OverpaymentStatus
RECOVERY_METHOD_UNSPECIFIED: RecoveryMethod
RECOVERY_METHOD_BANK_CLAWBACK: RecoveryMethod
RECOVERY_METHOD_REPAYMENT: RecoveryMethod
RECOVERY_METHOD_INHERITANCE_OFFSET: RecoveryMethod
RECOVERY_METHOD_BENEFIT_OFFSET: RecoveryMethod
INHERITANCE_STATUS_UNSPECIFIED: InheritanceStatus
INHERITANCE_STATUS_REQUESTED: InheritanceStatus
INHERITANCE_STATUS_APPROVED: InheritanceStatus
INHERITANCE_STATUS_PAID: InheritanceStatus
INHERITANCE_STATUS_FAILED: InheritanceStatus

class BreakdownLine(_message.Message):
    __slots__ = ("component", "level", "monthly_fen", "explanation")
    COMPONENT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    component: _types_pb2.BenefitComponent
    level: _types_pb2.GovernmentLevel
    monthly_fen: int
    explanation: str
    def __init__(self, component: _Optional[_Union[_types_pb2.BenefitComponent, str]] = ..., level: _Optional[_Union[_types_pb2.GovernmentLevel, str]] = ..., monthly_fen: _Optional[int] = ..., explanation: _Optional[str] = ...) -> None: ...

class Award(_message.Message):
    __slots__ = ("award_id", "resident_id", "pooling_region_code", "village_code", "name_masked", "citizen_id_masked", "birth_date", "pension_age_reached_on", "first_month", "contributed_years", "required_years", "basic_pension_fen", "extra_years", "long_contribution_bonus_fen", "old_age_bonus_fen", "account_balance_at_award_fen", "account_pension_divisor", "account_pension_fen", "monthly_total_fen", "lines", "policy_version_id", "status", "suspension_cause", "suspended_from", "stop_cause", "stopped_from", "account_remaining_fen", "bank_account", "granted_at")
    AWARD_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    PENSION_AGE_REACHED_ON_FIELD_NUMBER: _ClassVar[int]
    FIRST_MONTH_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_YEARS_FIELD_NUMBER: _ClassVar[int]
    BASIC_PENSION_FEN_FIELD_NUMBER: _ClassVar[int]
    EXTRA_YEARS_FIELD_NUMBER: _ClassVar[int]
    LONG_CONTRIBUTION_BONUS_FEN_FIELD_NUMBER: _ClassVar[int]
    OLD_AGE_BONUS_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_BALANCE_AT_AWARD_FEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PENSION_DIVISOR_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_PENSION_FEN_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SUSPENSION_CAUSE_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_FROM_FIELD_NUMBER: _ClassVar[int]
    STOP_CAUSE_FIELD_NUMBER: _ClassVar[int]
    STOPPED_FROM_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_REMAINING_FEN_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    award_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    name_masked: str
    citizen_id_masked: str
    birth_date: _types_pb2.CalendarDate
    pension_age_reached_on: _types_pb2.CalendarDate
    first_month: _types_pb2.YearMonth
    contributed_years: int
    required_years: int
    basic_pension_fen: int
    extra_years: int
    long_contribution_bonus_fen: int
    old_age_bonus_fen: int
    account_balance_at_award_fen: int
    account_pension_divisor: int
    account_pension_fen: int
    monthly_total_fen: int
    lines: _containers.RepeatedCompositeFieldContainer[BreakdownLine]
    policy_version_id: str
    status: AwardStatus
    suspension_cause: SuspensionCause
    suspended_from: _types_pb2.YearMonth
    stop_cause: StopCause
    stopped_from: _types_pb2.YearMonth
    account_remaining_fen: int
    bank_account: _types_pb2.BankAccountRef
    granted_at: _timestamp_pb2.Timestamp
    def __init__(self, award_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., name_masked: _Optional[str] = ..., citizen_id_masked: _Optional[str] = ..., birth_date: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., pension_age_reached_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., first_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., contributed_years: _Optional[int] = ..., required_years: _Optional[int] = ..., basic_pension_fen: _Optional[int] = ..., extra_years: _Optional[int] = ..., long_contribution_bonus_fen: _Optional[int] = ..., old_age_bonus_fen: _Optional[int] = ..., account_balance_at_award_fen: _Optional[int] = ..., account_pension_divisor: _Optional[int] = ..., account_pension_fen: _Optional[int] = ..., monthly_total_fen: _Optional[int] = ..., lines: _Optional[_Iterable[_Union[BreakdownLine, _Mapping]]] = ..., policy_version_id: _Optional[str] = ..., status: _Optional[_Union[AwardStatus, str]] = ..., suspension_cause: _Optional[_Union[SuspensionCause, str]] = ..., suspended_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., stop_cause: _Optional[_Union[StopCause, str]] = ..., stopped_from: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., account_remaining_fen: _Optional[int] = ..., bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ShortOfYears(_message.Message):
    __slots__ = ("resident_id", "pooling_region_code", "village_code", "name_masked", "pension_age_reached_on", "contributed_years", "required_years", "years_lacking", "checked_month")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    PENSION_AGE_REACHED_ON_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTED_YEARS_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_YEARS_FIELD_NUMBER: _ClassVar[int]
    YEARS_LACKING_FIELD_NUMBER: _ClassVar[int]
    CHECKED_MONTH_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    pooling_region_code: str
    village_code: str
    name_masked: str
    pension_age_reached_on: _types_pb2.CalendarDate
    contributed_years: int
    required_years: int
    years_lacking: int
    checked_month: _types_pb2.YearMonth
    def __init__(self, resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., village_code: _Optional[str] = ..., name_masked: _Optional[str] = ..., pension_age_reached_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., contributed_years: _Optional[int] = ..., required_years: _Optional[int] = ..., years_lacking: _Optional[int] = ..., checked_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class Approval(_message.Message):
    __slots__ = ("approver_id", "approved_at", "reason")
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    approver_id: str
    approved_at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, approver_id: _Optional[str] = ..., approved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class BankBatch(_message.Message):
    __slots__ = ("batch_id", "bank_code", "bank_name", "file_name", "record_count", "total_fen", "sha256", "status", "paid_count", "paid_fen", "failed_count", "failed_fen", "return_file_sha256")
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    BANK_CODE_FIELD_NUMBER: _ClassVar[int]
    BANK_NAME_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    RECORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAID_COUNT_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_FEN_FIELD_NUMBER: _ClassVar[int]
    RETURN_FILE_SHA256_FIELD_NUMBER: _ClassVar[int]
    batch_id: str
    bank_code: str
    bank_name: str
    file_name: str
    record_count: int
    total_fen: int
    sha256: str
    status: BankBatchStatus
    paid_count: int
    paid_fen: int
    failed_count: int
    failed_fen: int
    return_file_sha256: str
    def __init__(self, batch_id: _Optional[str] = ..., bank_code: _Optional[str] = ..., bank_name: _Optional[str] = ..., file_name: _Optional[str] = ..., record_count: _Optional[int] = ..., total_fen: _Optional[int] = ..., sha256: _Optional[str] = ..., status: _Optional[_Union[BankBatchStatus, str]] = ..., paid_count: _Optional[int] = ..., paid_fen: _Optional[int] = ..., failed_count: _Optional[int] = ..., failed_fen: _Optional[int] = ..., return_file_sha256: _Optional[str] = ...) -> None: ...

class PayrollRun(_message.Message):
    __slots__ = ("payroll_run_id", "pooling_region_code", "month", "status", "prepared_by", "prepared_at", "approvals", "approvals_required", "payment_count", "total_fen", "totals", "regular_count", "regular_fen", "back_pay_count", "back_pay_fen", "retry_count", "retry_fen", "suspended_count", "batches", "paid_count", "paid_fen", "failed_count", "failed_fen", "exported_at", "returned_at", "closed_at")
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PREPARED_BY_FIELD_NUMBER: _ClassVar[int]
    PREPARED_AT_FIELD_NUMBER: _ClassVar[int]
    APPROVALS_FIELD_NUMBER: _ClassVar[int]
    APPROVALS_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    REGULAR_COUNT_FIELD_NUMBER: _ClassVar[int]
    REGULAR_FEN_FIELD_NUMBER: _ClassVar[int]
    BACK_PAY_COUNT_FIELD_NUMBER: _ClassVar[int]
    BACK_PAY_FEN_FIELD_NUMBER: _ClassVar[int]
    RETRY_COUNT_FIELD_NUMBER: _ClassVar[int]
    RETRY_FEN_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_COUNT_FIELD_NUMBER: _ClassVar[int]
    BATCHES_FIELD_NUMBER: _ClassVar[int]
    PAID_COUNT_FIELD_NUMBER: _ClassVar[int]
    PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    FAILED_COUNT_FIELD_NUMBER: _ClassVar[int]
    FAILED_FEN_FIELD_NUMBER: _ClassVar[int]
    EXPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    RETURNED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    payroll_run_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    status: PayrollStatus
    prepared_by: str
    prepared_at: _timestamp_pb2.Timestamp
    approvals: _containers.RepeatedCompositeFieldContainer[Approval]
    approvals_required: int
    payment_count: int
    total_fen: int
    totals: _containers.RepeatedCompositeFieldContainer[_types_pb2.BenefitAmount]
    regular_count: int
    regular_fen: int
    back_pay_count: int
    back_pay_fen: int
    retry_count: int
    retry_fen: int
    suspended_count: int
    batches: _containers.RepeatedCompositeFieldContainer[BankBatch]
    paid_count: int
    paid_fen: int
    failed_count: int
    failed_fen: int
    exported_at: _timestamp_pb2.Timestamp
    returned_at: _timestamp_pb2.Timestamp
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, payroll_run_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., status: _Optional[_Union[PayrollStatus, str]] = ..., prepared_by: _Optional[str] = ..., prepared_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., approvals: _Optional[_Iterable[_Union[Approval, _Mapping]]] = ..., approvals_required: _Optional[int] = ..., payment_count: _Optional[int] = ..., total_fen: _Optional[int] = ..., totals: _Optional[_Iterable[_Union[_types_pb2.BenefitAmount, _Mapping]]] = ..., regular_count: _Optional[int] = ..., regular_fen: _Optional[int] = ..., back_pay_count: _Optional[int] = ..., back_pay_fen: _Optional[int] = ..., retry_count: _Optional[int] = ..., retry_fen: _Optional[int] = ..., suspended_count: _Optional[int] = ..., batches: _Optional[_Iterable[_Union[BankBatch, _Mapping]]] = ..., paid_count: _Optional[int] = ..., paid_fen: _Optional[int] = ..., failed_count: _Optional[int] = ..., failed_fen: _Optional[int] = ..., exported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., returned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Payment(_message.Message):
    __slots__ = ("payment_id", "award_id", "resident_id", "pooling_region_code", "month", "kind", "payroll_run_id", "attempt", "amounts", "amount_fen", "age_at_month_end", "policy_version_id", "status", "bank_account", "batch_id", "paid_on", "failure_code", "failure_reason", "village_code")
    PAYMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AWARD_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    AMOUNTS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    AGE_AT_MONTH_END_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    FAILURE_CODE_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    payment_id: str
    award_id: str
    resident_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    kind: PaymentKind
    payroll_run_id: str
    attempt: int
    amounts: _containers.RepeatedCompositeFieldContainer[_types_pb2.BenefitAmount]
    amount_fen: int
    age_at_month_end: int
    policy_version_id: str
    status: PaymentStatus
    bank_account: _types_pb2.BankAccountRef
    batch_id: str
    paid_on: _types_pb2.CalendarDate
    failure_code: str
    failure_reason: str
    village_code: str
    def __init__(self, payment_id: _Optional[str] = ..., award_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., kind: _Optional[_Union[PaymentKind, str]] = ..., payroll_run_id: _Optional[str] = ..., attempt: _Optional[int] = ..., amounts: _Optional[_Iterable[_Union[_types_pb2.BenefitAmount, _Mapping]]] = ..., amount_fen: _Optional[int] = ..., age_at_month_end: _Optional[int] = ..., policy_version_id: _Optional[str] = ..., status: _Optional[_Union[PaymentStatus, str]] = ..., bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ..., batch_id: _Optional[str] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., failure_code: _Optional[str] = ..., failure_reason: _Optional[str] = ..., village_code: _Optional[str] = ...) -> None: ...

class Recovery(_message.Message):
    __slots__ = ("recovery_id", "amount_fen", "method", "recovered_on", "reference", "recorded_by")
    RECOVERY_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_ON_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    recovery_id: str
    amount_fen: int
    method: RecoveryMethod
    recovered_on: _types_pb2.CalendarDate
    reference: str
    recorded_by: str
    def __init__(self, recovery_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., method: _Optional[_Union[RecoveryMethod, str]] = ..., recovered_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reference: _Optional[str] = ..., recorded_by: _Optional[str] = ...) -> None: ...

class OverpaymentCase(_message.Message):
    __slots__ = ("overpayment_case_id", "resident_id", "pooling_region_code", "cause", "months", "payment_ids", "amount_fen", "recovered_fen", "balance_due_fen", "written_off_fen", "status", "recoveries", "opened_at")
    OVERPAYMENT_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    MONTHS_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_DUE_FEN_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_OFF_FEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECOVERIES_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    overpayment_case_id: str
    resident_id: str
    pooling_region_code: str
    cause: OverpaymentCause
    months: _containers.RepeatedCompositeFieldContainer[_types_pb2.YearMonth]
    payment_ids: _containers.RepeatedScalarFieldContainer[str]
    amount_fen: int
    recovered_fen: int
    balance_due_fen: int
    written_off_fen: int
    status: OverpaymentStatus
    recoveries: _containers.RepeatedCompositeFieldContainer[Recovery]
    opened_at: _timestamp_pb2.Timestamp
    def __init__(self, overpayment_case_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., cause: _Optional[_Union[OverpaymentCause, str]] = ..., months: _Optional[_Iterable[_Union[_types_pb2.YearMonth, _Mapping]]] = ..., payment_ids: _Optional[_Iterable[str]] = ..., amount_fen: _Optional[int] = ..., recovered_fen: _Optional[int] = ..., balance_due_fen: _Optional[int] = ..., written_off_fen: _Optional[int] = ..., status: _Optional[_Union[OverpaymentStatus, str]] = ..., recoveries: _Optional[_Iterable[_Union[Recovery, _Mapping]]] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InheritancePayout(_message.Message):
    __slots__ = ("inheritance_id", "resident_id", "pooling_region_code", "heir_name_masked", "heir_citizen_id_masked", "relationship", "heir_bank_account", "balance_fen", "overpayment_offset_fen", "net_fen", "status", "requested_by", "approved_by", "paid_on", "evidence_ref", "bank_reference")
    INHERITANCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    HEIR_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    HEIR_CITIZEN_ID_MASKED_FIELD_NUMBER: _ClassVar[int]
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    HEIR_BANK_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_OFFSET_FEN_FIELD_NUMBER: _ClassVar[int]
    NET_FEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    BANK_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    inheritance_id: str
    resident_id: str
    pooling_region_code: str
    heir_name_masked: str
    heir_citizen_id_masked: str
    relationship: str
    heir_bank_account: _types_pb2.BankAccountRef
    balance_fen: int
    overpayment_offset_fen: int
    net_fen: int
    status: InheritanceStatus
    requested_by: str
    approved_by: str
    paid_on: _types_pb2.CalendarDate
    evidence_ref: str
    bank_reference: str
    def __init__(self, inheritance_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., heir_name_masked: _Optional[str] = ..., heir_citizen_id_masked: _Optional[str] = ..., relationship: _Optional[str] = ..., heir_bank_account: _Optional[_Union[_types_pb2.BankAccountRef, _Mapping]] = ..., balance_fen: _Optional[int] = ..., overpayment_offset_fen: _Optional[int] = ..., net_fen: _Optional[int] = ..., status: _Optional[_Union[InheritanceStatus, str]] = ..., requested_by: _Optional[str] = ..., approved_by: _Optional[str] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., evidence_ref: _Optional[str] = ..., bank_reference: _Optional[str] = ...) -> None: ...
