"""Wires the enrolment service once: repositories, service layer, servicer; every part overridable in tests."""

from __future__ import annotations

from datetime import date

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.adapters import (
    agent_cash,
    contribution_requests,
    employee_registry,
    policies,
    posting_runs,
    residents,
    villages,
)
from pension_enrolment.config import EnrolmentSettings
from pension_enrolment.entrypoints.cash_consumer import cash_consumer
from pension_enrolment.entrypoints.death_consumer import death_consumer
from pension_enrolment.entrypoints.grpc_servicer import EnrolmentServicer
from pension_enrolment.entrypoints.payout_consumer import payout_consumer
from pension_enrolment.service_layer.cash import AgentCashService
from pension_enrolment.service_layer.contributions import ContributionService
from pension_enrolment.service_layer.drawdowns import DrawdownService
from pension_enrolment.service_layer.enrolment import EnrolmentService
from pension_enrolment.service_layer.policy import PolicyService
from pension_enrolment.service_layer.posting_runs import PostingRunService
from pension_enrolment.service_layer.resident_changes import ResidentChangeService
from pension_enrolment.service_layer.villages import VillageCatalogue
from pension_kit.config import Environment
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts

SERVICE_NAME = enrolment_service_pb2.DESCRIPTOR.services_by_name["EnrolmentService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, EnrolmentSettings)
    repository = residents.ResidentRepository(context.database)
    vault = PersonalDataVault.from_settings(settings)
    topic = settings.topic_enrolment_resident
    enrolment = EnrolmentService(
        residents=repository,
        vault=vault,
        topic=topic,
        notify_relay=context.relay.notify,
        employee_registry=employee_registry.EmployeePensionRegistryRepository(context.database),
        region_topic=settings.topic_enrolment_region,
    )
    changes = ResidentChangeService(residents=repository, vault=vault, topic=topic, notify_relay=context.relay.notify)
    development = settings.env is Environment.DEVELOPMENT
    policy = PolicyService(
        policies=policies.PolicyRepository(context.database),
        topic=settings.topic_enrolment_region,
        notify_relay=context.relay.notify,
        demo_regions=settings.demo_policy_region_codes() if development else frozenset(),
    )
    drawdowns = DrawdownService(residents=repository, topic=topic, notify_relay=context.relay.notify)
    runs = PostingRunService(
        residents=repository,
        runs=posting_runs.PostingRunRepository(context.database),
        policies=policy,
        resident_topic=topic,
        region_topic=settings.topic_enrolment_region,
        notify_relay=context.relay.notify,
    )

    async def settlement_days(pooling_region_code: str, on: date) -> int:
        return (await policy.in_force(pooling_region_code, on)).cash_settlement_days

    cash = AgentCashService(
        books=agent_cash.AgentCashRepository(context.database),
        region_topic=settings.topic_enrolment_region,
        notify_relay=context.relay.notify,
        settlement_days=settlement_days,
    )
    contributions = ContributionService(
        residents=repository,
        policies=policy,
        topic=topic,
        notify_relay=context.relay.notify,
        require_receipt_number_free=cash.require_receipt_number_free,
        request_ids=contribution_requests.ContributionRequestIds(context.database),
    )
    return ServiceParts(
        grpc_services=[
            (
                enrolment_service_pb2_grpc.add_EnrolmentServiceServicer_to_server,
                EnrolmentServicer(
                    enrolment,
                    changes,
                    policy,
                    contributions,
                    runs,
                    cash,
                    VillageCatalogue(
                        villages.VillageRepository(context.database),
                        region_topic=settings.topic_enrolment_region,
                        notify_relay=context.relay.notify,
                    ),
                ),
                SERVICE_NAME,
            )
        ],
        indexes=[
            *residents.INDEXES,
            *employee_registry.INDEXES,
            *policies.INDEXES,
            *posting_runs.INDEXES,
            *agent_cash.INDEXES,
            *villages.INDEXES,
        ],
        outbox_collections=[
            residents.RESIDENTS,
            *employee_registry.OUTBOX_COLLECTIONS,
            policies.POLICIES,
            posting_runs.POSTING_RUNS,
            agent_cash.AGENT_CASH,
            villages.VILLAGES,
        ],
        consumers=[
            death_consumer(settings, context.database, settings.death_consumer_group, changes),
            cash_consumer(settings, context.database, settings.cash_consumer_group, cash),
            payout_consumer(settings, context.database, settings.payout_consumer_group, drawdowns),
        ],
        # Development only: the demo regions get the demo policy before anyone needs it.
        jobs=[enrolment.backfill_search_fields, *([policy.seed_demo_regions] if development else [])],
    )
