"""Unit tests of the JSON forms of the synthetic population and of its command line."""

from __future__ import annotations

import io
import json
from datetime import date
from itertools import islice
from pathlib import Path

import pytest

from pension_synthetic import County, ResidentRecord, generate_county, iter_residents
from pension_synthetic.__main__ import main
from pension_synthetic.output import county_json_line, read_population, write_population, write_residents

REFERENCE = date(2026, 1, 1)


@pytest.fixture(scope="module")
def county() -> County:
    return generate_county(11, 3_000, REFERENCE)


@pytest.fixture(scope="module")
def residents(county: County) -> list[ResidentRecord]:
    return list(iter_residents(county, 11, 3_000, REFERENCE))


def test_the_fast_json_line_is_the_json_of_the_dict(residents: list[ResidentRecord]) -> None:
    kinds: set[str] = set()
    for resident in residents:
        expected = json.dumps(resident.to_json_dict(), ensure_ascii=False, separators=(",", ":"))
        assert resident.to_json_line() == expected
        kinds.update(contribution.kind for contribution in resident.contributions)
        kinds.update(group.kind for group in resident.special_groups)
        kinds.add("pension" if resident.pension else "no pension")
    assert kinds >= {"personal", "arrears", "paid_on_behalf", "minimum_living_allowance", "pension", "no pension"}


def test_records_round_trip_through_json(county: County, residents: list[ResidentRecord]) -> None:
    assert County.from_json_dict(json.loads(county_json_line(county))) == county
    for resident in residents:
        assert ResidentRecord.from_json_dict(json.loads(resident.to_json_line())) == resident


def test_amounts_are_integers_and_dates_iso_strings(residents: list[ResidentRecord]) -> None:
    data = next(r for r in residents if r.contributions).to_json_dict()
    contribution = data["contributions"][0]
    assert all(isinstance(contribution[key], int) for key in ("grade_fen", "personal_fen", "paid_on_behalf_fen"))
    assert date.fromisoformat(data["birth_date"]) and date.fromisoformat(contribution["paid_on"])


def test_write_and_read_back(county: County, residents: list[ResidentRecord]) -> None:
    out = io.StringIO()
    out.write(county_json_line(county) + "\n")
    summary = write_residents(residents, out)
    assert summary.residents == len(residents)
    assert summary.contributions == sum(len(r.contributions) for r in residents)
    assert summary.pensioners == sum(r.pension is not None for r in residents)
    read_county, read_residents = read_population(io.StringIO(out.getvalue()))
    assert read_county == county
    assert list(read_residents) == residents


def test_workers_write_exactly_what_one_process_writes() -> None:
    county = generate_county(11, 1_000, REFERENCE)
    one, two = io.StringIO(), io.StringIO()
    assert write_population(county, 11, one, workers=1) == write_population(county, 11, two, workers=2)
    assert one.getvalue() == two.getvalue()
    first_lines = one.getvalue().splitlines()[:50]
    assert first_lines == [r.to_json_line() for r in islice(iter_residents(county, 11, 1_000, REFERENCE), 50)]


def test_command_line_writes_the_county_then_the_residents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "population.jsonl"
    assert main(["--seed", "5", "--size", "1000", "--out", str(out), "--workers", "1"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1_001
    assert json.loads(lines[0])["type"] == "county"
    assert json.loads(lines[1])["type"] == "resident"
    report = capsys.readouterr().err
    assert report.count("\n") == 1 and "1,000 residents" in report


def test_command_line_can_write_the_county_elsewhere(tmp_path: Path) -> None:
    out, county_out = tmp_path / "residents.jsonl", tmp_path / "county.json"
    assert main(["--size", "1000", "--out", str(out), "--county-out", str(county_out), "--workers", "1"]) == 0
    assert json.loads(county_out.read_text(encoding="utf-8"))["size"] == 1_000
    county, residents = read_population(out.read_text(encoding="utf-8").splitlines())
    assert county is None
    assert sum(1 for _ in residents) == 1_000


def test_command_line_refuses_a_size_out_of_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--size", "999", "--out", str(tmp_path / "x.jsonl")]) == 2
    assert "1,000 to 10,000,000" in capsys.readouterr().err
