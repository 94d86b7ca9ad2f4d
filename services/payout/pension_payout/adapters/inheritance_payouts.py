"""Inheritance payouts where they are kept: one document per deceased resident (_id inheritance_id(resident)).

A payout document (money int fen): resident_id, pooling_region_code, heir (masked, hashed and sealed, never in
the clear), evidence_ref, reason, date_of_death, balance_fen, offsets [{overpayment_case_id, amount_fen}],
overpayment_offset_fen, net_fen, status REQUESTED | APPROVED | PAID | FAILED, who requested and approved it and
when, paid_on, bank_reference, offset_recorded, attempts (earlier requests replaced), applied_requests, version,
and its outbox.
"""

from __future__ import annotations

from typing import Any, Protocol

from pension_kit.mongo import Document
from pension_kit.unit_of_work import VersionedRepository
from pension_payout.adapters.insertable import InsertableInMemoryRepository, InsertableMongoRepository
from pension_payout.domain.inheritance import Offset


class InheritancePayouts(VersionedRepository, Protocol):
    async def insert(self, payout: Document) -> bool:
        """Inserts a new payout with its outbox; False when the resident's payout exists already."""
        ...

    async def mark_offset_recorded(self, aggregate_id: Any) -> None:
        """Notes that what the payout withheld has been recorded against the overpayment cases (a fact about
        other documents, written without a version: it only ever turns true)."""
        ...


class MongoInheritancePayouts(InsertableMongoRepository):
    """The `inheritance_payouts` collection."""

    async def mark_offset_recorded(self, aggregate_id: Any) -> None:
        await self.collection.update_one({"_id": aggregate_id}, {"$set": {"offset_recorded": True}})


class InMemoryInheritancePayouts(InsertableInMemoryRepository):
    """The same in a dict, for unit tests."""

    async def mark_offset_recorded(self, aggregate_id: Any) -> None:
        if aggregate_id in self.documents:
            self.documents[aggregate_id]["offset_recorded"] = True


def offsets_document(offsets: tuple[Offset, ...]) -> list[Document]:
    return [{"overpayment_case_id": o.overpayment_case_id, "amount_fen": o.amount_fen} for o in offsets]


def offsets_of(payout: Document) -> tuple[Offset, ...]:
    """What a stored payout withholds, case by case."""
    return tuple(Offset(o["overpayment_case_id"], o["amount_fen"]) for o in payout.get("offsets") or ())
