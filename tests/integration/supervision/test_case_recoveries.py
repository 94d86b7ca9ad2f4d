"""The supervision service as it runs (gRPC, real Kafka, FerretDB): payout's recoveries credit linked cases once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import grpc
import pytest

from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_deploy.infra import create_topics
from pension_kit.events import new_event
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.runtime import ServiceRuntime
from pension_supervision.adapters.alert_repository import ALERTS
from pension_supervision.bootstrap import build
from pension_supervision.config import SupervisionSettings
from pension_testkit import eventually, publish, random_region, signed, start_at_the_end

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
APPROVER = Caller("approver-1", Role.COUNTY_APPROVER)
HOTLINE = Caller("hotline-1", Role.HOTLINE)


@dataclass
class Running:
    runtime: ServiceRuntime
    stub: supervision_service_pb2_grpc.SupervisionServiceStub
    settings: SupervisionSettings
    region: str


@pytest.fixture
async def running(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Running]:
    prefix = uuid.uuid4().hex[:8]
    settings = SupervisionSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_database=f"supervision_cases_{prefix}",
        mongo_server_selection_timeout_ms=1000,
        grpc_port=0,
        outbox_sweep_seconds=0.5,
        audit_consumer_group=f"supervision-audit-{prefix}",
        case_consumer_group=f"supervision-cases-{prefix}",
    )
    topics = settings.topics()
    await create_topics(kafka_bootstrap, topics)
    # This test's groups read what it publishes, not the events earlier tests left on the topics.
    await start_at_the_end(kafka_bootstrap, [settings.audit_consumer_group, settings.case_consumer_group], topics)
    runtime = ServiceRuntime(settings, build)
    await runtime.start()
    channel = create_channel(f"127.0.0.1:{runtime.port}")
    try:
        yield Running(runtime, supervision_service_pb2_grpc.SupervisionServiceStub(channel), settings, random_region(4))
    finally:
        await channel.close()
        await runtime.stop(grace=1.0)


async def insert_alert(running: Running, amount_fen: int) -> str:
    """An alert document as the alert store writes it (test data)."""
    alert_id = f"AL-{uuid.uuid4().hex[:24]}"
    await running.runtime.context.database[ALERTS].insert_one(
        {
            "_id": alert_id,
            "rule": "PAYMENT_AFTER_DEATH",
            "status": "OPEN",
            "case_id": "",
            "pooling_region_code": running.region,
            "amount_fen": amount_fen,
            "resident_ids": ["R0001"],
            "agent_ids": [],
            "raised_at": datetime.now(UTC),
            "version": 1,
        }
    )
    return alert_id


def recovery_recorded(running: Running, overpayment_case_id: str, amount_fen: int) -> dict[str, Any]:
    """A RecoveryRecorded as payout publishes it on its resident topic."""
    return new_event(
        topic=running.settings.topic_payout_resident,
        payload=payout_events.RecoveryRecorded(
            resident_id="R0001",
            overpayment_case_id=overpayment_case_id,
            recovery=payout_pb2.Recovery(
                recovery_id=f"RC-{uuid.uuid4().hex[:12]}",
                amount_fen=amount_fen,
                method=payout_pb2.RECOVERY_METHOD_REPAYMENT,
                reference="receipt 0001",
                recorded_by="officer-9",
            ),
            recovered_fen=amount_fen,
            pooling_region_code=running.region,
        ),
        subject_key="R0001",
        producer="payout",
        actor="officer-9",
    )


async def get_case(running: Running, case_id: str) -> supervision_pb2.Case:
    reply = await running.stub.GetCase(
        supervision_service_pb2.GetCaseRequest(case_id=case_id), metadata=signed(APPROVER)
    )
    found: supervision_pb2.Case = reply.case_record
    return found


async def test_a_recovery_delivered_twice_adds_once_and_one_recorded_before_the_link_counts_when_linked(
    running: Running,
) -> None:
    alert_id = await insert_alert(running, 80_000)
    opened = await running.stub.OpenCase(
        supervision_service_pb2.OpenCaseRequest(
            request_id=uuid.uuid4().hex,
            alert_ids=[alert_id],
            title="死亡后继续发放",
            assigned_to="officer-2",
            overpayment_case_ids=["OP-LINKED"],
            reason="two payments after the recorded death",
        ),
        metadata=signed(OFFICER),
    )
    case = opened.case_record
    assert (case.status, case.amount_fen, case.recovered_fen) == (supervision_pb2.CASE_STATUS_OPEN, 80_000, 0)

    linked = recovery_recorded(running, "OP-LINKED", 30_000)
    early = recovery_recorded(running, "OP-LATER", 12_000)
    # The same event twice (an outbox relay may publish twice), and a recovery of a case not linked yet.
    await publish(running.settings.kafka_bootstrap_servers, [linked, linked, early])

    async def credited() -> supervision_pb2.Case | None:
        found = await get_case(running, case.case_id)
        return found if found.recovered_fen else None

    await eventually(credited, what="the linked recovery credited to the case")

    async def early_one_kept() -> bool:
        recoveries = running.runtime.context.database["overpayment_recoveries"]
        return await recoveries.count_documents({"overpayment_case_id": "OP-LATER"}) == 1

    await eventually(early_one_kept, what="the recovery of the overpayment case not yet linked kept")
    # Both events were handled by now (in order, same key): the duplicate added nothing.
    assert (await get_case(running, case.case_id)).recovered_fen == 30_000

    updated = await running.stub.UpdateCase(
        supervision_service_pb2.UpdateCaseRequest(
            request_id=uuid.uuid4().hex,
            case_id=case.case_id,
            status=supervision_pb2.CASE_STATUS_INVESTIGATING,
            overpayment_case_ids=["OP-LATER"],
            note="the second overpayment case is the same family",
        ),
        metadata=signed(OFFICER),
    )
    after = updated.case_record
    assert after.recovered_fen == 42_000
    assert list(after.overpayment_case_ids) == ["OP-LINKED", "OP-LATER"]
    assert [note.status for note in after.notes][-1] == supervision_pb2.CASE_STATUS_INVESTIGATING

    # The first recovery delivered once more, then a new one of a cent behind it on the same key: once the cent
    # is in, the redelivery before it was handled, and it added nothing.
    await publish(running.settings.kafka_bootstrap_servers, [linked, recovery_recorded(running, "OP-LINKED", 1)])

    async def cent_credited() -> supervision_pb2.Case | None:
        found = await get_case(running, case.case_id)
        return found if found.recovered_fen > 42_000 else None

    assert (await eventually(cent_credited, what="the last recovery credited")).recovered_fen == 42_001
    listed = await running.stub.ListCases(
        supervision_service_pb2.ListCasesRequest(pooling_region_code=running.region), metadata=signed(APPROVER)
    )
    assert [c.case_id for c in listed.cases] == [case.case_id]
    alerts = running.runtime.context.database[ALERTS]
    assert await alerts.count_documents({"_id": alert_id, "status": "IN_CASE", "case_id": case.case_id}) == 1


async def test_refusals_reach_the_caller_with_their_reason_and_field(running: Running) -> None:
    alert_id = await insert_alert(running, 1_000)
    request = supervision_service_pb2.OpenCaseRequest(request_id=uuid.uuid4().hex, alert_ids=[alert_id], title="t")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await running.stub.OpenCase(request, metadata=signed(HOTLINE))
    assert raised.value.code() == grpc.StatusCode.PERMISSION_DENIED
    opened = await running.stub.OpenCase(request, metadata=signed(OFFICER))
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await running.stub.UpdateCase(
            supervision_service_pb2.UpdateCaseRequest(
                request_id=uuid.uuid4().hex, case_id=opened.case_record.case_id, status=cast(Any, 99)
            ),
            metadata=signed(OFFICER),
        )
    error = from_rpc_error(raised.value)
    assert (raised.value.code(), error.reason, error.field) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "ENUM_VALUE_UNKNOWN",
        "status",
    )
    second = supervision_service_pb2.OpenCaseRequest(request_id=uuid.uuid4().hex, alert_ids=[alert_id], title="t")
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await running.stub.OpenCase(second, metadata=signed(OFFICER))
    assert from_rpc_error(raised.value).reason == "ALERT_ALREADY_IN_CASE"
