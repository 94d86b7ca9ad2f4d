"""The monthly payroll run (待遇发放): prepare, approve (maker-checker), export bank files, import returns, close.

At most once: a payment's _id is its award and month, so preparing a month again (after a crash, a
SIGKILL, or on purpose) inserts only what is missing. A prepared payment is withdrawn (a death recorded
before export) by naming it in its run's document while the run is DRAFT or APPROVED; the export turns
the run EXPORTING in the same document first, so a withdrawal and an export cannot both win: a payment
that reached a bank file and is later found not due becomes an overpayment instead. Preparation stages
the run's payments in a file the export reads (see adapters/staging.py); bank files are written beside
their final name and renamed when complete, so a file a bank receives is always whole.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

from opentelemetry import trace
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from pension.common.v1 import types_pb2
from pension.payout.v1 import events_pb2
from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import Aborted, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identifiers import Period, parse_period
from pension_kit.identity import Caller, Role
from pension_kit.outbox import NotifyRelay, outbox_update
from pension_kit.paging import page_size as checked_page_size
from pension_kit.pii import PersonalDataVault, Sealed
from pension_kit.protoconv import to_year_month
from pension_kit.text import REASON_MAX, mask_free_text
from pension_payout.adapters.private_files import open_private, private_folder
from pension_payout.adapters.staging import (
    StagedSummary,
    StagingWriter,
    read_staged,
    staged_line,
    unseal_document,
)
from pension_payout.adapters.store import (
    BANK_RETURNS,
    PAYMENTS,
    PAYROLL_RUNS,
    PayoutStore,
    batch_id,
    payment_id,
    run_id,
)
from pension_payout.domain.bank_files import (
    BatchFileWriter,
    BatchLine,
    BatchSummary,
    Mismatch,
    batch_file_name,
    check_return,
    iter_batch,
    parse_return,
)
from pension_payout.service_layer.arguments import pooling_region
from pension_payout.service_layer.awards import PRODUCER, READING_ROLES, AwardService, PolicyTimeline, amount_for
from pension_payout.service_layer.messages import batch_message, payment_message, payroll_message

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

PREPARING_ROLES: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)
APPROVING_ROLES: Final = (Role.COUNTY_APPROVER,)
# Payments are written and read in chunks: memory stays flat however many awards a region has.
CHUNK: Final = 2000
# The fields of an award a payment needs (an award also carries history the payroll never reads).
AWARD_FIELDS: Final = {
    "resident_id": 1,
    "pooling_region_code": 1,
    "village_code": 1,
    "sealed_name": 1,
    "bank_account": 1,
    "birth_date": 1,
    "first_month": 1,
    "terms": 1,
    "status": 1,
    "suspension": 1,
    "stop": 1,
    "back_pay_pending": 1,
    "failed_payments": 1,
}
TERMINAL_PAYMENT_STATUSES: Final = ("PAID", "FAILED", "CANCELLED")

# Called with an award's id when a payment turns PAID for a month its award no longer pays
# (the overpayment service opens or grows the case).
OnPaidWhenNotPayable = Callable[[str], Awaitable[None]]


def month_text(period: Period) -> str:
    return str(period)


def payable(award: dict[str, Any], period: Period) -> bool:
    """Whether the award pays `period`: started, not stopped by then, not suspended then."""
    if str(period) < award["first_month"]:
        return False
    stop = award.get("stop")
    if stop and stop["from"] <= str(period):
        return False
    return not suspended(award, period)


def suspended(award: dict[str, Any], period: Period) -> bool:
    suspension = award.get("suspension")
    if not suspension or suspension["from"] > str(period):
        return False
    return suspension.get("until") is None or str(period) <= suspension["until"]


@dataclass
class Totals:
    """A run's totals: by component and paying fund, and by kind of payment."""

    by_component_and_fund: Counter[tuple[int, int]]
    counts: Counter[str]
    amounts: Counter[str]

    @classmethod
    def empty(cls) -> Totals:
        return cls(Counter(), Counter(), Counter())

    def add(self, payment: dict[str, Any]) -> None:
        for line in payment["lines"]:
            self.by_component_and_fund[(line["component"], line["fund"])] += line["amount_fen"]
        kind = "retry" if payment.get("attempt", 1) > 1 else payment["kind"].lower()
        self.counts[kind] += 1
        self.amounts[kind] += payment["amount_fen"]

    def document(self, suspended_count: int) -> dict[str, Any]:
        return {
            "payment_count": sum(self.counts.values()),
            "total_fen": sum(self.amounts.values()),
            "by_component_and_fund": [
                {"component": component, "fund": fund, "amount_fen": amount}
                for (component, fund), amount in sorted(self.by_component_and_fund.items())
            ],
            "regular_count": self.counts["regular"],
            "regular_fen": self.amounts["regular"],
            "back_pay_count": self.counts["back_pay"],
            "back_pay_fen": self.amounts["back_pay"],
            "retry_count": self.counts["retry"],
            "retry_fen": self.amounts["retry"],
            "suspended_count": suspended_count,
        }


