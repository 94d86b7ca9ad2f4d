"""Agents' cash books: receipts from cash contributions, deposits against them, what is owed and overdue."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from google.protobuf.message import Message

from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.agent_cash import AGENT_CASH, cash_receipt, receipt_document
from pension_enrolment.domain.cash import (
    CashDay,
    CashReceipt,
    apply_deposit,
    outstanding,
    overdue,
    receipt_issued_to_another,
)
from pension_enrolment.service_layer import PRODUCER
from pension_kit.errors import Aborted, AlreadyExists, DomainError, InvalidArgument, NotFound
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_calendar_date
from pension_kit.text import (
    ID_MAX,
    IDENTIFIER_MAX,
    REASON_MAX,
    RECEIPT_NUMBER_MAX,
    REFERENCE_MAX,
    REQUEST_ID_MAX,
    check_free_text,
    check_items,
    check_length,
)
from pension_kit.unit_of_work import Decision, UnitOfWork, VersionedRepository

DEPOSIT_ROLES = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READ_ROLES = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER, Role.AUDITOR, Role.SYSTEM)
SETTLEMENT_ROLES = (Role.COUNTY_OFFICER, Role.SYSTEM)
CHANNEL_CASH = 1
# Receipts one deposit may cover: a month of daily collection in a large village.
MAX_DEPOSIT_RECEIPTS = 1000

# The settlement period (days) of a pooling region on a date, from the policy in force.
SettlementDays = Callable[[str, date], Awaitable[int]]


class CashBooks(VersionedRepository, Protocol):
    """What the service needs of the agents' cash books (AgentCashRepository; an in-memory one in unit tests)."""

    async def ensure(self, agent_id: str, pooling_region_code: str) -> None: ...

    async def in_region(self, pooling_region_code: str, *, after_id: str, limit: int) -> list[Document]: ...


