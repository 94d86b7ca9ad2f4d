"""Contributions: own, arrears, paid on behalf and collective, their ledger entries, reversal, and contributed years."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import IntEnum
from typing import Final, Protocol

from pension_enrolment.domain.account import (
    AccountEntryKind,
    LedgerEntry,
    contribution_entry_id,
    entries_for_reversal,
)
from pension_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from pension_kit.identifiers import age_on
from pension_kit.money import require_fen
from pension_kit.policy import PaidOnBehalfRule, PolicyVersion

__all__ = [
    "COUNTED_KINDS",
    "KIND_MONEY",
    "ArrearsAllowance",
    "ContributionChannel",
    "ContributionKind",
    "ContributionRecord",
    "Planned",
    "SpecialGroupMembership",
    "amount_refusals",
    "arrears_allowance",
    "arrears_contribution_id",
    "cash_refusals",
    "channel_refusals",
    "contributed_years",
    "contribution_year_refusals",
    "contribution_years",
    "current_year_refusals",
    "entries_of",
    "first_contribution_year",
    "last_contribution_year",
    "normal_years_ahead",
    "paid_on_behalf_contribution_id",
    "plan_arrears",
    "plan_collective_contribution",
    "plan_own_contribution",
    "plan_paid_on_behalf",
    "plan_reversal",
]


class ContributionKind(IntEnum):
    """Mirrors pension.common.v1.ContributionKind."""

    UNSPECIFIED = 0
    OWN = 1
    ARREARS = 2
    PAID_ON_BEHALF = 3
    COLLECTIVE = 4


class ContributionChannel(IntEnum):
    """Mirrors pension.common.v1.ContributionChannel."""

    UNSPECIFIED = 0
    CASH = 1
    BANK_WITHHOLDING = 2
    ONLINE = 3
    GOVERNMENT = 4
    LEGACY_IMPORT = 5


# A year counts when someone paid for it: own, arrears or paid on behalf (docs/domain.md step 3). A collective
# subsidy tops up a contribution and does not make a year by itself.
COUNTED_KINDS: Final = frozenset({ContributionKind.OWN, ContributionKind.ARREARS, ContributionKind.PAID_ON_BEHALF})
# The channels a resident pays through; GOVERNMENT is the paid-on-behalf posting run's, LEGACY_IMPORT the
# migration's.
_RESIDENT_CHANNELS: Final = frozenset(
    {
        ContributionChannel.CASH,
        ContributionChannel.BANK_WITHHOLDING,
        ContributionChannel.ONLINE,
        ContributionChannel.LEGACY_IMPORT,
    }
)
# The money that makes a contribution of each kind: one that moves none of it is not a contribution.
KIND_MONEY: Final = {
    ContributionKind.OWN: "personal_fen",
    ContributionKind.ARREARS: "personal_fen",
    ContributionKind.PAID_ON_BEHALF: "paid_on_behalf_fen",
    ContributionKind.COLLECTIVE: "collective_fen",
}


@dataclass(frozen=True, slots=True)
class ContributionRecord:
    """One contribution for one year, as pension.enrolment.v1.Contribution; reversed ones stay listed."""

    contribution_id: str
    year: int
    kind: ContributionKind
    channel: ContributionChannel
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    receipt_number: str
    agent_id: str
    paid_on: date
    policy_version_id: str
    reversed: bool = False
    reversal_reason: str = ""
    batch_id: str = ""  # the paid-on-behalf posting run that credited it (its stored and contract name)


Planned = tuple[ContributionRecord, tuple[LedgerEntry, ...]]


class SpecialGroupMembership(Protocol):
    """A special group with the dates it holds (enrolment.SpecialGroupClaim has this shape)."""

    @property
    def group(self) -> int: ...

    @property
    def effective_from(self) -> date: ...

    @property
    def effective_until(self) -> date | None: ...


# --- years ---------------------------------------------------------------------------------------------


def contribution_years(
    contributions: Iterable[ContributionRecord], transferred_in_years: Iterable[int] = ()
) -> tuple[int, ...]:
    """The contributed calendar years: an unreversed own, arrears or paid-on-behalf contribution, or transferred in."""
    local = {c.year for c in contributions if not c.reversed and c.kind in COUNTED_KINDS}
    return tuple(sorted(local | set(transferred_in_years)))


def contributed_years(contributions: Iterable[ContributionRecord], transferred_in_years: Iterable[int] = ()) -> int:
    """How many years count towards the required years; a year paid twice (or also transferred in) counts once."""
    return len(contribution_years(contributions, transferred_in_years))


def first_contribution_year(birth_date: date, policy: PolicyVersion) -> int:
    """The scheme start year, or the year the resident turns the minimum age if later."""
    return max(policy.scheme_start_date.year, birth_date.year + policy.minimum_enrolment_age)


def last_contribution_year(birth_date: date, policy: PolicyVersion) -> int:
    """The last year with a day before the pension-age birthday: the birthday's year unless it is 1 January."""
    return (policy.pension_age_birthday(birth_date) - timedelta(days=1)).year


