"""The disclosure (信息披露) of a region for a month or a year, as a Chinese page with charts drawn by pygal.

The charts are inline SVG with their text kept as text (so the reader's Chinese fonts draw it) and without
pygal's tooltip script, which it would load from outside. Every figure printed on the page, in the tables and on
the bars, is the int fen of the contract written by pension_kit.money.format_yuan; the charts' geometry is
pygal's own business.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import pygal
from pygal.style import Style

from pension.supervision.v1 import supervision_pb2
from pension_gateway.pages import labels
from pension_gateway.pages.html import render
from pension_kit.clock import CHINA
from pension_kit.money import FEN_PER_YUAN, format_yuan

# An axis in fen would have ticks like 200,000,000.00: the axes count in 万元 (ten thousand yuan).
FEN_PER_WAN_YUAN: Final = 10_000 * FEN_PER_YUAN
DISCLOSURE_HEADING: Final = "城乡居民基本养老保险基金信息披露"
_FONTS: Final = "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', sans-serif"
_STYLE: Final = Style(
    background="white",
    plot_background="white",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#999",
    font_family=_FONTS,
    title_font_family=_FONTS,
    label_font_family=_FONTS,
    legend_font_family=_FONTS,
    value_font_family=_FONTS,
    value_label_font_family=_FONTS,
    title_font_size=18,
    label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    value_label_font_size=12,
    colors=("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#455a64"),
)


@dataclass(frozen=True)
class FigureRow:
    label: str
    amount: str


@dataclass(frozen=True)
class DisclosureView:
    title: str
    region: str
    period: str
    people: list[tuple[str, str]]
    income: list[FigureRow]
    income_total: str
    expenditure: list[FigureRow]
    expenditure_total: str
    balances: list[FigureRow]
    balance_total: str
    computed_at: str


def disclosure_view(disclosure: supervision_pb2.Disclosure) -> DisclosureView:
    period = labels.period_zh(disclosure.year, disclosure.month)
    computed = disclosure.computed_at.ToDatetime(tzinfo=CHINA) if disclosure.HasField("computed_at") else None
    return DisclosureView(
        title=f"{disclosure.pooling_region_code}统筹区{period}{DISCLOSURE_HEADING}",
        region=disclosure.pooling_region_code,
        period=period,
        people=[
            ("参保人数", f"{disclosure.enrolled:,}"),
            ("缴费人数", f"{disclosure.contributing:,}"),
            ("领取待遇人数", f"{disclosure.receiving:,}"),
        ],
        income=[
            FigureRow(labels.label(labels.INCOME_SOURCES, f.source), format_yuan(f.amount_fen))
            for f in disclosure.income
        ],
        income_total=format_yuan(sum(f.amount_fen for f in disclosure.income)),
        expenditure=[
            FigureRow(labels.label(labels.EXPENDITURE_KINDS, f.kind), format_yuan(f.amount_fen))
            for f in disclosure.expenditure
        ],
        expenditure_total=format_yuan(sum(f.amount_fen for f in disclosure.expenditure)),
        balances=[
            FigureRow(labels.label(labels.FUNDS, b.fund), format_yuan(b.balance_fen)) for b in disclosure.fund_balances
        ],
        balance_total=format_yuan(sum(b.balance_fen for b in disclosure.fund_balances)),
        computed_at=computed.strftime("%Y-%m-%d %H:%M") if computed else "",
    )


def disclosure_html(disclosure: supervision_pb2.Disclosure) -> str:
    """The disclosure page: head figures, then income, expenditure and balances each as a chart and a table."""
    view = disclosure_view(disclosure)
    charts = {
        "people": _people_chart(disclosure),
        "income": _amounts_chart(
            "基金收入构成（万元）",
            [(labels.label(labels.INCOME_SOURCES, f.source), f.amount_fen) for f in disclosure.income],
        ),
        "expenditure": _amounts_chart(
            "基金支出构成（万元）",
            [(labels.label(labels.EXPENDITURE_KINDS, f.kind), f.amount_fen) for f in disclosure.expenditure],
        ),
        "balances": _amounts_chart(
            "期末基金余额（万元）",
            [(labels.label(labels.FUNDS, b.fund), b.balance_fen) for b in disclosure.fund_balances],
        ),
    }
    return render("disclosure.html.j2", view=view, charts=charts)


def _yuan_label(value: float) -> str:
    """A bar's label in yuan: the value is the int fen given to pygal, so the yuan are exact."""
    return format_yuan(int(value))


def _wan_yuan_tick(value: float) -> str:
    """An axis tick (pygal's own round value, not an amount of the disclosure) in 万元."""
    return f"{int(value) // FEN_PER_WAN_YUAN:,}万"


def _amounts_chart(title: str, figures: Sequence[tuple[str, int]]) -> str:
    """A horizontal bar per figure, its name on the axis and its amount in yuan on the bar."""
    # value_formatter writes the axis; each bar's own formatter writes its amount.
    # No amounts on the bars (a small bar's would cover its name): the table under the chart has them, exact.
    chart = pygal.HorizontalBar(
        _config(title, len(figures)), value_formatter=_wan_yuan_tick, show_legend=False, print_values=False
    )
    chart.x_labels = [label for label, _ in figures]
    chart.add("金额", [{"value": fen, "formatter": _yuan_label} for _, fen in figures])
    return _svg(chart)


def _people_chart(disclosure: supervision_pb2.Disclosure) -> str:
    chart = pygal.Bar(_config("参保、缴费与领取人数（人）", 3), value_formatter=_count, show_legend=False)
    counts: Mapping[str, int] = {
        "参保人数": disclosure.enrolled,
        "缴费人数": disclosure.contributing,
        "领取待遇人数": disclosure.receiving,
    }
    chart.x_labels = list(counts)
    chart.add("人数", list(counts.values()))
    return _svg(chart)


def _count(value: float) -> str:
    return f"{int(value):,}"


def _config(title: str, series: int) -> pygal.Config:
    config = pygal.Config()
    config.title = title
    config.style = _STYLE
    config.width = 760
    config.height = max(280, 110 + 46 * series)
    config.print_values = True
    config.show_y_guides = True
    config.legend_at_bottom = True
    config.legend_at_bottom_columns = 4
    config.truncate_legend = -1
    config.truncate_label = -1
    # pygal sizes the label column for Latin letters; a Chinese character is about twice as wide.
    config.margin_left = 70
    config.no_data_text = "本期无数据"
    # pygal's tooltips are a script from its site: nothing from outside, so no script at all.
    config.js = []
    config.disable_xml_declaration = True
    config.explicit_size = False
    return config


# pygal writes its config for the tooltip script into each chart as an inline script; with no tooltip script
# it does nothing, and the pages' Content-Security-Policy would refuse it anyway.
_SCRIPT: Final = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _svg(chart: pygal.graph.graph.Graph) -> str:
    svg: str = chart.render(is_unicode=True)
    return _SCRIPT.sub("", svg)
