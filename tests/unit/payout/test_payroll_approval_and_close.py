"""Approving and closing a payroll run (one unit of work each) on the in-memory repository of pension_kit.unit_of_work.

No database is reached: approval and close read and write the run through the unit of work's repository only (the
store's client below never connects).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from pension.common.v1 import envelope_pb2
from pension.payout.v1 import events_pb2
from pension_kit.errors import DomainError
from pension_kit.events import unpack_payload
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_kit.unit_of_work import InMemoryRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import PAYROLL_RUNS, PayoutStore
from pension_payout.service_layer.payroll_approval import PayrollApprovalService
from pension_payout.service_layer.payroll_close import PayrollCloseService

RUN = "PR-411731-202612"
MAKER = Caller("maker", Role.COUNTY_OFFICER)
CHECKER_1 = Caller("checker-1", Role.COUNTY_APPROVER)
CHECKER_2 = Caller("checker-2", Role.COUNTY_APPROVER)
VAULT = PersonalDataVault((("k1", b"K" * 32),), b"L" * 32)


class Relay:
    def __init__(self) -> None:
        self.hints: list[tuple[str, list[Any]]] = []

    def __call__(self, collection: str, ids: Iterable[Any]) -> None:
        self.hints.append((collection, list(ids)))


def run(**fields: Any) -> Document:
    return {
        "_id": RUN,
        "pooling_region_code": "411731",
        "month": "2026-12",
        "status": "DRAFT",
        "preparing": False,
        "preparers": [MAKER.user_id],
        "approvals": [],
        "approvals_required": 2,
        "batches": [],
        "applied_requests": [],
        "version": 3,
        **fields,
    }


def batch(**fields: Any) -> Document:
    return {
        "batch_id": f"{RUN}-ABC",
        "bank_code": "ABC",
        "bank_name": "中国农业银行",
        "file_name": "f.txt",
        "record_count": 2,
        "total_fen": 300,
        "sha256": "0" * 64,
        "returned": True,
        "paid_count": 1,
        "paid_fen": 100,
        "failed_count": 1,
        "failed_fen": 200,
        **fields,
    }


STORE = PayoutStore(AsyncMongoClient("mongodb://unused.invalid", connect=False)["unit"])


def repository(documents: InMemoryRepository) -> PayrollRunRepository:
    return PayrollRunRepository(STORE, versioned=documents)


def approval(documents: InMemoryRepository, relay: Relay, tmp_path: Path) -> PayrollApprovalService:
    files = BankFileWriter(tmp_path, VAULT)
    return PayrollApprovalService(
        repository(documents), PaymentRepository(STORE), files, region_topic="region", notify_relay=relay
    )


def payloads(documents: InMemoryRepository) -> list[Any]:
    return [unpack_payload(envelope_pb2.EventEnvelope.FromString(e["envelope"])) for e in documents.events]


async def test_two_distinct_approvers_approve_a_draft_once_each_and_a_repeat_changes_nothing(tmp_path: Path) -> None:
    documents, relay = InMemoryRepository(run()), Relay()
    service = approval(documents, relay, tmp_path)
    first = await service.approve(RUN, caller=CHECKER_1, reason="checked", request_id="A-1")
    assert (first.status, [a.approver_id for a in first.approvals], first.version) == ("DRAFT", ["checker-1"], 4)
    again = await service.approve(RUN, caller=CHECKER_1, reason="checked", request_id="A-1")
    assert again == first and documents.writes == 1, "the same request id is answered from the stored run"
    second = await service.approve(RUN, caller=CHECKER_2, reason="", request_id="A-2")
    assert second.status == "APPROVED"
    assert documents.documents[RUN]["applied_requests"] == ["A-1", "A-2"]
    [approved_1, approved_2] = payloads(documents)
    assert isinstance(approved_2, events_pb2.PayrollApproved)
    assert (approved_1.approvals, approved_1.fully_approved) == (1, False)
    assert (approved_2.approvals, approved_2.fully_approved, approved_2.approver_id) == (2, True, "checker-2")
    assert relay.hints == [(PAYROLL_RUNS, [RUN]), (PAYROLL_RUNS, [RUN])]


async def test_an_approval_the_run_does_not_allow_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    documents = InMemoryRepository(run(preparers=[CHECKER_1.user_id]))
    with pytest.raises(DomainError) as refusal:
        await approval(documents, Relay(), tmp_path).approve(RUN, caller=CHECKER_1, reason="", request_id="A-1")
    assert refusal.value.reason == "PAYROLL_APPROVER_IS_PREPARER"
    assert documents.writes == 0 and documents.events == []


async def test_an_approval_that_keeps_losing_races_is_refused_as_a_concurrent_change(tmp_path: Path) -> None:
    documents = InMemoryRepository(run())
    documents.lose_races = 5
    with pytest.raises(DomainError) as refusal:
        await approval(documents, Relay(), tmp_path).approve(RUN, caller=CHECKER_1, reason="", request_id="A-1")
    assert refusal.value.reason == "PAYROLL_CHANGED"


async def test_a_reconciled_run_closes_once_with_its_event() -> None:
    documents, relay = InMemoryRepository(run(status="RETURNED", batches=[batch()])), Relay()
    service = PayrollCloseService(repository(documents), region_topic="region", notify_relay=relay)
    closed = await service.close(RUN, caller=MAKER, request_id="C-1")
    assert (closed.status, documents.writes) == ("CLOSED", 1) and isinstance(closed.closed_at, datetime)
    assert await service.close(RUN, caller=MAKER, request_id="C-2") == closed, "a closed run is answered as it is"
    [event] = payloads(documents)
    assert isinstance(event, events_pb2.PayrollClosed) and event.payroll.payroll_run_id == RUN


async def test_a_run_whose_returns_do_not_add_up_is_not_closed() -> None:
    documents = InMemoryRepository(run(status="RETURNED", batches=[batch(failed_fen=199)]))
    service = PayrollCloseService(repository(documents), region_topic="region", notify_relay=Relay())
    with pytest.raises(DomainError) as refusal:
        await service.close(RUN, caller=MAKER, request_id="C-1")
    assert refusal.value.reason == "PAYROLL_DOES_NOT_RECONCILE" and documents.writes == 0
