"""How contributions and ledger entries are stored inside the resident's document, and read back."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pension_enrolment.domain.account import AccountEntryKind, LedgerEntry
from pension_enrolment.domain.contributions import ContributionChannel, ContributionKind, ContributionRecord
from pension_kit.mongo import Document

# The resident's document carries its account: `contributions` (every contribution, reversed ones
# included), `ledger` (the append-only entries) and `transferred_in_years`. Keeping them in the one
# document lets a contribution, its ledger entries and its events be written in a single update, and
# keeps one resident's events in order through the outbox.


def contribution_document(record: ContributionRecord) -> Document:
    return {
        "contribution_id": record.contribution_id,
        "year": record.year,
        "kind": int(record.kind),
        "channel": int(record.channel),
        "grade_fen": record.grade_fen,
        "personal_fen": record.personal_fen,
        "subsidy_fen": record.subsidy_fen,
        "paid_on_behalf_fen": record.paid_on_behalf_fen,
        "collective_fen": record.collective_fen,
        "receipt_number": record.receipt_number,
        "agent_id": record.agent_id,
        "paid_on": record.paid_on.isoformat(),
        "policy_version_id": record.policy_version_id,
        "reversed": record.reversed,
        "reversal_reason": record.reversal_reason,
        "batch_id": record.batch_id,
    }


def recorded_contribution_document(
    record: ContributionRecord, *, payment_ref: str, recorded_by: str, recorded_at: datetime
) -> Document:
    """A contribution as it is stored once recorded: the record, with who recorded it, when, and the payment's
    reference (RecordContribution and the migration import store it this way)."""
    return {
        **contribution_document(record),
        "payment_ref": payment_ref,
        "recorded_by": recorded_by,
        "recorded_at": recorded_at,
    }


def contribution_record(document: Document) -> ContributionRecord:
    return ContributionRecord(
        contribution_id=document["contribution_id"],
        year=document["year"],
        kind=ContributionKind(document["kind"]),
        channel=ContributionChannel(document["channel"]),
        grade_fen=document["grade_fen"],
        personal_fen=document["personal_fen"],
        subsidy_fen=document["subsidy_fen"],
        paid_on_behalf_fen=document["paid_on_behalf_fen"],
        collective_fen=document["collective_fen"],
        receipt_number=document["receipt_number"],
        agent_id=document["agent_id"],
        paid_on=date.fromisoformat(document["paid_on"]),
        policy_version_id=document["policy_version_id"],
        reversed=document["reversed"],
        reversal_reason=document["reversal_reason"],
        batch_id=document["batch_id"],
    )


def entry_document(entry: LedgerEntry) -> Document:
    return {
        "entry_id": entry.entry_id,
        "kind": int(entry.kind),
        "amount_fen": entry.amount_fen,
        "value_date": entry.value_date.isoformat(),
        "year": entry.year,
        "contribution_id": entry.contribution_id,
        "reverses_entry_id": entry.reverses_entry_id,
        "source_ref": entry.source_ref,
    }


def ledger_entry(document: Document) -> LedgerEntry:
    return LedgerEntry(
        entry_id=document["entry_id"],
        kind=AccountEntryKind(document["kind"]),
        amount_fen=document["amount_fen"],
        value_date=date.fromisoformat(document["value_date"]),
        year=document["year"],
        contribution_id=document["contribution_id"],
        reverses_entry_id=document["reverses_entry_id"],
        source_ref=document["source_ref"],
    )


def account_of(resident: Document) -> tuple[list[ContributionRecord], list[LedgerEntry], list[int]]:
    """The resident's contributions, ledger entries and transferred-in years, as domain values."""
    contributions = [contribution_record(d) for d in resident.get("contributions", [])]
    entries = [ledger_entry(d) for d in resident.get("ledger", [])]
    transferred: list[int] = list(resident.get("transferred_in_years", []))
    return contributions, entries, transferred


def empty_account() -> dict[str, Any]:
    """The account fields of a newly enrolled resident."""
    return {"contributions": [], "ledger": [], "transferred_in_years": []}
