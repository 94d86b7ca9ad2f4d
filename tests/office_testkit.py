"""The officers' pages on the real stack (enrolment, supervision, payout, verification and the gateway in-process):
officers in the gateway's user store, a county of the test's own, and what the pages show: a prepared payroll run,
a registry record waiting for review, an alert, a complaint."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

import grpc
import httpx
from payout_testkit import pensioner_events
from pymongo import AsyncMongoClient
from supervision_api_testkit import raise_payment_after_death

from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension.verification.v1 import verification_pb2, verification_service_pb2, verification_service_pb2_grpc
from pension_gateway.auth import USERS, UserStore
from pension_kit.clock import today_in_china
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, create_client
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_testkit import (
    InProcessGateway,
    InProcessServices,
    ensure_demo_policy,
    eventually,
    fresh_citizen_id,
    new_enrolment,
    publish,
    random_region,
    signed,
)

PASSWORD: Final = "an officer's long password"
# The officers of the test's county, by user id: the preparer (county officer), two approvers, a township officer
# of the county's villages, an auditor, and a village agent (who has no business on the officers' pages).
PREPARER: Final = "maker-1"
APPROVERS: Final = ("approver-1", "approver-2")
TOWNSHIP: Final = "township-1"
AUDITOR: Final = "auditor-1"
AGENT: Final = "agent-1"
REVIEWED_NAME: Final = "张桂兰"
REVIEWED_BIRTH: Final = date(1949, 11, 23)
_CSRF: Final = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(page: str) -> str:
    """The CSRF token of the first form of a page, as a browser would send it back."""
    found = _CSRF.search(page)
    assert found is not None, "the page has no form with a CSRF token"
    return html.unescape(found.group(1))


def text_of(page: str) -> str:
    """A page's visible words: without its styles and tags, entities read."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)))


