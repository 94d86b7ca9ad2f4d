"""The audit chain's RPCs of the SupervisionService: its entries, and its verification (a mixin of the servicer)."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_kit.identity import require_caller
from pension_kit.protoconv import to_timestamp
from pension_supervision.domain.audit import AuditEntry
from pension_supervision.service_layer.audit import BREAK_KINDS, AuditService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def entry_message(entry: AuditEntry) -> supervision_pb2.AuditEntry:
    return supervision_pb2.AuditEntry(
        sequence=entry.sequence,
        event_id=entry.event_id,
        event_type=entry.event_type,
        producer=entry.producer,
        subject_key=entry.subject_key,
        actor=entry.actor,
        reason=entry.reason,
        occurred_at=to_timestamp(entry.occurred_at),
        recorded_at=to_timestamp(entry.recorded_at),
        prev_hash=entry.prev_hash,
        hash=entry.hash,
        envelope_sha256=entry.envelope_sha256,
        envelope=entry.envelope,
        topic=entry.topic,
    )


class AuditRpcs:
    _audit: AuditService

    async def ListAuditEntries(
        self, request: supervision_service_pb2.ListAuditEntriesRequest, context: Context
    ) -> supervision_service_pb2.ListAuditEntriesResponse:
        entries, next_token = await self._audit.list_entries(
            caller=require_caller(),
            subject_key=request.subject_key,
            producer=request.producer,
            event_type=request.event_type,
            from_sequence=request.from_sequence,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return supervision_service_pb2.ListAuditEntriesResponse(
            entries=[entry_message(e) for e in entries], next_page_token=next_token
        )

    async def VerifyAuditChain(
        self, request: supervision_service_pb2.VerifyAuditChainRequest, context: Context
    ) -> supervision_service_pb2.VerifyAuditChainResponse:
        verdict = await self._audit.verify(
            caller=require_caller(),
            request_id=request.request_id,
            from_sequence=request.from_sequence,
            to_sequence=request.to_sequence,
        )
        return supervision_service_pb2.VerifyAuditChainResponse(
            intact=verdict.intact,
            entries_checked=verdict.entries_checked,
            first_sequence=verdict.first_sequence if verdict.entries_checked else 0,
            last_sequence=verdict.last_sequence,
            head_hash=verdict.last_hash,
            broken_at_sequence=verdict.broken_at_sequence,
            break_kind=BREAK_KINDS.get(verdict.kind, supervision_pb2.CHAIN_BREAK_KIND_UNSPECIFIED),
            expected_hash=verdict.expected_hash,
            found_hash=verdict.found_hash,
            message=verdict.problem or f"intact: {verdict.entries_checked} entries",
        )