def normal_years_ahead(
    birth_date: date, contributions: Iterable[ContributionRecord], today: date, policy: PolicyVersion
) -> int:
    """Years the resident can still pay as own contributions: each year from this one to the last contribution
    year that is not yet contributed. An own contribution for a year is paid in that year before the pension-age
    birthday, so this year counts while today is before the birthday, and the birthday's year counts unless the
    birthday is 1 January."""
    if today >= policy.pension_age_birthday(birth_date):
        return 0
    paid = set(contribution_years(contributions))
    first = max(today.year, first_contribution_year(birth_date, policy))
    return sum(1 for year in range(first, last_contribution_year(birth_date, policy) + 1) if year not in paid)


@dataclass(frozen=True, slots=True)
class ArrearsAllowance:
    """Whether arrears may be paid, for how many years at most, and which past years are open for them."""

    allowed: bool
    years_lacking: int
    eligible_years: tuple[int, ...]
    required_years: int = 0
    contributed_years: int = 0
    normal_years_ahead: int = 0


def arrears_allowance(
    birth_date: date,
    contributions: Sequence[ContributionRecord],
    transferred_in_years: Iterable[int],
    today: date,
    policy: PolicyVersion,
) -> ArrearsAllowance:
    """Arrears are allowed only when contributed years + normal years ahead < required years, and only for the
    difference (years_lacking), for past years from the first contribution year that are not contributed.

    A resident already past pension age has no normal years ahead, so may still pay arrears up to the shortfall.
    """
    counted = contribution_years(contributions, transferred_in_years)
    required = policy.required_years(birth_date)
    ahead = normal_years_ahead(birth_date, contributions, today, policy)
    lacking = max(0, required - len(counted) - ahead)
    if lacking == 0:
        return ArrearsAllowance(False, 0, (), required, len(counted), ahead)
    last_past = min(today.year - 1, last_contribution_year(birth_date, policy))
    eligible = tuple(
        year for year in range(first_contribution_year(birth_date, policy), last_past + 1) if year not in counted
    )
    return ArrearsAllowance(True, lacking, eligible, required, len(counted), ahead)


# --- planning contributions ------------------------------------------------------------------------------


def _credit(record: ContributionRecord, kind: AccountEntryKind, amount_fen: int) -> LedgerEntry:
    return LedgerEntry(
        entry_id=contribution_entry_id(record.contribution_id, kind),
        kind=kind,
        amount_fen=amount_fen,
        value_date=record.paid_on,
        year=record.year,
        contribution_id=record.contribution_id,
    )


