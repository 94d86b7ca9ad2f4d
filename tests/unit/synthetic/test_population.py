"""Unit tests of the synthetic population: valid identifiers, realistic shape, determinism, streaming."""

from __future__ import annotations

import collections
import subprocess
import sys
import tracemalloc
from datetime import date
from itertools import islice

import pytest

from pension_kit.identifiers import (
    MIDDLE_DOT,
    age_on,
    luhn_valid,
    parse_citizen_id,
    pooling_region_of,
    validate_bank_card,
    validate_mobile,
    validate_name,
    validate_village_code,
)
from pension_synthetic import (
    SCHEME_START,
    County,
    ResidentRecord,
    Township,
    Village,
    generate_county,
    iter_residents,
)
from pension_synthetic.residents import GRADES_YUAN, award_month_of, required_years, years_after

REFERENCE = date(2026, 1, 1)
SIZE = 6_000


@pytest.fixture(scope="module")
def county() -> County:
    return generate_county(7, SIZE, REFERENCE)


@pytest.fixture(scope="module")
def residents(county: County) -> list[ResidentRecord]:
    return list(iter_residents(county, 7, SIZE, REFERENCE))


def share(count: int, total: int) -> float:
    return count / total


# --- the county ---------------------------------------------------------------------------------------


def test_county_has_15_to_25_townships_of_10_to_30_villages(county: County) -> None:
    assert 15 <= len(county.townships) <= 25
    per_township = collections.Counter(village.township_code for village in county.villages)
    assert set(per_township) == {township.division_code for township in county.townships}
    assert all(10 <= count <= 30 for count in per_township.values())


def test_division_codes_nest_in_the_county(county: County) -> None:
    codes = [village.division_code for village in county.villages]
    assert len(set(codes)) == len(codes)
    for village in county.villages:
        division = validate_village_code(village.division_code)
        assert pooling_region_of(village.division_code) == county.pooling_region
        assert division.township_code == village.township_code
    assert county.division_code == county.pooling_region + "000000"
    for township in county.townships:
        assert township.division_code.startswith(county.pooling_region)
        assert township.division_code.endswith("000") and township.division_code[6:9] != "000"


def test_place_names_are_chinese_and_distinct(county: County) -> None:
    names = [village.name for village in county.villages]
    assert len(set(names)) == len(names)
    assert all(name.endswith(("村", "社区")) for name in names)
    assert all(township.name.endswith(("镇", "乡")) for township in county.townships)


def test_coordinates_lie_in_a_plausible_box(county: County) -> None:
    places: list[Township | Village] = [*county.townships, *county.villages]
    for place in places:
        assert 32_500_000 <= place.latitude_micro <= 33_400_000
        assert 114_100_000 <= place.longitude_micro <= 115_000_000


def test_every_village_has_one_valid_agent(county: County) -> None:
    assert [agent.village_code for agent in county.agents] == [v.division_code for v in county.villages]
    assert len({agent.agent_id for agent in county.agents}) == len(county.agents)
    for agent in county.agents:
        validate_name(agent.name)
        validate_mobile(agent.mobile)


def test_residents_are_shared_among_villages(county: County, residents: list[ResidentRecord]) -> None:
    assert sum(village.resident_count for village in county.villages) == SIZE
    per_village = collections.Counter(resident.village_code for resident in residents)
    assert all(per_village[v.division_code] == v.resident_count for v in county.villages)
    assert [resident.index for resident in residents] == list(range(SIZE))


@pytest.mark.parametrize("size", [999, 10_000_001])
def test_size_is_a_thousand_to_ten_million(size: int) -> None:
    with pytest.raises(ValueError):
        generate_county(1, size, REFERENCE)


def test_the_arguments_must_match_the_county(county: County) -> None:
    with pytest.raises(ValueError):
        iter_residents(county, 7, SIZE + 1, REFERENCE)
    with pytest.raises(ValueError):
        iter_residents(county, 7, SIZE, date(2025, 1, 1))


# --- determinism --------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_records(county: County, residents: list[ResidentRecord]) -> None:
    again = generate_county(7, SIZE, REFERENCE)
    assert again == county
    assert list(islice(iter_residents(again, 7, SIZE, REFERENCE), 500)) == residents[:500]


