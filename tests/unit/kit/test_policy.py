"""Policy as versioned data: the demo values, lookups, validation refusals, and the version in force on a date."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pension.common.v1 import types_pb2
from pension_enrolment.domain.account import AccountEntryKind, LedgerEntry, interest_entry
from pension_enrolment.domain.contributions import ContributionChannel, plan_own_contribution
from pension_kit.errors import DomainError
from pension_kit.policy import (
    BasicPensionPart,
    ContributionGrade,
    GovernmentLevel,
    InterestRate,
    OldAgeBonusBand,
    PaidOnBehalfRule,
    PolicyVersion,
    SpecialGroup,
    SubsidyPart,
    demo_policy,
    in_force,
    pension_age_birthday,
    required_years,
    validate_policy,
    validate_policy_change,
)

REGION = "411723"
SEEDED_AT = datetime(2026, 1, 1, tzinfo=UTC)
DEMO = demo_policy(REGION, SEEDED_AT)


def refusal(error: pytest.ExceptionInfo[DomainError]) -> tuple[str, str]:
    return error.value.reason, error.value.field


# --- the demo values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade_yuan", "subsidy_yuan"),
    [
        (200, 40),
        (300, 40),
        (400, 40),
        (500, 60),
        (600, 60),
        (700, 60),
        (800, 60),
        (900, 60),
        (1000, 80),
        (1500, 100),
        (2000, 100),
        (3000, 100),
    ],
)
def test_subsidy_of_every_demo_grade(grade_yuan: int, subsidy_yuan: int) -> None:
    grade = DEMO.grade(grade_yuan * 100)
    assert (grade.annual_fen, grade.subsidy_fen) == (grade_yuan * 100, subsidy_yuan * 100)
    # The demo's split: the province 30 yuan, the county the rest.
    assert grade.subsidy_by_level() == {
        GovernmentLevel.PROVINCIAL: 3_000,
        GovernmentLevel.COUNTY: subsidy_yuan * 100 - 3_000,
    }


def test_the_demo_offers_exactly_the_twelve_grades() -> None:
    assert [grade.annual_fen // 100 for grade in DEMO.grades] == [
        200,
        300,
        400,
        500,
        600,
        700,
        800,
        900,
        1000,
        1500,
        2000,
        3000,
    ]


@pytest.mark.parametrize("annual_fen", [25_000, 0, -20_000, 20_001, 300_001, 400_000])
def test_an_amount_that_is_not_a_grade_is_refused(annual_fen: int) -> None:
    with pytest.raises(DomainError) as refused:
        DEMO.grade(annual_fen)
    assert refusal(refused) == ("GRADE_NOT_OFFERED", "grade_fen")


def test_a_float_grade_never_matches_a_grade() -> None:
    with pytest.raises(TypeError):
        DEMO.grade(20_000.0)  # type: ignore[arg-type]


def test_lowest_grade() -> None:
    assert (DEMO.lowest_grade.annual_fen, DEMO.lowest_grade.subsidy_fen) == (20_000, 4_000)


@pytest.mark.parametrize(
    "group",
    [SpecialGroup.SEVERE_DISABILITY, SpecialGroup.MINIMUM_LIVING_ALLOWANCE, SpecialGroup.EXTREME_POVERTY],
)
def test_each_special_group_gets_the_lowest_grade_paid_by_the_county_with_its_subsidy(group: SpecialGroup) -> None:
    assert DEMO.paid_on_behalf_rule(group) == PaidOnBehalfRule(group, 20_000, 20_000, with_subsidy=True)
    assert DEMO.paid_on_behalf_rule(int(group)) is not None  # plain proto ints work too


def test_no_rule_for_no_group() -> None:
    assert DEMO.paid_on_behalf_rule(SpecialGroup.UNSPECIFIED) is None


def test_demo_parameters() -> None:
    assert DEMO.effective_from == date(2011, 7, 1)
    assert DEMO.scheme_start_date == date(2011, 7, 1)
    assert (DEMO.pension_age, DEMO.full_contribution_years, DEMO.account_pension_divisor) == (60, 15, 139)
    assert DEMO.basic_pension_parts == (
        BasicPensionPart(GovernmentLevel.CENTRAL, 14_300),
        BasicPensionPart(GovernmentLevel.PROVINCIAL, 2_000),
        BasicPensionPart(GovernmentLevel.COUNTY, 1_000),
    )
    assert DEMO.basic_pension_monthly_fen == 17_300
    assert DEMO.long_contribution_bonus_per_year_fen == 300
    assert (DEMO.certification_period_months, DEMO.certification_notice_days) == (12, 30)
    assert (DEMO.minimum_enrolment_age, DEMO.cash_settlement_days) == (16, 1)
    assert DEMO.pooling_region_code == REGION
    assert DEMO.changed_at == SEEDED_AT
    validate_policy(DEMO)


def test_demo_policy_is_deterministic_so_seeding_twice_stores_one_version() -> None:
    assert demo_policy(REGION, SEEDED_AT) == DEMO
    assert demo_policy("411724", SEEDED_AT).policy_version_id != DEMO.policy_version_id


@pytest.mark.parametrize("year", [2011, 2020, 2035])
def test_demo_interest_rate_is_2_5_percent_every_year(year: int) -> None:
    assert DEMO.interest_rate(year) == 25_000


@pytest.mark.parametrize("year", [2010, 2036])
def test_a_missing_interest_rate_is_refused_not_assumed(year: int) -> None:
    with pytest.raises(DomainError) as refused:
        DEMO.interest_rate(year)
    assert refusal(refused) == ("INTEREST_RATE_MISSING", "year")


@pytest.mark.parametrize(
    ("age", "bonus_fen"),
    [(60, 0), (69, 0), (70, 1_000), (79, 1_000), (80, 2_000), (89, 2_000), (90, 5_000), (105, 5_000)],
)
def test_old_age_bonus_bands(age: int, bonus_fen: int) -> None:
    assert DEMO.old_age_bonus_monthly_fen(age) == bonus_fen


@pytest.mark.parametrize(("years", "bonus_fen"), [(0, 0), (14, 0), (15, 0), (16, 300), (20, 1_500)])
def test_long_contribution_bonus(years: int, bonus_fen: int) -> None:
    assert DEMO.long_contribution_bonus_monthly_fen(years) == bonus_fen


@pytest.mark.parametrize(("balance_fen", "monthly_fen"), [(0, 0), (69, 0), (70, 1), (139, 1), (2_000_000, 14_388)])
def test_account_pension_is_the_balance_over_the_divisor_rounded_half_up(balance_fen: int, monthly_fen: int) -> None:
    assert DEMO.account_pension_monthly_fen(balance_fen) == monthly_fen


def test_enums_mirror_the_proto_enums() -> None:
    assert {f"SPECIAL_GROUP_{member.name}": member.value for member in SpecialGroup} == dict(
        types_pb2.SpecialGroup.items()
    )
    assert {f"GOVERNMENT_LEVEL_{member.name}": member.value for member in GovernmentLevel} == dict(
        types_pb2.GovernmentLevel.items()
    )


# --- validation ---------------------------------------------------------------------------------------


def _grades(*pairs: tuple[int, int]) -> tuple[ContributionGrade, ...]:
    return tuple(ContributionGrade(annual, subsidy) for annual, subsidy in pairs)


@pytest.mark.parametrize(
    ("change", "reason", "field"),
    [
        ({"policy_version_id": " "}, "POLICY_VERSION_ID_REQUIRED", "policy_version_id"),
        ({"pooling_region_code": "41172"}, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        ({"pooling_region_code": "411700"}, "DIVISION_CODE_FORMAT", "pooling_region_code"),
        ({"changed_by": ""}, "CHANGED_BY_REQUIRED", "changed_by"),
        ({"reason": "  "}, "REASON_REQUIRED", "reason"),
        ({"changed_at": datetime(2026, 1, 1)}, "CHANGED_AT_NAIVE", "changed_at"),  # noqa: DTZ001 - the point
        ({"grades": ()}, "GRADES_REQUIRED", "grades"),
        ({"grades": _grades((0, 0))}, "GRADE_NOT_POSITIVE", "grades[0].annual_fen"),
        ({"grades": _grades((20_000, 4_000), (20_000, 4_000))}, "GRADES_NOT_INCREASING", "grades[1].annual_fen"),
        ({"grades": _grades((30_000, 4_000), (20_000, 4_000))}, "GRADES_NOT_INCREASING", "grades[1].annual_fen"),
        ({"grades": _grades((20_000, -1))}, "SUBSIDY_NEGATIVE", "grades[0].subsidy_fen"),
        (
            {"grades": (ContributionGrade(20_000, 4_000, (SubsidyPart(GovernmentLevel.COUNTY, 3_999),)),)},
            "SUBSIDY_PARTS_MISMATCH",
            "grades[0].subsidy_parts",
        ),
        (
            {"grades": (ContributionGrade(20_000, 4_000, (SubsidyPart(GovernmentLevel.COUNTY, 2_000),) * 2),)},
            "SUBSIDY_PART_DUPLICATE",
            "grades[0].subsidy_parts[1].level",
        ),
        (
            {"grades": (ContributionGrade(20_000, 4_000, (SubsidyPart(9, 4_000),)),)},
            "GOVERNMENT_LEVEL_UNKNOWN",
            "grades[0].subsidy_parts[0].level",
        ),
        (
            {"paid_on_behalf_rules": (PaidOnBehalfRule(7, 20_000, 20_000, True),)},
            "SPECIAL_GROUP_UNKNOWN",
            "paid_on_behalf_rules[0].group",
        ),
        (
            {"paid_on_behalf_rules": (PaidOnBehalfRule(1, 20_000, 20_000, True),) * 2},
            "PAID_ON_BEHALF_RULE_DUPLICATE",
            "paid_on_behalf_rules[1].group",
        ),
        (
            {"paid_on_behalf_rules": (PaidOnBehalfRule(1, 25_000, 25_000, True),)},
            "GRADE_NOT_OFFERED",
            "paid_on_behalf_rules[0].grade_fen",
        ),
        (
            {"paid_on_behalf_rules": (PaidOnBehalfRule(1, 20_000, 20_001, True),)},
            "PAID_ON_BEHALF_OUT_OF_RANGE",
            "paid_on_behalf_rules[0].paid_on_behalf_fen",
        ),
        (
            {"paid_on_behalf_rules": (PaidOnBehalfRule(1, 20_000, 0, True),)},
            "PAID_ON_BEHALF_OUT_OF_RANGE",
            "paid_on_behalf_rules[0].paid_on_behalf_fen",
        ),
        ({"pension_age": 49}, "PENSION_AGE_OUT_OF_RANGE", "pension_age"),
        ({"pension_age": 71}, "PENSION_AGE_OUT_OF_RANGE", "pension_age"),
        ({"full_contribution_years": 0}, "FULL_CONTRIBUTION_YEARS_OUT_OF_RANGE", "full_contribution_years"),
        ({"full_contribution_years": 31}, "FULL_CONTRIBUTION_YEARS_OUT_OF_RANGE", "full_contribution_years"),
        ({"minimum_enrolment_age": 60}, "MINIMUM_ENROLMENT_AGE_OUT_OF_RANGE", "minimum_enrolment_age"),
        ({"basic_pension_parts": ()}, "BASIC_PENSION_PARTS_REQUIRED", "basic_pension_parts"),
        (
            {"basic_pension_parts": (BasicPensionPart(0, 100),)},
            "GOVERNMENT_LEVEL_UNKNOWN",
            "basic_pension_parts[0].level",
        ),
        (
            {"basic_pension_parts": (BasicPensionPart(1, 100), BasicPensionPart(1, 200))},
            "BASIC_PENSION_PART_DUPLICATE",
            "basic_pension_parts[1].level",
        ),
        (
            {"basic_pension_parts": (BasicPensionPart(1, -1),)},
            "AMOUNT_NEGATIVE",
            "basic_pension_parts[0].monthly_fen",
        ),
        ({"long_contribution_bonus_per_year_fen": -300}, "AMOUNT_NEGATIVE", "long_contribution_bonus_per_year_fen"),
        (
            {"old_age_bonus_bands": (OldAgeBonusBand(80, 2_000), OldAgeBonusBand(70, 1_000))},
            "OLD_AGE_BONUS_BANDS_NOT_INCREASING",
            "old_age_bonus_bands[1].from_age",
        ),
        (
            {"old_age_bonus_bands": (OldAgeBonusBand(70, -1),)},
            "AMOUNT_NEGATIVE",
            "old_age_bonus_bands[0].monthly_fen",
        ),
        ({"account_pension_divisor": 0}, "DIVISOR_NOT_POSITIVE", "account_pension_divisor"),
        (
            {"interest_rates": (InterestRate(2012, 25_000), InterestRate(2012, 30_000))},
            "INTEREST_RATE_YEARS_NOT_INCREASING",
            "interest_rates[1].year",
        ),
        (
            {"interest_rates": (InterestRate(2012, -1),)},
            "INTEREST_RATE_NEGATIVE",
            "interest_rates[0].rate_ppm",
        ),
        ({"certification_period_months": 0}, "CERTIFICATION_PERIOD_OUT_OF_RANGE", "certification_period_months"),
        ({"certification_notice_days": -1}, "CERTIFICATION_NOTICE_OUT_OF_RANGE", "certification_notice_days"),
        ({"cash_settlement_days": 0}, "CASH_SETTLEMENT_DAYS_OUT_OF_RANGE", "cash_settlement_days"),
        ({"face_data_retention_days": 0}, "FACE_DATA_RETENTION_OUT_OF_RANGE", "face_data_retention_days"),
        (
            {"data_certification_sources": ("HOSPITAL_VISIT", "PHONE_CALL")},
            "DATA_CERTIFICATION_SOURCE_UNKNOWN",
            "data_certification_sources[1]",
        ),
        (
            {"data_certification_sources": ("HOSPITAL_VISIT", "HOSPITAL_VISIT")},
            "DATA_CERTIFICATION_SOURCE_UNKNOWN",
            "data_certification_sources[1]",
        ),
    ],
)
def test_validate_policy_refusals(change: dict[str, object], reason: str, field: str) -> None:
    proposed = replace(DEMO, **change)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as refused:
        validate_policy(proposed)
    assert refusal(refused) == (reason, field)


def test_a_float_amount_in_a_proposed_version_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        validate_policy(replace(DEMO, grades=(ContributionGrade(20_000.0, 4_000),)))  # type: ignore[arg-type]


# --- the version in force on a date ----------------------------------------------------------------------


def _version_2025() -> PolicyVersion:
    """From 2025: the 200-yuan grade's subsidy rises to 50 yuan and the 2024 rate is (wrongly) restated as 3%."""
    grades = (ContributionGrade(20_000, 5_000), *DEMO.grades[1:])
    rates = tuple(InterestRate(r.year, 30_000 if r.year == 2024 else r.rate_ppm) for r in DEMO.interest_rates)
    return replace(
        DEMO,
        policy_version_id=f"{REGION}:2025-01-01",
        effective_from=date(2025, 1, 1),
        grades=grades,
        interest_rates=rates,
        changed_by="officer-1",
        changed_at=datetime(2024, 11, 1, tzinfo=UTC),
        reason="provincial notice 2024-17",
    )


