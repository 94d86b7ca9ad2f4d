"""RFC 9457 problem details: every refusal has a stable code, the field concerned, and Chinese and English text."""

from __future__ import annotations

import http
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import quote

import grpc
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pension_kit.errors import MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, MAX_REASON_CHARS, TITLES_ZH, DomainError, bounded
from pension_kit.grpc_errors import STATUS_OF_KIND, STATUS_TITLES, from_rpc_error
from pension_kit.identifiers import IdentifierError

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
PROBLEM_TYPE_BASE: Final = "https://pension.residents.gov.cn/problems/"
# A body with more invalid fields than this lists the first ones: enough for any form, and the answer stays small.
MAX_LISTED_ERRORS: Final = 20

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

# The codes the gateway itself answers with, in English and Chinese. With pension_kit.errors.TITLES_ZH (the
# identifiers' codes) and STATUS_TITLES (statuses without our ErrorInfo), every code the gateway can return has
# a Chinese title; a service's own refusals bring theirs.
GATEWAY_TITLES: Final[Mapping[str, tuple[str, str]]] = {
    "REQUEST_FIELD_INVALID": ("a field is not valid", "请求字段不合法"),
    "FIELD_REQUIRED": ("a required field is missing", "缺少必填字段"),
    "FIELD_TOO_LONG": ("a field is longer than its maximum", "字段超出最大长度"),
    "FIELD_TOO_SHORT": ("a field is shorter than its minimum", "字段长度不足"),
    "TOO_MANY_ITEMS": ("a list has more items than its maximum", "列表项数超出上限"),
    "FIELD_FORMAT": ("a field does not have its format", "字段格式不正确"),
    "FIELD_TYPE_INVALID": ("a field has the wrong type", "字段类型不正确"),
    "ENUM_VALUE_UNKNOWN": ("a field's value is not one of those allowed", "字段取值不在允许范围内"),
    "FIELD_OUT_OF_RANGE": ("a number is out of range", "数值超出允许范围"),
    "DATE_FORMAT": ("a date is written YYYY-MM-DD", "日期应写作YYYY-MM-DD"),
    "DATE_INVALID": ("the date is not a day of the calendar", "日期不存在"),
    "DATETIME_FORMAT": ("a time is written as ISO 8601, e.g. 2026-12-03T09:30:00+08:00", "时间格式不正确"),
    "DATETIME_OFFSET_REQUIRED": ("a time needs its offset, e.g. +08:00", "时间须带时区，例如+08:00"),
    "IMAGE_REQUIRED": ("the image is empty", "请上传照片"),
    "IMAGE_BASE64_INVALID": ("an image is sent as standard base64", "照片编码不正确（应为base64）"),
    "IMAGE_TOO_LARGE": ("the image is over 4 MiB", "图片过大（超过4MB），请重新拍摄"),
    "IMAGE_NOT_JPEG_OR_PNG": ("the file is not a JPEG or PNG image", "文件不是JPEG或PNG格式的图片"),
    "FREE_TEXT_PERSONAL_NUMBER": (
        "a citizen ID, bank card or mobile number goes only in the field meant for it",
        "此处不能填写身份证号、银行卡号或手机号",
    ),
    "RESIDENT_ID_FORMAT": ("a resident id is R and 20 hexadecimal digits", "参保人编号格式不正确"),
    "SUBJECT_KEY_FORMAT": (
        "a subject key is a resident id or a 6-digit pooling region code",
        "查询对象应为参保人编号或6位统筹区代码",
    ),
    "ALERT_ID_FORMAT": ('an alert id is "AL-" and 24 lower-case hexadecimal digits', "预警编号格式不正确"),
    "CASE_ID_FORMAT": ("a case id is letters, digits and . _ : -", "案件编号格式不正确"),
    "DEVICE_ID_FORMAT": ("a device id is 1 to 64 letters, digits or . _ : -", "设备编号格式不正确"),
    "USER_ID_INVALID": ("a user id is 2 to 64 lower-case letters, digits or . _ -", "用户名格式不正确"),
    "CURSOR_INVALID": ("the cursor is not one this list gave", "分页标记无效"),
    "AMOUNT_NEGATIVE": ("only net transfers may be negative", "金额不能为负数（转移净额除外）"),
    "BODY_REQUIRED": ("the request needs a JSON body", "请求缺少内容"),
    "BODY_MALFORMED_JSON": ("the body is not valid JSON", "请求内容不是有效的JSON"),
    "BODY_NOT_AN_OBJECT": ("the body must be a JSON object", "请求内容应为JSON对象"),
    "BODY_UNREADABLE": ("the body could not be read", "无法读取请求内容"),
    "BODY_TOO_LARGE": ("the request body is over the size limit", "请求内容超出大小限制"),
    "CONTENT_TYPE_UNSUPPORTED": ("the body must be sent as application/json", "请求内容须为application/json格式"),
    "ROUTE_NOT_FOUND": ("no such route", "请求的地址不存在"),
    "METHOD_NOT_ALLOWED": ("this route does not answer this method", "该地址不支持此请求方法"),
    "HTTP_ERROR": ("the request was not accepted", "请求未被受理"),
    "INTERNAL": ("internal error", "系统内部错误"),
    "NOT_READY": ("a service behind the gateway is not ready", "部分后台服务尚未就绪"),
}

