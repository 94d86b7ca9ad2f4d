"""Every service verifies its caller's signed token on every call: reaching a port is not being somebody.

Each service is called directly over gRPC, as an attacker on the network could: with no token, with the plain
identity metadata services used to trust, and with forged, expired, unsigned, wrongly signed and misdirected
tokens. Every such call is refused UNAUTHENTICATED with its reason and does nothing.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import grpc
import jwt
import pytest

from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_service_pb2, payout_service_pb2_grpc
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension.verification.v1 import verification_service_pb2, verification_service_pb2_grpc
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_kit.runtime import ServiceRuntime
from pension_kit.tokens import (
    DEVELOPMENT_SIGNING_KEY,
    SigningKey,
    TokenSigner,
    audience_of,
    bearer_metadata,
)
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, new_enrolment, signed, token_for
from pension_verification.bootstrap import build as build_verification
from pension_verification.config import VerificationSettings

OTHER_VILLAGE = "411723101202"
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({OTHER_VILLAGE}))
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
DEVELOPMENT = SigningKey.from_jwk(DEVELOPMENT_SIGNING_KEY)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(caller: Caller) -> dict[str, Any]:
    return dict(jwt.decode(token_for(caller), options={"verify_signature": False}))


def forgeries(caller: Caller) -> dict[str, tuple[tuple[str, str], ...]]:
    """Every way of claiming to be `caller` without having signed in, and the reason each is refused for."""
    claims = _claims(caller)
    header, payload, signature = token_for(caller).split(".")
    return {
        "TOKEN_MISSING/no token": (),
        "TOKEN_MISSING/plain identity metadata": (
            ("x-pension-user", caller.user_id),
            ("x-pension-role", "system"),
            ("x-pension-villages", DEMO_VILLAGE),
        ),
        "TOKEN_INVALID/claims changed after signing": bearer_metadata(
            f"{header}.{_b64({**claims, 'role': 'county_approver'})}.{signature}"
        ),
        "TOKEN_EXPIRED/expired": bearer_metadata(TokenSigner(DEVELOPMENT).mint(caller, 60, now=time.time() - 7200)),
        "TOKEN_INVALID/unsigned": bearer_metadata(
            f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': 'development'})}.{payload}."
        ),
        "TOKEN_INVALID/signed by another key": bearer_metadata(
            TokenSigner(SigningKey.generate("development")).mint(caller, 600)
        ),
        "TOKEN_INVALID/shared-secret signature": bearer_metadata(
            jwt.encode(claims, b"k" * 32, algorithm="HS256", headers={"kid": "development"})
        ),
        "TOKEN_AUDIENCE/meant for another system": bearer_metadata(
            TokenSigner(DEVELOPMENT).mint(caller, 600, audience=[audience_of("provincial-portal")])
        ),
        "TOKEN_ROLE_NOT_CLAIMABLE/system role": bearer_metadata(
            jwt.encode({**claims, "role": "system"}, DEVELOPMENT.key, algorithm="EdDSA", headers={"kid": "development"})
        ),
    }


@pytest.fixture
async def services(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[dict[str, grpc.aio.Channel]]:
    started = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, with_supervision=True
    ).start()
    verification = ServiceRuntime(
        VerificationSettings(
            kafka_bootstrap_servers=kafka_broker.bootstrap_servers,
            mongo_uri=ferretdb.mongo_uri,
            mongo_database=f"verification_{uuid.uuid4().hex[:8]}",
            grpc_port=0,
            daily_deadlines=False,
        ),
        build_verification,
    )
    await verification.start()
    assert started.enrolment and started.payout and started.supervision
    yield {
        "enrolment": started.channel(started.enrolment),
        "payout": started.channel(started.payout),
        "supervision": started.channel(started.supervision),
        "verification": started.channel(verification),
    }
    await verification.stop(grace=1.0)
    await started.stop()


Call = Callable[[tuple[tuple[str, str], ...]], Awaitable[Any]]


def calls(channels: dict[str, grpc.aio.Channel]) -> dict[str, Call]:
    """One call per service that a caller must be somebody to make."""
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(channels["enrolment"])
    payout = payout_service_pb2_grpc.PayoutServiceStub(channels["payout"])
    supervision = supervision_service_pb2_grpc.SupervisionServiceStub(channels["supervision"])
    verification = verification_service_pb2_grpc.VerificationServiceStub(channels["verification"])
    return {
        "enrolment": lambda metadata: enrolment.ListVillageResidents(
            enrolment_service_pb2.ListVillageResidentsRequest(village_code=DEMO_VILLAGE), metadata=metadata, timeout=10
        ),
        "payout": lambda metadata: payout.ApprovePayroll(
            payout_service_pb2.ApprovePayrollRequest(
                request_id=uuid.uuid4().hex, payroll_run_id="PR-411723-202612", reason="looks fine"
            ),
            metadata=metadata,
            timeout=10,
        ),
        "supervision": lambda metadata: supervision.ListAuditEntries(
            supervision_service_pb2.ListAuditEntriesRequest(), metadata=metadata, timeout=10
        ),
        "verification": lambda metadata: verification.RecordAgentVisit(
            verification_service_pb2.RecordAgentVisitRequest(request_id=uuid.uuid4().hex), metadata=metadata, timeout=10
        ),
    }


async def refusal(call: Awaitable[Any]) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    error = from_rpc_error(refused.value)
    return error.code, error.reason


async def test_every_service_refuses_every_call_that_is_not_signed_by_the_sign_in_service(
    services: dict[str, grpc.aio.Channel],
) -> None:
    for service, call in calls(services).items():
        for name, metadata in forgeries(OFFICER).items():
            reason = name.split("/")[0]
            assert await refusal(call(metadata)) == (grpc.StatusCode.UNAUTHENTICATED, reason), (service, name)


async def test_a_valid_token_is_accepted_and_its_role_and_villages_are_what_count(
    services: dict[str, grpc.aio.Channel],
) -> None:
    service_calls = calls(services)
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services["enrolment"])
    body = new_enrolment(DEMO_VILLAGE)
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    request = enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on))
    await enrolment.Enrol(request, metadata=signed(OFFICER), timeout=10)

    async def listed() -> int:
        response = await service_calls["enrolment"](signed(OFFICER))
        return len(response.residents)

    assert await eventually(listed, what="the officer sees the village's resident") >= 1
    # An agent of another village is refused by the service itself, whatever metadata travels beside the token.
    spoofed = (*signed(AGENT), ("x-pension-role", "system"), ("x-pension-villages", DEMO_VILLAGE))
    assert await refusal(service_calls["enrolment"](spoofed)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "VILLAGE_NOT_ASSIGNED",
    )
    # A hotline operator's valid token gets past authentication and meets the service's own role rules.
    hotline = Caller("hotline-1", Role.HOTLINE)
    assert await refusal(service_calls["payout"](signed(hotline))) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
    )
    # An officer's valid token reaches verification's own role rule: only a village agent records a visit.
    assert await refusal(service_calls["verification"](signed(OFFICER))) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "ROLE_NOT_ALLOWED",
    )
