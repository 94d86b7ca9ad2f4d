"""The audit chain for auditors: entries of a subject, and whether the chain is intact (a check on demand, too)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import AuditEventType, AuditProducer, PageToken, RequestId, SubjectKey
from pension_gateway.api.routes.supervision_fields import enum_name
from pension_kit.identity import Role

router = APIRouter(prefix="/audit", tags=["audit"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's AUDIT_READERS.
READING_ROLES: Final = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER)


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
    first_sequence: int = 0
    last_sequence: int = 0
    head_hash: str = Field(default="", description="Hash of the last entry checked.")
    break_kind: str = Field(
        default="unspecified", description="hash_mismatch, prev_hash_mismatch, sequence_gap; unspecified if intact."
    )
    expected_hash: str = Field(default="", description="The hash the chain expects at the break.")
    found_hash: str = Field(default="", description="The hash found there.")


# Sequence numbers an auditor may name: int64's range, as the contract carries them.
_SEQUENCE_MAX = 2**63 - 1


class ChainVerificationIn(BaseModel):
    """Check the chain (a range of it, or all): the verdict is also announced as an event."""

    request_id: RequestId
    from_sequence: int = Field(default=0, strict=True, ge=0, le=_SEQUENCE_MAX, description="0: the first entry.")
    to_sequence: int = Field(default=0, strict=True, ge=0, le=_SEQUENCE_MAX, description="0: the newest entry.")


def verdict_out(response: supervision_service_pb2.VerifyAuditChainResponse) -> ChainVerdictOut:
    return ChainVerdictOut(
        intact=response.intact,
        entries_checked=response.entries_checked,
        broken_at_sequence=response.broken_at_sequence,
        message=response.message,
        first_sequence=response.first_sequence,
        last_sequence=response.last_sequence,
        head_hash=response.head_hash,
        break_kind=enum_name(supervision_pb2.ChainBreakKind.DESCRIPTOR, response.break_kind),
        expected_hash=response.expected_hash,
        found_hash=response.found_hash,
    )


@router.get(
    "/entries", **allow(*READING_ROLES), response_model=AuditPageOut, responses=problem_responses(400, 401, 403, 503)
)
async def list_entries(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    subject_key: SubjectKey = "",
    producer: AuditProducer = "",
    event_type: AuditEventType = "",
    from_sequence: int = Query(0, ge=0, le=2**63 - 1, description="The first sequence to list; 0 for the start."),
    page_size: int = Query(100, ge=1, le=1000),
    page_token: PageToken = "",
) -> AuditPageOut:
    """Audit entries in chain order, optionally of one resident or region, one producer and one event type, from
    a sequence number on."""
    response = await clients.supervision.ListAuditEntries(
        supervision_service_pb2.ListAuditEntriesRequest(
            subject_key=subject_key,
            producer=producer,
            event_type=event_type,
            from_sequence=from_sequence,
            page_size=page_size,
            page_token=page_token,
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
                occurred_at=e.occurred_at.ToDatetime(tzinfo=UTC),
                recorded_at=e.recorded_at.ToDatetime(tzinfo=UTC),
                hash=e.hash,
                prev_hash=e.prev_hash,
            )
            for e in response.entries
        ],
        next_page_token=response.next_page_token,
    )


@router.get(
    "/verification", **allow(*READING_ROLES), response_model=ChainVerdictOut, responses=problem_responses(401, 403, 503)
)
async def verify(caller: CurrentCaller, clients: Clients, settings: Settings) -> ChainVerdictOut:
    """Walk the whole audit chain and say whether it is intact and where it breaks."""
    response = await clients.supervision.VerifyAuditChain(
        supervision_service_pb2.VerifyAuditChainRequest(),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, 60.0),
    )
    return verdict_out(response)


@router.post(
    "/verifications",
    **allow(*READING_ROLES),
    response_model=ChainVerdictOut,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 503),
)
async def run_verification(
    body: ChainVerificationIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ChainVerdictOut:
    """Check the audit chain now, from `from_sequence` to `to_sequence` (0: the whole chain), and announce the
    verdict; the answer says whether it is intact, or the first broken entry and how it breaks. A retry with the
    same `request_id` is the same check."""
    response = await clients.supervision.VerifyAuditChain(
        supervision_service_pb2.VerifyAuditChainRequest(
            request_id=body.request_id, from_sequence=body.from_sequence, to_sequence=body.to_sequence
        ),
        metadata=caller.to_metadata(),
        timeout=max(settings.rpc_timeout_seconds, 60.0),
    )
    return verdict_out(response)
