"""Realistic notice and disclosure messages, for the screenshots and for trying the pages by hand.

The names and ID numbers are made up (pension_kit.identifiers.make_citizen_id with valid check characters) and
masked with pension_kit.masking, as the supervision service masks them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2
from pension_kit.identifiers import make_citizen_id
from pension_kit.masking import mask_citizen_id, mask_name
from pension_kit.protoconv import to_timestamp

DEMO_VILLAGE: Final = "411723101201"
DEMO_REGION: Final = "411723"
_SURNAMES: Final = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN: Final = ("建国", "秀英", "桂兰", "志强", "玉兰", "德明", "淑珍", "海涛", "春梅", "国华", "小红", "长生")
# Yearly grades of the county's contribution table, in fen, and the subsidy each earns.
_GRADES: Final = ((20_000, 3_000), (50_000, 6_000), (100_000, 8_000), (200_000, 10_000))


def _person(number: int, birth_year: int) -> tuple[str, str]:
    """A made-up resident's masked name and masked ID number."""
    name = _SURNAMES[number % len(_SURNAMES)] + _GIVEN[(number * 7) % len(_GIVEN)]
    citizen_id = make_citizen_id(DEMO_REGION, date(birth_year, 1 + number % 12, 1 + number % 28), (100 + number) % 1000)
    return mask_name(name), mask_citizen_id(citizen_id)


def demo_notice(contributors: int = 28, recipients: int = 24) -> supervision_pb2.PublicNotice:
    """A village's notice for November 2026, long enough to run over two printed pages."""
    notice = supervision_pb2.PublicNotice(
        village_code=DEMO_VILLAGE,
        village_name="王庄村",
        month=types_pb2.YearMonth(year=2026, month=11),
        generated_at=to_timestamp(datetime(2026, 12, 1, 1, 30, tzinfo=UTC)),
        dispute_contact="汝南县社会保险事业管理局基金监督股 0396-12333（工作日8:30-17:30）",
    )
    for number in range(contributors):
        name, citizen_id = _person(number, 1970 + number % 25)
        grade, subsidy = _GRADES[number % len(_GRADES)]
        kind = types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF if number % 9 == 4 else types_pb2.CONTRIBUTION_KIND_OWN
        paid_on_behalf = grade if kind == types_pb2.CONTRIBUTION_KIND_PAID_ON_BEHALF else 0
        notice.contributors.add(
            name_masked=name,
            citizen_id_masked=citizen_id,
            year=2026,
            kind=kind,
            grade_fen=grade,
            personal_fen=grade - paid_on_behalf,
            subsidy_fen=subsidy,
            paid_on_behalf_fen=paid_on_behalf,
        )
    for number in range(recipients):
        name, citizen_id = _person(100 + number, 1940 + number % 20)
        back_pay = 20_357 if number % 11 == 3 else 0
        notice.recipients.add(
            name_masked=name,
            citizen_id_masked=citizen_id,
            amount_fen=20_357 + (number % 5) * 1_250 + back_pay,
            back_pay_fen=back_pay,
        )
    notice.contributed_fen = sum(c.personal_fen + c.subsidy_fen + c.paid_on_behalf_fen for c in notice.contributors)
    notice.paid_fen = sum(r.amount_fen for r in notice.recipients)
    return notice


def demo_disclosure() -> supervision_pb2.Disclosure:
    """A county's disclosure for November 2026."""
    disclosure = supervision_pb2.Disclosure(
        pooling_region_code=DEMO_REGION,
        year=2026,
        month=11,
        enrolled=412_387,
        contributing=36_912,
        receiving=98_455,
        computed_at=to_timestamp(datetime(2026, 12, 2, 2, 0, tzinfo=UTC)),
    )
    income = (
        (supervision_pb2.INCOME_SOURCE_PERSONAL_CONTRIBUTION, 1_845_600_00),
        (supervision_pb2.INCOME_SOURCE_SUBSIDY, 295_296_00),
        (supervision_pb2.INCOME_SOURCE_COLLECTIVE, 12_400_00),
        (supervision_pb2.INCOME_SOURCE_PAID_ON_BEHALF, 86_200_00),
        (supervision_pb2.INCOME_SOURCE_INTEREST, 41_237_58),
        (supervision_pb2.INCOME_SOURCE_BASIC_PENSION_FINANCING, 1_998_636_50),
        (supervision_pb2.INCOME_SOURCE_RECOVERY, 3_215_40),
    )
    for source, fen in income:
        disclosure.income.add(source=source, amount_fen=fen)
    expenditure = (
        (supervision_pb2.EXPENDITURE_KIND_BASIC_PENSION, 1_998_636_50),
        (supervision_pb2.EXPENDITURE_KIND_LONG_CONTRIBUTION_BONUS, 96_118_00),
        (supervision_pb2.EXPENDITURE_KIND_OLD_AGE_BONUS, 54_320_00),
        (supervision_pb2.EXPENDITURE_KIND_ACCOUNT_PENSION, 412_876_33),
        (supervision_pb2.EXPENDITURE_KIND_INHERITANCE, 18_402_17),
        (supervision_pb2.EXPENDITURE_KIND_TRANSFER_OUT, 7_960_00),
    )
    for kind, fen in expenditure:
        disclosure.expenditure.add(kind=kind, amount_fen=fen)
    disclosure.fund_balances.add(fund=types_pb2.FUND_INDIVIDUAL_ACCOUNT, balance_fen=186_455_210_42)
    disclosure.fund_balances.add(fund=types_pb2.FUND_POOLED, balance_fen=9_876_543_21)
    return disclosure