# What to say, by HTTP status, for a code no table knows and a service that sent no Chinese.
_GENERIC_TITLES: Final[Mapping[int, tuple[str, str]]] = {
    400: ("the request is not valid", "请求内容不合法"),
    401: ("sign in first", "请先登录"),
    403: ("not permitted", "无权办理此业务"),
    404: ("not found", "未找到相关记录"),
    409: ("it conflicts with what is recorded", "与已有记录冲突"),
    422: ("not possible in the current state", "当前状态下不能办理此业务"),
    429: ("a limit was exceeded; try again later", "超出处理限制，请稍后重试"),
    500: ("internal error", "系统内部错误"),
    501: ("not available yet", "该功能尚未开通"),
    503: ("the service is unavailable; try again", "服务暂不可用，请稍后重试"),
    504: ("the service did not answer in time; try again", "服务响应超时，请稍后重试"),
}

# pydantic's error types, as our codes (the services' own where they have one: pension_kit.text); a check of ours
# raises its own UPPER_SNAKE code instead (routes/fields.py).
_FIELD_CODES: Final[Mapping[str, str]] = {
    "missing": "FIELD_REQUIRED",
    "string_too_long": "FIELD_TOO_LONG",
    "too_long": "TOO_MANY_ITEMS",
    "string_too_short": "FIELD_TOO_SHORT",
    "too_short": "FIELD_TOO_SHORT",
    "string_pattern_mismatch": "FIELD_FORMAT",
    "literal_error": "ENUM_VALUE_UNKNOWN",
    "enum": "ENUM_VALUE_UNKNOWN",
    "greater_than": "FIELD_OUT_OF_RANGE",
    "greater_than_equal": "FIELD_OUT_OF_RANGE",
    "less_than": "FIELD_OUT_OF_RANGE",
    "less_than_equal": "FIELD_OUT_OF_RANGE",
}
_REASON_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
_LOCATIONS: Final = frozenset({"body", "query", "path", "header", "cookie"})


class FieldProblem(BaseModel):
    """One invalid field: its name (dotted, list items as [i]), its code and what is wrong, in both languages."""

    field: str
    code: str
    title: str
    title_zh: str


class Problem(BaseModel):
    """An RFC 9457 problem document (application/problem+json): every refusal the gateway answers."""

    type: str = Field(description="A URL naming the kind of problem; its last part is `code` in kebab case.")
    title: str = Field(description=f"What is wrong, in English; at most {MAX_MESSAGE_CHARS} characters.")
    status: int = Field(description="The HTTP status code.")
    code: str = Field(description="A stable UPPER_SNAKE reason code, for programs.", examples=["MOBILE_FORMAT"])
    title_zh: str = Field(description="What is wrong, in Chinese, for the agent's phone and the hotline.")
    field: str = Field(default="", description="The request field concerned (the first of `errors`), if any.")
    errors: list[FieldProblem] = Field(
        default_factory=list,
        description=f"Every invalid field of the request (at most {MAX_LISTED_ERRORS}); the first also at the top.",
    )
    detail: str | None = Field(
        default=None, description="More about this occurrence, e.g. how long to wait after a 429 `RATE_LIMITED`."
    )
    retry_after: int | None = Field(
        default=None, description="With 429 `RATE_LIMITED`: whole seconds to wait, as the Retry-After header says."
    )


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