V2025 = _version_2025()


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2011, 7, 1), DEMO),
        (date(2024, 12, 31), DEMO),
        (date(2025, 1, 1), V2025),
        (date(2030, 6, 1), V2025),
    ],
)
def test_in_force_picks_the_latest_version_on_or_before_the_date(on: date, expected: PolicyVersion) -> None:
    assert in_force([DEMO, V2025], on) == expected
    assert in_force([V2025, DEMO], on) == expected  # storage order does not matter


def test_nothing_is_in_force_before_the_first_version() -> None:
    with pytest.raises(DomainError) as refused:
        in_force([DEMO, V2025], date(2011, 6, 30))
    assert refusal(refused) == ("POLICY_NOT_IN_FORCE", "effective_from")
    with pytest.raises(DomainError):
        in_force([], date(2024, 1, 1))


def test_a_correction_with_the_same_date_wins_by_its_later_change() -> None:
    corrected = replace(V2025, policy_version_id="fix", changed_at=datetime(2024, 12, 1, tzinfo=UTC))
    assert in_force([corrected, V2025, DEMO], date(2025, 3, 1)) == corrected


def test_a_change_from_2025_does_not_change_2024s_numbers() -> None:
    versions = [DEMO, V2025]

    def subsidy_paid_on(day: date) -> int:
        record, _ = plan_own_contribution(
            contribution_id=f"c-{day.isoformat()}",
            birth_date=date(1980, 5, 1),
            contributions=[],
            year=day.year,
            grade_fen=20_000,
            channel=ContributionChannel.ONLINE,
            receipt_number="",
            agent_id="",
            paid_on=day,
            policy=in_force(versions, day),
        )
        return record.subsidy_fen

    assert subsidy_paid_on(date(2024, 6, 1)) == 4_000
    assert subsidy_paid_on(date(2025, 6, 1)) == 5_000

    # 2024's interest is computed with the version in force on 31 December 2024, now and on every recomputation.
    ledger = [
        LedgerEntry("c1:personal_contribution", AccountEntryKind.PERSONAL_CONTRIBUTION, 100_000, date(2023, 5, 1), 2023)
    ]
    rate = in_force(versions, date(2024, 12, 31)).interest_rate(2024)
    entry = interest_entry(ledger, 2024, rate, "r1")
    assert entry is not None
    assert entry.amount_fen == 2_500


