"""The public notice (公示) of a village for a month: as data, as the notice board page, and as a PDF.

The supervision service decides who may read a village's notice (its agents and officers) from the caller's
token, which the gateway passes on; the pages are rendered here, from the masked notice it returns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticCustomError

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import MONTH_PATTERN, VillageCodePath
from pension_gateway.api.routes.supervision_fields import moment
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.pages import labels
from pension_gateway.pages.notice import notice_html, notice_pdf, notice_view
from pension_gateway.pages.responses import html_page, page_responses, pdf_file, rendered
from pension_kit.identifiers import IdentifierError, parse_month
from pension_kit.identity import Role
from pension_kit.protoconv import to_year_month

router = APIRouter(prefix="/notices", tags=["public notices"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's notice
# READERS.
READING_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.AUDITOR)

_REFUSALS: Final = (400, 401, 403, 404, 503)


def _month(value: str) -> str:
    try:
        parse_month(value, field="month")
    except IdentifierError as error:
        raise PydanticCustomError(error.reason, "{message}", {"message": error.message}) from None
    return value


MonthPath = Annotated[
    str,
    Path(
        description="The notice's month, YYYY-MM.",
        max_length=7,
        json_schema_extra={"pattern": MONTH_PATTERN},
        examples=["2026-11"],
    ),
    AfterValidator(_month),
]


class NoticeContributorOut(BaseModel):
    name_masked: str
    citizen_id_masked: str
    year: int
    kind: str
    kind_zh: str
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int


class NoticeRecipientOut(BaseModel):
    name_masked: str
    citizen_id_masked: str
    amount_fen: int
    back_pay_fen: int


class NoticeOut(BaseModel):
    village_code: str
    village_name: str
    month: str
    contributors: list[NoticeContributorOut]
    recipients: list[NoticeRecipientOut]
    contributed_fen: int
    paid_fen: int
    generated_at: datetime | None
    dispute_contact: str


async def fetch_notice(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, village_code: str, month: str
) -> supervision_pb2.PublicNotice:
    response = await clients.supervision.GetPublicNotice(
        supervision_service_pb2.GetPublicNoticeRequest(
            village_code=village_code, month=to_year_month(parse_month(month))
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    notice: supervision_pb2.PublicNotice = response.notice
    return notice


# The .html and .pdf routes come first: a month path segment would otherwise match "2026-11.html" too.
@router.get(
    "/{village_code}/{month}.html",
    **allow(*READING_ROLES),
    response_class=HTMLResponse,
    responses=page_responses(*_REFUSALS, ok="The notice board page.", media_type="text/html"),
)
async def notice_page(
    caller: CurrentCaller, clients: Clients, settings: Settings, village_code: VillageCodePath, month: MonthPath
) -> Response:
    """The notice as a Chinese page for the village notice board, to print on A4 (headers repeat, pages numbered)."""
    return await rendered(notice_html, await fetch_notice(caller, clients, settings, village_code, month), html_page)


@router.get(
    "/{village_code}/{month}.pdf",
    **allow(*READING_ROLES),
    response_class=Response,
    responses=page_responses(*_REFUSALS, ok="The notice as a PDF.", media_type="application/pdf"),
)
async def notice_document(
    caller: CurrentCaller, clients: Clients, settings: Settings, village_code: VillageCodePath, month: MonthPath
) -> Response:
    """The notice as an A4 PDF with Chinese text (searchable, copyable)."""
    notice = await fetch_notice(caller, clients, settings, village_code, month)
    return await rendered(notice_pdf, notice, pdf_file(f"notice-{notice.village_code}-{parse_month(month)}.pdf"))


@router.get(
    "/{village_code}/{month}",
    **allow(*READING_ROLES),
    response_model=NoticeOut,
    responses=problem_responses(*_REFUSALS),
)
async def get_notice(
    caller: CurrentCaller, clients: Clients, settings: Settings, village_code: VillageCodePath, month: MonthPath
) -> Response:
    """The notice as data: every name and ID number masked, amounts in fen."""
    return await notice_answer(caller, clients, settings, village_code, month)


async def notice_answer(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, village_code: str, month: str
) -> Response:
    """The notice as data (NoticeOut), for this route and the agents' phone (/agent/v1)."""
    notice = await fetch_notice(caller, clients, settings, village_code, month)
    # The same guard as the pages': the data leaves the gateway too.
    return await rendered(
        notice_view, notice, lambda _: JSONResponse(_notice_out(notice, month).model_dump(mode="json"))
    )


def _notice_out(notice: supervision_pb2.PublicNotice, month: str) -> NoticeOut:
    return NoticeOut(
        village_code=notice.village_code,
        village_name=notice.village_name,
        month=month,
        contributors=[
            NoticeContributorOut(
                name_masked=c.name_masked,
                citizen_id_masked=c.citizen_id_masked,
                year=c.year,
                kind=labels.contract_name(types_pb2.ContributionKind, c.kind, "CONTRIBUTION_KIND_"),
                kind_zh=labels.label(labels.CONTRIBUTION_KINDS, c.kind),
                grade_fen=c.grade_fen,
                personal_fen=c.personal_fen,
                subsidy_fen=c.subsidy_fen,
                paid_on_behalf_fen=c.paid_on_behalf_fen,
            )
            for c in notice.contributors
        ],
        recipients=[
            NoticeRecipientOut(
                name_masked=r.name_masked,
                citizen_id_masked=r.citizen_id_masked,
                amount_fen=r.amount_fen,
                back_pay_fen=r.back_pay_fen,
            )
            for r in notice.recipients
        ],
        contributed_fen=notice.contributed_fen,
        paid_fen=notice.paid_fen,
        generated_at=moment(notice.generated_at),
        dispute_contact=notice.dispute_contact,
    )
