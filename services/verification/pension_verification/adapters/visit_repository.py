"""What an agent's visit is checked against: the villages' positions (from enrolment's VillageRegistered) and the
agents' recorded relations to residents. Every query is by `_id`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document
from pension_verification.adapters.certification_documents import position_document, position_of
from pension_verification.adapters.store import AGENT_RELATIONS, VILLAGES, agent_relation_id
from pension_verification.domain.visits import Position


@dataclass(frozen=True, slots=True)
class Village:
    """A village as enrolment's catalogue announced it; `position` None when the catalogue gives none."""

    village_code: str
    name: str
    township_code: str
    pooling_region_code: str
    position: Position | None


@dataclass(frozen=True, slots=True)
class AgentRelation:
    agent_id: str
    resident_id: str
    relation: str  # visits.RELATIONS
    reason: str
    recorded_by: str
    recorded_at: datetime
    request_id: str


class VisitRecords(Protocol):
    async def village(self, village_code: str) -> Village | None: ...

    async def record_village(self, village: Village) -> None: ...

    async def relation(self, agent_id: str, resident_id: str) -> AgentRelation | None: ...

    async def add_relation(self, relation: AgentRelation) -> bool: ...


class VisitRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.villages = database[VILLAGES]
        self.relations = database[AGENT_RELATIONS]

    async def village(self, village_code: str) -> Village | None:
        found = await self.villages.find_one({"_id": village_code})
        if found is None:
            return None
        return Village(
            found["_id"],
            found.get("name", ""),
            found.get("township_code", ""),
            found.get("pooling_region_code", ""),
            position_of(found.get("position")),
        )

    async def record_village(self, village: Village) -> None:
        """The village as now announced (a later VillageRegistered replaces it; the same one again changes nothing)."""
        await self.villages.replace_one(
            {"_id": village.village_code},
            {
                "name": village.name,
                "township_code": village.township_code,
                "pooling_region_code": village.pooling_region_code,
                "position": position_document(village.position),
            },
            upsert=True,
        )

    async def relation(self, agent_id: str, resident_id: str) -> AgentRelation | None:
        found = await self.relations.find_one({"_id": agent_relation_id(agent_id, resident_id)})
        if found is None:
            return None
        return AgentRelation(
            found["agent_id"],
            found["resident_id"],
            found["relation"],
            found["reason"],
            found["recorded_by"],
            found["recorded_at"],
            found["request_id"],
        )

    async def add_relation(self, relation: AgentRelation) -> bool:
        """Stores the relation; False when the agent's relation to the resident was recorded before (it stands)."""
        try:
            await self.relations.insert_one(
                {
                    "_id": agent_relation_id(relation.agent_id, relation.resident_id),
                    "agent_id": relation.agent_id,
                    "resident_id": relation.resident_id,
                    "relation": relation.relation,
                    "reason": relation.reason,
                    "recorded_by": relation.recorded_by,
                    "recorded_at": relation.recorded_at,
                    "request_id": relation.request_id,
                }
            )
        except DuplicateKeyError:
            return False
        return True
