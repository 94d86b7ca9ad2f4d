"""Domain errors with stable reason codes, and their mapping to gRPC statuses and back."""

from __future__ import annotations

from dataclasses import dataclass

import grpc
from google.protobuf import any_pb2
from google.rpc import error_details_pb2, status_pb2
from grpc_status import rpc_status

from pension_kit.identifiers import IdentifierError

# The ErrorInfo domain of every error the platform raises, so that a client can tell ours from a proxy's.
ERROR_DOMAIN = "pension.residents.gov.cn"


class DomainError(Exception):
    """A refusal the caller can act on: a stable UPPER_SNAKE reason, the field concerned, and messages."""

    status_code = grpc.StatusCode.FAILED_PRECONDITION

    def __init__(self, reason: str, message: str, *, field: str = "", message_zh: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.field = field
        self.message_zh = message_zh or message


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
    """An identifier that failed validation, as the domain error a caller receives."""
    return InvalidArgument(error.reason, error.message, field=error.field)


def to_status(error: DomainError) -> grpc.Status:
    """The gRPC status carrying a google.rpc.ErrorInfo with the reason, field and Chinese message."""
    info = error_details_pb2.ErrorInfo(
        reason=error.reason,
        domain=ERROR_DOMAIN,
        metadata={"field": error.field, "message_zh": error.message_zh},
    )
    detail = any_pb2.Any()
    detail.Pack(info)
    status = status_pb2.Status(code=error.status_code.value[0], message=error.message, details=[detail])
    return rpc_status.to_status(status)


@dataclass(frozen=True, slots=True)
class RemoteError:
    """What a client learns from a failed call: the status code and our ErrorInfo, when the server sent one."""

    code: grpc.StatusCode
    reason: str
    message: str
    field: str = ""
    message_zh: str = ""


def from_rpc_error(error: grpc.aio.AioRpcError | grpc.RpcError) -> RemoteError:
    """Reads our ErrorInfo back out of a failed call; a status without one keeps the status code's name."""
    code: grpc.StatusCode = error.code()
    message: str = error.details() or ""
    status = rpc_status.from_call(error)
    if status is not None:
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info) and info.domain == ERROR_DOMAIN:
                return RemoteError(
                    code=code,
                    reason=info.reason,
                    message=message,
                    field=info.metadata.get("field", ""),
                    message_zh=info.metadata.get("message_zh", ""),
                )
    return RemoteError(code=code, reason=code.name, message=message)
