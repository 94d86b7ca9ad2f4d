"""The monthly review lists (月审) and the annual check of certifications (年检), per village, from the facts kept.

The Ankang service standard asks a county to "按月上报缴费人员、享受待遇人员和新增享受待遇人员名单" and to check
every pensioner's certification once a year. A monthly list holds, per village: each contribution paid in the
month and not reversed by its end; each pensioner paid in the month's payroll run with everything paid to them by
component; each pensioner whose award starts in the month. The annual check holds, per village, every pensioner of
the year (awarded by its end, enrolment not ended before its start) with the year's certifications and where they
stand. Identifiers are the masked forms the events carry, masked again here if one somehow is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

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
from pension_supervision.domain.notice import UNKNOWN_NAME, shown_citizen_id, shown_name


class CertificationOutcome(StrEnum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    OVERDUE = "OVERDUE"  # the due date passed without proof


class CheckStatus(StrEnum):
    CERTIFIED = "CERTIFIED"
    OVERDUE = "OVERDUE"
    NONE = "NONE"


@dataclass(frozen=True, slots=True)
class ListedAward:
    """A pension award as the lists show it (AwardGranted): masked forms only."""

    award_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    name_masked: str
    citizen_id_masked: str
    first_month: Month
    monthly_total_fen: int


@dataclass(frozen=True, slots=True)
class CertificationFact:
    """One certification event of verification's: a proof passed, an attempt failed, or a due date missed."""

    fact_id: str
    resident_id: str
    pooling_region_code: str
    village_code: str
    outcome: CertificationOutcome
    on: date  # certified, attempted, or due (China Standard Time)
    method: str = ""  # FACE, AGENT_VISIT, DATA; "" for an overdue notice
    failure_code: str = ""
    next_due_on: date | None = None


@dataclass(frozen=True, slots=True)
class VillageName:
    village_code: str
    village_name: str
    township_name: str


@dataclass(frozen=True, slots=True)
class ContributorEntry:
    name_masked: str
    citizen_id_masked: str
    year: int
    kind: ContributionKind
    grade_fen: int
    channel: str
    paid_on: date
    amount_fen: int  # personal + collective + paid on behalf: what came in for the resident
    subsidy_fen: int


@dataclass(frozen=True, slots=True)
class PensionerEntry:
    name_masked: str
    citizen_id_masked: str
    components: Mapping[Component, int]
    amount_fen: int  # everything paid, back pay included (components a newer contract adds count here too)
    back_pay_fen: int


@dataclass(frozen=True, slots=True)
class NewPensionerEntry:
    name_masked: str
    citizen_id_masked: str
    first_month: Month
    monthly_total_fen: int


@dataclass(frozen=True, slots=True)
class ReviewTotals:
    contributor_count: int = 0
    contributed_fen: int = 0
    subsidy_fen: int = 0
    pensioner_count: int = 0
    paid_fen: int = 0
    new_pensioner_count: int = 0
    new_monthly_fen: int = 0

    def __add__(self, other: ReviewTotals) -> ReviewTotals:
        return ReviewTotals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True, slots=True)
class VillageReview:
    village: VillageName
    contributors: tuple[ContributorEntry, ...]
    pensioners: tuple[PensionerEntry, ...]
    new_pensioners: tuple[NewPensionerEntry, ...]
    totals: ReviewTotals


@dataclass(frozen=True, slots=True)
class CheckedPensioner:
    name_masked: str
    citizen_id_masked: str
    status: CheckStatus
    certifications: tuple[CertificationFact, ...]
    next_due_on: date | None


@dataclass(frozen=True, slots=True)
class CheckCounts:
    pensioner_count: int = 0
    certified_count: int = 0
    overdue_count: int = 0
    none_count: int = 0

    def __add__(self, other: CheckCounts) -> CheckCounts:
        return CheckCounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True, slots=True)
class VillageCheck:
    village: VillageName
    pensioners: tuple[CheckedPensioner, ...]
    counts: CheckCounts = field(default_factory=CheckCounts)


def list_id(region: str, month: Month) -> str:
    return f"RL-{region}-{month.year:04d}{month.month:02d}"


def check_id(region: str, year: int) -> str:
    return f"AC-{region}-{year:04d}"


class _Names:
    """The masked name and ID number of a resident, from their enrolment fact or else from another fact."""

    def __init__(self, residents: Mapping[str, ResidentFact]) -> None:
        self._residents = residents

    def __call__(self, resident_id: str, name: str = "", citizen_id: str = "") -> tuple[str, str]:
        resident = self._residents.get(resident_id)
        if resident is not None:
            name, citizen_id = resident.name_masked, resident.citizen_id_masked
        if not name and not citizen_id:
            return UNKNOWN_NAME, UNKNOWN_NAME
        return shown_name(name), shown_citizen_id(citizen_id)


def _by_village(villages: Mapping[str, VillageName], codes: Iterable[str]) -> dict[str, VillageName]:
    """Every village of the catalogue, and any village a fact names that the catalogue lacks (shown by code)."""
    found = dict(villages)
    for code in codes:
        found.setdefault(code, VillageName(code, "", ""))
    return dict(sorted(found.items()))


