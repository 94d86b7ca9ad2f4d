"""The individual account: an append-only ledger, year-end interest (docs/domain.md), reversals, the statement."""

from datetime import UTC, date, datetime

import pytest

from pension.enrolment.v1 import enrolment_pb2
from pension_enrolment.domain.account import (
    AccountEntryKind,
    LedgerEntry,
    annual_statement,
    balance,
    balance_before,
    balance_on,
    debit_entry,
    entries_for_reversal,
    entries_to_post,
    interest_entry,
    ledger_contribution_years,
    transfer_in_entry,
)
from pension_enrolment.domain.contributions import ContributionChannel, ContributionRecord, plan_own_contribution
from pension_kit.errors import DomainError
from pension_kit.policy import demo_policy

RATE = 25_000  # 2.5%
RESIDENT = "r-1"
K = AccountEntryKind


def credit(
    entry_id: str, amount_fen: int, value_date: date, kind: AccountEntryKind = K.PERSONAL_CONTRIBUTION
) -> LedgerEntry:
    return LedgerEntry(entry_id, kind, amount_fen, value_date, value_date.year, contribution_id=entry_id.split(":")[0])


def reason_of(error: pytest.ExceptionInfo[DomainError]) -> tuple[str, str]:
    return error.value.reason, error.value.field


def test_entry_kinds_mirror_the_proto_enum() -> None:
    assert {f"ACCOUNT_ENTRY_KIND_{kind.name}": kind.value for kind in AccountEntryKind} == dict(
        enrolment_pb2.AccountEntryKind.items()
    )


def test_balance_is_the_sum_of_the_entries() -> None:
    ledger = [credit("a:x", 20_000, date(2024, 3, 1)), credit("b:x", 4_000, date(2024, 3, 1), K.SUBSIDY)]
    ledger.append(LedgerEntry("d", K.PENSION_DRAWDOWN, -1_000, date(2024, 5, 1), 0))
    assert balance(ledger) == 23_000
    assert balance([]) == 0


def test_balance_on_a_day_includes_it_and_balance_before_a_day_does_not() -> None:
    ledger = [credit("a:x", 10_000, date(2024, 12, 31)), credit("b:x", 5_000, date(2025, 1, 1))]
    assert balance_on(ledger, date(2024, 12, 31)) == 10_000
    assert balance_before(ledger, date(2025, 1, 1)) == 10_000
    assert balance_on(ledger, date(2025, 1, 1)) == 15_000
    assert balance_before(ledger, date(2024, 12, 31)) == 0


# --- interest -------------------------------------------------------------------------------------------


def test_interest_is_the_1_january_balance_times_the_rate_valued_31_december() -> None:
    ledger = [credit("a:x", 10_000, date(2024, 6, 15))]
    entry = interest_entry(ledger, 2025, RATE, RESIDENT)
    assert entry == LedgerEntry(f"{RESIDENT}:interest:2025", K.INTEREST, 250, date(2025, 12, 31), 2025)


def test_a_contribution_made_during_the_year_earns_from_the_next_year() -> None:
    ledger = [credit("a:x", 10_000, date(2025, 6, 1))]
    assert interest_entry(ledger, 2025, RATE, RESIDENT) is None
    assert interest_entry(ledger, 2026, RATE, RESIDENT) is not None


def test_a_contribution_on_1_january_earns_nothing_that_year_but_one_on_31_december_before_does() -> None:
    assert interest_entry([credit("a:x", 10_000, date(2025, 1, 1))], 2025, RATE, RESIDENT) is None
    entry = interest_entry([credit("a:x", 10_000, date(2024, 12, 31))], 2025, RATE, RESIDENT)
    assert entry is not None
    assert entry.amount_fen == 250