async def withdraw_payment(
    store: PayoutStore,
    payment: dict[str, Any],
    *,
    resident_topic: str,
    notify_relay: NotifyRelay,
    actor: str,
    reason: str,
) -> bool:
    """Takes a prepared payment out of its run before export; False when it has gone to the bank already.

    The withdrawal is written into the run's document on condition that the run has not begun exporting,
    and the export's first step changes that same document: one of the two wins. The payment itself is
    marked CANCELLED afterwards (the export skips withdrawn payments even if that second write was lost).
    """
    run = payment["payroll_run_id"]
    result = await store.payroll_runs.update_one(
        {"_id": run, "status": {"$in": ["DRAFT", "APPROVED"]}},
        {"$addToSet": {"withdrawn": payment["_id"]}, "$inc": {"version": 1}},
    )
    if result.matched_count != 1:
        return False
    event = new_event(
        topic=resident_topic,
        payload=events_pb2.PaymentCancelled(payment=payment_message({**payment, "status": "CANCELLED"})),
        subject_key=payment["resident_id"],
        producer=PRODUCER,
        actor=actor,
        reason=reason,
    )
    await store.payments.update_one(
        {"_id": payment["_id"], "status": "PREPARED", "payroll_run_id": run},
        outbox_update(
            {"$set": {"status": "CANCELLED", "cancel_reason": reason, "cancelled_at": now_to_millisecond()}}, [event]
        ),
    )
    notify_relay(PAYMENTS, [payment["_id"]])
    return True


def _not_found(run: str) -> NotFound:
    return NotFound(
        "PAYROLL_NOT_FOUND", f"payroll run {run} does not exist", field="payroll_run_id", message_zh="发放批次不存在"
    )


