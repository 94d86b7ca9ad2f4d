"""The monthly review lists and the annual check composed from facts: which lines a month holds, per village, and
where each pensioner stands at the year's check."""

from __future__ import annotations

from datetime import date

from pension_kit.identifiers import Month
from pension_supervision.domain.facts import (
    Component,
    ContributionFact,
    ContributionKind,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
    ResidentFact,
)
from pension_supervision.domain.review_lists import (
    CertificationFact,
    CertificationOutcome,
    CheckStatus,
    ListedAward,
    VillageName,
    check_status,
    compose_annual_check,
    compose_monthly_review,
)

JULY = Month(2025, 7)
A, B = "411723101201", "411723102201"
VILLAGES = {A: VillageName(A, "李庄村", "城关镇"), B: VillageName(B, "王庄村", "东岭乡")}


def _resident(resident_id: str, village: str, name: str = "张*明") -> ResidentFact:
    return ResidentFact(resident_id, "411723", village, name, "4117**********123X", date(2015, 1, 1))


def _contribution(n: int, paid_on: date, village: str = A, personal: int = 50_000) -> ContributionFact:
    return ContributionFact(
        contribution_id=f"C{n}",
        resident_id=f"R{n}",
        pooling_region_code="411723",
        village_code=village,
        year=paid_on.year,
        kind=ContributionKind.OWN,
        grade_fen=personal,
        personal_fen=personal,
        subsidy_fen=6_000,
        paid_on_behalf_fen=0,
        collective_fen=1_000,
        paid_on=paid_on,
        channel="CASH",
    )


def _payment(n: int, kind: PaymentKind, outcome: PaymentOutcome = PaymentOutcome.PAID) -> PaymentFact:
    return PaymentFact(
        payment_id=f"P{n}",
        attempt=1,
        resident_id="R9",
        pooling_region_code="411723",
        village_code=B,
        payroll_month=JULY,
        benefit_month=JULY if kind is PaymentKind.REGULAR else Month(2025, 5),
        kind=kind,
        outcome=outcome,
        amount_fen=20_000,
        components={Component.BASIC_PENSION: 15_000, Component.ACCOUNT_PENSION: 5_000},
    )


def test_a_month_lists_its_contributions_not_reversed_by_its_end_and_the_pensioners_paid_by_component() -> None:
    contributions = [
        (_contribution(1, date(2025, 7, 3)), None),
        (_contribution(2, date(2025, 7, 9)), Month(2025, 9)),  # reversed later: July's list still shows it
        (_contribution(3, date(2025, 7, 20)), JULY),  # reversed within July: it did not happen
        (_contribution(4, date(2025, 6, 30)), None),  # June's
    ]
    payments = [
        _payment(1, PaymentKind.REGULAR),
        _payment(2, PaymentKind.BACK_PAY),
        _payment(3, PaymentKind.REGULAR, PaymentOutcome.FAILED),
    ]
    awards = [ListedAward("A1", "R9", "411723", B, "孙*", "4117**********0011", JULY, 17_301)]
    residents = {f"R{n}": _resident(f"R{n}", A) for n in range(1, 5)}
    lists = compose_monthly_review(
        month=JULY,
        villages=VILLAGES,
        contributions=contributions,
        payments=payments,
        awards=awards,
        residents=residents,
    )
    by_village = {v.village.village_code: v for v in lists}
    assert list(by_village) == [A, B]
    home, other = by_village[A], by_village[B]
    assert len(home.contributors) == 2
    assert home.totals.contributed_fen == 2 * 51_000 and home.totals.subsidy_fen == 12_000
    assert {c.channel for c in home.contributors} == {"CASH"}
    [pensioner] = other.pensioners
    assert pensioner.amount_fen == 40_000 and pensioner.back_pay_fen == 20_000
    assert pensioner.components[Component.BASIC_PENSION] == 30_000
    assert pensioner.name_masked == "*"  # supervision never saw the enrolment: the line shows something is missing
    assert other.new_pensioners[0].name_masked == "孙*"  # the award's own masked name
    assert other.totals.new_pensioner_count == 1 and other.totals.new_monthly_fen == 17_301
    assert (home.totals + other.totals).paid_fen == 40_000


def test_an_unmasked_name_or_id_number_is_masked_again() -> None:
    residents = {"R1": ResidentFact("R1", "411723", A, "张三明", "411723195003090101", date(2015, 1, 1))}
    [home, _] = compose_monthly_review(
        month=JULY,
        villages=VILLAGES,
        contributions=[(_contribution(1, date(2025, 7, 3)), None)],
        payments=[],
        awards=[],
        residents=residents,
    )
    [line] = home.contributors
    assert line.name_masked == "张*明" and "*" in line.citizen_id_masked and "19500309" not in line.citizen_id_masked


def _fact(outcome: CertificationOutcome, on: date, resident: str = "R1") -> CertificationFact:
    return CertificationFact(f"{resident}-{outcome}-{on}", resident, "411723", A, outcome, on)


def test_where_a_pensioner_stands_follows_the_last_proof_or_missed_due_date() -> None:
    passed, overdue, failed = CertificationOutcome.PASSED, CertificationOutcome.OVERDUE, CertificationOutcome.FAILED
    assert check_status([]) is CheckStatus.NONE
    assert check_status([_fact(failed, date(2025, 3, 1))]) is CheckStatus.NONE
    assert check_status([_fact(overdue, date(2025, 3, 1)), _fact(passed, date(2025, 4, 1))]) is CheckStatus.CERTIFIED
    assert check_status([_fact(passed, date(2025, 1, 1)), _fact(overdue, date(2025, 12, 1))]) is CheckStatus.OVERDUE


def test_the_annual_check_holds_every_pensioner_of_the_year_in_their_village_now() -> None:
    awards = [
        ListedAward("A1", "R1", "411723", A, "张*明", "4117**********0011", Month(2020, 1), 19_000),
        ListedAward("A2", "R2", "411723", A, "李*", "4117**********0022", Month(2026, 1), 16_000),  # next year's
        ListedAward("A3", "R3", "411723", A, "王*", "4117**********0033", Month(2021, 1), 16_000),  # died 2024
        ListedAward("A4", "R4", "411723", A, "赵*", "4117**********0044", Month(2022, 1), 16_000),  # moved to B
    ]
    residents = {"R4": _resident("R4", B, "赵*")}
    certifications = [
        _fact(CertificationOutcome.PASSED, date(2025, 3, 2)),
        _fact(CertificationOutcome.PASSED, date(2024, 3, 2)),  # last year's: not in the check
    ]
    [home, other] = compose_annual_check(
        year=2025,
        villages=VILLAGES,
        awards=awards,
        certifications=certifications,
        residents=residents,
        ended_on={"R3": date(2024, 6, 1)},
    )
    assert [p.name_masked for p in home.pensioners] == ["张*明"]
    assert home.pensioners[0].status is CheckStatus.CERTIFIED and len(home.pensioners[0].certifications) == 1
    assert [p.name_masked for p in other.pensioners] == ["赵*"] and other.counts.none_count == 1
