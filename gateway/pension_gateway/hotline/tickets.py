"""The hotline's tickets (/hotline/v1/tickets): open a complaint, report, enquiry or notice dispute taken on the phone
(anonymous, or linked to the caller a verified call names), and read one back by its number."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from pension.enrolment.v1 import enrolment_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes import complaints
from pension_gateway.api.routes.fields import Mobile, Name, RequestId, VillageCode
from pension_kit.identity import Role

router = APIRouter(prefix="/tickets", tags=["hotline"])


class TicketIn(BaseModel):
    """A ticket as the operator takes it down; the channel is the hotline, and the resident is the one the call token
    names (none without a verified call), never one named in the body."""

    request_id: RequestId
    kind: complaints.KindName
    pooling_region_code: complaints.PoolingRegionCode = ""
    village_code: VillageCode | None = None
    subject: complaints.Subject
    description: complaints.Description = ""
    complainant_name: Name | None = Field(default=None, description="Stored sealed; omit for an anonymous report.")
    complainant_mobile: Mobile | None = Field(default=None, description="Stored sealed; may be omitted.")
    received_on: date | None = Field(default=None, description="Date received; today (China) when omitted.")
    notice_month: complaints.Month | None = Field(default=None, description="For a notice dispute: the notice's month.")


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=complaints.ComplaintOut,
    **allow(Role.HOTLINE),
    responses=problem_responses(400, 401, 403, 409, 413, 415, 429, 503),
)
async def open_ticket(
    body: TicketIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> complaints.ComplaintOut:
    """Open a ticket (工单) from a call: its number to read out and its due date, 30 days on. With a verified call's
    token the ticket is linked to that resident (and, unless a region or village is given, filed with their
    village); with the hotline client's own token it is not (anonymous reports, callers who could not be
    verified), and `pooling_region_code` or `village_code` is required. The complainant's name and mobile are
    answered masked."""
    ticket = complaints.ComplaintIn(**body.model_dump(), channel="hotline", resident_id=caller.resident_id)
    if caller.resident_id and not (body.pooling_region_code or body.village_code):
        # A verified caller's ticket goes to their own village unless the operator names another.
        resident = await clients.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=caller.resident_id),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
        ticket.village_code = resident.resident.village_code
    return await complaints.send_complaint(ticket, caller, clients, settings)


@router.get(
    "/{ticket_number}",
    response_model=complaints.ComplaintOut,
    **allow(Role.HOTLINE),
    responses=problem_responses(400, 401, 403, 404, 429, 503),
)
async def get_ticket(
    ticket_number: complaints.TicketNumber, caller: CurrentCaller, clients: Clients, settings: Settings
) -> complaints.ComplaintOut:
    """A ticket by the number the caller reads out: its state, due date and resolution, the complainant masked."""
    return await complaints.get_complaint(ticket_number, caller, clients, settings)
