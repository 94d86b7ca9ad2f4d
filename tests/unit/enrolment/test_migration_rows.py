"""Row validation of the migration import: every bad row is reported with its line number, column and stable reason."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from pension_contracts.migration_files import RESIDENT_COLUMNS, RESIDENT_FILE_COLUMNS
from pension_enrolment.adapters.migration_files import ImportFileError, group_residents, read_rows
from pension_enrolment.domain.contributions import ContributionKind
from pension_enrolment.domain.migration import LegacyResident, ResidentRows, RowProblem, RowValidator
from pension_kit.identifiers import citizen_id_check_character, luhn_check_digit, make_citizen_id
from pension_kit.policy import demo_policy

REGION = "411723"
VILLAGE = "411723101201"
TODAY = date(2026, 11, 24)
BIRTH = date(1970, 5, 17)
CITIZEN_ID = make_citizen_id(REGION, BIRTH, 101)
CARD = "622848000000000000" + luhn_check_digit("622848000000000000")
BAD_CARD = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)  # one digit off: fails the Luhn check


def resident(**overrides: Any) -> dict[str, Any]:
    row = {
        "citizen_id_number": CITIZEN_ID,
        "name": "王建国",
        "village_code": VILLAGE,
        "mobile": "13800001111",
        "bank_code": "ABC",
        "bank_name": "中国农业银行",
        "bank_card_number": CARD,
        "enrolled_on": "2011-09-01",
        "enrolled_by_agent_id": "AG411723101201",
        "photo_ref": "photos/1.jpg",
        "special_groups": "",
    }
    row.update(overrides)
    return row


def contribution(year: int = 2015, **overrides: Any) -> dict[str, Any]:
    row = {
        "year": year,
        "kind": "personal",
        "channel": "cash",
        "grade_fen": 20000,
        "personal_fen": 20000,
        "subsidy_fen": 4000,
        "paid_on_behalf_fen": 0,
        "collective_fen": 0,
        "paid_on": f"{year}-04-10",
        "receipt_number": f"{VILLAGE}-{year}-00001",
        "collected_by_agent_id": "AG411723101201",
    }
    row.update(overrides)
    return row


def csv_text(*rows: dict[str, Any], columns: tuple[str, ...] = RESIDENT_FILE_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def groups(text: str) -> Iterator[ResidentRows]:
    return group_residents(read_rows(io.StringIO(text, newline=""), RESIDENT_FILE_COLUMNS))


def validate(*rows: dict[str, Any]) -> tuple[LegacyResident | None, list[RowProblem]]:
    validator = RowValidator(
        pooling_region=REGION, policy_versions=[demo_policy(REGION, datetime(2011, 1, 1, tzinfo=UTC))], today=TODAY
    )
    (only,) = list(groups(csv_text(*rows)))
    return validator.validate(only)


def reasons(problems: list[RowProblem]) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.reason) for p in problems]


def test_a_valid_resident_with_contributions_is_ready_to_import_oldest_contribution_first() -> None:
    legacy, problems = validate(
        resident() | contribution(2016),
        resident() | contribution(2015),
        resident()
        | contribution(2017, kind="paid_on_behalf", channel="county_batch", personal_fen=0, paid_on_behalf_fen=20000)
        | {"receipt_number": "", "collected_by_agent_id": ""},
    )
    assert problems == []
    assert legacy is not None and legacy.first_line == 2
    assert legacy.enrolment.citizen.number == CITIZEN_ID
    assert [(c.year, c.kind, c.line) for c in legacy.contributions] == [
        (2015, ContributionKind.OWN, 3),
        (2016, ContributionKind.OWN, 2),
        (2017, ContributionKind.PAID_ON_BEHALF, 4),
    ]
    assert legacy.contributions[0].subsidy_fen == 4000  # the legacy amount, as recorded


def test_a_resident_without_contributions_is_one_row_with_empty_contribution_columns() -> None:
    legacy, problems = validate(resident())
    assert problems == [] and legacy is not None and legacy.contributions == ()


def february_31(region: str) -> str:
    first17 = f"{region}19700231101"
    return first17 + citizen_id_check_character(first17)


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"citizen_id_number": CITIZEN_ID[:17] + ("0" if CITIZEN_ID[17] != "0" else "1")}, "citizen_id_number",
         "CITIZEN_ID_CHECK_CHARACTER"),
        ({"citizen_id_number": february_31(REGION)}, "citizen_id_number", "CITIZEN_ID_BIRTH_DATE_INVALID"),
        ({"citizen_id_number": CITIZEN_ID[:17]}, "citizen_id_number", "CITIZEN_ID_LENGTH"),
        ({"citizen_id_number": make_citizen_id(REGION, date(2027, 1, 1), 101)}, "citizen_id_number",
         "CITIZEN_ID_BIRTH_DATE_FUTURE"),
        ({"citizen_id_number": make_citizen_id(REGION, date(2000, 1, 1), 101), "enrolled_on": "2015-12-31"},
         "citizen_id_number", "AGE_BELOW_MINIMUM"),
        ({"name": "Wang"}, "name", "NAME_CHARACTERS"),
        ({"village_code": "411723101000"}, "village_code", "DIVISION_CODE_NOT_VILLAGE"),
        ({"village_code": "410122101201"}, "village_code", "VILLAGE_OUTSIDE_POOLING_REGION"),
        ({"mobile": "12800001111"}, "mobile", "MOBILE_FORMAT"),
        ({"bank_card_number": BAD_CARD}, "bank_card_number", "BANK_CARD_CHECKSUM"),
        ({"bank_code": ""}, "bank_code", "BANK_CODE_REQUIRED"),
        ({"enrolled_by_agent_id": ""}, "enrolled_by_agent_id", "AGENT_REQUIRED"),
        ({"enrolled_on": "2015/03/01"}, "enrolled_on", "DATE_FORMAT"),
        ({"enrolled_on": "2027-01-01"}, "enrolled_on", "ENROLMENT_DATE_FUTURE"),
        ({"special_groups": "minimum_living_allowance|DB-1|2015-01-01"}, "special_groups", "SPECIAL_GROUP_FORMAT"),
        ({"special_groups": "veteran|V-1|2015-01-01|"}, "special_groups", "SPECIAL_GROUP_UNKNOWN"),
        ({"special_groups": "severe_disability||2015-01-01|"}, "special_groups", "SPECIAL_GROUP_EVIDENCE_REQUIRED"),
        ({"special_groups": "severe_disability|CJ-1|2015-01-01|2014-01-01"}, "special_groups", "SPECIAL_GROUP_DATES"),
    ],
)  # fmt: skip
def test_a_bad_resident_field_is_reported_on_the_resident_row_and_nothing_is_imported(
    overrides: dict[str, Any], field: str, reason: str
) -> None:
    legacy, problems = validate(resident(**overrides) | contribution(2015))
    assert legacy is None
    assert reasons(problems) == [(2, field, reason)]
    assert all(problem.message for problem in problems)


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"year": "15"}, "year", "CONTRIBUTION_YEAR_FORMAT"),
        ({"kind": "voluntary"}, "kind", "CONTRIBUTION_KIND_UNKNOWN"),
        ({"channel": "cheque"}, "channel", "CONTRIBUTION_CHANNEL_UNKNOWN"),
        ({"personal_fen": "200.00"}, "personal_fen", "AMOUNT_FORMAT"),
        ({"subsidy_fen": "-4000"}, "subsidy_fen", "AMOUNT_FORMAT"),
        ({"paid_on": "2015-02-30"}, "paid_on", "DATE_FORMAT"),
        ({"year": 2026, "paid_on": "2026-12-01"}, "paid_on", "DATE_FUTURE"),
        ({"year": 2010, "paid_on": "2010-04-10"}, "paid_on", "POLICY_NOT_IN_FORCE"),
        ({"year": 2010, "kind": "arrears", "subsidy_fen": 0}, "year", "CONTRIBUTION_YEAR_BEFORE_SCHEME"),
        ({"year": 2020, "paid_on": "2019-12-10"}, "paid_on", "CONTRIBUTION_PAID_BEFORE_YEAR"),
        ({"paid_on": "2016-01-10"}, "year", "CONTRIBUTION_YEAR_NOT_CURRENT"),
        ({"receipt_number": ""}, "receipt_number", "RECEIPT_REQUIRED"),
        ({"collected_by_agent_id": ""}, "collected_by_agent_id", "AGENT_REQUIRED"),
        ({"kind": "paid_on_behalf", "personal_fen": 0, "paid_on_behalf_fen": 20000}, "channel", "CHANNEL_NOT_ALLOWED"),
        ({"channel": "county_batch"}, "channel", "CHANNEL_NOT_ALLOWED"),
        ({"personal_fen": 0}, "personal_fen", "AMOUNT_NOT_POSITIVE"),
        ({"kind": "arrears", "paid_on": "2016-03-01"}, "subsidy_fen", "ARREARS_WITH_SUBSIDY"),
        ({"year": 2011, "paid_on": "2011-08-01"}, "paid_on", "CONTRIBUTION_BEFORE_ENROLMENT"),
    ],
)  # fmt: skip
def test_a_bad_contribution_row_is_reported_with_its_line_column_and_reason(
    overrides: dict[str, Any], field: str, reason: str
) -> None:
    legacy, problems = validate(resident() | contribution(2014), resident() | contribution(2015) | overrides)
    assert legacy is None
    assert reasons(problems) == [(3, field, reason)]


def test_contribution_years_follow_the_residents_age() -> None:
    young = make_citizen_id(REGION, date(1998, 6, 1), 101)  # turns 16 in 2014
    legacy, problems = validate(
        resident(citizen_id_number=young, enrolled_on="2014-07-01")
        | contribution(2013, kind="arrears", subsidy_fen=0, paid_on="2015-03-01"),
        resident(citizen_id_number=young, enrolled_on="2014-07-01") | contribution(2014, paid_on="2014-08-01"),
    )
    assert legacy is None and reasons(problems) == [(2, "year", "CONTRIBUTION_YEAR_BEFORE_FIRST")]
    old = make_citizen_id(REGION, date(1955, 3, 1), 101)  # 60 on 1 March 2015: 2015 is the last year
    legacy, problems = validate(
        resident(citizen_id_number=old) | contribution(2015, paid_on="2015-02-01"),
        resident(citizen_id_number=old) | contribution(2016, kind="arrears", subsidy_fen=0, paid_on="2016-02-01"),
    )
    assert legacy is None and reasons(problems) == [(3, "year", "CONTRIBUTION_YEAR_AFTER_LAST")]


def test_two_own_contributions_for_one_year_are_refused_on_the_second_row() -> None:
    legacy, problems = validate(
        resident() | contribution(2015),
        resident() | contribution(2016),
        resident() | contribution(2015, receipt_number="R-2"),
        resident() | contribution(2015, kind="arrears", subsidy_fen=0, paid_on="2017-05-01"),
    )
    assert legacy is None
    assert reasons(problems) == [
        (4, "year", "CONTRIBUTION_YEAR_ALREADY_PAID"),
        (5, "year", "CONTRIBUTION_YEAR_ALREADY_PAID"),
    ]
    assert "line 2" in problems[0].message


def test_a_paid_on_behalf_contribution_and_an_own_one_may_share_a_year() -> None:
    legacy, problems = validate(
        resident() | contribution(2015),
        resident()
        | contribution(2015, kind="paid_on_behalf", channel="county_batch", personal_fen=0, paid_on_behalf_fen=20000),
    )
    assert problems == [] and legacy is not None and len(legacy.contributions) == 2


def test_every_bad_row_of_a_resident_is_reported_not_only_the_first() -> None:
    legacy, problems = validate(
        resident(bank_card_number=BAD_CARD) | contribution(2015, kind="unknown"),
        resident(bank_card_number=BAD_CARD) | contribution(2016),
        resident(bank_card_number=BAD_CARD) | contribution(2017, personal_fen="x", paid_on="2017-13-01"),
    )
    assert legacy is None
    assert reasons(problems) == [
        (2, "bank_card_number", "BANK_CARD_CHECKSUM"),
        (2, "kind", "CONTRIBUTION_KIND_UNKNOWN"),
        (4, "personal_fen", "AMOUNT_FORMAT"),
        (4, "paid_on", "DATE_FORMAT"),
    ]


def test_resident_columns_that_differ_between_a_residents_rows_are_reported() -> None:
    legacy, problems = validate(
        resident() | contribution(2015), resident(mobile="13900002222", name="王建军") | contribution(2016)
    )
    assert legacy is None
    assert reasons(problems) == [(3, "name", "RESIDENT_FIELDS_DIFFER"), (3, "mobile", "RESIDENT_FIELDS_DIFFER")]


def test_consecutive_rows_of_one_citizen_id_number_are_one_resident() -> None:
    other = make_citizen_id(REGION, date(1980, 1, 2), 102)
    text = csv_text(
        resident() | contribution(2015),
        resident() | contribution(2016),
        resident(citizen_id_number=other.lower()) | contribution(2015),
        resident(citizen_id_number=other) | contribution(2016),
    )
    assert [[line for line, _ in group.rows] for group in groups(text)] == [[2, 3], [4, 5]]


def test_line_numbers_count_physical_lines_when_a_quoted_value_spans_lines() -> None:
    text = csv_text(resident(photo_ref="first\nsecond") | contribution(2015), resident() | contribution(2016))
    (group,) = list(groups(text))
    assert [line for line, _ in group.rows] == [2, 4]


def test_columns_are_found_by_name_in_any_order_and_extra_columns_are_ignored() -> None:
    columns = ("legacy_person_no", *reversed(RESIDENT_FILE_COLUMNS))
    text = csv_text(resident(legacy_person_no="P-1") | contribution(2015), columns=columns)
    (group,) = list(groups(text))
    assert group.rows[0][1][: len(RESIDENT_COLUMNS)] == [str(resident()[c]) for c in RESIDENT_COLUMNS]


def test_a_file_without_a_needed_column_is_refused_as_a_whole() -> None:
    text = csv_text(resident(), columns=tuple(c for c in RESIDENT_FILE_COLUMNS if c != "paid_on"))
    with pytest.raises(ImportFileError) as refused:
        list(groups(text))
    assert (refused.value.problem.line, refused.value.problem.field, refused.value.problem.reason) == (
        1,
        "paid_on",
        "COLUMN_MISSING",
    )
    with pytest.raises(ImportFileError) as empty:
        list(groups(""))
    assert empty.value.problem.reason == "HEADER_MISSING"
