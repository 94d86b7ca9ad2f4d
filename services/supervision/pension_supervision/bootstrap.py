"""Wires the supervision service once: the audit chain and its daily heads, alerts, cases, complaints, the
reports, their consumers, the daily jobs and the servicer."""

from __future__ import annotations

from datetime import UTC, datetime

# Every event type any topic can carry must be importable here, so that payloads can be opened.
import pension.enrolment.v1.events_pb2
import pension.payout.v1.events_pb2
import pension.supervision.v1.events_pb2
import pension.verification.v1.events_pb2  # noqa: F401
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.clock import today_in_china
from pension_kit.lease import Leases
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters import (
    alert_repository,
    audit_publications,
    audit_repository,
    case_repository,
    complaint_repository,
    report_facts,
    review_facts,
    statistics_store,
)
from pension_supervision.adapters.policies import RegionPolicies
from pension_supervision.adapters.report_facts import RECONCILIATIONS, ReportFacts
from pension_supervision.adapters.rule_facts import RuleFacts
from pension_supervision.audit_parts import audit_parts
from pension_supervision.config import SupervisionSettings
from pension_supervision.entrypoints.alert_consumer import alert_consumer
from pension_supervision.entrypoints.audit_consumer import audit_consumer
from pension_supervision.entrypoints.case_consumer import case_consumer
from pension_supervision.entrypoints.daily_audit_heads import daily_audit_heads
from pension_supervision.entrypoints.daily_complaint_deadlines import daily_complaint_deadlines
from pension_supervision.entrypoints.grpc_servicer import SupervisionServicer
from pension_supervision.entrypoints.report_consumer import report_consumer
from pension_supervision.service_layer import review_lists
from pension_supervision.service_layer.alerts import AlertService
from pension_supervision.service_layer.cases import CaseService
from pension_supervision.service_layer.complaints import ComplaintService
from pension_supervision.service_layer.disclosure import DisclosureService
from pension_supervision.service_layer.monthly_statistics import MonthlyStatisticsService
from pension_supervision.service_layer.notices import NoticeService
from pension_supervision.service_layer.reconciliation import ReconciliationService
from pension_supervision.service_layer.review_lists import ReviewListService
from pension_supervision.service_layer.rule_watch import RuleWatch

SERVICE_NAME = supervision_service_pb2.DESCRIPTOR.services_by_name["SupervisionService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, SupervisionSettings)
    database = context.database
    topic, notify = settings.topic_supervision_region, context.relay.notify
    audit = audit_parts(settings, database, notify)
    alert_store = alert_repository.AlertRepository(database)
    alerts = AlertService(alert_store, topic=topic, notify_relay=notify)
    policies = RegionPolicies(database)
    watch = RuleWatch(RuleFacts(database), policies, alerts)

    async def escalation_threshold(region: str) -> int:
        return (await policies.thresholds(region, today_in_china())).escalation_threshold_fen

    cases = CaseService(
        case_repository.CaseRepository(database),
        alert_store,
        threshold_for=escalation_threshold,
        topic=topic,
        notify_relay=notify,
    )
    complaints = ComplaintService(
        complaint_repository.ComplaintRepository(database),
        PersonalDataVault.from_settings(settings),
        topic=topic,
        notify_relay=notify,
    )
    facts = ReportFacts(database)
    reconciliation = ReconciliationService(
        facts,
        MongoRepository(database[RECONCILIATIONS]),
        raise_alert=alerts.raise_alert,
        topic=topic,
        notify_relay=notify,
    )
    statistics = MonthlyStatisticsService(
        facts,
        policies,
        MongoRepository(database[statistics_store.MONTHLY_STATISTICS]),
        raise_alert=alerts.raise_alert,
        topic=topic,
        notify_relay=notify,
    )
    jobs = []
    leases = Leases(database)  # one instance of N runs each day's run of each job
    if settings.daily_audit_heads:
        jobs.append(
            daily_audit_heads(
                audit.heads, at=settings.daily_audit_heads_at, now=lambda: datetime.now(UTC), leases=leases
            )
        )
    if settings.daily_complaint_deadlines:
        jobs.append(
            daily_complaint_deadlines(
                complaints, at=settings.daily_complaint_deadlines_at, now=lambda: datetime.now(UTC), leases=leases
            )
        )
    return ServiceParts(
        grpc_services=[
            (
                supervision_service_pb2_grpc.add_SupervisionServiceServicer_to_server,
                SupervisionServicer(
                    audit.service,
                    alerts=alerts,
                    cases=cases,
                    complaints=complaints,
                    notices=NoticeService(facts, dispute_contact=settings.notice_dispute_contact),
                    reconciliation=reconciliation,
                    disclosure=DisclosureService(facts),
                    review_lists=ReviewListService(
                        facts, review_facts.ReviewFacts(database), database, topic=topic, notify_relay=notify
                    ),
                    statistics=statistics,
                ),
                SERVICE_NAME,
            )
        ],
        indexes=[
            *audit_repository.INDEXES,
            *audit_publications.INDEXES,
            *alert_repository.INDEXES,
            *case_repository.INDEXES,
            *complaint_repository.INDEXES,
            *report_facts.INDEXES,
            *review_facts.INDEXES,
            *review_lists.INDEXES,
            *statistics_store.INDEXES,
        ],
        outbox_collections=[
            *audit_publications.OUTBOX_COLLECTIONS,
            alert_repository.ALERTS,
            case_repository.CASES,
            *complaint_repository.OUTBOX_COLLECTIONS,
            RECONCILIATIONS,
            review_lists.PUBLICATIONS,
            statistics_store.MONTHLY_STATISTICS,
        ],
        consumers=[
            audit_consumer(settings, database, settings.audit_consumer_group, audit.service),
            alert_consumer(settings, database, settings.alerts_consumer_group, watch),
            case_consumer(settings, database, settings.case_consumer_group, cases),
            report_consumer(settings, database, settings.reports_consumer_group, facts),
        ],
        jobs=jobs,
    )
