"""Disclosure (信息披露) of a pooling region for a year or a month: as data and as a Chinese page with charts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticCustomError

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import EVERY_USER_ROLE, allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.supervision_fields import moment
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.pages import labels
from pension_gateway.pages.disclosure import disclosure_html
from pension_gateway.pages.responses import html_page, page_responses, rendered
from pension_kit.identifiers import IdentifierError, division_code_of_pooling_region

router = APIRouter(prefix="/disclosure", tags=["disclosure"])

_RESPONSES: Final = problem_responses(400, 401, 403, 404, 503)
_HTML_RESPONSES: Final = page_responses(400, 401, 403, 404, 503, ok="The disclosure page.", media_type="text/html")


def _pooling_region(value: str) -> str:
    try:
        division_code_of_pooling_region(value, field="region")
    except IdentifierError as error:
        raise PydanticCustomError(error.reason, "{message}", {"message": error.message}) from None
    return value


RegionPath = Annotated[
    str,
    Path(
        description="6-digit pooling region (county) code.",
        max_length=6,
        json_schema_extra={"pattern": r"^[0-9]{6}$"},
        examples=["411723"],
    ),
    AfterValidator(_pooling_region),
]
YearPath = Annotated[int, Path(description="The year.", ge=1000, le=9999, examples=[2026])]
MonthNumberPath = Annotated[int, Path(description="The month of the year, 1-12.", ge=1, le=12, examples=[11])]


class AmountOut(BaseModel):
    name: str
    name_zh: str
    amount_fen: int


class DisclosureOut(BaseModel):
    pooling_region_code: str
    year: int
    month: int
    enrolled: int
    contributing: int
    receiving: int
    income: list[AmountOut]
    expenditure: list[AmountOut]
    fund_balances: list[AmountOut]
    computed_at: datetime | None


async def _disclosure(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, region: str, year: int, month: int
) -> supervision_pb2.Disclosure:
    response = await clients.supervision.GetDisclosure(
        supervision_service_pb2.GetDisclosureRequest(pooling_region_code=region, year=year, month=month),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    disclosure: supervision_pb2.Disclosure = response.disclosure
    return disclosure


def _out(disclosure: supervision_pb2.Disclosure) -> DisclosureOut:
    return DisclosureOut(
        pooling_region_code=disclosure.pooling_region_code,
        year=disclosure.year,
        month=disclosure.month,
        enrolled=disclosure.enrolled,
        contributing=disclosure.contributing,
        receiving=disclosure.receiving,
        income=[
            AmountOut(
                name=labels.contract_name(supervision_pb2.IncomeSource, f.source, "INCOME_SOURCE_"),
                name_zh=labels.label(labels.INCOME_SOURCES, f.source),
                amount_fen=f.amount_fen,
            )
            for f in disclosure.income
        ],
        expenditure=[
            AmountOut(
                name=labels.contract_name(supervision_pb2.ExpenditureKind, f.kind, "EXPENDITURE_KIND_"),
                name_zh=labels.label(labels.EXPENDITURE_KINDS, f.kind),
                amount_fen=f.amount_fen,
            )
            for f in disclosure.expenditure
        ],
        fund_balances=[
            AmountOut(
                name=labels.contract_name(types_pb2.Fund, b.fund, "FUND_"),
                name_zh=labels.label(labels.FUNDS, b.fund),
                amount_fen=b.balance_fen,
            )
            for b in disclosure.fund_balances
        ],
        computed_at=moment(disclosure.computed_at),
    )


# The .html routes come first: a year or month path segment would otherwise match "2026.html" too.
@router.get("/{region}/{year}.html", **allow(*EVERY_USER_ROLE), response_class=HTMLResponse, responses=_HTML_RESPONSES)
async def year_page(
    caller: CurrentCaller, clients: Clients, settings: Settings, region: RegionPath, year: YearPath
) -> Response:
    """The region's figures for the whole year, as a Chinese page with charts."""
    return await rendered(disclosure_html, await _disclosure(caller, clients, settings, region, year, 0), html_page)


@router.get(
    "/{region}/{year}/{month}.html", **allow(*EVERY_USER_ROLE), response_class=HTMLResponse, responses=_HTML_RESPONSES
)
async def month_page(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    region: RegionPath,
    year: YearPath,
    month: MonthNumberPath,
) -> Response:
    """The region's figures for a month, as a Chinese page with charts."""
    return await rendered(disclosure_html, await _disclosure(caller, clients, settings, region, year, month), html_page)


@router.get("/{region}/{year}/{month}", **allow(*EVERY_USER_ROLE), response_model=DisclosureOut, responses=_RESPONSES)
async def get_month(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    region: RegionPath,
    year: YearPath,
    month: MonthNumberPath,
) -> DisclosureOut:
    """The region's figures for a month, as data: amounts in fen."""
    return _out(await _disclosure(caller, clients, settings, region, year, month))


@router.get("/{region}/{year}", **allow(*EVERY_USER_ROLE), response_model=DisclosureOut, responses=_RESPONSES)
async def get_year(
    caller: CurrentCaller, clients: Clients, settings: Settings, region: RegionPath, year: YearPath
) -> DisclosureOut:
    """The region's figures for the whole year (month 0), as data: amounts in fen."""
    return _out(await _disclosure(caller, clients, settings, region, year, 0))
