"""The public notice (公示) of a village for a month: the page for the notice board (HTML, print CSS) and its PDF.

Both are drawn from one NoticeView, built from the contract's PublicNotice: what is printed is decided once, and
the masking guard checks exactly those texts. Amounts are int fen throughout and printed as yuan by
pension_kit.money.format_yuan, the one conversion.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pension.supervision.v1 import supervision_pb2
from pension_gateway.pages import guard, labels
from pension_gateway.pages.html import render
from pension_kit.clock import CHINA
from pension_kit.identifiers import validate_village_code
from pension_kit.money import format_yuan

# How long a notice stays on the board: 公示期 of 7 days from the day it is generated, the usual term for
# pension notices. The contract has no field for it, so the page says it from here.
NOTICE_POSTED_DAYS: Final = 7
NOTICE_HEADING: Final = "城乡居民基本养老保险公示"
PAGE: Final = "public notice"

CONTRIBUTOR_COLUMNS: Final = (
    "序号",
    "姓名",
    "身份证号",
    "缴费年度",
    "缴费类型",
    "缴费档次(元/年)",
    "个人缴费(元)",
    "政府补贴(元)",
    "代缴(元)",
)
RECIPIENT_COLUMNS: Final = ("序号", "姓名", "身份证号", "本月待遇(元)", "其中补发(元)")
# Column widths on A4 less 12 mm margins (186 mm), so both tables span the page alike.
_CONTRIBUTOR_WIDTHS_MM: Final = (10, 16, 36, 16, 18, 24, 22, 22, 22)
_RECIPIENT_WIDTHS_MM: Final = (12, 24, 50, 50, 50)


@dataclass(frozen=True)
class NoticeView:
    """What a notice page prints, every text ready: the HTML template and the PDF lay out the same rows."""

    title: str
    village: str
    village_code: str
    township_code: str
    month: str
    contributors: Sequence[tuple[str, ...]]
    contributor_totals: tuple[str, ...]
    recipients: Sequence[tuple[str, ...]]
    recipient_totals: tuple[str, ...]
    contributed: str
    paid: str
    posted_from: str
    posted_until: str
    posted_days: int
    dispute_contact: str
    generated_at: str

    def texts(self) -> list[str]:
        """Every text the page prints, for the masking guard."""
        scalars = [
            self.title,
            self.village,
            self.village_code,
            self.township_code,
            self.month,
            self.contributed,
            self.paid,
            self.posted_from,
            self.posted_until,
            self.dispute_contact,
            self.generated_at,
        ]
        rows = [*self.contributors, self.contributor_totals, *self.recipients, self.recipient_totals]
        return scalars + [cell for row in rows for cell in row]


def notice_view(notice: supervision_pb2.PublicNotice) -> NoticeView:
    """The view of a notice; raises guard.UnmaskedPersonalData when a name or ID number is not masked."""
    guard.check_masked_fields(
        PAGE,
        [(f"contributors[{i}].name_masked", c.name_masked) for i, c in enumerate(notice.contributors)]
        + [(f"contributors[{i}].citizen_id_masked", c.citizen_id_masked) for i, c in enumerate(notice.contributors)]
        + [(f"recipients[{i}].name_masked", r.name_masked) for i, r in enumerate(notice.recipients)]
        + [(f"recipients[{i}].citizen_id_masked", r.citizen_id_masked) for i, r in enumerate(notice.recipients)],
    )
    month = labels.month_zh(notice.month.year, notice.month.month)
    generated = notice.generated_at.ToDatetime(tzinfo=CHINA) if notice.HasField("generated_at") else None
    posted_from: date | None = generated.date() if generated else None
    contributors = [
        (
            str(number),
            c.name_masked,
            c.citizen_id_masked,
            str(c.year),
            labels.label(labels.CONTRIBUTION_KINDS, c.kind),
            format_yuan(c.grade_fen),
            format_yuan(c.personal_fen),
            format_yuan(c.subsidy_fen),
            format_yuan(c.paid_on_behalf_fen),
        )
        for number, c in enumerate(notice.contributors, start=1)
    ]
    recipients = [
        (str(number), r.name_masked, r.citizen_id_masked, format_yuan(r.amount_fen), format_yuan(r.back_pay_fen))
        for number, r in enumerate(notice.recipients, start=1)
    ]
    view = NoticeView(
        title=f"{notice.village_name}{month}{NOTICE_HEADING}",
        village=notice.village_name,
        village_code=notice.village_code,
        township_code=_township_code(notice.village_code),
        month=month,
        contributors=contributors,
        contributor_totals=(
            "合计",
            f"{len(contributors)}人次",
            "",
            "",
            "",
            "",
            format_yuan(sum(c.personal_fen for c in notice.contributors)),
            format_yuan(sum(c.subsidy_fen for c in notice.contributors)),
            format_yuan(sum(c.paid_on_behalf_fen for c in notice.contributors)),
        ),
        recipients=recipients,
        recipient_totals=(
            "合计",
            f"{len(recipients)}人",
            "",
            format_yuan(sum(r.amount_fen for r in notice.recipients)),
            format_yuan(sum(r.back_pay_fen for r in notice.recipients)),
        ),
        contributed=format_yuan(notice.contributed_fen),
        paid=format_yuan(notice.paid_fen),
        posted_from=labels.date_zh(posted_from) if posted_from else "",
        posted_until=labels.date_zh(posted_from + timedelta(days=NOTICE_POSTED_DAYS - 1)) if posted_from else "",
        posted_days=NOTICE_POSTED_DAYS,
        dispute_contact=notice.dispute_contact,
        generated_at=generated.strftime("%Y-%m-%d %H:%M") if generated else "",
    )
    guard.check_page_text(PAGE, "\n".join(view.texts()))
    return view


def _township_code(village_code: str) -> str:
    """The township's 9-digit part of the village's division code (the contract names the village only)."""
    try:
        return validate_village_code(village_code).code[:9]
    except ValueError:
        return ""


def notice_html(notice: supervision_pb2.PublicNotice) -> str:
    """The notice board page: Chinese, A4 print CSS with repeated table headers and page numbers, all inline."""
    view = notice_view(notice)
    html = render(
        "notice.html.j2",
        view=view,
        contributor_columns=CONTRIBUTOR_COLUMNS,
        recipient_columns=RECIPIENT_COLUMNS,
    )
    guard.check_page_text(PAGE, html)
    return html


# --- the PDF -------------------------------------------------------------------------------------------------

# Adobe's built-in CID font for simplified Chinese: every PDF reader has it, so the file embeds no font and
# the text extracts as the characters it shows.
PDF_FONT: Final = "STSong-Light"
_GRID: Final = colors.Color(0.35, 0.35, 0.35)
_HEADER: Final = colors.Color(0.9, 0.9, 0.9)


@cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def notice_pdf(notice: supervision_pb2.PublicNotice) -> bytes:
    """The notice as an A4 PDF: the same view as the page, tables' headers repeated on every page, 第N页."""
    view = notice_view(notice)
    font = _font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=view.title,
        author=view.village,
        subject=NOTICE_HEADING,
    )

    story = [
        Paragraph(_escape(view.title), title_style),
        Paragraph(_escape(f"村：{view.village}（{view.village_code}）　乡镇代码：{view.township_code}"), body),
        Paragraph(_escape(f"公示月份：{view.month}"), body),
        Paragraph("一、本月缴费人员", heading),
        _table(font, CONTRIBUTOR_COLUMNS, _CONTRIBUTOR_WIDTHS_MM, view.contributors, view.contributor_totals, 5),
        Paragraph("二、本月领取待遇人员", heading),
        _table(font, RECIPIENT_COLUMNS, _RECIPIENT_WIDTHS_MM, view.recipients, view.recipient_totals, 3),
        Spacer(1, 6 * mm),
        Paragraph(_escape(f"本月缴费合计：{view.contributed}元　本月发放待遇合计：{view.paid}元"), body),
        Paragraph(_escape(_posting_sentence(view)), body),
        Paragraph(_escape(f"如有异议，请在公示期内联系：{view.dispute_contact}"), body),
        Paragraph(_escape(f"生成时间：{view.generated_at}"), body),
    ]
    document.build(story, canvasmaker=_numbered(font, view.title))
    return buffer.getvalue()


