"""Domain errors: a stable reason code, the field concerned, messages in English and Chinese, and their kind.

Pure: the domain says what kind of refusal it is (invalid, not found, a conflict, forbidden, ...); the transports
map kinds to their own statuses (pension_kit.grpc_errors for gRPC, the gateway's problems for HTTP).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final

from pension_kit.identifiers import IdentifierError

# What one refusal may carry over gRPC. A status travels in the response trailers, and a client refuses
# trailers over its metadata limit (8 KiB by default) with RESOURCE_EXHAUSTED, losing the refusal itself: an
# error that repeats an 8,000-character id did exactly that. Cut to these lengths (the last character an
# ellipsis), the message goes out percent-encoded (at most 9 bytes a character) and the ErrorInfo base64-encoded,
# under about 5 KiB in all, whatever a service puts in an error.
MAX_MESSAGE_CHARS: Final = 200
MAX_FIELD_CHARS: Final = 64
MAX_REASON_CHARS: Final = 64
ELLIPSIS: Final = "…"

# Chinese titles of the reason codes pension_kit.identifiers raises, and of the few codes services raise without
# a Chinese message, so that a refusal reaches a village agent or the hotline in Chinese whoever raised it.
TITLES_ZH: Final[Mapping[str, str]] = {
    "CITIZEN_ID_LENGTH": "身份证号码应为18位",
    "CITIZEN_ID_FORMAT": "身份证号码应为17位数字加1位数字或X",
    "CITIZEN_ID_REGION": "身份证号码的地区代码不正确",
    "CITIZEN_ID_BIRTH_DATE_INVALID": "身份证号码中的出生日期不正确",
    "CITIZEN_ID_BIRTH_DATE_FUTURE": "身份证号码中的出生日期晚于今天",
    "CITIZEN_ID_CHECK_CHARACTER": "身份证号码校验位不正确，请核对",
    "BANK_CARD_FORMAT": "银行卡号应为16至19位数字",
    "BANK_CARD_CHECKSUM": "银行卡号校验不通过，请核对",
    "MOBILE_FORMAT": "手机号码应为以13至19开头的11位数字",
    "DIVISION_CODE_FORMAT": "行政区划代码格式不正确",
    "DIVISION_CODE_NOT_VILLAGE": "该区划代码不是村级代码",
    "NAME_LENGTH": "姓名应为2至20个字",
    "NAME_CHARACTERS": "姓名只能由汉字组成，少数民族姓名各部分之间用间隔号（·）分隔",
    "NAME_PREFIX_INVALID": "姓名检索词应为1至20个汉字",
    "CITIZEN_ID_SUFFIX_INVALID": "身份证号码后四位应为数字，末位可为X",
    "PERIOD_FORMAT": "月份应写作YYYY-MM",
    "REQUEST_ID_REUSED": "该请求编号已用于另一笔业务",
    "SPECIAL_GROUP_REQUIRED": "请选择特殊群体类别",
    "SPECIAL_GROUP_DATES": "特殊群体资格的截止日期早于起始日期",
    "PAGE_TOKEN_INVALID": "分页标记无效",
}


def bounded(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start and an ellipsis, `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


class ErrorKind(StrEnum):
    """What kind of refusal an error is; each transport says it in its own words (a gRPC code, an HTTP status)."""

    INVALID = "invalid"  # the request itself is wrong, whatever the state
    NOT_FOUND = "not_found"
    EXISTS = "exists"  # what would be created exists already
    NOT_NOW = "not_now"  # the state of things does not allow it (yet, or any more)
    CONFLICT = "conflict"  # a simultaneous change interfered; the same request may be retried
    FORBIDDEN = "forbidden"  # the caller may not do this
    UNAUTHENTICATED = "unauthenticated"  # the caller is not known
    UNAVAILABLE = "unavailable"  # something the service needs cannot be reached; try again


class DomainError(Exception):
    """A refusal the caller can act on: a stable UPPER_SNAKE reason, the field concerned, and messages."""

    kind = ErrorKind.NOT_NOW

    def __init__(self, reason: str, message: str, *, field: str = "", message_zh: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.field = field
        self.message_zh = message_zh or TITLES_ZH.get(reason, "") or message


class InvalidArgument(DomainError):
    kind = ErrorKind.INVALID


class NotFound(DomainError):
    kind = ErrorKind.NOT_FOUND


class AlreadyExists(DomainError):
    kind = ErrorKind.EXISTS


class FailedPrecondition(DomainError):
    kind = ErrorKind.NOT_NOW


class Aborted(DomainError):
    """A conflict with a concurrent change; the caller may retry with the same request id."""

    kind = ErrorKind.CONFLICT


class PermissionDenied(DomainError):
    kind = ErrorKind.FORBIDDEN


class Unauthenticated(DomainError):
    kind = ErrorKind.UNAUTHENTICATED


class Unavailable(DomainError):
    kind = ErrorKind.UNAVAILABLE


def from_identifier_error(error: IdentifierError) -> InvalidArgument:
    """An identifier that failed validation, as the domain error a caller receives (Chinese from TITLES_ZH)."""
    return InvalidArgument(error.reason, error.message, field=error.field)