def entries_of(record: ContributionRecord) -> tuple[LedgerEntry, ...]:
    """The credits of a contribution, one entry per kind of money, zero amounts omitted."""
    amounts = (
        (AccountEntryKind.PERSONAL_CONTRIBUTION, record.personal_fen),
        (AccountEntryKind.PAID_ON_BEHALF, record.paid_on_behalf_fen),
        (AccountEntryKind.SUBSIDY, record.subsidy_fen),
        (AccountEntryKind.COLLECTIVE_SUBSIDY, record.collective_fen),
    )
    return tuple(_credit(record, kind, amount) for kind, amount in amounts if amount)


def _check_new_id(contributions: Sequence[ContributionRecord], contribution_id: str) -> None:
    if not contribution_id.strip():
        raise InvalidArgument("CONTRIBUTION_ID_REQUIRED", "a contribution id is required", field="contribution_id")
    if any(c.contribution_id == contribution_id for c in contributions):
        raise AlreadyExists(
            "CONTRIBUTION_EXISTS", f"contribution {contribution_id} is already recorded", field="contribution_id"
        )


# --- the rules of one contribution --------------------------------------------------------------------------
# Each returns its refusals instead of raising, so that the migration import can report every problem of a legacy
# row; the planning functions below raise the first.


def channel_refusals(kind: ContributionKind, channel: ContributionChannel) -> list[InvalidArgument]:
    """Paid on behalf comes only through the county's batch (GOVERNMENT), and the batch brings nothing else; the
    other kinds come through a channel a resident pays through."""
    paid_on_behalf = kind == ContributionKind.PAID_ON_BEHALF
    if paid_on_behalf != (channel == ContributionChannel.GOVERNMENT):
        return [
            InvalidArgument(
                "CHANNEL_NOT_ALLOWED",
                "paid-on-behalf contributions, and only they, come through the county's batch",
                field="channel",
            )
        ]
    if not paid_on_behalf and channel not in _RESIDENT_CHANNELS:
        return [
            InvalidArgument(
                "CHANNEL_NOT_ALLOWED", f"a resident does not pay through channel {channel!r}", field="channel"
            )
        ]
    return []


def cash_refusals(channel: ContributionChannel, receipt_number: str, agent_id: str) -> list[InvalidArgument]:
    """Cash is paid against a receipt to the agent who collects it (and owes it until it is deposited)."""
    if channel != ContributionChannel.CASH:
        return []
    refusals: list[InvalidArgument] = []
    if not receipt_number.strip():
        refusals.append(
            InvalidArgument(
                "RECEIPT_REQUIRED",
                "cash needs a receipt number",
                field="receipt_number",
                message_zh="现金缴费须填写收据号",
            )
        )
    if not agent_id.strip():
        refusals.append(
            InvalidArgument(
                "AGENT_REQUIRED",
                "cash needs the collecting agent",
                field="agent_id",
                message_zh="现金缴费须填写收款协办员",
            )
        )
    return refusals


def current_year_refusals(year: int, paid_on: date) -> list[InvalidArgument]:
    """A contribution for the current year is paid in that year; a past year is paid as arrears."""
    if year == paid_on.year:
        return []
    return [
        InvalidArgument(
            "CONTRIBUTION_YEAR_NOT_CURRENT",
            f"a contribution paid in {paid_on.year} is for {paid_on.year}; past years are arrears",
            field="year",
        )
    ]


def contribution_year_refusals(birth_date: date, year: int, policy: PolicyVersion) -> list[InvalidArgument]:
    """`year` is one of the resident's contribution years: first_contribution_year to last_contribution_year."""
    if year < first_contribution_year(birth_date, policy):
        return [
            InvalidArgument(
                "CONTRIBUTION_YEAR_BEFORE_FIRST",
                f"{year} is before the scheme start or the year the resident turns {policy.minimum_enrolment_age}",
                field="year",
            )
        ]
    last = last_contribution_year(birth_date, policy)
    if year > last:
        return [
            InvalidArgument(
                "CONTRIBUTION_YEAR_AFTER_LAST",
                f"{year} is after the resident's last contribution year {last} (pension age)",
                field="year",
            )
        ]
    return []


