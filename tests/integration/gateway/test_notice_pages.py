"""The notice board page, its PDF and the disclosure page through the gateway, from the real supervision service:
a resident enrolled and paying in a village shows on the village's notice, masked, to its agent and no one else's."""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pypdf
import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.clock import today_in_china
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id, mask_name, personal_numbers_in
from pension_kit.protoconv import to_calendar_date
from pension_testkit import (
    InProcessGateway,
    InProcessServices,
    ensure_demo_policy,
    eventually,
    fresh_citizen_id,
    new_enrolment,
    random_region,
    signed,
)

NAME = "欧阳春华"
GRADE_FEN = 50_000


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    region: str
    village: str
    citizen_id: str
    month: str

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}

    @property
    def agent(self) -> Caller:
        return Caller("agent-notice", Role.VILLAGE_AGENT, frozenset({self.village}))


@pytest.fixture(scope="module")
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Stack]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    try:
        assert services.enrolment is not None
        enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(services.channel(services.enrolment))
        region = random_region(4)
        village = f"{region}101201"
        await ensure_demo_policy(enrolment, region)
        county = Caller(f"officer-{uuid.uuid4().hex[:8]}", Role.COUNTY_OFFICER)
        await enrolment.LoadVillages(
            enrolment_service_pb2.LoadVillagesRequest(
                request_id=uuid.uuid4().hex,
                pooling_region_code=region,
                villages=[enrolment_pb2.Village(village_code=village, name="欧庄村", township_name="城关镇")],
                reason="the notice test's village",
            ),
            metadata=signed(county),
            timeout=30,
        )
        agent = Caller("agent-notice", Role.VILLAGE_AGENT, frozenset({village}))
        # Born in the demo county, whatever region the test drew.
        citizen_id = fresh_citizen_id(born=date(1978, 4, 9))
        async with httpx.AsyncClient(base_url=url, timeout=60) as http:
            enrolled = await http.post(
                "/v1/residents",
                json=new_enrolment(village, citizen_id_number=citizen_id, name=NAME),
                headers={"Authorization": f"Bearer {gateway.token(agent)}"},
            )
            assert enrolled.status_code in (200, 201), enrolled.text
            today = today_in_china()
            await enrolment.RecordContribution(
                enrolment_service_pb2.RecordContributionRequest(
                    request_id=uuid.uuid4().hex,
                    resident_id=enrolled.json()["resident_id"],
                    year=today.year,
                    kind=types_pb2.CONTRIBUTION_KIND_OWN,
                    channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
                    grade_fen=GRADE_FEN,
                    receipt_number=f"R{uuid.uuid4().hex[:10]}",
                    agent_id=agent.user_id,
                    paid_on=to_calendar_date(today),
                ),
                metadata=signed(agent),
                timeout=30,
            )
            yield Stack(http, gateway, region, village, citizen_id, f"{today:%Y-%m}")
    finally:
        await gateway.stop()
        await services.stop()


async def _notice_with_the_contribution(stack: Stack) -> dict[str, Any] | None:
    response = await stack.http.get(f"/v1/notices/{stack.village}/{stack.month}", headers=stack.bearer(stack.agent))
    if response.status_code != 200 or not response.json()["contributors"]:
        return None
    notice: dict[str, Any] = response.json()
    return notice


async def test_the_village_agent_reads_the_notice_as_data_page_and_pdf_with_every_person_masked(stack: Stack) -> None:
    notice = await eventually(lambda: _notice_with_the_contribution(stack), what="the contribution on the notice")
    [contributor] = notice["contributors"]
    assert contributor["name_masked"] == mask_name(NAME) == "欧**华"
    assert contributor["citizen_id_masked"] == mask_citizen_id(stack.citizen_id)
    assert contributor["grade_fen"] == GRADE_FEN

    page = await stack.http.get(f"/v1/notices/{stack.village}/{stack.month}.html", headers=stack.bearer(stack.agent))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page.text, flags=re.S)
    assert "欧庄村" in text and "城乡居民基本养老保险公示" in text
    assert mask_name(NAME) in text and NAME not in page.text and stack.citizen_id not in page.text
    assert personal_numbers_in(text) == []
    assert f"{Decimal(contributor['personal_fen']) / 100:,.2f}" in text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page.text)

    document = await stack.http.get(f"/v1/notices/{stack.village}/{stack.month}.pdf", headers=stack.bearer(stack.agent))
    assert document.status_code == 200 and document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"] == f'inline; filename="notice-{stack.village}-{stack.month}.pdf"'
    extracted = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(document.content)).pages)
    assert "城乡居民基本养老保险公示" in extracted and mask_name(NAME) in extracted
    assert NAME not in extracted and stack.citizen_id not in extracted and personal_numbers_in(extracted) == []


@pytest.mark.parametrize("suffix", ["", ".html", ".pdf"])
async def test_an_agent_of_another_village_is_refused_the_notice(stack: Stack, suffix: str) -> None:
    other = Caller("agent-elsewhere", Role.VILLAGE_AGENT, frozenset({f"{stack.region}101202"}))

    response = await stack.http.get(f"/v1/notices/{stack.village}/{stack.month}{suffix}", headers=stack.bearer(other))

    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_bad_month_is_refused_before_the_service(stack: Stack) -> None:
    response = await stack.http.get(f"/v1/notices/{stack.village}/2026-13.pdf", headers=stack.bearer(stack.agent))

    assert response.status_code == 400 and response.json()["code"] == "PERIOD_FORMAT"


async def test_an_auditor_reads_the_regions_disclosure_page_with_its_charts(stack: Stack) -> None:
    auditor = Caller("auditor-1", Role.AUDITOR)
    year, month = stack.month.split("-")

    async def counted() -> dict[str, Any] | None:
        response = await stack.http.get(
            f"/v1/disclosure/{stack.region}/{year}/{int(month)}", headers=stack.bearer(auditor)
        )
        assert response.status_code == 200, response.text
        figures: dict[str, Any] = response.json()
        return figures if figures["contributing"] >= 1 else None

    figures = await eventually(counted, what="the contribution in the disclosure")
    assert figures["pooling_region_code"] == stack.region and figures["enrolled"] >= 1

    page = await stack.http.get(
        f"/v1/disclosure/{stack.region}/{year}/{int(month)}.html", headers=stack.bearer(auditor)
    )
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "城乡居民基本养老保险基金信息披露" in page.text and page.text.count("<svg") == 4
    assert f"{year}年{int(month)}月" in page.text
    yearly = await stack.http.get(f"/v1/disclosure/{stack.region}/{year}.html", headers=stack.bearer(auditor))
    assert yearly.status_code == 200 and f"{year}年度" in yearly.text
