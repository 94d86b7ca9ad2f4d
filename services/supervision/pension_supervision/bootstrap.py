"""Wires the supervision service once: the audit chain, its consumer and the servicer."""

from __future__ import annotations

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_supervision.adapters import audit_repository, case_repository
from pension_supervision.adapters.case_alerts import CaseAlerts
from pension_supervision.config import SupervisionSettings
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.case_consumer import case_consumer
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.cases import CaseService

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    audit = AuditService(audit_repository.AuditRepository(context.database))
    cases = CaseService(
        case_repository.CaseRepository(context.database),
        CaseAlerts(context.database),
        topic=settings.topic_supervision_region,
        notify_relay=context.relay.notify,
    )
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(audit, cases),
                SERVICE_NAME,
            )
        ],
        indexes=[*audit_repository.INDEXES, *case_repository.INDEXES],
        outbox_collections=[case_repository.CASES],
        consumers=[
            audit_consumer(settings, context.database, settings.audit_consumer_group, audit),
            case_consumer(settings, context.database, settings.case_consumer_group, cases),
        ],
    )
