"""Agents' cash on the real broker and database: a cash contribution is owed until deposited, exactly once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import grpc
import pytest

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, InProcessServices, eventually, fresh_citizen_id, new_enrolment, signed

AGENT = Caller(f"agent-{uuid.uuid4().hex[:6]}", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
TOWNSHIP = Caller("township-1", Role.TOWNSHIP_OFFICER)
COUNTY = Caller("officer-cash", Role.COUNTY_OFFICER)
Stub = enrolment_service_pb2_grpc.EnrolmentServiceStub


@pytest.fixture
async def enrolment(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Stub]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    assert services.enrolment is not None
    yield Stub(services.channel(services.enrolment))
    await services.stop()


async def villager(stub: Stub) -> str:
    """Someone of working age enrolled in the agent's village (new_enrolment picks any birth year), so that an own
    contribution is allowed; their resident id."""
    body = new_enrolment(citizen_id_number=fresh_citizen_id(date(1975, 1, 1), 20))
    enrolled_on = date.fromisoformat(body.pop("enrolled_on"))
    enrolled = await stub.Enrol(
        enrolment_service_pb2.EnrolRequest(**body, enrolled_on=to_calendar_date(enrolled_on)), metadata=signed(AGENT)
    )
    return str(enrolled.resident.resident_id)


async def pays_cash(stub: Stub, resident_id: str, receipt: str, paid_on: date) -> None:
    """The resident pays this year's contribution in cash to the agent against `receipt`."""
    await stub.RecordContribution(
        enrolment_service_pb2.RecordContributionRequest(
            request_id=uuid.uuid4().hex,
            resident_id=resident_id,
            year=paid_on.year,
            kind=types_pb2.CONTRIBUTION_KIND_OWN,
            channel=types_pb2.CONTRIBUTION_CHANNEL_CASH,
            grade_fen=30000,
            receipt_number=receipt,
            agent_id=AGENT.user_id,
            paid_on=to_calendar_date(paid_on),
        ),
        metadata=signed(AGENT),
    )


async def cash_contribution(stub: Stub, receipt: str, paid_on: date) -> None:
    await pays_cash(stub, await villager(stub), receipt, paid_on)


async def test_cash_is_owed_until_deposited_and_a_wrong_deposit_changes_nothing(enrolment: Stub) -> None:
    paid_on = date(2026, 11, 2)
    receipts = [f"SJ-{uuid.uuid4().hex[:8]}" for _ in range(2)]
    for receipt in receipts:
        await cash_contribution(enrolment, receipt, paid_on)

    async def owed() -> enrolment_service_pb2.GetAgentCashOutstandingResponse | None:
        response = await enrolment.GetAgentCashOutstanding(
            enrolment_service_pb2.GetAgentCashOutstandingRequest(
                agent_id=AGENT.user_id, as_of=to_calendar_date(paid_on + timedelta(days=1))
            ),
            metadata=signed(AGENT),
        )
        return response if len(response.receipts) == 2 else None

    outstanding = await eventually(owed, what="both cash receipts are owed by the agent")
    assert outstanding.outstanding_fen == 60000
    assert [(d.collected_fen, d.outstanding_fen) for d in outstanding.days] == [(60000, 60000)]

    def deposit(amount: int, request_id: str) -> enrolment_service_pb2.RecordCashDepositRequest:
        return enrolment_service_pb2.RecordCashDepositRequest(
            request_id=request_id,
            agent_id=AGENT.user_id,
            amount_fen=amount,
            deposited_on=to_calendar_date(paid_on + timedelta(days=1)),
            deposit_slip_ref="ABC-SLIP-1",
            receipt_numbers=receipts,
        )

    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await enrolment.RecordCashDeposit(deposit(59999, uuid.uuid4().hex), metadata=signed(TOWNSHIP))
    error = from_rpc_error(refused.value)
    assert (error.reason, error.field) == ("CASH_DEPOSIT_AMOUNT_MISMATCH", "amount_fen")
    assert (await owed()) is not None  # nothing changed

    request_id = uuid.uuid4().hex
    first = await enrolment.RecordCashDeposit(deposit(60000, request_id), metadata=signed(TOWNSHIP))
    again = await enrolment.RecordCashDeposit(deposit(60000, request_id), metadata=signed(TOWNSHIP))
    assert first.outstanding_fen == 0 and again.deposit_id == first.deposit_id


async def test_cash_not_deposited_within_the_settlement_period_is_flagged(enrolment: Stub) -> None:
    paid_on = date(2026, 10, 1)
    receipt = f"SJ-{uuid.uuid4().hex[:8]}"
    await cash_contribution(enrolment, receipt, paid_on)

    async def flagged() -> int:
        response = await enrolment.CheckAgentCashSettlement(
            enrolment_service_pb2.CheckAgentCashSettlementRequest(
                request_id=uuid.uuid4().hex,
                pooling_region_code=DEMO_VILLAGE[:6],
                as_of=to_calendar_date(paid_on + timedelta(days=5)),
            ),
            metadata=signed(COUNTY),
        )
        return response.overdue_fen if response.agents_overdue else 0

    # The receipt reaches the agent's cash book through the contribution's event; then it is overdue
    # (the demo region settles daily).
    assert await eventually(flagged, what="the agent's undeposited cash is overdue") >= 30000


async def test_a_receipt_number_already_issued_to_someone_else_is_refused_and_nothing_is_recorded(
    enrolment: Stub,
) -> None:
    paid_on = date(2026, 11, 3)
    receipt = f"SJ-{uuid.uuid4().hex[:8]}"
    await cash_contribution(enrolment, receipt, paid_on)

    async def owed_receipts() -> list[str]:
        response = await enrolment.GetAgentCashOutstanding(
            enrolment_service_pb2.GetAgentCashOutstandingRequest(agent_id=AGENT.user_id), metadata=signed(AGENT)
        )
        return [r.receipt_number for r in response.receipts]

    async def in_the_book() -> bool:
        return receipt in await owed_receipts()

    await eventually(in_the_book, what="the first receipt is in the agent's cash book")
    someone_else = await villager(enrolment)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await pays_cash(enrolment, someone_else, receipt, paid_on)  # the same number typed again
    error = from_rpc_error(refused.value)
    assert (refused.value.code(), error.reason, error.field) == (
        grpc.StatusCode.ALREADY_EXISTS,
        "RECEIPT_NUMBER_USED",
        "receipt_number",
    )
    assert "收据号" in error.message_zh
    contributions = await enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=someone_else), metadata=signed(AGENT)
    )
    assert list(contributions.contributions) == []
    assert (await owed_receipts()).count(receipt) == 1
    await pays_cash(enrolment, someone_else, f"SJ-{uuid.uuid4().hex[:8]}", paid_on)  # their own receipt's number
