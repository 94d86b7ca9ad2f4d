"""The migration import applies Enrol's limits: a long text or a personal number in free text refuses the row."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest

from pension_contracts.migration_files import RESIDENT_FILE_COLUMNS
from pension_enrolment.adapters.migration_files import group_residents, read_rows
from pension_enrolment.domain.migration import RowValidator
from pension_kit.identifiers import luhn_check_digit, make_citizen_id
from pension_kit.policy import demo_policy

REGION = "411723"
VILLAGE = "411723101201"
CITIZEN_ID = make_citizen_id(REGION, date(1970, 5, 17), 101)
CARD = "622848000000000000" + luhn_check_digit("622848000000000000")
ROW: dict[str, Any] = {
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
    "year": 2015,
    "kind": "personal",
    "channel": "cash",
    "grade_fen": 20000,
    "personal_fen": 20000,
    "subsidy_fen": 4000,
    "paid_on_behalf_fen": 0,
    "collective_fen": 0,
    "paid_on": "2015-04-10",
    "receipt_number": f"{VILLAGE}-2015-00001",
    "collected_by_agent_id": "AG411723101201",
}


def problems_of(**overrides: Any) -> list[tuple[int, str, str]]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(RESIDENT_FILE_COLUMNS)
    row = ROW | overrides
    writer.writerow([row.get(column, "") for column in RESIDENT_FILE_COLUMNS])
    (only,) = list(group_residents(read_rows(io.StringIO(out.getvalue(), newline=""), RESIDENT_FILE_COLUMNS)))
    validator = RowValidator(
        pooling_region=REGION,
        policy_versions=[demo_policy(REGION, datetime(2011, 1, 1, tzinfo=UTC))],
        today=date(2026, 11, 24),
    )
    legacy, problems = validator.validate(only)
    assert legacy is None if problems else legacy is not None
    return [(p.line, p.field, p.reason) for p in problems]


def test_the_example_row_imports() -> None:
    assert problems_of() == []


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"photo_ref": "p" * 257}, (2, "photo_ref", "FIELD_TOO_LONG")),
        ({"photo_ref": f"photos/{CITIZEN_ID}.jpg"}, (2, "photo_ref", "FREE_TEXT_PERSONAL_NUMBER")),
        ({"bank_name": "农行13912345678"}, (2, "bank_name", "FREE_TEXT_PERSONAL_NUMBER")),
        (
            {"special_groups": f"severe_disability|{CITIZEN_ID}41|2015-01-01|"},
            (2, "special_groups", "FREE_TEXT_PERSONAL_NUMBER"),
        ),
        ({"enrolled_by_agent_id": "a" * 129}, (2, "enrolled_by_agent_id", "FIELD_TOO_LONG")),
        ({"receipt_number": "r" * 41}, (2, "receipt_number", "FIELD_TOO_LONG")),
        ({"collected_by_agent_id": "a" * 129}, (2, "collected_by_agent_id", "FIELD_TOO_LONG")),
    ],
)
def test_a_row_breaking_a_limit_is_refused_naming_its_column(
    overrides: dict[str, Any], problem: tuple[int, str, str]
) -> None:
    assert problems_of(**overrides) == [problem]
