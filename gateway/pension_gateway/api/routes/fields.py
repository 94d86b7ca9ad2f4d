"""What the routes accept in paths, queries and bodies: every string bounded, every identifier's format checked.

A malformed identifier is refused here, naming its field, and never reaches a service. Fixed-format identifiers
are checked by the same pension_kit.identifiers functions the services use, so the reason codes are the
services' own (MOBILE_FORMAT, CITIZEN_ID_CHECK_CHARACTER, ...), and a form with several mistakes has them all
listed at once. The documented `pattern` of such a field is its canonical form; surrounding blanks, which the
services trim, are tolerated within the field's `maxLength`.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Final

from fastapi import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from pension_kit.errors import InvalidArgument
from pension_kit.identifiers import (
    IdentifierError,
    parse_citizen_id,
    parse_month,
    validate_bank_card,
    validate_citizen_id_suffix,
    validate_mobile,
    validate_name,
    validate_name_prefix,
    validate_village_code,
)
from pension_kit.text import (
    BANK_CODE_MAX,
    BANK_NAME_MAX,
    EVIDENCE_REF_MAX,
    ID_MAX,
    IDENTIFIER_MAX,
    PHOTO_REF_MAX,
    REASON_MAX,
    RECEIPT_NUMBER_MAX,
    check_free_text,
)

# Enrolment derives a resident's id from a keyed hash of the citizen ID number: "R" and 20 upper-case hex digits
# (pension_enrolment's derived_resident_id). Lower case is accepted too: ids written by hand in tests and older
# imports use it, and the lookup is exact either way.
RESIDENT_ID_PATTERN: Final = r"^R[0-9A-Fa-f]{20}$"
# An audit entry's subject: a resident id, or a 6-digit pooling region code (000000 for the chain itself).
SUBJECT_KEY_PATTERN: Final = r"^(R[0-9A-Fa-f]{20}|[0-9]{6})?$"
# Page tokens are opaque; the ones we issue are short and URL-safe.
PAGE_TOKEN_PATTERN: Final = r"^[0-9A-Za-z_=-]{0,128}$"
MONTH_PATTERN: Final = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
REQUEST_ID_PATTERN: Final = r"^[A-Za-z0-9._:-]+$"
CITIZEN_ID_PATTERN: Final = r"^[0-9]{17}[0-9X]$"
VILLAGE_CODE_PATTERN: Final = r"^[0-9]{12}$"
MOBILE_PATTERN: Final = r"^1[3-9][0-9]{9}$"
BANK_CARD_PATTERN: Final = r"^[0-9]{16,19}$"
BANK_CODE_PATTERN: Final = r"^[A-Za-z0-9]*$"
USER_ID_PATTERN: Final = r"^[A-Za-z0-9._-]*$"
DATE_PATTERN: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Verification's task-list cursor: the due date and the certification's id ("2026-01-01|CE-R...").
TASK_PAGE_TOKEN_PATTERN: Final = r"^[0-9A-Za-z_.:|=-]{0,200}$"
# A liveness challenge's token is the service's opaque signed string: printable ASCII without blanks.
CHALLENGE_TOKEN_PATTERN: Final = r"^[!-~]+$"
CHALLENGE_TOKEN_MAX: Final = 4096
DEVICE_ID_PATTERN: Final = r"^[A-Za-z0-9._:-]*$"
# Free text (a bank's name, a reference): anything printable. A control character (a newline, a NUL) has no
# business in it, and a newline in a bank's name would break the bank batch files it is written to.
TEXT_PATTERN: Final = r"^[^\x00-\x1f\x7f]*$"

# The maximum lengths are the services' own (pension_kit.text), so that the gateway refuses what they would
# without asking them. An identifier may be longer raw than its canonical form (IDENTIFIER_MAX): blanks around it
# are trimmed, and a bank card may be typed in groups of four.

# Below the services' REQUEST_ID_MAX (100): the gateway has always taken at most 64, and clients send uuids.
REQUEST_ID_MAX: Final = 64
# Images (an enrolment photo, a visit's photo, a face proof's frames) travel as base64 strings in the JSON body:
# at most 4 MiB each once decoded (the verification service's own limit), JPEG or PNG; a face proof has 2 to 5.
IMAGE_MAX_BYTES: Final = 4 * 1024 * 1024
IMAGE_BASE64_MAX: Final = -(-IMAGE_MAX_BYTES // 3) * 4
FRAMES_MIN: Final = 2
FRAMES_MAX: Final = 5
# The first bytes of the two formats the service decodes; anything else is refused here with the service's code.
_IMAGE_MAGIC: Final = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
# Coordinates as the contract carries them (pension.common.v1.GeoPoint): degrees times 1,000,000, as integers.
LATITUDE_E6_MAX: Final = 90_000_000
LONGITUDE_E6_MAX: Final = 180_000_000
ACCURACY_M_MAX: Final = 100_000

# Enrolment's MAX_SPECIAL_GROUPS: three groups, with past memberships kept.
SPECIAL_GROUPS_MAX: Final = 20


def _matching(pattern: str, code: str, message: str) -> AfterValidator:
    """Refuses a value not matching `pattern` with `code` (the pattern is also the field's documented one)."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if compiled.fullmatch(value) is None:
            # The message goes through the context, so that braces in it are not taken for placeholders.
            raise PydanticCustomError(code, "{message}", {"message": message})
        return value

    return AfterValidator(check)


def _identifier(check: Callable[[str], object]) -> AfterValidator:
    """Runs a pension_kit.identifiers check; its refusal keeps the kit's reason code and message."""

    def validate(value: str) -> str:
        try:
            check(value)
        except IdentifierError as error:
            raise PydanticCustomError(error.reason, "{message}", {"message": error.message}) from None
        return value

    return AfterValidator(validate)


def _citizen_id(value: str) -> object:
    # date.max: a birth date in the future is the service's to refuse, by its own clock (China's date).
    return parse_citizen_id(value, today=date.max)


def _month(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_month(value, field="month")
        except IdentifierError as error:
            raise PydanticCustomError(error.reason, "{message}", {"message": error.message}) from None
    return value


def _refusal(code: str, message: str) -> PydanticCustomError:
    # The message goes through the context, so that braces in it are not taken for placeholders.
    return PydanticCustomError(code, "{message}", {"message": message})


def _calendar_day(value: str) -> str:
    """A day written YYYY-MM-DD that the calendar has (2026-02-30 is refused)."""
    if re.fullmatch(DATE_PATTERN, value) is None:
        raise _refusal("DATE_FORMAT", "a date is written YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _refusal("DATE_INVALID", f"{value} is not a day of the calendar") from None
    return value


def _optional_day(value: str | None) -> str | None:
    return None if value is None else _calendar_day(value)


def _instant(value: str) -> str:
    """An ISO 8601 instant with its offset: a phone's clock without one could be any time zone's."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _refusal("DATETIME_FORMAT", "an instant is written YYYY-MM-DDTHH:MM:SS+08:00 (ISO 8601)") from None
    if moment.tzinfo is None:
        raise _refusal("DATETIME_OFFSET_REQUIRED", "an instant needs its offset, e.g. +08:00 or Z")
    return value


def _image(value: object) -> bytes:
    """The bytes of a base64 image within IMAGE_MAX_BYTES, JPEG or PNG by its first bytes; refused otherwise, with
    the verification service's codes where it has one (IMAGE_TOO_LARGE, IMAGE_NOT_JPEG_OR_PNG)."""
    if not isinstance(value, str):
        raise _refusal("FIELD_TYPE_INVALID", "an image is sent as a base64 string")
    if len(value) > IMAGE_BASE64_MAX:
        raise _refusal("IMAGE_TOO_LARGE", f"an image has at most {IMAGE_MAX_BYTES} bytes")
    if not value:
        raise _refusal("IMAGE_REQUIRED", "the image is empty")
    try:
        data = base64.b64decode(value, validate=True)
    except binascii.Error:
        raise _refusal(
            "IMAGE_BASE64_INVALID", "an image is standard base64 (RFC 4648), padded, no line breaks"
        ) from None
    if len(data) > IMAGE_MAX_BYTES:
        raise _refusal("IMAGE_TOO_LARGE", f"an image has at most {IMAGE_MAX_BYTES} bytes")
    if not data.startswith(_IMAGE_MAGIC):
        raise _refusal("IMAGE_NOT_JPEG_OR_PNG", "the file is not a JPEG or PNG image")
    return data


def _free_text(field: str, max_length: int) -> AfterValidator:
    """pension_kit.text.check_free_text at the edge: a personal number typed into a note never leaves the phone's
    request (FREE_TEXT_PERSONAL_NUMBER, naming the kind of number, never the number)."""

    def check(value: str) -> str:
        try:
            check_free_text(value, field=field, max_length=max_length)
        except InvalidArgument as error:
            raise _refusal(error.reason, error.message) from None
        return value

    return AfterValidator(check)


# --- paths and queries -------------------------------------------------------------------------------------

ResidentId = Annotated[
    str,
    Path(
        description="A resident's id: R and 20 hexadecimal digits.",
        json_schema_extra={"pattern": RESIDENT_ID_PATTERN, "minLength": 21, "maxLength": 21},
        examples=["R3F9A0C27B41D5E86A0C2"],
    ),
    _matching(RESIDENT_ID_PATTERN, "RESIDENT_ID_FORMAT", "a resident id is R and 20 hexadecimal digits"),
]

MonthQuery = Annotated[
    str | None,
    Query(
        description="A month, YYYY-MM.",
        max_length=7,
        json_schema_extra={"pattern": MONTH_PATTERN},
        examples=["2026-12"],
    ),
    AfterValidator(_month),
]

SubjectKey = Annotated[
    str,
    Query(
        description="A resident id or a 6-digit pooling region code; empty for all.",
        json_schema_extra={"pattern": SUBJECT_KEY_PATTERN, "maxLength": 21},
    ),
    _matching(
        SUBJECT_KEY_PATTERN, "SUBJECT_KEY_FORMAT", "a subject key is a resident id or a 6-digit pooling region code"
    ),
]

AUDIT_PRODUCER_PATTERN: Final = r"^([a-z][a-z0-9_-]{0,39})?$"
AUDIT_EVENT_TYPE_PATTERN: Final = r"^([A-Za-z][A-Za-z0-9_.]{0,119})?$"

AuditProducer = Annotated[
    str,
    Query(
        description="Only the events of this producer (a service's name, e.g. `payout`); empty for all.",
        json_schema_extra={"pattern": AUDIT_PRODUCER_PATTERN, "maxLength": 40},
    ),
    _matching(AUDIT_PRODUCER_PATTERN, "PRODUCER_FORMAT", "a producer is a service's name, e.g. payout"),
]

AuditEventType = Annotated[
    str,
    Query(
        description="Only events of this type (e.g. `pension.supervision.v1.CaseOpened`); empty for all.",
        json_schema_extra={"pattern": AUDIT_EVENT_TYPE_PATTERN, "maxLength": 120},
    ),
    _matching(
        AUDIT_EVENT_TYPE_PATTERN, "EVENT_TYPE_FORMAT", "an event type is a dotted name, e.g. pension.payout.v1.X"
    ),
]

PageToken = Annotated[
    str,
    Query(
        description="The `next_page_token` of the previous page; empty for the first.",
        json_schema_extra={"pattern": PAGE_TOKEN_PATTERN, "maxLength": 128},
    ),
    _matching(PAGE_TOKEN_PATTERN, "PAGE_TOKEN_INVALID", "page_token is not one we issued"),
]

# --- body fields -------------------------------------------------------------------------------------------

RequestId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=REQUEST_ID_MAX,
        pattern=REQUEST_ID_PATTERN,
        description="Idempotency key: retry with the same one. Letters, digits and . _ : -",
    ),
]
CitizenIdNumber = Annotated[
    str,
    Field(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": CITIZEN_ID_PATTERN},
        description="18 characters (GB 11643, check character); sex and birth date are derived from it.",
    ),
    _identifier(_citizen_id),
]
Name = Annotated[
    str,
    Field(
        max_length=IDENTIFIER_MAX,
        description="2 to 20 Chinese characters; a middle dot (·) between the parts of a minority name.",
    ),
    _identifier(validate_name),
]
VillageCode = Annotated[
    str,
    Field(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": VILLAGE_CODE_PATTERN},
        description="12-digit division code of the village.",
    ),
    _identifier(validate_village_code),
]
Mobile = Annotated[
    str,
    Field(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": MOBILE_PATTERN},
        description="11-digit mainland mobile number.",
    ),
    _identifier(validate_mobile),
]
BankCardNumber = Annotated[
    str,
    Field(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": BANK_CARD_PATTERN},
        description="16 to 19 digits passing the Luhn check, in the resident's own name; may be typed in groups.",
    ),
    _identifier(validate_bank_card),
]
BankCode = Annotated[
    str,
    Field(max_length=BANK_CODE_MAX, pattern=BANK_CODE_PATTERN, description="The bank's code, e.g. ABC or 103."),
]
BankName = Annotated[str, Field(max_length=BANK_NAME_MAX, pattern=TEXT_PATTERN, description="The bank's name.")]
EvidenceRef = Annotated[
    str,
    Field(
        max_length=EVIDENCE_REF_MAX,
        pattern=TEXT_PATTERN,
        description="Certificate or list reference proving membership.",
    ),
]
PhotoRef = Annotated[
    str,
    Field(
        max_length=PHOTO_REF_MAX,
        pattern=TEXT_PATTERN,
        description="Reference to the photo taken for later face matching.",
    ),
]
AgentId = Annotated[
    str,
    Field(
        max_length=ID_MAX,
        pattern=USER_ID_PATTERN,
        description="The enrolling agent's user id; defaults to the calling agent.",
    ),
]

# --- proof of life (verification) ------------------------------------------------------------------------------

VillageCodePath = Annotated[
    str,
    Path(
        description="12-digit division code of the village.",
        json_schema_extra={"pattern": VILLAGE_CODE_PATTERN, "maxLength": IDENTIFIER_MAX},
        examples=["411723101201"],
    ),
    _identifier(validate_village_code),
]

DateQuery = Annotated[
    str | None,
    Query(
        description="A day, YYYY-MM-DD.",
        max_length=10,
        json_schema_extra={"pattern": DATE_PATTERN},
        examples=["2026-12-31"],
    ),
    AfterValidator(_optional_day),
]

TaskPageToken = Annotated[
    str,
    Query(
        description="The `next_page_token` of the previous page; empty for the first.",
        json_schema_extra={"pattern": TASK_PAGE_TOKEN_PATTERN, "maxLength": 200},
    ),
    _matching(TASK_PAGE_TOKEN_PATTERN, "PAGE_TOKEN_INVALID", "page_token is not one we issued"),
]

CalendarDay = Annotated[
    str,
    Field(max_length=10, json_schema_extra={"pattern": DATE_PATTERN, "format": "date"}, description="YYYY-MM-DD."),
    AfterValidator(_calendar_day),
]

Instant = Annotated[
    str,
    Field(
        max_length=40,
        json_schema_extra={"format": "date-time"},
        description="ISO 8601 with its offset, e.g. 2026-12-03T09:30:00+08:00.",
        examples=["2026-12-03T09:30:00+08:00"],
    ),
    AfterValidator(_instant),
]

_IMAGE_SCHEMA: Final = {
    "type": "string",
    "contentEncoding": "base64",
    "minLength": 1,
    "maxLength": IMAGE_BASE64_MAX,
    "description": f"A JPEG or PNG image, standard base64 (RFC 4648) with padding and no line breaks: at most "
    f"{IMAGE_MAX_BYTES:,} bytes (4 MiB) decoded, {IMAGE_BASE64_MAX:,} characters.",
}
Image = Annotated[bytes, BeforeValidator(_image), WithJsonSchema(_IMAGE_SCHEMA)]

ChallengeToken = Annotated[
    str,
    Field(
        min_length=1,
        max_length=CHALLENGE_TOKEN_MAX,
        pattern=CHALLENGE_TOKEN_PATTERN,
        description="The `challenge_token` the liveness challenge answered, as it was given.",
    ),
]
DeviceId = Annotated[
    str,
    Field(max_length=ID_MAX, pattern=DEVICE_ID_PATTERN, description="The phone's device id, if it has one."),
]
Note = Annotated[
    str,
    Field(max_length=REASON_MAX, pattern=TEXT_PATTERN, description="A note; no personal numbers (ID, card, mobile)."),
    _free_text("note", REASON_MAX),
]
Reason = Annotated[
    str,
    Field(max_length=REASON_MAX, pattern=TEXT_PATTERN, description="Why; no personal numbers (ID, card, mobile)."),
    _free_text("reason", REASON_MAX),
]
LatitudeE6 = Annotated[
    int,
    Field(
        strict=True,
        ge=-LATITUDE_E6_MAX,
        le=LATITUDE_E6_MAX,
        description="Latitude x 1,000,000 (34.757975 is 34757975).",
    ),
]
LongitudeE6 = Annotated[
    int,
    Field(
        strict=True,
        ge=-LONGITUDE_E6_MAX,
        le=LONGITUDE_E6_MAX,
        description="Longitude x 1,000,000 (113.665412 is 113665412).",
    ),
]
AccuracyM = Annotated[
    int, Field(strict=True, ge=0, le=ACCURACY_M_MAX, description="The reported accuracy radius in metres; 0 unknown.")
]

# --- agents' devices and sign-in (pension_gateway.agent) -------------------------------------------------------

# A phone's id as the app makes it (an installation id or a uuid) and a name the agent recognises it by.
AGENT_DEVICE_ID_MAX: Final = 64
DEVICE_NAME_MAX: Final = 64
# A user id as pension_gateway.auth makes them (lower case), checked in paths before any lookup.
USER_ID_PATH_PATTERN: Final = r"^[a-z0-9][a-z0-9._-]{1,63}$"

AgentDeviceId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=AGENT_DEVICE_ID_MAX,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="The phone's own id (an installation id or a uuid): letters, digits and . _ : -",
        examples=["8c1e0f6a-3b7d-4f3e-9a55-2f1d0c9b7e21"],
    ),
]
DeviceName = Annotated[
    str,
    Field(
        max_length=DEVICE_NAME_MAX,
        pattern=TEXT_PATTERN,
        description="What the agent calls the phone, shown to officers who may revoke it.",
        examples=["红米 Note 12"],
    ),
]
AgentDeviceIdPath = Annotated[
    str,
    Path(
        description="The device's id, as registered at sign-in.",
        json_schema_extra={"pattern": r"^[A-Za-z0-9._:-]+$", "minLength": 1, "maxLength": AGENT_DEVICE_ID_MAX},
    ),
    _matching(r"^[A-Za-z0-9._:-]{1,64}$", "DEVICE_ID_FORMAT", "a device id is 1 to 64 letters, digits or . _ : -"),
]
UserIdPath = Annotated[
    str,
    Path(
        description="A user id: 2 to 64 lower-case letters, digits or . _ -",
        json_schema_extra={"pattern": USER_ID_PATH_PATTERN, "minLength": 2, "maxLength": 64},
        examples=["agent-1"],
    ),
    _matching(USER_ID_PATH_PATTERN, "USER_ID_INVALID", "a user id is 2 to 64 lower-case letters, digits or . _ -"),
]

