"""The monthly reports a county sends upward, in the formats officers use: the monthly review lists (月审), the
annual check of certifications (年检) and the monthly statistics, each as data (JSON, amounts in int fen), as an
`.xlsx` workbook (yuan as numbers, "0.00", a sum row under every list) and as a printable Chinese page (A4
landscape, yuan with two decimals, the report's region, period and version at the top of every page, a signature
line for the township's check).

The data is the contract's message (pension.supervision.v1 MonthlyReviewList, AnnualCheck, MonthlyStatistics) as
JSON: field names as in the contract, int64 amounts as numbers, enums as their lower-case names without prefix,
months "YYYY-MM", dates "YYYY-MM-DD", instants ISO 8601. The supervision service decides who reads which villages
from the caller's token: county officers, approvers and auditors every village, a township officer the villages of
their township only (the token's villages name it); the gateway refuses other roles before any call.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Final, TypeVar

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import HTMLResponse, JSONResponse
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, Field

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2, supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import RequestId
from pension_gateway.api.routes.supervision_fields import (
    MonthField,
    MonthPath,
    PoolingRegionField,
    PoolingRegionPath,
    parse_month_text,
)
from pension_gateway.pages.reports import (
    ReportDocument,
    annual_check_document,
    guarded,
    report_html,
    report_xlsx,
    review_list_document,
    statistics_document,
)
from pension_gateway.pages.responses import html_page, page_responses, rendered, xlsx_file
from pension_gateway.pages.spreadsheet import XLSX_MEDIA_TYPE
from pension_kit.identity import Role
from pension_kit.protoconv import to_year_month

router = APIRouter(prefix="/reports", tags=["monthly reports"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's
# review_lists PUBLISHERS and READERS, and monthly_statistics' PUBLISHERS and READERS.
PUBLISHING_ROLES: Final = (Role.COUNTY_OFFICER,)
READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR, Role.TOWNSHIP_OFFICER)
STATISTICS_PUBLISHING_ROLES: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
STATISTICS_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
YEAR_MIN: Final = 2000

_READ_REFUSALS: Final = (400, 401, 403, 404, 422, 503)
_PUBLISH_REFUSALS: Final = (400, 401, 403, 409, 413, 415, 422, 503)
# A publication reads every village's facts: longer than one read may take.
_PUBLISH_TIMEOUT_SECONDS: Final = 120.0

YearPath = Annotated[int, Path(ge=YEAR_MIN, le=9999, description="The year checked.", examples=[2026])]
VillageQuery = Annotated[
    str,
    Query(
        description="Only this 12-digit village; empty for every village the caller may see.",
        max_length=12,
        json_schema_extra={"pattern": r"^([0-9]{12})?$"},
        pattern=r"^([0-9]{12})?$",
    ),
]


class ReviewListIn(BaseModel):
    """A region's month to publish (the review lists, or the statistics)."""

    request_id: RequestId
    pooling_region_code: PoolingRegionField
    month: MonthField = Field(description="The month listed, YYYY-MM; it must have ended (China Standard Time).")


class AnnualCheckIn(BaseModel):
    request_id: RequestId
    pooling_region_code: PoolingRegionField
    year: int = Field(strict=True, ge=YEAR_MIN, le=9999, description="The year checked; it must have ended.")


class PublishedOut(BaseModel):
    """The publication: the report without its villages (read them at `Location`), and whether it had been
    published before (then nothing new was stored or announced)."""

    report: dict[str, Any]
    already_published: bool


# --- the contract's messages as data -----------------------------------------------------------------------------

_UPPER_SNAKE: Final = re.compile(r"(?<!^)(?=[A-Z])")


def _value(field: Any, value: Any) -> Any:
    # `field` is a FieldDescriptor (its stubs type the C and Python implementations apart).
    if field.type == FieldDescriptor.TYPE_ENUM:
        enum = field.enum_type
        prefix = _UPPER_SNAKE.sub("_", enum.name).upper() + "_"
        known = enum.values_by_number.get(value)
        return known.name.removeprefix(prefix).lower() if known else "unspecified"
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        return contract_data(value)
    return value