def test_a_different_seed_gives_different_records(residents: list[ResidentRecord]) -> None:
    other_county = generate_county(8, SIZE, REFERENCE)
    other = list(islice(iter_residents(other_county, 8, SIZE, REFERENCE), 200))
    assert [r.citizen_id for r in other] != [r.citizen_id for r in residents[:200]]
    assert [r.name for r in other] != [r.name for r in residents[:200]]


def test_a_reference_date_of_29_february_keeps_ages_in_range() -> None:
    reference = date(2028, 2, 29)
    county = generate_county(2, 1_000, reference)
    for resident in iter_residents(county, 2, 1_000, reference):
        assert 16 <= age_on(resident.birth_date, reference) <= 105
        parse_citizen_id(resident.citizen_id, today=reference)


def test_another_resident_seed_in_the_same_county_differs(county: County, residents: list[ResidentRecord]) -> None:
    other = list(islice(iter_residents(county, 99, SIZE, REFERENCE), 200))
    assert [r.citizen_id for r in other] != [r.citizen_id for r in residents[:200]]
    assert [r.village_code for r in other] == [r.village_code for r in residents[:200]]


# --- identifiers --------------------------------------------------------------------------------------


def test_citizen_ids_are_valid_unique_and_agree_with_the_record(
    county: County, residents: list[ResidentRecord]
) -> None:
    for resident in residents:
        parsed = parse_citizen_id(resident.citizen_id, today=REFERENCE)
        assert parsed.region_code == county.pooling_region
        assert parsed.birth_date == resident.birth_date
        assert parsed.sex == resident.sex
    assert len({resident.citizen_id for resident in residents}) == SIZE


def test_every_resident_passes_the_validators(residents: list[ResidentRecord]) -> None:
    for resident in residents:
        assert validate_name(resident.name) == resident.name
        assert validate_mobile(resident.mobile) == resident.mobile
        assert validate_bank_card(resident.bank_card) == resident.bank_card
        validate_village_code(resident.village_code)


def test_bank_cards_pass_luhn_are_unique_and_use_the_banks_bin(residents: list[ResidentRecord]) -> None:
    bins = {"103": "622848", "403": "621799", "402": "623059", "105": "621700", "102": "622202", "104": "621661"}
    for resident in residents:
        assert 16 <= len(resident.bank_card) <= 19 and luhn_valid(resident.bank_card)
        assert resident.bank_card.startswith(bins[resident.bank_code])
    assert len({resident.bank_card for resident in residents}) == SIZE
    banks = collections.Counter(resident.bank_code for resident in residents)
    assert share(banks["103"] + banks["403"] + banks["402"], SIZE) > 0.7


def test_some_names_are_of_minority_form(residents: list[ResidentRecord]) -> None:
    minority = [resident.name for resident in residents if MIDDLE_DOT in resident.name]
    assert 0.02 <= share(len(minority), SIZE) <= 0.05
    assert all(len(name.split(MIDDLE_DOT)) == 2 for name in minority)


def test_surnames_are_frequency_weighted(residents: list[ResidentRecord]) -> None:
    surnames = collections.Counter(resident.name[0] for resident in residents if MIDDLE_DOT not in resident.name)
    top = [name for name, _ in surnames.most_common(4)]
    assert set(top) <= {"王", "李", "张", "刘", "陈"}


# --- ages ---------------------------------------------------------------------------------------------


def test_ages_are_16_to_105(residents: list[ResidentRecord]) -> None:
    ages = [age_on(resident.birth_date, REFERENCE) for resident in residents]
    assert min(ages) >= 16 and max(ages) <= 105


def test_the_age_pyramid_is_rural(residents: list[ResidentRecord]) -> None:
    ages = [age_on(resident.birth_date, REFERENCE) for resident in residents]

    def band(low: int, high: int) -> float:
        return share(sum(low <= age <= high for age in ages), SIZE)

    assert 0.40 <= band(45, 70) <= 0.65  # the bulge
    assert band(20, 29) < 0.5 * band(50, 59)  # young adults have left
    assert 0.25 <= band(60, 105) <= 0.45  # pensioners
    assert 0.005 <= band(85, 105) <= 0.06  # a thin tail
    assert band(95, 105) < 0.01


