"""Importing a bank's return file: every line of a batch paid or failed once; a return that does not match is
refused whole, and the refusal recorded."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace

from opentelemetry import trace

from pension.common.v1 import types_pb2
from pension.payout.v1 import events_pb2
from pension_kit.errors import FailedPrecondition
from pension_kit.events import new_event
from pension_kit.identity import Caller
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_year_month
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_messages import batch_message, payment_message
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.store import BANK_RETURNS, PAYMENTS, PAYROLL_RUNS
from pension_payout.domain.award import FailedPayment
from pension_payout.domain.bank_files import Mismatch, ReturnLine, check_return, parse_return
from pension_payout.domain.payroll import CANCELLED, FAILED, PAID, PREPARED, Batch, Payment, PayrollRun
from pension_payout.service_layer import PRODUCER
from pension_payout.service_layer.payroll_runs import CHUNK, PREPARING_ROLES, read_run, region_event

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# Called with an award's id when a payment turns PAID for a month its award no longer pays
# (the overpayment service opens or grows the case).
OnPaidWhenNotPayable = Callable[[str], Awaitable[None]]


class BankReturnService:
    """Applies banks' returns to a run's payments and batches.

    Not through the unit of work: the payments are written before the run, a line at a time, and the same file
    again is recognised by its SHA-256 (recorded with the batch), not by the request id.
    """

    def __init__(
        self,
        runs: PayrollRunRepository,
        payments: PaymentRepository,
        award_records: AwardRepository,
        bank_files: BankFileWriter,
        *,
        resident_topic: str,
        region_topic: str,
        notify_relay: NotifyRelay,
        on_paid_when_not_payable: OnPaidWhenNotPayable | None = None,
    ) -> None:
        self.runs = runs
        self.payments = payments
        self.award_records = award_records
        self.bank_files = bank_files
        self.resident_topic = resident_topic
        self.region_topic = region_topic
        self.notify_relay = notify_relay
        self.on_paid_when_not_payable = on_paid_when_not_payable

    async def import_return(
        self, payroll_run_id: str, batch: str, data: bytes, *, caller: Caller, request_id: str
    ) -> tuple[bool, list[Mismatch], PayrollRun]:
        """Applies a bank's return: every line paid or failed; a return that does not match is refused whole."""
        caller.require_role(*PREPARING_ROLES)
        run = await read_run(self.runs, payroll_run_id, caller=caller)
        index, entry = run.batch(batch)
        run.check_returnable()
        parsed, problems = parse_return(data)
        file_sha = parsed.file_sha256 if parsed else hashlib.sha256(data).hexdigest()
        if entry.returned:
            if entry.return_file_sha256 == file_sha:
                return True, [], run  # the same file again: already applied
            raise FailedPrecondition(
                "RETURN_ALREADY_IMPORTED",
                f"batch {batch} has its return already",
                field="batch_id",
                message_zh="该银行批次的回盘已导入",
            )
        expected = await self._sent(run, entry)
        if parsed is not None:
            problems += check_return(
                parsed,
                batch_id=batch,
                bank_code=entry.bank_code,
                expected=expected,
                record_count=entry.record_count,
                total_fen=entry.total_fen,
            )
        if problems or parsed is None:
            await self._record_refusal(run, batch, file_sha, problems, caller)
            return False, problems, run
        with tracer.start_as_current_span("payroll.import_return", attributes={"batch_id": batch}):
            await self._apply_lines(parsed.lines, caller, run.pooling_region_code)
            paid = [line for line in parsed.lines if line.paid]
            failed = [line for line in parsed.lines if not line.paid]
            returned = replace(
                entry,
                returned=True,
                paid_count=len(paid),
                paid_fen=sum(line.amount_fen for line in paid),
                failed_count=len(failed),
                failed_fen=sum(line.amount_fen for line in failed),
                return_file_sha256=file_sha,
            )
            event = region_event(
                self.region_topic,
                events_pb2.BankReturnImported(
                    pooling_region_code=run.pooling_region_code,
                    payroll_run_id=payroll_run_id,
                    month=to_year_month(run.month),
                    batch=batch_message(returned),
                ),
                run,
                caller,
                f"bank return {file_sha[:12]}",
            )
            await self.runs.batch_returned(run, index, returned, last=run.last_return(index), events=[event])
            self.notify_relay(PAYROLL_RUNS, [payroll_run_id])
        return True, [], await read_run(self.runs, payroll_run_id, caller=caller)

    async def _sent(self, run: PayrollRun, entry: Batch) -> dict[str, int]:
        """What the bank was sent, payment id to amount: read from the batch file itself when it is the one
        recorded at export (no database scan), else from the run's payments in the database."""
        sent = self.bank_files.sent(run, entry)
        if sent is not None:
            return sent
        log.warning(
            "payroll %s: batch file %s missing or changed; reading its payments", run.payroll_run_id, entry.file_name
        )
        return {
            payment.payment_id: payment.amount_fen
            for payment in await self.payments.sent_in_batch(run.payroll_run_id, entry.batch_id)
            if payment.payment_id not in run.withdrawn and payment.status != CANCELLED
        }

    async def _apply_lines(self, lines: Sequence[ReturnLine], caller: Caller, pooling_region_code: str) -> None:
        """Each line turns its payment PAID or FAILED once, with its event; a repeat changes nothing.

        Payments are read by _id, a chunk at a time: the return names them, and an _id lookup stays cheap
        however many months of payments the collection holds."""
        watched = await self.award_records.stopped_or_suspended(pooling_region_code)
        for start in range(0, len(lines), CHUNK):
            chunk = lines[start : start + CHUNK]
            found = await self.payments.for_return([line.payment_id for line in chunk])
            answered: list[tuple[Payment, Payment]] = []  # as read, as answered
            events = []
            for line, payment in zip(chunk, found, strict=True):
                if payment is None or payment.status != PREPARED:
                    continue  # answered already (the same return applied again after an interruption)
                outcome = (
                    replace(payment, status=PAID, paid_on=line.paid_on)
                    if line.paid
                    else replace(
                        payment, status=FAILED, failure_code=line.failure_code, failure_reason=line.failure_reason
                    )
                )
                message = payment_message(outcome)
                payload = (
                    events_pb2.PaymentPaid(payment=message) if line.paid else events_pb2.PaymentFailed(payment=message)
                )
                events.append(
                    new_event(
                        topic=self.resident_topic,
                        payload=payload,
                        subject_key=payment.resident_id,
                        producer=PRODUCER,
                        actor=caller.user_id,
                        reason=f"bank return of {payment.batch_id}",
                    )
                )
                answered.append((payment, outcome))
            if answered:
                await self.payments.record_outcomes(
                    [(outcome, event) for (_, outcome), event in zip(answered, events, strict=True)]
                )
                self.notify_relay(PAYMENTS, [payment.payment_id for payment, _ in answered])
            for payment, outcome in answered:
                if outcome.status == FAILED:
                    # Carried into a later run once the resident's bank account is changed.
                    await self.award_records.payment_failed(
                        payment.award_id,
                        FailedPayment(payment.payment_id, payment.month, payment.bank_account.account_token),
                    )
            await self._check_paid_awards([outcome for _, outcome in answered if outcome.status == PAID], watched)

    async def _check_paid_awards(self, paid: list[Payment], watched: set[str]) -> None:
        """A payment paid for a month its award does not pay (a death recorded after export, a prison term
        recorded late) is an overpayment: the overpayment service opens or grows the case."""
        if self.on_paid_when_not_payable is None:
            return
        for award in sorted({payment.award_id for payment in paid} & watched):
            await self.on_paid_when_not_payable(award)

    async def _record_refusal(
        self, run: PayrollRun, batch: str, file_sha: str, problems: list[Mismatch], caller: Caller
    ) -> None:
        event = region_event(
            self.region_topic,
            events_pb2.BankReturnRefused(
                pooling_region_code=run.pooling_region_code,
                payroll_run_id=run.payroll_run_id,
                batch_id=batch,
                file_sha256=file_sha,
                mismatches=[
                    types_pb2.Violation(
                        location=m.location, field=m.field, reason_code=m.reason_code, message=m.message
                    )
                    for m in problems[:1000]
                ],
            ),
            run,
            caller,
            "bank return refused",
        )
        identifier = await self.runs.return_refused(run, batch, file_sha, len(problems), [event])
        self.notify_relay(BANK_RETURNS, [identifier])
