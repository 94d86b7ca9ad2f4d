"""The audit chain for auditors: entries of a subject, and whether the chain is intact."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query
from pydantic import BaseModel

from pension.supervision.v1 import supervision_service_pb2
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import PageToken, SubjectKey

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditEntryOut(BaseModel):
    sequence: int
    event_id: str
    event_type: str
    producer: str
    subject_key: str
    actor: str
    reason: str
    occurred_at: datetime
    recorded_at: datetime
    hash: str
    prev_hash: str


class AuditPageOut(BaseModel):
    entries: list[AuditEntryOut]
    next_page_token: str


class ChainVerdictOut(BaseModel):
    intact: bool
    entries_checked: int
    broken_at_sequence: int
    message: str


@router.get("/entries", response_model=AuditPageOut, responses=problem_responses(400, 401, 403, 503))
async def list_entries(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    subject_key: SubjectKey = "",
    page_size: int = Query(100, ge=1, le=1000),
    page_token: PageToken = "",
) -> AuditPageOut:
    """Audit entries in chain order, optionally of one resident or region."""
    response = await clients.supervision.ListAuditEntries(
        supervision_service_pb2.ListAuditEntriesRequest(
            subject_key=subject_key, page_size=page_size, page_token=page_token
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return AuditPageOut(
        entries=[
            AuditEntryOut(
                sequence=e.sequence,
                event_id=e.event_id,
                event_type=e.event_type,
                producer=e.producer,
                subject_key=e.subject_key,
                actor=e.actor,
                reason=e.reason,
                occurred_at=e.occurred_at.ToDatetime(),
                recorded_at=e.recorded_at.ToDatetime(),
                hash=e.hash,
                prev_hash=e.prev_hash,
            )
            for e in response.entries
        ],
        next_page_token=response.next_page_token,
    )


@router.get("/verification", response_model=ChainVerdictOut, responses=problem_responses(401, 403, 503))
async def verify(caller: CurrentCaller, clients: Clients, settings: Settings) -> ChainVerdictOut:
    """Walk the whole audit chain and say whether it is intact and where it breaks."""
    response = await clients.supervision.VerifyAuditChain(
        supervision_service_pb2.VerifyAuditChainRequest(),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, 60.0),
    )
    return ChainVerdictOut(
        intact=response.intact,
        entries_checked=response.entries_checked,
        broken_at_sequence=response.broken_at_sequence,
        message=response.message,
    )