def test_worked_example_over_three_years_compounds_yearly() -> None:
    # 2023-03-01: 200-yuan grade + 40 subsidy. 2024-05-10: the same again.
    ledger = [
        credit("c23:personal_contribution", 20_000, date(2023, 3, 1)),
        credit("c23:subsidy", 4_000, date(2023, 3, 1), K.SUBSIDY),
    ]
    assert interest_entry(ledger, 2023, RATE, RESIDENT) is None  # nothing on 1 January 2023
    interest_2024 = interest_entry(ledger, 2024, RATE, RESIDENT)
    assert interest_2024 is not None
    assert interest_2024.amount_fen == 600  # 24,000 x 2.5%
    ledger += [
        credit("c24:personal_contribution", 20_000, date(2024, 5, 10)),
        credit("c24:subsidy", 4_000, date(2024, 5, 10), K.SUBSIDY),
        interest_2024,
    ]
    interest_2025 = interest_entry(ledger, 2025, RATE, RESIDENT)
    assert interest_2025 is not None
    # 1 January 2025: 24,000 + 600 (2024's interest, credited 31 December 2024) + 24,000 = 48,600.
    assert interest_2025.amount_fen == 1_215


def test_interest_credited_for_the_year_is_not_credited_again() -> None:
    ledger = [credit("a:x", 10_000, date(2024, 6, 15))]
    first = interest_entry(ledger, 2025, RATE, RESIDENT)
    assert first is not None
    ledger.append(first)
    assert interest_entry(ledger, 2025, RATE, RESIDENT) is None
    assert entries_to_post(ledger, [first]) == ()  # a retried post of the same entry posts nothing


@pytest.mark.parametrize(
    ("opening_fen", "interest_fen"),
    [(1, None), (19, None), (20, 1), (60, 2), (10_000, 250), (123_456_789, 3_086_420)],
)
def test_interest_rounds_half_up_to_the_fen(opening_fen: int, interest_fen: int | None) -> None:
    entry = interest_entry([credit("a:x", opening_fen, date(2024, 1, 1))], 2025, RATE, RESIDENT)
    assert (entry.amount_fen if entry else None) == interest_fen


def test_no_interest_on_an_empty_account_or_at_a_zero_rate() -> None:
    assert interest_entry([], 2025, RATE, RESIDENT) is None
    emptied = [credit("a:x", 10_000, date(2024, 1, 1)), LedgerEntry("o", K.TRANSFER_OUT, -10_000, date(2024, 6, 1), 0)]
    assert interest_entry(emptied, 2025, RATE, RESIDENT) is None
    assert interest_entry([credit("a:x", 10_000, date(2024, 1, 1))], 2025, 0, RESIDENT) is None


def test_a_negative_rate_is_refused_and_a_float_rate_is_a_type_error() -> None:
    with pytest.raises(DomainError) as refused:
        interest_entry([credit("a:x", 10_000, date(2024, 1, 1))], 2025, -1, RESIDENT)
    assert reason_of(refused) == ("INTEREST_RATE_NEGATIVE", "rate_ppm")
    with pytest.raises(TypeError):
        interest_entry([credit("a:x", 10_000, date(2024, 1, 1))], 2025, 0.025, RESIDENT)  # type: ignore[arg-type]


def test_interest_for_one_year_does_not_count_a_later_backdated_view() -> None:
    # Recomputing 2024's interest in 2026 gives the first answer: 2025's entries are not in the 1 January 2024 balance.
    ledger = [credit("a:x", 10_000, date(2023, 6, 1)), credit("b:x", 90_000, date(2025, 6, 1))]
    entry = interest_entry(ledger, 2024, RATE, RESIDENT)
    assert entry is not None
    assert entry.amount_fen == 250


# --- reversals --------------------------------------------------------------------------------------------


def _contribution_ledger() -> list[LedgerEntry]:
    return [
        credit("c1:personal_contribution", 20_000, date(2024, 3, 1)),
        credit("c1:subsidy", 4_000, date(2024, 3, 1), K.SUBSIDY),
        credit("c2:personal_contribution", 30_000, date(2025, 3, 1)),
        credit("c2:subsidy", 4_000, date(2025, 3, 1), K.SUBSIDY),
    ]


def test_a_reversal_appends_opposite_entries_and_restores_the_balance() -> None:
    ledger = _contribution_ledger()
    before = list(ledger)
    reversal = entries_for_reversal(ledger, "c2", "wrong grade", on=date(2025, 3, 2))
    assert [(e.entry_id, e.kind, e.amount_fen, e.reverses_entry_id) for e in reversal] == [
        ("c2:personal_contribution:reversal", K.PERSONAL_CONTRIBUTION, -30_000, "c2:personal_contribution"),
        ("c2:subsidy:reversal", K.SUBSIDY, -4_000, "c2:subsidy"),
    ]
    assert all(e.value_date == date(2025, 3, 2) and e.source_ref == "wrong grade" for e in reversal)
    assert ledger == before  # nothing edited or removed
    assert balance(ledger + reversal) == 24_000


