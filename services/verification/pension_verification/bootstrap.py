"""Wires the verification service once: the certification cycle, registry feeds and death reports, agents' visits
and relations, the signs of life from the signs-of-life topic, and face proof of life (the model loaded at first
use, sealed templates, liveness challenges, photos, the retention of face data) (repositories, consumers, use
cases, servicer).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.lease import Leases
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts
from pension_verification.adapters.certification_repository import CertificationRepository
from pension_verification.adapters.face_model import load_face_model
from pension_verification.adapters.face_templates import FaceTemplates
from pension_verification.adapters.liveness_challenges import LivenessChallenges
from pension_verification.adapters.photo_store import PhotoStore
from pension_verification.adapters.registry_repository import RegistryRepository
from pension_verification.adapters.resident_index import ResidentIndex
from pension_verification.adapters.resident_villages import ResidentVillages
from pension_verification.adapters.store import INDEXES, OUTBOX_COLLECTIONS
from pension_verification.adapters.visit_repository import VisitRepository
from pension_verification.config import VerificationSettings
from pension_verification.entrypoints.daily_deadlines import daily_deadlines
from pension_verification.entrypoints.enrolment_consumer import enrolment_consumer
from pension_verification.entrypoints.grpc_servicer import VerificationServicer
from pension_verification.entrypoints.payout_consumer import payout_consumer
from pension_verification.entrypoints.registry_consumer import registry_consumer
from pension_verification.entrypoints.signs_of_life_consumer import signs_of_life_consumer
from pension_verification.service_layer.agent_relations import AgentRelations
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.death_reports import DeathReportService
from pension_verification.service_layer.face import FaceService
from pension_verification.service_layer.face_retention import FaceRetention
from pension_verification.service_layer.proofs import ProofService
from pension_verification.service_layer.registry import RegistryService
from pension_verification.service_layer.registry_residents import RegistryKeys, RegistryResidents
from pension_verification.service_layer.villages import VillageCatalogue
from pension_verification.service_layer.visits import VisitService

SERVICE_NAME = verification_service_pb2.DESCRIPTOR.services_by_name["VerificationService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, VerificationSettings)
    repository = CertificationRepository(context.database)
    topic = settings.topic_verification_resident
    notify = context.relay.notify
    cycle = CycleService(repository, topic=topic, notify_relay=notify)
    vault = PersonalDataVault.from_settings(settings)
    photos = PhotoStore(context.database)
    templates = FaceTemplates(context.database, vault)
    retention = FaceRetention(repository, context.database, photos=photos, templates=templates)
    deadlines = DeadlineService(repository, topic=topic, notify_relay=notify, retention=retention)
    keys = RegistryKeys(vault)
    index = ResidentIndex(context.database)
    registry_repository = RegistryRepository(context.database)
    registry = RegistryService(repository, registry_repository, index, keys, topic=topic, notify_relay=notify)

    async def death_reported(resident_id: str) -> bool:
        return await registry_repository.pending_report(resident_id) is not None

    visit_records = VisitRepository(context.database)
    proofs = ProofService(
        repository,
        topic=topic,
        notify_relay=notify,
        data_max_age_days=settings.data_certification_max_age_days,
    )
    visits = VisitService(
        repository,
        visit_records,
        photos,
        proofs,
        topic=topic,
        notify_relay=notify,
        max_distance_m=settings.visit_max_distance_m,
        max_age_days=settings.visit_max_age_days,
    )
    servicer = VerificationServicer(
        proofs,
        deadlines,
        CertificationQueries(repository, death_reported=death_reported),
        registry,
        DeathReportService(repository, registry_repository, index, registry, topic=topic, notify_relay=notify),
        visits=visits,
        relations=AgentRelations(visit_records),
        face=FaceService(
            repository,
            proofs=proofs,
            templates=templates,
            challenges=LivenessChallenges(context.database),
            photos=photos,
            villages=ResidentVillages(context.database),
            model=load_face_model,
            challenge_key=settings.liveness_challenge_key,
            challenge_ttl=timedelta(seconds=settings.liveness_challenge_ttl_seconds),
            topic=topic,
            notify_relay=notify,
        ),
    )
    jobs = []
    if settings.daily_deadlines:
        jobs.append(
            daily_deadlines(
                repository,
                deadlines,
                at=settings.daily_deadlines_at,
                now=lambda: datetime.now(UTC),
                leases=Leases(context.database),  # one instance of N runs each day's run
            )
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
                settings,
                context.database,
                settings.enrolment_consumer_group,
                cycle,
                RegistryResidents(index, keys),
                VillageCatalogue(visit_records),
            ),
            registry_consumer(settings, context.database, settings.registry_consumer_group, registry),
            signs_of_life_consumer(settings, context.database, settings.signs_of_life_consumer_group, proofs),
        ],
        jobs=jobs,
    )
