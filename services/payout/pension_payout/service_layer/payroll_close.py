"""Closing a run once every bank has answered and the answers add up to what was exported."""

from __future__ import annotations

from dataclasses import replace

from pension.payout.v1 import events_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.identity import Caller
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.unit_of_work import Decision
from pension_payout.adapters.payroll_messages import payroll_message
from pension_payout.adapters.payroll_repository import PayrollRunRepository, closed_update, run_from_document
from pension_payout.domain.payroll import CLOSED, PayrollRun
from pension_payout.service_layer.payroll_runs import PREPARING_ROLES, not_found, read_run, run_unit_of_work


class PayrollCloseService:
    """Closes reconciled runs; closing a closed run again answers it as it is."""

    def __init__(self, runs: PayrollRunRepository, *, region_topic: str, notify_relay: NotifyRelay) -> None:
        self.runs = runs
        self.region_topic = region_topic
        self.notify_relay = notify_relay

    async def close(self, payroll_run_id: str, *, caller: Caller, request_id: str) -> PayrollRun:
        """CLOSED once every return is in and paid + failed = exported, to the fen and the line."""
        caller.require_role(*PREPARING_ROLES)
        run = await read_run(self.runs, payroll_run_id, caller=caller)
        if run.status == CLOSED:
            return run

        def decide(document: Document) -> Decision[None]:
            current = run_from_document(document)
            if current.status == CLOSED:
                return Decision(None, [], None)  # closed by a twin request meanwhile
            current.check_closable()
            closed = replace(current, status=CLOSED, closed_at=now_to_millisecond())
            assert closed.closed_at is not None
            payload = events_pb2.PayrollClosed(payroll=payroll_message(closed))
            return Decision(closed_update(closed.closed_at), [payload], None)

        await run_unit_of_work(
            self.runs,
            topic=self.region_topic,
            notify_relay=self.notify_relay,
            conflict_message=f"{payroll_run_id} kept changing; close again",
        ).write(
            payroll_run_id,
            request_id=request_id,
            actor=caller.user_id,
            reason="closed",
            decide=decide,
            repeated=lambda _: None,
            not_found=lambda: not_found(payroll_run_id),
            read=None,
        )
        return await read_run(self.runs, payroll_run_id, caller=caller)
