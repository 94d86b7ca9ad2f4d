"""What an agent reads on the phone, through the real gateway and services: villages, the search of my villagers
page by page, a villager's detail, my cash, my tasks, my village's notice; another village's resident is answered
exactly as an id nobody has."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.clock import today_in_china
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import (
    DEMO_VILLAGE,
    InProcessGateway,
    InProcessServices,
    eventually,
    fresh_citizen_id,
    new_enrolment,
    signed,
)

OTHER_VILLAGE = "411723101202"
THIRD_VILLAGE = "411723101203"
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    enrolment: Stub

    def agent(self, *villages: str) -> Caller:
        return Caller(
            f"agent-{uuid.uuid4().hex[:8]}",
            Role.VILLAGE_AGENT,
            frozenset(villages or {DEMO_VILLAGE}),
            device_id="phone-1",
        )

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}

    async def get(self, caller: Caller, path: str, **params: Any) -> httpx.Response:
        return await self.http.get(f"/agent/v1{path}", params=params, headers=self.bearer(caller))

    async def enrol(self, caller: Caller, village: str, name: str) -> enrolment_pb2.Resident:
        # Someone of working age, so that an own contribution is allowed.
        body = new_enrolment(village, name=name, citizen_id_number=fresh_citizen_id(date(1975, 1, 1), 20))
        enrolled_on = to_calendar_date(date.fromisoformat(body.pop("enrolled_on")))
        officer = Caller("officer-1", Role.COUNTY_OFFICER)
        response = await self.enrolment.Enrol(
            enrolment_service_pb2.EnrolRequest(**body, enrolled_on=enrolled_on, agent_id=caller.user_id),
            metadata=signed(officer),
        )
        resident: enrolment_pb2.Resident = response.resident
        return resident


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Stack]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_verification=True
    ).start()
    assert services.enrolment is not None
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        yield Stack(http, gateway, Stub(services.channel(services.enrolment)))
    await gateway.stop()
    await services.stop()


async def test_my_villages_are_listed_by_code_page_by_page(stack: Stack) -> None:
    agent = stack.agent(THIRD_VILLAGE, DEMO_VILLAGE, OTHER_VILLAGE)
    first = await stack.get(agent, "/villages", limit=2)
    assert first.status_code == 200, first.text
    assert [v["village_code"] for v in first.json()["villages"]] == [DEMO_VILLAGE, OTHER_VILLAGE]
    second = (await stack.get(agent, "/villages", limit=2, cursor=first.json()["next_cursor"])).json()
    assert [v["village_code"] for v in second["villages"]] == [THIRD_VILLAGE] and second["next_cursor"] == ""


async def test_an_agent_searches_all_their_villages_by_name_and_last_four_page_by_page(stack: Stack) -> None:
    agent = stack.agent(DEMO_VILLAGE, OTHER_VILLAGE)
    surname = random.choice("赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜")
    names = [f"{surname}{given}" for given in ("一", "二", "三", "四", "五")]
    enrolled = [
        await stack.enrol(agent, DEMO_VILLAGE if i % 2 else OTHER_VILLAGE, name) for i, name in enumerate(names)
    ]
    # Someone of a village not the agent's, with the same surname: never in the agent's results.
    await stack.enrol(agent, THIRD_VILLAGE, f"{surname}六")
    seen: list[dict[str, Any]] = []
    cursor = ""
    pages = 0
    while True:
        answer = await stack.get(agent, "/residents", name=surname, limit=2, cursor=cursor)
        assert answer.status_code == 200, answer.text
        seen += answer.json()["residents"]
        pages += 1
        cursor = answer.json()["next_cursor"]
        if not cursor:
            break
    assert sorted(r["name"] for r in seen) == sorted(names) and pages >= 3
    assert len({r["resident_id"] for r in seen}) == len(names), "no villager twice across pages"
    one = enrolled[3]
    assert all("*" in r["citizen_id_masked"] and "*" in r["mobile_masked"] for r in seen)
    by_last4 = await stack.get(agent, "/residents", id_last4=one.citizen_id_masked[-4:], name=surname)
    assert [r["resident_id"] for r in by_last4.json()["residents"]] == [one.resident_id]
    only_demo = await stack.get(agent, "/residents", village_code=DEMO_VILLAGE, name=surname)
    assert {r["village_code"] for r in only_demo.json()["residents"]} == {DEMO_VILLAGE}


async def test_a_malformed_search_or_cursor_is_refused_naming_the_field(stack: Stack) -> None:
    agent = stack.agent()
    for params, field, code in (
        ({"name": "Wang"}, "name", "NAME_PREFIX_INVALID"),
        ({"id_last4": "12a4"}, "id_last4", "CITIZEN_ID_SUFFIX_INVALID"),
        ({"cursor": "bm90LWEtY3Vyc29y"}, "cursor", "CURSOR_INVALID"),
        ({"limit": "500"}, "limit", "FIELD_OUT_OF_RANGE"),
    ):
        answer = await stack.get(agent, "/residents", **params)
        assert answer.status_code == 400, (params, answer.text)
        body = answer.json()
        assert (body["field"], body["code"]) == (field, code) and body["title_zh"]
    other = await stack.get(agent, "/residents", village_code=OTHER_VILLAGE)
    assert (other.status_code, other.json()["code"]) == (403, "VILLAGE_NOT_ASSIGNED")


async def test_a_villagers_detail_and_another_villages_resident_answers_as_an_unknown_id(stack: Stack) -> None:
    agent = stack.agent()
    mine = await stack.enrol(agent, DEMO_VILLAGE, "李明")
    detail = await stack.get(agent, f"/residents/{mine.resident_id}")
    assert detail.status_code == 200, detail.text
    body = detail.json()
    assert body["resident"]["name"] == "李明" and body["resident"]["status"] == "active"
    assert body["resident"]["citizen_id_masked"] == mine.citizen_id_masked
    assert (body["balance_fen"], body["contributed_years"]) == (0, 0)
    assert body["certification"] is None, "not a pensioner: no proof of life asked"
    elsewhere = await stack.enrol(agent, OTHER_VILLAGE, "李亮")
    unknown = "R" + "0" * 20
    answers = [await stack.get(agent, f"/residents/{rid}") for rid in (elsewhere.resident_id, unknown)]
    assert [a.status_code for a in answers] == [404, 404]
    shapes = [{k: v for k, v in a.json().items() if k not in ("detail", "instance")} for a in answers]
    assert shapes[0]["code"] == "RESIDENT_NOT_FOUND" and shapes[0] == shapes[1]
    # The same for the face proof's routes: nothing tells an enrolled resident of another village from nobody.
    for rid in (elsewhere.resident_id, unknown):
        challenge = await stack.http.post(f"/agent/v1/residents/{rid}/liveness-challenges", headers=stack.bearer(agent))
        assert (challenge.status_code, challenge.json()["code"]) == (404, "RESIDENT_NOT_FOUND")


async def test_my_cash_owed_lists_my_receipts_page_by_page(stack: Stack) -> None:
    agent = stack.agent()
    paid_on = today_in_china() - timedelta(days=1)
    receipts = sorted(f"SJ-{uuid.uuid4().hex[:8]}" for _ in range(3))
    for receipt in receipts:
        resident = await stack.enrol(agent, DEMO_VILLAGE, "王五")
        await stack.enrolment.RecordContribution(
            enrolment_service_pb2.RecordContributionRequest(
                request_id=uuid.uuid4().hex,
                resident_id=resident.resident_id,
                year=paid_on.year,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
                grade_fen=30000,
                receipt_number=receipt,
                agent_id=agent.user_id,
                paid_on=to_calendar_date(paid_on),
            ),
            metadata=signed(agent),
        )

    async def owed() -> dict[str, Any] | None:
        body: dict[str, Any] = (await stack.get(agent, "/cash", limit=2)).json()
        return body if body["outstanding_fen"] == 90000 else None

    first = await eventually(owed, what="the three cash receipts are owed")
    assert [d["outstanding_fen"] for d in first["days"]] == [90000]
    second = (await stack.get(agent, "/cash", limit=2, cursor=first["next_cursor"])).json()
    assert second["next_cursor"] == ""
    listed = [r["receipt_number"] for r in first["receipts"] + second["receipts"]]
    assert sorted(listed) == receipts and all(r["amount_fen"] == 30000 for r in first["receipts"])


async def test_my_tasks_and_my_villages_notice_only_for_my_villages(stack: Stack) -> None:
    agent = stack.agent(DEMO_VILLAGE, OTHER_VILLAGE)
    tasks = await stack.get(agent, "/tasks")
    assert tasks.status_code == 200, tasks.text
    assert tasks.json() == {"tasks": [], "next_cursor": ""}
    refused = await stack.get(agent, "/tasks", village_code=THIRD_VILLAGE)
    assert (refused.status_code, refused.json()["code"]) == (403, "VILLAGE_NOT_ASSIGNED")
    month = today_in_china().strftime("%Y-%m")
    mine = await stack.get(agent, f"/villages/{DEMO_VILLAGE}/notice")
    same = await stack.http.get(f"/v1/notices/{DEMO_VILLAGE}/{month}", headers=stack.bearer(agent))
    assert (mine.status_code, mine.json()) == (same.status_code, same.json())
    other = await stack.get(agent, f"/villages/{THIRD_VILLAGE}/notice")
    assert (other.status_code, other.json()["code"]) == (403, "VILLAGE_NOT_ASSIGNED")


async def test_the_agent_reads_need_an_agents_token_from_a_phone(stack: Stack) -> None:
    for caller in (Caller("officer-1", Role.COUNTY_OFFICER), Caller("h-1", Role.HOTLINE)):
        for path in ("/villages", "/residents", "/cash", "/tasks", f"/residents/{'R' + '0' * 20}"):
            answer = await stack.get(caller, path)
            assert (answer.status_code, answer.json()["code"]) == (403, "ROLE_NOT_ALLOWED"), path