def test_older_residents_are_more_often_women(residents: list[ResidentRecord]) -> None:
    old = [r.sex for r in residents if age_on(r.birth_date, REFERENCE) >= 80]
    young = [r.sex for r in residents if age_on(r.birth_date, REFERENCE) < 60]
    assert share(old.count("F"), len(old)) > share(young.count("F"), len(young))


# --- enrolment, special groups, contributions ---------------------------------------------------------


def test_enrolment_is_after_scheme_start_and_age_16(residents: list[ResidentRecord]) -> None:
    for resident in residents:
        assert resident.enrolled_on >= SCHEME_START
        assert resident.enrolled_on >= years_after(resident.birth_date, 16)
        assert resident.enrolled_on <= REFERENCE


def test_special_groups_have_realistic_shares_and_evidence(residents: list[ResidentRecord]) -> None:
    kinds = collections.Counter(group.kind for resident in residents for group in resident.special_groups)
    assert 0.01 <= share(kinds["severe_disability"], SIZE) <= 0.03
    assert 0.03 <= share(kinds["minimum_living_allowance"], SIZE) <= 0.05
    assert 0.001 <= share(kinds["extreme_poverty"], SIZE) <= 0.012
    for resident in residents:
        for group in resident.special_groups:
            assert group.evidence_ref
            assert group.effective_from <= REFERENCE
            assert group.effective_to is None or group.effective_from < group.effective_to <= REFERENCE


def test_contributions_fall_in_years_aged_16_to_59_since_the_scheme_start(
    residents: list[ResidentRecord],
) -> None:
    for resident in residents:
        years = [contribution.year for contribution in resident.contributions]
        assert years == sorted(set(years)), "one contribution a year, in order"
        for contribution in resident.contributions:
            assert SCHEME_START.year <= contribution.year <= REFERENCE.year
            assert resident.birth_date.year + 16 <= contribution.year <= resident.birth_date.year + 59
            assert contribution.paid_on <= REFERENCE
            assert contribution.paid_on < years_after(resident.birth_date, 60)
            assert contribution.year <= contribution.paid_on.year
            if contribution.kind != "arrears":
                assert contribution.paid_on >= resident.enrolled_on
                assert contribution.year == contribution.paid_on.year


