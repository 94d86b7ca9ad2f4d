from pension.common.v1 import types_pb2 as _types_pb2
from pension.payout.v1 import payout_pb2 as _payout_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RunAwardsRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class RunAwardsResponse(_message.Message):
    __slots__ = ("granted", "short_of_years", "already_awarded")
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    SHORT_OF_YEARS_FIELD_NUMBER: _ClassVar[int]
    ALREADY_AWARDED_FIELD_NUMBER: _ClassVar[int]
    granted: int
    short_of_years: int
    already_awarded: int
    def __init__(self, granted: _Optional[int] = ..., short_of_years: _Optional[int] = ..., already_awarded: _Optional[int] = ...) -> None: ...

class GetAwardRequest(_message.Message):
    __slots__ = ("resident_id", "month")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    month: _types_pb2.YearMonth
    def __init__(self, resident_id: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class GetAwardResponse(_message.Message):
    __slots__ = ("award", "month_lines", "month_total_fen")
    AWARD_FIELD_NUMBER: _ClassVar[int]
    MONTH_LINES_FIELD_NUMBER: _ClassVar[int]
    MONTH_TOTAL_FEN_FIELD_NUMBER: _ClassVar[int]
    award: _payout_pb2.Award
    month_lines: _containers.RepeatedCompositeFieldContainer[_payout_pb2.BreakdownLine]
    month_total_fen: int
    def __init__(self, award: _Optional[_Union[_payout_pb2.Award, _Mapping]] = ..., month_lines: _Optional[_Iterable[_Union[_payout_pb2.BreakdownLine, _Mapping]]] = ..., month_total_fen: _Optional[int] = ...) -> None: ...

class ListAwardsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "status", "village_code", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    status: _payout_pb2.AwardStatus
    village_code: str
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., status: _Optional[_Union[_payout_pb2.AwardStatus, str]] = ..., village_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAwardsResponse(_message.Message):
    __slots__ = ("awards", "next_page_token")
    AWARDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    awards: _containers.RepeatedCompositeFieldContainer[_payout_pb2.Award]
    next_page_token: str
    def __init__(self, awards: _Optional[_Iterable[_Union[_payout_pb2.Award, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListShortOfYearsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "checked_month", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_MONTH_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    checked_month: _types_pb2.YearMonth
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., checked_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListShortOfYearsResponse(_message.Message):
    __slots__ = ("residents", "next_page_token")
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    residents: _containers.RepeatedCompositeFieldContainer[_payout_pb2.ShortOfYears]
    next_page_token: str
    def __init__(self, residents: _Optional[_Iterable[_Union[_payout_pb2.ShortOfYears, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class PreparePayrollRequest(_message.Message):
    __slots__ = ("request_id", "pooling_region_code", "month")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, request_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class PreparePayrollResponse(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class ApprovePayrollRequest(_message.Message):
    __slots__ = ("request_id", "payroll_run_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    payroll_run_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ApprovePayrollResponse(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class ExportPayrollRequest(_message.Message):
    __slots__ = ("request_id", "payroll_run_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    payroll_run_id: str
    def __init__(self, request_id: _Optional[str] = ..., payroll_run_id: _Optional[str] = ...) -> None: ...

class ExportPayrollResponse(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class DownloadBankBatchRequest(_message.Message):
    __slots__ = ("payroll_run_id", "batch_id")
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    payroll_run_id: str
    batch_id: str
    def __init__(self, payroll_run_id: _Optional[str] = ..., batch_id: _Optional[str] = ...) -> None: ...

class DownloadBankBatchResponse(_message.Message):
    __slots__ = ("file_name", "chunk")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    chunk: bytes
    def __init__(self, file_name: _Optional[str] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class BankReturnHeader(_message.Message):
    __slots__ = ("request_id", "payroll_run_id", "batch_id", "file_name")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    BATCH_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    payroll_run_id: str
    batch_id: str
    file_name: str
    def __init__(self, request_id: _Optional[str] = ..., payroll_run_id: _Optional[str] = ..., batch_id: _Optional[str] = ..., file_name: _Optional[str] = ...) -> None: ...

class ImportBankReturnRequest(_message.Message):
    __slots__ = ("header", "chunk")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    header: BankReturnHeader
    chunk: bytes
    def __init__(self, header: _Optional[_Union[BankReturnHeader, _Mapping]] = ..., chunk: _Optional[bytes] = ...) -> None: ...

class ImportBankReturnResponse(_message.Message):
    __slots__ = ("accepted", "mismatches", "batch", "payroll")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    MISMATCHES_FIELD_NUMBER: _ClassVar[int]
    BATCH_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    mismatches: _containers.RepeatedCompositeFieldContainer[_types_pb2.Violation]
    batch: _payout_pb2.BankBatch
    payroll: _payout_pb2.PayrollRun
    def __init__(self, accepted: _Optional[bool] = ..., mismatches: _Optional[_Iterable[_Union[_types_pb2.Violation, _Mapping]]] = ..., batch: _Optional[_Union[_payout_pb2.BankBatch, _Mapping]] = ..., payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class ClosePayrollRequest(_message.Message):
    __slots__ = ("request_id", "payroll_run_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    payroll_run_id: str
    def __init__(self, request_id: _Optional[str] = ..., payroll_run_id: _Optional[str] = ...) -> None: ...

class ClosePayrollResponse(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class GetPayrollRequest(_message.Message):
    __slots__ = ("payroll_run_id", "pooling_region_code", "month")
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    payroll_run_id: str
    pooling_region_code: str
    month: _types_pb2.YearMonth
    def __init__(self, payroll_run_id: _Optional[str] = ..., pooling_region_code: _Optional[str] = ..., month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class GetPayrollResponse(_message.Message):
    __slots__ = ("payroll",)
    PAYROLL_FIELD_NUMBER: _ClassVar[int]
    payroll: _payout_pb2.PayrollRun
    def __init__(self, payroll: _Optional[_Union[_payout_pb2.PayrollRun, _Mapping]] = ...) -> None: ...

class ListPayrollsRequest(_message.Message):
    __slots__ = ("pooling_region_code", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPayrollsResponse(_message.Message):
    __slots__ = ("payrolls", "next_page_token")
    PAYROLLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payrolls: _containers.RepeatedCompositeFieldContainer[_payout_pb2.PayrollRun]
    next_page_token: str
    def __init__(self, payrolls: _Optional[_Iterable[_Union[_payout_pb2.PayrollRun, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListPaymentsRequest(_message.Message):
    __slots__ = ("payroll_run_id", "status", "page_size", "page_token")
    PAYROLL_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payroll_run_id: str
    status: _payout_pb2.PaymentStatus
    page_size: int
    page_token: str
    def __init__(self, payroll_run_id: _Optional[str] = ..., status: _Optional[_Union[_payout_pb2.PaymentStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPaymentsResponse(_message.Message):
    __slots__ = ("payments", "next_page_token")
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[_payout_pb2.Payment]
    next_page_token: str
    def __init__(self, payments: _Optional[_Iterable[_Union[_payout_pb2.Payment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetResidentPaymentsRequest(_message.Message):
    __slots__ = ("resident_id", "from_month", "to_month")
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_MONTH_FIELD_NUMBER: _ClassVar[int]
    TO_MONTH_FIELD_NUMBER: _ClassVar[int]
    resident_id: str
    from_month: _types_pb2.YearMonth
    to_month: _types_pb2.YearMonth
    def __init__(self, resident_id: _Optional[str] = ..., from_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ..., to_month: _Optional[_Union[_types_pb2.YearMonth, _Mapping]] = ...) -> None: ...

class GetResidentPaymentsResponse(_message.Message):
    __slots__ = ("payments",)
    PAYMENTS_FIELD_NUMBER: _ClassVar[int]
    payments: _containers.RepeatedCompositeFieldContainer[_payout_pb2.Payment]
    def __init__(self, payments: _Optional[_Iterable[_Union[_payout_pb2.Payment, _Mapping]]] = ...) -> None: ...

class GetOverpaymentCaseRequest(_message.Message):
    __slots__ = ("overpayment_case_id",)
    OVERPAYMENT_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    overpayment_case_id: str
    def __init__(self, overpayment_case_id: _Optional[str] = ...) -> None: ...

class GetOverpaymentCaseResponse(_message.Message):
    __slots__ = ("overpayment_case",)
    OVERPAYMENT_CASE_FIELD_NUMBER: _ClassVar[int]
    overpayment_case: _payout_pb2.OverpaymentCase
    def __init__(self, overpayment_case: _Optional[_Union[_payout_pb2.OverpaymentCase, _Mapping]] = ...) -> None: ...

class ListOverpaymentCasesRequest(_message.Message):
    __slots__ = ("pooling_region_code", "resident_id", "status", "page_size", "page_token")
    POOLING_REGION_CODE_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    pooling_region_code: str
    resident_id: str
    status: _payout_pb2.OverpaymentStatus
    page_size: int
    page_token: str
    def __init__(self, pooling_region_code: _Optional[str] = ..., resident_id: _Optional[str] = ..., status: _Optional[_Union[_payout_pb2.OverpaymentStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOverpaymentCasesResponse(_message.Message):
    __slots__ = ("overpayment_cases", "next_page_token")
    OVERPAYMENT_CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    overpayment_cases: _containers.RepeatedCompositeFieldContainer[_payout_pb2.OverpaymentCase]
    next_page_token: str
    def __init__(self, overpayment_cases: _Optional[_Iterable[_Union[_payout_pb2.OverpaymentCase, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordRecoveryRequest(_message.Message):
    __slots__ = ("request_id", "overpayment_case_id", "amount_fen", "method", "recovered_on", "reference", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OVERPAYMENT_CASE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    RECOVERED_ON_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    overpayment_case_id: str
    amount_fen: int
    method: _payout_pb2.RecoveryMethod
    recovered_on: _types_pb2.CalendarDate
    reference: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., overpayment_case_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., method: _Optional[_Union[_payout_pb2.RecoveryMethod, str]] = ..., recovered_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., reference: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordRecoveryResponse(_message.Message):
    __slots__ = ("overpayment_case",)
    OVERPAYMENT_CASE_FIELD_NUMBER: _ClassVar[int]
    overpayment_case: _payout_pb2.OverpaymentCase
    def __init__(self, overpayment_case: _Optional[_Union[_payout_pb2.OverpaymentCase, _Mapping]] = ...) -> None: ...

class RequestInheritancePayoutRequest(_message.Message):
    __slots__ = ("request_id", "resident_id", "heir_name", "heir_citizen_id_number", "relationship", "heir_bank_card_number", "heir_bank_code", "heir_bank_name", "evidence_ref", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    HEIR_NAME_FIELD_NUMBER: _ClassVar[int]
    HEIR_CITIZEN_ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    RELATIONSHIP_FIELD_NUMBER: _ClassVar[int]
    HEIR_BANK_CARD_NUMBER_FIELD_NUMBER: _ClassVar[int]
    HEIR_BANK_CODE_FIELD_NUMBER: _ClassVar[int]
    HEIR_BANK_NAME_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_REF_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    resident_id: str
    heir_name: str
    heir_citizen_id_number: str
    relationship: str
    heir_bank_card_number: str
    heir_bank_code: str
    heir_bank_name: str
    evidence_ref: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., resident_id: _Optional[str] = ..., heir_name: _Optional[str] = ..., heir_citizen_id_number: _Optional[str] = ..., relationship: _Optional[str] = ..., heir_bank_card_number: _Optional[str] = ..., heir_bank_code: _Optional[str] = ..., heir_bank_name: _Optional[str] = ..., evidence_ref: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RequestInheritancePayoutResponse(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class ApproveInheritancePayoutRequest(_message.Message):
    __slots__ = ("request_id", "inheritance_id", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INHERITANCE_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    inheritance_id: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., inheritance_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ApproveInheritancePayoutResponse(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class RecordInheritancePaymentResultRequest(_message.Message):
    __slots__ = ("request_id", "inheritance_id", "paid", "paid_on", "bank_reference", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INHERITANCE_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_FIELD_NUMBER: _ClassVar[int]
    PAID_ON_FIELD_NUMBER: _ClassVar[int]
    BANK_REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    inheritance_id: str
    paid: bool
    paid_on: _types_pb2.CalendarDate
    bank_reference: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., inheritance_id: _Optional[str] = ..., paid: _Optional[bool] = ..., paid_on: _Optional[_Union[_types_pb2.CalendarDate, _Mapping]] = ..., bank_reference: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RecordInheritancePaymentResultResponse(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...

class GetInheritancePayoutRequest(_message.Message):
    __slots__ = ("inheritance_id", "resident_id")
    INHERITANCE_ID_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_ID_FIELD_NUMBER: _ClassVar[int]
    inheritance_id: str
    resident_id: str
    def __init__(self, inheritance_id: _Optional[str] = ..., resident_id: _Optional[str] = ...) -> None: ...

class GetInheritancePayoutResponse(_message.Message):
    __slots__ = ("inheritance",)
    INHERITANCE_FIELD_NUMBER: _ClassVar[int]
    inheritance: _payout_pb2.InheritancePayout
    def __init__(self, inheritance: _Optional[_Union[_payout_pb2.InheritancePayout, _Mapping]] = ...) -> None: ...
