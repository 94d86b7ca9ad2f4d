"""What the supervision routes (alerts, cases, reconciliation, audit) accept and how they name the contract's enums.

The contract's enums travel in JSON as their names in lower case without the prefix (ALERT_RULE_SHARED_BANK_ACCOUNT
is "shared_bank_account"), as the proof-of-life routes do; each name list below is the contract's own, checked by
tests/unit/gateway/test_supervision_route_mapping.py, so a value the contract adds cannot be silently missing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, Literal

from fastapi import Path, Query
from google.protobuf.descriptor import EnumDescriptor
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from pension.common.v1 import types_pb2
from pension_gateway.api.routes.fields import MONTH_PATTERN, TEXT_PATTERN, _free_text, _matching, _month
from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import IdentifierError, Month, division_code_of_pooling_region, parse_month
from pension_kit.text import ID_MAX, REASON_MAX, REFERENCE_MAX

# An alert's id: "AL-" and 24 hex digits of its facts key (pension_supervision.domain.alerts.alert_id).
ALERT_ID_PATTERN: Final = r"^AL-[0-9a-f]{24}$"
# Ids the platform made (a case, payout's overpayment case "OP-R...-1") and officers' user ids: no blanks, no "/".
PLATFORM_ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
POOLING_REGION_PATTERN: Final = r"^[0-9]{6}$"
# Supervision's list cursors are opaque strings the service issued: URL-safe, with the separators of a sort key.
SUPERVISION_PAGE_TOKEN_PATTERN: Final = r"^[0-9A-Za-z_.:|=+/-]{0,256}$"
# A case's title: a line, not a report.
TITLE_MAX: Final = 200
# Alerts one case covers; attachments and overpayment cases one request adds.
CASE_ALERTS_MAX: Final = 100
REFERENCES_MAX: Final = 20
# Fund-account figures of one reconciliation: one per item and fund (the service's MAX_FIGURES).
FIGURES_MAX: Final = 50
# A statement's reference (the service's STATEMENT_REF_MAX_LENGTH).
STATEMENT_REF_MAX: Final = 64
# The largest amount a request may carry, fen: 10^15 fen is ten trillion yuan, beyond any county's fund, and far
# inside int64 and JSON's exactly representable integers.
AMOUNT_FEN_MAX: Final = 10**15

AlertRuleName = Literal[
    "payment_after_death",
    "shared_bank_account",
    "centenarian_weak_certification",
    "certification_far_from_village",
    "certification_burst",
    "cash_not_deposited",
    "employee_pension_enrolment",
    "payroll_not_reconciled",
    "duplicate_enrolment",
    "duplicate_receipt",
    "audit_chain_broken",
]
AlertStatusName = Literal["open", "in_case", "dismissed"]
CaseStatusName = Literal["open", "investigating", "substantiated", "unsubstantiated", "closed"]
ChainBreakKindName = Literal["hash_mismatch", "prev_hash_mismatch", "sequence_gap"]
ReconciliationItemName = Literal[
    "contribution_income",
    "subsidy_income",
    "benefit_expenditure",
    "payroll_vs_bank_return",
    "inheritance_expenditure",
    "transfers",
    "recoveries",
]
FundName = Literal["individual_account", "pooled"]
# A reconciliation figure or line may be for both funds together (the contract's FUND_UNSPECIFIED there).
BOTH_FUNDS: Final = "both"

# Each name list and the prefix of its contract enum.
ENUM_PREFIXES: Final[dict[str, str]] = {
    "AlertRule": "ALERT_RULE_",
    "AlertStatus": "ALERT_STATUS_",
    "CaseStatus": "CASE_STATUS_",
    "ChainBreakKind": "CHAIN_BREAK_KIND_",
    "ReconciliationItem": "RECONCILIATION_ITEM_",
    "Fund": "FUND_",
}


def enum_name(enum: EnumDescriptor, number: int) -> str:
    """The JSON name of a contract enum's value: lower case without the prefix; "unspecified" for 0 or unknown."""
    value = enum.values_by_number.get(number)
    if value is None:
        return "unspecified"
    return value.name.removeprefix(ENUM_PREFIXES[enum.name]).lower()


def enum_number(enum: EnumDescriptor, name: str | None) -> int:
    """The contract number of a JSON name (a Literal above guarantees it exists); 0 (any) for None."""
    if name is None:
        return 0
    return enum.values_by_name[ENUM_PREFIXES[enum.name] + name.upper()].number


def moment(value: Timestamp) -> datetime | None:
    """A timestamp the service set, or None for an unset one (not 1970)."""
    return value.ToDatetime(tzinfo=UTC) if value.seconds or value.nanos else None


def month_text(value: types_pb2.YearMonth) -> str:
    return f"{value.year:04d}-{value.month:02d}" if value.year else ""


def parse_month_text(value: str) -> Month:
    """A YYYY-MM already checked by its field; InvalidArgument otherwise (a route's path)."""
    try:
        return parse_month(value, field="month")
    except IdentifierError as error:
        raise InvalidArgument(error.reason, error.message, field="month", message_zh="月份应写作YYYY-MM") from None


def _pooling_region(value: str) -> str:
    try:
        division_code_of_pooling_region(value, field="pooling_region_code")
    except IdentifierError as error:
        raise PydanticCustomError(error.reason, "{message}", {"message": error.message}) from None
    return value


