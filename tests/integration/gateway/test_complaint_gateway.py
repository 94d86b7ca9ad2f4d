"""The hotline's tickets through the gateway and the real supervision service, broker and database: open a ticket,
read it back by the number said over the phone, an officer extends and closes it, lists, and the complainant is
masked in every answer; ComplaintFiled reaches the supervision topic."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import grpc
import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from pension.common.v1 import envelope_pb2
from pension.supervision.v1 import events_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_deploy.infra import create_topics
from pension_gateway.config import GatewaySettings
from pension_kit.clock import today_in_china
from pension_kit.grpc_client import create_channel
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_kit.runtime import ServiceRuntime
from pension_supervision.bootstrap import build
from pension_supervision.config import SupervisionSettings
from pension_testkit import InProcessGateway, eventually, random_region, signed, start_at_the_end

HOTLINE = Caller("hotline-1", Role.HOTLINE)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
NAME = "张三丰"
MOBILE = "13812345678"


@dataclass
class Hotline:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    settings: SupervisionSettings
    region: str
    supervision: supervision_service_pb2_grpc.SupervisionServiceStub

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}


@pytest.fixture(scope="module")
async def hotline(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Hotline]:
    prefix = uuid.uuid4().hex[:8]
    settings = SupervisionSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        mongo_uri=mongo_uri,
        mongo_server_selection_timeout_ms=1000,
        grpc_port=0,
        mongo_database=f"supervision_{prefix}",
        audit_consumer_group=f"supervision-audit-{prefix}",
        # The test runs the deadline check on the days it chooses.
        daily_complaint_deadlines=False,
    )
    topics = settings.topics()
    await create_topics(kafka_bootstrap, topics)
    await start_at_the_end(kafka_bootstrap, [settings.audit_consumer_group], topics)
    supervision = ServiceRuntime(settings, build)
    await supervision.start()
    gateway = InProcessGateway(
        GatewaySettings(
            kafka_bootstrap_servers=kafka_bootstrap,
            mongo_uri=mongo_uri,
            mongo_database=f"gateway_{prefix}",
            http_port=0,
            supervision_address=f"127.0.0.1:{supervision.port}",
        )
    )
    url = await gateway.start()
    channel = create_channel(f"127.0.0.1:{supervision.port}")
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield Hotline(
                http, gateway, settings, random_region(4), supervision_service_pb2_grpc.SupervisionServiceStub(channel)
            )
    finally:
        await channel.close()
        await gateway.stop()
        await supervision.stop(grace=1.0)


def assert_masked(body: Any) -> None:
    """No complainant data in the clear anywhere in an answer."""
    text = str(body)
    assert NAME not in text and MOBILE not in text


async def open_ticket(hotline: Hotline, **changes: Any) -> dict[str, Any]:
    body = {
        "request_id": uuid.uuid4().hex,
        "kind": "complaint",
        "channel": "hotline",
        "village_code": f"{hotline.region}101201",
        "subject": "养老金本月未到账",
        "description": f"来电人称本月养老金未到账，回拨电话{MOBILE}",
        "complainant_name": NAME,
        "complainant_mobile": MOBILE,
        **changes,
    }
    response = await hotline.http.post("/v1/complaints", json=body, headers=hotline.bearer(HOTLINE))
    assert response.status_code == 201, response.text
    opened: dict[str, Any] = response.json()
    return opened


async def test_the_hotline_opens_a_ticket_and_reads_it_back_by_its_number(hotline: Hotline) -> None:
    opened = await open_ticket(hotline)
    assert_masked(opened)
    number = opened["ticket_number"]
    today = today_in_china()
    assert number.startswith(f"TS-{hotline.region}-{today.strftime('%y%m%d')}-")
    assert (opened["status"], opened["received_on"], opened["pooling_region_code"]) == (
        "received",
        today.isoformat(),
        hotline.region,
    )
    assert (opened["complainant_name_masked"], opened["complainant_mobile_masked"]) == ("张*丰", "138****5678")
    assert "138****5678" in opened["description"]

    # Read back as said over the phone: groups separated by blanks, without TS.
    spoken = number.removeprefix("TS-").replace("-", " ")
    read = await hotline.http.get(f"/v1/complaints/{spoken}", headers=hotline.bearer(HOTLINE))
    assert read.status_code == 200, read.text
    assert read.json() == opened
    # One digit misheard: refused as such, not answered with someone else's ticket.
    digits = number.replace("-", "")[2:]
    wrong = digits[:8] + str((int(digits[8]) + 1) % 10) + digits[9:]
    misheard = await hotline.http.get(f"/v1/complaints/{wrong}", headers=hotline.bearer(HOTLINE))
    assert misheard.status_code == 400
    assert misheard.json()["code"] == "TICKET_NUMBER_CHECK_DIGIT"

    # The event on the supervision topic announces the ticket, without the complainant.
    consumer = AIOKafkaConsumer(
        hotline.settings.topic_supervision_region,
        bootstrap_servers=hotline.settings.kafka_bootstrap_servers,
        auto_offset_reset="earliest",
        group_id=f"test-{uuid.uuid4().hex[:8]}",
    )
    await consumer.start()
    try:

        async def filed() -> events_pb2.ComplaintFiled | None:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    assert record.value is not None
                    envelope = envelope_pb2.EventEnvelope.FromString(record.value)
                    if envelope.event_type == events_pb2.ComplaintFiled.DESCRIPTOR.full_name:
                        event = events_pb2.ComplaintFiled()
                        envelope.payload.Unpack(event)
                        if event.ticket_number == number:
                            assert NAME not in str(record.value) and MOBILE.encode() not in record.value
                            return event
            return None

        event = await eventually(filed, what="ComplaintFiled on the supervision topic")
    finally:
        await consumer.stop()
    assert (event.pooling_region_code, event.due_on.month) == (hotline.region, int(opened["due_on"][5:7]))


async def test_an_officer_extends_once_and_closes_and_lists_show_it_masked(hotline: Hotline) -> None:
    number = (await open_ticket(hotline))["ticket_number"]
    extension = {"request_id": uuid.uuid4().hex, "reason": "需调取银行流水核实"}
    refused = await hotline.http.post(
        f"/v1/complaints/{number}/extension", json=extension, headers=hotline.bearer(HOTLINE)
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "ROLE_NOT_ALLOWED")
    extended = await hotline.http.post(
        f"/v1/complaints/{number}/extension", json=extension, headers=hotline.bearer(OFFICER)
    )
    assert extended.status_code == 200, extended.text
    assert extended.json()["extended"] is True
    assert_masked(extended.json())
    again = await hotline.http.post(
        f"/v1/complaints/{number}/extension",
        json={"request_id": uuid.uuid4().hex, "reason": "还需时间"},
        headers=hotline.bearer(OFFICER),
    )
    assert (again.status_code, again.json()["code"]) == (422, "EXTENSION_ALREADY_USED")

    closing = {"request_id": uuid.uuid4().hex, "status": "closed", "resolution": "", "reason": "办结"}
    no_resolution = await hotline.http.post(
        f"/v1/complaints/{number}/status", json=closing, headers=hotline.bearer(OFFICER)
    )
    assert (no_resolution.status_code, no_resolution.json()["code"]) == (400, "RESOLUTION_REQUIRED")
    closed = await hotline.http.post(
        f"/v1/complaints/{number}/status",
        json={**closing, "request_id": uuid.uuid4().hex, "resolution": "经核实已补发"},
        headers=hotline.bearer(OFFICER),
    )
    assert closed.status_code == 200, closed.text
    assert (closed.json()["status"], closed.json()["resolution"]) == ("closed", "经核实已补发")
    assert_masked(closed.json())

    listed = await hotline.http.get(
        "/v1/complaints",
        params={"pooling_region_code": hotline.region, "status": "closed"},
        headers=hotline.bearer(OFFICER),
    )
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert number in [c["ticket_number"] for c in page["complaints"]]
    assert all(c["status"] == "closed" for c in page["complaints"])
    assert_masked(page)
    agent = Caller("agent-9", Role.VILLAGE_AGENT, frozenset({f"{hotline.region}101201"}))
    forbidden = await hotline.http.get("/v1/complaints", headers=hotline.bearer(agent))
    assert (forbidden.status_code, forbidden.json()["code"]) == (403, "ROLE_NOT_ALLOWED")


async def test_a_dispute_of_a_village_notice_is_opened_as_a_ticket(hotline: Hotline) -> None:
    disputed = await open_ticket(
        hotline, kind="notice_dispute", notice_month="2026-06", subject="公示名单有误", complainant_name=None
    )
    assert (disputed["kind"], disputed["notice_month"], disputed["complainant_name_masked"]) == (
        "notice_dispute",
        "2026-06",
        "",
    )
    no_month = await hotline.http.post(
        "/v1/complaints",
        json={
            "request_id": uuid.uuid4().hex,
            "kind": "notice_dispute",
            "channel": "public",
            "village_code": f"{hotline.region}101201",
            "subject": "公示名单有误",
        },
        headers=hotline.bearer(HOTLINE),
    )
    assert (no_month.status_code, no_month.json()["code"]) == (400, "NOTICE_DISPUTE_MONTH_REQUIRED")


async def test_the_hotline_reads_that_an_overdue_ticket_was_escalated(hotline: Hotline) -> None:
    received = today_in_china() - timedelta(days=40)
    number = (await open_ticket(hotline, received_on=received.isoformat()))["ticket_number"]
    check = supervision_service_pb2.CheckComplaintDeadlinesRequest(
        request_id=uuid.uuid4().hex, pooling_region_code=hotline.region, as_of=to_calendar_date(today_in_china())
    )
    with pytest.raises(grpc.aio.AioRpcError) as hotline_may_not:
        await hotline.supervision.CheckComplaintDeadlines(check, metadata=signed(HOTLINE))
    assert hotline_may_not.value.code() is grpc.StatusCode.PERMISSION_DENIED
    first = await hotline.supervision.CheckComplaintDeadlines(check, metadata=signed(OFFICER))
    assert first.newly_overdue >= 1
    check.request_id = uuid.uuid4().hex
    second = await hotline.supervision.CheckComplaintDeadlines(check, metadata=signed(OFFICER))
    assert (second.newly_overdue, second.overdue) == (0, first.overdue)
    read = await hotline.http.get(f"/v1/complaints/{number}", headers=hotline.bearer(HOTLINE))
    assert (read.json()["overdue"], read.json()["escalated"]) == (True, True)
    listed = await hotline.http.get(
        "/v1/complaints",
        params={"pooling_region_code": hotline.region, "overdue_only": "true"},
        headers=hotline.bearer(OFFICER),
    )
    assert [c["ticket_number"] for c in listed.json()["complaints"]] == [number]
