"""Payments in MongoDB (one per award and month), read and written as domain objects."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from pension_kit.clock import now_to_millisecond
from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_update
from pension_kit.unit_of_work import Event
from pension_payout.adapters.award_documents import bank_account_document, bank_account_of
from pension_payout.adapters.store import PayoutStore
from pension_payout.domain.award import BankAccount, Sealed
from pension_payout.domain.payroll import CANCELLED, FAILED, PAID, PREPARED, Payment, PaymentLine

DUPLICATE_KEY = 11000


def payment_from_document(document: Mapping[str, Any]) -> Payment:
    return Payment(
        payment_id=document["_id"],
        award_id=document["award_id"],
        resident_id=document["resident_id"],
        pooling_region_code=document["pooling_region_code"],
        village_code=document.get("village_code", ""),
        month=parse_month(document["month"]),
        kind=document["kind"],
        payroll_run_id=document["payroll_run_id"],
        attempt=document["attempt"],
        lines=tuple(
            PaymentLine(line["component"], line["level"], line["fund"], line["amount_fen"])
            for line in document["lines"]
        ),
        amount_fen=document["amount_fen"],
        age_at_month_end=document["age_at_month_end"],
        policy_version_id=document["policy_version_id"],
        status=document["status"],
        bank_account=bank_account_of(document["bank_account"]),
        batch_id=document["batch_id"],
        sealed_name=document.get("sealed_name"),
        failure_code=document.get("failure_code", ""),
        failure_reason=document.get("failure_reason", ""),
        paid_on=date.fromisoformat(document["paid_on"]) if document.get("paid_on") else None,
    )


def payment_document(payment: Payment) -> Document:
    """A new payment as stored."""
    assert payment.sealed_name is not None, "a payment is prepared with the name its bank file needs"
    return {
        "_id": payment.payment_id,
        "award_id": payment.award_id,
        "resident_id": payment.resident_id,
        "pooling_region_code": payment.pooling_region_code,
        "village_code": payment.village_code,
        "month": str(payment.month),
        "kind": payment.kind,
        "payroll_run_id": payment.payroll_run_id,
        "attempt": payment.attempt,
        "lines": [
            {"component": line.component, "level": line.level, "fund": line.fund, "amount_fen": line.amount_fen}
            for line in payment.lines
        ],
        "amount_fen": payment.amount_fen,
        "age_at_month_end": payment.age_at_month_end,
        "policy_version_id": payment.policy_version_id,
        "status": payment.status,
        "bank_account": bank_account_document(payment.bank_account),
        "sealed_name": dict(payment.sealed_name),
        "batch_id": payment.batch_id,
    }


@dataclass(frozen=True)
class SentAmount:
    """What a payment sent to a bank asked for, and its status now."""

    payment_id: str
    amount_fen: int
    status: str


class PaymentRepository:
    """Every query of the payments collection; payments are found by id wherever they can be (FerretDB uses
    the _id index only)."""

    def __init__(self, store: PayoutStore) -> None:
        self._store = store

    async def insert_missing(self, payments: Sequence[Payment]) -> set[str]:
        """Inserts the payments that do not exist yet; returns the ids of those that did."""
        if not payments:
            return set()
        documents = [payment_document(payment) for payment in payments]
        try:
            await self._store.payments.insert_many(documents, ordered=False)
            return set()
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != DUPLICATE_KEY for error in errors):
                raise
            return {documents[error["index"]]["_id"] for error in errors}

    async def statuses(self, identifiers: Sequence[str]) -> dict[str, str]:
        """The status of each payment that exists, read by _id, all at once."""
        found = await asyncio.gather(
            *(self._store.payments.find_one({"_id": identifier}, {"status": 1}) for identifier in identifiers)
        )
        return {document["_id"]: document["status"] for document in found if document is not None}

    async def reinstate(self, payment: Payment) -> bool:
        """A withdrawn (CANCELLED) payment due again, written anew in its run; False if it is not CANCELLED."""
        result = await self._store.payments.replace_one(
            {"_id": payment.payment_id, "status": CANCELLED}, payment_document(payment)
        )
        return result.modified_count == 1

    async def pay_again(
        self, payment_id: str, *, payroll_run_id: str, bank_account: BankAccount, sealed_name: Sealed, batch_id: str
    ) -> bool:
        """A FAILED payment moved into a later run, to a new account, as its next attempt."""
        result = await self._store.payments.update_one(
            {"_id": payment_id, "status": FAILED},
            {
                "$set": {
                    "status": PREPARED,
                    "payroll_run_id": payroll_run_id,
                    "bank_account": bank_account_document(bank_account),
                    "sealed_name": dict(sealed_name),
                    "batch_id": batch_id,
                    "failure_code": "",
                    "failure_reason": "",
                },
                "$inc": {"attempt": 1},
            },
        )
        return result.modified_count == 1

    async def to_pay(self, payroll_run_id: str, *, batch_size: int) -> AsyncIterator[Payment]:
        """A run's PREPARED payments, `batch_size` at a time."""
        cursor = self._store.payments.find(
            {"payroll_run_id": payroll_run_id, "status": PREPARED}, {"outbox": 0}, batch_size=batch_size
        )
        async for document in cursor:
            yield payment_from_document(document)

    async def page_of_run(self, payroll_run_id: str, status: str | None, *, after: str, limit: int) -> list[Payment]:
        query: Document = {"payroll_run_id": payroll_run_id}
        if status:
            query["status"] = status
        if after:
            query["_id"] = {"$gt": after}
        found = await self._store.payments.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()
        return [payment_from_document(document) for document in found]

    async def by_ids(self, identifiers: Sequence[str]) -> list[Payment]:
        """The payments of these ids that exist, in no particular order."""
        found = await self._store.payments.find({"_id": {"$in": list(identifiers)}}, {"outbox": 0}).to_list()
        return [payment_from_document(document) for document in found]

    async def for_return(self, identifiers: Sequence[str]) -> list[Payment | None]:
        """The payments a bank return names, read by _id (without the sealed name), one per id in order."""
        found = await asyncio.gather(
            *(
                self._store.payments.find_one({"_id": identifier}, {"outbox": 0, "sealed_name": 0})
                for identifier in identifiers
            )
        )
        return [payment_from_document(document) if document is not None else None for document in found]

    async def sent_in_batch(self, payroll_run_id: str, batch_id: str) -> list[SentAmount]:
        cursor = self._store.payments.find(
            {"payroll_run_id": payroll_run_id, "batch_id": batch_id}, {"amount_fen": 1, "status": 1}
        )
        return [SentAmount(payment["_id"], payment["amount_fen"], payment["status"]) async for payment in cursor]

    async def record_outcomes(self, answered: Sequence[tuple[Payment, Event]]) -> None:
        """Each payment PAID or FAILED as its bank answered, with its event, if it is still PREPARED."""
        writes = []
        for payment, event in answered:
            fields: Document = (
                {"status": PAID, "paid_on": payment.paid_on.isoformat() if payment.paid_on else None}
                if payment.status == PAID
                else {"status": FAILED, "failure_code": payment.failure_code, "failure_reason": payment.failure_reason}
            )
            writes.append(
                UpdateOne({"_id": payment.payment_id, "status": PREPARED}, outbox_update({"$set": fields}, [event]))
            )
        if writes:
            await self._store.payments.bulk_write(writes, ordered=False)

    async def cancel(self, payment: Payment, *, reason: str, event: Event) -> None:
        """A prepared payment withdrawn from its run (which recorded the withdrawal first), with its event."""
        await self._store.payments.update_one(
            {"_id": payment.payment_id, "status": PREPARED, "payroll_run_id": payment.payroll_run_id},
            outbox_update(
                {"$set": {"status": CANCELLED, "cancel_reason": reason, "cancelled_at": now_to_millisecond()}},
                [event],
            ),
        )
