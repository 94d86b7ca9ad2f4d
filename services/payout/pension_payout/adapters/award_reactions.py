"""Awards as the reactions to verification change them: a versioned repository keyed by the verification event.

An award document has recorded the verification events applied to it in `applied_events` since the first award
(the payroll, the CLI and the tests read that field), not in the kit's `applied_requests`. These repositories
keep it so: `get` hands the unit of work the award with `applied_requests` naming the same ids, and `apply`
records the event id in `applied_events`, on condition that it is not there yet and the version is unchanged.

The award's state is mapped by adapters/award_documents.py, as for the award repository.
"""

from __future__ import annotations

import copy
from typing import Any, Protocol

from pymongo.asynchronous.collection import AsyncCollection

from pension_kit.mongo import Document
from pension_kit.outbox import outbox_update
from pension_kit.unit_of_work import Event, InMemoryRepository, VersionedRepository, apply_update

APPLIED: str = "applied_events"
# Back pay months are added and removed one by one, never set whole (the payroll removes the months it has paid
# without touching the version): these two operators come on top of those the kit's in-memory store applies.
_MONTH_OPERATORS = ("$addToSet", "$pullAll")


def _as_aggregate(award: Document | None) -> Document | None:
    if award is None:
        return None
    return {**award, "applied_requests": list(award.get(APPLIED) or [])}


def _update(update: Document, request_id: str, events: list[Event]) -> Document:
    merged = outbox_update(update, events)
    if merged is update:
        merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$inc", {})["version"] = 1
    merged.setdefault("$push", {})[APPLIED] = request_id
    return merged


class AwardReactions(VersionedRepository, Protocol):
    """Awards by id, written by the reactions' unit of work, and the one late addition of a back pay month."""

    async def add_back_pay_if_active(self, aggregate_id: Any, month: str) -> None:
        """Adds a month to the back pay of an award that is active and not suspended; no version, like the
        payroll's removal of a paid month."""
        ...


class MongoAwardReactions:
    """The `awards` collection, for the reactions' unit of work."""

    def __init__(self, awards: AsyncCollection[Document]) -> None:
        self.awards = awards

    async def get(self, aggregate_id: Any) -> Document | None:
        return _as_aggregate(await self.awards.find_one({"_id": aggregate_id}, {"outbox": 0}))

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        result = await self.awards.update_one(
            {"_id": aggregate_id, "version": expected_version, APPLIED: {"$ne": request_id}},
            _update(update, request_id, events),
        )
        return result.modified_count == 1

    async def add_back_pay_if_active(self, aggregate_id: Any, month: str) -> None:
        await self.awards.update_one(
            {"_id": aggregate_id, "status": "ACTIVE", "suspension": None},
            {"$addToSet": {"back_pay_pending": month}},
        )


class InMemoryAwardReactions(InMemoryRepository):
    """The same in a dict, for unit tests of the reactions."""

    async def get(self, aggregate_id: Any) -> Document | None:
        return _as_aggregate(await super().get(aggregate_id))

    async def apply(
        self, aggregate_id: Any, *, expected_version: int, request_id: str, update: Document, events: list[Event]
    ) -> bool:
        award = self.documents.get(aggregate_id)
        if award is None or award.get("version", 0) != expected_version or request_id in award.get(APPLIED, ()):
            return False
        if self.lose_races > 0:
            self.lose_races -= 1
            award["version"] = award.get("version", 0) + 1
            return False
        changed = copy.deepcopy(award)
        merged = _update(update, request_id, events)
        apply_update(changed, {op: fields for op, fields in merged.items() if op not in _MONTH_OPERATORS})
        _apply_months(changed, merged)
        self.documents[aggregate_id] = changed
        self.events.extend(events)
        self.writes += 1
        return True

    async def add_back_pay_if_active(self, aggregate_id: Any, month: str) -> None:
        award = self.documents.get(aggregate_id)
        if award is not None and award.get("status") == "ACTIVE" and award.get("suspension") is None:
            _apply_months(award, {"$addToSet": {"back_pay_pending": {"$each": [month]}}})


def _apply_months(award: Document, update: Document) -> None:
    for name, value in update.get("$addToSet", {}).items():
        current = award.setdefault(name, [])
        for item in value["$each"]:
            if item not in current:
                current.append(item)
    for name, values in update.get("$pullAll", {}).items():
        award[name] = [item for item in award.get(name) or [] if item not in values]


# --- the award's state as the rules see it, and back ------------------------------------------------------


# award_state, suspension_document and stop_document: adapters/award_documents.py, the one mapping of an award.
