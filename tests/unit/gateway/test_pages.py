"""The notice board page, its PDF and the disclosure page, rendered from contract messages as a reader sees them."""

from __future__ import annotations

import io
import logging
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pypdf
import pytest

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2
from pension_gateway.pages.demo import demo_disclosure, demo_notice
from pension_gateway.pages.disclosure import disclosure_html
from pension_gateway.pages.guard import UnmaskedPersonalData
from pension_gateway.pages.notice import NOTICE_HEADING, notice_html, notice_pdf
from pension_kit.identifiers import make_citizen_id
from pension_kit.masking import mask_citizen_id, mask_name, personal_numbers_in
from pension_kit.protoconv import to_timestamp

VILLAGE = "411723101201"
# The people behind the notice, as enrolment holds them; the notice only ever has their masked forms.
CONTRIBUTORS = [
    ("张晓明", make_citizen_id("411723", date(1975, 3, 8), 121), 50_000, 6_000, 0),
    ("欧阳春华", make_citizen_id("411723", date(1982, 11, 30), 342), 100_000, 8_000, 0),
    ("阿依古丽·买买提", make_citizen_id("411723", date(1990, 1, 1), 57), 20_000, 3_000, 20_000),
]
RECIPIENTS = [
    ("李秀英", make_citizen_id("411723", date(1950, 6, 15), 88), 20_357, 0),
    ("王建国", make_citizen_id("411723", date(1948, 2, 29), 9), 43_214, 20_357),
    ("赵德", make_citizen_id("411723", date(1955, 12, 31), 500), 1, 0),
]


def the_notice() -> supervision_pb2.PublicNotice:
    notice = supervision_pb2.PublicNotice(
        village_code=VILLAGE,
        village_name="王庄村",
        month=types_pb2.YearMonth(year=2026, month=11),
        generated_at=to_timestamp(datetime(2026, 12, 1, 1, 30, tzinfo=UTC)),
        dispute_contact="县社保局基金监督股 0396-12333",
    )
    for name, citizen_id, grade, subsidy, on_behalf in CONTRIBUTORS:
        notice.contributors.add(
            name_masked=mask_name(name),
            citizen_id_masked=mask_citizen_id(citizen_id),
            year=2026,
            kind=types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF if on_behalf else types_pb2.CONTRIBUTION_KIND_OWN,
            grade_fen=grade,
            personal_fen=grade - on_behalf,
            subsidy_fen=subsidy,
            paid_on_behalf_fen=on_behalf,
        )
    for name, citizen_id, amount, back_pay in RECIPIENTS:
        notice.recipients.add(
            name_masked=mask_name(name),
            citizen_id_masked=mask_citizen_id(citizen_id),
            amount_fen=amount,
            back_pay_fen=back_pay,
        )
    notice.contributed_fen = sum(c[2] + c[3] for c in CONTRIBUTORS)
    notice.paid_fen = sum(r[2] for r in RECIPIENTS)
    return notice


