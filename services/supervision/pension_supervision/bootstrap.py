"""Wires the supervision service once: the audit chain, its consumer, its daily heads and the servicer."""

from __future__ import annotations

from datetime import UTC, datetime

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_supervision.adapters import audit_publications, audit_repository
from pension_supervision.audit_parts import audit_parts
from pension_supervision.config import SupervisionSettings
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.daily_audit_heads import daily_audit_heads
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    audit = audit_parts(settings, context.database, context.relay.notify)
    jobs = []
    if settings.daily_audit_heads:
        jobs.append(daily_audit_heads(audit.heads, at=settings.daily_audit_heads_at, now=lambda: datetime.now(UTC)))
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(audit.service),
                SERVICE_NAME,
            )
        ],
        indexes=[*audit_repository.INDEXES, *audit_publications.INDEXES],
        outbox_collections=audit_publications.OUTBOX_COLLECTIONS,
        consumers=[audit_consumer(settings, context.database, settings.audit_consumer_group, audit.service)],
        jobs=jobs,
    )