def chinese_title(code: str, given: str, status: int) -> str:
    """`given` when it is Chinese; else the title our tables give `code`; else a generic one for the status."""
    if has_chinese(given):
        return given
    if code in GATEWAY_TITLES:
        return GATEWAY_TITLES[code][1]
    if code in TITLES_ZH:
        return TITLES_ZH[code]
    return _generic(status)[1]


def _generic(status: int) -> tuple[str, str]:
    if status in _GENERIC_TITLES:
        return _GENERIC_TITLES[status]
    return _GENERIC_TITLES[500] if status >= 500 else GATEWAY_TITLES["HTTP_ERROR"]


def problem(
    status: int,
    code: str,
    title: str,
    *,
    field: str = "",
    title_zh: str = "",
    errors: Sequence[FieldProblem] = (),
    headers: Mapping[str, str] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    """A problem document; every text is cut to the kit's limits, so no answer repeats unbounded input."""
    code = bounded(code, MAX_REASON_CHARS)
    title_zh = chinese_title(code, title_zh, status)
    body: dict[str, Any] = {
        **(extensions or {}),
        "type": PROBLEM_TYPE_BASE + quote(code.lower().replace("_", "-"), safe="-"),
        "title": bounded(title, MAX_MESSAGE_CHARS),
        "status": status,
        "code": code,
        "title_zh": bounded(title_zh, MAX_MESSAGE_CHARS),
    }
    if field:
        body["field"] = bounded(field, MAX_FIELD_CHARS)
        # A client reads `errors` whatever the refusal; a single one is listed too.
        errors = errors or [FieldProblem(field=field, code=code, title=title, title_zh=title_zh)]
    if errors:
        body["errors"] = [
            {
                "field": bounded(e.field, MAX_FIELD_CHARS),
                "code": bounded(e.code, MAX_REASON_CHARS),
                "title": bounded(e.title, MAX_MESSAGE_CHARS),
                "title_zh": bounded(e.title_zh, MAX_MESSAGE_CHARS),
            }
            for e in errors[:MAX_LISTED_ERRORS]
        ]
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def http_status_of(code: grpc.StatusCode) -> int:
    """The HTTP status the gateway answers a service's refusal of this gRPC status with (500 if none fits)."""
    return _HTTP_STATUS.get(code, 500)


def _internal() -> JSONResponse:
    # An unexpected failure: say so without echoing internals to a phone.
    title, title_zh = GATEWAY_TITLES["INTERNAL"]
    return problem(500, "INTERNAL", title, title_zh=title_zh)


async def rpc_error_handler(_: Request, exc: Exception) -> JSONResponse:
    """A service's refusal as a problem; never raises, whatever the service (or gRPC) sent."""
    try:
        if not isinstance(exc, grpc.RpcError):
            return _internal()
        error = from_rpc_error(exc)
        status = _HTTP_STATUS.get(error.code, 500)
        if status == 500:
            return _internal()
        if not error.error_info:
            # Not a refusal of ours (gRPC's own, a proxy's, a status we could not read): the words for its status,
            # never its text, which is gRPC's internals ("received trailing metadata size exceeds limit"); that
            # goes to the log, for whoever has to find out why.
            log.warning("a service call failed with %s: %s", error.code.name, bounded(error.message, MAX_MESSAGE_CHARS))
            title, title_zh = STATUS_TITLES[error.code]
            return problem(status, error.reason, title, title_zh=title_zh)
        return problem(status, error.reason, error.message, field=error.field, title_zh=error.message_zh)
    except Exception:
        log.exception("could not shape a service's error as a problem")
        return _internal()


async def domain_error_handler(_: Request, exc: Exception) -> JSONResponse:
    if not isinstance(exc, DomainError):
        return _internal()
    status = _HTTP_STATUS[STATUS_OF_KIND[exc.kind]]
    # RFC 9110 asks a 401 to say which scheme would be accepted.
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return problem(status, exc.reason, exc.message, field=exc.field, title_zh=exc.message_zh, headers=headers)


async def identifier_error_handler(_: Request, exc: Exception) -> JSONResponse:
    """A kit identifier check (pension_kit.identifiers) that refused a value inside a route: the caller's input, so a
    400 naming the field and the kit's code, never a 500."""
    if not isinstance(exc, IdentifierError):
        return _internal()
    return problem(400, exc.reason, exc.message, field=exc.field)


async def http_error_handler(_: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such route, wrong method, an unreadable body) as problems, not {"detail": ...}."""
    if not isinstance(exc, HTTPException):
        return _internal()
    status = exc.status_code
    if status < 400:
        return Response(status_code=status, headers=exc.headers)  # not an error: nothing to explain
    if status == 404:
        code = "ROUTE_NOT_FOUND"
    elif status == 405:
        code = "METHOD_NOT_ALLOWED"
    elif status == 400:
        code = "BODY_UNREADABLE"  # FastAPI's "There was an error parsing the body"
    else:
        code = "HTTP_ERROR"
    title, title_zh = GATEWAY_TITLES[code]
    if code == "HTTP_ERROR":
        title = exc.detail if isinstance(exc.detail, str) and exc.detail else _phrase(status)
    # Keeps Allow (405) and whatever else the exception asked for.
    return problem(status, code, title, title_zh=title_zh, headers=exc.headers)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase.lower()
    except ValueError:
        return GATEWAY_TITLES["HTTP_ERROR"][0]


async def internal_error_handler(_: Request, exc: Exception) -> JSONResponse:
    """Anything a route did not expect: a 500 problem; Starlette still logs the exception."""
    return _internal()


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """Every invalid field of the request, listed in `errors`; the first one also at the top."""
    if not isinstance(exc, RequestValidationError):
        return _internal()
    json_body = _is_json(request.headers.get("content-type", ""))
    problems = [_field_problem(error, json_body) for error in exc.errors()]
    unsupported = [p for p in problems if p.code == "CONTENT_TYPE_UNSUPPORTED"]
    if unsupported:
        # The body was not read as JSON at all, so nothing else about it can be said.
        first = unsupported[0]
        return problem(415, first.code, first.title, field=first.field, title_zh=first.title_zh)
    if not problems:
        title, title_zh = GATEWAY_TITLES["REQUEST_FIELD_INVALID"]
        return problem(400, "REQUEST_FIELD_INVALID", title, title_zh=title_zh)
    first = problems[0]
    return problem(400, first.code, first.title, field=first.field, title_zh=first.title_zh, errors=problems)


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _field_name(location: Iterable[Any]) -> str:
    parts = list(location)
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else f"{'.' if name else ''}{part}"
    return name


def _field_problem(error: Mapping[str, Any], json_body: bool) -> FieldProblem:
    kind = str(error.get("type", ""))
    location = tuple(error.get("loc", ()))
    context = error.get("ctx") or {}
    if kind == "json_invalid":
        position = location[1] if len(location) > 1 else "?"
        title = f"the body is not valid JSON ({context.get('error', 'decode error')} at character {position})"
        return _body_problem("BODY_MALFORMED_JSON", "body", title)
    if location == ("body",):
        if kind == "missing":
            return _body_problem("BODY_REQUIRED", "body")
        if isinstance(error.get("input"), bytes) and not json_body:
            # FastAPI hands a body it did not read as JSON over as bytes.
            return _body_problem("CONTENT_TYPE_UNSUPPORTED", "content-type")
        return _body_problem("BODY_NOT_AN_OBJECT", "body")
    if _REASON_CODE.fullmatch(kind):
        code = kind  # a check of ours raised the reason code itself (pydantic_core.PydanticCustomError)
    elif kind in _FIELD_CODES:
        code = _FIELD_CODES[kind]
    elif kind.endswith(("_type", "_parsing")):
        code = "FIELD_TYPE_INVALID"
    else:
        code = "REQUEST_FIELD_INVALID"
    field = _field_name(location)
    detail = str(error.get("msg", "")) or GATEWAY_TITLES["REQUEST_FIELD_INVALID"][0]
    return FieldProblem(
        field=field,
        code=code,
        title=f"{field}: {detail}" if field else detail,
        title_zh=_field_title_zh(code, context),
    )


def _body_problem(code: str, field: str, title: str = "") -> FieldProblem:
    default_title, title_zh = GATEWAY_TITLES[code]
    return FieldProblem(field=field, code=code, title=title or default_title, title_zh=title_zh)


def _field_title_zh(code: str, context: Mapping[str, Any]) -> str:
    """The code's Chinese title, with the limit the field broke when there is one."""
    title = chinese_title(code, "", 400)
    if code == "FIELD_TOO_LONG" and "max_length" in context:
        return f"{title}（最多{context['max_length']}个字符）"
    if code == "FIELD_TOO_SHORT" and "min_length" in context:
        return f"{title}（至少{context['min_length']}个字符）"
    if code == "TOO_MANY_ITEMS" and "max_length" in context:
        return f"{title}（最多{context['max_length']}项）"
    if code == "FIELD_OUT_OF_RANGE":
        bounds = {"ge": "不小于", "gt": "大于", "le": "不大于", "lt": "小于"}
        said = "，".join(f"{words}{context[key]}" for key, words in bounds.items() if key in context)
        return f"{title}（应{said}）" if said else title
    return title


# --- the body limit ----------------------------------------------------------------------------------------


class BodyLimit:
    """Refuses a request body over `limit` bytes with a 413 problem before any route or service sees it.

    A declared Content-Length over the limit is refused unread; a body without one (chunked) is counted as it
    arrives and refused as soon as it passes the limit. A body within the limit is read here whole and handed on:
    every route reads its JSON body whole anyway, and at this size that costs nothing.
    """

    def __init__(self, app: ASGIApp, limit: int, routes: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.limit = limit
        # Routes that take more (images in base64): a path pattern each, matched whole, and its own limit.
        self.routes = [(re.compile(pattern), route_limit) for pattern, route_limit in (routes or {}).items()]

    def limit_of(self, path: str) -> int:
        """The body limit of a request to `path`: its route's own, or the gateway's."""
        return next((limit for pattern, limit in self.routes if pattern.fullmatch(path)), self.limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_of(str(scope.get("path", "")))
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        first: Message | None = None
        while True:
            message = await receive()
            if message["type"] != "http.request":
                first = message  # the client left; the route will see it
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, receive, send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        pending = [first or {"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replay() -> Message:
            return pending.pop() if pending else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        title, title_zh = GATEWAY_TITLES["BODY_TOO_LARGE"]
        response = problem(
            413,
            "BODY_TOO_LARGE",
            f"{title}: at most {limit} bytes",
            title_zh=f"{title_zh}（最多{limit}字节）",
        )
        # No Connection: close. The server discards the rest of the body once the answer is sent and keeps the
        # connection; closing it with the body unread would make the kernel reset it, and a client still sending
        # would lose the 413 (it saw a connection reset instead).
        await response(scope, receive, send)


# --- the OpenAPI document --------------------------------------------------------------------------------

_DESCRIPTIONS: Final[Mapping[int | str, str]] = {
    400: "A field is missing or malformed: `field` and `code` name the first, `errors` lists every one.",
    401: "No bearer token, or one that is not valid or has expired (`TOKEN_*`).",
    403: "The caller's role may not do this, or the resident is not in the agent's villages.",
    404: "No such resident or record.",
    409: "It conflicts with what is recorded, e.g. the citizen ID number is enrolled already.",
    413: "The body is over the gateway's size limit (`BODY_TOO_LARGE`; see the API's description).",
    415: "The body is not sent as `application/json` (`CONTENT_TYPE_UNSUPPORTED`).",
    422: "Not possible in the current state, e.g. the person is in the employees' pension scheme.",
    429: "A limit was exceeded; try again later.",
    503: "A service behind the gateway is unavailable or not ready; try again.",
    "default": "Any other failure (500, 501, 504), also a problem document.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The refusals a route gives, each a problem document, for the route's `responses=` in the OpenAPI document.

    A `default` is always added: it says every other answer is a problem too, and it keeps FastAPI from listing
    its own 422 with a schema this gateway never sends (its validation refusals are 400 problems).
    """
    listed: tuple[int | str, ...] = (*statuses, "default")
    return {status: {"model": Problem, "description": _DESCRIPTIONS[status]} for status in listed}


def problem_media_type(openapi: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every Problem response under application/problem+json, as the gateway sends it.

    FastAPI files a response model under the route's media type (application/json); a client generator must see
    the type it will receive.
    """
    reference = {"$ref": "#/components/schemas/Problem"}
    for path in openapi.get("paths", {}).values():
        for operation in path.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if content.get("application/json", {}).get("schema") == reference:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return openapi
