"""Agents' cash books (service_layer.cash) on the in-memory repository of pension_kit.unit_of_work."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from pension.common.v1 import envelope_pb2, types_pb2
from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.agent_cash import AGENT_CASH
from pension_enrolment.service_layer.cash import AgentCashService
from pension_kit.errors import DomainError
from pension_kit.events import unpack_payload
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.protoconv import to_calendar_date
from pension_kit.unit_of_work import InMemoryRepository

AGENT = "agent-1"
REGION = "411723"
OFFICER = Caller("officer-1", Role.TOWNSHIP_OFFICER)


class InMemoryCashBooks(InMemoryRepository):
    """The books as AgentCashRepository keeps them, in memory."""

    async def ensure(self, agent_id: str, pooling_region_code: str) -> None:
        if agent_id not in self.documents:
            self.add(
                {
                    "_id": agent_id,
                    "pooling_region_code": pooling_region_code,
                    "receipts": [],
                    "deposits": [],
                    "applied_requests": [],
                    "version": 0,
                }
            )

    async def in_region(self, pooling_region_code: str, *, after_id: str, limit: int) -> list[Document]:
        found = sorted(
            (i for i, d in self.documents.items() if d["pooling_region_code"] == pooling_region_code and i > after_id)
        )
        return [book for i in found[:limit] if (book := await self.get(i)) is not None]


class Relay:
    def __init__(self) -> None:
        self.hints: list[tuple[str, list[Any]]] = []

    def __call__(self, collection: str, ids: Iterable[Any]) -> None:
        self.hints.append((collection, list(ids)))


async def three_days(region: str, on: date) -> int:
    return 3


def cash(books: InMemoryCashBooks, relay: Relay | None = None) -> AgentCashService:
    return AgentCashService(books, "pension.enrolment.region.v1", relay or Relay(), three_days)


def recorded(receipt: str, contribution: str, fen: int, paid_on: date) -> events_pb2.ContributionRecorded:
    return events_pb2.ContributionRecorded(
        resident_id=f"R-{contribution}",
        contribution_id=contribution,
        channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
        personal_fen=fen,
        receipt_number=receipt,
        agent_id=AGENT,
        paid_on=to_calendar_date(paid_on),
        pooling_region_code=REGION,
    )


def payloads(books: InMemoryCashBooks) -> list[Any]:
    return [unpack_payload(envelope_pb2.EventEnvelope.FromString(e["envelope"])) for e in books.events]


async def collect(service: AgentCashService) -> None:
    await service.record_receipt("E-1", recorded("SJ-1", "C-1", 20_000, date(2026, 3, 2)))
    await service.record_receipt("E-2", recorded("SJ-2", "C-2", 30_000, date(2026, 3, 3)))


async def test_a_cash_contribution_is_owed_once_however_often_its_event_arrives() -> None:
    books, relay = InMemoryCashBooks(), Relay()
    service = cash(books, relay)
    await collect(service)
    await service.record_receipt("E-1", recorded("SJ-1", "C-1", 20_000, date(2026, 3, 2)))
    # The same receipt under another event id: nothing more is owed, but the event id is recorded.
    await service.record_receipt("E-9", recorded("SJ-1", "C-1", 20_000, date(2026, 3, 2)))
    book = books.documents[AGENT]
    assert [r["receipt_number"] for r in book["receipts"]] == ["SJ-1", "SJ-2"]
    assert book["applied_requests"] == ["event:E-1", "event:E-2", "event:E-9"] and book["version"] == 3
    assert books.events == [] and relay.hints == []  # receipts announce nothing
    owed, _, _ = await service.outstanding(AGENT, date(2026, 3, 31), caller=OFFICER)
    assert owed == 50_000


async def test_two_contributions_under_one_receipt_number_are_both_owed() -> None:
    # Recorded at one moment for two people (before the book knew the first) or for one payer's two years: the
    # book keeps every contribution, so no cash collected goes unowed.
    books = InMemoryCashBooks()
    service = cash(books)
    await service.record_receipt("E-1", recorded("SJ-1", "C-1", 20_000, date(2026, 3, 2)))
    await service.record_receipt("E-2", recorded("SJ-1", "C-2", 30_000, date(2026, 3, 2)))
    owed, _, receipts = await service.outstanding(AGENT, date(2026, 3, 31), caller=OFFICER)
    assert owed == 50_000 and [r.contribution_id for r in receipts] == ["C-1", "C-2"]


async def test_a_receipt_number_the_agent_issued_to_someone_else_is_refused() -> None:
    books = InMemoryCashBooks()
    service = cash(books)
    await collect(service)
    with pytest.raises(DomainError) as refused:
        await service.require_receipt_number_free(AGENT, "SJ-1", "R-C-9")
    assert (refused.value.reason, refused.value.field) == ("RECEIPT_NUMBER_USED", "receipt_number")
    assert "2026-03-02" in refused.value.message_zh
    await service.require_receipt_number_free(AGENT, "SJ-1", "R-C-1")  # the same payer's other year
    await service.require_receipt_number_free(AGENT, "SJ-3", "R-C-9")  # a new number
    await service.require_receipt_number_free("agent-2", "SJ-1", "R-C-9")  # another agent's receipt book


async def test_a_reversed_cash_contribution_is_no_longer_owed() -> None:
    books = InMemoryCashBooks()
    service = cash(books)
    await collect(service)
    reversal = events_pb2.ContributionReversed(
        contribution_id="C-1", channel=types_pb2.CONTRIBUTION_CHANNEL_CASH, agent_id=AGENT
    )
    for _ in range(2):
        await service.reverse_receipt("E-3", reversal)
    assert [r["reversed"] for r in books.documents[AGENT]["receipts"]] == [True, False]
    owed, _, _ = await service.outstanding(AGENT, date(2026, 3, 31), caller=OFFICER)
    assert owed == 30_000


async def test_a_deposit_settles_its_receipts_once_and_is_announced_to_the_region() -> None:
    books, relay = InMemoryCashBooks(), Relay()
    service = cash(books, relay)
    await collect(service)

    async def deposit() -> tuple[str, int]:
        return await service.record_deposit(
            AGENT,
            amount_fen=20_000,
            deposited_on=date(2026, 3, 4),
            slip_ref="SLIP-1",
            receipt_numbers=["SJ-1"],
            reason="",
            request_id="DEP-1",
            caller=OFFICER,
        )

    first = await deposit()
    again = await deposit()
    assert first == again and first[1] == 30_000
    [event] = payloads(books)
    assert isinstance(event, events_pb2.AgentCashDeposited)
    assert (event.deposit_id, event.amount_fen, event.outstanding_after_fen) == (first[0], 20_000, 30_000)
    assert books.events[0]["key"] == REGION  # region-wide events are keyed by the region
    assert relay.hints == [(AGENT_CASH, [AGENT])]
    assert [d["deposit_id"] for d in books.documents[AGENT]["deposits"]] == [first[0]]


async def test_a_deposit_that_does_not_match_its_receipts_writes_nothing() -> None:
    books = InMemoryCashBooks()
    service = cash(books)
    await collect(service)
    before = books.documents[AGENT]
    with pytest.raises(DomainError) as refused:
        await service.record_deposit(
            AGENT,
            amount_fen=20_001,
            deposited_on=date(2026, 3, 4),
            slip_ref="SLIP-1",
            receipt_numbers=["SJ-1"],
            reason="",
            request_id="DEP-1",
            caller=OFFICER,
        )
    assert refused.value.reason == "CASH_DEPOSIT_AMOUNT_MISMATCH"
    assert books.documents[AGENT] == before and books.events == []


async def test_a_deposit_for_an_agent_who_collected_nothing_is_refused() -> None:
    with pytest.raises(DomainError) as refused:
        await cash(InMemoryCashBooks()).record_deposit(
            AGENT,
            amount_fen=1,
            deposited_on=date(2026, 3, 4),
            slip_ref="SLIP-1",
            receipt_numbers=["SJ-1"],
            reason="",
            request_id="DEP-1",
            caller=OFFICER,
        )
    assert refused.value.reason == "AGENT_CASH_BOOK_NOT_FOUND"


async def test_cash_kept_past_the_settlement_period_is_announced_once_per_check() -> None:
    books = InMemoryCashBooks()
    service = cash(books)
    await collect(service)
    for _ in range(2):
        agents, overdue_fen = await service.check_settlement(
            REGION, date(2026, 3, 6), request_id="CHECK-1", caller=Caller("county-1", Role.COUNTY_OFFICER)
        )
        assert (agents, overdue_fen) == (1, 20_000)  # 2 March's receipt is late, 3 March's not yet
    [event] = payloads(books)
    assert isinstance(event, events_pb2.AgentCashOverdue)
    assert (event.agent_id, event.overdue_fen, list(event.receipt_numbers)) == (AGENT, 20_000, ["SJ-1"])
    assert books.documents[AGENT]["applied_requests"][-1] == f"CHECK-1:{AGENT}"
