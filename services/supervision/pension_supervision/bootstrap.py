"""Wires the supervision service once: the audit chain, its consumer and the servicer."""

from __future__ import annotations

import logging

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters import audit_repository, report_facts
from pension_supervision.adapters.report_facts import RECONCILIATIONS, ReportFacts
from pension_supervision.config import SupervisionSettings
from pension_supervision.domain.alerts import AlertDraft
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer
from pension_supervision.entrypoints.report_consumer import report_consumer
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService

log = logging.getLogger(__name__)

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    audit = AuditService(audit_repository.AuditRepository(context.database))
    facts = ReportFacts(context.database)
    reconciliation = ReconciliationService(
        facts,
        MongoRepository(context.database[RECONCILIATIONS]),
        topic=settings.topic_supervision_region,
        notify_relay=context.relay.notify,
        raise_alert=_alert_not_wired,  # the lead wires AlertService.raise_alert here
    )
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(
                    audit,
                    notices=NoticeService(facts, dispute_contact=settings.notice_dispute_contact),
                    reconciliation=reconciliation,
                    disclosure=DisclosureService(facts),
                ),
                SERVICE_NAME,
            )
        ],
        indexes=[*audit_repository.INDEXES, *report_facts.INDEXES],
        outbox_collections=[RECONCILIATIONS],
        consumers=[
            audit_consumer(settings, context.database, settings.audit_consumer_group, audit),
            report_consumer(settings, context.database, settings.reports_consumer_group, facts),
        ],
    )


def _alert_not_wired(draft: AlertDraft) -> None:
    # Until the alert store is merged in, an unreconciled month is at least in the log (amounts only, no person).
    log.warning("alert %s not stored (no alert service wired): %s", draft.alert_id, draft.reason_en)
