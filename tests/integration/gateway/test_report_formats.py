"""The monthly review lists (月审) and the annual check (年检) of a small generated county, through real Kafka into the
real supervision service and out of the gateway as data, workbook and printable page: published once, read back
equal to a recount of what was generated, every person masked, the workbook's sums the data's fen, a township
officer seeing only their township's village; the pages rendered in headless Chromium."""

from __future__ import annotations

import asyncio
import io
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pypdf
import pytest
from aiokafka import AIOKafkaConsumer
from e2e.browser import CHROMIUM, CHROMIUM_FLAGS
from google.protobuf.message import Message
from playwright.async_api import async_playwright
from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import envelope_pb2, types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import events_pb2 as payout_events
from pension.payout.v1 import payout_pb2
from pension.supervision.v1 import events_pb2, supervision_pb2
from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2
from pension_kit.config import KitSettings
from pension_kit.events import new_event
from pension_kit.identifiers import Month, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id, mask_name, personal_numbers_in
from pension_kit.mongo import Document
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_testkit import InProcessGateway, InProcessServices, eventually, publish, random_region

MONTH, YEAR = "2025-07", 2025
RUN = "PR-{region}-202507"
OFFICER = Caller("officer-reports", Role.COUNTY_OFFICER)
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@dataclass
class County:
    """What the generator made, kept to recount the lists independently of the service."""

    region: str
    events: list[dict[str, Any]] = field(default_factory=list)
    clear_ids: dict[str, str] = field(default_factory=dict)  # resident id -> the clear ID number (never sent)
    names: dict[str, str] = field(default_factory=dict)  # resident id -> the clear name (never sent)
    contributed_fen: dict[str, int] = field(default_factory=dict)  # village -> personal + collective + on behalf
    subsidy_fen: dict[str, int] = field(default_factory=dict)
    paid_fen: dict[str, int] = field(default_factory=dict)
    new_monthly_fen: dict[str, int] = field(default_factory=dict)

    @property
    def home(self) -> str:
        return f"{self.region}101201"  # 城关镇

    @property
    def other(self) -> str:
        return f"{self.region}102201"  # another township

    def add(self, topic: str, key: str, producer: str, payload: Message) -> None:
        self.events.append(new_event(topic=topic, payload=payload, subject_key=key, producer=producer, actor="test"))


