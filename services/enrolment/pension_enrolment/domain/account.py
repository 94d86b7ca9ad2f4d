"""The individual account as an append-only ledger: balances, year-end interest, reversals, annual statement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Final

from pension_kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from pension_kit.money import apply_rate_ppm, require_fen

if TYPE_CHECKING:
    from pension_enrolment.domain.contributions import ContributionRecord

__all__ = [
    "CONTRIBUTION_ENTRY_KINDS",
    "CREDIT_KINDS",
    "DEBIT_KINDS",
    "AccountEntryKind",
    "AnnualStatement",
    "LedgerEntry",
    "annual_statement",
    "balance",
    "balance_before",
    "balance_on",
    "contribution_entry_id",
    "debit_entry",
    "entries_for_reversal",
    "entries_to_post",
    "interest_entry",
    "interest_entry_id",
    "ledger_contribution_years",
    "reversal_entry_id",
    "transfer_in_entry",
]


class AccountEntryKind(IntEnum):
    """Mirrors pension.enrolment.v1.AccountEntryKind."""

    UNSPECIFIED = 0
    PERSONAL_CONTRIBUTION = 1
    SUBSIDY = 2
    COLLECTIVE_SUBSIDY = 3
    PAID_ON_BEHALF = 4
    INTEREST = 5
    TRANSFER_IN = 6
    TRANSFER_OUT = 7
    PENSION_DRAWDOWN = 8
    INHERITANCE_PAYOUT = 9


CREDIT_KINDS: Final = frozenset(
    {
        AccountEntryKind.PERSONAL_CONTRIBUTION,
        AccountEntryKind.SUBSIDY,
        AccountEntryKind.COLLECTIVE_SUBSIDY,
        AccountEntryKind.PAID_ON_BEHALF,
        AccountEntryKind.INTEREST,
        AccountEntryKind.TRANSFER_IN,
    }
)
DEBIT_KINDS: Final = frozenset(
    {AccountEntryKind.TRANSFER_OUT, AccountEntryKind.PENSION_DRAWDOWN, AccountEntryKind.INHERITANCE_PAYOUT}
)
# The entries that make a calendar year a contributed year: someone's money went in for it (a subsidy or
# collective subsidy alone does not).
CONTRIBUTION_ENTRY_KINDS: Final = frozenset({AccountEntryKind.PERSONAL_CONTRIBUTION, AccountEntryKind.PAID_ON_BEHALF})


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of the ledger; credits positive, debits negative. A reversal is a new line, never an edit."""

    entry_id: str
    kind: AccountEntryKind
    amount_fen: int
    value_date: date
    year: int  # the contribution or interest year; 0 otherwise
    contribution_id: str = ""
    reverses_entry_id: str = ""
    source_ref: str = ""


# --- deterministic ids: a retried cause posts its entries once ----------------------------------------


def contribution_entry_id(contribution_id: str, kind: AccountEntryKind) -> str:
    return f"{contribution_id}:{kind.name.lower()}"


def interest_entry_id(resident_id: str, year: int) -> str:
    return f"{resident_id}:interest:{year}"


def reversal_entry_id(entry_id: str) -> str:
    return f"{entry_id}:reversal"


# --- balances ----------------------------------------------------------------------------------------


def balance(entries: Iterable[LedgerEntry]) -> int:
    """The balance: the sum of every entry."""
    return sum(entry.amount_fen for entry in entries)


def balance_on(entries: Iterable[LedgerEntry], day: date) -> int:
    """The balance at the end of `day`: entries valued on or before it."""
    return sum(entry.amount_fen for entry in entries if entry.value_date <= day)


def balance_before(entries: Iterable[LedgerEntry], day: date) -> int:
    """The balance at the start of `day`: entries valued before it (so 31 December's interest is in 1 January's)."""
    return sum(entry.amount_fen for entry in entries if entry.value_date < day)


def _refuse_overdraft(entries: Sequence[LedgerEntry], new: Sequence[LedgerEntry], field: str) -> None:
    # The account never goes below zero: once it is empty the pooled fund pays (payout's concern).
    after = balance(entries) + balance(new)
    if after < 0:
        raise FailedPrecondition(
            "ACCOUNT_BALANCE_INSUFFICIENT",
            f"the account holds {balance(entries)} fen; this would leave {after} fen",
            field=field,
            message_zh="个人账户余额不足",
        )


