"""Wires the enrolment service once: repositories, service layer, servicer; every part overridable in tests."""

from __future__ import annotations

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.adapters import residents
from pension_enrolment.config import EnrolmentSettings
from pension_enrolment.entrypoints.death_consumer import death_consumer
from pension_enrolment.entrypoints.grpc_servicer import EnrolmentServicer
from pension_enrolment.service_layer.changes import ResidentChanges
from pension_enrolment.service_layer.enrolment import EnrolmentService
from pension_kit.pii import PersonalDataVault
from pension_kit.runtime import ServiceContext, ServiceParts

SERVICE_NAME = enrolment_service_pb2.DESCRIPTOR.services_by_name["EnrolmentService"].full_name


def build(context: ServiceContext) -> ServiceParts:
    settings = context.settings
    assert isinstance(settings, EnrolmentSettings)
    repository = residents.ResidentRepository(context.database)
    vault = PersonalDataVault.from_settings(settings)
    topic = settings.topic_enrolment_resident
    enrolment = EnrolmentService(residents=repository, vault=vault, topic=topic, notify_relay=context.relay.notify)
    changes = ResidentChanges(residents=repository, vault=vault, topic=topic, notify_relay=context.relay.notify)
    return ServiceParts(
        grpc_services=[
            (
                enrolment_service_pb2_grpc.add_EnrolmentServiceServicer_to_server,
                EnrolmentServicer(enrolment, changes),
                SERVICE_NAME,
            )
        ],
        indexes=residents.INDEXES,
        outbox_collections=[residents.RESIDENTS],
        consumers=[death_consumer(settings, context.database, settings.death_consumer_group, changes)],
    )
