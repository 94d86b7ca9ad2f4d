"""Contributions: own by grade with subsidy, arrears at the edge of eligibility, paid on behalf, reversal, years."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest

from pension.common.v1 import types_pb2
from pension_enrolment.domain.account import AccountEntryKind, LedgerEntry, balance, ledger_contribution_years
from pension_enrolment.domain.contributions import (
    ContributionChannel,
    ContributionKind,
    ContributionRecord,
    arrears_allowance,
    contributed_years,
    contribution_years,
    normal_years_ahead,
    plan_arrears,
    plan_collective_contribution,
    plan_own_contribution,
    plan_paid_on_behalf,
    plan_reversal,
)
from pension_kit.errors import DomainError
from pension_kit.policy import PaidOnBehalfRule, PolicyVersion, SpecialGroup, demo_policy

POLICY = demo_policy("411723", datetime(2026, 1, 1, tzinfo=UTC))
SCHEME_START = POLICY.scheme_start_date
TODAY = date(2026, 3, 1)
K = AccountEntryKind


def reason_of(error: pytest.ExceptionInfo[DomainError]) -> tuple[str, str]:
    return error.value.reason, error.value.field


def record(
    year: int,
    kind: ContributionKind = ContributionKind.OWN,
    *,
    reversed_: bool = False,
    contribution_id: str = "",
) -> ContributionRecord:
    """A past contribution as stored: only the fields the rules read matter."""
    return ContributionRecord(
        contribution_id=contribution_id or f"{kind.name.lower()}-{year}",
        year=year,
        kind=kind,
        channel=ContributionChannel.BANK_WITHHOLDING,
        grade_fen=20_000,
        personal_fen=20_000 if kind in (ContributionKind.OWN, ContributionKind.ARREARS) else 0,
        subsidy_fen=4_000 if kind != ContributionKind.ARREARS else 0,
        paid_on_behalf_fen=20_000 if kind == ContributionKind.PAID_ON_BEHALF else 0,
        collective_fen=5_000 if kind == ContributionKind.COLLECTIVE else 0,
        receipt_number="",
        agent_id="",
        paid_on=date(year, 5, 1),
        policy_version_id=POLICY.policy_version_id,
        reversed=reversed_,
    )


def own(
    *,
    contribution_id: str = "req-1",
    birth_date: date = date(1970, 5, 1),
    contributions: list[ContributionRecord] | None = None,
    year: int = 2026,
    grade_fen: int = 20_000,
    channel: ContributionChannel = ContributionChannel.CASH,
    receipt_number: str = "R-0001",
    agent_id: str = "agent-7",
    paid_on: date = TODAY,
    policy: PolicyVersion = POLICY,
) -> tuple[ContributionRecord, tuple[LedgerEntry, ...]]:
    return plan_own_contribution(
        contribution_id=contribution_id,
        birth_date=birth_date,
        contributions=contributions or [],
        year=year,
        grade_fen=grade_fen,
        channel=channel,
        receipt_number=receipt_number,
        agent_id=agent_id,
        paid_on=paid_on,
        policy=policy,
    )


def test_enums_mirror_the_proto_enums() -> None:
    assert {f"CONTRIBUTION_KIND_{m.name}": m.value for m in ContributionKind} == dict(
        types_pb2.ContributionKind.items()
    )
    assert {f"CONTRIBUTION_CHANNEL_{m.name}": m.value for m in ContributionChannel} == dict(
        types_pb2.ContributionChannel.items()
    )


# --- contributed and required years ------------------------------------------------------------------------


def test_contributed_years_count_own_arrears_and_paid_on_behalf_once_each_plus_transferred_years() -> None:
    history = [
        record(2015),
        record(2016, ContributionKind.ARREARS),
        record(2017, ContributionKind.PAID_ON_BEHALF),
        record(2017),  # own on top of paid on behalf: still one year
        record(2018, reversed_=True),  # reversed: does not count
        record(2019, ContributionKind.COLLECTIVE),  # a collective subsidy alone is not a year
    ]
    assert contribution_years(history) == (2015, 2016, 2017)
    assert contributed_years(history, []) == 3
    assert contributed_years(history, [2012, 2013, 2015]) == 5  # 2015 transferred and local counts once
    assert contributed_years([], [2012, 2013]) == 2


# --- own contributions --------------------------------------------------------------------------------------


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
def test_own_contribution_credits_the_grade_plus_its_subsidy(grade_yuan: int, subsidy_yuan: int) -> None:
    contribution, entries = own(grade_fen=grade_yuan * 100)
    assert (contribution.personal_fen, contribution.subsidy_fen) == (grade_yuan * 100, subsidy_yuan * 100)
    assert [(e.entry_id, e.kind, e.amount_fen) for e in entries] == [
        ("req-1:personal_contribution", K.PERSONAL_CONTRIBUTION, grade_yuan * 100),
        ("req-1:subsidy", K.SUBSIDY, subsidy_yuan * 100),
    ]
    assert balance(entries) == (grade_yuan + subsidy_yuan) * 100


def test_own_contribution_record() -> None:
    contribution, entries = own()
    assert contribution == ContributionRecord(
        contribution_id="req-1",
        year=2026,
        kind=ContributionKind.OWN,
        channel=ContributionChannel.CASH,
        grade_fen=20_000,
        personal_fen=20_000,
        subsidy_fen=4_000,
        paid_on_behalf_fen=0,
        collective_fen=0,
        receipt_number="R-0001",
        agent_id="agent-7",
        paid_on=TODAY,
        policy_version_id=POLICY.policy_version_id,
    )
    assert all(e.value_date == TODAY and e.year == 2026 and e.contribution_id == "req-1" for e in entries)
    assert own() == (contribution, entries)  # the same request plans the same ids


def test_bank_withholding_and_online_need_no_receipt_or_agent() -> None:
    for channel in (ContributionChannel.BANK_WITHHOLDING, ContributionChannel.ONLINE):
        contribution, _ = own(channel=channel, receipt_number="", agent_id="")
        assert contribution.channel == channel


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"receipt_number": " "}, ("RECEIPT_REQUIRED", "receipt_number")),
        ({"agent_id": ""}, ("AGENT_REQUIRED", "agent_id")),
        ({"channel": ContributionChannel.GOVERNMENT}, ("CHANNEL_NOT_ALLOWED", "channel")),
        ({"channel": ContributionChannel.UNSPECIFIED}, ("CHANNEL_NOT_ALLOWED", "channel")),
        ({"grade_fen": 25_000}, ("GRADE_NOT_OFFERED", "grade_fen")),
        ({"year": 2025}, ("CONTRIBUTION_YEAR_NOT_CURRENT", "year")),  # past years are arrears
        ({"year": 2027}, ("CONTRIBUTION_YEAR_NOT_CURRENT", "year")),
        ({"year": 2011, "paid_on": date(2011, 6, 30)}, ("SCHEME_NOT_STARTED", "paid_on")),
        ({"birth_date": date(2011, 1, 1)}, ("CONTRIBUTION_YEAR_BEFORE_FIRST", "year")),  # turns 16 in 2027
        ({"birth_date": date(1966, 3, 1)}, ("PENSION_AGE_REACHED", "paid_on")),  # 60 today
        ({"contribution_id": " "}, ("CONTRIBUTION_ID_REQUIRED", "contribution_id")),
    ],
)
def test_own_contribution_refusals(change: dict[str, object], expected: tuple[str, str]) -> None:
    with pytest.raises(DomainError) as refused:
        own(**change)  # type: ignore[arg-type]
    assert reason_of(refused) == expected


def test_the_day_before_the_pension_age_birthday_is_still_a_contribution_day() -> None:
    contribution, _ = own(birth_date=date(1966, 3, 2))
    assert contribution.year == 2026


def test_the_year_of_turning_16_is_a_contribution_year() -> None:
    contribution, _ = own(birth_date=date(2010, 12, 31))  # 15 today, 16 this year
    assert contribution.year == 2026


def test_one_own_contribution_a_year_unless_the_first_was_reversed() -> None:
    first, _ = own()
    with pytest.raises(DomainError) as refused:
        own(contribution_id="req-2", contributions=[first])
    assert reason_of(refused) == ("CONTRIBUTION_YEAR_ALREADY_PAID", "year")
    again, _ = own(contribution_id="req-2", contributions=[replace(first, reversed=True)])
    assert again.contribution_id == "req-2"


def test_a_recorded_id_is_not_planned_again() -> None:
    first, _ = own()
    with pytest.raises(DomainError) as refused:
        own(contributions=[first], year=2026)
    assert reason_of(refused) == ("CONTRIBUTION_EXISTS", "contribution_id")


def test_legacy_import_records_past_own_contributions_by_the_policy_of_their_date() -> None:
    contribution, entries = own(
        channel=ContributionChannel.LEGACY_IMPORT, receipt_number="", agent_id="", year=2014, paid_on=date(2014, 4, 1)
    )
    assert (contribution.kind, contribution.subsidy_fen, len(entries)) == (ContributionKind.OWN, 4_000, 2)


def test_a_collective_subsidy_tops_up_the_account_without_counting_a_year() -> None:
    contribution, entries = plan_collective_contribution(
        contribution_id="col-1",
        birth_date=date(1970, 5, 1),
        contributions=[],
        year=2026,
        collective_fen=5_000,
        channel=ContributionChannel.BANK_WITHHOLDING,
        receipt_number="",
        agent_id="",
        paid_on=TODAY,
        policy=POLICY,
    )
    assert [(e.kind, e.amount_fen) for e in entries] == [(K.COLLECTIVE_SUBSIDY, 5_000)]
    assert contributed_years([contribution], []) == 0
    assert ledger_contribution_years(entries) == ()


# --- arrears ---------------------------------------------------------------------------------------------------

# Born 1970-05-01: 60 on 2030-05-01, so 15 required years, and on 2026-03-01 five normal years ahead (2026-2030).
BORN = date(1970, 5, 1)


def past_years(count: int) -> list[ContributionRecord]:
    return [record(year) for year in range(2011, 2011 + count)]


@pytest.mark.parametrize(
    ("contributed", "allowed", "lacking"),
    [
        (9, True, 1),  # 9 + 5 = 14 possible: one short of 15
        (10, False, 0),  # 10 + 5 = 15: reachable without arrears
        (11, False, 0),  # 11 + 5 = 16
    ],
)
def test_arrears_eligibility_at_and_either_side_of_the_boundary(contributed: int, allowed: bool, lacking: int) -> None:
    allowance = arrears_allowance(BORN, past_years(contributed), [], TODAY, POLICY)
    assert (allowance.required_years, allowance.normal_years_ahead) == (15, 5)
    assert (allowance.allowed, allowance.years_lacking) == (allowed, lacking)
    if allowed:
        assert allowance.eligible_years == tuple(range(2011 + contributed, 2026))
    else:
        assert allowance.eligible_years == ()


@pytest.mark.parametrize(
    ("birth_date", "ahead", "allowed"),
    [
        (date(1970, 1, 1), 4, True),  # 60 on 1 January 2030: 2030 has no day to pay in, 10 + 4 = 14
        (date(1970, 1, 2), 5, False),  # 60 on 2 January 2030: 1 January 2030 is still a payment day, 10 + 5 = 15
    ],
)
def test_the_pension_age_year_counts_while_it_has_a_day_before_the_birthday(
    birth_date: date, ahead: int, allowed: bool
) -> None:
    assert normal_years_ahead(birth_date, [], TODAY, POLICY) == ahead
    assert arrears_allowance(birth_date, past_years(10), [], TODAY, POLICY).allowed is allowed


def test_paying_this_year_does_not_change_eligibility() -> None:
    before = arrears_allowance(BORN, past_years(9), [], TODAY, POLICY)
    after = arrears_allowance(BORN, [*past_years(9), record(2026)], [], TODAY, POLICY)
    assert (before.allowed, before.years_lacking) == (after.allowed, after.years_lacking) == (True, 1)


def test_transferred_in_years_count_towards_reaching_the_required_years() -> None:
    assert arrears_allowance(BORN, past_years(9), [2008], TODAY, POLICY).allowed is False


def test_close_to_pension_age_at_the_scheme_start() -> None:
    born = date(1960, 9, 1)  # 60 on 2020-09-01: 9 required years
    allowance = arrears_allowance(born, [], [], date(2019, 3, 1), POLICY)
    assert (allowance.required_years, allowance.normal_years_ahead, allowance.years_lacking) == (9, 2, 7)
    assert allowance.eligible_years == tuple(range(2011, 2019))


def test_after_pension_age_arrears_may_still_fill_the_shortfall() -> None:
    born = date(1960, 9, 1)
    allowance = arrears_allowance(born, past_years(4), [], date(2021, 3, 1), POLICY)
    assert (allowance.normal_years_ahead, allowance.years_lacking) == (0, 5)
    assert allowance.eligible_years == tuple(range(2015, 2021))  # 2020 had days before the birthday


def test_arrears_reach_back_only_to_the_year_of_turning_16() -> None:
    # With a pension age of 50 and 30 full years, someone born in 1998 (16 in 2014) is short even today.
    policy = replace(POLICY, pension_age=50, full_contribution_years=30)
    allowance = arrears_allowance(date(1998, 6, 1), [], [], TODAY, policy)
    assert (allowance.allowed, allowance.years_lacking) == (True, 7)
    assert allowance.eligible_years[0] == 2014
    assert allowance.eligible_years[-1] == 2025


def arrears(
    years: list[int],
    contributions: list[ContributionRecord],
    *,
    birth_date: date = BORN,
    transferred: tuple[int, ...] = (),
    grade_fen: int = 50_000,
    request_id: str = "req-a",
) -> tuple[tuple[ContributionRecord, tuple[LedgerEntry, ...]], ...]:
    return plan_arrears(
        request_id=request_id,
        birth_date=birth_date,
        contributions=contributions,
        transferred_in_years=transferred,
        years=years,
        grade_fen=grade_fen,
        channel=ContributionChannel.CASH,
        receipt_number="R-9",
        agent_id="agent-7",
        paid_on=TODAY,
        policy=POLICY,
    )


def test_arrears_are_personal_money_only_without_subsidy() -> None:
    history = past_years(7)  # 2011-2017; 7 + 5 = 12, three short
    planned = arrears([2018, 2019, 2020], history)
    assert [c.contribution_id for c, _ in planned] == ["req-a:2018", "req-a:2019", "req-a:2020"]
    for contribution, entries in planned:
        assert (contribution.kind, contribution.personal_fen, contribution.subsidy_fen) == (
            ContributionKind.ARREARS,
            50_000,
            0,
        )
        assert [(e.kind, e.amount_fen) for e in entries] == [(K.PERSONAL_CONTRIBUTION, 50_000)]
        assert entries[0].value_date == TODAY
    after = [*history, *(c for c, _ in planned)]
    allowance = arrears_allowance(BORN, after, [], TODAY, POLICY)
    assert allowance.contributed_years + allowance.normal_years_ahead == allowance.required_years
    assert allowance.allowed is False


def test_arrears_are_capped_at_the_shortfall() -> None:
    with pytest.raises(DomainError) as refused:
        arrears([2018, 2019, 2020, 2021], past_years(7))
    assert reason_of(refused) == ("ARREARS_EXCEEDS_SHORTFALL", "years")


def test_no_arrears_for_someone_who_can_reach_the_required_years() -> None:
    with pytest.raises(DomainError) as refused:
        arrears([2021], past_years(10))
    assert reason_of(refused) == ("ARREARS_NOT_ALLOWED", "year")


def test_once_the_shortfall_is_paid_further_arrears_are_refused() -> None:
    history = past_years(9)
    planned = arrears([2020], history)
    with pytest.raises(DomainError) as refused:
        arrears([2021], [*history, planned[0][0]], request_id="req-b")
    assert reason_of(refused) == ("ARREARS_NOT_ALLOWED", "year")


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        ([2011], ("CONTRIBUTION_YEAR_ALREADY_PAID", "year")),
        ([2026], ("ARREARS_NOT_ALLOWED", "year")),  # the current year is an own contribution
        ([2010], ("ARREARS_NOT_ALLOWED", "year")),  # before the scheme start
        ([], ("YEARS_REQUIRED", "years")),
        ([2018, 2018], ("YEAR_REPEATED", "years")),
    ],
)
def test_arrears_refusals(years: list[int], expected: tuple[str, str]) -> None:
    with pytest.raises(DomainError) as refused:
        arrears(years, past_years(7))
    assert reason_of(refused) == expected


def test_arrears_refuse_a_grade_not_offered() -> None:
    with pytest.raises(DomainError) as refused:
        arrears([2018], past_years(7), grade_fen=12_300)
    assert reason_of(refused) == ("GRADE_NOT_OFFERED", "grade_fen")


# --- paid on behalf ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    group: int
    effective_from: date
    effective_until: date | None = None


def paid_on_behalf(
    groups: list[Membership],
    contributions: list[ContributionRecord] | None = None,
    *,
    year: int = 2026,
    birth_date: date = BORN,
    batch_id: str = "411723:2026",
    policy: PolicyVersion = POLICY,
) -> tuple[ContributionRecord, tuple[LedgerEntry, ...]] | None:
    return plan_paid_on_behalf(
        resident_id="r-1",
        birth_date=birth_date,
        special_groups=groups,
        year=year,
        contributions=contributions or [],
        policy=policy,
        batch_id=batch_id,
        paid_on=date(year, 6, 30),
    )


@pytest.mark.parametrize(
    "group",
    [SpecialGroup.SEVERE_DISABILITY, SpecialGroup.MINIMUM_LIVING_ALLOWANCE, SpecialGroup.EXTREME_POVERTY],
)
def test_paid_on_behalf_is_the_lowest_grade_paid_by_the_county_plus_its_subsidy(group: SpecialGroup) -> None:
    planned = paid_on_behalf([Membership(group, date(2020, 1, 1))])
    assert planned is not None
    contribution, entries = planned
    assert contribution.contribution_id == "411723:2026:r-1"
    assert (contribution.kind, contribution.channel, contribution.batch_id) == (
        ContributionKind.PAID_ON_BEHALF,
        ContributionChannel.GOVERNMENT,
        "411723:2026",
    )
    assert (contribution.grade_fen, contribution.personal_fen) == (20_000, 0)
    assert (contribution.paid_on_behalf_fen, contribution.subsidy_fen) == (20_000, 4_000)
    assert [(e.entry_id, e.kind, e.amount_fen) for e in entries] == [
        ("411723:2026:r-1:paid_on_behalf", K.PAID_ON_BEHALF, 20_000),
        ("411723:2026:r-1:subsidy", K.SUBSIDY, 4_000),
    ]
    assert contributed_years([contribution], []) == 1


def test_running_the_batch_twice_credits_once() -> None:
    groups = [Membership(SpecialGroup.MINIMUM_LIVING_ALLOWANCE, date(2020, 1, 1))]
    first = paid_on_behalf(groups)
    assert first is not None
    assert paid_on_behalf(groups, [first[0]]) is None
    assert paid_on_behalf(groups, [first[0]], batch_id="411723:2026:rerun") is None  # any batch: once a year


def test_a_reversed_paid_on_behalf_contribution_can_be_paid_by_a_new_batch_but_not_the_same_one() -> None:
    groups = [Membership(SpecialGroup.EXTREME_POVERTY, date(2020, 1, 1))]
    first = paid_on_behalf(groups)
    assert first is not None
    reversed_first = replace(first[0], reversed=True)
    assert paid_on_behalf(groups, [reversed_first]) is None
    assert paid_on_behalf(groups, [reversed_first], batch_id="411723:2026:2") is not None


@pytest.mark.parametrize(
    ("membership", "planned"),
    [
        (Membership(SpecialGroup.SEVERE_DISABILITY, date(2026, 12, 31)), True),  # from the last day of the year
        (Membership(SpecialGroup.SEVERE_DISABILITY, date(2020, 1, 1), date(2026, 1, 1)), True),  # to the first day
        (Membership(SpecialGroup.SEVERE_DISABILITY, date(2027, 1, 1)), False),
        (Membership(SpecialGroup.SEVERE_DISABILITY, date(2020, 1, 1), date(2025, 12, 31)), False),
        (Membership(SpecialGroup.UNSPECIFIED, date(2020, 1, 1)), False),
    ],
)
def test_membership_on_any_day_of_the_year_qualifies(membership: Membership, planned: bool) -> None:
    assert (paid_on_behalf([membership]) is not None) is planned


def test_no_group_no_contribution() -> None:
    assert paid_on_behalf([]) is None


@pytest.mark.parametrize(
    ("birth_date", "planned"),
    [
        (date(1966, 1, 2), True),  # 60 on 2 January 2026: 1 January is a contribution day
        (date(1966, 1, 1), False),  # 60 on 1 January 2026: no contribution day left in 2026
        (date(2010, 12, 31), True),  # turns 16 this year
        (date(2011, 1, 1), False),  # turns 16 next year
    ],
)
def test_paid_on_behalf_only_within_the_contribution_years(birth_date: date, planned: bool) -> None:
    groups = [Membership(SpecialGroup.SEVERE_DISABILITY, date(2000, 1, 1))]
    assert (paid_on_behalf(groups, birth_date=birth_date) is not None) is planned


def test_a_member_of_several_groups_gets_one_contribution_by_the_most_generous_rule() -> None:
    rules = (
        PaidOnBehalfRule(SpecialGroup.SEVERE_DISABILITY, 20_000, 20_000, with_subsidy=True),
        PaidOnBehalfRule(SpecialGroup.MINIMUM_LIVING_ALLOWANCE, 20_000, 10_000, with_subsidy=False),
    )
    policy = replace(POLICY, paid_on_behalf_rules=rules)
    both = [
        Membership(SpecialGroup.MINIMUM_LIVING_ALLOWANCE, date(2020, 1, 1)),
        Membership(SpecialGroup.SEVERE_DISABILITY, date(2020, 1, 1)),
    ]
    planned = paid_on_behalf(both, policy=policy)
    assert planned is not None
    assert planned[0].paid_on_behalf_fen == 20_000
    partial = paid_on_behalf([both[0]], policy=policy)
    assert partial is not None
    assert [(e.kind, e.amount_fen) for e in partial[1]] == [(K.PAID_ON_BEHALF, 10_000)]  # no subsidy


# --- reversal -----------------------------------------------------------------------------------------------------


def test_a_reversal_marks_the_contribution_and_appends_compensating_entries() -> None:
    earlier, earlier_entries = own(contribution_id="c-2025", year=2025, paid_on=date(2025, 4, 1))
    mistaken, mistaken_entries = own(contribution_id="c-2026", contributions=[earlier], grade_fen=300_000)
    contributions = [earlier, mistaken]
    ledger = [*earlier_entries, *mistaken_entries]
    posted = list(ledger)

    reversed_record, compensating = plan_reversal(contributions, ledger, "c-2026", "wrong grade", on=TODAY)
    assert (reversed_record.reversed, reversed_record.reversal_reason) == (True, "wrong grade")
    assert replace(reversed_record, reversed=False, reversal_reason="") == mistaken  # nothing else changes
    assert all(entry.reverses_entry_id for entry in compensating)
    assert ledger == posted  # the entries stand; new ones are appended
    ledger += compensating
    assert balance(ledger) == balance(earlier_entries)
    contributions = [earlier, reversed_record]
    assert contribution_years(contributions) == ledger_contribution_years(ledger) == (2025,)

    with pytest.raises(DomainError) as refused:
        plan_reversal(contributions, ledger, "c-2026", "again", on=TODAY)
    assert reason_of(refused) == ("CONTRIBUTION_ALREADY_REVERSED", "contribution_id")

    # The year is open again for a contribution at the right grade.
    corrected, _ = own(contribution_id="c-2026b", contributions=contributions)
    assert corrected.grade_fen == 20_000


def test_reversing_an_unknown_contribution_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        plan_reversal([], [], "nope", "typo", on=TODAY)
    assert reason_of(refused) == ("CONTRIBUTION_NOT_FOUND", "contribution_id")


def test_contributed_years_agree_between_the_records_and_the_ledger() -> None:
    born = date(1960, 9, 1)  # 60 in 2020, 9 required years
    contributions: list[ContributionRecord] = []
    ledger: list[LedgerEntry] = []
    for year in (2012, 2013, 2015):
        contribution, entries = own(
            contribution_id=f"c-{year}",
            birth_date=born,
            contributions=contributions,
            year=year,
            paid_on=date(year, 4, 1),
        )
        contributions.append(contribution)
        ledger += entries
    groups = [Membership(SpecialGroup.SEVERE_DISABILITY, date(2016, 1, 1))]
    pob = paid_on_behalf(groups, year=2016, birth_date=born, batch_id="b16")
    assert pob is not None
    contributions.append(pob[0])
    ledger += pob[1]
    late = arrears([2014], contributions, birth_date=born)  # 4 of 9 years, past 60: arrears allowed
    contributions.append(late[0][0])
    ledger += late[0][1]
    assert contribution_years(contributions) == ledger_contribution_years(ledger) == (2012, 2013, 2014, 2015, 2016)