def amount_refusals(kind: ContributionKind, money_fen: int, subsidy_fen: int = 0) -> list[InvalidArgument]:
    """The kind's own money (`money_fen`, the amount named by KIND_MONEY) is above 0, and arrears are paid
    without a subsidy."""
    money = KIND_MONEY[kind]
    refusals: list[InvalidArgument] = []
    if require_fen(money_fen, money) <= 0:
        refusals.append(
            InvalidArgument("AMOUNT_NOT_POSITIVE", f"a {kind.name.lower()} contribution has {money} > 0", field=money)
        )
    if kind == ContributionKind.ARREARS and require_fen(subsidy_fen, "subsidy_fen"):
        refusals.append(
            InvalidArgument("ARREARS_WITH_SUBSIDY", "arrears are paid without a subsidy", field="subsidy_fen")
        )
    return refusals


def _raise_first(*refusals: list[InvalidArgument]) -> None:
    for found in refusals:
        if found:
            raise found[0]


def _check_channel(kind: ContributionKind, channel: ContributionChannel, receipt_number: str, agent_id: str) -> None:
    _raise_first(channel_refusals(kind, channel), cash_refusals(channel, receipt_number, agent_id))


def _check_current_year(birth_date: date, year: int, paid_on: date, policy: PolicyVersion) -> None:
    """A current-year payment: the year is the year paid, within the resident's contribution years."""
    if paid_on < policy.scheme_start_date:
        raise FailedPrecondition("SCHEME_NOT_STARTED", "paid before the scheme started in the region", field="paid_on")
    _raise_first(current_year_refusals(year, paid_on))
    if age_on(birth_date, paid_on) >= policy.pension_age:
        raise FailedPrecondition(
            "PENSION_AGE_REACHED",
            f"the resident is {policy.pension_age} or older on {paid_on.isoformat()}",
            field="paid_on",
            message_zh="已达到领取待遇年龄，不能按年缴费",
        )
    # Paid in its year before the pension-age birthday, the year is at most the last contribution year; the age is
    # checked first so that a payment on or after that birthday keeps its reason, PENSION_AGE_REACHED.
    _raise_first(contribution_year_refusals(birth_date, year, policy))


def plan_own_contribution(
    *,
    contribution_id: str,
    birth_date: date,
    contributions: Sequence[ContributionRecord],
    year: int,
    grade_fen: int,
    channel: ContributionChannel,
    receipt_number: str,
    agent_id: str,
    paid_on: date,
    policy: PolicyVersion,
) -> Planned:
    """The resident's own contribution for the year paid, at a grade of `policy` (the one in force on `paid_on`):
    the grade as personal money plus the grade's subsidy. One unreversed own contribution a year."""
    _check_new_id(contributions, contribution_id)
    _check_channel(ContributionKind.OWN, channel, receipt_number, agent_id)
    _check_current_year(birth_date, year, paid_on, policy)
    grade = policy.grade(grade_fen)
    if any(c.year == year and c.kind == ContributionKind.OWN and not c.reversed for c in contributions):
        raise FailedPrecondition(
            "CONTRIBUTION_YEAR_ALREADY_PAID",
            f"the resident already contributed for {year}",
            field="year",
            message_zh="本年度已缴费",
        )
    record = ContributionRecord(
        contribution_id=contribution_id,
        year=year,
        kind=ContributionKind.OWN,
        channel=channel,
        grade_fen=grade.annual_fen,
        personal_fen=grade.annual_fen,
        subsidy_fen=grade.subsidy_fen,
        paid_on_behalf_fen=0,
        collective_fen=0,
        receipt_number=receipt_number.strip(),
        agent_id=agent_id.strip(),
        paid_on=paid_on,
        policy_version_id=policy.policy_version_id,
    )
    return record, entries_of(record)


def arrears_contribution_id(request_id: str, year: int) -> str:
    return f"{request_id}:{year}"


