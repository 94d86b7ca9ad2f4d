"""The demo county of `make up`: whole villages, who is imported first, the award months, the import's summary."""

from __future__ import annotations

from datetime import date

import pytest

from pension_deploy.demo import (
    award_months,
    county_policy,
    demo_county,
    demo_residents,
    demo_villages,
    first_month,
    parse_import_output,
    split_by_pension_age,
)
from pension_enrolment.domain.villages import VillageEntry, checked_village
from pension_kit.identifiers import Month
from pension_synthetic import ResidentRecord

MONTH = Month(2026, 12)


@pytest.fixture(scope="module")
def residents() -> list[ResidentRecord]:
    return demo_residents(demo_county(500), 500)


def test_the_demo_takes_whole_villages_from_the_start_of_the_county(residents: list[ResidentRecord]) -> None:
    county = demo_county(500)
    villages = list(dict.fromkeys(r.village_code for r in residents))
    assert villages == [v.division_code for v in county.villages[: len(villages)]]
    counts = {v.division_code: v.resident_count for v in county.villages}
    assert len(residents) == sum(counts[v] for v in villages)
    assert len(residents) - counts[villages[-1]] < 500 <= len(residents)


def test_first_months_follow_payouts_rule(residents: list[ResidentRecord]) -> None:
    policy = county_policy("411731")
    for record in residents:
        month = first_month(record, "411731", policy)
        sixtieth = date(record.birth_date.year + 60, record.birth_date.month, 1)
        assert month >= Month.of(sixtieth).next()
        assert month > Month.of(record.enrolled_on)
        if record.pension is not None and record.enrolled_on < sixtieth:
            # The generator's award month is the month after the 60th birthday's, not before the scheme's start.
            assert str(month) == record.pension.award_month or month == Month(2011, 8)


def test_those_payable_by_next_month_come_first_and_award_months_run_oldest_first(
    residents: list[ResidentRecord],
) -> None:
    policy = county_policy("411731")
    near, younger = split_by_pension_age(residents, "411731", policy, MONTH)
    assert len(near) + len(younger) == len(residents)
    assert all(first_month(r, "411731", policy) <= MONTH.next() for r in near)
    assert all(first_month(r, "411731", policy) > MONTH.next() for r in younger)
    # Everyone 60 or over when the generator's export was taken is imported first.
    assert {r.index for r in residents if r.pension is not None} <= {r.index for r in near}
    months = award_months(near, "411731", policy, MONTH)
    assert months == sorted(set(months)) and months[-1] < MONTH
    assert set(months) == {m for m in (first_month(r, "411731", policy) for r in near) if m < MONTH}


def test_the_import_summary_is_read_and_a_summary_it_does_not_know_is_refused() -> None:
    text = "\n".join(
        [
            "rows read: 1377",
            "residents read: 214",
            "imported: 200 residents, 1160 contributions",
            "already imported earlier (skipped): 14",
            "already enrolled on the platform (not imported): 0",
            "listed in the employees' pension registry (not imported): 0",
            "refused for bad rows: 0 residents, 0 lines, 0 problems",
            "error report: /tmp/x.errors.csv",
        ]
    )
    result = parse_import_output(text)
    assert (result.imported, result.contributions, result.already_imported, result.already_enrolled) == (
        200,
        1160,
        14,
        0,
    )
    assert result.events == 1360
    with pytest.raises(RuntimeError, match="no summary"):
        parse_import_output("imported 200 residents\n")


def test_every_demo_village_goes_to_the_catalogue_with_its_position(residents: list[ResidentRecord]) -> None:
    county = demo_county(500)
    villages = demo_villages(county)
    assert {v.village_code for v in villages} >= {r.village_code for r in residents}
    for village in villages:
        point = village.position
        entry = VillageEntry(
            village.village_code,
            village.name,
            village.township_code,
            village.township_name,
            village.pooling_region_code,
            point.latitude_e6,
            point.longitude_e6,
        )
        assert checked_village(entry, county.pooling_region) == entry  # enrolment takes it as it is
        assert point.latitude_e6 != 0 and point.longitude_e6 != 0 and village.township_name
