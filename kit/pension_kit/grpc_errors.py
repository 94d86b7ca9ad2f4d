"""Domain errors over gRPC: a refusal as a status with a google.rpc.ErrorInfo, and read back from a failed call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from pension_kit.errors import MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, MAX_REASON_CHARS, DomainError, ErrorKind, bounded

# The ErrorInfo domain of every error the platform raises, so that a client can tell ours from a proxy's.
ERROR_DOMAIN = "pension.residents.gov.cn"

# The gRPC code of each kind of refusal.
STATUS_OF_KIND: Final[Mapping[ErrorKind, grpc.StatusCode]] = {
    ErrorKind.INVALID: grpc.StatusCode.INVALID_ARGUMENT,
    ErrorKind.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    ErrorKind.EXISTS: grpc.StatusCode.ALREADY_EXISTS,
    ErrorKind.NOT_NOW: grpc.StatusCode.FAILED_PRECONDITION,
    ErrorKind.CONFLICT: grpc.StatusCode.ABORTED,
    ErrorKind.FORBIDDEN: grpc.StatusCode.PERMISSION_DENIED,
    ErrorKind.UNAUTHENTICATED: grpc.StatusCode.UNAUTHENTICATED,
    ErrorKind.UNAVAILABLE: grpc.StatusCode.UNAVAILABLE,
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
    status = status_pb2.Status(code=STATUS_OF_KIND[error.kind].value[0], message=message, details=[detail])
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