def generate(settings: KitSettings, region: str) -> County:
    county = County(region)
    for code, name, township in ((county.home, "李庄村", "城关镇"), (county.other, "王庄村", "东岭乡")):
        registered = enrolment_pb2.Village(
            village_code=code, name=name, township_name=township, township_code=code[:9], pooling_region_code=region
        )
        county.add(
            settings.topic_enrolment_region, region, "enrolment", enrolment_events.VillageRegistered(village=registered)
        )
    people = [("R1", county.home, "张三明"), ("R2", county.home, "李四"), ("R3", county.home, "王五华")]
    people += [("R4", county.other, "赵六国"), ("R5", county.other, "孙七")]
    for index, (short, village, name) in enumerate(people):
        resident_id = f"{short}-{region}"
        clear = make_citizen_id("411723", date(1950 + index, 3, 9), 100 + index)
        county.clear_ids[resident_id], county.names[resident_id] = clear, name
        county.add(
            settings.topic_enrolment_resident,
            resident_id,
            "enrolment",
            enrolment_events.ResidentEnrolled(
                resident_id=resident_id,
                pooling_region_code=region,
                village_code=village,
                citizen_id_masked=mask_citizen_id(clear),
                name_masked=mask_name(name),
                enrolled_on=to_calendar_date(date(2015, 3, 1)),
                birth_date=to_calendar_date(date(1950 + index, 3, 9)),
            ),
        )

    def contribute(n: int, short: str, village: str, paid_on: date, channel: int, personal: int, subsidy: int) -> None:
        county.add(
            settings.topic_enrolment_resident,
            f"{short}-{region}",
            "enrolment",
            enrolment_events.ContributionRecorded(
                resident_id=f"{short}-{region}",
                contribution_id=f"C{n}-{region}",
                year=paid_on.year,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                channel=channel,  # type: ignore[arg-type]
                grade_fen=personal,
                personal_fen=personal,
                subsidy_fen=subsidy,
                paid_on=to_calendar_date(paid_on),
                village_code=village,
                pooling_region_code=region,
            ),
        )
        if paid_on.strftime("%Y-%m") == MONTH:
            county.contributed_fen[village] = county.contributed_fen.get(village, 0) + personal
            county.subsidy_fen[village] = county.subsidy_fen.get(village, 0) + subsidy

    contribute(1, "R1", county.home, date(2025, 7, 3), types_pb2.CONTRIBUTION_CHANNEL_CASH, 50_000, 6_000)
    contribute(2, "R2", county.home, date(2025, 7, 18), types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING, 20_012, 4_000)
    contribute(3, "R4", county.other, date(2025, 7, 31), types_pb2.CONTRIBUTION_CHANNEL_ONLINE, 30_000, 5_000)
    contribute(4, "R1", county.home, date(2025, 8, 1), types_pb2.CONTRIBUTION_CHANNEL_CASH, 50_000, 6_000)  # August's

    def pay(n: int, short: str, village: str, basic: int, account: int) -> None:
        amounts = [
            types_pb2.BenefitAmount(
                component=types_pb2.BENEFIT_COMPONENT_BASIC_PENSION, fund=types_pb2.FUND_POOLED, amount_fen=basic
            ),
            types_pb2.BenefitAmount(
                component=types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION,
                fund=types_pb2.FUND_INDIVIDUAL_ACCOUNT,
                amount_fen=account,
            ),
        ]
        payment = payout_pb2.Payment(
            payment_id=f"P{n}-{region}",
            resident_id=f"{short}-{region}",
            pooling_region_code=region,
            month=to_year_month(Month(2025, 7)),
            kind=payout_pb2.PAYMENT_KIND_REGULAR,
            payroll_run_id=RUN.format(region=region),
            attempt=1,
            amounts=amounts,
            amount_fen=basic + account,
            village_code=village,
        )
        county.add(
            settings.topic_payout_resident, f"{short}-{region}", "payout", payout_events.PaymentPaid(payment=payment)
        )
        county.paid_fen[village] = county.paid_fen.get(village, 0) + basic + account

    pay(1, "R3", county.home, 15_300, 4_567)
    pay(2, "R5", county.other, 15_300, 2_001)

    def award(short: str, village: str, first: date, monthly: int) -> None:
        resident_id = f"{short}-{region}"
        county.add(
            settings.topic_payout_resident,
            resident_id,
            "payout",
            payout_events.AwardGranted(
                award=payout_pb2.Award(
                    award_id=f"A-{resident_id}",
                    resident_id=resident_id,
                    pooling_region_code=region,
                    village_code=village,
                    name_masked=mask_name(county.names[resident_id]),
                    citizen_id_masked=mask_citizen_id(county.clear_ids[resident_id]),
                    first_month=to_year_month(Month.of(first)),
                    monthly_total_fen=monthly,
                )
            ),
        )
        if first.strftime("%Y-%m") == MONTH:
            county.new_monthly_fen[village] = county.new_monthly_fen.get(village, 0) + monthly

    award("R3", county.home, date(2020, 1, 1), 19_867)
    award("R5", county.other, date(2025, 7, 1), 17_301)
    award("R2", county.home, date(2025, 2, 1), 16_000)
    # R3 proved they are alive in March; R2 missed the due date in June; R5 has no certification in the year.
    county.add(
        settings.topic_verification_resident,
        f"R3-{region}",
        "verification",
        verification_events.CertificationPassed(
            certification=verification_pb2.Certification(
                certification_id=f"CE1-{region}",
                resident_id=f"R3-{region}",
                method=verification_pb2.CERTIFICATION_METHOD_FACE,
                certified_on=to_calendar_date(date(2025, 3, 2)),
                next_due_on=to_calendar_date(date(2026, 3, 2)),
                village_code=county.home,
            ),
            pooling_region_code=region,
        ),
    )
    county.add(
        settings.topic_verification_resident,
        f"R2-{region}",
        "verification",
        verification_events.CertificationOverdue(
            resident_id=f"R2-{region}",
            due_on=to_calendar_date(date(2025, 6, 30)),
            village_code=county.home,
            pooling_region_code=region,
        ),
    )
    return county


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    county: County
    supervision_topic: str
    kafka_bootstrap: str
    database: AsyncDatabase[Document]

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}

    @property
    def township_officer(self) -> Caller:
        return Caller("township-reports", Role.TOWNSHIP_OFFICER, frozenset({self.county.home}))


