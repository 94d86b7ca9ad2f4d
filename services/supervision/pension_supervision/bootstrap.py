"""Wires the supervision service once: the audit chain, its consumer, its daily heads and the servicer."""

from __future__ import annotations

from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_supervision.adapters import audit_publications, audit_repository
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.config import SupervisionSettings
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.daily_audit_heads import daily_audit_heads
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.audit_heads import AuditHeadPublisher

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    topic = settings.topic_supervision_region
    notify = context.relay.notify
    log = audit_repository.AuditRepository(context.database, settings.audit_chain_key)
    publications = audit_publications.AuditPublications(context.database)
    signing_key = Ed25519PrivateKey.from_private_bytes(settings.audit_head_signing_key)
    head_files = AuditHeadFiles(settings.audit_heads_dir, signing_key.public_key())
    audit = AuditService(log, settings.audit_chain_key, head_files, publications, topic, notify)
    jobs = []
    if settings.daily_audit_heads:
        publisher = AuditHeadPublisher(log, publications, head_files, signing_key, topic, notify)
        jobs.append(daily_audit_heads(publisher, at=settings.daily_audit_heads_at, now=lambda: datetime.now(UTC)))
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(audit),
                SERVICE_NAME,
            )
        ],
        indexes=[*audit_repository.INDEXES, *audit_publications.INDEXES],
        outbox_collections=audit_publications.OUTBOX_COLLECTIONS,
        consumers=[audit_consumer(settings, context.database, settings.audit_consumer_group, audit)],
        jobs=jobs,
    )