# --- the agents' reads (pension_gateway.agent.reads) ------------------------------------------------------------

# A cursor is opaque (URL-safe base64 of where the next page starts); the ones we issue are well under this.
CURSOR_PATTERN: Final = r"^[A-Za-z0-9_-]{0,400}={0,2}$"
CURSOR_MAX: Final = 402
# A phone's page: small enough for a slow connection, the default well under it.
AGENT_PAGE_MAX: Final = 100
AGENT_PAGE_DEFAULT: Final = 20

Cursor = Annotated[
    str,
    Query(
        description="The `next_cursor` of the previous page; empty for the first.",
        json_schema_extra={"pattern": CURSOR_PATTERN, "maxLength": CURSOR_MAX},
    ),
    _matching(CURSOR_PATTERN, "CURSOR_INVALID", "the cursor is not one this list gave"),
]
PageLimit = Annotated[
    int, Query(ge=1, le=AGENT_PAGE_MAX, description=f"At most this many items (1 to {AGENT_PAGE_MAX}).")
]
NamePrefixQuery = Annotated[
    str,
    Query(
        max_length=IDENTIFIER_MAX,
        description="The start of the name: 1 to 20 Chinese characters; empty for everyone.",
        examples=["王建"],
    ),
    _identifier(lambda value: validate_name_prefix(value, field="name") if value else value),
]
IdLast4Query = Annotated[
    str,
    Query(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": r"^([0-9]{3}[0-9Xx])?$"},
        description="The last 4 characters of the ID number (digits, X last), as the masked number shows them.",
        examples=["123X"],
    ),
    _identifier(lambda value: validate_citizen_id_suffix(value, field="id_last4") if value else value),
]
OptionalVillageCode = Annotated[
    str,
    Query(
        max_length=IDENTIFIER_MAX,
        json_schema_extra={"pattern": r"^([0-9]{12})?$"},
        description="One of my villages (12 digits); empty for all of them.",
    ),
    _identifier(lambda value: validate_village_code(value, field="village_code") if value else value),
]