def _numbered(font: str, title: str) -> type[Canvas]:
    """A canvas that writes "第N页，共M页" under every page: it keeps each page until it knows how many there are."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            # Keep the page and start the next, without writing this one yet (reportlab's own recipe).
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # not in the stubs

        def save(self) -> None:
            for page in self._pages:
                self.__dict__.update(page)
                self.setFont(font, 9)
                self.drawCentredString(
                    A4[0] / 2, 10 * mm, f"{title}　第{self.getPageNumber()}页，共{len(self._pages)}页"
                )
                super().showPage()
            super().save()

    return NumberedCanvas


def _posting_sentence(view: NoticeView) -> str:
    if not view.posted_from:
        return f"公示期：{view.posted_days}天。"
    return f"公示期：{view.posted_days}天，自{view.posted_from}至{view.posted_until}。"


def _table(
    font: str,
    columns: tuple[str, ...],
    widths_mm: tuple[int, ...],
    rows: Sequence[tuple[str, ...]],
    totals: tuple[str, ...],
    numeric_from: int,
) -> Table:
    data: list[list[str]] = [list(columns)]
    data += [list(row) for row in rows] or [["本月无", *[""] * (len(columns) - 1)]]
    data.append(list(totals))
    table = Table(data, colWidths=[width * mm for width in widths_mm], repeatRows=1, hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8.5),
                ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
                ("BACKGROUND", (0, 0), (-1, 0), _HEADER),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, -1), (-1, -1), _HEADER),
            ]
        )
    )
    return table


def _escape(text: str) -> str:
    """Paragraph text is reportlab's mini-markup: the service's texts are escaped as in HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
