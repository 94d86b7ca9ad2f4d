"""What the case and reaction use cases read of payments and payroll runs, and the one change they make to them.

Kept behind one small class so that it can be pointed at the payroll's own repositories once they exist; until
then it reads the collections of `PayoutStore` the way the payroll writes them.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterable
from typing import Protocol

from pension_kit.identifiers import Month
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_payout.adapters.store import PayoutStore, payment_id
from pension_payout.service_layer.payment_withdrawal import withdraw_payment


class PayrollRecords(Protocol):
    async def payments_of_months(self, award: str, months: Iterable[Month]) -> list[Document]:
        """The payments (without their outbox) of an award for these months, those that exist."""
        ...

    async def run_status(self, payroll_run_id: str) -> str | None:
        """The status of a payroll run, None when there is no such run."""
        ...

    async def withdraw(self, payment: Document, *, actor: str, reason: str) -> bool:
        """Takes a PREPARED payment out of its run; False when the run has begun exporting (see
        payroll.withdraw_payment)."""
        ...


class StoredPayroll:
    """The payments and runs as stored; withdrawals announced on the resident topic."""

    def __init__(self, store: PayoutStore, *, resident_topic: str, notify_relay: NotifyRelay) -> None:
        self.store = store
        self.resident_topic = resident_topic
        self.notify_relay = notify_relay

    async def payments_of_months(self, award: str, months: Iterable[Month]) -> list[Document]:
        # Found by their ids: FerretDB uses the _id index only.
        found = await asyncio.gather(
            *(self.store.payments.find_one({"_id": payment_id(award, month)}, {"outbox": 0}) for month in months)
        )
        return [payment for payment in found if payment is not None]

    async def run_status(self, payroll_run_id: str) -> str | None:
        run = await self.store.payroll_runs.find_one({"_id": payroll_run_id}, {"status": 1})
        return None if run is None else str(run.get("status", ""))

    async def withdraw(self, payment: Document, *, actor: str, reason: str) -> bool:
        # The payroll's own rule for a withdrawal (it races the export on the run's document).
        return await withdraw_payment(
            self.store,
            payment,
            resident_topic=self.resident_topic,
            notify_relay=self.notify_relay,
            actor=actor,
            reason=reason,
        )


class InMemoryPayroll:
    """Payments and runs in dicts, for unit tests of the case and reaction use cases; a withdrawal is refused,
    as the payroll refuses it, once the payment's run is past DRAFT and APPROVED."""

    def __init__(self) -> None:
        self.payments: dict[str, Document] = {}
        self.runs: dict[str, str] = {}
        self.withdrawn: list[str] = []

    async def payments_of_months(self, award: str, months: Iterable[Month]) -> list[Document]:
        return [
            copy.deepcopy(self.payments[identifier])
            for identifier in (payment_id(award, month) for month in months)
            if identifier in self.payments
        ]

    async def run_status(self, payroll_run_id: str) -> str | None:
        return self.runs.get(payroll_run_id)

    async def withdraw(self, payment: Document, *, actor: str, reason: str) -> bool:
        if self.runs.get(payment["payroll_run_id"]) not in ("DRAFT", "APPROVED"):
            return False
        self.payments[payment["_id"]]["status"] = "CANCELLED"
        self.withdrawn.append(payment["_id"])
        return True
