"""Each agent's cash book in MongoDB: one document per agent with its receipts, deposits and outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_enrolment.domain.cash import CashReceipt
from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields
from pension_kit.unit_of_work import versioned_update

AGENT_CASH = "agent_cash"

INDEXES = [IndexSpec(AGENT_CASH, [("pooling_region_code", 1), ("_id", 1)], name="region_agent")]


def receipt_document(receipt: CashReceipt) -> Document:
    return {
        "receipt_number": receipt.receipt_number,
        "resident_id": receipt.resident_id,
        "contribution_id": receipt.contribution_id,
        "amount_fen": receipt.amount_fen,
        "collected_on": receipt.collected_on.isoformat(),
        "deposit_id": receipt.deposit_id,
        "reversed": receipt.reversed,
    }


def cash_receipt(document: Document) -> CashReceipt:
    return CashReceipt(
        receipt_number=document["receipt_number"],
        resident_id=document["resident_id"],
        contribution_id=document["contribution_id"],
        amount_fen=document["amount_fen"],
        collected_on=date.fromisoformat(document["collected_on"]),
        deposit_id=document["deposit_id"],
        reversed=document["reversed"],
    )


class AgentCashRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._books = database[AGENT_CASH]

    async def get(self, agent_id: str) -> Document | None:
        return await self._books.find_one({"_id": agent_id}, {"outbox": 0})

    async def ensure(self, agent_id: str, pooling_region_code: str) -> None:
        """Opens the agent's cash book on their first cash contribution."""
        try:
            await self._books.insert_one(
                {
                    "_id": agent_id,
                    "pooling_region_code": pooling_region_code,
                    "receipts": [],
                    "deposits": [],
                    "applied_requests": [],
                    "version": 0,
                    "created_at": datetime.now(UTC),
                    **outbox_fields([]),
                }
            )
        except DuplicateKeyError:
            return

    async def apply(
        self, agent_id: str, *, expected_version: int, request_id: str, update: Document, events: list[dict[str, Any]]
    ) -> bool:
        """One write of the book if unchanged meanwhile; the request id (an event id or a client's) applies once."""
        merged = versioned_update(update, request_id=request_id, events=events)
        result = await self._books.update_one(
            {"_id": agent_id, "version": expected_version, "applied_requests": {"$ne": request_id}}, merged
        )
        return result.modified_count == 1

    async def in_region(self, pooling_region_code: str, *, after_id: str, limit: int) -> list[Document]:
        selector = {"pooling_region_code": pooling_region_code, "_id": {"$gt": after_id}}
        return await self._books.find(selector, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()
