"""The daily deadlines job: pensioners within the notice days become due soon, those past the due date overdue;
and the face data of residents ended longer ago than the retention period is deleted (service_layer.face_retention).

Each pensioner's move is a unit of work of its own (state and event in one write, request id `deadlines/<day>`),
so the job is safe to run twice (a move already made is not made or announced again) and safe to kill: a rerun
reads the cycles still to move and continues. A completed call is recorded with its counts, and the same request
again is answered with them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from pension_kit.clock import today_in_china
from pension_kit.errors import NotFound
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision
from pension_verification.adapters.certification_documents import state_fields, state_of
from pension_verification.adapters.certification_messages import event_message
from pension_verification.adapters.certification_repository import Certifications, position_of
from pension_verification.adapters.store import deadline_run_id
from pension_verification.domain.certification import (
    CertificationDueSoon,
    CertificationOverdue,
    CertificationPolicy,
    CycleEvent,
)
from pension_verification.service_layer import certification_unit
from pension_verification.service_layer.arguments import pooling_region
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.face_retention import FaceRetention
from pension_verification.service_layer.policies import policy_on

log = logging.getLogger(__name__)

RUNNING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
BATCH: Final = 500


@dataclass(frozen=True)
class DeadlineCounts:
    """Pensioners newly announced due soon and overdue by one call."""

    due_soon: int = 0
    overdue: int = 0


class DeadlineService:
    def __init__(
        self,
        repository: Certifications,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
        batch: int = BATCH,
        retention: FaceRetention | None = None,
    ) -> None:
        self.repository = repository
        self.retention = retention
        self.today = today
        self.batch = batch
        self.unit = certification_unit(repository, topic=topic, notify_relay=notify_relay)

    async def run(
        self, pooling_region_code: str, *, as_of: date | None, request_id: str, caller: Caller
    ) -> DeadlineCounts:
        caller.require_role(*RUNNING_ROLES)
        region = pooling_region(pooling_region_code)
        request = checked_request_id(request_id)
        day = as_of or self.today()
        run = deadline_run_id(region, day.isoformat(), request)
        done = await self.repository.deadline_run(run)
        if done is not None:
            return DeadlineCounts(*done)
        policy = await policy_on(self.repository, region, day)
        # Nobody due after the notice days from `day` moves today.
        by = day + timedelta(days=policy.due_days_before)
        due_soon = overdue = 0
        after = None
        while True:
            page = await self.repository.to_advance(region, by=by, after=after, limit=self.batch)
            for document in page:
                for event in await self._advance(document, day, policy, caller):
                    due_soon += isinstance(event, CertificationDueSoon)
                    overdue += isinstance(event, CertificationOverdue)
            if len(page) < self.batch:
                break
            after = position_of(page[-1])
        if self.retention is not None:  # the day's other duty: face data past its retention period
            await self.retention.run(region, day)
        await self.repository.deadline_run_done(run, due_soon=due_soon, overdue=overdue, run_by=caller.user_id)
        log.info("deadlines of %s on %s: %d due soon, %d overdue", region, day, due_soon, overdue)
        return DeadlineCounts(due_soon, overdue)

    async def _advance(
        self, document: Document, day: date, policy: CertificationPolicy, caller: Caller
    ) -> tuple[CycleEvent, ...]:
        def decide(current: Document) -> Decision[tuple[CycleEvent, ...]]:
            transition = state_of(current).advance(day, policy)
            if not transition.changed:
                return Decision(None, (), ())
            payloads = [event_message(event) for event in transition.events]
            return Decision({"$set": state_fields(transition.after)}, payloads, transition.events)

        return await self.unit.write(
            document["_id"],
            request_id=f"deadlines/{day.isoformat()}",
            actor=caller.user_id,
            reason=f"certification deadlines of {day.isoformat()}",
            decide=decide,
            repeated=lambda current: (),  # moved by an earlier call for the same day: announced then
            not_found=lambda: NotFound("CERTIFICATION_NOT_FOUND", f"no certification {document['_id']}"),
            read=document,
        )
