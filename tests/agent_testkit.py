"""The stack the agent's recording tests run on: enrolment, verification and the gateway in-process, on the real
broker and database; agents with a registered phone's token, operations as the phone records them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from pymongo.asynchronous.collection import AsyncCollection
from verification_stack import new_region

from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_gateway.agent.sync import AGENT_OPERATIONS
from pension_kit.clock import CHINA
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, create_client
from pension_kit.protoconv import to_calendar_date
from pension_kit.runtime import ServiceRuntime
from pension_testkit import (
    COUNTY_OFFICER,
    DEMO_VILLAGE,
    InProcessGateway,
    InProcessServices,
    fresh_citizen_id,
    new_enrolment,
    signed,
)

# The demo county's second and third villages: an agent serves the first two; the third is someone else's.
SECOND_VILLAGE = f"{DEMO_VILLAGE[:9]}202"
OTHER_VILLAGE = f"{DEMO_VILLAGE[:9]}303"
GRADE_FEN = 20_000  # the demo policy's lowest grade, 200 yuan a year


@dataclass
class AgentStack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    services: InProcessServices
    enrolment: enrolment_service_pb2_grpc.EnrolmentServiceStub
    operations: AsyncCollection[Document]
    # For verification_stack's helpers (award, register_village): the service, a county and a village of its own.
    region: str
    village: str

    @property
    def runtime(self) -> ServiceRuntime:
        assert self.services.verification is not None
        return self.services.verification

    def agent(self, *villages: str, device: str = "phone-1") -> Caller:
        return Caller(
            f"agent-{uuid.uuid4().hex[:8]}",
            Role.VILLAGE_AGENT,
            frozenset(villages or (DEMO_VILLAGE, SECOND_VILLAGE)),
            device_id=device,
        )

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}

    async def sync(self, caller: Caller, operations: list[dict[str, Any]]) -> dict[str, Any]:
        response = await self.http.post("/agent/v1/sync", json={"operations": operations}, headers=self.bearer(caller))
        assert response.status_code == 200, response.text
        answer: dict[str, Any] = response.json()
        return answer

    async def sync_all(self, caller: Caller, operations: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], int]:
        """Syncs until every operation is answered (resending the unanswered, as the phone does): the answers by id,
        and how many requests it took."""
        answers: dict[str, dict[str, Any]] = {}
        pending = operations
        for requests in range(1, 21):
            answer = await self.sync(caller, pending)
            answers.update({a["operation_id"]: a for a in answer["answers"]})
            left = set(answer["unanswered"])
            pending = [o for o in pending if o["operation_id"] in left]
            if not pending:
                return answers, requests
        raise AssertionError(f"{len(pending)} operations still unanswered after 20 syncs")

    async def enrolled(self, caller: Caller, village: str = DEMO_VILLAGE, **changes: Any) -> str:
        """A resident the agent enrols online (recorded 50 days ago unless said, so that what the tests record
        later comes after it); their id."""
        body = enrolment(village, **{"recorded_at": ago(days=50), **changes})
        response = await self.http.post("/agent/v1/residents", json=body, headers=self.bearer(caller))
        assert response.status_code == 201, response.text
        resident: str = response.json()["result"]["resident_id"]
        return resident

    async def died(self, resident_id: str) -> None:
        """An officer records the resident's death at enrolment (as a confirmed death ends the enrolment)."""
        yesterday = datetime.now(CHINA).date() - timedelta(days=1)
        await self.enrolment.TerminateEnrolment(
            enrolment_service_pb2.TerminateEnrolmentRequest(
                request_id=uuid.uuid4().hex,
                resident_id=resident_id,
                cause=enrolment_pb2.TERMINATION_CAUSE_DEATH,
                terminated_on=to_calendar_date(yesterday),
                date_of_death=to_calendar_date(yesterday),
                reason="村委会出具死亡证明",
            ),
            metadata=signed(COUNTY_OFFICER),
            timeout=30,
        )

    async def moved(self, resident_id: str, village: str) -> None:
        """An officer moves the resident to another village."""
        await self.enrolment.ChangeVillage(
            enrolment_service_pb2.ChangeVillageRequest(
                request_id=uuid.uuid4().hex, resident_id=resident_id, village_code=village, reason="户籍迁移"
            ),
            metadata=signed(COUNTY_OFFICER),
            timeout=30,
        )

    async def counts(self) -> dict[str, int]:
        """How many documents each of enrolment's collections and the gateway's ledger hold. Verification's follow
        enrolment's events at their own pace, so they are not counted, nor is enrolment's record of the events it
        consumed or the cash books its consumer keeps."""
        counted: dict[str, int] = {}
        assert self.services.enrolment is not None
        database = self.services.enrolment.context.database
        for name in await database.list_collection_names():
            if name in ("processed_events", "agent_cash"):
                # Kept by enrolment's consumers (the events they processed; the agents' cash books, from the
                # contribution events) at the pace the events arrive, not by the calls themselves.
                continue
            counted[f"enrolment.{name}"] = await database[name].count_documents({})
        counted[AGENT_OPERATIONS] = await self.operations.count_documents({})
        return counted


async def agent_stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[AgentStack]:
    services = await InProcessServices(
        kafka_bootstrap, mongo_uri, with_verification=True, with_supervision=False
    ).start()
    assert services.enrolment is not None
    settings = services.gateway_settings()
    gateway = InProcessGateway(settings)
    url = await gateway.start()
    client = create_client(settings)
    region = new_region()
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
    try:
        async with httpx.AsyncClient(base_url=url, timeout=120) as http:
            yield AgentStack(
                http,
                gateway,
                services,
                enrolment,
                client[settings.database_name][AGENT_OPERATIONS],
                region,
                f"{region}101201",
            )
    finally:
        await client.close()
        await gateway.stop()
        await services.stop()


def enrolment(village: str = DEMO_VILLAGE, **changes: Any) -> dict[str, Any]:
    """An enrolment as the phone records it: a person of working age nobody enrolled, with an operation id."""
    body = new_enrolment(village, citizen_id_number=fresh_citizen_id(date(1970, 1, 1), 25))
    for field in ("request_id", "enrolled_on"):
        del body[field]
    return {"operation_id": uuid.uuid4().hex, **body, **changes}


def ago(**delta: float) -> str:
    """An instant that long ago, as a phone in China writes it."""
    return (datetime.now(UTC) - timedelta(**delta)).astimezone(CHINA).isoformat()


def op(kind: str, recorded_at: str, **fields: Any) -> dict[str, Any]:
    """One operation of a sync, with a fresh operation id unless given."""
    return {"operation_id": uuid.uuid4().hex, "kind": kind, "recorded_at": recorded_at, **fields}


def this_year() -> int:
    return datetime.now(CHINA).year