class PayrollService:
    """The payroll's steps; each is safe to repeat and refuses, naming why, what its state does not allow."""

    def __init__(
        self,
        store: PayoutStore,
        awards: AwardService,
        *,
        vault: PersonalDataVault,
        resident_topic: str,
        region_topic: str,
        notify_relay: NotifyRelay,
        approvals_required: int,
        bank_files_dir: Path,
        on_paid_when_not_payable: OnPaidWhenNotPayable | None = None,
    ) -> None:
        self.store = store
        self.awards = awards
        self.vault = vault
        self.resident_topic = resident_topic
        self.region_topic = region_topic
        self.notify_relay = notify_relay
        self.approvals_required = approvals_required
        self.bank_files_dir = bank_files_dir
        self.on_paid_when_not_payable = on_paid_when_not_payable

    # --- reading -----------------------------------------------------------------------------------

    async def get(self, payroll_run_id: str, *, caller: Caller) -> dict[str, Any]:
        caller.require_role(*READING_ROLES)
        run = await self.store.payroll_runs.find_one({"_id": payroll_run_id})
        if run is None:
            raise _not_found(payroll_run_id)
        return run

    async def list_runs(
        self, pooling_region_code: str, *, page_size: int, page_token: str, caller: Caller
    ) -> tuple[list[dict[str, Any]], str]:
        """One page of a region's runs, newest month first; the token is the last id of the page.

        A run's id is its region and month (PR-411731-202612), so within a region the ids sort as the months do:
        the store pages by id, reading one run beyond the page to know whether another page follows.
        """
        size = checked_page_size(page_size)
        region = pooling_region(pooling_region_code)
        if page_token and re.fullmatch(rf"PR-{region}-\d{{6}}", page_token) is None:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token")
        caller.require_role(*READING_ROLES)
        query: dict[str, Any] = {"pooling_region_code": region}
        if page_token:
            query["_id"] = {"$lt": page_token}
        runs = await self.store.payroll_runs.find(query).sort("_id", -1).limit(size + 1).to_list()
        page = runs[:size]
        return page, str(page[-1]["_id"]) if len(runs) > size else ""

    async def run_statuses(self, identifiers: set[str]) -> dict[str, str]:
        """The status of each of a few runs (a resident's payments span a handful), read by id."""
        found = {}
        for identifier in identifiers:
            run = await self.store.payroll_runs.find_one({"_id": identifier}, {"status": 1})
            if run is not None:
                found[identifier] = run["status"]
        return found

    async def list_payments(
        self, payroll_run_id: str, status: str | None, *, after: str, limit: int, caller: Caller
    ) -> list[dict[str, Any]]:
        caller.require_role(*READING_ROLES)
        query: dict[str, Any] = {"payroll_run_id": payroll_run_id}
        if status:
            query["status"] = status
        if after:
            query["_id"] = {"$gt": after}
        return await self.store.payments.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()

    async def resident_payments(
        self, resident_id: str, first: Period | None, last: Period | None, *, caller: Caller
    ) -> list[dict[str, Any]]:
        """A resident's payments, oldest month first, found by their ids (award and month)."""
        award = await self.awards.get_award(resident_id, caller=caller)
        start = max(first or Period.of(date.min.replace(year=1000)), Period.of(date.fromisoformat(award["birth_date"])))
        start = max(start, parse_period(award["first_month"]))
        # No payment exists beyond next month, and a far end month would make the id list too long for the
        # store to answer from its index (FerretDB reads the whole collection past 32,765 ids).
        next_month = Period.of(today_in_china()).plus_months(1)
        end = min(last, next_month) if last else next_month
        ids = []
        period = start
        while period <= end:
            ids.append(payment_id(award["_id"], period))
            period = period.next()
        found = await self.store.payments.find({"_id": {"$in": ids}}, {"outbox": 0}).to_list()
        return sorted(found, key=lambda payment: payment["period"])

    # --- prepare -----------------------------------------------------------------------------------

    async def prepare(
        self, pooling_region_code: str, period: Period, *, caller: Caller, request_id: str
    ) -> dict[str, Any]:
        """Prepares the region's DRAFT run for `period`, or completes it: only missing payments are added."""
        caller.require_role(*PREPARING_ROLES)
        policies = await self.awards.timeline(pooling_region_code)
        identifier = run_id(pooling_region_code, period)
        with tracer.start_as_current_span("payroll.prepare", attributes={"payroll_run_id": identifier}):
            existed = await self._open_draft(identifier, pooling_region_code, period, caller)
            staging = StagingWriter(self.bank_files_dir / identifier)
            try:
                totals, added, suspended_count, complete = await self._add_payments(
                    identifier, period, policies, staging
                )
            except BaseException:
                staging.abandon()
                raise
            if existed or not complete:
                # Something was there before this pass (a re-run, a crash part-way): count and stage what is stored.
                staging.abandon()
                totals, staged = await self._summarise(identifier)
            else:
                staged = staging.finish()
            run = await self.store.payroll_runs.find_one({"_id": identifier})
            assert run is not None
            update: dict[str, Any] = {
                "$set": {
                    "totals": totals.document(suspended_count),
                    "staged": staged.document(),
                    "preparing": False,
                    "prepared_at": now_to_millisecond(),
                },
                "$inc": {"version": 1},
            }
            if added and run.get("approvals"):
                # A sign-off covers what was signed: payments added since make the approvals void.
                update["$set"]["approvals"] = []
            preview = {**run, **update["$set"]}
            event = self._region_event(
                events_pb2.PayrollPrepared(payroll=payroll_message(preview)), run, caller, f"prepared {period}"
            )
            result = await self.store.payroll_runs.update_one(
                {"_id": identifier, "status": "DRAFT"}, outbox_update(update, [event])
            )
            if result.modified_count != 1:
                raise Aborted("PAYROLL_CHANGED", f"{identifier} changed state while being prepared; prepare again")
            self.notify_relay(PAYROLL_RUNS, [identifier])
            log.info("payroll %s prepared: %d payments added", identifier, added)
            return await self.get(identifier, caller=caller)

    async def _open_draft(self, identifier: str, region: str, period: Period, caller: Caller) -> bool:
        """Creates the DRAFT run, or reopens one for completion; True when it existed already."""
        try:
            await self.store.payroll_runs.insert_one(
                {
                    "_id": identifier,
                    "pooling_region_code": region,
                    "period": str(period),
                    "status": "DRAFT",
                    "preparing": True,
                    "preparers": [caller.user_id],
                    "approvals": [],
                    "approvals_required": self.approvals_required,
                    "batches": [],
                    "applied_requests": [],
                    "created_at": now_to_millisecond(),
                    "version": 1,
                }
            )
            return False
        except DuplicateKeyError:
            pass
        result = await self.store.payroll_runs.update_one(
            {"_id": identifier, "status": "DRAFT"},
            {"$set": {"preparing": True}, "$addToSet": {"preparers": caller.user_id}, "$inc": {"version": 1}},
        )
        if result.matched_count != 1:
            raise FailedPrecondition(
                "PAYROLL_NOT_DRAFT",
                f"{identifier} is no longer a draft: an approved or exported run cannot be prepared again",
                field="period",
                message_zh="该发放批次已审批或已导出，不能重新生成",
            )
        return True

    async def _add_payments(
        self, identifier: str, period: Period, policies: PolicyTimeline, staging: StagingWriter
    ) -> tuple[Totals, int, int, bool]:
        """Inserts every missing payment of the run; returns its totals as seen, how many were added,
        how many awards were left out as suspended, and whether the totals are complete (nothing pre-existed)."""
        totals = Totals.empty()
        added = suspended_count = 0
        complete = True
        buffer: list[dict[str, Any]] = []
        back_pay_done: dict[str, list[str]] = {}
        retries: list[tuple[dict[str, Any], dict[str, Any]]] = []

        async def flush(chunk: list[dict[str, Any]]) -> None:
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
        region = identifier.split("-")[1]
        cursor = self.store.awards.find({"pooling_region_code": region}, AWARD_FIELDS, batch_size=CHUNK)
        try:
            async for award in cursor:
                if award.get("failed_payments"):
                    retries.append((award, {}))
                if not payable(award, period):
                    suspended_count += suspended(award, period) and not award.get("stop")
                else:
                    buffer.append(self._payment(award, period, "REGULAR", identifier, policies))
                for month in award.get("back_pay_pending") or []:
                    back = parse_period(month)
                    if back < period and payable(award, back):
                        buffer.append(self._payment(award, back, "BACK_PAY", identifier, policies))
                    back_pay_done.setdefault(award["_id"], []).append(month)
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
        for award, _ in retries:
            retried = await self._retry_failed(award, identifier)
            if retried:
                complete = False
        for award_key, months in back_pay_done.items():
            # The payments exist now (or the months are no longer payable): they are not pending any more.
            await self.store.awards.update_one({"_id": award_key}, {"$pullAll": {"back_pay_pending": months}})
        return totals, added, suspended_count, complete

    def _payment(
        self, award: dict[str, Any], period: Period, kind: str, identifier: str, policies: PolicyTimeline
    ) -> dict[str, Any]:
        amount = amount_for(award, policies, period)
        bank = award["bank_account"]
        return {
            "_id": payment_id(award["_id"], period),
            "award_id": award["_id"],
            "resident_id": award["resident_id"],
            "pooling_region_code": award["pooling_region_code"],
            "village_code": award["village_code"],
            "period": str(period),
            "kind": kind,
            "payroll_run_id": identifier,
            "attempt": 1,
            # Explanations are not stored per payment: GetAward explains any month from the same rules.
            "lines": [
                {
                    "component": int(line.component),
                    "level": line.level,
                    "fund": int(line.fund),
                    "amount_fen": line.amount_fen,
                }
                for line in amount.lines
            ],
            "amount_fen": amount.total_fen,
            "age_at_month_end": amount.age_at_month_end,
            "policy_version_id": amount.policy_version_id,
            "status": "PREPARED",
            "bank_account": bank,
            "sealed_name": award["sealed_name"],
            "batch_id": batch_id(identifier, bank["bank_code"]),
        }

    async def _insert(self, payments: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        """Inserts what does not exist yet; returns the inserted payments and the ids that already existed."""
        if not payments:
            return [], []
        existing: set[str] = set()
        try:
            await self.store.payments.insert_many(payments, ordered=False)
            return payments, []
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(error.get("code") != 11000 for error in errors):
                raise
            existing = {payments[error["index"]]["_id"] for error in errors}
        # A month withdrawn earlier (suspended, then resumed with back pay) is due again: the same payment
        # id is reinstated in this run; one that exists in any other state stays as it is. The statuses are
        # read by _id, all at once (a re-run after a crash finds a whole chunk existing).
        again = [p for p in payments if p["_id"] in existing]
        found = await asyncio.gather(*(self.store.payments.find_one({"_id": p["_id"]}, {"status": 1}) for p in again))
        for payment, stored in zip(again, found, strict=True):
            if stored is None or stored["status"] != "CANCELLED":
                continue
            result = await self.store.payments.replace_one({"_id": payment["_id"], "status": "CANCELLED"}, payment)
            if result.modified_count == 1:
                existing.discard(payment["_id"])
                await self.store.payroll_runs.update_one(
                    {"_id": payment["payroll_run_id"], "status": "DRAFT"}, {"$pull": {"withdrawn": payment["_id"]}}
                )
        return [p for p in payments if p["_id"] not in existing], sorted(existing)

    async def _retry_failed(self, award: dict[str, Any], identifier: str) -> bool:
        """Moves the award's failed payments into this run once its bank account has changed."""
        moved = False
        account = award["bank_account"]
        for failed in award.get("failed_payments", []):
            if failed["account_token"] == account["account_token"]:
                continue  # the same account would fail again: wait until the resident's account is fixed
            if not payable(award, parse_period(failed["payment_id"].rsplit("/", 1)[1])):
                # The month is no longer due (a death or a prison term recorded since): not paid again.
                await self.store.awards.update_one({"_id": award["_id"]}, {"$pull": {"failed_payments": failed}})
                continue
            result = await self.store.payments.update_one(
                {"_id": failed["payment_id"], "status": "FAILED"},
                {
                    "$set": {
                        "status": "PREPARED",
                        "payroll_run_id": identifier,
                        "bank_account": account,
                        "sealed_name": award["sealed_name"],
                        "batch_id": batch_id(identifier, account["bank_code"]),
                        "failure_code": "",
                        "failure_reason": "",
                    },
                    "$inc": {"attempt": 1},
                },
            )
            moved = moved or result.modified_count == 1
            await self.store.awards.update_one({"_id": award["_id"]}, {"$pull": {"failed_payments": failed}})
        return moved

    async def _summarise(self, identifier: str) -> tuple[Totals, StagedSummary]:
        """The run's totals and staged file from its payments as stored (after a re-run or a crash)."""
        totals = Totals.empty()
        staging = StagingWriter(self.bank_files_dir / identifier)
        try:
            async for payment in self._payments_to_pay(identifier):
                totals.add(payment)
                staging.add(payment)
        except BaseException:
            staging.abandon()
            raise
        return totals, staging.finish()

    def _payments_to_pay(self, identifier: str) -> Any:
        return self.store.payments.find(
            {"payroll_run_id": identifier, "status": "PREPARED"}, {"outbox": 0}, batch_size=CHUNK
        )

    # --- approve -----------------------------------------------------------------------------------

    async def approve(self, payroll_run_id: str, *, caller: Caller, reason: str, request_id: str) -> dict[str, Any]:
        """One sign-off; the run is APPROVED once enough distinct approvers, none a preparer, have signed."""
        caller.require_role(*APPROVING_ROLES)
        # The approver's note is kept with the run and rides in PayrollApproved: any personal number is masked.
        reason = mask_free_text(reason, field="reason", max_length=REASON_MAX)
        for _ in range(5):
            run = await self.get(payroll_run_id, caller=caller)
            if request_id in run.get("applied_requests", []):
                return run
            self._check_approvable(run, caller)
            approvals = len(run["approvals"]) + 1
            status = "APPROVED" if approvals >= run["approvals_required"] else "DRAFT"
            event = self._region_event(
                events_pb2.PayrollApproved(
                    pooling_region_code=run["pooling_region_code"],
                    payroll_run_id=payroll_run_id,
                    period=to_year_month(parse_period(run["period"])),
                    approver_id=caller.user_id,
                    approvals=approvals,
                    approvals_required=run["approvals_required"],
                    fully_approved=status == "APPROVED",
                ),
                run,
                caller,
                reason,
            )
            update = {
                "$push": {
                    "approvals": {"approver_id": caller.user_id, "approved_at": now_to_millisecond(), "reason": reason},
                    "applied_requests": request_id,
                },
                "$set": {"status": status},
                "$inc": {"version": 1},
            }
            result = await self.store.payroll_runs.update_one(
                {"_id": payroll_run_id, "version": run["version"]}, outbox_update(update, [event])
            )
            if result.modified_count == 1:
                self.notify_relay(PAYROLL_RUNS, [payroll_run_id])
                return await self.get(payroll_run_id, caller=caller)
        raise Aborted("PAYROLL_CHANGED", f"{payroll_run_id} kept changing; approve again")

    @staticmethod
    def _check_approvable(run: dict[str, Any], caller: Caller) -> None:
        if run["status"] != "DRAFT":
            raise FailedPrecondition(
                "PAYROLL_NOT_DRAFT",
                f"{run['_id']} is {run['status']}: only a draft is approved",
                field="payroll_run_id",
                message_zh="只有待审批的发放批次可以审批",
            )
        if run.get("preparing"):
            raise FailedPrecondition(
                "PAYROLL_BEING_PREPARED",
                f"{run['_id']} is still being prepared",
                field="payroll_run_id",
                message_zh="发放批次正在生成，请稍后审批",
            )
        if caller.user_id in run.get("preparers", []):
            raise PermissionDenied(
                "PAYROLL_APPROVER_IS_PREPARER",
                f"{caller.user_id} prepared {run['_id']} and cannot approve it",
                field="approver_id",
                message_zh="制单人不能审批本人制作的发放批次",
            )
        if any(approval["approver_id"] == caller.user_id for approval in run["approvals"]):
            raise FailedPrecondition(
                "PAYROLL_ALREADY_APPROVED_BY_CALLER",
                f"{caller.user_id} has approved {run['_id']} already",
                field="approver_id",
                message_zh="同一审批人不能重复审批",
            )

    # --- export ------------------------------------------------------------------------------------

    async def export(self, payroll_run_id: str, *, caller: Caller, request_id: str) -> dict[str, Any]:
        """Writes one batch file per bank for an APPROVED run; a repeated or interrupted export finishes it."""
        caller.require_role(*PREPARING_ROLES)
        run = await self.get(payroll_run_id, caller=caller)
        if run["status"] in ("EXPORTED", "RETURNED", "CLOSED"):
            return run
        if run["status"] == "DRAFT":
            raise FailedPrecondition(
                "PAYROLL_NOT_APPROVED",
                f"{payroll_run_id} has {len(run['approvals'])} of {run['approvals_required']} approvals",
                field="payroll_run_id",
                message_zh="发放批次未完成审批，不能导出",
            )
        with tracer.start_as_current_span("payroll.export", attributes={"payroll_run_id": payroll_run_id}):
            if run["status"] == "APPROVED":
                # From here no payment can be withdrawn from the run: it is going to the banks.
                await self.store.payroll_runs.update_one(
                    {"_id": payroll_run_id, "status": "APPROVED"},
                    {"$set": {"status": "EXPORTING"}, "$inc": {"version": 1}},
                )
                run = await self.get(payroll_run_id, caller=caller)
                if run["status"] != "EXPORTING":
                    raise Aborted("PAYROLL_CHANGED", f"{payroll_run_id} changed state; export again")
            batches = await self._write_files(run)
            record_count = sum(batch["record_count"] for batch in batches)
            total = sum(batch["total_fen"] for batch in batches)
            event = self._region_event(
                events_pb2.PayrollExported(
                    pooling_region_code=run["pooling_region_code"],
                    payroll_run_id=payroll_run_id,
                    period=to_year_month(parse_period(run["period"])),
                    batches=[batch_message(batch) for batch in batches],
                    record_count=record_count,
                    total_fen=total,
                ),
                run,
                caller,
                "exported to the banks",
            )
            update = {
                "$set": {
                    "status": "EXPORTED",
                    "batches": batches,
                    "exported_at": now_to_millisecond(),
                    "exported_by": caller.user_id,
                },
                "$inc": {"version": 1},
            }
            await self.store.payroll_runs.update_one(
                {"_id": payroll_run_id, "status": "EXPORTING"}, outbox_update(update, [event])
            )
            self.notify_relay(PAYROLL_RUNS, [payroll_run_id])
        return await self.get(payroll_run_id, caller=caller)

    async def _staged_lines(self, run: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        """The run's payments to export: from the staged file when it is the one recorded, else the database."""
        staged = read_staged(self.bank_files_dir / run["_id"], run.get("staged"))
        if staged is not None:
            for line in staged:
                yield line
            return
        log.warning("payroll %s: staged payments missing or changed; exporting from the database", run["_id"])
        async for payment in self._payments_to_pay(run["_id"]):
            yield staged_line(payment)

    async def _write_files(self, run: dict[str, Any]) -> list[dict[str, Any]]:
        # Names and card numbers in the clear: the run's folder is 0700 and each file 0600, partial ones too.
        folder = private_folder(self.bank_files_dir / run["_id"])
        withdrawn = set(run.get("withdrawn", []))
        today = today_in_china()
        writers: dict[str, tuple[BatchFileWriter, IO[bytes], dict[str, Any]]] = {}
        try:
            async for line in self._staged_lines(run):
                if line["payment_id"] in withdrawn:
                    continue
                batch = line["batch_id"]
                if batch not in writers:
                    name = batch_file_name(batch)
                    # Local files written sequentially: the page cache absorbs them; closed below, all together.
                    stream = open_private(folder / f"{name}.partial")
                    writer = BatchFileWriter(
                        stream,
                        batch_id=batch,
                        payroll_run_id=run["_id"],
                        bank_code=line["bank_code"],
                        pooling_region_code=run["pooling_region_code"],
                        period=run["period"],
                        created_on=today,
                    )
                    entry = {
                        "batch_id": batch,
                        "bank_code": line["bank_code"],
                        "bank_name": line["bank_name"],
                        "file_name": name,
                    }
                    writers[batch] = (writer, stream, entry)
                writers[batch][0].write(
                    BatchLine(
                        payment_id=line["payment_id"],
                        period=line["period"],
                        kind=line["kind"],
                        account_name=self._open(line["sealed_name"], "name"),
                        card_number=self._open(line["sealed_card_number"], "bank_card_number"),
                        amount_fen=line["amount_fen"],
                    )
                )
            batches = []
            for writer, output, entry in writers.values():
                summary: BatchSummary = writer.finish()
                output.flush()
                os.fsync(output.fileno())
                output.close()
                os.replace(folder / f"{entry['file_name']}.partial", folder / entry["file_name"])
                batches.append(
                    {
                        **entry,
                        "record_count": summary.record_count,
                        "total_fen": summary.total_fen,
                        "sha256": summary.sha256,
                    }
                )
            return sorted(batches, key=lambda batch: batch["batch_id"])
        finally:
            for _, open_stream, _ in writers.values():
                open_stream.close()

    def _open(self, staged: dict[str, str], purpose: str) -> str:
        return self.vault.open(Sealed.from_document(unseal_document(staged)), purpose=purpose)

    async def batch_file(self, payroll_run_id: str, batch: str, *, caller: Caller) -> tuple[str, Path]:
        """The file of one exported batch, for download."""
        caller.require_role(Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)
        run = await self.get(payroll_run_id, caller=caller)
        for entry in run.get("batches", []):
            if entry["batch_id"] == batch:
                return entry["file_name"], self.bank_files_dir / payroll_run_id / entry["file_name"]
        raise NotFound(
            "BATCH_NOT_FOUND",
            f"{payroll_run_id} has no exported batch {batch}",
            field="batch_id",
            message_zh="银行批次不存在",
        )

    # --- bank returns ------------------------------------------------------------------------------

    async def import_return(
        self, payroll_run_id: str, batch: str, data: bytes, *, caller: Caller, request_id: str
    ) -> tuple[bool, list[Mismatch], dict[str, Any]]:
        """Applies a bank's return: every line paid or failed; a return that does not match is refused whole."""
        caller.require_role(*PREPARING_ROLES)
        run = await self.get(payroll_run_id, caller=caller)
        index, entry = _batch_of(run, batch)
        if run["status"] not in ("EXPORTED", "RETURNED"):
            raise FailedPrecondition(
                "PAYROLL_NOT_EXPORTED",
                f"{payroll_run_id} is {run['status']}: returns answer exported runs",
                field="payroll_run_id",
                message_zh="发放批次尚未导出，不能导入回盘",
            )
        parsed, problems = parse_return(data)
        file_sha = parsed.file_sha256 if parsed else _sha256(data)
        if entry.get("returned"):
            if entry.get("return_file_sha256") == file_sha:
                return True, [], run  # the same file again: already applied
            raise FailedPrecondition(
                "RETURN_ALREADY_IMPORTED",
                f"batch {batch} has its return already",
                field="batch_id",
                message_zh="该银行批次的回盘已导入",
            )
        expected = await self._batch_expected(run, entry)
        if parsed is not None:
            problems += check_return(
                parsed,
                batch_id=batch,
                bank_code=entry["bank_code"],
                expected=expected,
                record_count=entry["record_count"],
                total_fen=entry["total_fen"],
            )
        if problems or parsed is None:
            await self._record_refusal(run, batch, file_sha, problems, caller)
            return False, problems, run
        with tracer.start_as_current_span("payroll.import_return", attributes={"batch_id": batch}):
            await self._apply_lines(parsed.lines, caller, run["pooling_region_code"])
            paid = [line for line in parsed.lines if line.paid]
            failed = [line for line in parsed.lines if not line.paid]
            counts = {
                f"batches.{index}.returned": True,
                f"batches.{index}.paid_count": len(paid),
                f"batches.{index}.paid_fen": sum(line.amount_fen for line in paid),
                f"batches.{index}.failed_count": len(failed),
                f"batches.{index}.failed_fen": sum(line.amount_fen for line in failed),
                f"batches.{index}.return_file_sha256": file_sha,
            }
            returned = {**entry, **{key.split(".")[-1]: value for key, value in counts.items()}}
            all_returned = all(b.get("returned") or i == index for i, b in enumerate(run["batches"]))
            update: dict[str, Any] = {"$set": dict(counts), "$inc": {"version": 1}}
            if all_returned:
                update["$set"].update({"status": "RETURNED", "returned_at": now_to_millisecond()})
            event = self._region_event(
                events_pb2.BankReturnImported(
                    pooling_region_code=run["pooling_region_code"],
                    payroll_run_id=payroll_run_id,
                    period=to_year_month(parse_period(run["period"])),
                    batch=batch_message(returned),
                ),
                run,
                caller,
                f"bank return {file_sha[:12]}",
            )
            await self.store.payroll_runs.update_one(
                {"_id": payroll_run_id, f"batches.{index}.returned": {"$ne": True}}, outbox_update(update, [event])
            )
            self.notify_relay(PAYROLL_RUNS, [payroll_run_id])
        return True, [], await self.get(payroll_run_id, caller=caller)

    async def _batch_expected(self, run: dict[str, Any], entry: dict[str, Any]) -> dict[str, int]:
        """What the bank was sent, payment id to amount: read from the batch file itself when it is the one
        recorded at export (no database scan), else from the run's payments in the database."""
        path = self.bank_files_dir / run["_id"] / entry["file_name"]
        if path.is_file():
            data = path.read_bytes()
            try:
                header, lines = iter_batch(data)
                expected = {line.payment_id: line.amount_fen for line in lines}
            except ValueError:
                expected = {}
                header = None
            recorded = (entry["batch_id"], entry["record_count"], entry["total_fen"])
            if header is not None and (header.batch_id, len(expected), sum(expected.values())) == recorded:
                return expected
        log.warning("payroll %s: batch file %s missing or changed; reading its payments", run["_id"], path.name)
        withdrawn = set(run.get("withdrawn", []))
        cursor = self.store.payments.find(
            {"payroll_run_id": run["_id"], "batch_id": entry["batch_id"]}, {"amount_fen": 1, "status": 1}
        )
        return {
            payment["_id"]: payment["amount_fen"]
            async for payment in cursor
            if payment["_id"] not in withdrawn and payment["status"] != "CANCELLED"
        }

    async def _apply_lines(self, lines: Any, caller: Caller, pooling_region_code: str) -> None:
        """Each line turns its payment PAID or FAILED once, with its event; a repeat changes nothing.

        Payments are read by _id, a chunk at a time: the return names them, and an _id lookup stays cheap
        however many months of payments the collection holds."""
        watched = await self._awards_not_plainly_active(pooling_region_code)
        for start in range(0, len(lines), CHUNK):
            chunk = lines[start : start + CHUNK]
            found = await asyncio.gather(
                *(
                    self.store.payments.find_one({"_id": line.payment_id}, {"outbox": 0, "sealed_name": 0})
                    for line in chunk
                )
            )
            writes = []
            changed = []
            for line, payment in zip(chunk, found, strict=True):
                if payment is None or payment["status"] != "PREPARED":
                    continue  # answered already (the same return applied again after an interruption)
                fields: dict[str, Any] = (
                    {"status": "PAID", "paid_on": line.paid_on.isoformat() if line.paid_on else None}
                    if line.paid
                    else {"status": "FAILED", "failure_code": line.failure_code, "failure_reason": line.failure_reason}
                )
                message = payment_message({**payment, **fields})
                payload = (
                    events_pb2.PaymentPaid(payment=message) if line.paid else events_pb2.PaymentFailed(payment=message)
                )
                event = new_event(
                    topic=self.resident_topic,
                    payload=payload,
                    subject_key=payment["resident_id"],
                    producer=PRODUCER,
                    actor=caller.user_id,
                    reason=f"bank return of {payment['batch_id']}",
                )
                writes.append(
                    UpdateOne({"_id": payment["_id"], "status": "PREPARED"}, outbox_update({"$set": fields}, [event]))
                )
                changed.append((payment, line))
            if writes:
                await self.store.payments.bulk_write(writes, ordered=False)
                self.notify_relay(PAYMENTS, [payment["_id"] for payment, _ in changed])
            for payment, line in changed:
                if not line.paid:
                    # Carried into a later run once the resident's bank account is changed.
                    await self.store.awards.update_one(
                        {"_id": payment["award_id"]},
                        {
                            "$addToSet": {
                                "failed_payments": {
                                    "payment_id": payment["_id"],
                                    "account_token": payment["bank_account"]["account_token"],
                                }
                            }
                        },
                    )
            await self._check_paid_awards([payment for payment, line in changed if line.paid], watched)

    async def _check_paid_awards(self, paid: list[dict[str, Any]], watched: set[str]) -> None:
        """A payment paid for a month its award does not pay (a death recorded after export, a prison term
        recorded late) is an overpayment: the overpayment service opens or grows the case."""
        if self.on_paid_when_not_payable is None:
            return
        for award in sorted({payment["award_id"] for payment in paid} & watched):
            await self.on_paid_when_not_payable(award)

    async def _awards_not_plainly_active(self, pooling_region_code: str) -> set[str]:
        """The region's awards that are stopped or have a suspension (now or ended): read once per return,
        in one pass, because only their paid payments can be overpayments."""
        cursor = self.store.awards.find(
            {
                "pooling_region_code": pooling_region_code,
                # A suspension is kept (with its end) after a release; ended ones only sit beside a later one.
                "$or": [{"stop": {"$ne": None}}, {"suspension": {"$ne": None}}],
            },
            {"_id": 1},
        )
        return {award["_id"] async for award in cursor}

    async def _record_refusal(
        self, run: dict[str, Any], batch: str, file_sha: str, problems: list[Mismatch], caller: Caller
    ) -> None:
        event = self._region_event(
            events_pb2.BankReturnRefused(
                pooling_region_code=run["pooling_region_code"],
                payroll_run_id=run["_id"],
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
        identifier = f"{batch}/{file_sha}"
        await self.store.bank_returns.update_one(
            {"_id": identifier},
            {
                "$setOnInsert": {
                    "payroll_run_id": run["_id"],
                    "batch_id": batch,
                    "accepted": False,
                    "mismatch_count": len(problems),
                    "refused_at": now_to_millisecond(),
                    "outbox": [event],
                    "outbox_pending": True,
                }
            },
            upsert=True,
        )
        self.notify_relay(BANK_RETURNS, [identifier])

    # --- close -------------------------------------------------------------------------------------

    async def close(self, payroll_run_id: str, *, caller: Caller, request_id: str) -> dict[str, Any]:
        """CLOSED once every return is in and paid + failed = exported, to the fen and the line."""
        caller.require_role(*PREPARING_ROLES)
        run = await self.get(payroll_run_id, caller=caller)
        if run["status"] == "CLOSED":
            return run
        if run["status"] != "RETURNED":
            raise FailedPrecondition(
                "PAYROLL_NOT_RETURNED",
                f"{payroll_run_id} is {run['status']}: every bank's return is needed first",
                field="payroll_run_id",
                message_zh="银行回盘未全部导入，不能结算",
            )
        differences = [
            f"{batch['batch_id']}: exported {batch['total_fen']} fen in {batch['record_count']} lines, returned "
            f"{batch['paid_fen'] + batch['failed_fen']} fen in {batch['paid_count'] + batch['failed_count']}"
            for batch in run["batches"]
            if batch["paid_fen"] + batch["failed_fen"] != batch["total_fen"]
            or batch["paid_count"] + batch["failed_count"] != batch["record_count"]
        ]
        if differences:
            raise FailedPrecondition(
                "PAYROLL_DOES_NOT_RECONCILE",
                "; ".join(differences),
                field="payroll_run_id",
                message_zh="发放金额与银行回盘不符，不能结算",
            )
        preview = {**run, "status": "CLOSED", "closed_at": now_to_millisecond()}
        event = self._region_event(events_pb2.PayrollClosed(payroll=payroll_message(preview)), run, caller, "closed")
        await self.store.payroll_runs.update_one(
            {"_id": payroll_run_id, "status": "RETURNED"},
            outbox_update(
                {"$set": {"status": "CLOSED", "closed_at": preview["closed_at"]}, "$inc": {"version": 1}}, [event]
            ),
        )
        self.notify_relay(PAYROLL_RUNS, [payroll_run_id])
        return await self.get(payroll_run_id, caller=caller)

    def _region_event(self, payload: Any, run: dict[str, Any], caller: Caller, reason: str) -> dict[str, Any]:
        return new_event(
            topic=self.region_topic,
            payload=payload,
            subject_key=run["pooling_region_code"],
            producer=PRODUCER,
            actor=caller.user_id,
            reason=reason,
        )


async def read_chunks(path: Path, size: int = 256 * 1024) -> AsyncIterator[bytes]:
    """A file's bytes in chunks, for streaming a bank batch to a client."""
    with open(path, "rb") as stream:  # noqa: ASYNC230 - a local file read in 256 KiB steps
        while chunk := stream.read(size):
            yield chunk


def _batch_of(run: dict[str, Any], batch: str) -> tuple[int, dict[str, Any]]:
    for index, entry in enumerate(run.get("batches", [])):
        if entry["batch_id"] == batch:
            return index, entry
    raise NotFound(
        "BATCH_NOT_FOUND", f"{run['_id']} has no exported batch {batch}", field="batch_id", message_zh="银行批次不存在"
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
