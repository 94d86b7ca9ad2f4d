"""The contract's parts enrolment's events carry (an account entry, special groups, a contribution), built once.

They live in adapters/ rather than entrypoints/ because the use cases write the events (a unit of work's decision
carries its payloads); the servicer imports them from here, never the other way round.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2
from pension_enrolment.domain.account import LedgerEntry
from pension_enrolment.domain.contributions import ContributionRecord
from pension_kit.protoconv import to_calendar_date


def entry_message(
    resident_id: str, entry: LedgerEntry, posted_at: datetime | None = None
) -> enrolment_pb2.AccountEntry:
    message = enrolment_pb2.AccountEntry(
        entry_id=entry.entry_id,
        resident_id=resident_id,
        kind=enrolment_pb2.AccountEntryKind.Name(entry.kind),
        amount_fen=entry.amount_fen,
        value_date=to_calendar_date(entry.value_date),
        year=entry.year,
        contribution_id=entry.contribution_id,
        reverses_entry_id=entry.reverses_entry_id,
        source_ref=entry.source_ref,
    )
    if posted_at is not None:
        message.posted_at.FromDatetime(posted_at)
    return message


def special_group_messages(documents: list[dict[str, Any]]) -> list[enrolment_pb2.SpecialGroupMembership]:
    """The stored special groups (adapters.resident_documents.special_group_documents) as the contract has them."""
    return [
        enrolment_pb2.SpecialGroupMembership(
            group=document["group"],
            evidence_ref=document["evidence_ref"],
            effective_from=to_calendar_date(date.fromisoformat(document["effective_from"])),
            effective_until=to_calendar_date(
                date.fromisoformat(document["effective_until"]) if document["effective_until"] else None
            ),
        )
        for document in documents
    ]


def contribution_fields(record: ContributionRecord) -> dict[str, Any]:
    """The fields a contribution has in the contract, alike in the Contribution reply and the ContributionRecorded
    event."""
    return {
        "contribution_id": record.contribution_id,
        "year": record.year,
        "kind": types_pb2.ContributionKind.Name(record.kind),
        "channel": types_pb2.ContributionChannel.Name(record.channel),
        "grade_fen": record.grade_fen,
        "personal_fen": record.personal_fen,
        "subsidy_fen": record.subsidy_fen,
        "paid_on_behalf_fen": record.paid_on_behalf_fen,
        "collective_fen": record.collective_fen,
        "receipt_number": record.receipt_number,
        "agent_id": record.agent_id,
        "paid_on": to_calendar_date(record.paid_on),
        "policy_version_id": record.policy_version_id,
    }
