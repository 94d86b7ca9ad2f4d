"""Pensioners' certifications in MongoDB, the policy versions verification has heard of, and the deadline runs.

Every query of one pensioner is by `_id` (certification_id(resident)); the task list and the deadlines job read
open cycles by village or region in due-date order (the village_due and region_due indexes), a page at a time
with a keyset cursor (due date, id).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Protocol

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension.enrolment.v1 import enrolment_pb2
from pension_contracts.policy import HeardPolicyVersions
from pension_kit.clock import now_to_millisecond
from pension_kit.mongo import Document
from pension_kit.policy import PolicyVersion
from pension_kit.unit_of_work import Event, MongoRepository, VersionedRepository
from pension_verification.adapters.certification_documents import certification_of, new_certification_document
from pension_verification.adapters.store import (
    CERTIFICATIONS,
    DEADLINE_RUNS,
    ENDED_ENROLMENTS,
    POLICIES,
    certification_id,
)
from pension_verification.domain.certification import CURRENT, DUE_SOON, OVERDUE, CertificationState
from pension_verification.domain.proofs import PensionerCertification

# The statuses of a cycle still running (an ended one is never listed nor advanced).
OPEN: Final = [CURRENT, DUE_SOON, OVERDUE]
# What the deadlines job still has to move.
NOT_OVERDUE: Final = [CURRENT, DUE_SOON]

# A keyset position in due-date order: (valid_until "YYYY-MM-DD", _id).
Position = tuple[str, str]


def _after(position: Position | None) -> Document:
    if position is None:
        return {}
    due, identifier = position
    return {"$or": [{"valid_until": {"$gt": due}}, {"valid_until": due, "_id": {"$gt": identifier}}]}


def position_of(document: Document) -> Position:
    return str(document["valid_until"]), str(document["_id"])


@dataclass(frozen=True)
class EndedEnrolment:
    """An enrolment that ended before verification had the resident's cycle: the event, and whether by death."""

    event_id: str
    deceased: bool
    reason: str


class Certifications(VersionedRepository, Protocol):
    """What the use cases need of the certifications: the unit of work's get and apply, and these queries."""

    async def certification(self, resident_id: str) -> PensionerCertification | None: ...

    async def start(self, state: CertificationState) -> bool: ...

    async def open_due_by(
        self, *, village_code: str = "", pooling_region_code: str = "", by: date, after: Position | None, limit: int
    ) -> list[Document]: ...

    async def to_advance(
        self, pooling_region_code: str, *, by: date, after: Position | None, limit: int
    ) -> list[Document]: ...

    async def policy_versions(self, pooling_region_code: str) -> list[PolicyVersion]: ...

    async def record_policy(self, policy: enrolment_pb2.Policy) -> None: ...

    async def regions(self) -> list[str]: ...

    async def deadline_run(self, run_id: str) -> tuple[int, int] | None: ...

    async def enrolment_ended(self, resident_id: str, ended: EndedEnrolment) -> None: ...

    async def ended_enrolment(self, resident_id: str) -> EndedEnrolment | None: ...

    async def deadline_run_done(self, run_id: str, *, due_soon: int, overdue: int, run_by: str) -> None: ...


