"""The villages' positions travel from enrolment's catalogue (LoadVillages, announced as VillageRegistered) to
verification, which checks an agent's visit against them: both services on the real broker and database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from verification_stack import (
    Verification,
    award,
    hear_policy,
    photo,
    position_kept,
    refused,
    resident_id,
    running_verification,
)

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_testkit import InProcessServices, signed

COUNTY_OFFICER = Caller("officer-villages", Role.COUNTY_OFFICER)


@pytest.fixture
async def both(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[tuple[Verification, Any]]:
    async with running_verification(kafka_broker, ferretdb) as verification:
        services = await InProcessServices(
            kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_supervision=False
        ).start()
        assert services.enrolment is not None
        try:
            yield verification, enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
        finally:
            await services.stop()


def village(code: str, latitude_e6: int, longitude_e6: int, name: str = "李庄村") -> enrolment_pb2.Village:
    return enrolment_pb2.Village(
        village_code=code,
        name=name,
        township_name="城关镇",
        position=types_pb2.GeoPoint(latitude_e6=latitude_e6, longitude_e6=longitude_e6),
    )


async def test_villages_loaded_in_enrolment_place_the_visits_verification_checks(
    both: tuple[Verification, Any],
) -> None:
    verification, enrolment = both
    region, code = verification.region, verification.village
    load = enrolment_service_pb2.LoadVillagesRequest(
        request_id="villages-1",
        pooling_region_code=region,
        villages=[
            village(code, 32_950_000, 114_550_000),
            village(f"{region}101000", 32_950_000, 114_550_000),  # a township's code, not a village's
            village("110101001001", 39_900_000, 116_400_000),  # another region's village
            village(verification.other_village, 32_950_000, 114_550_000, name=" "),
        ],
        reason="division codes 2026",
    )
    loaded = await enrolment.LoadVillages(load, metadata=signed(COUNTY_OFFICER), timeout=30)
    assert loaded.loaded == 1 and loaded.unchanged == 0
    assert [(v.location, v.field, v.reason_code) for v in loaded.violations] == [
        (f"{region}101000", "village_code", "DIVISION_CODE_NOT_VILLAGE"),
        ("110101001001", "village_code", "VILLAGE_OUTSIDE_POOLING_REGION"),
        (verification.other_village, "name", "VILLAGE_NAME_REQUIRED"),
    ]
    again = await enrolment.LoadVillages(load, metadata=signed(COUNTY_OFFICER), timeout=30)
    assert (again.loaded, again.unchanged) == (0, 1)
    got = await enrolment.GetVillage(
        enrolment_service_pb2.GetVillageRequest(village_code=code), metadata=signed(COUNTY_OFFICER), timeout=10
    )
    assert got.village.township_code == code[:9] and got.village.pooling_region_code == region
    assert await refused(
        enrolment.LoadVillages(load, metadata=signed(Caller("agent-1", Role.VILLAGE_AGENT, frozenset({code}))))
    ) == (grpc.StatusCode.PERMISSION_DENIED, "ROLE_NOT_ALLOWED", "")
    await position_kept(verification, code, 32_950_000)

    # The committee moved 5 km north: a new load announces the change, and a visit at the old place is now too far.
    moved = enrolment_service_pb2.LoadVillagesRequest(
        request_id="villages-2",
        pooling_region_code=region,
        villages=[village(code, 32_995_000, 114_550_000)],
        reason="committee moved",
    )
    assert (await enrolment.LoadVillages(moved, metadata=signed(COUNTY_OFFICER), timeout=30)).loaded == 1
    await position_kept(verification, code, 32_995_000)
    await hear_policy(verification)
    resident = resident_id()
    await award(verification, resident, Month(2025, 1))
    visited_at = Timestamp()
    visited_at.FromDatetime(datetime.now(UTC) - timedelta(minutes=10))
    agent = Caller("agent-7", Role.VILLAGE_AGENT, frozenset({code}))

    def visit_at(latitude_e6: int, request_id: str) -> verification_service_pb2.RecordAgentVisitRequest:
        return verification_service_pb2.RecordAgentVisitRequest(
            request_id=request_id,
            resident_id=resident,
            position=types_pb2.GeoPoint(latitude_e6=latitude_e6, longitude_e6=114_550_000),
            visited_at=visited_at,
            photo=photo(),
        )

    assert await refused(
        verification.stub.RecordAgentVisit(visit_at(32_950_000, "old-place"), metadata=signed(agent), timeout=30)
    ) == (grpc.StatusCode.FAILED_PRECONDITION, "VISIT_TOO_FAR", "position")
    recorded = await verification.stub.RecordAgentVisit(
        visit_at(32_996_000, "new-place"), metadata=signed(agent), timeout=30
    )
    assert recorded.certification.method == verification_pb2.CERTIFICATION_METHOD_AGENT_VISIT