@pytest.fixture(scope="module")
async def stack(kafka_bootstrap: str, mongo_uri: str) -> AsyncIterator[Stack]:
    services = await InProcessServices(kafka_bootstrap, mongo_uri).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    try:
        assert services.supervision is not None
        settings = services.supervision.settings
        county = generate(settings, random_region(4))
        await publish(kafka_bootstrap, county.events)
        database = services.supervision.context.database

        async def all_facts_kept() -> bool:
            # Every fact the lists read is in the service's own store before publishing (they are read once).
            region = {"region": county.region}
            counts = [
                await database["contribution_facts"].count_documents({**region, "channel": {"$exists": True}}),
                await database["payment_facts"].count_documents(region),
                await database["award_facts"].count_documents({**region, "name_masked": {"$exists": True}}),
                await database["certification_facts"].count_documents(region),
                await database["resident_facts"].count_documents(region),
                await database["village_facts"].count_documents(region),
            ]
            return counts == [4, 2, 3, 2, 5, 2]

        await eventually(all_facts_kept, deadline=90, what="the generated county's facts in supervision")
        async with httpx.AsyncClient(base_url=url, timeout=120) as http:
            yield Stack(http, gateway, county, settings.topic_supervision_region, kafka_bootstrap, database)
    finally:
        await gateway.stop()
        await services.stop()


def _visible_text(html: str) -> str:
    return re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)


def _assert_nothing_clear(stack: Stack, *texts: str) -> None:
    for text in texts:
        assert personal_numbers_in(text) == []
        for clear in stack.county.clear_ids.values():
            assert clear not in text
        for name in stack.county.names.values():
            assert name not in text


def _workbook_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row if cell.value)


def _fen(value: Any) -> int:
    """A workbook's yuan cell back in fen, exactly (openpyxl reads numbers back as int or float)."""
    fen = Decimal(str(value)) * 100
    assert fen == fen.to_integral_value()
    return int(fen)


def _sum_row(content: bytes, sheet_name: str) -> dict[str, Any]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))[sheet_name]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if row[0] == "乡镇")
    total = next(row for row in rows if row[0] == "合计")
    return dict(zip(map(str, header), total, strict=True))


@dataclass
class Printed:
    png: Path
    pages: list[str]  # each printed page's text
    landscape: bool


async def _render(html: str, name: str) -> Printed:
    """The page in Debian's headless Chromium (Playwright, as the browser tests drive it): a screenshot, in
    docs/screenshots when PENSION_SCREENSHOTS is set, and the page printed to PDF as an officer's browser prints it."""
    work = Path(tempfile.mkdtemp(prefix="report-page-"))
    png = (SCREENSHOTS if os.environ.get("PENSION_SCREENSHOTS") else work) / f"{name}.png"
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_FLAGS))
        try:
            page = await browser.new_page(viewport={"width": 1200, "height": 1500}, locale="zh-CN")
            # No network for the page: everything it shows is inline (the gateway's CSP says the same).
            await page.route("**/*", lambda route: route.abort())
            await page.set_content(html)
            await page.screenshot(path=str(png))
            pdf = await page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            await browser.close()
    document = pypdf.PdfReader(io.BytesIO(pdf))
    box = document.pages[0].mediabox
    # The PDF's text extracts some characters as their Kangxi radicals (⼈ for 人): NFKC folds them back.
    texts = [unicodedata.normalize("NFKC", page.extract_text()) for page in document.pages]
    return Printed(png, texts, float(box.width) > float(box.height))


