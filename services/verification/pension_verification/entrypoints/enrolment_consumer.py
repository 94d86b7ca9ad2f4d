"""Keeps the certification cycle and the registry's resident index current from enrolment's events: an enrolment
adds the resident to the index, a death or transfer out ends both, a move of village moves both, each policy
version is kept for the cycle's validity and notice, and each village's position (VillageRegistered) for the
distance check of agents' visits."""

from __future__ import annotations

from pymongo.asynchronous.database import AsyncDatabase

from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension_kit.config import KitSettings
from pension_kit.consumer import Handler, IdempotentConsumer
from pension_kit.events import ReceivedEvent
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date, from_sealed_value
from pension_verification.adapters.visit_repository import Village
from pension_verification.domain.visits import Position
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.registry_residents import RegistryResidents
from pension_verification.service_layer.villages import VillageCatalogue

_CAUSES = {
    enrolment_pb2.TERMINATION_CAUSE_DEATH: "death",
    enrolment_pb2.TERMINATION_CAUSE_TRANSFER_OUT: "transfer out",
    enrolment_pb2.TERMINATION_CAUSE_JOINED_EMPLOYEES_SCHEME: "joined the employees' scheme",
}


def enrolment_consumer(
    settings: KitSettings,
    database: AsyncDatabase[Document],
    group_id: str,
    cycle: CycleService,
    residents: RegistryResidents,
    villages: VillageCatalogue,
) -> IdempotentConsumer:
    async def on_enrolled(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.ResidentEnrolled)
        birth_date = from_calendar_date(payload.birth_date, field="birth_date")
        assert birth_date is not None
        await residents.enrolled(
            payload.resident_id,
            citizen_id_hash=payload.citizen_id_hash,
            sealed_name=from_sealed_value(payload.sealed_name),
            name_masked=payload.name_masked,
            birth_date=birth_date,
            village_code=payload.village_code,
            pooling_region_code=payload.pooling_region_code,
        )

    async def on_terminated(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.EnrolmentTerminated)
        await residents.ended(payload.resident_id)
        await cycle.end(
            event.event_id,
            payload.resident_id,
            deceased=payload.cause == enrolment_pb2.TERMINATION_CAUSE_DEATH,
            reason=f"enrolment ended: {_CAUSES.get(payload.cause, 'ended')}",
        )

    async def on_village_changed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.VillageChanged)
        await residents.moved(payload.resident_id, payload.village_code)
        await cycle.moved(event.event_id, payload.resident_id, payload.village_code)

    async def on_policy_changed(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.PolicyChanged)
        await cycle.record_policy(payload.policy)

    async def on_village_registered(event: ReceivedEvent) -> None:
        payload = event.payload()
        assert isinstance(payload, enrolment_events.VillageRegistered)
        village = payload.village
        point = village.position
        await villages.registered(
            Village(
                village.village_code,
                village.name,
                village.township_code,
                village.pooling_region_code,
                Position(point.latitude_e6, point.longitude_e6, point.accuracy_m)
                if village.HasField("position")
                else None,
            )
        )

    handlers: dict[str, Handler] = {
        enrolment_events.ResidentEnrolled.DESCRIPTOR.full_name: on_enrolled,
        enrolment_events.EnrolmentTerminated.DESCRIPTOR.full_name: on_terminated,
        enrolment_events.VillageChanged.DESCRIPTOR.full_name: on_village_changed,
        enrolment_events.PolicyChanged.DESCRIPTOR.full_name: on_policy_changed,
        enrolment_events.VillageRegistered.DESCRIPTOR.full_name: on_village_registered,
    }
    return IdempotentConsumer(
        settings,
        database,
        group_id=group_id,
        topics=[settings.topic_enrolment_resident, settings.topic_enrolment_region],
        handlers=handlers,
    )
