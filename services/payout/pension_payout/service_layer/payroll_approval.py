"""Approving a prepared run (maker-checker) and exporting an approved one to the banks, one file per bank.

A prepared payment is withdrawn (a death recorded before export) by naming it in its run's document while the
run is DRAFT or APPROVED; the export turns the run EXPORTING in the same document first, so a withdrawal and an
export cannot both win: a payment that reached a bank file and is later found not due becomes an overpayment.
"""

from __future__ import annotations

from opentelemetry import trace

from pension.payout.v1 import events_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import Aborted
from pension_kit.identity import Caller
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_year_month
from pension_kit.text import REASON_MAX, mask_free_text
from pension_kit.unit_of_work import Decision
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_messages import batch_message
from pension_payout.adapters.payroll_repository import (
    PayrollRunRepository,
    approval_update,
    exported_update,
    run_from_document,
)
from pension_payout.domain.payroll import APPROVED, CLOSED, EXPORTED, EXPORTING, RETURNED, Approval, PayrollRun
from pension_payout.service_layer.payroll_runs import (
    APPROVING_ROLES,
    CHUNK,
    PREPARING_ROLES,
    not_found,
    read_run,
    run_unit_of_work,
)

tracer = trace.get_tracer(__name__)


class PayrollApprovalService:
    """Signs off runs and hands them to the banks; each step safe to repeat."""

    def __init__(
        self,
        runs: PayrollRunRepository,
        payments: PaymentRepository,
        bank_files: BankFileWriter,
        *,
        region_topic: str,
        notify_relay: NotifyRelay,
    ) -> None:
        self.runs = runs
        self.payments = payments
        self.bank_files = bank_files
        self.region_topic = region_topic
        self.notify_relay = notify_relay

    async def approve(self, payroll_run_id: str, *, caller: Caller, reason: str, request_id: str) -> PayrollRun:
        """One sign-off; the run is APPROVED once enough distinct approvers, none a preparer, have signed."""
        caller.require_role(*APPROVING_ROLES)
        # The approver's note is kept with the run and rides in PayrollApproved: any personal number is masked.
        reason = mask_free_text(reason, field="reason", max_length=REASON_MAX)

        def decide(document: Document) -> Decision[None]:
            run = run_from_document(document)
            run.check_approvable_by(caller.user_id)
            status = run.status_after_approval()
            payload = events_pb2.PayrollApproved(
                pooling_region_code=run.pooling_region_code,
                payroll_run_id=payroll_run_id,
                month=to_year_month(run.month),
                approver_id=caller.user_id,
                approvals=len(run.approvals) + 1,
                approvals_required=run.approvals_required,
                fully_approved=status == APPROVED,
            )
            approval = Approval(caller.user_id, now_to_millisecond(), reason)
            return Decision(approval_update(approval, status), [payload], None)

        await run_unit_of_work(
            self.runs,
            topic=self.region_topic,
            notify_relay=self.notify_relay,
            conflict_message=f"{payroll_run_id} kept changing; approve again",
        ).write(
            payroll_run_id,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=lambda _: None,
            not_found=lambda: not_found(payroll_run_id),
        )
        return await read_run(self.runs, payroll_run_id, caller=caller)

    async def export(self, payroll_run_id: str, *, caller: Caller, request_id: str) -> PayrollRun:
        """Writes one batch file per bank for an APPROVED run; a repeated or interrupted export finishes it."""
        caller.require_role(*PREPARING_ROLES)
        run = await read_run(self.runs, payroll_run_id, caller=caller)
        if run.status in (EXPORTED, RETURNED, CLOSED):
            return run
        run.check_exportable()
        with tracer.start_as_current_span("payroll.export", attributes={"payroll_run_id": payroll_run_id}):
            if run.status == APPROVED:
                # From here no payment can be withdrawn from the run: it is going to the banks.
                await self.runs.begin_export(payroll_run_id)
                run = await read_run(self.runs, payroll_run_id, caller=caller)
                if run.status != EXPORTING:
                    raise Aborted("PAYROLL_CHANGED", f"{payroll_run_id} changed state; export again")
            lines = self.bank_files.lines_to_export(run, self.payments.to_pay(payroll_run_id, batch_size=CHUNK))
            batches = await self.bank_files.write_batches(run, lines)

            def decide(document: Document) -> Decision[None]:
                current = run_from_document(document)
                if current.status != EXPORTING:
                    return Decision(None, [], None)  # finished by a twin export meanwhile
                payload = events_pb2.PayrollExported(
                    pooling_region_code=current.pooling_region_code,
                    payroll_run_id=payroll_run_id,
                    month=to_year_month(current.month),
                    batches=[batch_message(batch) for batch in batches],
                    record_count=sum(batch.record_count for batch in batches),
                    total_fen=sum(batch.total_fen for batch in batches),
                )
                return Decision(exported_update(batches, now_to_millisecond(), caller.user_id), [payload], None)

            await run_unit_of_work(
                self.runs,
                topic=self.region_topic,
                notify_relay=self.notify_relay,
                conflict_message=f"{payroll_run_id} changed state; export again",
            ).write(
                payroll_run_id,
                request_id=request_id,
                actor=caller.user_id,
                reason="exported to the banks",
                decide=decide,
                repeated=lambda _: None,
                not_found=lambda: not_found(payroll_run_id),
            )
        return await read_run(self.runs, payroll_run_id, caller=caller)
