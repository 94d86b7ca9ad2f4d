"""Verification's copy of the villages (from VillageRegistered) and the agents' relations officers record, over an
in-memory store: what is kept, what is refused, and what a repeat does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identity import Caller, Role
from pension_verification.adapters.visit_repository import AgentRelation, Village
from pension_verification.domain.visits import RELATIVE, SELF, Position
from pension_verification.service_layer.agent_relations import AgentRelations
from pension_verification.service_layer.villages import VillageCatalogue

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
VILLAGE = "411731101201"


class InMemoryVisitRecords:
    def __init__(self) -> None:
        self.villages: dict[str, Village] = {}
        self.relations: dict[tuple[str, str], AgentRelation] = {}

    async def village(self, village_code: str) -> Village | None:
        return self.villages.get(village_code)

    async def record_village(self, village: Village) -> None:
        self.villages[village.village_code] = village

    async def relation(self, agent_id: str, resident_id: str) -> AgentRelation | None:
        return self.relations.get((agent_id, resident_id))

    async def add_relation(self, relation: AgentRelation) -> bool:
        key = (relation.agent_id, relation.resident_id)
        if key in self.relations:
            return False
        self.relations[key] = relation
        return True


def _now() -> datetime:
    return datetime(2026, 12, 3, tzinfo=UTC)


async def test_a_village_is_kept_as_last_announced() -> None:
    records = InMemoryVisitRecords()
    catalogue = VillageCatalogue(records)
    await catalogue.registered(Village(VILLAGE, "李庄村", "411731101", "411731", Position(32_950_000, 114_550_000)))
    await catalogue.registered(Village(VILLAGE, "李庄村", "411731101", "411731", Position(32_960_000, 114_550_000)))
    kept = records.villages[VILLAGE]
    assert kept.position == Position(32_960_000, 114_550_000)


async def test_a_position_off_the_globe_is_kept_as_unknown_and_a_malformed_code_is_skipped() -> None:
    records = InMemoryVisitRecords()
    catalogue = VillageCatalogue(records)
    await catalogue.registered(Village(VILLAGE, "李庄村", "411731101", "411731", Position(95_000_000, 114_550_000)))
    assert records.villages[VILLAGE].position is None
    await catalogue.registered(Village("4117311012", "?", "", "411731", Position(32_950_000, 114_550_000)))
    assert list(records.villages) == [VILLAGE]


async def test_a_relation_is_recorded_once_and_another_relation_for_the_same_pair_is_refused() -> None:
    records = InMemoryVisitRecords()
    relations = AgentRelations(records, now=_now)
    arguments = {"relation": SELF, "reason": "household register", "request_id": "r-1", "caller": OFFICER}
    assert await relations.record("agent-7", "R1", **arguments)  # type: ignore[arg-type]
    assert not await relations.record("agent-7", "R1", **arguments)  # type: ignore[arg-type]
    with pytest.raises(DomainError) as refused:
        await relations.record(
            "agent-7", "R1", relation=RELATIVE, reason="neighbour says", request_id="r-2", caller=OFFICER
        )
    assert (refused.value.reason, refused.value.field) == ("AGENT_RELATION_RECORDED", "relation")
    assert records.relations[("agent-7", "R1")].relation == SELF


@pytest.mark.parametrize(
    ("changes", "reason", "field"),
    [
        ({"reason": " "}, "REASON_REQUIRED", "reason"),
        ({"reason": "his mobile 13812345678"}, "FREE_TEXT_PERSONAL_NUMBER", "reason"),
        ({"relation": "FRIEND"}, "RELATION_REQUIRED", "relation"),
        ({"agent_id": ""}, "AGENT_ID_REQUIRED", "agent_id"),
        ({"caller": Caller("agent-7", Role.VILLAGE_AGENT, frozenset({VILLAGE}))}, "ROLE_NOT_ALLOWED", ""),
    ],
)
async def test_a_relation_needs_an_officer_an_agent_a_relation_and_a_reason(
    changes: dict[str, object], reason: str, field: str
) -> None:
    records = InMemoryVisitRecords()
    arguments: dict[str, object] = {
        "agent_id": "agent-7",
        "resident_id": "R1",
        "relation": RELATIVE,
        "reason": "household register",
        "request_id": "r-1",
        "caller": OFFICER,
    }
    arguments.update(changes)
    with pytest.raises(DomainError) as refused:
        await AgentRelations(records, now=_now).record(**arguments)  # type: ignore[arg-type]
    assert (refused.value.reason, refused.value.field) == (reason, field)
    assert records.relations == {}