def test_a_reversal_is_valued_on_its_day_so_past_balances_do_not_move() -> None:
    ledger = _contribution_ledger()
    reversal = entries_for_reversal(ledger, "c1", "paid twice", on=date(2026, 2, 1))
    assert balance_on(ledger + reversal, date(2025, 12, 31)) == balance_on(ledger, date(2025, 12, 31))


def test_a_second_reversal_is_refused() -> None:
    ledger = _contribution_ledger()
    ledger += entries_for_reversal(ledger, "c2", "wrong grade", on=date(2025, 3, 2))
    with pytest.raises(DomainError) as refused:
        entries_for_reversal(ledger, "c2", "again", on=date(2025, 3, 3))
    assert reason_of(refused) == ("CONTRIBUTION_ALREADY_REVERSED", "contribution_id")


@pytest.mark.parametrize(
    ("contribution_id", "reason", "on", "expected"),
    [
        ("nope", "typo", date(2025, 4, 1), ("CONTRIBUTION_NOT_FOUND", "contribution_id")),
        ("c2", " ", date(2025, 4, 1), ("REVERSAL_REASON_REQUIRED", "reason")),
        ("c2", "typo", date(2025, 2, 28), ("REVERSAL_BEFORE_CONTRIBUTION", "on")),
    ],
)
def test_reversal_refusals(contribution_id: str, reason: str, on: date, expected: tuple[str, str]) -> None:
    with pytest.raises(DomainError) as refused:
        entries_for_reversal(_contribution_ledger(), contribution_id, reason, on=on)
    assert reason_of(refused) == expected


def test_a_reversal_that_would_overdraw_the_account_is_refused() -> None:
    ledger = [*_contribution_ledger(), LedgerEntry("t", K.TRANSFER_OUT, -50_000, date(2025, 6, 1), 0)]
    with pytest.raises(DomainError) as refused:
        entries_for_reversal(ledger, "c2", "wrong grade", on=date(2025, 7, 1))
    assert reason_of(refused) == ("ACCOUNT_BALANCE_INSUFFICIENT", "contribution_id")


# --- debits, transfers, posting --------------------------------------------------------------------------


def test_a_debit_up_to_the_balance_is_posted_negative() -> None:
    ledger = _contribution_ledger()
    entry = debit_entry(
        ledger,
        entry_id="inherit-1",
        kind=K.INHERITANCE_PAYOUT,
        amount_fen=58_000,
        value_date=date(2026, 1, 5),
        source_ref="payout-9",
    )
    assert entry.amount_fen == -58_000
    assert balance([*ledger, entry]) == 0


def test_a_debit_larger_than_the_balance_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        debit_entry(
            _contribution_ledger(),
            entry_id="d-1",
            kind=K.PENSION_DRAWDOWN,
            amount_fen=58_001,
            value_date=date(2026, 1, 5),
            source_ref="payment-1",
        )
    assert reason_of(refused) == ("ACCOUNT_BALANCE_INSUFFICIENT", "amount_fen")


@pytest.mark.parametrize(
    ("kind", "amount_fen", "expected"),
    [
        (K.INTEREST, 100, ("ENTRY_KIND_NOT_DEBIT", "kind")),
        (K.PENSION_DRAWDOWN, 0, ("AMOUNT_NOT_POSITIVE", "amount_fen")),
        (K.PENSION_DRAWDOWN, -100, ("AMOUNT_NOT_POSITIVE", "amount_fen")),
    ],
)
def test_debit_refusals(kind: AccountEntryKind, amount_fen: int, expected: tuple[str, str]) -> None:
    with pytest.raises(DomainError) as refused:
        debit_entry(
            _contribution_ledger(),
            entry_id="d",
            kind=kind,
            amount_fen=amount_fen,
            value_date=date(2026, 1, 1),
            source_ref="x",
        )
    assert reason_of(refused) == expected


