"""The agents' cash RPCs of EnrolmentService: deposits, outstanding cash, and the settlement check."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

import grpc

from pension.enrolment.v1 import enrolment_service_pb2
from pension_enrolment.service_layer.cash import AgentCashService
from pension_kit.clock import today_in_china
from pension_kit.identity import require_caller
from pension_kit.protoconv import from_calendar_date, to_calendar_date

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class CashRpcs:
    """Mixed into EnrolmentServicer; `_cash` is set by its constructor."""

    _cash: AgentCashService

    async def RecordCashDeposit(
        self, request: enrolment_service_pb2.RecordCashDepositRequest, context: Context
    ) -> enrolment_service_pb2.RecordCashDepositResponse:
        deposit_id, owed = await self._cash.record_deposit(
            request.agent_id,
            amount_fen=request.amount_fen,
            deposited_on=from_calendar_date(request.deposited_on, field="deposited_on") or date.min,
            slip_ref=request.deposit_slip_ref,
            receipt_numbers=list(request.receipt_numbers),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.RecordCashDepositResponse(deposit_id=deposit_id, outstanding_fen=owed)

    async def GetAgentCashOutstanding(
        self, request: enrolment_service_pb2.GetAgentCashOutstandingRequest, context: Context
    ) -> enrolment_service_pb2.GetAgentCashOutstandingResponse:
        as_of = from_calendar_date(request.as_of, field="as_of", required=False) or today_in_china()
        owed, days, receipts = await self._cash.outstanding(request.agent_id, as_of, caller=require_caller())
        return enrolment_service_pb2.GetAgentCashOutstandingResponse(
            agent_id=request.agent_id,
            outstanding_fen=owed,
            days=[
                enrolment_service_pb2.AgentCashDay(
                    collected_on=to_calendar_date(day.collected_on),
                    collected_fen=day.collected_fen,
                    deposited_fen=day.deposited_fen,
                    outstanding_fen=day.outstanding_fen,
                )
                for day in days
            ],
            receipts=[
                enrolment_service_pb2.OutstandingReceipt(
                    receipt_number=r.receipt_number,
                    contribution_id=r.contribution_id,
                    amount_fen=r.amount_fen,
                    collected_on=to_calendar_date(r.collected_on),
                )
                for r in receipts
            ],
        )

    async def CheckAgentCashSettlement(
        self, request: enrolment_service_pb2.CheckAgentCashSettlementRequest, context: Context
    ) -> enrolment_service_pb2.CheckAgentCashSettlementResponse:
        agents, fen = await self._cash.check_settlement(
            request.pooling_region_code,
            from_calendar_date(request.as_of, field="as_of", required=False) or today_in_china(),
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.CheckAgentCashSettlementResponse(agents_overdue=agents, overdue_fen=fen)
