"""The monthly reports as officers use them: the review lists (月审), the annual check (年检) and the monthly
statistics, each as a printable Chinese page (A4) and as an `.xlsx` workbook, drawn from one ReportDocument.

A report is built once from the contract's message into sections of tables whose cells are text or int fen; the
page prints fen as yuan by pension_kit.money.format_yuan, the workbook as numbers by spreadsheet.yuan_cell, and
both sum the same int fen. The masking guard checks every name and ID number column and every printed text before
anything leaves the gateway (the data routes too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Protocol

from google.protobuf.timestamp_pb2 import Timestamp

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2, supervision_pb2
from pension_gateway.pages import guard, labels
from pension_gateway.pages.html import render
from pension_gateway.pages.spreadsheet import Cell, Column, Kind, Sheet, column_sums, workbook
from pension_kit.clock import CHINA
from pension_kit.money import format_yuan

TEXT, FEN, COUNT = Kind.TEXT, Kind.FEN, Kind.COUNT
SCHEME: Final = "城乡居民基本养老保险"
SIGNATURE: Final = ("乡镇经办机构审核人：", "审核日期：", "（盖章）")
MASKED_NOTE: Final = "姓名、身份证号已作隐藏处理。"
YUAN_NOTE: Final = "金额单位：元。"


@dataclass(frozen=True)
class Table:
    """One list: `key` names it across sections (one workbook sheet per key), `masked` the columns of names and
    ID numbers (the guard checks them)."""

    key: str
    caption: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]
    empty: str = "本期无"
    masked: Sequence[int] = ()
    numbered: bool = True  # a 序号 column in front, on the page


@dataclass(frozen=True)
class Section:
    """A village (or the region): its tables, and the township's check signature line under them."""

    heading: str
    township: str
    village: str
    village_code: str
    tables: Sequence[Table]
    signature: bool = True


@dataclass(frozen=True)
class ReportDocument:
    name: str  # the page guard's and the files' name: review-list, annual-check, statistics
    title: str
    running_header: str  # printed at the top of every page
    meta: Sequence[tuple[str, str]]
    summary: Sequence[Table]
    sections: Sequence[Section]
    notes: Sequence[str] = field(default_factory=tuple)

    def texts(self) -> list[str]:
        found = [self.title, self.running_header, *(f"{k}{v}" for k, v in self.meta), *self.notes]
        for table in [*self.summary, *(t for s in self.sections for t in s.tables)]:
            found += [str(cell) for row in table.rows for cell in row if isinstance(cell, str)]
        found += [s.heading for s in self.sections]
        return found


def guarded(document: ReportDocument) -> ReportDocument:
    """The document, once no masked column holds an unmasked value and no text holds a personal number."""
    tables = [*document.summary, *(t for s in document.sections for t in s.tables)]
    guard.check_masked_fields(
        document.name,
        [
            (f"{table.key}[{number}].{table.columns[index].heading}", str(row[index]))
            for table in tables
            for number, row in enumerate(table.rows)
            for index in table.masked
        ],
    )
    guard.check_page_text(document.name, "\n".join(document.texts()))
    return document


# --- the two formats -------------------------------------------------------------------------------------------


def _shown(column: Column, value: Cell | None) -> str:
    if value is None:
        return ""
    if column.kind is FEN:
        return format_yuan(int(value))
    return str(value)


@dataclass(frozen=True)
class _PrintedTable:
    caption: str
    headings: Sequence[str]
    numeric: Sequence[bool]
    rows: Sequence[Sequence[str]]
    totals: Sequence[str]
    empty: str