# --- what an agent records (agent/operations.py) -------------------------------------------------------------

# A receipt number is printed on the paper receipt book: letters, digits and - / (e.g. "HN2026-000123").
RECEIPT_NUMBER_PATTERN: Final = r"^[A-Za-z0-9/-]+$"
# The years a contribution may count for: the scheme began in 2009 (the new rural pension pilot); the service
# checks the year against the policy and the resident's record.
CONTRIBUTION_YEAR_MIN: Final = 2009
CONTRIBUTION_YEAR_MAX: Final = 2100
# The largest annual grade any county offers is a few thousand yuan; 10,000 yuan bounds a typing mistake.
GRADE_FEN_MAX: Final = 1_000_000


def _bounded_operation_id(value: str) -> str:
    if len(value) > REQUEST_ID_MAX:
        raise _refusal("OPERATION_ID_FORMAT", f"an operation id has at most {REQUEST_ID_MAX} characters")
    return value


OperationId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=REQUEST_ID_MAX,
        pattern=REQUEST_ID_PATTERN,
        description="The phone's own id of what the agent recorded (a uuid): the same online and in a sync, so "
        "that a retry or a resend is answered, not applied again. Letters, digits and . _ : -",
    ),
]
ReceiptNumber = Annotated[
    str,
    Field(
        min_length=1,
        max_length=RECEIPT_NUMBER_MAX,
        pattern=RECEIPT_NUMBER_PATTERN,
        description="The number printed on the cash receipt handed to the resident.",
    ),
]
ContributionYear = Annotated[
    int,
    Field(strict=True, ge=CONTRIBUTION_YEAR_MIN, le=CONTRIBUTION_YEAR_MAX, description="The year it counts for."),
]
GradeFen = Annotated[
    int,
    Field(
        strict=True,
        gt=0,
        le=GRADE_FEN_MAX,
        description="The grade chosen: the annual amount in fen (200 yuan is 20000), one of the county's grades.",
    ),
]
ResidentIdField = Annotated[
    str,
    Field(
        max_length=21,
        json_schema_extra={"pattern": RESIDENT_ID_PATTERN, "minLength": 21},
        description="A resident's id: R and 20 hexadecimal digits.",
    ),
    _matching(RESIDENT_ID_PATTERN, "RESIDENT_ID_FORMAT", "a resident id is R and 20 hexadecimal digits"),
]
OperationIdPath = Annotated[
    str,
    Path(
        description="The phone's id of a recorded operation.",
        json_schema_extra={"pattern": REQUEST_ID_PATTERN, "minLength": 1, "maxLength": REQUEST_ID_MAX},
    ),
    _matching(REQUEST_ID_PATTERN, "OPERATION_ID_FORMAT", "an operation id is letters, digits and . _ : -"),
    AfterValidator(_bounded_operation_id),
]
