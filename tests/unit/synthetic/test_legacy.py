"""The synthetic county as the legacy export that enrolment's migration import reads: layout, rows, subsidies."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from pension_contracts.migration_files import RESIDENT_FILE_COLUMNS
from pension_kit.policy import demo_policy
from pension_synthetic import ResidentRecord, generate_county, iter_residents
from pension_synthetic.legacy import LEGACY_COLUMNS, legacy_rows, write_legacy_csv

REFERENCE = date(2026, 1, 1)
POLICY = demo_policy("411731", datetime(2011, 7, 1, tzinfo=UTC))


@pytest.fixture(scope="module")
def residents() -> list[ResidentRecord]:
    county = generate_county(5, 1_000, REFERENCE)
    return list(iter_residents(county, 5, 1_000, REFERENCE))


def test_the_columns_are_the_migration_imports() -> None:
    assert LEGACY_COLUMNS == RESIDENT_FILE_COLUMNS


def test_one_row_per_contribution_and_one_for_a_resident_without(residents: list[ResidentRecord]) -> None:
    without = next(r for r in residents if not r.contributions)
    (row,) = legacy_rows(without, POLICY)
    assert row[:4] == [without.citizen_id, without.name, without.village_code, without.mobile]
    assert row[11:] == [""] * 11
    many = next(r for r in residents if len(r.contributions) >= 10)
    rows = list(legacy_rows(many, POLICY))
    assert len(rows) == len(many.contributions)
    assert {tuple(row[:11]) for row in rows} == {tuple(rows[0][:11])}  # the resident's columns repeat as they are
    assert [int(row[11]) for row in rows] == [c.year for c in many.contributions]


def test_subsidies_are_the_grades_and_none_on_arrears(residents: list[ResidentRecord]) -> None:
    seen = set()
    for resident in (r for r in residents if r.contributions):
        for row, contribution in zip(legacy_rows(resident, POLICY), resident.contributions, strict=True):
            record = dict(zip(LEGACY_COLUMNS, row, strict=True))
            expected = 0 if contribution.kind == "arrears" else POLICY.grade(contribution.grade_fen).subsidy_fen
            assert int(record["subsidy_fen"]) == expected
            assert record["channel"] == contribution.channel
            assert (record["receipt_number"] != "") == (contribution.channel == "cash")
            seen.add(contribution.kind)
    assert seen == {"personal", "arrears", "paid_on_behalf"}


def test_the_file_reads_back_as_written(residents: list[ResidentRecord]) -> None:
    out = io.StringIO(newline="")
    summary = write_legacy_csv(out, residents[:200], POLICY)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == LEGACY_COLUMNS
    assert summary.residents == 200
    assert summary.contributions == sum(len(r.contributions) for r in residents[:200])
    assert summary.rows == len(rows) - 1
    groups = [row[10] for row in rows[1:] if row[10]]
    assert groups and all(len(group.split(";")[0].split("|")) == 4 for group in groups)