def _printed(table: Table) -> _PrintedTable:
    sums = column_sums(Sheet(table.key, (), table.columns, table.rows))
    totals = [_shown(c, s) for c, s in zip(table.columns, sums, strict=True)]
    rows = [[_shown(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]
    headings = [c.heading for c in table.columns]
    numeric = [c.kind is not TEXT for c in table.columns]
    if table.numbered:
        rows = [[str(n), *row] for n, row in enumerate(rows, start=1)]
        headings, numeric = ["序号", *headings], [True, *numeric]
        totals = ["合计", *totals]
    elif totals:
        totals[0] = totals[0] or "合计"
    return _PrintedTable(table.caption, headings, numeric, rows, totals, table.empty)


def report_html(document: ReportDocument) -> str:
    """The printable page: Chinese, A4, the report's header on every printed page, a table's header row again at
    the top of each page it runs onto, each village from a new page with the township's signature line."""
    guarded(document)
    html = render(
        "report.html.j2",
        document=document,
        summary=[_printed(t) for t in document.summary],
        sections=[(s, [_printed(t) for t in s.tables]) for s in document.sections],
        signature=SIGNATURE,
        running_header=document.running_header.replace('"', "").replace("\\", ""),
    )
    guard.check_page_text(document.name, html)
    return html


def report_xlsx(document: ReportDocument) -> bytes:
    """The workbook: the summary tables on their own sheets, then one sheet per list with every village's lines
    (township, village and its code in front) and the sum row."""
    guarded(document)
    title = [document.title, *(f"{k}{v}" for k, v in document.meta)]
    sheets = [Sheet(t.caption, title, t.columns, t.rows) for t in document.summary]
    keys: dict[str, Table] = {}
    for section in document.sections:
        for table in section.tables:
            keys.setdefault(table.key, table)
    place = (Column("乡镇", width=12), Column("村", width=12), Column("村代码", width=14))
    for key, first in keys.items():
        rows = [
            [section.township, section.village, section.village_code, *row]
            for section in document.sections
            for table in section.tables
            if table.key == key
            for row in table.rows
        ]
        sheets.append(Sheet(first.caption, title, [*place, *first.columns], rows, footer=(MASKED_NOTE,)))
    return workbook(sheets)


# --- the monthly review lists ----------------------------------------------------------------------------------


def _moment(value: Timestamp) -> str:
    if not value.seconds and not value.nanos:
        return ""
    moment: datetime = value.ToDatetime(tzinfo=CHINA)
    return moment.strftime("%Y-%m-%d %H:%M")


def _day(value: types_pb2.CalendarDate) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}" if value.year else ""


def _village_heading(township: str, village: str, code: str) -> str:
    return f"{township}{village}（{code}）" if village else f"村代码{code}"


CONTRIBUTOR_COLUMNS: Final = (
    Column("姓名", width=10),
    Column("身份证号", width=22),
    Column("缴费年度", width=9),
    Column("缴费类型", width=10),
    Column("缴费档次(元/年)", FEN, 13, summed=False),
    Column("缴费渠道", width=12),
    Column("缴费日期", width=12),
    Column("缴费金额(元)", FEN, 12),
    Column("政府补贴(元)", FEN, 12),
)
PENSIONER_COLUMNS: Final = (
    Column("姓名", width=10),
    Column("身份证号", width=22),
    Column("基础养老金(元)", FEN, 13),
    Column("长缴多得加发(元)", FEN, 14),
    Column("高龄加发(元)", FEN, 12),
    Column("个人账户养老金(元)", FEN, 15),
    Column("本月发放合计(元)", FEN, 14),
    Column("其中补发(元)", FEN, 12),
)
NEW_PENSIONER_COLUMNS: Final = (
    Column("姓名", width=10),
    Column("身份证号", width=22),
    Column("待遇起始月份", width=13),
    Column("月养老金(元)", FEN, 12),
)


def _review_tables(village: review_lists_pb2.ReviewVillage) -> list[Table]:
    return [
        Table(
            "contributors",
            "缴费人员名单",
            CONTRIBUTOR_COLUMNS,
            [
                (
                    c.name_masked,
                    c.citizen_id_masked,
                    str(c.year),
                    labels.label(labels.CONTRIBUTION_KINDS, c.kind),
                    c.grade_fen,
                    labels.label(labels.CONTRIBUTION_CHANNELS, c.channel),
                    _day(c.paid_on),
                    c.amount_fen,
                    c.subsidy_fen,
                )
                for c in village.contributors
            ],
            "本月无缴费人员",
            masked=(0, 1),
        ),
        Table(
            "pensioners",
            "享受待遇人员名单",
            PENSIONER_COLUMNS,
            [
                (
                    p.name_masked,
                    p.citizen_id_masked,
                    p.basic_pension_fen,
                    p.long_contribution_bonus_fen,
                    p.old_age_bonus_fen,
                    p.account_pension_fen,
                    p.amount_fen,
                    p.back_pay_fen,
                )
                for p in village.pensioners
            ],
            "本月无待遇发放",
            masked=(0, 1),
        ),
        Table(
            "new_pensioners",
            "新增享受待遇人员名单",
            NEW_PENSIONER_COLUMNS,
            [
                (
                    n.name_masked,
                    n.citizen_id_masked,
                    labels.month_zh(n.first_month.year, n.first_month.month),
                    n.monthly_total_fen,
                )
                for n in village.new_pensioners
            ],
            "本月无新增待遇人员",
            masked=(0, 1),
        ),
    ]


REVIEW_SUMMARY_COLUMNS: Final = (
    Column("乡镇", width=12),
    Column("村", width=12),
    Column("村代码", width=14),
    Column("缴费人次", COUNT, 9),
    Column("缴费金额(元)", FEN, 13),
    Column("政府补贴(元)", FEN, 13),
    Column("领取待遇人数", COUNT, 11),
    Column("发放金额(元)", FEN, 13),
    Column("新增待遇人数", COUNT, 11),
    Column("新增月养老金(元)", FEN, 14),
)


def review_list_document(review: review_lists_pb2.MonthlyReviewList) -> ReportDocument:
    month = labels.month_zh(review.month.year, review.month.month)
    title = f"{SCHEME}{month}月审名单"
    return ReportDocument(
        name="review-list",
        title=title,
        running_header=f"{title}　统筹区{review.pooling_region_code}　第{review.version}版",
        meta=_publication_meta(review, month),
        summary=[
            Table(
                "summary",
                "各村汇总",
                REVIEW_SUMMARY_COLUMNS,
                [
                    (
                        v.township_name,
                        v.village_name,
                        v.village_code,
                        v.totals.contributor_count,
                        v.totals.contributed_fen,
                        v.totals.subsidy_fen,
                        v.totals.pensioner_count,
                        v.totals.paid_fen,
                        v.totals.new_pensioner_count,
                        v.totals.new_monthly_fen,
                    )
                    for v in review.villages
                ],
                "无可查看的村",
                numbered=False,
            )
        ],
        sections=[
            Section(
                _village_heading(v.township_name, v.village_name, v.village_code),
                v.township_name,
                v.village_name,
                v.village_code,
                _review_tables(v),
            )
            for v in review.villages
        ],
        notes=(MASKED_NOTE, YUAN_NOTE, "缴费金额含个人缴费、集体补助和政府代缴，不含政府缴费补贴。"),
    )


class _Published(Protocol):
    """What every published report carries (the contract's three report messages)."""

    @property
    def pooling_region_code(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def published_at(self) -> Timestamp: ...
    @property
    def published_by(self) -> str: ...


def _publication_meta(report: _Published, period: str) -> list[tuple[str, str]]:
    return [
        ("统筹区：", report.pooling_region_code),
        ("所属期：", period),
        ("版本：", f"第{report.version}版"),
        ("上报时间：", _moment(report.published_at)),
        ("上报人：", report.published_by),
    ]


# --- the annual check ------------------------------------------------------------------------------------------

CHECKED_COLUMNS: Final = (
    Column("姓名", width=10),
    Column("身份证号", width=22),
    Column("年检结果", width=12),
    Column("认证次数", COUNT, 9),
    Column("本年认证记录", width=48),
    Column("下次认证截止", width=13),
)
CHECK_SUMMARY_COLUMNS: Final = (
    Column("乡镇", width=12),
    Column("村", width=12),
    Column("村代码", width=14),
    Column("领取待遇人数", COUNT, 11),
    Column("已认证", COUNT, 9),
    Column("逾期未认证", COUNT, 11),
    Column("本年无认证", COUNT, 11),
)


def _certifications(pensioner: review_lists_pb2.CheckedPensioner) -> str:
    return "；".join(
        " ".join(
            part
            for part in (
                _day(c.on),
                labels.label(labels.CERTIFICATION_METHODS, c.method),
                labels.label(labels.CERTIFICATION_OUTCOMES, c.outcome),
                c.failure_code,
            )
            if part
        )
        for c in pensioner.certifications
    )


def annual_check_document(check: review_lists_pb2.AnnualCheck) -> ReportDocument:
    year = f"{check.year}年度"
    title = f"{SCHEME}{year}待遇领取资格年检名单"
    return ReportDocument(
        name="annual-check",
        title=title,
        running_header=f"{title}　统筹区{check.pooling_region_code}　第{check.version}版",
        meta=_publication_meta(check, year),
        summary=[
            Table(
                "summary",
                "各村汇总",
                CHECK_SUMMARY_COLUMNS,
                [
                    (
                        v.township_name,
                        v.village_name,
                        v.village_code,
                        v.counts.pensioner_count,
                        v.counts.certified_count,
                        v.counts.overdue_count,
                        v.counts.none_count,
                    )
                    for v in check.villages
                ],
                "无可查看的村",
                numbered=False,
            )
        ],
        sections=[
            Section(
                _village_heading(v.township_name, v.village_name, v.village_code),
                v.township_name,
                v.village_name,
                v.village_code,
                [
                    Table(
                        "pensioners",
                        "领取待遇人员年检名单",
                        CHECKED_COLUMNS,
                        [
                            (
                                p.name_masked,
                                p.citizen_id_masked,
                                labels.label(labels.ANNUAL_CHECK_STATUSES, p.status),
                                len(p.certifications),
                                _certifications(p),
                                _day(p.next_due_on),
                            )
                            for p in v.pensioners
                        ],
                        "本村无领取待遇人员",
                        masked=(0, 1),
                    )
                ],
            )
            for v in check.villages
        ],
        notes=(MASKED_NOTE, "逾期未认证、本年无认证人员请村协办员督促其尽快完成认证。"),
    )


# --- the monthly statistics ------------------------------------------------------------------------------------

ROW_COLUMNS: Final = (
    Column("代码", width=14),
    Column("名称", width=12),
    Column("期末参保人数", COUNT, 11),
    Column("新增参保", COUNT, 9),
    Column("缴费人数", COUNT, 9),
    Column("个人缴费(元)", FEN, 13),
    Column("政府补贴(元)", FEN, 13),
    Column("政府代缴(元)", FEN, 13),
    Column("集体补助(元)", FEN, 12),
    Column("期初领取人数", COUNT, 11),
    Column("期末领取人数", COUNT, 11),
    Column("新增待遇", COUNT, 9),
    Column("暂停", COUNT, 7),
    Column("恢复", COUNT, 7),
    Column("发放人数", COUNT, 9),
    Column("发放金额(元)", FEN, 13),
)


def _row(row: supervision_pb2.StatisticsRow) -> tuple[Cell, ...]:
    f = row.figures
    return (
        row.code,
        row.name,
        f.enrolled_at_end,
        f.new_enrolments,
        f.contributors,
        f.personal_fen,
        f.subsidy_fen,
        f.paid_on_behalf_fen,
        f.collective_fen,
        f.pensioners_at_start,
        f.pensioners_at_end,
        f.new_awards,
        f.suspensions,
        f.resumptions,
        f.pensioners_paid,
        f.benefit_paid_fen,
    )


def _breakdown(key: str, caption: str, columns: Sequence[Column], lines: Iterable[Sequence[Cell]]) -> Table:
    return Table(key, caption, columns, list(lines), "无", numbered=False)


def _label(table: Mapping[int, str]) -> Callable[[int], str]:
    return lambda value: labels.label(table, value)


def statistics_document(report: supervision_pb2.MonthlyStatistics) -> ReportDocument:
    month = labels.month_zh(report.month.year, report.month.month)
    title = f"{SCHEME}{month}统计月报"
    f = report.region.figures
    level = _label(labels.GOVERNMENT_LEVELS)
    summary = [
        _breakdown("region", "统筹区合计", ROW_COLUMNS, [_row(report.region)]),
        _breakdown("townships", "分乡镇", ROW_COLUMNS, [_row(r) for r in report.townships]),
        _breakdown("villages", "分村", ROW_COLUMNS, [_row(r) for r in report.villages]),
        _breakdown(
            "grades",
            "按缴费档次",
            (
                Column("缴费档次(元/年)", FEN, 13, summed=False),
                Column("缴费人数", COUNT, 9),
                Column("缴费笔数", COUNT, 9),
                Column("个人缴费(元)", FEN, 13),
                Column("政府补贴(元)", FEN, 13),
                Column("政府代缴(元)", FEN, 13),
                Column("集体补助(元)", FEN, 12),
            ),
            [
                (
                    g.grade_fen,
                    g.contributors,
                    g.contributions,
                    g.personal_fen,
                    g.subsidy_fen,
                    g.paid_on_behalf_fen,
                    g.collective_fen,
                )
                for g in f.grades
            ],
        ),
        _breakdown(
            "channels",
            "按缴费渠道",
            (
                Column("缴费渠道", width=14),
                Column("缴费人数", COUNT, 9),
                Column("缴费笔数", COUNT, 9),
                Column("金额(元)", FEN, 13),
            ),
            [
                (labels.label(labels.CONTRIBUTION_CHANNELS, c.channel), c.contributors, c.contributions, c.amount_fen)
                for c in f.channels
            ],
        ),
        _breakdown(
            "special_groups",
            "特殊群体代缴",
            (
                Column("群体", width=14),
                Column("人数", COUNT, 9),
                Column("代缴(元)", FEN, 13),
                Column("补贴(元)", FEN, 13),
            ),
            [
                (labels.label(labels.SPECIAL_GROUPS, g.group), g.residents, g.paid_on_behalf_fen, g.subsidy_fen)
                for g in f.special_groups
            ],
        ),
        _breakdown(
            "government_levels",
            "各级财政应拨付缴费补贴",
            (Column("财政层级", width=12), Column("缴费补贴(元)", FEN, 14), Column("代缴(元)", FEN, 13)),
            [(level(g.level), g.subsidy_fen, g.paid_on_behalf_fen) for g in f.government_levels],
        ),
        _breakdown(
            "components",
            "待遇发放（按项目）",
            (Column("项目", width=16), Column("金额(元)", FEN, 14)),
            [(labels.label(labels.BENEFIT_COMPONENTS, c.component), c.amount_fen) for c in f.paid_by_component],
        ),
        _breakdown(
            "funds",
            "待遇发放（按基金）",
            (Column("基金", width=16), Column("金额(元)", FEN, 14)),
            [(labels.label(labels.FUNDS, c.fund), c.amount_fen) for c in f.paid_by_fund],
        ),
        _breakdown(
            "ends",
            "终止参保",
            (Column("原因", width=18), Column("人数", COUNT, 9)),
            [(labels.label(labels.ENROLMENT_END_CAUSES, e.cause), e.residents) for e in f.enrolment_ends],
        ),
        _breakdown(
            "stops",
            "终止待遇",
            (Column("原因", width=18), Column("人数", COUNT, 9)),
            [(labels.label(labels.BENEFIT_STOP_CAUSES, s.cause), s.pensioners) for s in f.benefit_stops],
        ),
        _breakdown(
            "corrections",
            "本月对以前月份的更正",
            (
                Column("更正月份", width=12),
                Column("村代码", width=14),
                Column("缴费档次(元/年)", FEN, 13, summed=False),
                Column("个人缴费(元)", FEN, 13),
                Column("政府补贴(元)", FEN, 13),
                Column("政府代缴(元)", FEN, 13),
                Column("集体补助(元)", FEN, 12),
            ),
            [
                (
                    labels.month_zh(c.corrected_month.year, c.corrected_month.month),
                    c.village_code,
                    c.grade_fen,
                    c.personal_fen,
                    c.subsidy_fen,
                    c.paid_on_behalf_fen,
                    c.collective_fen,
                )
                for c in report.corrections
            ],
        ),
        _breakdown(
            "cross_checks",
            "核对",
            (
                Column("核对项", width=12),
                Column("报表(元)", FEN, 14),
                Column("来源(元)", FEN, 14),
                Column("来源", width=20),
                Column("结果", width=8),
            ),
            [
                (
                    labels.label(labels.CROSS_CHECK_FIGURES, c.figure),
                    c.report_fen,
                    c.source_fen,
                    c.source,
                    "一致" if c.agrees else "不一致",
                )
                for c in report.cross_checks
            ],
        ),
    ]
    return ReportDocument(
        name="statistics",
        title=title,
        running_header=f"{title}　统筹区{report.pooling_region_code}　第{report.version}版",
        meta=[
            *_publication_meta(report, month),
            ("核对结果：", "全部一致" if report.checks_agree else "存在差异"),
        ],
        summary=summary,
        sections=[],
        notes=(YUAN_NOTE,),
    )
