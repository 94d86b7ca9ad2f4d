"""An agent's search of a village on the real database: by the start of a name, by the ID number's last four."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest
from pymongo import AsyncMongoClient

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import IdentifierError, validate_citizen_id_suffix, validate_name_prefix
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
OTHER_AGENT = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({"411723101202"}))

Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub


@pytest.fixture
async def services(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[InProcessServices]:
    started = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_supervision=False
    ).start()
    yield started
    await started.stop()


def stub_of(services: InProcessServices) -> Stub:
    assert services.enrolment is not None
    return Stub(services.channel(services.enrolment))


async def search(stub: Stub, caller: Caller = AGENT, **terms: Any) -> list[str]:
    """The names and last four of everyone a search finds, across every page (pages of 2, to page through)."""
    found: list[str] = []
    token = ""
    while True:
        page = await stub.ListVillageResidents(
            enrolment_service_pb2.ListVillageResidentsRequest(
                village_code=DEMO_VILLAGE, page_size=2, page_token=token, **terms
            ),
            metadata=signed(caller),
        )
        found += [f"{r.name} {r.citizen_id_masked[-4:]}" for r in page.residents]
        token = page.next_page_token
        if not token:
            return sorted(found)


async def enrol(stub: Stub, name: str) -> enrolment_service_pb2.EnrolResponse:
    body = new_enrolment(name=name)
    enrolled_on = to_calendar_date(date.fromisoformat(body.pop("enrolled_on")))
    request = enrolment_service_pb2.EnrolRequest(**body, enrolled_on=enrolled_on)
    response: enrolment_service_pb2.EnrolResponse = await stub.Enrol(request, metadata=signed(AGENT))
    return response


async def test_an_agent_finds_villagers_by_the_start_of_their_name_and_by_the_last_four_of_their_number(
    services: InProcessServices,
) -> None:
    stub = stub_of(services)
    wang = [await enrol(stub, "王建国"), await enrol(stub, "王建华"), await enrol(stub, "王芳")]
    li = await enrol(stub, "李建国")
    minority = await enrol(stub, "阿依古丽·买买提")

    def row(response: enrolment_service_pb2.EnrolResponse) -> str:
        return f"{response.resident.name} {response.resident.citizen_id_masked[-4:]}"

    assert await search(stub, name_prefix="王建") == sorted(row(r) for r in wang[:2])
    assert await search(stub, name_prefix="王") == sorted(row(r) for r in wang)
    # Anchored at the start: "建国" is inside two names, at the start of none.
    assert await search(stub, name_prefix="建国") == []
    assert await search(stub, name_prefix="阿依古丽·") == [row(minority)]
    # The look-alike dot a phone's keyboard types is the name's middle dot.
    assert await search(stub, name_prefix="阿依古丽・买") == [row(minority)]
    last4 = li.resident.citizen_id_masked[-4:]
    assert row(li) in await search(stub, citizen_id_suffix=last4)
    assert await search(stub, name_prefix="李", citizen_id_suffix=last4) == [row(li)]
    assert len(await search(stub)) == 5


async def test_what_a_search_is_given_is_text_and_a_malformed_one_is_refused_naming_its_field(
    services: InProcessServices,
) -> None:
    stub = stub_of(services)
    await enrol(stub, "王建国")
    for name_prefix in (".*", "王.", "Wang", "王 建"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await search(stub, name_prefix=name_prefix)
        error = from_rpc_error(refused.value)
        assert (error.code, error.reason, error.field) == (
            grpc.StatusCode.INVALID_ARGUMENT,
            "NAME_PREFIX_INVALID",
            "name_prefix",
        ), name_prefix
        assert error.message_zh
    for suffix in ("123", "X123", "12a4"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await search(stub, citizen_id_suffix=suffix)
        error = from_rpc_error(refused.value)
        assert (error.reason, error.field) == ("CITIZEN_ID_SUFFIX_INVALID", "citizen_id_suffix"), suffix
    # Over their limits (docs/limits.md), both are refused as too long, as every bounded field is.
    for field, value in (("name_prefix", "王建国" * 7), ("citizen_id_suffix", "12345")):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await search(stub, AGENT, **{field: value})
        error = from_rpc_error(refused.value)
        assert (error.reason, error.field) == ("FIELD_TOO_LONG", field)


async def test_an_agent_searches_only_their_own_villages(services: InProcessServices) -> None:
    stub = stub_of(services)
    await enrol(stub, "王建国")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await search(stub, OTHER_AGENT, name_prefix="王")
    assert from_rpc_error(refused.value).reason == "VILLAGE_NOT_ASSIGNED"


async def test_residents_written_before_the_search_existed_are_found_once_the_service_restarts(
    kafka_broker: Any, ferretdb: Any
) -> None:
    first = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_supervision=False).start()
    try:
        old = await enrol(stub_of(first), "赵大年")
    finally:
        await first.stop()
    last4 = old.resident.citizen_id_masked[-4:]
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferretdb.mongo_uri)
    residents = client[f"enrolment_{first.prefix}"]["residents"]
    # As an older release wrote it: no copy of the last four.
    await residents.update_one({"_id": old.resident.resident_id}, {"$unset": {"citizen_id_last4": ""}})
    restarted = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, prefix=first.prefix, with_supervision=False
    ).start()
    try:
        stub = stub_of(restarted)

        async def found() -> list[str]:
            return await search(stub, citizen_id_suffix=last4)

        assert await eventually(found, what="backfilled") == [f"赵大年 {last4}"]
        stored = await residents.find_one({"_id": old.resident.resident_id})
        assert stored is not None and stored["citizen_id_last4"] == last4
    finally:
        await restarted.stop()
        await client.close()


@pytest.mark.parametrize(
    ("typed", "searched"),
    [("王", "王"), (" 王建 ", "王建"), ("阿依古丽•", "阿依古丽·"), ("阿依古丽·买", "阿依古丽·买")],
)
def test_the_start_of_a_name_is_searched_as_the_name_is_stored(typed: str, searched: str) -> None:
    assert validate_name_prefix(typed) == searched


@pytest.mark.parametrize("typed", ["", "·王", "王··", "王" * 21, "^王", "王$"])
def test_a_name_start_that_no_name_has_is_refused(typed: str) -> None:
    with pytest.raises(IdentifierError) as refused:
        validate_name_prefix(typed)
    assert refused.value.reason == "NAME_PREFIX_INVALID"


def test_the_last_four_of_a_number_are_digits_with_x_last_in_either_case() -> None:
    assert validate_citizen_id_suffix("123x") == "123X"
    assert validate_citizen_id_suffix("0042") == "0042"
