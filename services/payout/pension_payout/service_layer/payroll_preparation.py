"""Preparing a region's monthly payroll run (待遇发放): its payments, back pay, failed payments paid again, totals.

At most once: a payment's id is its award and month, so preparing a month again (after a crash, a SIGKILL, or
on purpose) inserts only what is missing. Preparation stages the run's payments in a file the export reads
(adapters/staging.py).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from opentelemetry import trace

from pension.payout.v1 import events_pb2
from pension_kit.clock import now_to_millisecond
from pension_kit.errors import Aborted, FailedPrecondition
from pension_kit.identifiers import Month
from pension_kit.identity import Caller
from pension_kit.outbox import NotifyRelay
from pension_payout.adapters.award_repository import AwardRepository
from pension_payout.adapters.bank_file_writer import BankFileWriter
from pension_payout.adapters.payment_repository import PaymentRepository
from pension_payout.adapters.payroll_messages import payroll_message
from pension_payout.adapters.payroll_repository import PayrollRunRepository
from pension_payout.adapters.staging import StagingWriter
from pension_payout.adapters.store import PAYROLL_RUNS, batch_id, payment_id, run_id
from pension_payout.domain.award import Award
from pension_payout.domain.payroll import (
    BACK_PAY,
    CANCELLED,
    DRAFT,
    PREPARED,
    REGULAR,
    Payment,
    PaymentLine,
    PayrollRun,
    StagedSummary,
    Totals,
)
from pension_payout.service_layer.awards import AwardService, PolicyTimeline, amount_for
from pension_payout.service_layer.payroll_runs import CHUNK, PREPARING_ROLES, read_run, region_event

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)


def new_payment(award: Award, month: Month, kind: str, payroll_run_id: str, policies: PolicyTimeline) -> Payment:
    """The award's payment of `month` in the run, at what the month pays under the policy then in force."""
    amount = amount_for(award, policies, month)
    return Payment(
        payment_id=payment_id(award.award_id, month),
        award_id=award.award_id,
        resident_id=award.resident_id,
        pooling_region_code=award.pooling_region_code,
        village_code=award.village_code,
        month=month,
        kind=kind,
        payroll_run_id=payroll_run_id,
        attempt=1,
        lines=tuple(
            PaymentLine(int(line.component), line.level, int(line.fund), line.amount_fen) for line in amount.lines
        ),
        amount_fen=amount.total_fen,
        age_at_month_end=amount.age_at_month_end,
        policy_version_id=amount.policy_version_id,
        status=PREPARED,
        bank_account=award.bank_account,
        sealed_name=award.sealed_name,
        batch_id=batch_id(payroll_run_id, award.bank_account.bank_code),
    )