def contract_data(message: Message) -> Any:
    """A report message as JSON data: int64 fen stay numbers (the protobuf JSON mapping would make them strings)."""
    if isinstance(message, types_pb2.YearMonth):
        return f"{message.year:04d}-{message.month:02d}" if message.year else None
    if isinstance(message, types_pb2.CalendarDate):
        return f"{message.year:04d}-{message.month:02d}-{message.day:02d}" if message.year else None
    if isinstance(message, Timestamp):
        return message.ToJsonString() if message.seconds or message.nanos else None
    data: dict[str, Any] = {}
    fields: list[Any] = list(message.DESCRIPTOR.fields)
    for field in fields:
        value = getattr(message, field.name)
        if field.is_repeated:
            data[field.name] = [_value(field, item) for item in value]
        else:
            data[field.name] = _value(field, value)
    return data


# --- reading one report in three formats -------------------------------------------------------------------------

Report = TypeVar("Report", bound=Message)


async def _answer(
    fetch: Awaitable[Report], build: Callable[[Report], ReportDocument], form: str, filename: str
) -> Response:
    report = await fetch
    if form == "html":
        return await rendered(lambda r: report_html(build(r)), report, html_page)
    if form == "xlsx":
        return await rendered(lambda r: report_xlsx(build(r)), report, xlsx_file(f"{filename}.xlsx"))

    def checked_data(message: Report) -> Any:
        # The same guard as the page's and the workbook's: the data leaves the gateway too.
        guarded(build(message))
        return contract_data(message)

    return await rendered(checked_data, report, lambda data: JSONResponse(data, headers={"Cache-Control": "no-store"}))


_HTML: Final = page_responses(*_READ_REFUSALS, ok="The printable page (A4 landscape).", media_type="text/html")
_XLSX: Final = page_responses(*_READ_REFUSALS, ok="The workbook.", media_type=XLSX_MEDIA_TYPE)
_JSON: Final = problem_responses(*_READ_REFUSALS)


# --- the monthly review lists ------------------------------------------------------------------------------------


@router.post(
    "/review-lists",
    **allow(*PUBLISHING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=PublishedOut,
    responses=problem_responses(*_PUBLISH_REFUSALS),
)
async def publish_review_list(
    body: ReviewListIn, response: Response, caller: CurrentCaller, clients: Clients, settings: Settings
) -> PublishedOut:
    """Publish a region's monthly review lists (缴费人员、享受待遇人员、新增享受待遇人员名单) of an ended month:
    stored once and announced (MonthlyReportPublished); publishing the month again answers the stored lists.
    The lists are then at `Location`."""
    answer = await clients.supervision.PublishMonthlyReviewList(
        supervision_service_pb2.PublishMonthlyReviewListRequest(
            request_id=body.request_id,
            pooling_region_code=body.pooling_region_code,
            month=to_year_month(parse_month_text(body.month)),
        ),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, _PUBLISH_TIMEOUT_SECONDS),
    )
    response.headers["Location"] = f"/v1/reports/review-lists/{body.pooling_region_code}/{body.month}"
    return PublishedOut(report=contract_data(answer.list), already_published=answer.already_published)