class CertificationRepository:
    """The certifications collection for the unit of work (get, apply), and every other query of it."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.certifications = database[CERTIFICATIONS]
        self.policies = database[POLICIES]
        self.deadline_runs = database[DEADLINE_RUNS]
        self.ended_enrolments = database[ENDED_ENROLMENTS]
        self._versioned = MongoRepository(self.certifications, stamp_updated_at=True)

    # --- the unit of work's aggregate ------------------------------------------------------------------

    async def get(self, aggregate_id: Any) -> Document | None:
        return await self._versioned.get(aggregate_id)

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        return await self._versioned.apply(
            aggregate_id, expected_version=expected_version, request_id=request_id, update=update, events=events
        )

    # --- pensioners --------------------------------------------------------------------------------------

    async def certification(self, resident_id: str) -> PensionerCertification | None:
        found = await self.certifications.find_one({"_id": certification_id(resident_id)}, {"outbox": 0})
        return certification_of(found) if found is not None else None

    async def start(self, state: CertificationState) -> bool:
        """Stores a cycle just started; False when the pensioner has one already (the award event again)."""
        try:
            await self.certifications.insert_one(
                {**new_certification_document(state), "outbox": [], "outbox_pending": False}
            )
        except DuplicateKeyError:
            return False
        return True

    async def open_due_by(
        self, *, village_code: str = "", pooling_region_code: str = "", by: date, after: Position | None, limit: int
    ) -> list[Document]:
        """Open cycles of a village (or, without one, of a region) due on or before `by`, earliest due first."""
        return await self._due_by(
            {"village_code": village_code} if village_code else {"pooling_region_code": pooling_region_code},
            OPEN,
            by,
            after,
            limit,
        )

    async def to_advance(
        self, pooling_region_code: str, *, by: date, after: Position | None, limit: int
    ) -> list[Document]:
        """A region's cycles not yet overdue whose due date is on or before `by`: the deadlines job's work."""
        return await self._due_by({"pooling_region_code": pooling_region_code}, NOT_OVERDUE, by, after, limit)

    async def _due_by(
        self, where: Document, statuses: Sequence[str], by: date, after: Position | None, limit: int
    ) -> list[Document]:
        query: Document = {**where, "valid_until": {"$lte": by.isoformat()}, "status": {"$in": list(statuses)}}
        following = _after(after)
        if following:
            query = {"$and": [query, following]}
        cursor = self.certifications.find(query, {"outbox": 0}).sort([("valid_until", 1), ("_id", 1)]).limit(limit)
        return await cursor.to_list()

    # --- policy versions -------------------------------------------------------------------------------

    async def policy_versions(self, pooling_region_code: str) -> list[PolicyVersion]:
        """Every version of the region's policy announced by enrolment (few: one or two a year)."""
        return await HeardPolicyVersions(self.policies).of_region(pooling_region_code)

    async def record_policy(self, policy: enrolment_pb2.Policy) -> None:
        """Keeps an announced version; announcing it again changes nothing."""
        await HeardPolicyVersions(self.policies).record(policy)

    async def regions(self) -> list[str]:
        """The pooling regions whose policy enrolment has announced: the ones the daily job runs for."""
        return sorted(await self.policies.distinct("pooling_region_code"))

    # --- the deadlines job's completed calls -------------------------------------------------------------

    async def deadline_run(self, run_id: str) -> tuple[int, int] | None:
        """The counts (due soon, overdue) a completed call announced, or None."""
        found = await self.deadline_runs.find_one({"_id": run_id})
        return (found["due_soon"], found["overdue"]) if found is not None else None

    async def deadline_run_done(self, run_id: str, *, due_soon: int, overdue: int, run_by: str) -> None:
        # The same call completed twice (a retry racing the first): the first counts stand.
        with contextlib.suppress(DuplicateKeyError):
            await self.deadline_runs.insert_one(
                {
                    "_id": run_id,
                    "due_soon": due_soon,
                    "overdue": overdue,
                    "run_by": run_by,
                    "run_at": now_to_millisecond(),
                }
            )

    # --- enrolments ended before the award event was read ------------------------------------------------

    async def enrolment_ended(self, resident_id: str, ended: EndedEnrolment) -> None:
        """Remembers the end (the first one heard stands)."""
        with contextlib.suppress(DuplicateKeyError):
            await self.ended_enrolments.insert_one(
                {
                    "_id": resident_id,
                    "event_id": ended.event_id,
                    "deceased": ended.deceased,
                    "reason": ended.reason,
                    "ended_at": now_to_millisecond(),  # the face data retention period runs from it
                }
            )

    async def ended_enrolment(self, resident_id: str) -> EndedEnrolment | None:
        found = await self.ended_enrolments.find_one({"_id": resident_id})
        if found is None:
            return None
        return EndedEnrolment(found["event_id"], found["deceased"], found["reason"])