@dataclass
class OfficeStack:
    services: InProcessServices
    gateway: InProcessGateway
    url: str
    region: str
    village: str
    # Whose token a service call of the test itself carries.
    officer: Caller

    @property
    def payout(self) -> payout_service_pb2_grpc.PayoutServiceStub:
        assert self.services.payout is not None
        return payout_service_pb2_grpc.PayoutServiceStub(self.services.channel(self.services.payout))

    @property
    def verification(self) -> verification_service_pb2_grpc.VerificationServiceStub:
        assert self.services.verification is not None
        return verification_service_pb2_grpc.VerificationServiceStub(self.services.channel(self.services.verification))

    @property
    def enrolment(self) -> enrolment_service_pb2_grpc.EnrolmentServiceStub:
        assert self.services.enrolment is not None
        return enrolment_service_pb2_grpc.EnrolmentServiceStub(self.services.channel(self.services.enrolment))

    def client(self) -> httpx.AsyncClient:
        """A browser of its own (its own cookies), not following redirects, so a test sees each answer."""
        return httpx.AsyncClient(base_url=self.url, timeout=60, follow_redirects=False)

    async def sign_in(self, http: httpx.AsyncClient, user_id: str, password: str = PASSWORD) -> httpx.Response:
        form = await http.get("/office/signin")
        return await http.post(
            "/office/signin", data={"csrf_token": csrf_of(form.text), "user_id": user_id, "password": password}
        )

    async def prepare_payroll(self, month: Month, preparer: str = PREPARER) -> payout_pb2.PayrollRun:
        """The county's run for `month`, prepared by `preparer` (a county officer) once payout has its policy."""

        async def prepared() -> payout_pb2.PayrollRun | None:
            try:
                response = await self.payout.PreparePayroll(
                    payout_service_pb2.PreparePayrollRequest(
                        request_id=f"prepare-{self.region}-{month}",
                        pooling_region_code=self.region,
                        month=to_year_month(month),
                    ),
                    metadata=signed(Caller(preparer, Role.COUNTY_OFFICER)),
                    timeout=30,
                )
            except grpc.aio.AioRpcError as error:
                if from_rpc_error(error).reason == "POLICY_NOT_IN_FORCE":
                    return None  # payout has not heard the region's policy yet
                raise
            run: payout_pb2.PayrollRun = response.payroll
            return run

        return await eventually(prepared, what=f"the payroll of {self.region} for {month} prepared")

    async def pensioners(self, month: Month, count: int) -> None:
        """`count` pensioners of the village, 76 to 90 years old, enrolled the month before as enrolment announces
        them, awarded by payout's award job from `month` (the month after enrolment: the run pays them, no back pay)."""
        assert self.services.payout is not None
        vault = PersonalDataVault.from_settings(self.services.payout.settings)
        events = []
        for number in range(count):
            _, announced = pensioner_events(
                vault,
                self.region,
                self.village,
                birth=date(1936 + number % 15, 1 + number % 12, 1 + number % 28),
                years=0,
                balance_fen=(number % 4) * 150_000,
                bank_code=("ABC", "RCC", "PSBC")[number % 3],
                seed=int(uuid.uuid4().int % 10**9),
                enrolled_on=month.plus_months(-1).first_day,
            )
            events += announced
        await publish(self.services.kafka_bootstrap, events)
        granted = 0

        async def awarded() -> bool:
            nonlocal granted
            try:
                response = await self.payout.RunAwards(
                    payout_service_pb2.RunAwardsRequest(
                        request_id=uuid.uuid4().hex, pooling_region_code=self.region, month=to_year_month(month)
                    ),
                    metadata=signed(self.officer),
                    timeout=60,
                )
            except grpc.aio.AioRpcError as error:
                if from_rpc_error(error).reason == "POLICY_NOT_IN_FORCE":
                    return False
                raise
            # Payout hears the pensioners one by one: each run grants those it has heard of since the last.
            now: int = response.granted
            granted += now
            return granted >= count

        await eventually(awarded, deadline=60, what=f"{count} pensioners awarded")

    async def payroll_status(self, run_id: str) -> int:
        response = await self.payout.GetPayroll(
            payout_service_pb2.GetPayrollRequest(payroll_run_id=run_id), metadata=signed(self.officer), timeout=30
        )
        status: int = response.payroll.status
        return status

    async def review_waiting(self, http: httpx.AsyncClient) -> str:
        """A pensioner of the village enrolled, then a death record of them with a mistyped citizen ID number: it
        waits in the review queue (matched by name, birth date and village). Answers the resident's id."""
        number = fresh_citizen_id(born=REVIEWED_BIRTH)
        officer = {"Authorization": f"Bearer {self.gateway.token(self.officer)}"}
        body = new_enrolment(self.village, citizen_id_number=number, name=REVIEWED_NAME)
        enrolled = await http.post("/v1/residents", json=body, headers=officer)
        assert enrolled.status_code == 201, enrolled.text
        resident_id: str = enrolled.json()["resident_id"]
        wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
        record = verification_pb2.RegistryRecord(
            citizen_id_number=wrong,
            name=REVIEWED_NAME,
            birth_date=to_calendar_date(REVIEWED_BIRTH),
            village_code=self.village,
            death=verification_pb2.DeathDetail(date_of_death=to_calendar_date(today_in_china() - timedelta(days=9))),
        )

        async def queued() -> bool:
            # Verification indexes the resident from enrolment's event: until then the record matches nobody, and
            # is kept as such under its reference, so each attempt is a record of its own.
            record.record_ref = f"MZ-{uuid.uuid4().hex[:10]}"
            response = await self.verification.IngestRegistryRecords(
                verification_service_pb2.IngestRegistryRecordsRequest(
                    request_id=uuid.uuid4().hex,
                    source=verification_pb2.REGISTRY_SOURCE_CIVIL_AFFAIRS_DEATH,
                    batch_name="民政死亡登记 第1批",
                    records=[record],
                ),
                metadata=signed(self.officer),
                timeout=30,
            )
            outcome: int = response.results[0].outcome
            return outcome == verification_pb2.RECORD_OUTCOME_FOR_REVIEW

        await eventually(queued, what="the death record in the review queue")
        return resident_id

    async def alert(self, amount_fen: int = 2_035_700) -> str:
        """An open alert of a payment after death in the county, raised as the rule raises one."""
        assert self.services.supervision is not None
        client: AsyncMongoClient[Document] = AsyncMongoClient(self.services.mongo_uri, tz_aware=True)
        try:
            database = client[f"supervision_{self.services.prefix}"]
            topic = self.services.supervision.settings.topic_supervision_region
            return (await raise_payment_after_death(database, topic, self.region, amount_fen)).alert_id
        finally:
            await client.close()

    async def complaint(self, http: httpx.AsyncClient, *, received_days_ago: int, subject: str) -> str:
        """A complaint taken down by the hotline `received_days_ago` days ago (due 30 days after)."""
        hotline = {"Authorization": f"Bearer {self.gateway.token(Caller('hotline-1', Role.HOTLINE))}"}
        filed = await http.post(
            "/v1/complaints",
            json={
                "request_id": uuid.uuid4().hex,
                "kind": "complaint",
                "channel": "hotline",
                "pooling_region_code": self.region,
                "village_code": self.village,
                "subject": subject,
                "complainant_name": "李秀英",
                "received_on": (today_in_china() - timedelta(days=received_days_ago)).isoformat(),
            },
            headers=hotline,
        )
        assert filed.status_code == 201, filed.text
        ticket: str = filed.json()["ticket_number"]
        return ticket


@asynccontextmanager
async def office_stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[OfficeStack]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri, with_payout=True, with_verification=True).start()
    settings = services.gateway_settings()
    gateway = InProcessGateway(settings)
    url = await gateway.start()
    try:
        region = random_region(4)
        village = f"{region}101201"
        officer = Caller(f"officer-{uuid.uuid4().hex[:8]}", Role.COUNTY_OFFICER)
        stack = OfficeStack(services, gateway, url, region, village, officer)
        await ensure_demo_policy(stack.enrolment, region)
        await stack.enrolment.LoadVillages(
            enrolment_service_pb2.LoadVillagesRequest(
                request_id=uuid.uuid4().hex,
                pooling_region_code=region,
                villages=[enrolment_pb2.Village(village_code=village, name="张庄村", township_name="城关镇")],
                reason="the officers' pages test's village",
            ),
            metadata=signed(officer),
            timeout=30,
        )
        database = create_client(settings)
        users = UserStore(database[settings.database_name][USERS])
        await users.add(PREPARER, Role.COUNTY_OFFICER, frozenset(), PASSWORD)
        for approver in APPROVERS:
            await users.add(approver, Role.COUNTY_APPROVER, frozenset(), PASSWORD)
        await users.add(TOWNSHIP, Role.TOWNSHIP_OFFICER, frozenset({village}), PASSWORD)
        await users.add(AUDITOR, Role.AUDITOR, frozenset(), PASSWORD)
        await users.add(AGENT, Role.VILLAGE_AGENT, frozenset({village}), PASSWORD)
        await database.close()
        yield stack
    finally:
        await gateway.stop()
        await services.stop()