def _assert_printed(printed: Printed, heading: str, pages_at_least: int) -> None:
    """A4 landscape, the report's region, period and version at the top of every printed page, pages numbered."""
    assert printed.png.stat().st_size > 10_000
    assert printed.landscape and len(printed.pages) >= pages_at_least
    for number, text in enumerate(printed.pages, start=1):
        flat = re.sub(r"\s+", "", text)
        assert re.sub(r"\s+", "", heading) in flat, f"page {number} lacks the running header"
        # 页 extracts as the radical ⻚, which NFKC leaves as it is.
        assert re.search(f"第{number}[页⻚],共{len(printed.pages)}[页⻚]", flat), f"page {number} is not numbered"


async def _publish(stack: Stack, path: str, body: dict[str, Any]) -> httpx.Response:
    return await stack.http.post(
        f"/v1/reports/{path}", json={"request_id": uuid.uuid4().hex, **body}, headers=stack.bearer(OFFICER)
    )


async def test_the_review_lists_are_published_once_and_read_back_as_data_workbook_and_page(stack: Stack) -> None:
    county = stack.county
    body = {"pooling_region_code": county.region, "month": MONTH}
    published = await _publish(stack, "review-lists", body)
    assert published.status_code == 201, published.text
    assert published.headers["location"] == f"/v1/reports/review-lists/{county.region}/{MONTH}"
    first = published.json()
    assert first["already_published"] is False and first["report"]["version"] == 1
    again = await _publish(stack, "review-lists", body)  # another request id: the same publication
    assert again.json()["already_published"] is True
    assert again.json()["report"]["published_at"] == first["report"]["published_at"]

    first_location = published.headers["location"]
    data = await stack.http.get(first_location, headers=stack.bearer(OFFICER))
    assert data.status_code == 200, data.text
    lists = data.json()
    villages = {v["village_code"]: v for v in lists["villages"]}
    assert sorted(villages) == sorted([county.home, county.other])
    for code, village in villages.items():
        assert sum(c["amount_fen"] for c in village["contributors"]) == county.contributed_fen.get(code, 0)
        assert sum(c["subsidy_fen"] for c in village["contributors"]) == county.subsidy_fen.get(code, 0)
        assert sum(p["amount_fen"] for p in village["pensioners"]) == county.paid_fen.get(code, 0)
        assert sum(n["monthly_total_fen"] for n in village["new_pensioners"]) == county.new_monthly_fen.get(code, 0)
        assert village["totals"]["contributed_fen"] == county.contributed_fen.get(code, 0)
    home = villages[county.home]
    assert [c["channel"] for c in home["contributors"]] in (
        ["cash", "bank_withholding"],
        ["bank_withholding", "cash"],
    )
    zhang = next(c for c in home["contributors"] if c["channel"] == "cash")
    assert zhang["name_masked"] == "张*明" and zhang["paid_on"] == "2025-07-03" and zhang["grade_fen"] == 50_000
    assert zhang["citizen_id_masked"] == mask_citizen_id(county.clear_ids[f"R1-{county.region}"])
    [wang] = home["pensioners"]
    assert (wang["basic_pension_fen"], wang["account_pension_fen"], wang["amount_fen"]) == (15_300, 4_567, 19_867)
    [sun] = villages[county.other]["new_pensioners"]
    assert sun["name_masked"] == "孙*" and sun["first_month"] == MONTH and sun["monthly_total_fen"] == 17_301
    assert lists["totals"]["contributed_fen"] == sum(county.contributed_fen.values())
    assert lists["totals"]["paid_fen"] == sum(county.paid_fen.values())

    workbook = await stack.http.get(f"{first_location}.xlsx", headers=stack.bearer(OFFICER))
    assert workbook.status_code == 200
    assert workbook.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    contributors = _sum_row(workbook.content, "缴费人员名单")
    assert _fen(contributors["缴费金额(元)"]) == sum(
        c["amount_fen"] for v in villages.values() for c in v["contributors"]
    )
    assert _fen(contributors["政府补贴(元)"]) == lists["totals"]["subsidy_fen"]
    pensioners = _sum_row(workbook.content, "享受待遇人员名单")
    assert _fen(pensioners["本月发放合计(元)"]) == lists["totals"]["paid_fen"]
    assert _fen(pensioners["个人账户养老金(元)"]) == 4_567 + 2_001
    new = _sum_row(workbook.content, "新增享受待遇人员名单")
    assert _fen(new["月养老金(元)"]) == lists["totals"]["new_monthly_fen"]
    cell = next(
        c
        for row in openpyxl.load_workbook(io.BytesIO(workbook.content))["享受待遇人员名单"].iter_rows()
        for c in row
        if c.value is not None and c.number_format == "0.00"
    )
    assert isinstance(cell.value, int | float)  # a number in the cell, not text

    page = await stack.http.get(f"{first_location}.html", headers=stack.bearer(OFFICER))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = _visible_text(page.text)
    assert "2025年7月月审名单" in text and county.region in text and "第1版" in text
    assert "乡镇经办机构审核人：" in text and "李庄村" in text and "王庄村" in text
    assert "198.67" in text and "500.00" in text  # yuan, two decimals
    _assert_nothing_clear(stack, data.text, _workbook_text(workbook.content), page.text)
    # The summary, then each village from a new page.
    printed = await _render(page.text, "report-review-list")
    _assert_printed(printed, f"统筹区{county.region}　第1版", pages_at_least=3)
    assert "乡镇经办机构审核人" in printed.pages[-1]


