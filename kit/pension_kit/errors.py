"""Domain errors with stable reason codes, and their mapping to gRPC statuses and back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from pension_kit.identifiers import IdentifierError

# The ErrorInfo domain of every error the platform raises, so that a client can tell ours from a proxy's.
ERROR_DOMAIN = "pension.residents.gov.cn"

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
    "PERIOD_FORMAT": "月份应写作YYYY-MM",
    "REQUEST_ID_REUSED": "该请求编号已用于另一笔业务",
    "SPECIAL_GROUP_REQUIRED": "请选择特殊群体类别",
    "SPECIAL_GROUP_DATES": "特殊群体资格的截止日期早于起始日期",
    "PAGE_TOKEN_INVALID": "分页标记无效",
}

# English and Chinese words for a status that carries none of ours (a proxy's, gRPC's own, or one we could not
# read): what a user may be told, never gRPC's internal text.
STATUS_TITLES: Final[Mapping[grpc.StatusCode, tuple[str, str]]] = {
    grpc.StatusCode.OK: ("no error", "成功"),
    grpc.StatusCode.CANCELLED: ("the call was cancelled", "请求已取消"),
    grpc.StatusCode.UNKNOWN: ("internal error", "系统内部错误"),
    grpc.StatusCode.INVALID_ARGUMENT: ("the request is not valid", "请求内容不合法"),
    grpc.StatusCode.DEADLINE_EXCEEDED: ("the service did not answer in time; try again", "服务响应超时，请稍后重试"),
    grpc.StatusCode.NOT_FOUND: ("not found", "未找到相关记录"),
    grpc.StatusCode.ALREADY_EXISTS: ("it exists already", "记录已存在"),
    grpc.StatusCode.PERMISSION_DENIED: ("not permitted", "无权办理此业务"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: ("a limit was exceeded; try again later", "超出处理限制，请稍后重试"),
    grpc.StatusCode.FAILED_PRECONDITION: ("not possible in the current state", "当前状态下不能办理此业务"),
    grpc.StatusCode.ABORTED: ("a simultaneous change interfered; try again", "数据已被同时修改，请重试"),
    grpc.StatusCode.OUT_OF_RANGE: ("a value is out of range", "数值超出范围"),
    grpc.StatusCode.UNIMPLEMENTED: ("not available yet", "该功能尚未开通"),
    grpc.StatusCode.INTERNAL: ("internal error", "系统内部错误"),
    grpc.StatusCode.UNAVAILABLE: ("the service is unavailable; try again", "服务暂不可用，请稍后重试"),
    grpc.StatusCode.DATA_LOSS: ("internal error", "系统内部错误"),
    grpc.StatusCode.UNAUTHENTICATED: ("sign in first", "请先登录"),
}


def bounded(text: str, limit: int) -> str:
    """`text` if it has at most `limit` characters, else its start and an ellipsis, `limit` characters in all."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


class DomainError(Exception):
    """A refusal the caller can act on: a stable UPPER_SNAKE reason, the field concerned, and messages."""

    status_code = grpc.StatusCode.FAILED_PRECONDITION

    def __init__(self, reason: str, message: str, *, field: str = "", message_zh: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.field = field
        self.message_zh = message_zh or TITLES_ZH.get(reason, "") or message


class InvalidArgument(DomainError):
    status_code = grpc.StatusCode.INVALID_ARGUMENT


class NotFound(DomainError):
    status_code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(DomainError):
    status_code = grpc.StatusCode.ALREADY_EXISTS


class FailedPrecondition(DomainError):
    status_code = grpc.StatusCode.FAILED_PRECONDITION


class Aborted(DomainError):
    """A conflict with a concurrent change; the caller may retry with the same request id."""

    status_code = grpc.StatusCode.ABORTED


class PermissionDenied(DomainError):
    status_code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(DomainError):
    status_code = grpc.StatusCode.UNAUTHENTICATED


class Unavailable(DomainError):
    status_code = grpc.StatusCode.UNAVAILABLE


def from_identifier_error(error: IdentifierError) -> InvalidArgument:
    """An identifier that failed validation, as the domain error a caller receives (Chinese from TITLES_ZH)."""
    return InvalidArgument(error.reason, error.message, field=error.field)


def to_status(error: DomainError) -> grpc.Status:
    """The gRPC status carrying a google.rpc.ErrorInfo with the reason, field and Chinese message.

    Every text is cut to its MAX_*_CHARS, so that no error, whatever input it repeats, overflows the trailers.
    """
    message = bounded(error.message, MAX_MESSAGE_CHARS)
    info = error_details_pb2.ErrorInfo(
        reason=bounded(error.reason, MAX_REASON_CHARS),
        domain=ERROR_DOMAIN,
        metadata={
            "field": bounded(error.field, MAX_FIELD_CHARS),
            "message_zh": bounded(error.message_zh, MAX_MESSAGE_CHARS),
        },
    )
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(code=error.status_code.value[0], message=message, details=[detail])
    return rpc_status.to_status(status)


@dataclass(frozen=True, slots=True)
class RemoteError:
    """What a client learns from a failed call: the status code and our ErrorInfo, when the server sent one."""

    code: grpc.StatusCode
    reason: str
    message: str
    field: str = ""
    message_zh: str = ""
    # True when the status carried our ErrorInfo: the reason, field and messages are a service's refusal. False
    # for any other status, whose reason is the status code's name and whose message is gRPC's or a proxy's.
    error_info: bool = False


def from_rpc_error(error: grpc.aio.AioRpcError | grpc.RpcError) -> RemoteError:
    """Reads our ErrorInfo back out of a failed call; a status without one keeps the status code's name.

    Never raises: a status whose details cannot be read (they disagree with the call's code, as when the trailers
    overflowed the client's limit and gRPC failed the call for that instead, or they do not parse) gives the
    status code alone, with STATUS_TITLES' words rather than whatever text came with it.
    """
    try:
        code = error.code()
    except Exception:
        code = None
    if not isinstance(code, grpc.StatusCode):
        code = grpc.StatusCode.UNKNOWN
    title, title_zh = STATUS_TITLES[code]
    try:
        message = str(error.details() or "")
        status = rpc_status.from_call(error)
        for detail in status.details if status is not None else ():
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info) and info.domain == ERROR_DOMAIN:
                return RemoteError(
                    code=code,
                    reason=info.reason,
                    message=message,
                    field=info.metadata.get("field", ""),
                    message_zh=info.metadata.get("message_zh", ""),
                    error_info=True,
                )
    except Exception:
        return RemoteError(code=code, reason=code.name, message=title, message_zh=title_zh)
    return RemoteError(code=code, reason=code.name, message=message, message_zh=title_zh)
