"""Tickets (complaints, reports, enquiries, notice disputes) in MongoDB, as domain `Complaint`s.

Collections:
- complaints: one per ticket (_id its ticket number): the ticket's fields (dates "YYYY-MM-DD", which sort as the
  dates do; the notice month "YYYY-MM"), the complainant as `complainant` {name_masked, mobile_masked,
  sealed_name, sealed_mobile} (pension_kit.pii: nothing in the clear), `filing_request` (the filing's request
  id, unique: a repeated filing finds its ticket), `filed_by`, `filed_at`, and the kit's `version`,
  `applied_requests` and outbox (events on the supervision topic, keyed by the pooling region).
- complaint_counters: the last sequence given out per region and day received (_id "<region>/<YYMMDD>", `last`),
  moved by one atomic increment per ticket, so two hotline operators never get the same number.
- complaint_deadline_runs: one per completed deadline check (_id "<region or *>/<as_of>/<request id>") with its
  counts, so a repeated request is answered as it was the first time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from pymongo import ASCENDING, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.identifiers import Month, parse_month
from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_indexes
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.domain.complaints import (
    Complaint,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
)

COMPLAINTS: Final = "complaints"
COMPLAINT_COUNTERS: Final = "complaint_counters"
COMPLAINT_DEADLINE_RUNS: Final = "complaint_deadline_runs"

OUTBOX_COLLECTIONS: Final = [COMPLAINTS]

INDEXES: Final = [
    IndexSpec(COMPLAINTS, [("filing_request", 1)], unique=True, name="filing_request"),
    # Lists: a region's tickets, or all, oldest due date first (keyset paging on due_on, _id).
    IndexSpec(COMPLAINTS, [("pooling_region_code", 1), ("due_on", 1), ("_id", 1)], name="region_due"),
    IndexSpec(COMPLAINTS, [("due_on", 1), ("_id", 1)], name="due"),
    # The deadline check: tickets not escalated yet, by due date.
    IndexSpec(COMPLAINTS, [("escalated", 1), ("due_on", 1)], name="escalation_due"),
    *outbox_indexes(COMPLAINTS),
]

# Fields a decision may change; the rest are fixed when the ticket is filed.
_MUTABLE: Final = (
    "status",
    "due_on",
    "extended",
    "extension_reason",
    "overdue",
    "escalated",
    "escalated_to",
    "assigned_to",
    "resolution",
    "closed_on",
    "closed_late",
)


@dataclass(frozen=True, slots=True)
class ComplaintFilter:
    """What a list asks for; empty or None means any."""

    pooling_region_code: str = ""
    status: ComplaintStatus | None = None
    kind: ComplaintKind | None = None
    overdue_only: bool = False
    resident_id: str = ""


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _read_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def complaint_fields(complaint: Complaint) -> Document:
    """The ticket's own fields as stored (without the complainant's sealed data and the kit's fields)."""
    return {
        "_id": complaint.ticket_number,
        "kind": complaint.kind.value,
        "channel": complaint.channel.value,
        "status": complaint.status.value,
        "pooling_region_code": complaint.pooling_region_code,
        "village_code": complaint.village_code,
        "resident_id": complaint.resident_id,
        "subject": complaint.subject,
        "description": complaint.description,
        "received_on": _day(complaint.received_on),
        "due_on": _day(complaint.due_on),
        "extended": complaint.extended,
        "extension_reason": complaint.extension_reason,
        "overdue": complaint.overdue,
        "escalated": complaint.escalated,
        "escalated_to": complaint.escalated_to,
        "assigned_to": complaint.assigned_to,
        "resolution": complaint.resolution,
        "closed_on": _day(complaint.closed_on),
        "closed_late": complaint.closed_late,
        "notice_month": str(complaint.notice_month) if complaint.notice_month is not None else None,
    }


def changes(after: Complaint) -> Document:
    """The update that stores what a decision may change."""
    fields = complaint_fields(after)
    return {"$set": {name: fields[name] for name in _MUTABLE}}


def complaint_of(document: Mapping[str, Any]) -> Complaint:
    complainant = document.get("complainant") or {}
    month: Month | None = parse_month(document["notice_month"]) if document.get("notice_month") else None
    received_on = _read_day(document["received_on"])
    due_on = _read_day(document["due_on"])
    assert received_on is not None and due_on is not None
    return Complaint(
        ticket_number=document["_id"],
        kind=ComplaintKind(document["kind"]),
        channel=ComplaintChannel(document["channel"]),
        status=ComplaintStatus(document["status"]),
        pooling_region_code=document["pooling_region_code"],
        village_code=document.get("village_code", ""),
        resident_id=document.get("resident_id", ""),
        subject=document.get("subject", ""),
        description=document.get("description", ""),
        complainant_name_masked=complainant.get("name_masked", ""),
        complainant_mobile_masked=complainant.get("mobile_masked", ""),
        received_on=received_on,
        due_on=due_on,
        extended=bool(document.get("extended")),
        extension_reason=document.get("extension_reason", ""),
        overdue=bool(document.get("overdue")),
        escalated=bool(document.get("escalated")),
        escalated_to=document.get("escalated_to", ""),
        assigned_to=document.get("assigned_to", ""),
        resolution=document.get("resolution", ""),
        closed_on=_read_day(document.get("closed_on")),
        closed_late=bool(document.get("closed_late")),
        notice_month=month,
    )


