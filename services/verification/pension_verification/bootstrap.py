"""Wires the verification service once: the certification cycle, registry feeds and death reports (repositories,
consumers, use cases, servicer).

The face and agent-visit RPCs answer UNIMPLEMENTED until their parts of issue 9 are built.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_verification.adapters.certification_repository import CertificationRepository
from pension_verification.adapters.registry_repository import RegistryRepository
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.adapters.store import INDEXES, OUTBOX_COLLECTIONS
from pension_verification.config import VerificationSettings
from pension_verification.entrypoints.daily_deadlines import daily_deadlines
from pension_verification.entrypoints.enrolment_consumer import enrolment_consumer
from pension_verification.entrypoints.grpc_servicer import VerificationServicer
from pension_verification.entrypoints.payout_consumer import payout_consumer
from pension_verification.entrypoints.registry_consumer import registry_consumer
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.death_reports import DeathReportService
from pension_verification.service_layer.proofs import ProofService
from pension_verification.service_layer.registry import RegistryService
from pension_verification.service_layer.registry_residents import RegistryKeys, RegistryResidents

SERVICE_NAME = verification_service_pb2.DESCRIPTOR.services_by_name["VerificationService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, VerificationSettings)
    repository = CertificationRepository(context.database)
    topic = settings.topic_verification_resident
    notify = context.relay.notify
    cycle = CycleService(repository, topic=topic, notify_relay=notify)
    deadlines = DeadlineService(repository, topic=topic, notify_relay=notify)
    keys = RegistryKeys(PersonalDataVault.from_settings(settings))
    index = ResidentIndex(context.database)
    registry_repository = RegistryRepository(context.database)
    registry = RegistryService(repository, registry_repository, index, keys, topic=topic, notify_relay=notify)

    async def death_reported(resident_id: str) -> bool:
        return await registry_repository.pending_report(resident_id) is not None

    servicer = VerificationServicer(
        ProofService(
            repository,
            topic=topic,
            notify_relay=notify,
            data_max_age_days=settings.data_certification_max_age_days,
        ),
        deadlines,
        CertificationQueries(repository, death_reported=death_reported),
        registry,
        DeathReportService(repository, registry_repository, index, registry, topic=topic, notify_relay=notify),
    )
    jobs = []
    if settings.daily_deadlines:
        jobs.append(
            daily_deadlines(repository, deadlines, at=settings.daily_deadlines_at, now=lambda: datetime.now(UTC))
        )
    return ServiceParts(
        grpc_services=[
            (verification_service_pb2_grpc.add_VerificationServiceServicer_to_server, servicer, SERVICE_NAME)
        ],
        indexes=INDEXES,
        outbox_collections=OUTBOX_COLLECTIONS,
        consumers=[
            payout_consumer(settings, context.database, settings.payout_consumer_group, cycle),
            enrolment_consumer(
                settings, context.database, settings.enrolment_consumer_group, cycle, RegistryResidents(index, keys)
            ),
            registry_consumer(settings, context.database, settings.registry_consumer_group, registry),
        ],
        jobs=jobs,
    )
