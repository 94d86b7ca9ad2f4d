"""Refusals through the gateway and the real services: bounded, naming every field, in Chinese, writing nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import httpx
import pytest

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_gateway.api.problems import has_chinese
from pension_kit.errors import MAX_MESSAGE_CHARS
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import make_citizen_id
from pension_kit.identity import Caller, Role
from pension_testkit import DEMO_VILLAGE, InProcessGateway, InProcessServices, new_enrolment, signed

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
HOTLINE = Caller("hotline-1", Role.HOTLINE)
HUGE_ID = "R" + "7" * 7999


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[tuple[httpx.AsyncClient, InProcessGateway, Any]]:
    # Payout too: the award and payments routes ask it.
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    assert services.enrolment is not None
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        yield http, gateway, services
    await gateway.stop()
    await services.stop()


def bearer(gateway: InProcessGateway, caller: Caller = AGENT) -> dict[str, str]:
    return {"Authorization": f"Bearer {gateway.token(caller)}"}


async def written(services: InProcessServices, request_id: str) -> int:
    assert services.enrolment is not None
    return int(await services.enrolment.context.database["residents"].count_documents({"request_id": request_id}))


def problem_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["code"] == code and has_chinese(problem["title_zh"]), problem
    return problem


@pytest.mark.parametrize("suffix", ["", "/account", "/award", "/payments"])
async def test_an_8000_character_resident_id_is_refused_naming_the_field_on_every_route(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices], suffix: str
) -> None:
    http, gw, _ = stack
    response = await http.get(f"/v1/residents/{HUGE_ID}{suffix}", headers=bearer(gw, HOTLINE))
    problem = problem_of(response, 400, "RESIDENT_ID_FORMAT")
    assert problem["field"] == "resident_id" and len(response.content) < 2000


@pytest.mark.parametrize(("suffix", "code"), [("", "RESIDENT_NOT_FOUND"), ("/award", "AWARD_NOT_FOUND")])
async def test_a_well_formed_unknown_resident_id_is_asked_and_not_found(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices], suffix: str, code: str
) -> None:
    http, gw, _ = stack
    # A hotline call verified for this id (the hotline reads no other resident), which nobody has.
    verified = Caller(HOTLINE.user_id, Role.HOTLINE, resident_id="R0123456789ABCDEF0123")
    response = await http.get(f"/v1/residents/R0123456789ABCDEF0123{suffix}", headers=bearer(gw, verified))
    problem = problem_of(response, 404, code)
    assert problem["field"] == "resident_id"


async def test_a_service_refusal_that_repeats_a_huge_id_still_arrives_readable(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices],
) -> None:
    # Another client of the service (the officers' command line) asking with the id the gateway refuses.
    _, _, services = stack
    assert services.enrolment is not None
    stub = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=HUGE_ID), metadata=signed(HOTLINE), timeout=30
        )
    # Whatever the service says about it (it may refuse the length or find no such resident), it says it within
    # the trailers' limit, so its refusal, not gRPC's RESOURCE_EXHAUSTED, arrives and reads back.
    remote = from_rpc_error(refused.value)
    assert remote.error_info and remote.field == "resident_id", remote
    assert remote.code in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND)
    assert len(remote.message) <= MAX_MESSAGE_CHARS and "7" * 300 not in remote.message


async def test_a_5_mb_body_is_refused_with_413_before_enrolment_sees_it(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices],
) -> None:
    http, gw, services = stack
    body = new_enrolment(photo_ref="p" * 5_000_000)
    declared = await http.post("/v1/residents", json=body, headers=bearer(gw))
    problem = problem_of(declared, 413, "BODY_TOO_LARGE")
    assert str(gw.settings.max_body_bytes) in problem["title"]

    encoded = httpx.Request("POST", "/", json=body).content

    async def chunked() -> AsyncIterator[bytes]:
        for start in range(0, len(encoded), 64 * 1024):
            yield encoded[start : start + 64 * 1024]

    sent_chunked = await http.post(
        "/v1/residents", content=chunked(), headers={**bearer(gw), "Content-Type": "application/json"}
    )
    problem_of(sent_chunked, 413, "BODY_TOO_LARGE")
    assert await written(services, body["request_id"]) == 0


async def test_an_enrolment_with_several_mistakes_lists_them_all_and_writes_nothing(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices],
) -> None:
    http, gw, services = stack
    body = new_enrolment(
        name="Wang Jianguo",
        mobile="12345678901",
        bank_name="中国农业银行" * 20,
        special_groups=[{"group": 99, "evidence_ref": "DB-411723-0001", "effective_from": "2020-01-01"}],
    )
    response = await http.post("/v1/residents", json=body, headers=bearer(gw))
    problem = problem_of(response, 400, "NAME_CHARACTERS")
    assert problem["field"] == "name"
    assert [(e["field"], e["code"]) for e in problem["errors"]] == [
        ("name", "NAME_CHARACTERS"),
        ("mobile", "MOBILE_FORMAT"),
        ("bank_name", "FIELD_TOO_LONG"),
        ("special_groups[0].group", "ENUM_VALUE_UNKNOWN"),
    ]
    assert all(has_chinese(e["title_zh"]) for e in problem["errors"])
    assert await written(services, body["request_id"]) == 0


async def test_a_birth_date_in_the_future_is_refused_by_enrolment_with_a_chinese_title(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices],
) -> None:
    http, gw, services = stack
    body = new_enrolment(citizen_id_number=make_citizen_id("411723", date(2090, 1, 1), 11))
    response = await http.post("/v1/residents", json=body, headers=bearer(gw))
    problem = problem_of(response, 400, "CITIZEN_ID_BIRTH_DATE_FUTURE")
    assert problem["field"] == "citizen_id_number"
    assert await written(services, body["request_id"]) == 0


async def test_an_enrolment_as_agents_type_it_is_accepted_and_read_back(
    stack: tuple[httpx.AsyncClient, InProcessGateway, InProcessServices],
) -> None:
    http, gw, _ = stack
    body = new_enrolment(
        name="阿依古丽・买买提",  # a minority name, typed with a look-alike of the middle dot
        bank_code="103",
        photo_ref="photos/411723/00000001.jpg",
        special_groups=[
            {"group": "minimum_living_allowance", "evidence_ref": "DB-411723-0001", "effective_from": "2020-01-01"}
        ],
    )
    card = body["bank_card_number"]
    body["bank_card_number"] = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    created = await http.post("/v1/residents", json=body, headers=bearer(gw))
    assert created.status_code == 201, created.text
    resident_id = created.json()["resident_id"]
    for suffix in ("", "/account"):
        verified = Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=resident_id)
        read = await http.get(f"/v1/residents/{resident_id}{suffix}", headers=bearer(gw, verified))
        assert read.status_code == 200, read.text
