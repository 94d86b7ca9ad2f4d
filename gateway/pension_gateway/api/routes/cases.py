"""Supervision cases built from alerts: opening one, the list, one case with its history, and changing it.

Each route forwards the caller's own token to the supervision service, which decides who may open and work cases.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import Note, Reason, RequestId
from pension_gateway.api.routes.supervision_fields import (
    CASE_ALERTS_MAX,
    REFERENCES_MAX,
    AlertIdField,
    AmountFen,
    AttachmentRef,
    CaseIdPath,
    CaseStatusName,
    OfficerId,
    PlatformId,
    PoolingRegionQuery,
    SupervisionPageToken,
    Title,
    enum_name,
    enum_number,
    moment,
)
from pension_kit.identity import Role
from pension_kit.paging import MAX_PAGE_SIZE

router = APIRouter(prefix="/cases", tags=["supervision"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's case
# WRITING_ROLES and READING_ROLES.
WRITING_ROLES: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
READING_ROLES: Final = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER)


class CaseNoteOut(BaseModel):
    actor: str
    written_at: datetime | None
    status: str = Field(description="The case's status after it.")
    text: str


class CaseOut(BaseModel):
    """A case: the alerts it covers, where it stands, money at stake and recovered, escalation, history."""

    case_id: str
    pooling_region_code: str
    title: str
    alert_ids: list[str]
    resident_ids: list[str]
    status: str = Field(description="open, investigating, substantiated, unsubstantiated or closed.")
    assigned_to: str
    amount_fen: int = Field(description="Money at stake, fen.")
    recovered_fen: int = Field(description="Money recovered so far, fen (linked overpayment recoveries included).")
    escalated: bool = Field(description="Escalated (要情报告) as over the threshold.")
    escalated_at: datetime | None
    escalated_to: str
    opened_at: datetime | None
    updated_at: datetime | None
    notes: list[CaseNoteOut] = Field(description="History, oldest first.")
    attachment_refs: list[str]
    overpayment_case_ids: list[str]


class CasesPageOut(BaseModel):
    cases: list[CaseOut] = Field(description="Newest first.")
    next_page_token: str


class CaseIn(BaseModel):
    """Open a case from alerts (at least one); the money at stake defaults to the alerts' total."""

    request_id: RequestId
    alert_ids: Annotated[list[AlertIdField], Field(min_length=1, max_length=CASE_ALERTS_MAX)]
    title: Title
    assigned_to: OfficerId = ""
    amount_fen: AmountFen = 0
    reason: Reason = ""
    overpayment_case_ids: Annotated[list[PlatformId], Field(max_length=REFERENCES_MAX)] = []


class CaseChangeIn(BaseModel):
    """Change a case: any of its status, assignee, money at stake; money recovered by this change (added to the
    total); a note; attachments and overpayment cases to link. What is left out stays as it is."""

    request_id: RequestId
    status: CaseStatusName | None = None
    assigned_to: OfficerId = ""
    recovered_fen: AmountFen = 0
    amount_fen: AmountFen = 0
    note: Note = ""
    reason: Reason = ""
    attachment_refs: Annotated[list[AttachmentRef], Field(max_length=REFERENCES_MAX)] = []
    overpayment_case_ids: Annotated[list[PlatformId], Field(max_length=REFERENCES_MAX)] = []


def case_out(case: supervision_pb2.Case) -> CaseOut:
    statuses = supervision_pb2.CaseStatus.DESCRIPTOR
    return CaseOut(
        case_id=case.case_id,
        pooling_region_code=case.pooling_region_code,
        title=case.title,
        alert_ids=list(case.alert_ids),
        resident_ids=list(case.resident_ids),
        status=enum_name(statuses, case.status),
        assigned_to=case.assigned_to,
        amount_fen=case.amount_fen,
        recovered_fen=case.recovered_fen,
        escalated=case.escalated,
        escalated_at=moment(case.escalated_at),
        escalated_to=case.escalated_to,
        opened_at=moment(case.opened_at),
        updated_at=moment(case.updated_at),
        notes=[
            CaseNoteOut(
                actor=n.actor, written_at=moment(n.written_at), status=enum_name(statuses, n.status), text=n.text
            )
            for n in case.notes
        ],
        attachment_refs=list(case.attachment_refs),
        overpayment_case_ids=list(case.overpayment_case_ids),
    )


def open_request(body: CaseIn) -> supervision_service_pb2.OpenCaseRequest:
    return supervision_service_pb2.OpenCaseRequest(
        request_id=body.request_id,
        alert_ids=body.alert_ids,
        title=body.title,
        assigned_to=body.assigned_to,
        amount_fen=body.amount_fen,
        reason=body.reason,
        overpayment_case_ids=body.overpayment_case_ids,
    )


def update_request(case_id: str, body: CaseChangeIn) -> supervision_service_pb2.UpdateCaseRequest:
    return supervision_service_pb2.UpdateCaseRequest(
        request_id=body.request_id,
        case_id=case_id,
        status=enum_number(supervision_pb2.CaseStatus.DESCRIPTOR, body.status),  # type: ignore[arg-type]
        assigned_to=body.assigned_to,
        recovered_fen=body.recovered_fen,
        amount_fen=body.amount_fen,
        note=body.note,
        reason=body.reason,
        attachment_refs=body.attachment_refs,
        overpayment_case_ids=body.overpayment_case_ids,
    )


@router.post(
    "",
    **allow(*WRITING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=CaseOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def open_case(body: CaseIn, caller: CurrentCaller, clients: Clients, settings: Settings) -> CaseOut:
    """Open a case from alerts; a case over the escalation threshold is escalated (要情报告) at once. A retry with
    the same `request_id` answers the same case."""
    response = await clients.supervision.OpenCase(
        open_request(body), metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return case_out(response.case_record)


@router.get("", **allow(*READING_ROLES), response_model=CasesPageOut, responses=problem_responses(400, 401, 403, 503))
async def list_cases(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: PoolingRegionQuery = None,
    status: CaseStatusName | None = None,
    escalated_only: bool = False,
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    page_token: SupervisionPageToken = "",
) -> CasesPageOut:
    """Cases, newest first, filtered by region, status and escalation; cursor-paged."""
    response = await clients.supervision.ListCases(
        supervision_service_pb2.ListCasesRequest(
            pooling_region_code=pooling_region_code or "",
            status=enum_number(supervision_pb2.CaseStatus.DESCRIPTOR, status),  # type: ignore[arg-type]
            escalated_only=escalated_only,
            page_size=page_size,
            page_token=page_token,
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return CasesPageOut(cases=[case_out(c) for c in response.cases], next_page_token=response.next_page_token)


@router.get(
    "/{case_id}", **allow(*READING_ROLES), response_model=CaseOut, responses=problem_responses(400, 401, 403, 404, 503)
)
async def get_case(case_id: CaseIdPath, caller: CurrentCaller, clients: Clients, settings: Settings) -> CaseOut:
    """One case with its history, attachments and linked overpayment cases."""
    response = await clients.supervision.GetCase(
        supervision_service_pb2.GetCaseRequest(case_id=case_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return case_out(response.case_record)


@router.patch(
    "/{case_id}",
    **allow(*WRITING_ROLES),
    response_model=CaseOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def update_case(
    case_id: CaseIdPath, body: CaseChangeIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> CaseOut:
    """Change a case's status, assignee or amounts, with a note, attachments and linked overpayment cases."""
    response = await clients.supervision.UpdateCase(
        update_request(case_id, body), metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return case_out(response.case_record)