async def test_a_township_officer_reads_only_their_townships_villages(stack: Stack) -> None:
    county = stack.county
    await _publish(stack, "review-lists", {"pooling_region_code": county.region, "month": MONTH})
    location = f"/v1/reports/review-lists/{county.region}/{MONTH}"
    mine = await stack.http.get(location, headers=stack.bearer(stack.township_officer))
    assert mine.status_code == 200, mine.text
    assert [v["village_code"] for v in mine.json()["villages"]] == [county.home]
    elsewhere = await stack.http.get(
        location, params={"village_code": county.other}, headers=stack.bearer(stack.township_officer)
    )
    assert elsewhere.status_code == 403 and elsewhere.json()["code"] == "VILLAGE_NOT_ASSIGNED"
    agent = Caller("agent-reports", Role.VILLAGE_AGENT, frozenset({county.home}))
    refused = await stack.http.get(location, headers=stack.bearer(agent))
    assert refused.status_code == 403 and refused.json()["code"] == "ROLE_NOT_ALLOWED"
    unpublished = await stack.http.get(
        f"/v1/reports/review-lists/{county.region}/2025-06", headers=stack.bearer(OFFICER)
    )
    assert unpublished.status_code == 404 and unpublished.json()["code"] == "REPORT_NOT_PUBLISHED"


