"""RFC 9457 problem details: every refusal has a stable code, the field concerned, and Chinese and English text."""

from __future__ import annotations

import grpc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from pension_kit.errors import DomainError, from_rpc_error

_HTTP_STATUS = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 422,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}

_GENERIC_ZH = {
    503: "服务暂不可用，请稍后重试",
    504: "服务响应超时，请稍后重试",
    500: "系统内部错误",
}


def problem(status: int, code: str, title: str, *, field: str = "", title_zh: str = "") -> JSONResponse:
    body = {
        "type": f"https://pension.residents.gov.cn/problems/{code.lower().replace('_', '-')}",
        "title": title,
        "status": status,
        "code": code,
        "title_zh": title_zh or _GENERIC_ZH.get(status, title),
    }
    if field:
        body["field"] = field
    return JSONResponse(body, status_code=status, media_type="application/problem+json")


async def rpc_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, grpc.aio.AioRpcError)
    error = from_rpc_error(exc)
    status = _HTTP_STATUS.get(error.code, 500)
    if status == 500:
        # An unexpected failure inside a service: say so without echoing internals to a phone.
        return problem(500, "INTERNAL", "internal error")
    return problem(status, error.reason, error.message, field=error.field, title_zh=error.message_zh)


async def domain_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = _HTTP_STATUS.get(exc.status_code, 422)
    return problem(status, exc.reason, exc.message, field=exc.field, title_zh=exc.message_zh)


async def validation_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    field = ".".join(str(part) for part in first["loc"] if part not in ("body", "query", "path"))
    return problem(
        400,
        "REQUEST_FIELD_INVALID",
        f"{field or 'request'}: {first['msg']}",
        field=field,
        title_zh="请求字段不合法",
    )