def entries_to_post(existing: Sequence[LedgerEntry], proposed: Sequence[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    """The proposed entries not yet in the ledger; an id already posted with other content is a conflict."""
    by_id = {entry.entry_id: entry for entry in existing}
    fresh: list[LedgerEntry] = []
    for entry in proposed:
        posted = by_id.get(entry.entry_id)
        if posted is None:
            fresh.append(entry)
        elif posted != entry:
            raise AlreadyExists(
                "ENTRY_ID_CONFLICT",
                f"entry {entry.entry_id} was already posted with different content",
                field="entry_id",
            )
    return tuple(fresh)


# --- interest ------------------------------------------------------------------------------------------


def interest_entry(entries: Sequence[LedgerEntry], year: int, rate_ppm: int, resident_id: str) -> LedgerEntry | None:
    """Interest for `year`: balance at the start of 1 January x the year's rate, half up, valued 31 December.

    Money paid in during the year earns from the next year; last year's interest (valued 31 December) is in the
    1 January balance, so interest compounds yearly. None when the year is already credited (the same entry id
    is posted: running the job twice credits once) or when there is nothing to credit (an empty account, or a
    balance so small that its interest rounds to 0 fen).
    """
    if require_fen(rate_ppm, "rate_ppm") < 0:
        raise InvalidArgument("INTEREST_RATE_NEGATIVE", f"rate {rate_ppm} ppm is negative", field="rate_ppm")
    entry_id = interest_entry_id(resident_id, year)
    if any(entry.entry_id == entry_id for entry in entries):
        return None
    opening = balance_before(entries, date(year, 1, 1))
    amount = apply_rate_ppm(opening, rate_ppm) if opening > 0 else 0
    if amount == 0:
        return None
    return LedgerEntry(
        entry_id=entry_id,
        kind=AccountEntryKind.INTEREST,
        amount_fen=amount,
        value_date=date(year, 12, 31),
        year=year,
    )


# --- reversals, debits, transfers ----------------------------------------------------------------------


def entries_for_reversal(
    entries: Sequence[LedgerEntry], contribution_id: str, reason: str, *, on: date
) -> list[LedgerEntry]:
    """New entries cancelling a contribution's entries: same kind, opposite amount, valued `on`.

    They are valued on the reversal date, not back-dated, so balances of past days (and the interest already
    credited on them) stay what they were: recomputing a past year gives the same answer.
    """
    if not reason.strip():
        raise InvalidArgument("REVERSAL_REASON_REQUIRED", "a reversal needs a reason", field="reason")
    originals = [e for e in entries if e.contribution_id == contribution_id and not e.reverses_entry_id]
    if not originals:
        raise NotFound(
            "CONTRIBUTION_NOT_FOUND",
            f"no entries of contribution {contribution_id}",
            field="contribution_id",
            message_zh="未找到该缴费记录",
        )
    original_ids = {entry.entry_id for entry in originals}
    if any(entry.reverses_entry_id in original_ids for entry in entries):
        raise FailedPrecondition(
            "CONTRIBUTION_ALREADY_REVERSED",
            f"contribution {contribution_id} is already reversed",
            field="contribution_id",
            message_zh="该缴费记录已冲正",
        )
    if on < max(entry.value_date for entry in originals):
        raise InvalidArgument("REVERSAL_BEFORE_CONTRIBUTION", "a reversal cannot precede what it reverses", field="on")
    reversal = [
        LedgerEntry(
            entry_id=reversal_entry_id(original.entry_id),
            kind=original.kind,
            amount_fen=-original.amount_fen,
            value_date=on,
            year=original.year,
            contribution_id=contribution_id,
            reverses_entry_id=original.entry_id,
            source_ref=reason.strip(),
        )
        for original in originals
    ]
    _refuse_overdraft(entries, reversal, "contribution_id")
    return reversal


def debit_entry(
    entries: Sequence[LedgerEntry],
    *,
    entry_id: str,
    kind: AccountEntryKind,
    amount_fen: int,
    value_date: date,
    source_ref: str,
) -> LedgerEntry:
    """A transfer out, drawdown or inheritance payout of `amount_fen` (given positive, posted negative)."""
    if kind not in DEBIT_KINDS:
        raise InvalidArgument("ENTRY_KIND_NOT_DEBIT", f"{kind.name} is not a debit", field="kind")
    if require_fen(amount_fen, "amount_fen") <= 0:
        raise InvalidArgument("AMOUNT_NOT_POSITIVE", "a debit is a positive amount", field="amount_fen")
    entry = LedgerEntry(
        entry_id=entry_id, kind=kind, amount_fen=-amount_fen, value_date=value_date, year=0, source_ref=source_ref
    )
    _refuse_overdraft(entries, [entry], "amount_fen")
    return entry


def transfer_in_entry(*, entry_id: str, amount_fen: int, value_date: date, source_ref: str) -> LedgerEntry:
    """The balance brought from another region (its years are counted separately, from the transfer)."""
    if require_fen(amount_fen, "amount_fen") < 0:
        raise InvalidArgument("AMOUNT_NEGATIVE", "a transferred balance is never negative", field="balance_fen")
    return LedgerEntry(
        entry_id=entry_id,
        kind=AccountEntryKind.TRANSFER_IN,
        amount_fen=amount_fen,
        value_date=value_date,
        year=0,
        source_ref=source_ref,
    )


# --- contributed years and the annual statement ---------------------------------------------------------


def ledger_contribution_years(
    entries: Iterable[LedgerEntry], transferred_in_years: Iterable[int] = ()
) -> tuple[int, ...]:
    """The contributed years as the ledger shows them: years of unreversed personal or paid-on-behalf money,
    plus the years transferred in, each year once."""
    listed = list(entries)
    reversed_ids = {entry.contribution_id for entry in listed if entry.reverses_entry_id}
    years = {
        entry.year
        for entry in listed
        if entry.kind in CONTRIBUTION_ENTRY_KINDS
        and entry.contribution_id
        and entry.contribution_id not in reversed_ids
    }
    return tuple(sorted(years | set(transferred_in_years)))


@dataclass(frozen=True, slots=True)
class AnnualStatement:
    """The 权益记录单 of one calendar year, by value date; each movement is net of reversals in the year."""

    year: int
    opening_balance_fen: int
    personal_fen: int
    subsidy_fen: int
    collective_fen: int
    paid_on_behalf_fen: int
    interest_fen: int
    transfer_in_fen: int
    transfer_out_fen: int
    drawdown_fen: int
    inheritance_payout_fen: int
    closing_balance_fen: int
    contributed_years: int
    entries: tuple[LedgerEntry, ...]
    contributions: tuple[ContributionRecord, ...]


def annual_statement(
    entries: Sequence[LedgerEntry],
    contributions: Sequence[ContributionRecord],
    year: int,
    transferred_in_years: Iterable[int] = (),
) -> AnnualStatement:
    """The year's statement: balance on 1 January, movements by kind, balance on 31 December after interest,
    the contributions paid in the year (reversed ones flagged), and the years contributed up to its end."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    of_year = tuple(entry for entry in entries if first <= entry.value_date <= last)

    def total(kind: AccountEntryKind) -> int:
        return sum(entry.amount_fen for entry in of_year if entry.kind == kind)

    years = ledger_contribution_years(
        (entry for entry in entries if entry.value_date <= last), (y for y in transferred_in_years if y <= year)
    )
    return AnnualStatement(
        year=year,
        opening_balance_fen=balance_before(entries, first),
        personal_fen=total(AccountEntryKind.PERSONAL_CONTRIBUTION),
        subsidy_fen=total(AccountEntryKind.SUBSIDY),
        collective_fen=total(AccountEntryKind.COLLECTIVE_SUBSIDY),
        paid_on_behalf_fen=total(AccountEntryKind.PAID_ON_BEHALF),
        interest_fen=total(AccountEntryKind.INTEREST),
        transfer_in_fen=total(AccountEntryKind.TRANSFER_IN),
        transfer_out_fen=total(AccountEntryKind.TRANSFER_OUT),
        drawdown_fen=total(AccountEntryKind.PENSION_DRAWDOWN),
        inheritance_payout_fen=total(AccountEntryKind.INHERITANCE_PAYOUT),
        closing_balance_fen=balance_on(entries, last),
        contributed_years=len(years),
        entries=of_year,
        contributions=tuple(c for c in contributions if c.paid_on.year == year),
    )
