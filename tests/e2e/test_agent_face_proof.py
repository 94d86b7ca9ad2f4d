"""An agent's phone gives a pensioner's proof of life with real photographs, through the gateway's /agent/v1 routes
and the real enrolment and verification services: the task list shows them overdue, the enrolment photo, the
challenge and the frames, and the task is done."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from face_testkit import proof_images, real_frames
from verification_stack import award, hear_policy, new_region

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_kit.runtime import ServiceRuntime
from pension_testkit import InProcessGateway, InProcessServices, new_enrolment, signed

# A challenge of exactly [turn_right, turn_left] comes about once in 12: 300 tries miss it with a chance of about 5e-12.
MAX_TRIES = 300


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    services: InProcessServices
    region: str
    village: str

    @property
    def runtime(self) -> ServiceRuntime:
        """The verification service (verification_stack's view of it)."""
        assert self.services.verification is not None
        return self.services.verification

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Stack]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_verification=True, with_supervision=False
    ).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    region = new_region()
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        stack = Stack(http, gateway, services, region, f"{region}101201")
        await hear_policy(stack)
        yield stack
    await gateway.stop()
    await services.stop()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def overdue_villager(stack: Stack) -> str:
    """Someone enrolled in the village and awarded a pension from January 2025 (proof due 2026-01-01: overdue)."""
    assert stack.services.enrolment is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(stack.services.channel(stack.services.enrolment))
    body = new_enrolment(stack.village, name="刘奶奶")
    enrolled_on = to_calendar_date(date.fromisoformat(body.pop("enrolled_on")))
    response = await enrolment.Enrol(
        enrolment_service_pb2.EnrolRequest(**body, enrolled_on=enrolled_on),
        metadata=signed(Caller("officer-1", Role.COUNTY_OFFICER)),
    )
    resident: str = response.resident.resident_id
    await award(stack, resident, Month(2025, 1), stack.village)
    return resident


async def test_an_agent_proves_a_villager_alive_by_face_from_the_task_list(stack: Stack) -> None:
    faces = proof_images()
    resident = await overdue_villager(stack)
    agent = Caller(f"agent-{uuid.uuid4().hex[:6]}", Role.VILLAGE_AGENT, frozenset({stack.village}), device_id="p-1")
    headers = stack.bearer(agent)

    tasks = (await stack.http.get("/agent/v1/tasks", headers=headers)).json()["tasks"]
    assert [(t["resident_id"], t["state"], t["name"]) for t in tasks] == [(resident, "overdue", "刘奶奶")]

    photo = {"request_id": uuid.uuid4().hex, "image": b64(faces["obama.jpg"])}
    uploaded = await stack.http.post(f"/agent/v1/residents/{resident}/photo", json=photo, headers=headers)
    assert uploaded.status_code == 201, uploaded.text

    for _ in range(MAX_TRIES):
        issued = await stack.http.post(f"/agent/v1/residents/{resident}/liveness-challenges", headers=headers)
        assert issued.status_code == 201, issued.text
        if issued.json()["actions"] == ["turn_right", "turn_left"]:
            break
    else:
        raise AssertionError(f"no challenge asked turn_right, turn_left in {MAX_TRIES} tries")
    proof = {
        "request_id": uuid.uuid4().hex,
        "challenge_token": issued.json()["challenge_token"],
        "frames": [b64(frame) for frame in real_frames(faces)],
    }
    answered = await stack.http.post(f"/agent/v1/residents/{resident}/face-certifications", json=proof, headers=headers)
    assert answered.status_code == 200, answered.text
    answer = answered.json()
    assert answer["passed"] and answer["certification"]["agent_id"] == agent.user_id
    assert answer["status"]["state"] == "current"

    detail = (await stack.http.get(f"/agent/v1/residents/{resident}", headers=headers)).json()
    assert detail["certification"]["state"] == "current"
    assert detail["certification"]["last_certification"]["method"] == "face"
    assert (await stack.http.get("/agent/v1/tasks", headers=headers)).json()["tasks"] == []
