"""Wires the supervision service once: the audit chain, the alert rules, cases, their consumers and the servicer."""

from __future__ import annotations

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.clock import today_in_china
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_supervision.adapters import alert_repository, audit_repository, case_repository
from pension_supervision.adapters.case_alerts import CaseAlerts
from pension_supervision.adapters.policies import RegionPolicies
from pension_supervision.adapters.rule_facts import RuleFacts
from pension_supervision.config import SupervisionSettings
from pension_supervision.entrypoints.alert_consumer import alert_consumer
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.case_consumer import case_consumer
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.cases import CaseService
from pension_supervision.service_layer.rule_watch import RuleWatch

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    audit = AuditService(audit_repository.AuditRepository(context.database))
    alerts = AlertService(
        alert_repository.AlertRepository(context.database),
        topic=settings.topic_supervision_region,
        notify_relay=context.relay.notify,
    )
    policies = RegionPolicies(context.database)
    watch = RuleWatch(RuleFacts(context.database), policies, alerts)

    async def escalation_threshold(region: str) -> int:
        return (await policies.thresholds(region, today_in_china())).escalation_threshold_fen

    cases = CaseService(
        case_repository.CaseRepository(context.database),
        CaseAlerts(context.database),
        topic=settings.topic_supervision_region,
        notify_relay=context.relay.notify,
        threshold_for=escalation_threshold,
    )
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(audit, alerts=alerts, cases=cases),
                SERVICE_NAME,
            )
        ],
        indexes=[*audit_repository.INDEXES, *alert_repository.INDEXES, *case_repository.INDEXES],
        outbox_collections=[alert_repository.ALERTS, case_repository.CASES],
        consumers=[
            audit_consumer(settings, context.database, settings.audit_consumer_group, audit),
            alert_consumer(settings, context.database, settings.alerts_consumer_group, watch),
            case_consumer(settings, context.database, settings.case_consumer_group, cases),
        ],
    )
