"""CheckCallerIdentity over gRPC on the real database: the hotline learns only whether a caller's ID number, name and
bank card's last four belong together, never who is enrolled or what is on record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import grpc
import pytest

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessServices, new_enrolment, signed

HOTLINE = Caller("hotline-1", Role.HOTLINE)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))


@pytest.fixture(scope="module")
async def enrolment(
    kafka_bootstrap: str, mongo_uri: str
) -> AsyncIterator[enrolment_service_pb2_grpc.EnrolmentServiceStub]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri, with_supervision=False).start()
    assert services.enrolment is not None
    yield enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    await services.stop()


@pytest.fixture(scope="module")
async def enrolled(enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub) -> dict[str, Any]:
    body = new_enrolment(name="欧阳·娜娜")
    request = enrolment_service_pb2.EnrolRequest(
        **{**body, "enrolled_on": to_calendar_date(date.fromisoformat(body["enrolled_on"]))}
    )
    resident = (await enrolment.Enrol(request, metadata=signed(AGENT))).resident
    return {"request": request, "resident_id": resident.resident_id}


async def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.field, error.reason


def check(citizen_id: str, name: str, last4: str = "") -> enrolment_service_pb2.CheckCallerIdentityRequest:
    return enrolment_service_pb2.CheckCallerIdentityRequest(
        citizen_id_number=citizen_id, name=name, bank_card_last4=last4
    )


async def test_the_right_number_name_and_last_four_match_the_resident(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub, enrolled: dict[str, Any]
) -> None:
    request = enrolled["request"]
    # Full-width middle dot and blanks around the name, as an operator may type them.
    verdict = await enrolment.CheckCallerIdentity(
        check(request.citizen_id_number, " 欧阳・娜娜 ", request.bank_card_number[-4:]), metadata=signed(HOTLINE)
    )
    assert verdict.identity_matched and verdict.bank_card_last4_matched
    assert verdict.resident_id == enrolled["resident_id"]


async def test_a_wrong_last_four_matches_the_identity_but_not_the_card(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub, enrolled: dict[str, Any]
) -> None:
    request = enrolled["request"]
    wrong = f"{(int(request.bank_card_number[-4:]) + 1) % 10000:04d}"
    verdict = await enrolment.CheckCallerIdentity(
        check(request.citizen_id_number, "欧阳·娜娜", wrong), metadata=signed(HOTLINE)
    )
    assert verdict.identity_matched and not verdict.bank_card_last4_matched
    no_card = await enrolment.CheckCallerIdentity(
        check(request.citizen_id_number, "欧阳·娜娜"), metadata=signed(HOTLINE)
    )
    assert no_card.identity_matched and not no_card.bank_card_last4_matched


async def test_a_wrong_name_and_an_unknown_number_answer_exactly_alike(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub, enrolled: dict[str, Any]
) -> None:
    request = enrolled["request"]
    last4 = request.bank_card_number[-4:]
    wrong_name = await enrolment.CheckCallerIdentity(
        check(request.citizen_id_number, "欧阳·娜", last4), metadata=signed(HOTLINE)
    )
    unknown = await enrolment.CheckCallerIdentity(
        check(new_enrolment()["citizen_id_number"], "欧阳·娜娜", last4), metadata=signed(HOTLINE)
    )
    assert wrong_name == unknown == enrolment_service_pb2.CheckCallerIdentityResponse()
    assert wrong_name.SerializeToString() == unknown.SerializeToString() == b""


async def test_only_the_hotline_may_check_a_caller(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub, enrolled: dict[str, Any]
) -> None:
    request = enrolled["request"]
    for caller in (AGENT, Caller("officer-1", Role.COUNTY_OFFICER), Caller("auditor-1", Role.AUDITOR)):
        _, reason = await refusal(
            enrolment.CheckCallerIdentity(check(request.citizen_id_number, "欧阳·娜娜"), metadata=signed(caller))
        )
        assert reason == "ROLE_NOT_ALLOWED", caller


@pytest.mark.parametrize(
    ("citizen_id", "name", "last4", "field", "reason"),
    [
        ("41172319500101123", "王建国", "", "citizen_id_number", "CITIZEN_ID_LENGTH"),
        ("4" * 40, "王建国", "", "citizen_id_number", "FIELD_TOO_LONG"),
        (None, "", "", "name", "NAME_LENGTH"),
        (None, "Wang Jianguo", "", "name", "NAME_CHARACTERS"),
        (None, "王" * 65, "", "name", "FIELD_TOO_LONG"),
        (None, "王建国", "12a4", "bank_card_last4", "BANK_CARD_LAST4_FORMAT"),
        (None, "王建国", "12345", "bank_card_last4", "FIELD_TOO_LONG"),
    ],
)
async def test_malformed_answers_are_refused_naming_the_field(
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub,
    enrolled: dict[str, Any],
    citizen_id: str | None,
    name: str,
    last4: str,
    field: str,
    reason: str,
) -> None:
    number = citizen_id if citizen_id is not None else enrolled["request"].citizen_id_number
    refused_field, refused_reason = await refusal(
        enrolment.CheckCallerIdentity(check(number, name, last4), metadata=signed(HOTLINE))
    )
    assert (refused_field, refused_reason) == (field, reason)
