"""Supervision cases and the overpayment recoveries they count, in MongoDB: documents mapped to `Case` in one place.

Collections:
- cases: one per case (_id the case id, derived from the opening request's id): the case's fields as
  `case_document` writes them (status by name, instants as BSON dates, notes oldest first), `counted_recoveries`
  (keys of the recoveries already in `recovered_fen`), the kit's `version` and `applied_requests`, and the outbox
  of its CaseOpened, CaseStatusChanged and CaseEscalated events.
- overpayment_recoveries: every RecoveryRecorded of payout seen (_id "<overpayment case id>/<recovery id>"):
  overpayment_case_id, recovery_id, amount_fen, pooling_region_code, resident_id, recorded_at; kept whether or not
  a case links the overpayment case yet, so that a link made later still counts it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields
from pension_kit.unit_of_work import Event, MongoRepository
from pension_supervision.domain.cases import Case, CaseNote, CaseStatus, Recovery

CASES: Final = "cases"
OVERPAYMENT_RECOVERIES: Final = "overpayment_recoveries"

INDEXES: Final = [
    # ListCases: newest first, all regions or one, by status or not (filters on top of the region's order).
    IndexSpec(CASES, [("opened_at", DESCENDING), ("_id", DESCENDING)], name="opened_newest"),
    IndexSpec(
        CASES,
        [("pooling_region_code", 1), ("opened_at", DESCENDING), ("_id", DESCENDING)],
        name="region_opened_newest",
    ),
    # A recovery finds the cases that link its overpayment case.
    IndexSpec(CASES, [("overpayment_case_ids", 1)], name="overpayment_links"),
    IndexSpec(OVERPAYMENT_RECOVERIES, [("overpayment_case_id", 1)], name="by_overpayment_case"),
]


def case_document(case: Case) -> Document:
    """The stored fields of a case (without the kit's version, requests and outbox)."""
    return {
        "_id": case.case_id,
        **changed_fields(case),
        "pooling_region_code": case.pooling_region_code,
        "title": case.title,
        "alert_ids": list(case.alert_ids),
        "resident_ids": list(case.resident_ids),
        "opened_at": case.opened_at,
    }


def changed_fields(case: Case) -> Document:
    """The fields an update may change, for a `$set`."""
    return {
        "status": case.status.value,
        "assigned_to": case.assigned_to,
        "amount_fen": case.amount_fen,
        "recovered_fen": case.recovered_fen,
        "updated_at": case.updated_at,
        "notes": [
            {"actor": n.actor, "written_at": n.written_at, "status": n.status.value, "text": n.text} for n in case.notes
        ],
        "attachment_refs": list(case.attachment_refs),
        "overpayment_case_ids": list(case.overpayment_case_ids),
        "counted_recoveries": list(case.counted_recoveries),
        "escalated": case.escalated,
        "escalated_at": case.escalated_at,
        "escalated_to": case.escalated_to,
    }


def case_from_document(document: Document) -> Case:
    return Case(
        case_id=document["_id"],
        pooling_region_code=document["pooling_region_code"],
        title=document["title"],
        alert_ids=tuple(document["alert_ids"]),
        resident_ids=tuple(document["resident_ids"]),
        status=CaseStatus(document["status"]),
        assigned_to=document["assigned_to"],
        amount_fen=document["amount_fen"],
        recovered_fen=document["recovered_fen"],
        opened_at=document["opened_at"],
        updated_at=document["updated_at"],
        notes=tuple(
            CaseNote(n["actor"], n["written_at"], CaseStatus(n["status"]), n["text"]) for n in document["notes"]
        ),
        attachment_refs=tuple(document["attachment_refs"]),
        overpayment_case_ids=tuple(document["overpayment_case_ids"]),
        counted_recoveries=tuple(document["counted_recoveries"]),
        escalated=document["escalated"],
        escalated_at=document.get("escalated_at"),
        escalated_to=document["escalated_to"],
    )


class CaseRepository(MongoRepository):
    """The cases collection (a versioned repository for the unit of work) and the recoveries seen."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        super().__init__(database[CASES])
        self.recoveries = database[OVERPAYMENT_RECOVERIES]

    async def insert(self, case: Case, *, request_id: str, events: Sequence[Event]) -> bool:
        """A new case with its events; False when a case of this id exists already (a twin request won)."""
        try:
            await self.collection.insert_one(
                {**case_document(case), "version": 1, "applied_requests": [request_id], **outbox_fields(events)}
            )
        except DuplicateKeyError:
            return False
        return True

    async def page(
        self, *, region: str, status: str, escalated_only: bool, after: tuple[datetime, str] | None, limit: int
    ) -> list[Document]:
        """Cases newest first (opened_at, then id, descending), after the cursor `after`."""
        query: dict[str, Any] = {}
        if region:
            query["pooling_region_code"] = region
        if status:
            query["status"] = status
        if escalated_only:
            query["escalated"] = True
        if after is not None:
            opened_at, case_id = after
            query["$or"] = [{"opened_at": {"$lt": opened_at}}, {"opened_at": opened_at, "_id": {"$lt": case_id}}]
        cursor = self.collection.find(query, {"outbox": 0, "applied_requests": 0}).sort(
            [("opened_at", DESCENDING), ("_id", DESCENDING)]
        )
        return [document async for document in cursor.limit(limit)]

    async def ids_linking(self, overpayment_case_id: str) -> list[str]:
        """The cases that link an overpayment case."""
        cursor = self.collection.find({"overpayment_case_ids": overpayment_case_id}, {"_id": 1})
        return [document["_id"] async for document in cursor]

    async def remember_recovery(
        self, recovery: Recovery, *, pooling_region_code: str, resident_id: str, recorded_at: datetime
    ) -> None:
        """Keeps a recovery seen (once: its key is the id; a redelivery finds it there)."""
        with contextlib.suppress(DuplicateKeyError):
            await self.recoveries.insert_one(
                {
                    "_id": recovery.key,
                    "overpayment_case_id": recovery.overpayment_case_id,
                    "recovery_id": recovery.recovery_id,
                    "amount_fen": recovery.amount_fen,
                    "pooling_region_code": pooling_region_code,
                    "resident_id": resident_id,
                    "recorded_at": recorded_at,
                }
            )

    async def recoveries_of(self, overpayment_case_ids: Sequence[str]) -> list[Recovery]:
        if not overpayment_case_ids:
            return []
        cursor = self.recoveries.find({"overpayment_case_id": {"$in": list(overpayment_case_ids)}})
        return [Recovery(d["overpayment_case_id"], d["recovery_id"], d["amount_fen"]) async for d in cursor]