def _check_arrears_years(years: Sequence[int], allowance: ArrearsAllowance, counted: Sequence[int]) -> None:
    if not years:
        raise InvalidArgument("YEARS_REQUIRED", "name at least one year of arrears", field="years")
    if len(set(years)) != len(years):
        raise InvalidArgument("YEAR_REPEATED", "a year is named twice", field="years")
    if not allowance.allowed:
        raise FailedPrecondition(
            "ARREARS_NOT_ALLOWED",
            f"the resident can reach the {allowance.required_years} required years without arrears",
            field="year",
            message_zh="可按年缴费达到最低缴费年限，不符合补缴条件",
        )
    for year in years:
        if year in counted:
            raise FailedPrecondition("CONTRIBUTION_YEAR_ALREADY_PAID", f"{year} is already contributed", field="year")
        if year not in allowance.eligible_years:
            raise FailedPrecondition(
                "ARREARS_NOT_ALLOWED",
                f"{year} is not a past year of the resident's contribution years",
                field="year",
                message_zh="该年度不可补缴",
            )
    if len(years) > allowance.years_lacking:
        raise FailedPrecondition(
            "ARREARS_EXCEEDS_SHORTFALL",
            f"{len(years)} years of arrears, but the resident lacks {allowance.years_lacking}",
            field="years",
            message_zh="补缴年限超过所缺年限",
        )


def plan_arrears(
    *,
    request_id: str,
    birth_date: date,
    contributions: Sequence[ContributionRecord],
    transferred_in_years: Iterable[int],
    years: Sequence[int],
    grade_fen: int,
    channel: ContributionChannel,
    receipt_number: str,
    agent_id: str,
    paid_on: date,
    policy: PolicyVersion,
) -> tuple[Planned, ...]:
    """Arrears for past years, one contribution per year (id "<request_id>:<year>"): personal money only, never
    a subsidy, and only as many years as the resident lacks (see arrears_allowance, judged on `paid_on`)."""
    transferred = tuple(transferred_in_years)
    for year in years:
        _check_new_id(contributions, arrears_contribution_id(request_id, year))
    _check_channel(ContributionKind.ARREARS, channel, receipt_number, agent_id)
    grade = policy.grade(grade_fen)
    allowance = arrears_allowance(birth_date, contributions, transferred, paid_on, policy)
    _check_arrears_years(years, allowance, contribution_years(contributions, transferred))
    planned: list[Planned] = []
    for year in sorted(years):
        record = ContributionRecord(
            contribution_id=arrears_contribution_id(request_id, year),
            year=year,
            kind=ContributionKind.ARREARS,
            channel=channel,
            grade_fen=grade.annual_fen,
            personal_fen=grade.annual_fen,
            subsidy_fen=0,
            paid_on_behalf_fen=0,
            collective_fen=0,
            receipt_number=receipt_number.strip(),
            agent_id=agent_id.strip(),
            paid_on=paid_on,
            policy_version_id=policy.policy_version_id,
        )
        planned.append((record, entries_of(record)))
    return tuple(planned)


def plan_collective_contribution(
    *,
    contribution_id: str,
    birth_date: date,
    contributions: Sequence[ContributionRecord],
    year: int,
    collective_fen: int,
    channel: ContributionChannel,
    receipt_number: str,
    agent_id: str,
    paid_on: date,
    policy: PolicyVersion,
) -> Planned:
    """A collective subsidy (集体补助) for the year paid; it tops up the account and does not count as a year."""
    _check_new_id(contributions, contribution_id)
    _check_channel(ContributionKind.COLLECTIVE, channel, receipt_number, agent_id)
    _check_current_year(birth_date, year, paid_on, policy)
    _raise_first(amount_refusals(ContributionKind.COLLECTIVE, collective_fen))
    record = ContributionRecord(
        contribution_id=contribution_id,
        year=year,
        kind=ContributionKind.COLLECTIVE,
        channel=channel,
        grade_fen=0,
        personal_fen=0,
        subsidy_fen=0,
        paid_on_behalf_fen=0,
        collective_fen=collective_fen,
        receipt_number=receipt_number.strip(),
        agent_id=agent_id.strip(),
        paid_on=paid_on,
        policy_version_id=policy.policy_version_id,
    )
    return record, entries_of(record)