class _Text(HTMLParser):
    """The page's text as a reader sees it (no tags, no styles), and its tables' cells row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read_page(html: str) -> _Text:
    page = _Text()
    page.feed(html)
    return page


def pdf_text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)


def yuan(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


# --- masking -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_the_notice_shows_masked_names_and_ids_and_never_a_full_one(form: str) -> None:
    notice = the_notice()
    text = "".join(read_page(notice_html(notice)).text) if form == "html" else pdf_text(notice_pdf(notice))

    assert personal_numbers_in(text) == []
    assert re.search(r"[0-9]{17}[0-9X]", text) is None
    people = [(c[0], c[1]) for c in CONTRIBUTORS] + [(r[0], r[1]) for r in RECIPIENTS]
    for name, citizen_id in people:
        assert name not in text and citizen_id not in text
        assert mask_name(name) in text and mask_citizen_id(citizen_id) in text


def test_the_pdf_has_the_chinese_title_and_the_village_as_extractable_text() -> None:
    text = pdf_text(notice_pdf(the_notice()))

    assert f"王庄村2026年11月{NOTICE_HEADING}" in text
    assert "一、本月缴费人员" in text and "二、本月领取待遇人员" in text
    assert "县社保局基金监督股" in text and "公示期" in text


def test_a_long_notice_runs_over_pages_with_numbers_and_the_header_row_on_each() -> None:
    reader = pypdf.PdfReader(io.BytesIO(notice_pdf(demo_notice(contributors=90, recipients=60))))

    pages = len(reader.pages)
    assert pages >= 3
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第{number}页，共{pages}页" in text
        assert "姓名" in text and "身份证号" in text


def test_a_notice_with_an_unmasked_id_number_is_refused_and_the_log_does_not_repeat_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    notice = the_notice()
    citizen_id = RECIPIENTS[0][1]
    notice.recipients[0].citizen_id_masked = citizen_id

    with caplog.at_level(logging.ERROR), pytest.raises(UnmaskedPersonalData):
        notice_html(notice)
    with pytest.raises(UnmaskedPersonalData):
        notice_pdf(notice)
    assert caplog.records and citizen_id not in caplog.text


def test_a_notice_with_a_name_not_masked_is_refused() -> None:
    notice = the_notice()
    notice.contributors[1].name_masked = CONTRIBUTORS[1][0]

    with pytest.raises(UnmaskedPersonalData):
        notice_html(notice)


@pytest.mark.parametrize(
    "contact",
    [
        "请联系 13812345678",  # a mobile number
        f"经办人身份证 {make_citizen_id('411723', date(1980, 5, 5), 7)}",
        "退款账户 6222 0212 3456 7890 128",  # a bank card in groups of four (passes Luhn)
    ],
)
def test_a_personal_number_anywhere_in_the_notice_withholds_the_page(contact: str) -> None:
    notice = the_notice()
    notice.dispute_contact = contact

    with pytest.raises(UnmaskedPersonalData):
        notice_html(notice)


# --- amounts -------------------------------------------------------------------------------------------------


def test_every_amount_on_the_page_is_its_fen_divided_by_100_exactly() -> None:
    notice = the_notice()
    contributors, recipients = read_page(notice_html(notice)).tables

    body = recipients[1:-1]
    assert [yuan(row[3]) for row in body] == [Decimal(r.amount_fen) / 100 for r in notice.recipients]
    assert [yuan(row[4]) for row in body] == [Decimal(r.back_pay_fen) / 100 for r in notice.recipients]
    assert yuan(recipients[-1][3]) == Decimal(sum(r[2] for r in RECIPIENTS)) / 100
    assert [row[5:] for row in contributors[1:-1]] == [
        [f"{Decimal(fen) / 100:,.2f}" for fen in (c.grade_fen, c.personal_fen, c.subsidy_fen, c.paid_on_behalf_fen)]
        for c in notice.contributors
    ]
    assert body[2][3] == "0.01"  # one fen is shown, not rounded away


def test_the_pdf_shows_the_same_amounts_as_the_page() -> None:
    notice = the_notice()
    text = pdf_text(notice_pdf(notice))

    for recipient in notice.recipients:
        assert f"{Decimal(recipient.amount_fen) / 100:,.2f}" in text
    assert "本月缴费合计：1,870.00元" in text.replace("\n", "")


def test_the_page_says_how_long_the_notice_is_posted_and_where_disputes_go() -> None:
    text = "".join(read_page(notice_html(the_notice())).text)

    assert "公示期：7天，自2026年12月1日至2026年12月7日" in text
    assert "如有异议，请在公示期内联系：县社保局基金监督股 0396-12333" in text


def test_a_month_with_nobody_says_so_instead_of_an_empty_table() -> None:
    notice = supervision_pb2.PublicNotice(
        village_code=VILLAGE, village_name="王庄村", month=types_pb2.YearMonth(year=2026, month=2)
    )

    text = "".join(read_page(notice_html(notice)).text)

    assert "本月无缴费记录" in text and "本月无待遇发放记录" in text


# --- nothing from outside ------------------------------------------------------------------------------------

_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.mark.parametrize("page", ["notice", "disclosure"])
def test_a_page_loads_nothing_from_outside_the_gateway(page: str) -> None:
    html = notice_html(demo_notice()) if page == "notice" else disclosure_html(demo_disclosure())

    assert _EXTERNAL.search(html) is None
    assert re.search(r"<(?:script|link|iframe|img)\b", html, re.I) is None
    assert "<style>" in html  # the stylesheet is inside the page


def test_the_notice_prints_on_a4_with_its_table_headers_repeated_and_pages_numbered() -> None:
    html = notice_html(the_notice())

    assert "size: A4" in html
    assert "thead { display: table-header-group; }" in html
    assert "counter(page)" in html


# --- disclosure ----------------------------------------------------------------------------------------------


def test_the_disclosure_page_draws_its_charts_as_svg_with_chinese_text() -> None:
    html = disclosure_html(demo_disclosure())

    charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(charts) == 4
    texts = [re.sub(r"<[^>]+>", "", t) for chart in charts for t in re.findall(r"<text\b[^>]*>.*?</text>", chart)]
    for label in ("基金收入构成（万元）", "基础养老金财政补助", "个人账户养老金", "统筹基金", "参保人数"):
        assert label in texts


def test_the_disclosure_tables_show_each_amount_as_its_fen_divided_by_100() -> None:
    disclosure = demo_disclosure()
    income, expenditure, balances = read_page(disclosure_html(disclosure)).tables

    assert [yuan(row[1]) for row in income[1:-1]] == [Decimal(f.amount_fen) / 100 for f in disclosure.income]
    assert yuan(income[-1][1]) == Decimal(sum(f.amount_fen for f in disclosure.income)) / 100
    assert [yuan(row[1]) for row in expenditure[1:-1]] == [Decimal(f.amount_fen) / 100 for f in disclosure.expenditure]
    assert [row[0] for row in balances[1:-1]] == ["个人账户", "统筹基金"]


def test_the_disclosure_page_names_its_period_and_head_counts() -> None:
    yearly = demo_disclosure()
    yearly.month = 0

    monthly_text = "".join(read_page(disclosure_html(demo_disclosure())).text)
    yearly_text = "".join(read_page(disclosure_html(yearly)).text)

    assert "披露期间：2026年11月" in monthly_text and "412,387" in monthly_text
    assert "披露期间：2026年度" in yearly_text


def test_a_disclosure_with_no_figures_says_so() -> None:
    empty = supervision_pb2.Disclosure(pooling_region_code="411723", year=2026, month=1)

    text = "".join(read_page(disclosure_html(empty)).text)

    assert text.count("本期无数据") == 3


def test_text_from_the_service_is_shown_as_text_never_as_markup() -> None:
    notice = the_notice()
    notice.village_name = '<img src="x">王庄村'
    notice.dispute_contact = "<script>alert(1)</script> & 0396-12333"

    html = notice_html(notice)
    text = pdf_text(notice_pdf(notice))

    assert "<img" not in html and "<script>" not in html
    assert "&lt;img" in html and "&lt;script&gt;" in html
    assert '<img src="x">王庄村' in text and "<script>alert(1)</script> & 0396-12333" in text.replace("\n", "")