def _optional_pooling_region(value: str | None) -> str | None:
    return None if value is None else _pooling_region(value)


# --- paths and queries -------------------------------------------------------------------------------------------

AlertIdPath = Annotated[
    str,
    Path(
        description='An alert\'s id: "AL-" and 24 lower-case hexadecimal digits.',
        json_schema_extra={"pattern": ALERT_ID_PATTERN, "maxLength": 27},
        examples=["AL-3f9a0c27b41d5e86a0c2d4e1"],
    ),
    _matching(ALERT_ID_PATTERN, "ALERT_ID_FORMAT", 'an alert id is "AL-" and 24 lower-case hexadecimal digits'),
]
CaseIdPath = Annotated[
    str,
    Path(
        description="A case's id, as opening it answered.",
        json_schema_extra={"pattern": PLATFORM_ID_PATTERN, "maxLength": ID_MAX},
    ),
    _matching(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$", "CASE_ID_FORMAT", "a case id is letters, digits and . _ : -"),
]
PoolingRegionPath = Annotated[
    str,
    Path(
        description="6-digit county code of the pooling region.",
        json_schema_extra={"pattern": POOLING_REGION_PATTERN, "maxLength": 6},
        examples=["411723"],
    ),
    AfterValidator(_pooling_region),
]
MonthPath = Annotated[
    str,
    Path(description="A month, YYYY-MM.", json_schema_extra={"pattern": MONTH_PATTERN, "maxLength": 7}),
    AfterValidator(_month),
]
PoolingRegionQuery = Annotated[
    str | None,
    Query(
        description="6-digit county code of the pooling region; all regions without it.",
        max_length=6,
        json_schema_extra={"pattern": POOLING_REGION_PATTERN},
    ),
    AfterValidator(_optional_pooling_region),
]
ResidentIdQuery = Annotated[
    str,
    Query(
        description="Only those concerning this resident (R and 20 hexadecimal digits); empty for all.",
        json_schema_extra={"pattern": r"^(R[0-9A-Fa-f]{20})?$", "maxLength": 21},
    ),
    _matching(r"^(R[0-9A-Fa-f]{20})?$", "RESIDENT_ID_FORMAT", "a resident id is R and 20 hexadecimal digits"),
]
SupervisionPageToken = Annotated[
    str,
    Query(
        description="The `next_page_token` of the previous page; empty for the first.",
        json_schema_extra={"pattern": SUPERVISION_PAGE_TOKEN_PATTERN, "maxLength": 256},
    ),
    _matching(SUPERVISION_PAGE_TOKEN_PATTERN, "PAGE_TOKEN_INVALID", "page_token is not one we issued"),
]

# --- body fields -------------------------------------------------------------------------------------------------

AlertIdField = Annotated[
    str,
    Field(max_length=27, description='An alert\'s id: "AL-" and 24 lower-case hexadecimal digits.'),
    _matching(ALERT_ID_PATTERN, "ALERT_ID_FORMAT", 'an alert id is "AL-" and 24 lower-case hexadecimal digits'),
]
PlatformId = Annotated[
    str,
    Field(min_length=1, max_length=ID_MAX, pattern=PLATFORM_ID_PATTERN, description="An id the platform made."),
]
OfficerId = Annotated[
    str,
    Field(max_length=ID_MAX, pattern=r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$", description="An officer's user id."),
]
PoolingRegionField = Annotated[
    str,
    Field(
        max_length=6,
        json_schema_extra={"pattern": POOLING_REGION_PATTERN},
        description="6-digit county code of the pooling region.",
    ),
    AfterValidator(_pooling_region),
]
MonthField = Annotated[
    str,
    Field(max_length=7, json_schema_extra={"pattern": MONTH_PATTERN}, description="A month, YYYY-MM."),
    AfterValidator(_month),
]
Title = Annotated[
    str,
    Field(
        min_length=1,
        max_length=TITLE_MAX,
        pattern=TEXT_PATTERN,
        description="A short title; no personal numbers (ID, card, mobile).",
    ),
    _free_text("title", TITLE_MAX),
]
RequiredReason = Annotated[
    str,
    Field(
        min_length=1,
        max_length=REASON_MAX,
        pattern=TEXT_PATTERN,
        description="Why (required); no personal numbers (ID, card, mobile).",
    ),
    _free_text("reason", REASON_MAX),
]
AttachmentRef = Annotated[
    str,
    Field(
        min_length=1,
        max_length=REFERENCE_MAX,
        pattern=TEXT_PATTERN,
        description="A document store's id or a scanned file's name: never the content.",
    ),
    _free_text("attachment_ref", REFERENCE_MAX),
]
StatementRef = Annotated[
    str,
    Field(
        max_length=STATEMENT_REF_MAX, pattern=TEXT_PATTERN, description="The treasury or bank statement's reference."
    ),
    _free_text("statement_ref", STATEMENT_REF_MAX),
]
AmountFen = Annotated[int, Field(strict=True, ge=0, le=AMOUNT_FEN_MAX, description="An amount in fen (integer).")]
SignedAmountFen = Annotated[
    int,
    Field(
        strict=True, ge=-AMOUNT_FEN_MAX, le=AMOUNT_FEN_MAX, description="An amount in fen (integer), may be negative."
    ),
]
