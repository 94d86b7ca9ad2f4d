"""The reports' formats from the contract's messages: yuan from int fen without floats, the workbook's sums, the
data's int64 as numbers, and the masking guard's refusal of an unmasked name."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from pension.common.v1 import types_pb2
from pension.supervision.v1 import review_lists_pb2 as lists
from pension_gateway.api.routes.reports import contract_data
from pension_gateway.pages.guard import UnmaskedPersonalData
from pension_gateway.pages.reports import report_html, report_xlsx, review_list_document
from pension_gateway.pages.spreadsheet import yuan_cell


def _review(name: str = "张*明") -> lists.MonthlyReviewList:
    village = lists.ReviewVillage(
        village_code="411723101201",
        village_name="李庄村",
        township_name="城关镇",
        contributors=[
            lists.ReviewContributor(
                name_masked=name,
                citizen_id_masked="4117**********123X",
                year=2025,
                kind=types_pb2.CONTRIBUTION_KIND_OWN,
                grade_fen=20_012,
                channel=types_pb2.CONTRIBUTION_CHANNEL_BANK_WITHHOLDING,
                paid_on=types_pb2.CalendarDate(year=2025, month=7, day=18),
                amount_fen=amount,
                subsidy_fen=4_001,
            )
            for amount in (20_012, 1, 99_999_999_999)
        ],
    )
    return lists.MonthlyReviewList(
        list_id="RL-411723-202507",
        pooling_region_code="411723",
        month=types_pb2.YearMonth(year=2025, month=7),
        version=1,
        villages=[village],
    )


def test_yuan_in_a_cell_is_exact_from_int_fen() -> None:
    assert yuan_cell(123_456) == Decimal("1234.56") and yuan_cell(-5) == Decimal("-0.05")
    with pytest.raises(TypeError):
        yuan_cell(1.5)  # type: ignore[arg-type]


def test_the_workbook_sums_the_fen_of_its_lines_and_formats_yuan_with_two_decimals() -> None:
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(review_list_document(_review()))))
    sheet = book["缴费人员名单"]
    rows = list(sheet.iter_rows())
    header = [c.value for c in next(row for row in rows if row[0].value == "乡镇")]
    total = next(row for row in rows if row[0].value == "合计")
    amount = total[header.index("缴费金额(元)")]
    assert Decimal(str(amount.value)) * 100 == 20_012 + 1 + 99_999_999_999
    assert amount.number_format == "0.00"
    assert total[header.index("缴费档次(元/年)")].value is None  # a grade's sum means nothing


def test_the_page_prints_yuan_with_two_decimals_and_the_signature_line() -> None:
    html = report_html(review_list_document(_review()))
    assert "200.12" in html and "0.01" in html and "999,999,999.99" in html
    assert "乡镇经办机构审核人：" in html and "第1版" in html


def test_an_unmasked_name_stops_every_format() -> None:
    document = review_list_document(_review(name="张三明"))
    with pytest.raises(UnmaskedPersonalData):
        report_html(document)
    with pytest.raises(UnmaskedPersonalData):
        report_xlsx(document)


def test_the_data_keeps_int64_fen_as_numbers_and_enums_as_names() -> None:
    data = contract_data(_review())
    [contributor, *_] = data["villages"][0]["contributors"]
    assert contributor["amount_fen"] == 20_012 and isinstance(contributor["amount_fen"], int)
    assert contributor["channel"] == "bank_withholding" and contributor["kind"] == "own"
    assert contributor["paid_on"] == "2025-07-18" and data["month"] == "2025-07"
    assert data["published_at"] is None
