"""Phone-friendly answers through the real gateway, services, broker and database: a big list comes gzip-encoded with
a strong ETag, a re-read with If-None-Match costs a 304 with no body, and a changed resource gets a new ETag."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.identity import Caller, Role
from pension_testkit import (
    COUNTY_OFFICER,
    DEMO_VILLAGE,
    InProcessGateway,
    InProcessServices,
    new_enrolment,
    random_region,
    signed,
)

AGENT = Caller("agent-phone", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}), device_id="phone-1")
HOTLINE = Caller("hotline-phone", Role.HOTLINE)
OFFICER = Caller("officer-phone", Role.COUNTY_OFFICER)
TICKETS = 6


@dataclass
class Stack:
    url: str
    gateway: InProcessGateway
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    region: str

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}


@pytest.fixture(scope="module")
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Stack]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    try:
        assert services.enrolment is not None
        enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
        yield Stack(url, gateway, enrolment, random_region(4))
    finally:
        await gateway.stop()
        await services.stop()


def raw_client(stack: Stack) -> httpx.AsyncClient:
    """A client that asks for the body as it is (httpx asks for gzip by default); a request may ask otherwise."""
    return httpx.AsyncClient(base_url=stack.url, timeout=60, headers={"Accept-Encoding": "identity"})


async def open_ticket(stack: Stack, http: httpx.AsyncClient) -> None:
    body = {
        "request_id": uuid.uuid4().hex,
        "kind": "enquiry",
        "channel": "hotline",
        "village_code": f"{stack.region}101201",
        "subject": "询问养老金发放时间",
        "description": "来电人询问本月养老金何时到账，以及如何查询个人账户余额",
        "complainant_name": "李秀英",
    }
    response = await http.post("/v1/complaints", json=body, headers=stack.bearer(HOTLINE))
    assert response.status_code == 201, response.text


async def test_a_big_list_comes_gzipped_with_an_etag_and_a_reread_costs_a_304(stack: Stack) -> None:
    async with raw_client(stack) as http:
        for _ in range(TICKETS):
            await open_ticket(stack, http)
        path = f"/v1/complaints?pooling_region_code={stack.region}"
        plain = await http.get(path, headers=stack.bearer(OFFICER))
        assert plain.status_code == 200, plain.text
        assert len(plain.json()["complaints"]) == TICKETS
        assert "content-encoding" not in plain.headers
        tag = plain.headers["etag"]
        assert tag.startswith('"') and not tag.startswith('W/"')  # strong

        zipped = await http.get(path, headers={**stack.bearer(OFFICER), "Accept-Encoding": "gzip"})
        assert zipped.status_code == 200
        assert zipped.headers["content-encoding"] == "gzip"
        assert "accept-encoding" in zipped.headers["vary"].lower()
        # Content-Length counts the bytes on the wire; httpx hands the body over decoded.
        assert int(zipped.headers["content-length"]) < len(plain.content) / 2
        assert zipped.json() == plain.json()
        # Another representation, so another strong ETag; both name the same state of the list.
        gzip_tag = zipped.headers["etag"]
        assert gzip_tag != tag and gzip_tag.startswith(tag[:-1])

        for held in (tag, gzip_tag):
            again = await http.get(
                path, headers={**stack.bearer(OFFICER), "Accept-Encoding": "gzip", "If-None-Match": held}
            )
            assert again.status_code == 304
            assert again.content == b""
            assert again.headers["etag"] == gzip_tag
            assert "content-type" not in again.headers

        # A new ticket changes the list: the ETag the phone holds no longer matches, the new list comes whole.
        await open_ticket(stack, http)
        changed = await http.get(path, headers={**stack.bearer(OFFICER), "If-None-Match": tag})
        assert changed.status_code == 200
        assert len(changed.json()["complaints"]) == TICKETS + 1
        assert changed.headers["etag"] != tag


async def test_a_residents_record_reread_is_a_304_until_it_changes(stack: Stack) -> None:
    async with raw_client(stack) as http:
        enrolled = await http.post("/v1/residents", json=new_enrolment(), headers=stack.bearer(AGENT))
        assert enrolled.status_code == 201, enrolled.text
        assert "etag" not in enrolled.headers  # a write is not tagged
        path = f"/v1/residents/{enrolled.json()['resident_id']}"
        first = await http.get(path, headers=stack.bearer(AGENT))
        assert first.status_code == 200
        tag = first.headers["etag"]
        assert first.headers["cache-control"] == "private, no-cache"  # personal data: no shared cache keeps it

        unchanged = await http.get(path, headers={**stack.bearer(AGENT), "If-None-Match": tag})
        assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", tag)

        await stack.enrolment.ChangeMobile(
            enrolment_service_pb2.ChangeMobileRequest(
                request_id=uuid.uuid4().hex,
                resident_id=enrolled.json()["resident_id"],
                mobile="13900001111",
                reason="居民换了手机号",
            ),
            metadata=signed(COUNTY_OFFICER),
            timeout=30,
        )
        changed = await http.get(path, headers={**stack.bearer(AGENT), "If-None-Match": tag})
        assert changed.status_code == 200
        assert changed.json()["mobile_masked"] == "139****1111"
        assert changed.headers["etag"] not in (tag, "")


async def test_problems_are_neither_tagged_nor_answered_304(stack: Stack) -> None:
    async with raw_client(stack) as http:
        missing = f"/v1/residents/R{'0' * 20}"
        refused = await http.get(missing, headers={**stack.bearer(AGENT), "If-None-Match": "*"})
        assert refused.status_code in (403, 404), refused.text
        problem: dict[str, Any] = refused.json()
        assert problem["code"] and "etag" not in refused.headers