async def test_a_month_not_ended_is_refused_naming_the_field(stack: Stack) -> None:
    future = await _publish(stack, "review-lists", {"pooling_region_code": stack.county.region, "month": "2099-01"})
    assert future.status_code == 422, future.text
    assert future.json()["code"] == "MONTH_NOT_ENDED" and future.json()["field"] == "month"
    bad = await _publish(stack, "review-lists", {"pooling_region_code": stack.county.region, "month": "2025-13"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "month"


async def test_the_annual_check_lists_every_pensioner_with_the_years_certifications(stack: Stack) -> None:
    county = stack.county
    published = await _publish(stack, "annual-checks", {"pooling_region_code": county.region, "year": YEAR})
    assert published.status_code == 201, published.text
    counts = published.json()["report"]["counts"]
    assert counts == {"pensioner_count": 3, "certified_count": 1, "overdue_count": 1, "none_count": 1}

    location = published.headers["location"]
    data = await stack.http.get(location, headers=stack.bearer(OFFICER))
    assert data.status_code == 200, data.text
    villages = {v["village_code"]: v for v in data.json()["villages"]}
    statuses = {p["name_masked"]: p["status"] for v in villages.values() for p in v["pensioners"]}
    assert statuses == {"王*华": "certified", "李*": "overdue", "孙*": "none"}
    wang = next(p for p in villages[county.home]["pensioners"] if p["name_masked"] == "王*华")
    assert wang["certifications"] == [{"outcome": "passed", "method": "face", "on": "2025-03-02", "failure_code": ""}]
    assert wang["next_due_on"] == "2026-03-02"

    workbook = await stack.http.get(f"{location}.xlsx", headers=stack.bearer(OFFICER))
    assert workbook.status_code == 200
    summary = openpyxl.load_workbook(io.BytesIO(workbook.content))["各村汇总"]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    total = next(row for row in rows if row[0] == "合计")
    assert total[3:7] == [3, 1, 1, 1]

    page = await stack.http.get(f"{location}.html", headers=stack.bearer(OFFICER))
    assert page.status_code == 200
    text = _visible_text(page.text)
    assert "2025年度待遇领取资格年检名单" in text and "逾期未认证" in text and "本年无认证" in text
    assert "人脸识别" in text and "乡镇经办机构审核人：" in text
    _assert_nothing_clear(stack, data.text, _workbook_text(workbook.content), page.text)
    printed = await _render(page.text, "report-annual-check")
    _assert_printed(printed, f"统筹区{county.region}　第1版", pages_at_least=3)


async def test_the_monthly_statistics_read_as_data_workbook_and_page_agree_to_the_fen(stack: Stack) -> None:
    county = stack.county
    published = await _publish(stack, "statistics", {"pooling_region_code": county.region, "month": MONTH})
    assert published.status_code == 201, published.text
    location = published.headers["location"]
    data = await stack.http.get(location, headers=stack.bearer(OFFICER))
    assert data.status_code == 200, data.text
    report = data.json()
    region = report["region"]["figures"]
    assert region["personal_fen"] == sum(county.contributed_fen.values())
    assert region["subsidy_fen"] == sum(county.subsidy_fen.values())
    assert region["benefit_paid_fen"] == sum(county.paid_fen.values())
    assert {v["code"] for v in report["villages"]} == {county.home, county.other}

    workbook = await stack.http.get(f"{location}.xlsx", headers=stack.bearer(OFFICER))
    assert workbook.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))

    def totals(sheet_name: str) -> dict[str, Any]:
        rows = [[cell.value for cell in row] for row in book[sheet_name].iter_rows()]
        header = next(row for row in rows if row[0] == "代码")
        return dict(zip(map(str, header), next(row for row in rows if row[0] == "合计"), strict=True))

    for sheet_name in ("统筹区合计", "分村"):
        assert _fen(totals(sheet_name)["个人缴费(元)"]) == region["personal_fen"]
        assert _fen(totals(sheet_name)["发放金额(元)"]) == region["benefit_paid_fen"]
        assert totals(sheet_name)["缴费人数"] == region["contributors"]

    page = await stack.http.get(f"{location}.html", headers=stack.bearer(OFFICER))
    assert page.status_code == 200
    text = _visible_text(page.text)
    assert "2025年7月统计月报" in text and "各级财政应拨付缴费补贴" in text and "第1版" in text
    assert "371.68" in text  # the benefit paid, yuan with two decimals
    _assert_nothing_clear(stack, data.text, _workbook_text(workbook.content), page.text)
    printed = await _render(page.text, "report-statistics")
    _assert_printed(printed, f"统筹区{county.region}　第1版", pages_at_least=1)