async def _review_list(
    caller: CurrentCaller, clients: Clients, settings: Settings, region: str, month: str, village_code: str
) -> review_lists_pb2.MonthlyReviewList:
    answer = await clients.supervision.GetMonthlyReviewList(
        supervision_service_pb2.GetMonthlyReviewListRequest(
            pooling_region_code=region, month=to_year_month(parse_month_text(month)), village_code=village_code
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    found: review_lists_pb2.MonthlyReviewList = answer.list
    return found


# The .xlsx and .html routes come first: a month path segment would otherwise match "2026-07.html" too.
@router.get(
    "/review-lists/{pooling_region_code}/{month}.xlsx",
    **allow(*READING_ROLES),
    response_class=Response,
    responses=_XLSX,
)
async def review_list_workbook(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
    village_code: VillageQuery = "",
) -> Response:
    """The review lists as a workbook: the villages' sums, then one sheet per list with every village's lines."""
    fetch = _review_list(caller, clients, settings, pooling_region_code, month, village_code)
    return await _answer(fetch, review_list_document, "xlsx", f"review-list-{pooling_region_code}-{month}")


@router.get(
    "/review-lists/{pooling_region_code}/{month}.html",
    **allow(*READING_ROLES),
    response_class=HTMLResponse,
    responses=_HTML,
)
async def review_list_page(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
    village_code: VillageQuery = "",
) -> Response:
    """The review lists as a printable page: each village from a new page, with the township's signature line."""
    fetch = _review_list(caller, clients, settings, pooling_region_code, month, village_code)
    return await _answer(fetch, review_list_document, "html", "")


@router.get(
    "/review-lists/{pooling_region_code}/{month}",
    **allow(*READING_ROLES),
    response_model=dict[str, Any],
    responses=_JSON,
)
async def get_review_list(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
    village_code: VillageQuery = "",
) -> Response:
    """The published review lists as data (MonthlyReviewList): the villages the caller may see, masked names and
    ID numbers, amounts in fen; `totals` are the whole region's."""
    fetch = _review_list(caller, clients, settings, pooling_region_code, month, village_code)
    return await _answer(fetch, review_list_document, "json", "")


# --- the annual check --------------------------------------------------------------------------------------------


@router.post(
    "/annual-checks",
    **allow(*PUBLISHING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=PublishedOut,
    responses=problem_responses(*_PUBLISH_REFUSALS),
)
async def publish_annual_check(
    body: AnnualCheckIn, response: Response, caller: CurrentCaller, clients: Clients, settings: Settings
) -> PublishedOut:
    """Publish a region's annual check (年检) of an ended year: every pensioner with the year's certifications,
    and those overdue or without any; stored once and announced. The check is then at `Location`."""
    answer = await clients.supervision.PublishAnnualCheck(
        supervision_service_pb2.PublishAnnualCheckRequest(
            request_id=body.request_id, pooling_region_code=body.pooling_region_code, year=body.year
        ),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, _PUBLISH_TIMEOUT_SECONDS),
    )
    response.headers["Location"] = f"/v1/reports/annual-checks/{body.pooling_region_code}/{body.year}"
    return PublishedOut(report=contract_data(answer.check), already_published=answer.already_published)


async def _annual_check(
    caller: CurrentCaller, clients: Clients, settings: Settings, region: str, year: int, village_code: str
) -> review_lists_pb2.AnnualCheck:
    answer = await clients.supervision.GetAnnualCheck(
        supervision_service_pb2.GetAnnualCheckRequest(pooling_region_code=region, year=year, village_code=village_code),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    found: review_lists_pb2.AnnualCheck = answer.check
    return found


@router.get(
    "/annual-checks/{pooling_region_code}/{year}.xlsx",
    **allow(*READING_ROLES),
    response_class=Response,
    responses=_XLSX,
)
async def annual_check_workbook(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    year: YearPath,
    village_code: VillageQuery = "",
) -> Response:
    """The annual check as a workbook: the villages' counts, then every pensioner."""
    fetch = _annual_check(caller, clients, settings, pooling_region_code, year, village_code)
    return await _answer(fetch, annual_check_document, "xlsx", f"annual-check-{pooling_region_code}-{year}")


@router.get(
    "/annual-checks/{pooling_region_code}/{year}.html",
    **allow(*READING_ROLES),
    response_class=HTMLResponse,
    responses=_HTML,
)
async def annual_check_page(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    year: YearPath,
    village_code: VillageQuery = "",
) -> Response:
    """The annual check as a printable page, each village from a new page with the township's signature line."""
    fetch = _annual_check(caller, clients, settings, pooling_region_code, year, village_code)
    return await _answer(fetch, annual_check_document, "html", "")


@router.get(
    "/annual-checks/{pooling_region_code}/{year}",
    **allow(*READING_ROLES),
    response_model=dict[str, Any],
    responses=_JSON,
)
async def get_annual_check(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    year: YearPath,
    village_code: VillageQuery = "",
) -> Response:
    """The published annual check as data (AnnualCheck): the villages the caller may see, each pensioner's status
    (certified, overdue, none) and certifications of the year; `counts` are the whole region's."""
    fetch = _annual_check(caller, clients, settings, pooling_region_code, year, village_code)
    return await _answer(fetch, annual_check_document, "json", "")


# --- the monthly statistics --------------------------------------------------------------------------------------


@router.post(
    "/statistics",
    **allow(*STATISTICS_PUBLISHING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=PublishedOut,
    responses=problem_responses(*_PUBLISH_REFUSALS),
)
async def publish_statistics(
    body: ReviewListIn, response: Response, caller: CurrentCaller, clients: Clients, settings: Settings
) -> PublishedOut:
    """Publish a region's monthly statistics (统计月报) of an ended month: computed from the facts, cross-checked
    against the payroll runs and the ledgers (a difference raises an alert), stored once and announced; publishing
    the month again answers the stored report. The report is then at `Location`."""
    answer = await clients.supervision.PublishMonthlyStatistics(
        supervision_service_pb2.PublishMonthlyStatisticsRequest(
            request_id=body.request_id,
            pooling_region_code=body.pooling_region_code,
            month=to_year_month(parse_month_text(body.month)),
        ),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, _PUBLISH_TIMEOUT_SECONDS),
    )
    response.headers["Location"] = f"/v1/reports/statistics/{body.pooling_region_code}/{body.month}"
    return PublishedOut(report=contract_data(answer.statistics), already_published=answer.already_published)


async def _statistics(
    caller: CurrentCaller, clients: Clients, settings: Settings, region: str, month: str
) -> supervision_pb2.MonthlyStatistics:
    answer = await clients.supervision.GetMonthlyStatistics(
        supervision_service_pb2.GetMonthlyStatisticsRequest(
            pooling_region_code=region, month=to_year_month(parse_month_text(month))
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    found: supervision_pb2.MonthlyStatistics = answer.statistics
    return found


@router.get(
    "/statistics/{pooling_region_code}/{month}.xlsx",
    **allow(*STATISTICS_ROLES),
    response_class=Response,
    responses=_XLSX,
)
async def statistics_workbook(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
) -> Response:
    """The monthly statistics as a workbook: the region, townships and villages, then each breakdown."""
    fetch = _statistics(caller, clients, settings, pooling_region_code, month)
    return await _answer(fetch, statistics_document, "xlsx", f"statistics-{pooling_region_code}-{month}")


@router.get(
    "/statistics/{pooling_region_code}/{month}.html",
    **allow(*STATISTICS_ROLES),
    response_class=HTMLResponse,
    responses=_HTML,
)
async def statistics_page(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
) -> Response:
    """The monthly statistics as a printable page, with the signature line for its check."""
    fetch = _statistics(caller, clients, settings, pooling_region_code, month)
    return await _answer(fetch, statistics_document, "html", "")


@router.get(
    "/statistics/{pooling_region_code}/{month}",
    **allow(*STATISTICS_ROLES),
    response_model=dict[str, Any],
    responses=_JSON,
)
async def get_statistics(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
) -> Response:
    """The latest published monthly statistics as data (MonthlyStatistics): region, township and village rows,
    corrections made this month to earlier months, and the cross-checks; amounts in fen."""
    fetch = _statistics(caller, clients, settings, pooling_region_code, month)
    return await _answer(fetch, statistics_document, "json", "")