def test_the_first_version_of_a_region_may_start_in_the_past() -> None:
    validate_policy_change([], DEMO, today=date(2026, 1, 1))


def test_a_later_version_must_start_after_today() -> None:
    with pytest.raises(DomainError) as refused:
        validate_policy_change([DEMO], V2025, today=date(2025, 1, 1))
    assert refusal(refused) == ("POLICY_EFFECTIVE_DATE_NOT_FUTURE", "effective_from")
    validate_policy_change([DEMO], V2025, today=date(2024, 12, 31))


def test_a_version_id_is_used_once_and_regions_are_not_mixed() -> None:
    with pytest.raises(DomainError) as refused:
        validate_policy_change([DEMO], replace(V2025, policy_version_id=DEMO.policy_version_id), today=date(2024, 1, 1))
    assert refusal(refused) == ("POLICY_VERSION_ID_TAKEN", "policy_version_id")
    with pytest.raises(DomainError) as refused:
        validate_policy_change([DEMO], replace(V2025, pooling_region_code="411724"), today=date(2024, 1, 1))
    assert refusal(refused) == ("POOLING_REGION_MISMATCH", "pooling_region_code")


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        (date(1956, 7, 1), 5),  # 55 at the scheme start, 60 exactly five years later
        (date(1955, 12, 1), 4),  # also 55 at the start, but 60 on 2015-12-01: four whole years
        (date(1952, 6, 30), 0),  # 59 at the start, 60 within a year: no whole year
        (date(1952, 7, 1), 1),
        (date(1951, 7, 1), 0),  # 60 on the start day: already 60, needs nothing
        (date(1951, 6, 30), 0),  # already 60 when the scheme started
        (date(1940, 1, 1), 0),  # long past 60
        (date(1960, 3, 1), 8),
        (date(1960, 9, 1), 9),
        (date(1966, 7, 1), 15),  # exactly 15 whole years
        (date(1980, 1, 1), 15),  # capped at the full years
    ],
)
def test_required_years_count_whole_years_from_the_scheme_start_to_the_pension_age_birthday(
    birth_date: date, expected: int
) -> None:
    assert required_years(birth_date, date(2011, 7, 1), 15, 60) == expected
    policy = demo_policy("411731", datetime(2026, 1, 1, tzinfo=UTC))
    assert policy.required_years(birth_date) == expected


def test_pension_age_is_reached_on_the_birthday_and_from_29_february_on_1_march() -> None:
    assert pension_age_birthday(date(1966, 11, 10), 60) == date(2026, 11, 10)
    assert pension_age_birthday(date(1964, 2, 29), 60) == date(2024, 2, 29)
    assert pension_age_birthday(date(1963, 2, 28), 60) == date(2023, 2, 28)
    assert pension_age_birthday(date(1960, 2, 29), 61) == date(2021, 3, 1)
    assert pension_age_birthday(date(1964, 2, 29), 61) == date(2025, 3, 1)


def test_a_grade_without_parts_is_the_countys_subsidy() -> None:
    assert ContributionGrade(20_000, 4_000).subsidy_by_level() == {GovernmentLevel.COUNTY: 4_000}
