"""The public notice: exactly the village's contributions of the month and its pensioners paid in the month's run,
back pay shown apart, totals of what is printed, and no identifier unmasked."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pension_kit.identifiers import Month
from pension_supervision.domain.facts import (
    ContributionFact,
    ContributionKind,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
    ResidentFact,
)
from pension_supervision.domain.notice import UNKNOWN_NAME, compose_notice

VILLAGE = "410122101201"
OTHER_VILLAGE = "410122101202"
JULY = Month(2026, 7)
NOW = datetime(2026, 8, 1, tzinfo=UTC)


def resident(n: int, name: str = "张*明", village: str = VILLAGE) -> ResidentFact:
    return ResidentFact(f"R{n}", "410122", village, name, f"4101**********{n:03d}X", date(2020, 1, 1))


def contribution(n: int, resident_id: str, paid_on: date, village: str = VILLAGE, **amounts: int) -> ContributionFact:
    return ContributionFact(
        contribution_id=f"C{n}",
        resident_id=resident_id,
        pooling_region_code="410122",
        village_code=village,
        year=paid_on.year,
        kind=ContributionKind.OWN,
        grade_fen=amounts.get("grade_fen", 20_000),
        personal_fen=amounts.get("personal_fen", 20_000),
        subsidy_fen=amounts.get("subsidy_fen", 4_000),
        paid_on_behalf_fen=amounts.get("paid_on_behalf_fen", 0),
        collective_fen=0,
        paid_on=paid_on,
    )


def payment(
    n: int,
    resident_id: str,
    amount: int,
    *,
    run: Month = JULY,
    kind: PaymentKind = PaymentKind.REGULAR,
    outcome: PaymentOutcome = PaymentOutcome.PAID,
    village: str = VILLAGE,
) -> PaymentFact:
    return PaymentFact(f"P{n}", 1, resident_id, "410122", village, run, run, kind, outcome, amount)


def test_lists_the_villages_contributions_of_the_month_and_its_pensioners_paid_in_the_months_run() -> None:
    residents = {r.resident_id: r for r in (resident(1), resident(2, "李*"), resident(3, "王*华"))}
    notice = compose_notice(
        village_code=VILLAGE,
        village_name="李庄村",
        month=JULY,
        contributions=[
            contribution(1, "R1", date(2026, 7, 1)),
            contribution(2, "R2", date(2026, 7, 31), personal_fen=10_000, subsidy_fen=3_000),
            contribution(3, "R1", date(2026, 6, 30)),  # June's
            contribution(4, "R3", date(2026, 7, 2), village=OTHER_VILLAGE),
        ],
        payments=[
            payment(1, "R3", 20_000),
            payment(2, "R3", 18_000, kind=PaymentKind.BACK_PAY),
            payment(3, "R2", 20_000, outcome=PaymentOutcome.FAILED),
            payment(4, "R1", 20_000, run=Month(2026, 6)),
            payment(5, "R1", 20_000, village=OTHER_VILLAGE),
        ],
        residents=residents,
        generated_at=NOW,
        dispute_contact="12333",
    )
    assert [(c.name_masked, c.personal_fen, c.subsidy_fen) for c in notice.contributors] == [
        ("张*明", 20_000, 4_000),
        ("李*", 10_000, 3_000),
    ]
    assert [(r.name_masked, r.amount_fen, r.back_pay_fen) for r in notice.recipients] == [("王*华", 38_000, 18_000)]
    assert notice.contributed_fen == 37_000
    assert notice.paid_fen == 38_000
    assert notice.dispute_contact == "12333"


def test_an_identifier_that_arrived_unmasked_is_masked_and_an_unknown_resident_shows_as_such() -> None:
    clear = ResidentFact("R1", "410122", VILLAGE, "张三明", "410122195001011234", date(2020, 1, 1))
    notice = compose_notice(
        village_code=VILLAGE,
        village_name="李庄村",
        month=JULY,
        contributions=[contribution(1, "R1", date(2026, 7, 5))],
        payments=[payment(1, "R9", 20_000)],
        residents={"R1": clear},
        generated_at=NOW,
        dispute_contact="12333",
    )
    shown = [notice.contributors[0].name_masked, notice.contributors[0].citizen_id_masked]
    assert shown[0] != "张三明" and "*" in shown[0]
    assert re.fullmatch(r"4101\*+1234", shown[1])
    assert (notice.recipients[0].name_masked, notice.recipients[0].citizen_id_masked) == (UNKNOWN_NAME, UNKNOWN_NAME)


def test_an_empty_month_is_an_empty_notice_with_zero_totals() -> None:
    notice = compose_notice(
        village_code=VILLAGE,
        village_name="李庄村",
        month=JULY,
        contributions=[],
        payments=[],
        residents={},
        generated_at=NOW,
        dispute_contact="12333",
    )
    assert (notice.contributors, notice.recipients, notice.contributed_fen, notice.paid_fen) == ((), (), 0, 0)