class PayrollPreparationService:
    """Prepares a run, or completes one: safe to repeat, only missing payments are added.

    Not through the unit of work: a preparation is many writes (the run, then its payments, then its totals), and
    a repeat with the same request id must complete the run, not be answered from the state it finds.
    """

    def __init__(
        self,
        runs: PayrollRunRepository,
        payments: PaymentRepository,
        award_records: AwardRepository,
        awards: AwardService,
        bank_files: BankFileWriter,
        *,
        region_topic: str,
        notify_relay: NotifyRelay,
        approvals_required: int,
    ) -> None:
        self.runs = runs
        self.payments = payments
        self.award_records = award_records
        self.awards = awards
        self.bank_files = bank_files
        self.region_topic = region_topic
        self.notify_relay = notify_relay
        self.approvals_required = approvals_required

    async def prepare(self, pooling_region_code: str, month: Month, *, caller: Caller, request_id: str) -> PayrollRun:
        """Prepares the region's DRAFT run for `month`, or completes it: only missing payments are added."""
        caller.require_role(*PREPARING_ROLES)
        policies = await self.awards.timeline(pooling_region_code)
        identifier = run_id(pooling_region_code, month)
        with tracer.start_as_current_span("payroll.prepare", attributes={"payroll_run_id": identifier}):
            draft = PayrollRun(identifier, pooling_region_code, month, DRAFT, self.approvals_required)
            opened = await self.runs.open_draft(draft, preparer=caller.user_id)
            if opened is None:
                raise FailedPrecondition(
                    "PAYROLL_NOT_DRAFT",
                    f"{identifier} is no longer a draft: an approved or exported run cannot be prepared again",
                    field="month",
                    message_zh="该发放批次已审批或已导出，不能重新生成",
                )
            staging = self.bank_files.staging(identifier)
            try:
                totals, added, suspended_count, complete = await self._add_payments(draft, month, policies, staging)
            except BaseException:
                staging.abandon()
                raise
            if not opened or not complete:
                # Something was there before this pass (a re-run, a crash part-way): count and stage what is stored.
                staging.abandon()
                totals, staged = await self._summarise(identifier)
            else:
                staged = staging.finish()
            run = await self.runs.run(identifier)
            assert run is not None
            # A sign-off covers what was signed: payments added since make the approvals void.
            void_approvals = bool(added and run.approvals)
            prepared = replace(
                run,
                totals=totals.result(suspended_count),
                staged=staged,
                preparing=False,
                prepared_at=now_to_millisecond(),
                approvals=() if void_approvals else run.approvals,
            )
            event = region_event(
                self.region_topic,
                events_pb2.PayrollPrepared(payroll=payroll_message(prepared)),
                run,
                caller,
                f"prepared {month}",
            )
            if not await self.runs.prepared(prepared, void_approvals=void_approvals, events=[event]):
                raise Aborted("PAYROLL_CHANGED", f"{identifier} changed state while being prepared; prepare again")
            self.notify_relay(PAYROLL_RUNS, [identifier])
            log.info("payroll %s prepared: %d payments added", identifier, added)
            return await read_run(self.runs, identifier, caller=caller)

    async def _add_payments(
        self, run: PayrollRun, month: Month, policies: PolicyTimeline, staging: StagingWriter
    ) -> tuple[Totals, int, int, bool]:
        """Inserts every missing payment of the run; returns its totals as seen, how many were added,
        how many awards were left out as suspended, and whether the totals are complete (nothing pre-existed)."""
        totals = Totals()
        added = suspended_count = 0
        complete = True
        buffer: list[Payment] = []
        back_pay_done: dict[str, list[Month]] = {}
        retries: list[Award] = []

        async def flush(chunk: list[Payment]) -> None:
            nonlocal added, complete
            inserted, existing = await self._insert(chunk)
            added += len(inserted)
            for payment in inserted:
                totals.add(payment)
                staging.add(payment)
            if existing:
                complete = False

        # One chunk is inserted while the next is read and computed: the database's reads and writes overlap,
        # and at most two chunks are in memory whatever the number of awards.
        writing: asyncio.Task[None] | None = None
        identifier = run.payroll_run_id
        try:
            async for award in self.award_records.of_region(run.pooling_region_code, batch_size=CHUNK):
                if award.failed_payments:
                    retries.append(award)
                if award.pays(month):
                    buffer.append(new_payment(award, month, REGULAR, identifier, policies))
                else:
                    suspended_count += award.held_back(month)
                for owed in award.back_pay_due(month):
                    buffer.append(new_payment(award, owed, BACK_PAY, identifier, policies))
                if award.state.back_pay_pending:
                    back_pay_done[award.award_id] = list(award.state.back_pay_pending)
                if len(buffer) >= CHUNK:
                    if writing is not None:
                        await writing
                    writing = asyncio.create_task(flush(buffer))
                    buffer = []
        except BaseException:
            if writing is not None:
                writing.cancel()
            raise
        if writing is not None:
            await writing
        if buffer:
            await flush(buffer)
        for award in retries:
            if await self._retry_failed(award, identifier):
                complete = False
        for award_key, months in back_pay_done.items():
            # The payments exist now (or the months are no longer payable): they are not pending any more.
            await self.award_records.back_pay_paid(award_key, months)
        return totals, added, suspended_count, complete

    async def _insert(self, payments: list[Payment]) -> tuple[list[Payment], list[str]]:
        """Inserts what does not exist yet; returns the inserted payments and the ids that already existed."""
        existing = await self.payments.insert_missing(payments)
        if existing:
            # A month withdrawn earlier (suspended, then resumed with back pay) is due again: the same payment
            # id is reinstated in this run; one that exists in any other state stays as it is. The statuses are
            # read by _id, all at once (a re-run after a crash finds a whole chunk existing).
            again = [p for p in payments if p.payment_id in existing]
            statuses = await self.payments.statuses([p.payment_id for p in again])
            for payment in again:
                if statuses.get(payment.payment_id) != CANCELLED:
                    continue
                if await self.payments.reinstate(payment):
                    existing.discard(payment.payment_id)
                    await self.runs.reinstated(payment.payroll_run_id, payment.payment_id)
        return [p for p in payments if p.payment_id not in existing], sorted(existing)

    async def _retry_failed(self, award: Award, identifier: str) -> bool:
        """Moves the award's failed payments into this run once its bank account has changed."""
        moved = False
        again, dropped = award.retries_due()
        for failed in dropped:
            # The month is no longer due (a death or a prison term recorded since): not paid again.
            await self.award_records.failed_payment_settled(award.award_id, failed)
        for failed in again:
            moved = (
                await self.payments.pay_again(
                    failed.payment_id,
                    payroll_run_id=identifier,
                    bank_account=award.bank_account,
                    sealed_name=award.sealed_name,
                    batch_id=batch_id(identifier, award.bank_account.bank_code),
                )
                or moved
            )
            await self.award_records.failed_payment_settled(award.award_id, failed)
        return moved

    async def _summarise(self, identifier: str) -> tuple[Totals, StagedSummary]:
        """The run's totals and staged file from its payments as stored (after a re-run or a crash)."""
        totals = Totals()
        staging = self.bank_files.staging(identifier)
        try:
            async for payment in self.payments.to_pay(identifier, batch_size=CHUNK):
                totals.add(payment)
                staging.add(payment)
        except BaseException:
            staging.abandon()
            raise
        return totals, staging.finish()