async def test_one_publication_one_event_on_the_supervision_topic(stack: Stack, kafka_bootstrap: str) -> None:
    county = stack.county
    body = {"pooling_region_code": county.region, "year": YEAR - 1}
    assert (await _publish(stack, "annual-checks", body)).json()["already_published"] is False
    assert (await _publish(stack, "annual-checks", body)).json()["already_published"] is True
    # Then another publication of the region: its event comes after, on the same partition (keyed by region).
    last = await _publish(stack, "review-lists", {"pooling_region_code": county.region, "month": "2025-06"})
    assert last.status_code == 201, last.text
    check_id, last_id = f"AC-{county.region}-{YEAR - 1}", f"RL-{county.region}-202506"
    seen: list[events_pb2.MonthlyReportPublished] = []
    consumer = AIOKafkaConsumer(
        stack.supervision_topic,
        bootstrap_servers=kafka_bootstrap,
        auto_offset_reset="earliest",
        group_id=f"test-{uuid.uuid4().hex[:8]}",
    )
    await consumer.start()
    try:

        async def up_to_the_last() -> bool:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                for record in records:
                    assert record.value is not None
                    envelope = envelope_pb2.EventEnvelope.FromString(record.value)
                    if envelope.event_type == events_pb2.MonthlyReportPublished.DESCRIPTOR.full_name:
                        event = events_pb2.MonthlyReportPublished()
                        envelope.payload.Unpack(event)
                        if event.pooling_region_code == county.region:
                            seen.append(event)
            return any(e.report_id == last_id for e in seen)

        await eventually(up_to_the_last, deadline=60, what="the review list's event after the annual check's")
    finally:
        await consumer.stop()
    [announced] = [e for e in seen if e.report_id == check_id]
    assert announced.report_kind == supervision_pb2.MONTHLY_REPORT_KIND_ANNUAL_CHECK
    assert (announced.month.year, announced.month.month, announced.version) == (YEAR - 1, 12, 1)
    assert re.fullmatch(r"[0-9a-f]{64}", announced.digest)


async def test_two_publishings_at_once_store_one_list(stack: Stack) -> None:
    body = {"pooling_region_code": stack.county.region, "month": "2025-05"}
    first, second = await asyncio.gather(_publish(stack, "review-lists", body), _publish(stack, "review-lists", body))
    assert {first.status_code, second.status_code} == {201}
    assert sorted([first.json()["already_published"], second.json()["already_published"]]) == [False, True]
    assert first.json()["report"]["published_at"] == second.json()["report"]["published_at"]
    read = await stack.http.get(first.headers["location"], headers=stack.bearer(OFFICER))
    codes = [v["village_code"] for v in read.json()["villages"]]
    assert codes == sorted({stack.county.home, stack.county.other}) == sorted(codes)


async def test_a_later_reversal_leaves_the_published_list_as_it_was(stack: Stack) -> None:
    county = stack.county
    body = {"pooling_region_code": county.region, "month": MONTH}
    assert (await _publish(stack, "review-lists", body)).status_code == 201
    location = f"/v1/reports/review-lists/{county.region}/{MONTH}"
    before = (await stack.http.get(location, headers=stack.bearer(OFFICER))).json()
    # In August, R1's July contribution is taken back (a mistake found late).
    reversal = enrolment_events.ContributionReversed(
        resident_id=f"R1-{county.region}",
        contribution_id=f"C1-{county.region}",
        year=2025,
        kind=types_pb2.CONTRIBUTION_KIND_OWN,
        entries=[
            enrolment_pb2.AccountEntry(
                entry_id=f"C1-{county.region}-reversal",
                kind=enrolment_pb2.ACCOUNT_ENTRY_KIND_PERSONAL_CONTRIBUTION,
                amount_fen=-50_000,
                value_date=to_calendar_date(date(2025, 8, 5)),
            )
        ],
        pooling_region_code=county.region,
    )
    settings = KitSettings(service_name="test")
    event = new_event(
        topic=settings.topic_enrolment_resident,
        payload=reversal,
        subject_key=f"R1-{county.region}",
        producer="enrolment",
        actor="test",
    )
    await publish(stack.kafka_bootstrap, [event])

    async def reversed_in_august() -> bool:
        found = await stack.database["contribution_facts"].find_one({"_id": f"C1-{county.region}"})
        return bool(found and found.get("reversed_month") == "2025-08")

    await eventually(reversed_in_august, what="the reversal kept by supervision")
    after = (await stack.http.get(location, headers=stack.bearer(OFFICER))).json()
    assert after == before  # the published July lists do not change
    august = await _publish(stack, "review-lists", {"pooling_region_code": county.region, "month": "2025-08"})
    assert august.status_code == 201, august.text
    assert august.json()["report"]["totals"]["contributed_fen"] == 50_000  # R1's own August payment, C4