def _page_token(complaint: Complaint) -> str:
    """Keyset cursor: the last ticket's due date and number ("2026-07-31_TS-...", URL-safe)."""
    return f"{complaint.due_on.isoformat()}_{complaint.ticket_number}"


class ComplaintRepository(MongoRepository):
    """The tickets, their numbering counters and the deadline checks' answers."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        super().__init__(database[COMPLAINTS])
        self.counters = database[COMPLAINT_COUNTERS]
        self.deadline_runs = database[COMPLAINT_DEADLINE_RUNS]

    async def find(self, ticket_number: str) -> Complaint | None:
        document = await self.get(ticket_number)
        return complaint_of(document) if document is not None else None

    async def filed_by_request(self, request_id: str) -> Document | None:
        return await self.collection.find_one({"filing_request": request_id}, {"outbox": 0})

    async def next_sequence(self, pooling_region_code: str, received_on: date) -> int:
        """The next sequence of a region's day: one atomic increment, so no two tickets share a number."""
        key = f"{pooling_region_code}/{received_on.strftime('%y%m%d')}"
        for _ in range(3):
            try:
                counter = await self.counters.find_one_and_update(
                    {"_id": key}, {"$inc": {"last": 1}}, upsert=True, return_document=ReturnDocument.AFTER
                )
            except DuplicateKeyError:
                continue  # two first tickets of the day raced to create the counter: the loser increments it
            assert counter is not None
            return int(counter["last"])
        raise RuntimeError(f"the ticket counter {key} could not be moved")

    async def insert(self, document: Document) -> bool:
        """Stores a new ticket; False when its filing request stored one already (a twin request won)."""
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def page(self, where: ComplaintFilter, *, after: str, limit: int) -> tuple[list[Complaint], str]:
        """A page of tickets, oldest due date first, after the cursor `after`; and the next page's cursor."""
        query: Document = {}
        if where.pooling_region_code:
            query["pooling_region_code"] = where.pooling_region_code
        if where.status is not None:
            query["status"] = where.status.value
        if where.kind is not None:
            query["kind"] = where.kind.value
        if where.overdue_only:
            query["overdue"] = True
        if where.resident_id:
            query["resident_id"] = where.resident_id
        if after:
            due, _, number = after.partition("_")
            query["$or"] = [{"due_on": {"$gt": due}}, {"due_on": due, "_id": {"$gt": number}}]
        cursor = (
            self.collection.find(query, {"outbox": 0}).sort([("due_on", ASCENDING), ("_id", ASCENDING)]).limit(limit)
        )
        found = [complaint_of(document) async for document in cursor]
        return found, _page_token(found[-1]) if len(found) == limit else ""

    async def not_escalated_due_before(self, pooling_region_code: str, as_of: date) -> list[str]:
        """Numbers of the unclosed tickets not escalated yet whose due date is before `as_of`."""
        query: Document = {
            "escalated": False,
            "status": {"$ne": ComplaintStatus.CLOSED.value},
            "due_on": {"$lt": as_of.isoformat()},
        }
        if pooling_region_code:
            query["pooling_region_code"] = pooling_region_code
        return [document["_id"] async for document in self.collection.find(query, {"_id": 1}).sort("due_on", 1)]

    async def count_overdue(self, pooling_region_code: str, as_of: date) -> int:
        """Unclosed tickets past their due date on `as_of`."""
        query: Document = {"status": {"$ne": ComplaintStatus.CLOSED.value}, "due_on": {"$lt": as_of.isoformat()}}
        if pooling_region_code:
            query["pooling_region_code"] = pooling_region_code
        return await self.collection.count_documents(query)

    async def regions_with_open_tickets(self) -> list[str]:
        regions = await self.collection.distinct(
            "pooling_region_code", {"status": {"$ne": ComplaintStatus.CLOSED.value}}
        )
        return sorted(str(region) for region in regions)

    async def deadline_run(self, run_id: str) -> Document | None:
        return await self.deadline_runs.find_one({"_id": run_id})

    async def record_deadline_run(self, run_id: str, *, newly_overdue: int, overdue: int, at: datetime) -> None:
        """Keeps a check's answer (the first one, if two replicas finished the same request)."""
        with contextlib.suppress(DuplicateKeyError):
            await self.deadline_runs.insert_one(
                {"_id": run_id, "newly_overdue": newly_overdue, "overdue": overdue, "completed_at": at}
            )
