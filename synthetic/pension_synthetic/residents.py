"""The residents of a synthetic county, streamed one at a time with their contribution histories."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from itertools import accumulate
from operator import attrgetter
from typing import Final

from pension_kit.identifiers import make_citizen_id
from pension_synthetic.contacts import bank_card_number, mobile_number, pick_bank
from pension_synthetic.county import check_size
from pension_synthetic.names import person_name
from pension_synthetic.records import (
    CertificationMethod,
    Channel,
    ContributionKind,
    ContributionRecord,
    County,
    PensionRecord,
    ResidentRecord,
    Sex,
    SpecialGroupKind,
    SpecialGroupRecord,
)

# Policy of the demo region (docs/domain.md); the generator only needs what shapes the histories.
SCHEME_START: Final = date(2011, 7, 1)
PENSION_AGE: Final = 60
FULL_CONTRIBUTION_YEARS: Final = 15
GRADES_YUAN: Final = (200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 3000)
LOWEST_GRADE_FEN: Final = GRADES_YUAN[0] * 100
MIN_AGE: Final = 16
MAX_AGE: Final = 105

# Most choose the lowest grades; about one in ten chooses 1000 yuan or more (per thousand).
_GRADE_WEIGHTS: Final = (440, 250, 40, 130, 20, 10, 20, 5, 50, 15, 12, 8)
_GRADE_FEN: Final = tuple(grade * 100 for grade in GRADES_YUAN)
_GRADE_CUMULATIVE: Final = tuple(accumulate(_GRADE_WEIGHTS))

# A rural age pyramid of enrolled residents: few young adults (students are not enrolled, many
# have migrated to jobs with an employees' pension), a bulge from 45 to 70, a thin tail to 105.
# (lowest age, highest age, weight per thousand, probability of being male)
AGE_BANDS: Final = (
    (16, 19, 20, 0.52), (20, 24, 30, 0.52), (25, 29, 40, 0.52), (30, 34, 55, 0.51),
    (35, 39, 65, 0.51), (40, 44, 70, 0.51), (45, 49, 90, 0.51), (50, 54, 105, 0.51),
    (55, 59, 110, 0.50), (60, 64, 95, 0.49), (65, 69, 85, 0.49), (70, 74, 65, 0.48),
    (75, 79, 45, 0.46), (80, 84, 28, 0.42), (85, 89, 15, 0.38), (90, 94, 6, 0.33),
    (95, 99, 1.5, 0.28), (100, 105, 0.3, 0.25),
)  # fmt: skip
_BAND_CUMULATIVE: Final = tuple(accumulate(band[2] for band in AGE_BANDS))

# Special groups whose lowest-grade contribution the county pays: share of residents, evidence
# prefix, share whose membership has ended by the reference date.
SPECIAL_GROUPS: Final[tuple[tuple[SpecialGroupKind, float, str, float], ...]] = (
    ("extreme_poverty", 0.005, "TK", 0.10),
    ("minimum_living_allowance", 0.04, "DB", 0.35),
    ("severe_disability", 0.02, "CJ", 0.0),
)
_SPECIAL_GROUP_EARLIEST: Final = date(2009, 1, 1).toordinal()
_NO_YEARS: Final[frozenset[int]] = frozenset()

# Villages are generated in LANES independent lanes (village number modulo LANES), each with its own
# random stream and its own share of the sequence numbers, so that lanes can run in parallel processes
# and still give exactly the records of one process. Sequence numbers per birth date and sex: 499
# (male 001-997 odd, female 002-998 even), split into four ranges of 124-125, each handed out in a
# scrambled order (the stride is coprime with 124 and 125, so it visits every slot of a range).
LANES: Final = 4
_SEQUENCE_SLOTS: Final = 499
_LANE_RANGES: Final = tuple(
    (lane * _SEQUENCE_SLOTS // LANES, (lane + 1) * _SEQUENCE_SLOTS // LANES - lane * _SEQUENCE_SLOTS // LANES)
    for lane in range(LANES)
)
_SEQUENCE_STRIDE: Final = 101
OVERDUE_CERTIFICATION_SHARE: Final = 0.04


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February becomes 1 March, as ages count)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _birth_range(reference_date: date, low_age: int, high_age: int) -> tuple[int, int]:
    """Ordinals of the earliest and latest birth dates of people aged low_age..high_age on the date."""
    latest = years_after(reference_date, -low_age)
    if (latest.month, latest.day) != (reference_date.month, reference_date.day):  # 29 February
        latest = date(latest.year, 2, 28)
    earliest = years_after(reference_date, -(high_age + 1))
    if (earliest.month, earliest.day) != (reference_date.month, reference_date.day):
        earliest = date(earliest.year, 2, 28)
    return earliest.toordinal() + 1, latest.toordinal()


def required_years(sixtieth_birthday: date) -> int:
    """Contribution years required for an award: 15, fewer for those near 60 when the scheme began."""
    whole_years = (
        sixtieth_birthday.year
        - SCHEME_START.year
        - ((sixtieth_birthday.month, sixtieth_birthday.day) < (SCHEME_START.month, SCHEME_START.day))
    )
    return max(0, min(FULL_CONTRIBUTION_YEARS, whole_years))


def award_month_of(sixtieth_birthday: date) -> tuple[int, int]:
    """The first month paid: the month after the 60th birthday's month, not before the scheme began."""
    year, month = sixtieth_birthday.year, sixtieth_birthday.month + 1
    if month == 13:
        year, month = year + 1, 1
    return max((year, month), (SCHEME_START.year, SCHEME_START.month))


