"""Complaints and enquiries (举报投诉) for the 12333 hotline, village agents and officers: open a ticket, read it by
its number, list tickets, extend one once, move it to its close.

The complainant's name and mobile number go in only here, in the body; every answer shows them masked.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Path, Query, status
from pydantic import AfterValidator, BaseModel, Field

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import (
    MONTH_PATTERN,
    RESIDENT_ID_PATTERN,
    TEXT_PATTERN,
    USER_ID_PATTERN,
    Mobile,
    Name,
    PageToken,
    RequestId,
    VillageCode,
    _month,
)
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.identifiers import parse_month
from pension_kit.identity import Role
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.text import ID_MAX, REASON_MAX

router = APIRouter(prefix="/complaints", tags=["complaints"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's complaint
# FILERS, READERS, LISTERS, HANDLERS.
FILING_ROLES: Final = (Role.HOTLINE, Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READING_ROLES: Final = (
    Role.HOTLINE,
    Role.VILLAGE_AGENT,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
)
# Lists span many residents: officers and auditors. The hotline reads a ticket by the number it read out, or its
# verified caller's through /hotline/v1.
LISTING_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
HANDLING_ROLES: Final = (Role.COUNTY_OFFICER,)

# The supervision service's limits (service_layer/complaints.py), so that the gateway refuses what it would.
SUBJECT_MAX: Final = 100
DESCRIPTION_MAX: Final = 2000
# A ticket number as printed (TS-410122-260701-0001-7) or typed back (blanks or hyphens between the groups, with
# or without TS); its check digit is the service's to check (TICKET_NUMBER_CHECK_DIGIT).
TICKET_NUMBER_PATTERN: Final = r"^(?:[Tt][Ss])?[0-9 -]{17,40}$"
TICKET_NUMBER_MAX: Final = 44
# A complainant's account may run over several lines; other control characters have no place in it.
MULTILINE_TEXT_PATTERN: Final = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

KindName = Literal["complaint", "report", "enquiry", "notice_dispute"]
ChannelName = Literal["hotline", "agent", "public"]
StatusName = Literal["received", "in_progress", "answered", "closed"]

_KINDS: Final[dict[str, supervision_pb2.ComplaintKind]] = {
    "complaint": supervision_pb2.COMPLAINT_KIND_COMPLAINT,
    "report": supervision_pb2.COMPLAINT_KIND_REPORT,
    "enquiry": supervision_pb2.COMPLAINT_KIND_ENQUIRY,
    "notice_dispute": supervision_pb2.COMPLAINT_KIND_NOTICE_DISPUTE,
}
_CHANNELS: Final[dict[str, supervision_pb2.ComplaintChannel]] = {
    "hotline": supervision_pb2.COMPLAINT_CHANNEL_HOTLINE,
    "agent": supervision_pb2.COMPLAINT_CHANNEL_AGENT,
    "public": supervision_pb2.COMPLAINT_CHANNEL_PUBLIC,
}
_STATUSES: Final[dict[str, supervision_pb2.ComplaintStatus]] = {
    "received": supervision_pb2.COMPLAINT_STATUS_RECEIVED,
    "in_progress": supervision_pb2.COMPLAINT_STATUS_IN_PROGRESS,
    "answered": supervision_pb2.COMPLAINT_STATUS_ANSWERED,
    "closed": supervision_pb2.COMPLAINT_STATUS_CLOSED,
}
_KIND_NAMES: Final = {number: name for name, number in _KINDS.items()}
_CHANNEL_NAMES: Final = {number: name for name, number in _CHANNELS.items()}
_STATUS_NAMES: Final = {number: name for name, number in _STATUSES.items()}

TicketNumber = Annotated[
    str,
    Path(
        description="The ticket number, e.g. TS-410122-260701-0001-7 (blanks or hyphens between groups; TS optional).",
        min_length=17,
        max_length=TICKET_NUMBER_MAX,
        pattern=TICKET_NUMBER_PATTERN,
        examples=["TS-410122-260701-0001-7"],
    ),
]
PoolingRegionCode = Annotated[
    str, Field(max_length=6, pattern=r"^([0-9]{6})?$", description="6-digit pooling region (county) code.")
]
ResidentIdField = Annotated[
    str,
    Field(max_length=21, pattern=f"(?:{RESIDENT_ID_PATTERN})|^$", description="The resident concerned, if known."),
]
Subject = Annotated[
    str, Field(min_length=1, max_length=SUBJECT_MAX, pattern=TEXT_PATTERN, description="Short subject (事由).")
]
Description = Annotated[
    str,
    Field(
        max_length=DESCRIPTION_MAX,
        pattern=MULTILINE_TEXT_PATTERN,
        description="The complainant's account; citizen ID, bank card and mobile numbers in it are kept masked.",
    ),
]
Reason = Annotated[str, Field(max_length=REASON_MAX, pattern=TEXT_PATTERN, description="Why.")]
# The kit's month check too: the pattern lets 0000-01 through, which is no month (PERIOD_FORMAT, not a 500).
Month = Annotated[
    str,
    Field(max_length=7, pattern=MONTH_PATTERN, description="A month, YYYY-MM.", examples=["2026-06"]),
    AfterValidator(_month),
]


class ComplaintIn(BaseModel):
    """A ticket as the hotline or an agent takes it down."""

    request_id: RequestId
    kind: KindName
    channel: ChannelName
    pooling_region_code: PoolingRegionCode = ""
    village_code: VillageCode | None = None
    resident_id: ResidentIdField = ""
    subject: Subject
    description: Description = ""
    complainant_name: Name | None = Field(default=None, description="Stored sealed; omit for an anonymous report.")
    complainant_mobile: Mobile | None = Field(default=None, description="Stored sealed; may be omitted.")
    received_on: date | None = Field(default=None, description="Date received; today (China) when omitted.")
    notice_month: Month | None = Field(default=None, description="For a notice dispute: the notice's month.")


class ExtensionIn(BaseModel):
    request_id: RequestId
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX, pattern=TEXT_PATTERN, description="Why.")]


class StatusChangeIn(BaseModel):
    """A change of state, assignee or resolution; a field left out is kept."""

    request_id: RequestId
    status: StatusName | None = None
    assigned_to: Annotated[str, Field(max_length=ID_MAX, pattern=USER_ID_PATTERN)] = ""
    resolution: Description = ""
    reason: Reason = ""


class ComplaintOut(BaseModel):
    """A ticket as the hotline reads it out: the complainant masked."""

    ticket_number: str
    kind: str
    channel: str
    status: str
    pooling_region_code: str
    village_code: str
    resident_id: str
    subject: str
    description: str
    complainant_name_masked: str
    complainant_mobile_masked: str
    received_on: date | None
    due_on: date | None
    extended: bool
    extension_reason: str
    overdue: bool
    escalated: bool
    assigned_to: str
    resolution: str
    closed_on: date | None
    notice_month: str | None


class ComplaintPageOut(BaseModel):
    complaints: list[ComplaintOut]
    next_page_token: str


def _date(value: types_pb2.CalendarDate) -> date | None:
    return date(value.year, value.month, value.day) if value.year else None


def complaint_out(complaint: supervision_pb2.Complaint) -> ComplaintOut:
    month = complaint.notice_month
    return ComplaintOut(
        ticket_number=complaint.ticket_number,
        kind=_KIND_NAMES.get(complaint.kind, "unspecified"),
        channel=_CHANNEL_NAMES.get(complaint.channel, "unspecified"),
        status=_STATUS_NAMES.get(complaint.status, "unspecified"),
        pooling_region_code=complaint.pooling_region_code,
        village_code=complaint.village_code,
        resident_id=complaint.resident_id,
        subject=complaint.subject,
        description=complaint.description,
        complainant_name_masked=complaint.complainant_name_masked,
        complainant_mobile_masked=complaint.complainant_mobile_masked,
        received_on=_date(complaint.received_on),
        due_on=_date(complaint.due_on),
        extended=complaint.extended,
        extension_reason=complaint.extension_reason,
        overdue=complaint.overdue,
        escalated=complaint.escalated,
        assigned_to=complaint.assigned_to,
        resolution=complaint.resolution,
        closed_on=_date(complaint.closed_on),
        notice_month=f"{month.year:04d}-{month.month:02d}" if month.year else None,
    )


@router.post(
    "",
    **allow(*FILING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=ComplaintOut,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 503),
)
async def file_complaint(
    body: ComplaintIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ComplaintOut:
    """Open a ticket (complaint, report, enquiry or notice dispute): its number and its due date, 30 days on."""
    return await send_complaint(body, caller, clients, settings)


async def send_complaint(
    body: ComplaintIn, caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings
) -> ComplaintOut:
    """Files a ticket with supervision on the caller's behalf (the officers' and agents' route, and the hotline's)."""
    request = supervision_service_pb2.FileComplaintRequest(
        request_id=body.request_id,
        kind=_KINDS[body.kind],
        channel=_CHANNELS[body.channel],
        pooling_region_code=body.pooling_region_code,
        village_code=body.village_code or "",
        resident_id=body.resident_id,
        subject=body.subject,
        description=body.description,
        complainant_name=body.complainant_name or "",
        complainant_mobile=body.complainant_mobile or "",
        received_on=to_calendar_date(body.received_on),
    )
    if body.notice_month is not None:
        request.notice_month.CopyFrom(to_year_month(parse_month(body.notice_month, field="notice_month")))
    response = await clients.supervision.FileComplaint(
        request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return complaint_out(response.complaint)


@router.get(
    "/{ticket_number}",
    **allow(*READING_ROLES),
    response_model=ComplaintOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_complaint(
    ticket_number: TicketNumber, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ComplaintOut:
    """A ticket by its number: its state and due date, the complainant masked."""
    response = await clients.supervision.GetComplaint(
        supervision_service_pb2.GetComplaintRequest(ticket_number=ticket_number),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return complaint_out(response.complaint)


@router.get(
    "", **allow(*LISTING_ROLES), response_model=ComplaintPageOut, responses=problem_responses(400, 401, 403, 503)
)
async def list_complaints(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: Annotated[str, Query(max_length=6, pattern=r"^([0-9]{6})?$")] = "",
    status_filter: Annotated[StatusName | None, Query(alias="status")] = None,
    kind: KindName | None = None,
    overdue_only: bool = False,
    resident_id: Annotated[str, Query(max_length=21, pattern=f"(?:{RESIDENT_ID_PATTERN})|^$")] = "",
    page_size: int = Query(100, ge=1, le=1000),
    page_token: PageToken = "",
) -> ComplaintPageOut:
    """Tickets, oldest due date first, a page at a time."""
    response = await clients.supervision.ListComplaints(
        supervision_service_pb2.ListComplaintsRequest(
            pooling_region_code=pooling_region_code,
            status=_STATUSES[status_filter] if status_filter else supervision_pb2.COMPLAINT_STATUS_UNSPECIFIED,
            kind=_KINDS[kind] if kind else supervision_pb2.COMPLAINT_KIND_UNSPECIFIED,
            overdue_only=overdue_only,
            resident_id=resident_id,
            page_size=page_size,
            page_token=page_token,
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return ComplaintPageOut(
        complaints=[complaint_out(c) for c in response.complaints], next_page_token=response.next_page_token
    )


@router.post(
    "/{ticket_number}/extension",
    **allow(*HANDLING_ROLES),
    response_model=ComplaintOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def extend_complaint(
    ticket_number: TicketNumber, body: ExtensionIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ComplaintOut:
    """Extend a ticket once, to 60 days after receipt, with a reason (county officers)."""
    response = await clients.supervision.ExtendComplaint(
        supervision_service_pb2.ExtendComplaintRequest(
            request_id=body.request_id, ticket_number=ticket_number, reason=body.reason
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return complaint_out(response.complaint)


@router.post(
    "/{ticket_number}/status",
    **allow(*HANDLING_ROLES),
    response_model=ComplaintOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def change_complaint(
    ticket_number: TicketNumber, body: StatusChangeIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ComplaintOut:
    """Move a ticket on (in progress, answered, closed with its resolution) or assign it (county officers)."""
    response = await clients.supervision.UpdateComplaint(
        supervision_service_pb2.UpdateComplaintRequest(
            request_id=body.request_id,
            ticket_number=ticket_number,
            status=_STATUSES[body.status] if body.status else supervision_pb2.COMPLAINT_STATUS_UNSPECIFIED,
            assigned_to=body.assigned_to,
            resolution=body.resolution,
            reason=body.reason,
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return complaint_out(response.complaint)