def paid_on_behalf_contribution_id(posting_run_id: str, resident_id: str) -> str:
    return f"{posting_run_id}:{resident_id}"


def _member_during(membership: SpecialGroupMembership, year: int) -> bool:
    until = membership.effective_until or date.max
    return membership.effective_from <= date(year, 12, 31) and until >= date(year, 1, 1)


def _rule_for(
    memberships: Iterable[SpecialGroupMembership], year: int, policy: PolicyVersion
) -> PaidOnBehalfRule | None:
    """The county's most generous rule among the groups the resident belongs to on any day of the year."""
    rules = [
        rule
        for membership in memberships
        if _member_during(membership, year) and (rule := policy.paid_on_behalf_rule(membership.group)) is not None
    ]
    if not rules:
        return None
    return max(rules, key=lambda rule: (rule.paid_on_behalf_fen, rule.grade_fen, -rule.group))


def plan_paid_on_behalf(
    *,
    resident_id: str,
    birth_date: date,
    special_groups: Iterable[SpecialGroupMembership],
    year: int,
    contributions: Sequence[ContributionRecord],
    policy: PolicyVersion,
    batch_id: str,  # the posting run's id, under the record's (stored and contract) name
    paid_on: date,
) -> Planned | None:
    """The county's contribution for a special-group member for `year` (id "<posting run id>:<resident_id>").

    Membership on any day of the year qualifies, so the result does not depend on when the posting run runs. None when
    the resident belongs to no group the county pays for, the year is outside their contribution years, or they
    already have an unreversed paid-on-behalf contribution for the year (so the posting run is safe to run twice).
    """
    if any(c.year == year and c.kind == ContributionKind.PAID_ON_BEHALF and not c.reversed for c in contributions):
        return None
    if contribution_year_refusals(birth_date, year, policy):
        return None
    rule = _rule_for(special_groups, year, policy)
    if rule is None:
        return None
    contribution_id = paid_on_behalf_contribution_id(batch_id, resident_id)
    if any(c.contribution_id == contribution_id for c in contributions):
        return None  # this posting run's contribution, since reversed: a re-run must not post it again
    record = ContributionRecord(
        contribution_id=contribution_id,
        year=year,
        kind=ContributionKind.PAID_ON_BEHALF,
        channel=ContributionChannel.GOVERNMENT,
        grade_fen=rule.grade_fen,
        personal_fen=0,
        subsidy_fen=policy.grade(rule.grade_fen).subsidy_fen if rule.with_subsidy else 0,
        paid_on_behalf_fen=rule.paid_on_behalf_fen,
        collective_fen=0,
        receipt_number="",
        agent_id="",
        paid_on=paid_on,
        policy_version_id=policy.policy_version_id,
        batch_id=batch_id,
    )
    return record, entries_of(record)


def plan_reversal(
    contributions: Sequence[ContributionRecord],
    entries: Sequence[LedgerEntry],
    contribution_id: str,
    reason: str,
    *,
    on: date,
) -> Planned:
    """The contribution marked reversed with its reason, and the compensating entries to append (valued `on`)."""
    record = next((c for c in contributions if c.contribution_id == contribution_id), None)
    if record is None:
        raise NotFound(
            "CONTRIBUTION_NOT_FOUND",
            f"no contribution {contribution_id}",
            field="contribution_id",
            message_zh="未找到该缴费记录",
        )
    if record.reversed:
        raise FailedPrecondition(
            "CONTRIBUTION_ALREADY_REVERSED",
            f"contribution {contribution_id} is already reversed",
            field="contribution_id",
            message_zh="该缴费记录已冲正",
        )
    compensating = entries_for_reversal(entries, contribution_id, reason, on=on)
    return replace(record, reversed=True, reversal_reason=reason.strip()), tuple(compensating)
