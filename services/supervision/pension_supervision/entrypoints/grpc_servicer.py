"""The SupervisionService gRPC servicer: the audit chain's queries; other RPCs answer UNIMPLEMENTED for now."""

from __future__ import annotations

from typing import Any, TypeAlias

import grpc

from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.identity import require_caller
from pension_kit.protoconv import to_timestamp
from pension_supervision.domain.audit import AuditEntry
from pension_supervision.entrypoints.alert_rpcs import AlertRpcs
from pension_supervision.entrypoints.case_rpcs import CaseRpcs
from pension_supervision.entrypoints.complaint_rpcs import ComplaintRpcs
from pension_supervision.entrypoints.report_rpcs import ReportRpcs
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.cases import CaseService
from pension_supervision.service_layer.complaints import ComplaintService
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]

_BREAK_KINDS = {
    "EDITED": supervision_pb2.CHAIN_BREAK_KIND_HASH_MISMATCH,
    "RELINKED": supervision_pb2.CHAIN_BREAK_KIND_PREV_HASH_MISMATCH,
    "DELETED": supervision_pb2.CHAIN_BREAK_KIND_SEQUENCE_GAP,
}


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


class SupervisionServicer(
    AlertRpcs, CaseRpcs, ComplaintRpcs, ReportRpcs, supervision_service_pb2_grpc.SupervisionServiceServicer
):
    """The service's RPCs: each part (audit, alerts, cases, complaints, reports) is a mixin of its own module."""

    def __init__(
        self,
        audit: AuditService,
        *,
        alerts: AlertService,
        cases: CaseService,
        complaints: ComplaintService,
        notices: NoticeService,
        reconciliation: ReconciliationService,
        disclosure: DisclosureService,
    ) -> None:
        self._audit = audit
        self._alerts = alerts
        self._cases = cases
        self._complaints = complaints
        self._notices = notices
        self._reconciliation = reconciliation
        self._disclosure = disclosure

    async def ListAuditEntries(
        self, request: supervision_service_pb2.ListAuditEntriesRequest, context: Context
    ) -> supervision_service_pb2.ListAuditEntriesResponse:
        entries, next_token = await self._audit.list_entries(
            caller=require_caller(),
            subject_key=request.subject_key,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return supervision_service_pb2.ListAuditEntriesResponse(
            entries=[entry_message(e) for e in entries], next_page_token=next_token
        )

    async def VerifyAuditChain(
        self, request: supervision_service_pb2.VerifyAuditChainRequest, context: Context
    ) -> supervision_service_pb2.VerifyAuditChainResponse:
        verdict = await self._audit.verify(caller=require_caller())
        return supervision_service_pb2.VerifyAuditChainResponse(
            intact=verdict.intact,
            entries_checked=verdict.entries_checked,
            first_sequence=1 if verdict.entries_checked else 0,
            last_sequence=verdict.entries_checked,
            head_hash=verdict.last_hash,
            broken_at_sequence=verdict.broken_at_sequence,
            break_kind=_BREAK_KINDS.get(verdict.kind, supervision_pb2.CHAIN_BREAK_KIND_UNSPECIFIED),
            message=verdict.problem or f"intact: {verdict.entries_checked} entries",
        )