@dataclass
class AgentCashService:
    books: CashBooks
    region_topic: str
    notify_relay: NotifyRelay
    settlement_days: SettlementDays

    async def record_receipt(self, event_id: str, recorded: events_pb2.ContributionRecorded) -> None:
        """A cash contribution makes its collecting agent owe its amount from the day it was paid."""
        if recorded.channel != CHANNEL_CASH or not recorded.agent_id:
            return
        await self.books.ensure(recorded.agent_id, recorded.pooling_region_code)
        receipt = CashReceipt(
            receipt_number=recorded.receipt_number,
            resident_id=recorded.resident_id,
            contribution_id=recorded.contribution_id,
            amount_fen=recorded.personal_fen,
            collected_on=date(recorded.paid_on.year, recorded.paid_on.month, recorded.paid_on.day),
        )

        def decide(book: Document) -> tuple[Document, list[Message]] | None:
            # One receipt per contribution, whatever its number: a payer's several years under one paper receipt,
            # or a number typed for two people at one moment (require_receipt_number_free), each stay owed.
            if any(r["contribution_id"] == receipt.contribution_id for r in book["receipts"]):
                return None
            return {"$push": {"receipts": receipt_document(receipt)}}, []

        await self._write(recorded.agent_id, f"event:{event_id}", decide, actor="system", reason="")

    async def reverse_receipt(self, event_id: str, reversed_: events_pb2.ContributionReversed) -> None:
        """A reversed cash contribution is refunded to the resident, so the agent no longer owes it."""
        if reversed_.channel != CHANNEL_CASH or not reversed_.agent_id:
            return

        def decide(book: Document) -> tuple[Document, list[Message]] | None:
            receipts = book["receipts"]
            if not any(r["contribution_id"] == reversed_.contribution_id for r in receipts):
                return None
            marked = [
                {**r, "reversed": True} if r["contribution_id"] == reversed_.contribution_id else r for r in receipts
            ]
            return {"$set": {"receipts": marked}}, []

        await self._write(reversed_.agent_id, f"event:{event_id}", decide, actor="system", reason="")

    async def require_receipt_number_free(self, agent_id: str, receipt_number: str, resident_id: str) -> None:
        """Refuses a cash contribution under a receipt number the agent already issued to someone else (409
        `RECEIPT_NUMBER_USED`): the paper receipts, the deposit slips and the book would disagree. The book learns
        receipts from the contributions' events, so two people's recorded under one number within that moment both
        pass; the book then owes both (apply_deposit)."""
        book = await self.books.get(agent_id)
        issued = [cash_receipt(r) for r in book["receipts"]] if book else []
        used = receipt_issued_to_another(issued, receipt_number, resident_id)
        if used is not None:
            raise AlreadyExists(
                "RECEIPT_NUMBER_USED",
                f"receipt {receipt_number} was already issued by this agent to another resident (collected on "
                f"{used.collected_on.isoformat()}); check the number on the paper receipt",
                field="receipt_number",
                message_zh=f"收据号{receipt_number}已于{used.collected_on.isoformat()}开给其他参保人，请核对收据上的号码",
            )

    async def record_deposit(
        self,
        agent_id: str,
        *,
        amount_fen: int,
        deposited_on: date,
        slip_ref: str,
        receipt_numbers: list[str],
        reason: str,
        request_id: str,
        caller: Caller,
    ) -> tuple[str, int]:
        """Settles the named receipts with one bank deposit; returns the deposit id and what is still owed."""
        caller.require_role(*DEPOSIT_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        check_length(agent_id, field="agent_id", max_length=ID_MAX)
        # The slip and receipt numbers are serials copied from paper, checked for length only (docs/limits.md).
        check_length(slip_ref, field="deposit_slip_ref", max_length=REFERENCE_MAX)
        check_items(receipt_numbers, field="receipt_numbers", max_items=MAX_DEPOSIT_RECEIPTS)
        for index, number in enumerate(receipt_numbers):
            check_length(number, field=f"receipt_numbers[{index}]", max_length=RECEIPT_NUMBER_MAX)
        check_free_text(reason, field="reason", max_length=REASON_MAX)
        if not slip_ref.strip():
            raise InvalidArgument(
                "DEPOSIT_SLIP_REQUIRED", "the bank's deposit slip reference is required", field="deposit_slip_ref"
            )
        deposit_id = "D" + uuid.uuid5(uuid.NAMESPACE_URL, f"deposit:{request_id}").hex[:20].upper()

        def decide(book: Document) -> tuple[Document, list[Message]] | None:
            receipts = [cash_receipt(r) for r in book["receipts"]]
            settled = apply_deposit(
                receipts, deposit_id=deposit_id, amount_fen=amount_fen, receipt_numbers=receipt_numbers
            )
            owed_after, _, _ = outstanding(settled, date.max)
            event = events_pb2.AgentCashDeposited(
                pooling_region_code=book["pooling_region_code"],
                agent_id=agent_id,
                deposit_id=deposit_id,
                amount_fen=amount_fen,
                deposited_on=to_calendar_date(deposited_on),
                deposit_slip_ref=slip_ref,
                receipt_numbers=receipt_numbers,
                outstanding_after_fen=owed_after,
            )
            deposit = {
                "deposit_id": deposit_id,
                "amount_fen": amount_fen,
                "deposited_on": deposited_on.isoformat(),
                "deposit_slip_ref": slip_ref,
                "receipt_numbers": receipt_numbers,
                "recorded_by": caller.user_id,
            }
            update = {"$set": {"receipts": [receipt_document(r) for r in settled]}, "$push": {"deposits": deposit}}
            return update, [event]

        book = await self._write(agent_id, request_id, decide, actor=caller.user_id, reason=reason or "cash deposit")
        owed, _, _ = outstanding([cash_receipt(r) for r in book["receipts"]], date.max)
        return deposit_id, owed

    async def outstanding(
        self, agent_id: str, as_of: date, *, caller: Caller
    ) -> tuple[int, list[CashDay], list[CashReceipt]]:
        caller.require_role(*READ_ROLES)
        check_length(agent_id, field="agent_id", max_length=ID_MAX)
        if caller.role is Role.VILLAGE_AGENT and caller.user_id != agent_id:
            raise InvalidArgument("AGENT_MISMATCH", "an agent sees only their own cash", field="agent_id")
        book = await self.books.get(agent_id)
        receipts = [cash_receipt(r) for r in book["receipts"]] if book else []
        return outstanding(receipts, as_of)

    async def check_settlement(
        self, pooling_region_code: str, as_of: date, *, request_id: str, caller: Caller
    ) -> tuple[int, int]:
        """Raises an overdue event for every agent of the region still owing cash past the settlement period."""
        caller.require_role(*SETTLEMENT_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        check_length(pooling_region_code, field="pooling_region_code", max_length=IDENTIFIER_MAX)
        days = await self.settlement_days(pooling_region_code, as_of)
        agents = overdue_fen = 0
        after = ""
        while True:
            page = await self.books.in_region(pooling_region_code, after_id=after, limit=200)
            if not page:
                return agents, overdue_fen
            for book in page:
                late = overdue([cash_receipt(r) for r in book["receipts"]], as_of, days)
                if not late:
                    continue
                agents += 1
                overdue_fen += sum(r.amount_fen for r in late)
                event = events_pb2.AgentCashOverdue(
                    pooling_region_code=pooling_region_code,
                    agent_id=book["_id"],
                    as_of=to_calendar_date(as_of),
                    overdue_fen=sum(r.amount_fen for r in late),
                    oldest_collected_on=to_calendar_date(min(r.collected_on for r in late)),
                    days_outstanding=(as_of - min(r.collected_on for r in late)).days,
                    settlement_days=days,
                    receipt_numbers=[r.receipt_number for r in late],
                )
                await self._write(
                    book["_id"],
                    f"{request_id}:{book['_id']}",
                    _announce(event),
                    actor=caller.user_id,
                    reason="cash not deposited within the settlement period",
                )
            after = page[-1]["_id"]

    async def _write(
        self,
        agent_id: str,
        request_id: str,
        decide: Callable[[Document], tuple[Document, list[Message]] | None],
        *,
        actor: str,
        reason: str,
    ) -> Document:
        def decide_write(book: Document) -> Decision[Document | None]:
            decision = decide(book)
            # Nothing to change still records the request id (an event applied once), with no events.
            update, payloads = decision if decision is not None else ({}, [])
            return Decision(update, payloads, None)

        unchanged = await self._unit_of_work.write(
            agent_id,
            request_id=request_id,
            actor=actor,
            reason=reason,
            decide=decide_write,
            repeated=lambda book: book,
            not_found=lambda: NotFound(
                "AGENT_CASH_BOOK_NOT_FOUND", f"agent {agent_id} has collected no cash", field="agent_id"
            ),
        )
        if unchanged is not None:
            return unchanged
        changed = await self.books.get(agent_id)
        assert changed is not None
        return changed

    @property
    def _unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(
            self.books,
            AGENT_CASH,
            self.region_topic,
            PRODUCER,
            self.notify_relay,
            attempts=8,
            subject_key=lambda book: str(book["pooling_region_code"]),
            conflict=_book_kept_changing,
        )


def _book_kept_changing() -> DomainError:
    return Aborted("CONCURRENT_CHANGE", "the agent's cash book kept changing; try again", field="agent_id")


def _announce(event: Message) -> Callable[[Document], tuple[Document, list[Message]] | None]:
    """A decision that changes nothing but raises `event`."""

    def decide(_book: Document) -> tuple[Document, list[Message]] | None:
        return {}, [event]

    return decide