def compose_monthly_review(
    *,
    month: Month,
    villages: Mapping[str, VillageName],
    contributions: Iterable[tuple[ContributionFact, Month | None]],
    payments: Iterable[PaymentFact],
    awards: Iterable[ListedAward],
    residents: Mapping[str, ResidentFact],
) -> tuple[VillageReview, ...]:
    """The month's three lists of every village (facts already chosen by region; month filters are applied here).
    `contributions` come with the month each was reversed in (None while it stands)."""
    names = _Names(residents)
    contributors: dict[str, list[ContributorEntry]] = {}
    for c, reversed_in in contributions:
        if c.month != month or (reversed_in is not None and reversed_in <= month):
            continue
        contributors.setdefault(c.village_code, []).append(
            ContributorEntry(
                *names(c.resident_id),
                year=c.year,
                kind=c.kind,
                grade_fen=c.grade_fen,
                channel=c.channel,
                paid_on=c.paid_on,
                amount_fen=c.personal_fen + c.collective_fen + c.paid_on_behalf_fen,
                subsidy_fen=c.subsidy_fen,
            )
        )
    paid: dict[tuple[str, str], list[PaymentFact]] = {}
    for p in payments:
        if p.outcome is PaymentOutcome.PAID and p.payroll_month == month:
            paid.setdefault((p.village_code, p.resident_id), []).append(p)
    pensioners: dict[str, list[PensionerEntry]] = {}
    for (village_code, resident_id), their in paid.items():
        components = {c: sum(p.components.get(c, 0) for p in their) for c in Component}
        pensioners.setdefault(village_code, []).append(
            PensionerEntry(
                *names(resident_id),
                components=components,
                amount_fen=sum(p.amount_fen for p in their),
                back_pay_fen=sum(p.amount_fen for p in their if p.kind is PaymentKind.BACK_PAY),
            )
        )
    new: dict[str, list[NewPensionerEntry]] = {}
    for a in awards:
        if a.first_month == month:
            new.setdefault(a.village_code, []).append(
                NewPensionerEntry(
                    *names(a.resident_id, a.name_masked, a.citizen_id_masked), a.first_month, a.monthly_total_fen
                )
            )
    result = []
    for code, village in _by_village(villages, [*contributors, *pensioners, *new]).items():
        lines = tuple(sorted(contributors.get(code, []), key=lambda e: (e.citizen_id_masked, e.name_masked, e.year)))
        their_pensioners = tuple(sorted(pensioners.get(code, []), key=lambda e: (e.citizen_id_masked, e.name_masked)))
        their_new = tuple(sorted(new.get(code, []), key=lambda e: (e.citizen_id_masked, e.name_masked)))
        totals = ReviewTotals(
            contributor_count=len(lines),
            contributed_fen=sum(e.amount_fen for e in lines),
            subsidy_fen=sum(e.subsidy_fen for e in lines),
            pensioner_count=len(their_pensioners),
            paid_fen=sum(e.amount_fen for e in their_pensioners),
            new_pensioner_count=len(their_new),
            new_monthly_fen=sum(e.monthly_total_fen for e in their_new),
        )
        result.append(VillageReview(village, lines, their_pensioners, their_new, totals))
    return tuple(result)


def check_status(certifications: Iterable[CertificationFact]) -> CheckStatus:
    """Certified when a proof passed in the year and no due date was missed after it; overdue when one was missed
    and no proof came since; none otherwise (failed attempts alone leave a pensioner at none)."""
    status = CheckStatus.NONE
    for fact in sorted(certifications, key=lambda f: (f.on, f.outcome is CertificationOutcome.PASSED)):
        if fact.outcome is CertificationOutcome.PASSED:
            status = CheckStatus.CERTIFIED
        elif fact.outcome is CertificationOutcome.OVERDUE:
            status = CheckStatus.OVERDUE
    return status


def compose_annual_check(
    *,
    year: int,
    villages: Mapping[str, VillageName],
    awards: Iterable[ListedAward],
    certifications: Iterable[CertificationFact],
    residents: Mapping[str, ResidentFact],
    ended_on: Mapping[str, date],
) -> tuple[VillageCheck, ...]:
    """Every pensioner of the year, in the village they are in now, with the year's certifications."""
    names = _Names(residents)
    first_day, last_month = date(year, 1, 1), Month(year, 12)
    of_year: dict[str, list[CertificationFact]] = {}
    for fact in certifications:
        if fact.on.year == year:
            of_year.setdefault(fact.resident_id, []).append(fact)
    pensioners: dict[str, list[CheckedPensioner]] = {}
    seen: set[str] = set()
    for award in sorted(awards, key=lambda a: a.award_id):
        ended = ended_on.get(award.resident_id)
        if award.first_month > last_month or (ended is not None and ended < first_day) or award.resident_id in seen:
            continue
        seen.add(award.resident_id)  # a resident awarded twice (a correction) is checked once
        resident = residents.get(award.resident_id)
        village_code = resident.village_code if resident is not None else award.village_code
        theirs = tuple(sorted(of_year.get(award.resident_id, []), key=lambda f: (f.on, f.outcome.value)))
        passed = [f.next_due_on for f in theirs if f.outcome is CertificationOutcome.PASSED and f.next_due_on]
        pensioners.setdefault(village_code, []).append(
            CheckedPensioner(
                *names(award.resident_id, award.name_masked, award.citizen_id_masked),
                status=check_status(theirs),
                certifications=theirs,
                next_due_on=passed[-1] if passed else None,
            )
        )
    result = []
    for code, village in _by_village(villages, pensioners).items():
        lines = tuple(sorted(pensioners.get(code, []), key=lambda p: (p.citizen_id_masked, p.name_masked)))
        counts = CheckCounts(
            pensioner_count=len(lines),
            certified_count=sum(1 for p in lines if p.status is CheckStatus.CERTIFIED),
            overdue_count=sum(1 for p in lines if p.status is CheckStatus.OVERDUE),
            none_count=sum(1 for p in lines if p.status is CheckStatus.NONE),
        )
        result.append(VillageCheck(village, lines, counts))
    return tuple(result)