def iter_residents(county: County, seed: int, size: int, reference_date: date) -> Iterator[ResidentRecord]:
    """Stream `size` residents of `county` village by village; the same arguments give the same records.

    `size` and `reference_date` must be those the county was generated for; `seed` may differ from
    the county's (the county's seed fixes the places, this one the people).
    """
    check_size(size)
    if size != county.size:
        raise ValueError(f"the county was generated for {county.size:,} residents, not {size:,}")
    if reference_date != county.reference_date:
        raise ValueError(f"the county was generated for {county.reference_date}, not {reference_date}")
    if reference_date < SCHEME_START:
        raise ValueError(f"the reference date must not precede the scheme start {SCHEME_START}")
    lanes = [ResidentLane(county, seed, reference_date, lane) for lane in range(LANES)]
    return _interleave(county, lanes)


def _interleave(county: County, lanes: list[ResidentLane]) -> Iterator[ResidentRecord]:
    for number in range(len(county.villages)):
        yield from lanes[number % LANES].residents_of(number)


class ResidentLane:
    """The residents of the villages whose number in the county is `lane` modulo LANES.

    A lane owns its random stream and a quarter of the citizen ID sequence numbers, so the lanes of a
    population can be generated in separate processes. Call `residents_of` for the lane's villages in
    increasing order (the random stream carries on from one village to the next).
    """

    def __init__(self, county: County, seed: int, reference_date: date, lane: int) -> None:
        if not 0 <= lane < LANES:
            raise ValueError(f"lane must be 0-{LANES - 1}, got {lane}")
        self.county = county
        self.lane = lane
        self.reference_date = reference_date
        self._rng = random.Random(f"residents:{seed}:{lane}")
        # Card numbers come from the resident's index through a bijection; the offset is shared by
        # all lanes so that distinct indexes give distinct card numbers.
        self._card_offset = int(random.Random(f"cards:{seed}").random() * 10**12)
        self._village_starts = list(accumulate((village.resident_count for village in county.villages), initial=0))
        self._agents = {agent.village_code: agent.agent_id for agent in county.agents}
        self._min_birth_ord, self._max_birth_ord = _birth_range(reference_date, MIN_AGE, MAX_AGE)
        self._sequence_counters = array("H", bytes(2 * 2 * (self._max_birth_ord - self._min_birth_ord + 1)))
        self._next_village = lane

    def residents_of(self, number: int) -> Iterator[ResidentRecord]:
        """The residents of village `number` (an index into county.villages), in order."""
        if number != self._next_village:
            raise ValueError(f"lane {self.lane} expects village {self._next_village} next, not {number}")
        self._next_village = number + LANES
        return self._generate(number)

    def _generate(self, number: int) -> Iterator[ResidentRecord]:
        # Everything that depends only on the reference date is computed once per village, so the loop
        # below does integer arithmetic and a few random draws per resident; memory stays constant.
        county = self.county
        reference_date = self.reference_date
        rng = self._rng
        random_ = rng.random
        region = county.pooling_region
        ref_ord = reference_date.toordinal()
        ref_year = reference_date.year
        ref_md = (reference_date.month, reference_date.day)
        start_ord = SCHEME_START.toordinal()
        first_year = SCHEME_START.year
        min_birth_ord, max_birth_ord = self._min_birth_ord, self._max_birth_ord
        sequence_base, sequence_slots = _LANE_RANGES[self.lane]
        bands = [(*_birth_range(reference_date, low, high), male) for low, high, _, male in AGE_BANDS]
        band_total = _BAND_CUMULATIVE[-1]
        sequence_counters = self._sequence_counters
        years = range(first_year, ref_year + 1)
        march_first = [date(year, 3, 1).toordinal() for year in years]
        december_20 = [date(year, 12, 20).toordinal() for year in years]
        june_30 = [date(year, 6, 30).toordinal() for year in years]
        online_share = [min(0.4, max(0.0, (year - 2015) * 0.035)) for year in years]
        online_or_bank_share = [share + 0.3 for share in online_share]
        Contribution = ContributionRecord  # a local alias, read in the innermost loop
        grade_total = _GRADE_CUMULATIVE[-1]
        card_offset = self._card_offset
        fromordinal = date.fromordinal
        by_year = attrgetter("year")
        village = county.villages[number]
        village_code = village.division_code
        agent_id = self._agents[village_code]
        receipts = [0] * len(march_first)
        index = self._village_starts[number]
        for _ in range(village.resident_count):
            # --- birth date, sex, citizen ID number (sequence unique per birth date and sex) ---
            low, high, male_share = bands[bisect_right(_BAND_CUMULATIVE, random_() * band_total)]
            birth_ord = low + int(random_() * (high - low + 1))
            female = 0 if random_() < male_share else 1
            slot = (birth_ord - min_birth_ord) * 2 + female
            shift = 0
            while sequence_counters[slot] >= sequence_slots:  # this date is full: try +1, -1, +2, ... days
                shift += 1
                candidate = birth_ord + ((shift + 1) // 2 if shift % 2 else -(shift // 2))
                if min_birth_ord <= candidate <= max_birth_ord:
                    slot = (candidate - min_birth_ord) * 2 + female
                    if sequence_counters[slot] < sequence_slots:
                        birth_ord = candidate
            taken = sequence_counters[slot]
            sequence_counters[slot] = taken + 1
            j = sequence_base + (taken * _SEQUENCE_STRIDE + birth_ord * 7919) % sequence_slots
            sequence = 2 * j + 1 + female
            birth_date = fromordinal(birth_ord)
            birth_year = birth_date.year
            citizen_id = make_citizen_id(region, birth_date, sequence)
            sex: Sex = "F" if female else "M"
            age = ref_year - birth_year - (ref_md < (birth_date.month, birth_date.day))
            sixteenth_ord = years_after(birth_date, MIN_AGE).toordinal()
            sixtieth = years_after(birth_date, PENSION_AGE)
            sixtieth_ord = sixtieth.toordinal()

            name = person_name(rng, sex, birth_year)
            mobile = mobile_number(rng)
            bank = pick_bank(rng)

            # --- enrolment: at the scheme start or after turning 16, with a delay ---
            draw = random_()
            if sixteenth_ord <= start_ord:
                near_pension = sixtieth_ord - start_ord < 3 * 366
                enrolled_ord = start_ord + int(draw * draw * (60 if near_pension else 540))
            else:
                enrolled_ord = sixteenth_ord + int(draw * draw * 2500)
            enrolled_ord = min(enrolled_ord, ref_ord)

            # --- special groups ---
            special_groups: tuple[SpecialGroupRecord, ...] = ()
            draw = random_()
            group_draws = (draw < 0.005, 0.005 <= draw < 0.045, random_() < 0.02)
            if True in group_draws:
                found: list[SpecialGroupRecord] = []
                window_start = max(sixteenth_ord, _SPECIAL_GROUP_EARLIEST)
                for (kind, _, prefix, ended_share), member in zip(SPECIAL_GROUPS, group_draws, strict=True):
                    if not member:
                        continue
                    from_ord = window_start + int(random_() * (ref_ord - window_start + 1))
                    to_ord: int | None = None
                    if from_ord < ref_ord and random_() < ended_share:
                        to_ord = from_ord + 1 + int(random_() * (ref_ord - from_ord))
                    found.append(
                        SpecialGroupRecord(
                            kind,
                            fromordinal(from_ord),
                            None if to_ord is None else fromordinal(to_ord),
                            f"{prefix}-{region}-{fromordinal(from_ord).year}-{index:08d}",
                        )
                    )
                special_groups = tuple(found)

            # --- contributions: one a year from enrolment to the year before turning 60 ---
            contributions: list[ContributionRecord] = []
            append = contributions.append
            last_year = min(ref_year, birth_year + PENSION_AGE - 1)
            enrolled_year = fromordinal(enrolled_ord).year
            behalf_years = (
                _paid_on_behalf_years(special_groups, june_30, enrolled_ord, ref_ord) if special_groups else _NO_YEARS
            )
            draw = random_()
            skip_share = 0.04 if draw < 0.62 else 0.25 if draw < 0.87 else 0.6
            base_grade = _GRADE_FEN[bisect_right(_GRADE_CUMULATIVE, random_() * grade_total)]
            for year in range(enrolled_year, last_year + 1):
                y = year - first_year
                if year in behalf_years:
                    append(
                        Contribution(
                            year,
                            "paid_on_behalf",
                            LOWEST_GRADE_FEN,
                            0,
                            LOWEST_GRADE_FEN,
                            "county_batch",
                            fromordinal(june_30[y]),
                            None,
                            None,
                        )
                    )
                    continue
                if random_() < skip_share:
                    continue
                earliest = march_first[y]
                if enrolled_ord > earliest:
                    earliest = enrolled_ord
                latest = december_20[y]
                paid_ord = earliest + int(random_() * (latest - earliest + 1)) if earliest < latest else earliest
                if paid_ord > ref_ord:
                    break
                draw = random_()
                grade = (
                    base_grade if draw >= 0.1 else _GRADE_FEN[bisect_right(_GRADE_CUMULATIVE, draw * 10 * grade_total)]
                )
                draw = random_()
                if draw < online_share[y]:
                    append(Contribution(year, "personal", grade, grade, 0, "online", fromordinal(paid_ord), None, None))
                elif draw < online_or_bank_share[y]:
                    append(
                        Contribution(
                            year, "personal", grade, grade, 0, "bank_withholding", fromordinal(paid_ord), None, None
                        )
                    )
                else:
                    receipts[y] += 1
                    append(
                        Contribution(
                            year,
                            "personal",
                            grade,
                            grade,
                            0,
                            "cash",
                            fromordinal(paid_ord),
                            f"{village_code}-{year}-{receipts[y]:05d}",
                            agent_id,
                        )
                    )

            # --- pension: award, arrears to reach the required years, last proof of life ---
            pension = None
            if age >= PENSION_AGE:
                required = required_years(sixtieth)
                if len(contributions) < required:
                    _add_arrears(contributions, rng, required, birth_year, enrolled_ord, sixtieth_ord, base_grade)
                    contributions.sort(key=by_year)
                award_year, award_month = award_month_of(sixtieth)
                award_ord = date(award_year, award_month, 1).toordinal()
                days_ago = (
                    366 + int(random_() * 400) if random_() < OVERDUE_CERTIFICATION_SHARE else 1 + int(random_() * 330)
                )
                certified_ord = min(ref_ord, max(ref_ord - days_ago, award_ord - 30))
                draw = random_()
                method: CertificationMethod
                if age >= 90:
                    method = "agent_visit" if draw < 0.5 else "data" if draw < 0.8 else "face"
                else:
                    method = "face" if draw < 0.55 else "agent_visit" if draw < 0.8 else "data"
                pension = PensionRecord(f"{award_year:04d}-{award_month:02d}", fromordinal(certified_ord), method)

            yield ResidentRecord(
                index,
                citizen_id,
                name,
                sex,
                birth_date,
                village_code,
                mobile,
                bank.code,
                bank.name,
                bank_card_number(bank, index, card_offset),
                fromordinal(enrolled_ord),
                agent_id,
                f"photos/{region}/{index:08d}.jpg",
                special_groups,
                tuple(contributions),
                pension,
            )
            index += 1


def _paid_on_behalf_years(
    special_groups: tuple[SpecialGroupRecord, ...], june_30: list[int], enrolled_ord: int, ref_ord: int
) -> frozenset[int]:
    """Years whose county batch (30 June) falls while enrolled, by the reference date, in a special group."""
    years: set[int] = set()
    for group in special_groups:
        low = max(group.effective_from.toordinal(), enrolled_ord)
        high = ref_ord if group.effective_to is None else min(group.effective_to.toordinal(), ref_ord)
        years.update(SCHEME_START.year + y for y, batch in enumerate(june_30) if low <= batch <= high)
    return frozenset(years)


def _add_arrears(
    contributions: list[ContributionRecord],
    rng: random.Random,
    required: int,
    birth_year: int,
    enrolled_ord: int,
    sixtieth_ord: int,
    grade: int,
) -> None:
    """Arrears (补缴) paid shortly before the 60th birthday for the earliest missing years."""
    paid_ord = max(enrolled_ord, sixtieth_ord - 1 - int(rng.random() * 90))
    paid_on = date.fromordinal(paid_ord)
    have = {contribution.year for contribution in contributions}
    first = max(SCHEME_START.year, birth_year + MIN_AGE)
    missing = [year for year in range(first, birth_year + PENSION_AGE) if year not in have]
    for year in missing[: required - len(contributions)]:
        kind: ContributionKind = "arrears" if year < paid_on.year else "personal"
        channel: Channel = "bank_withholding" if rng.random() < 0.5 else "online"
        contributions.append(ContributionRecord(year, kind, grade, grade, 0, channel, paid_on, None, None))
