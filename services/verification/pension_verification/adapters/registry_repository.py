"""Registry records applied, the review queue and agents' death reports in MongoDB, and their document mapping.

Each registry record is written once under its record key (registry_records, registry_reviews); a review and a
death report are aggregates of the kit's unit of work (version, applied_requests, outbox). The queue is read a
region's pending reviews at a time, oldest first, with a keyset cursor (queued_at, id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from pension_kit.identifiers import Month
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.unit_of_work import Event, MongoRepository
from pension_verification.adapters.store import DEATH_REPORTS, REGISTRY_RECORDS, REGISTRY_REVIEWS
from pension_verification.domain.death_reports import REPORTED, DeathReport
from pension_verification.domain.registry_matching import (
    PENDING,
    Candidate,
    DeathDetail,
    Detail,
    EmployeePensionDetail,
    ImprisonmentDetail,
    RegistryRecord,
    ReleaseDetail,
    Review,
)

DUPLICATE_KEY = 11000  # MongoDB's (and FerretDB's) error code of a duplicate _id

# A keyset position in the queue: (queued_at ISO instant, review id).
QueuePosition = tuple[datetime, str]


@dataclass(frozen=True)
class Applied:
    """What became of a record key before: its outcome (RecordOutcome by name) and the resident, if any."""

    outcome: str
    resident_id: str


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def detail_document(detail: Detail) -> Document:
    match detail:
        case DeathDetail():
            return {"kind": "death", "date_of_death": detail.date_of_death.isoformat()}
        case EmployeePensionDetail():
            return {
                "kind": "employee_pension",
                "receiving_from": str(detail.receiving_from),
                "scheme_ref": detail.scheme_ref,
            }
        case ImprisonmentDetail():
            end = detail.term_end.isoformat() if detail.term_end else None
            return {"kind": "imprisonment", "term_start": detail.term_start.isoformat(), "term_end": end}
        case ReleaseDetail():
            return {"kind": "release", "released_on": detail.released_on.isoformat()}


def detail_of(document: Mapping[str, Any]) -> Detail:
    kind = document["kind"]
    if kind == "death":
        return DeathDetail(date.fromisoformat(document["date_of_death"]))
    if kind == "employee_pension":
        year, month = document["receiving_from"].split("-")
        return EmployeePensionDetail(Month(int(year), int(month)), document["scheme_ref"])
    if kind == "imprisonment":
        start = date.fromisoformat(document["term_start"])
        return ImprisonmentDetail(start, _day(document.get("term_end")))
    return ReleaseDetail(date.fromisoformat(document["released_on"]))


def record_document(record: RegistryRecord) -> Document:
    """A record as kept with its review: keyed hashes and the masked name, never a clear number or name."""
    return {
        "source": record.source,
        "record_ref": record.record_ref,
        "batch_name": record.batch_name,
        "citizen_id_hash": record.citizen_id_hash,
        "name_key": record.name_key,
        "name_masked": record.name_masked,
        "birth_date": record.birth_date.isoformat() if record.birth_date else None,
        "village_code": record.village_code,
        "detail": detail_document(record.detail),
    }


def record_of(document: Mapping[str, Any]) -> RegistryRecord:
    return RegistryRecord(
        source=document["source"],
        record_ref=document["record_ref"],
        batch_name=document["batch_name"],
        citizen_id_hash=document.get("citizen_id_hash"),
        name_key=document["name_key"],
        name_masked=document["name_masked"],
        birth_date=_day(document.get("birth_date")),
        village_code=document.get("village_code"),
        detail=detail_of(document["detail"]),
    )


def review_of(document: Mapping[str, Any]) -> Review:
    return Review(
        review_id=str(document["_id"]),
        record=record_of(document["record"]),
        candidates=tuple(Candidate(c["resident_id"], int(c["score"])) for c in document["candidates"]),
        status=document["status"],
        resident_id=document.get("resident_id", ""),
        decided_by=document.get("decided_by", ""),
        decided_at=document.get("decided_at"),
        reason=document.get("reason", ""),
    )


def decided_fields(review: Review) -> Document:
    return {
        "status": review.status,
        "resident_id": review.resident_id,
        "decided_by": review.decided_by,
        "decided_at": review.decided_at,
        "reason": review.reason,
    }


def report_document(report: DeathReport) -> Document:
    return {
        "_id": report.report_id,
        "resident_id": report.resident_id,
        "agent_id": report.agent_id,
        "date_of_death": report.date_of_death.isoformat(),
        "evidence_ref": report.evidence_ref,
        "status": report.status,
        "reported_at": report.reported_at,
        "village_code": report.village_code,
        "pooling_region_code": report.pooling_region_code,
        "decided_by": report.decided_by,
        "reason": report.reason,
    }


def report_of(document: Mapping[str, Any]) -> DeathReport:
    return DeathReport(
        report_id=str(document["_id"]),
        resident_id=document["resident_id"],
        agent_id=document["agent_id"],
        date_of_death=date.fromisoformat(document["date_of_death"]),
        evidence_ref=document["evidence_ref"],
        status=document["status"],
        reported_at=document["reported_at"],
        village_code=document["village_code"],
        pooling_region_code=document["pooling_region_code"],
        decided_by=document.get("decided_by", ""),
        reason=document.get("reason", ""),
    )


class RegistryRepository:
    """registry_records, registry_reviews and death_reports; the reviews and reports for the unit of work."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.records = database[REGISTRY_RECORDS]
        self.review_documents = database[REGISTRY_REVIEWS]
        self.report_documents = database[DEATH_REPORTS]
        self.reviews = MongoRepository(self.review_documents, stamp_updated_at=True)
        self.reports = MongoRepository(self.report_documents, stamp_updated_at=True)

    # --- records applied ---------------------------------------------------------------------------------

    async def applied(self, keys: Iterable[str]) -> dict[str, Applied]:
        """The keys of `keys` applied before, with what became of them (one query)."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        found = await self.records.find({"_id": {"$in": wanted}}, {"outcome": 1, "resident_id": 1}).to_list()
        return {str(d["_id"]): Applied(d["outcome"], d.get("resident_id", "")) for d in found}

    async def record_applied(
        self, key: str, *, outcome: str, resident_id: str, batch_name: str, at: datetime, events: Sequence[Event] = ()
    ) -> bool:
        """Keeps what became of a record (with the events it causes, in the same write); False when the key was
        recorded already (the same record in another file, or a twin request): nothing is written then."""
        try:
            await self.records.insert_one(
                {
                    "_id": key,
                    "outcome": outcome,
                    "resident_id": resident_id,
                    "batch_name": batch_name,
                    "applied_at": at,
                    **outbox_fields(list(events)),
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def record_all_applied(self, keys: Sequence[str], *, outcome: str, batch_name: str, at: datetime) -> None:
        """Keeps many records of one outcome and no event (those that matched nobody) in one write; a key kept
        already stays as it was."""
        if not keys:
            return
        documents = [
            {
                "_id": key,
                "outcome": outcome,
                "resident_id": "",
                "batch_name": batch_name,
                "applied_at": at,
                **outbox_fields([]),
            }
            for key in keys
        ]
        try:
            await self.records.insert_many(documents, ordered=False)
        except BulkWriteError as error:
            # Only duplicates are expected (a twin delivery kept some first); anything else is raised.
            if any(failure.get("code") != DUPLICATE_KEY for failure in error.details.get("writeErrors", [])):
                raise

    # --- the review queue ----------------------------------------------------------------------------------

    async def queue(
        self, review: Review, *, pooling_region_code: str, names: dict[str, str], at: datetime, events: Sequence[Event]
    ) -> bool:
        """Queues a review with its RegistryMatchQueued; False when the record was queued already."""
        try:
            await self.review_documents.insert_one(
                {
                    "_id": review.review_id,
                    "record": record_document(review.record),
                    "candidates": [
                        {"resident_id": c.resident_id, "score": c.score, "name_masked": names.get(c.resident_id, "")}
                        for c in review.candidates
                    ],
                    "pooling_region_code": pooling_region_code,
                    "status": review.status,
                    "queued_at": at,
                    "version": 1,
                    "applied_requests": [],
                    **outbox_fields(list(events)),
                }
            )
        except DuplicateKeyError:
            return False
        return True

    async def pending(self, pooling_region_code: str, *, after: QueuePosition | None, limit: int) -> list[Document]:
        query: Document = {"pooling_region_code": pooling_region_code, "status": PENDING}
        if after is not None:
            at, identifier = after
            query = {
                "$and": [query, {"$or": [{"queued_at": {"$gt": at}}, {"queued_at": at, "_id": {"$gt": identifier}}]}]
            }
        cursor = self.review_documents.find(query, {"outbox": 0}).sort([("queued_at", 1), ("_id", 1)]).limit(limit)
        return await cursor.to_list()

    async def review_outcome(self, review_id: str, outcome: str) -> None:
        """What the accepted record did, kept so that the same decision asked again answers the same."""
        await self.review_documents.update_one({"_id": review_id}, {"$set": {"outcome": outcome}})

    # --- death reports -------------------------------------------------------------------------------------

    async def add_report(self, report: DeathReport, events: Sequence[Event]) -> bool:
        """Stores a new report with its DeathReported; False when a report of that id exists (the request again)."""
        try:
            await self.report_documents.insert_one(
                {**report_document(report), "version": 1, "applied_requests": [], **outbox_fields(list(events))}
            )
        except DuplicateKeyError:
            return False
        return True

    async def report(self, report_id: str) -> DeathReport | None:
        found = await self.report_documents.find_one({"_id": report_id}, {"outbox": 0})
        return report_of(found) if found is not None else None

    async def pending_report(self, resident_id: str) -> DeathReport | None:
        """The resident's report awaiting a decision, if any (at most one is let in at a time)."""
        found = await self.report_documents.find_one({"resident_id": resident_id, "status": REPORTED}, {"outbox": 0})
        return report_of(found) if found is not None else None

    async def report_decided(self, report: DeathReport) -> bool:
        """A report confirmed by a registry death: set only while it is still pending (an officer may be first)."""
        result = await self.report_documents.update_one(
            {"_id": report.report_id, "status": REPORTED},
            {"$set": {"status": report.status, "decided_by": report.decided_by}},
        )
        return result.modified_count == 1
