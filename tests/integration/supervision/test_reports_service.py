"""The report RPCs in the running supervision service: a village catalogued by enrolment reaches the notice through
Kafka and the service's own reports consumer, a reconciliation is announced to the audit chain,
and the calls are checked for role and input over gRPC."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_testkit import InProcessServices, eventually, random_region, signed

OFFICER = Caller("officer-reports", Role.COUNTY_OFFICER)
JULY = types_pb2.YearMonth(year=2026, month=7)


@pytest.fixture
async def services(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[InProcessServices]:
    started = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    try:
        yield started
    finally:
        await started.stop()


async def test_a_catalogued_village_has_a_notice_and_the_calls_are_checked(services: InProcessServices) -> None:
    assert services.enrolment is not None and services.supervision is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    supervision = supervision_service_pb2_grpc.SupervisionServiceStub(services.channel(services.supervision))
    region = random_region(4)
    village = f"{region}101201"
    await enrolment.LoadVillages(
        enrolment_service_pb2.LoadVillagesRequest(
            request_id=uuid.uuid4().hex,
            pooling_region_code=region,
            villages=[enrolment_pb2.Village(village_code=village, name="李庄村", township_name="城关镇")],
            reason="catalogue",
        ),
        metadata=signed(OFFICER),
        timeout=30,
    )
    request = supervision_service_pb2.GetPublicNoticeRequest(village_code=village, month=JULY)

    async def notice() -> supervision_service_pb2.GetPublicNoticeResponse | None:
        try:
            reply: supervision_service_pb2.GetPublicNoticeResponse = await supervision.GetPublicNotice(
                request, metadata=signed(OFFICER), timeout=10
            )
            return reply
        except grpc.aio.AioRpcError as error:
            if from_rpc_error(error).reason == "VILLAGE_NOT_FOUND":
                return None
            raise

    found = await eventually(notice, deadline=60, what="the village reaches supervision's notice")
    assert found.notice.village_name == "李庄村" and found.notice.dispute_contact == "12333"
    assert (len(found.notice.contributors), found.notice.paid_fen) == (0, 0)

    async def refused(call: Any, message: Any, caller: Caller) -> tuple[grpc.StatusCode, str]:
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await call(message, metadata=signed(caller), timeout=10)
        return error.value.code(), from_rpc_error(error.value).reason

    other_agent = Caller("agent-x", Role.VILLAGE_AGENT, frozenset({f"{region}101202"}))
    assert await refused(supervision.GetPublicNotice, request, other_agent) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "VILLAGE_NOT_ASSIGNED",
    )
    run = supervision_service_pb2.RunReconciliationRequest(request_id="r1", pooling_region_code=region, month=JULY)
    assert (await refused(supervision.RunReconciliation, run, Caller("hotline-1", Role.HOTLINE)))[0] == (
        grpc.StatusCode.PERMISSION_DENIED
    )
    get = supervision_service_pb2.GetReconciliationRequest(pooling_region_code=region, month=JULY)
    assert await refused(supervision.GetReconciliation, get, OFFICER) == (
        grpc.StatusCode.NOT_FOUND,
        "RECONCILIATION_NOT_FOUND",
    )
    done = await supervision.RunReconciliation(run, metadata=signed(OFFICER), timeout=30)
    assert done.reconciliation.balanced  # nothing happened in this region: nothing to differ

    async def announced() -> list[Any]:
        entries = await supervision.ListAuditEntries(
            supervision_service_pb2.ListAuditEntriesRequest(subject_key=region),
            metadata=signed(Caller("auditor-1", Role.AUDITOR)),
            timeout=10,
        )
        return [e for e in entries.entries if e.event_type == "pension.supervision.v1.ReconciliationCompleted"]

    # The run is announced on the supervision topic (the service's relay) and so reaches the audit chain.
    [entry] = await eventually(announced, deadline=60, what="ReconciliationCompleted in the audit chain")
    assert entry.producer == "supervision"
    assert await refused(
        supervision.GetDisclosure,
        supervision_service_pb2.GetDisclosureRequest(pooling_region_code=region, year=2026, month=13),
        Caller("hotline-1", Role.HOTLINE),
    ) == (grpc.StatusCode.INVALID_ARGUMENT, "MONTH_INVALID")
    year = await supervision.GetDisclosure(
        supervision_service_pb2.GetDisclosureRequest(pooling_region_code=region, year=2026),
        metadata=signed(Caller("hotline-1", Role.HOTLINE)),
        timeout=10,
    )
    assert year.disclosure.enrolled == 0 and len(year.disclosure.income) == 8
