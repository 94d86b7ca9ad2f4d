"""The certification cycle kept from other services' events: started by an award, ended by a death or a transfer
out, moved with the pensioner's village; and the policy versions it runs on.

Each input is applied once: the award's cycle is inserted under the pensioner's deterministic id, and every later
change is a unit of work whose request id is the event's (`event:<id>`), its id recorded in the cycle's
`applied_events` by the domain as well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final

from pension.enrolment.v1 import enrolment_pb2
from pension_kit.errors import NotFound
from pension_kit.identifiers import Month
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision
from pension_verification.adapters.certification_documents import ended_fields, state_fields, state_of
from pension_verification.adapters.certification_repository import Certifications, EndedEnrolment
from pension_verification.adapters.store import certification_id
from pension_verification.domain.certification import CertificationState
from pension_verification.service_layer import certification_unit
from pension_verification.service_layer.policies import policy_on

log = logging.getLogger(__name__)

ACTOR: Final = "system:certification-cycle"

# What a change of a cycle decides from the stored document.
Decide = Callable[[Document], Decision[bool]]


def event_request(event_id: str) -> str:
    """The request id under which an event of another service is applied to a cycle."""
    return f"event:{event_id}"


class CycleService:
    def __init__(self, repository: Certifications, *, topic: str, notify_relay: NotifyRelay) -> None:
        self.repository = repository
        self.unit = certification_unit(repository, topic=topic, notify_relay=notify_relay)

    async def start(
        self,
        event_id: str,
        *,
        resident_id: str,
        award_id: str,
        pooling_region_code: str,
        village_code: str,
        first_month: Month,
    ) -> bool:
        """Starts the cycle of a pension just awarded (the award counts as the first proof, under the policy in
        force on the first day paid); False when the pensioner's cycle exists already (the event again)."""
        policy = await policy_on(self.repository, pooling_region_code, first_month.first_day)
        state = CertificationState.started(
            event_id,
            resident_id=resident_id,
            award_id=award_id,
            pooling_region_code=pooling_region_code,
            village_code=village_code,
            first_month=first_month,
            policy=policy,
        )
        started = await self.repository.start(state)
        if started:
            log.info("certification of %s started: due %s", resident_id, state.valid_until.isoformat())
        # Enrolment's end and payout's award travel on different topics: an end read before the award is applied
        # now (and `end` looks for the cycle again after remembering an end, so one of the two always applies it).
        ended = await self.repository.ended_enrolment(resident_id)
        if ended is not None:
            await self.end(ended.event_id, resident_id, deceased=ended.deceased, reason=ended.reason)
        return started

    async def end(self, event_id: str, resident_id: str, *, deceased: bool, reason: str) -> bool:
        """A death or transfer out ends the cycle; False when the resident has none (not a pensioner here, or not
        yet: the end is remembered for an award event still to be read)."""

        def decide(document: Document) -> Decision[bool]:
            before = state_of(document)
            transition = before.end(event_id, deceased=deceased)
            if not transition.changed:
                return Decision(None, (), True)
            return Decision(
                {"$set": {**state_fields(transition.after), **ended_fields(before, transition.after)}}, (), True
            )

        if await self.repository.get(certification_id(resident_id)) is None:
            await self.repository.enrolment_ended(resident_id, EndedEnrolment(event_id, deceased, reason))
        return await self._apply(resident_id, event_id, decide, reason)

    async def moved(self, event_id: str, resident_id: str, village_code: str) -> bool:
        """The pensioner moved to another village of the region: the new village's agent sees them from now."""

        def decide(document: Document) -> Decision[bool]:
            if document["village_code"] == village_code:
                return Decision(None, (), True)
            return Decision({"$set": {"village_code": village_code}}, (), True)

        return await self._apply(resident_id, event_id, decide, f"moved to village {village_code}")

    async def _apply(self, resident_id: str, event_id: str, decide: Decide, reason: str) -> bool:
        identifier = certification_id(resident_id)
        found = await self.repository.get(identifier)
        if found is None:
            return False  # verification follows pensioners only; a resident without an award has no cycle
        return await self.unit.write(
            identifier,
            request_id=event_request(event_id),
            actor=ACTOR,
            reason=reason,
            decide=decide,
            repeated=lambda document: True,
            not_found=lambda: NotFound("CERTIFICATION_NOT_FOUND", f"no certification {identifier}"),
            read=found,
        )

    async def record_policy(self, policy: enrolment_pb2.Policy) -> None:
        await self.repository.record_policy(policy)