def test_transfer_in() -> None:
    entry = transfer_in_entry(entry_id="tr-1", amount_fen=150_000, value_date=date(2025, 9, 1), source_ref="doc-7")
    assert (entry.kind, entry.amount_fen, entry.year) == (K.TRANSFER_IN, 150_000, 0)
    with pytest.raises(DomainError):
        transfer_in_entry(entry_id="tr-2", amount_fen=-1, value_date=date(2025, 9, 1), source_ref="doc-8")


def test_posting_the_same_id_with_other_content_is_a_conflict() -> None:
    ledger = _contribution_ledger()
    fresh = credit("c3:personal_contribution", 20_000, date(2026, 3, 1))
    assert entries_to_post(ledger, [ledger[0], fresh]) == (fresh,)
    with pytest.raises(DomainError) as refused:
        entries_to_post(ledger, [credit("c1:personal_contribution", 1, date(2024, 3, 1))])
    assert reason_of(refused) == ("ENTRY_ID_CONFLICT", "entry_id")


def test_contributed_years_from_the_ledger() -> None:
    ledger = _contribution_ledger()
    ledger.append(credit("col:collective_subsidy", 5_000, date(2023, 4, 1), K.COLLECTIVE_SUBSIDY))
    assert ledger_contribution_years(ledger) == (2024, 2025)  # a collective subsidy alone is not a year
    ledger += entries_for_reversal(ledger, "c2", "wrong resident", on=date(2025, 4, 1))
    assert ledger_contribution_years(ledger) == (2024,)
    assert ledger_contribution_years(ledger, [2018, 2024]) == (2018, 2024)


# --- the annual statement ----------------------------------------------------------------------------------


def test_annual_statement() -> None:
    policy = demo_policy("411723", datetime(2026, 1, 1, tzinfo=UTC))
    contributions: list[ContributionRecord] = []
    ledger: list[LedgerEntry] = []
    for year, grade in ((2023, 20_000), (2024, 50_000)):
        record, entries = plan_own_contribution(
            contribution_id=f"c{year}",
            birth_date=date(1970, 5, 1),
            contributions=contributions,
            year=year,
            grade_fen=grade,
            channel=ContributionChannel.ONLINE,
            receipt_number="",
            agent_id="",
            paid_on=date(year, 4, 1),
            policy=policy,
        )
        contributions.append(record)
        ledger += entries
        interest = interest_entry(ledger, year, RATE, RESIDENT)
        if interest is not None:
            ledger.append(interest)
    ledger.append(transfer_in_entry(entry_id="tr", amount_fen=10_000, value_date=date(2024, 8, 1), source_ref="d"))

    statement = annual_statement(ledger, contributions, 2024, transferred_in_years=[2019, 2030])
    assert statement.opening_balance_fen == 24_000
    assert (statement.personal_fen, statement.subsidy_fen) == (50_000, 6_000)
    assert statement.interest_fen == 600  # 24,000 on 1 January 2024 at 2.5%
    assert statement.transfer_in_fen == 10_000
    assert statement.closing_balance_fen == 24_000 + 50_000 + 6_000 + 600 + 10_000
    movements = (
        statement.personal_fen
        + statement.subsidy_fen
        + statement.collective_fen
        + statement.paid_on_behalf_fen
        + statement.interest_fen
        + statement.transfer_in_fen
        + statement.transfer_out_fen
        + statement.drawdown_fen
        + statement.inheritance_payout_fen
    )
    assert statement.opening_balance_fen + movements == statement.closing_balance_fen
    assert [c.contribution_id for c in statement.contributions] == ["c2024"]
    assert statement.contributed_years == 3  # 2019 (transferred in), 2023, 2024; 2030 is after the statement
    assert all(entry.value_date.year == 2024 for entry in statement.entries)

    # A reversal in 2025 shows in 2025's statement and leaves 2024's as it was.
    ledger += entries_for_reversal(ledger, "c2024", "wrong grade", on=date(2025, 2, 1))
    assert annual_statement(ledger, contributions, 2024, [2019]).closing_balance_fen == statement.closing_balance_fen
    later = annual_statement(ledger, contributions, 2025, [2019])
    assert later.opening_balance_fen == statement.closing_balance_fen
    assert (later.personal_fen, later.subsidy_fen) == (-50_000, -6_000)
    assert later.contributed_years == 2