def test_contribution_amounts_are_grades_in_fen(residents: list[ResidentRecord]) -> None:
    grades: collections.Counter[int] = collections.Counter()
    for resident in residents:
        for contribution in resident.contributions:
            assert contribution.grade_fen in {grade * 100 for grade in GRADES_YUAN}
            assert contribution.personal_fen + contribution.paid_on_behalf_fen == contribution.grade_fen
            grades[contribution.grade_fen // 100] += 1
    total = sum(grades.values())
    assert share(grades[200] + grades[300], total) >= 0.55
    assert 0.05 <= share(grades[500], total) <= 0.25
    assert share(sum(grades[g] for g in (1000, 1500, 2000, 3000)), total) <= 0.15


def test_there_are_gaps_but_most_years_are_paid(residents: list[ResidentRecord]) -> None:
    possible = paid = with_gaps = 0
    for resident in residents:
        first, last = resident.enrolled_on.year, min(REFERENCE.year - 1, resident.birth_date.year + 59)
        if last < first:
            continue
        years = {c.year for c in resident.contributions if c.kind != "arrears"}
        possible += last - first + 1
        paid += len(years & set(range(first, last + 1)))
        with_gaps += len(years) < last - first + 1
    assert 0.6 <= share(paid, possible) <= 0.97
    assert with_gaps > 0


def test_channels_name_the_receipt_and_agent_of_cash(county: County, residents: list[ResidentRecord]) -> None:
    agents = {agent.village_code: agent.agent_id for agent in county.agents}
    receipts = set()
    channels: collections.Counter[str] = collections.Counter()
    for resident in residents:
        for contribution in resident.contributions:
            channels[contribution.channel] += 1
            if contribution.channel == "cash":
                assert contribution.agent_id == agents[resident.village_code]
                assert contribution.receipt_no and contribution.receipt_no not in receipts
                receipts.add(contribution.receipt_no)
            else:
                assert contribution.receipt_no is None and contribution.agent_id is None
    assert {"cash", "bank_withholding", "online", "county_batch"} <= set(channels)


def test_special_group_years_are_paid_on_behalf(residents: list[ResidentRecord]) -> None:
    seen = 0
    for resident in residents:
        for contribution in resident.contributions:
            batch_day = date(contribution.year, 6, 30)
            covered = any(group.effective_on(batch_day) for group in resident.special_groups)
            if contribution.paid_on_behalf:
                seen += 1
                assert covered and contribution.paid_on == batch_day
                assert (contribution.grade_fen, contribution.personal_fen) == (20000, 0)
                assert contribution.channel == "county_batch"
            elif covered and resident.enrolled_on <= batch_day:
                pytest.fail(f"{resident.index}: a covered year {contribution.year} was paid personally")
    assert seen > 0


# --- pensioners ---------------------------------------------------------------------------------------


def test_pensioners_are_those_aged_60_with_an_award_and_a_certification(
    residents: list[ResidentRecord],
) -> None:
    overdue = pensioners = 0
    for resident in residents:
        age = age_on(resident.birth_date, REFERENCE)
        assert (resident.pension is not None) == (age >= 60)
        if resident.pension is None:
            continue
        pensioners += 1
        sixtieth = years_after(resident.birth_date, 60)
        year, month = award_month_of(sixtieth)
        assert resident.pension.award_month == f"{year:04d}-{month:02d}"
        assert resident.pension.award_month >= "2011-07"
        assert len(resident.contributions) >= required_years(sixtieth)
        assert resident.pension.last_certified_on <= REFERENCE
        overdue += (REFERENCE - resident.pension.last_certified_on).days > 365
    assert 0.005 <= share(overdue, pensioners) <= 0.10


def test_required_years_shrink_for_those_near_60_at_the_scheme_start() -> None:
    assert required_years(date(2011, 6, 30)) == 0
    assert required_years(date(2012, 6, 30)) == 0
    assert required_years(date(2012, 7, 1)) == 1
    assert required_years(date(2030, 1, 1)) == 15
    assert award_month_of(date(2010, 5, 5)) == (2011, 7)
    assert award_month_of(date(2025, 12, 31)) == (2026, 1)


# --- streaming ----------------------------------------------------------------------------------------


_MAX_RSS_SCRIPT = """
import resource
from collections import deque
from datetime import date
from pension_synthetic import generate_county, iter_residents
size = int({size})
county = generate_county(3, size, date(2026, 1, 1))
deque(iter_residents(county, 3, size, date(2026, 1, 1)), maxlen=0)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _max_rss_kib(size: int) -> int:
    script = _MAX_RSS_SCRIPT.format(size=size)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60)
    return int(done.stdout.strip())


def test_peak_memory_after_20000_residents_is_that_after_2000() -> None:
    small = _max_rss_kib(2_000)
    large = _max_rss_kib(20_000)
    # Keeping the 18,000 extra residents would take tens of megabytes.
    assert large - small < 4_096, (small, large)


def test_the_generator_keeps_nothing_per_resident() -> None:
    # tracemalloc slows allocation about tenfold, so it watches a window of the stream rather than
    # all of it: once the lanes are set up, what the generator holds must not grow.
    county = generate_county(3, 20_000, REFERENCE)
    residents = iter_residents(county, 3, 20_000, REFERENCE)
    tracemalloc.start()
    try:
        collections.deque(islice(residents, 100), maxlen=0)
        held_after_100 = tracemalloc.get_traced_memory()[0]
        collections.deque(islice(residents, 300), maxlen=0)
        held_after_400 = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # Keeping those 300 residents would take most of a megabyte (a resident is a few kilobytes).
    assert held_after_400 - held_after_100 < 50_000, (held_after_100, held_after_400)
