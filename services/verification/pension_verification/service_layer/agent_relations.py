"""Officers record that a village agent is a resident (SELF) or a resident's relative (RELATIVE): such an agent
may not certify that resident's proof of life (service_layer/visits.py refuses the visit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Final

from pension_kit.clock import now_to_millisecond
from pension_kit.errors import AlreadyExists, InvalidArgument
from pension_kit.identity import Caller, Role
from pension_kit.text import REASON_MAX, check_free_text
from pension_verification.adapters.visit_repository import AgentRelation, VisitRecords
from pension_verification.domain.visits import RELATIONS
from pension_verification.service_layer.arguments import request_id as checked_request_id
from pension_verification.service_layer.arguments import required_id

RELATION_ROLES: Final = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)


class AgentRelations:
    def __init__(self, visits: VisitRecords, *, now: Callable[[], datetime] = now_to_millisecond) -> None:
        self.visits = visits
        self.now = now

    async def record(
        self, agent_id: str, resident_id: str, *, relation: str, reason: str, request_id: str, caller: Caller
    ) -> bool:
        """Records the relation; False when it was recorded before (the same request again, or another officer's).
        A different relation recorded before stands and this one is refused: which is right is for an officer to
        find out, not for the later request to overwrite."""
        caller.require_role(*RELATION_ROLES)
        agent_id = required_id(agent_id, "agent_id")
        resident_id = required_id(resident_id, "resident_id")
        request_id = checked_request_id(request_id)
        if relation not in RELATIONS:
            raise InvalidArgument(
                "RELATION_REQUIRED",
                f"relation must be one of {', '.join(RELATIONS)}",
                field="relation",
                message_zh="请选择协办员与该人员的关系",
            )
        reason = required_id(
            check_free_text(reason, field="reason", max_length=REASON_MAX), "reason", max_length=REASON_MAX
        )
        created = await self.visits.add_relation(
            AgentRelation(
                agent_id=agent_id,
                resident_id=resident_id,
                relation=relation,
                reason=reason,
                recorded_by=caller.user_id,
                recorded_at=self.now(),
                request_id=request_id,
            )
        )
        if created:
            return True
        recorded = await self.visits.relation(agent_id, resident_id)
        if recorded is not None and recorded.relation != relation:
            raise AlreadyExists(
                "AGENT_RELATION_RECORDED",
                f"the agent's relation to {resident_id} was recorded as {recorded.relation}",
                field="relation",
                message_zh="该协办员与此人的关系已登记为其他关系",
            )
        return False
