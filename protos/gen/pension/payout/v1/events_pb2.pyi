from pension.common.v1 import types_pb2 as _types_pb2
from pension.payout.v1 import payout_pb2 as _payout_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AwardGranted(_message.Message):
    __slots__ = ("award",)
    AWARD_FIELD_NUMBER: _ClassVar[int]
    award: _payout_pb2.Award
    def __init__(self, award: _Optional[_Union[_payout_pb2.Award, _Mapping]] = ...) -> None: ...

class AwardShortOfYears(_message.Message):
    __slots__ = ("short_of_years",)
    SHORT_OF_YEARS_FIELD_NUMBER: _ClassVar[int]
    short_of_years: _payout_pb2.ShortOfYears
    def __init__(self, short_of_years: _Optional[_Union[_payout_pb2.ShortOfYears, _Mapping]] = ...) -> None: ...

class BenefitSuspended(_message.Message):
    __slots__ = ("resident_id", "award_id", "cause", "from_month", "until_month", "cause_event_id", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AWARD_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    UNTIL_MONTH_FIELD_NUMBER: _ClassVar[int]
    CAUSE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    award_id: str
    cause: _payout_pb2.SuspensionCause
    from_month: _types_pb2.YearMonth
    until_month: _types_pb2.YearMonth
    cause_event_id: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., award_id: _Optional[str] = ..., cause: _Optional[_Union[_payout_pb2.SuspensionCause, str]] = ..., from_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., until_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., cause_event_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class BenefitResumed(_message.Message):
    __slots__ = ("resident_id", "award_id", "cause", "from_month", "back_pay_months", "cause_event_id", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AWARD_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    BACK_PAY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    CAUSE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    award_id: str
    cause: _payout_pb2.ResumptionCause
    from_month: _types_pb2.YearMonth
    back_pay_months: _containers.RepeatedCompositeFieldContainer[_types_pb2.YearMonth]
    cause_event_id: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., award_id: _Optional[str] = ..., cause: _Optional[_Union[_payout_pb2.ResumptionCause, str]] = ..., from_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., back_pay_months: _Optional[_Iterable[_Union[_types_pb2.YearMonth, _Mapping]]] = ..., cause_event_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class BenefitStopped(_message.Message):
    __slots__ = ("resident_id", "award_id", "cause", "from_month", "date_of_death", "cause_event_id", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    AWARD_ID_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_DEATH_FIELD_NUMBER: _ClassVar[int]
    CAUSE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    award_id: str
    cause: _payout_pb2.StopCause
    from_month: _types_pb2.YearMonth
    date_of_death: _types_pb2.CalendarDate
    cause_event_id: str
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., award_id: _Optional[str] = ..., cause: _Optional[_Union[_payout_pb2.StopCause, str]] = ..., from_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., date_of_death: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., cause_event_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class PaymentPaid(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: _payout_pb2.Payment
    def __init__(self, payment: _Optional[_Union[_payout_pb2.Payment, _Mapping]] = ...) -> None: ...

class PaymentFailed(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: _payout_pb2.Payment
    def __init__(self, payment: _Optional[_Union[_payout_pb2.Payment, _Mapping]] = ...) -> None: ...

class PaymentCancelled(_message.Message):
    __slots__ = ("payment",)
    PAYMENT_FIELD_NUMBER: _ClassVar[int]
    payment: _payout_pb2.Payment
    def __init__(self, payment: _Optional[_Union[_payout_pb2.Payment, _Mapping]] = ...) -> None: ...

class OverpaymentCaseOpened(_message.Message):
    __slots__ = ("overpayment_case",)
    OVERPAYMENT_CASE_FIELD_NUMBER: _ClassVar[int]
    overpayment_case: _payout_pb2.OverpaymentCase
    def __init__(self, overpayment_case: _Optional[_Union[_payout_pb2.OverpaymentCase, _Mapping]] = ...) -> None: ...

class RecoveryRecorded(_message.Message):
    __slots__ = ("resident_id", "overpayment_case_id", "recovery", "recovered_fen", "balance_due_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    RECOVERY_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_DUE_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    overpayment_case_id: str
    recovery: _payout_pb2.Recovery
    recovered_fen: int
    balance_due_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., overpayment_case_id: _Optional[str] = ..., recovery: _Optional[_Union[_payout_pb2.Recovery, _Mapping]] = ..., recovered_fen: _Optional[int] = ..., balance_due_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class OverpaymentCaseClosed(_message.Message):
    __slots__ = ("resident_id", "overpayment_case_id", "status", "recovered_fen", "written_off_fen", "pooling_region_code")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_FEN_FIELD_NUMBER: _ClassVar[int]
    WRITTEN_OFF_FEN_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    overpayment_case_id: str
    status: _payout_pb2.OverpaymentStatus
    recovered_fen: int
    written_off_fen: int
    pooling_region_code: str
    def __init__(self, resident_id: _Optional[str] = ..., overpayment_case_id: _Optional[str] = ..., status: _Optional[_Union[_payout_pb2.OverpaymentStatus, str]] = ..., recovered_fen: _Optional[int] = ..., written_off_fen: _Optional[int] = ..., pooling_region_code: _Optional[str] = ...) -> None: ...

class InheritancePayoutRequested(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class InheritancePayoutApproved(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class InheritancePaid(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class InheritancePayoutFailed(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class AwardRunCompleted(_message.Message):
    __slots__ = ("pooling_region_code", "month", "granted", "short_of_years", "already_awarded")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    SHORT_OF_YEARS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_AWARDED_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    month: _types_pb2.YearMonth
    granted: int
    short_of_years: int
    already_awarded: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., granted: _Optional[int] = ..., short_of_years: _Optional[int] = ..., already_awarded: _Optional[int] = ...) -> None: ...

class PayrollPrepared(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class PayrollApproved(_message.Message):
    __slots__ = ("pooling_region_code", "payroll_run_id", "month", "approver_id", "approvals", "approvals_required", "fully_approved")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    APPROVER_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVALS_FIELD_NUMBER: _ClassVar[int]
    APPROVALS_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    FULLY_APPROVED_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    payroll_run_id: str
    month: _types_pb2.YearMonth
    approver_id: str
    approvals: int
    approvals_required: int
    fully_approved: bool
    def __init__(self, pooling_region_code: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., approver_id: _Optional[str] = ..., approvals: _Optional[int] = ..., approvals_required: _Optional[int] = ..., fully_approved: _Optional[bool] = ...) -> None: ...

class PayrollExported(_message.Message):
    __slots__ = ("pooling_region_code", "payroll_run_id", "month", "batches", "record_count", "total_fen")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    BATCHES_FIELD_NUMBER: _ClassVar[int]
    RECORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    payroll_run_id: str
    month: _types_pb2.YearMonth
    batches: _containers.RepeatedCompositeFieldContainer[_payout_pb2.BankBatch]
    record_count: int
    total_fen: int
    def __init__(self, pooling_region_code: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., batches: _Optional[_Iterable[_Union[_payout_pb2.BankBatch, _Mapping]]] = ..., record_count: _Optional[int] = ..., total_fen: _Optional[int] = ...) -> None: ...

class BankReturnImported(_message.Message):
    __slots__ = ("pooling_region_code", "payroll_run_id", "month", "batch")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    payroll_run_id: str
    month: _types_pb2.YearMonth
    batch: _payout_pb2.BankBatch
    def __init__(self, pooling_region_code: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., batch: _Optional[_Union[_payout_pb2.BankBatch, _Mapping]] = ...) -> None: ...

class BankReturnRefused(_message.Message):
    __slots__ = ("pooling_region_code", "payroll_run_id", "batch_id", "file_sha256", "mismatches")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_SHA256_FIELD_NUMBER: _ClassVar[int]
    MISMATCHES_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    payroll_run_id: str
    batch_id: str
    file_sha256: str
    mismatches: _containers.RepeatedCompositeFieldContainer[_types_pb2.Violation]
    def __init__(self, pooling_region_code: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., batch_id: _Optional[str] = ..., file_sha256: _Optional[str] = ..., mismatches: _Optional[_Iterable[_Union[_types_pb2.Violation, _Mapping]]] = ...) -> None: ...

class PayrollClosed(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...
