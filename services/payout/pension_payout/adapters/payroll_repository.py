"""Payroll runs in MongoDB (one per region and month), read as domain objects; the updates their steps write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from pension_kit.clock import now_to_millisecond
from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_update
from pension_kit.unit_of_work import Event, MongoRepository, VersionedRepository
from pension_payout.adapters.store import PayoutStore, refused_return_id
from pension_payout.domain.payroll import (
    APPROVED,
    CLOSED,
    DRAFT,
    EXPORTED,
    EXPORTING,
    RETURNED,
    Approval,
    Batch,
    FundTotal,
    PayrollRun,
    RunTotals,
    StagedSummary,
)


def _totals(document: Mapping[str, Any] | None) -> RunTotals | None:
    if document is None:
        return None
    return RunTotals(
        payment_count=document.get("payment_count", 0),
        total_fen=document.get("total_fen", 0),
        by_component_and_fund=tuple(
            FundTotal(item["component"], item["fund"], item["amount_fen"])
            for item in document.get("by_component_and_fund", [])
        ),
        regular_count=document.get("regular_count", 0),
        regular_fen=document.get("regular_fen", 0),
        back_pay_count=document.get("back_pay_count", 0),
        back_pay_fen=document.get("back_pay_fen", 0),
        retry_count=document.get("retry_count", 0),
        retry_fen=document.get("retry_fen", 0),
        suspended_count=document.get("suspended_count", 0),
    )


def totals_document(totals: RunTotals) -> Document:
    return {
        "payment_count": totals.payment_count,
        "total_fen": totals.total_fen,
        "by_component_and_fund": [
            {"component": item.component, "fund": item.fund, "amount_fen": item.amount_fen}
            for item in totals.by_component_and_fund
        ],
        "regular_count": totals.regular_count,
        "regular_fen": totals.regular_fen,
        "back_pay_count": totals.back_pay_count,
        "back_pay_fen": totals.back_pay_fen,
        "retry_count": totals.retry_count,
        "retry_fen": totals.retry_fen,
        "suspended_count": totals.suspended_count,
    }


def _batch(document: Mapping[str, Any]) -> Batch:
    return Batch(
        batch_id=document["batch_id"],
        bank_code=document["bank_code"],
        bank_name=document.get("bank_name", ""),
        file_name=document["file_name"],
        record_count=document["record_count"],
        total_fen=document["total_fen"],
        sha256=document["sha256"],
        returned=bool(document.get("returned")),
        paid_count=document.get("paid_count", 0),
        paid_fen=document.get("paid_fen", 0),
        failed_count=document.get("failed_count", 0),
        failed_fen=document.get("failed_fen", 0),
        return_file_sha256=document.get("return_file_sha256", ""),
    )


def _batch_document(batch: Batch) -> Document:
    """An exported batch as the run stores it (what its return adds is written by `returned_update`)."""
    return {
        "batch_id": batch.batch_id,
        "bank_code": batch.bank_code,
        "bank_name": batch.bank_name,
        "file_name": batch.file_name,
        "record_count": batch.record_count,
        "total_fen": batch.total_fen,
        "sha256": batch.sha256,
    }


def run_from_document(document: Mapping[str, Any]) -> PayrollRun:
    staged = document.get("staged")
    return PayrollRun(
        payroll_run_id=document["_id"],
        pooling_region_code=document["pooling_region_code"],
        month=parse_month(document["month"]),
        status=document["status"],
        approvals_required=document["approvals_required"],
        preparing=bool(document.get("preparing")),
        preparers=tuple(document.get("preparers", [])),
        approvals=tuple(
            Approval(approval["approver_id"], approval["approved_at"], approval.get("reason", ""))
            for approval in document.get("approvals", [])
        ),
        batches=tuple(_batch(batch) for batch in document.get("batches", [])),
        withdrawn=frozenset(document.get("withdrawn", [])),
        totals=_totals(document.get("totals")),
        staged=StagedSummary(staged["count"], staged["total_fen"], staged["sha256"]) if staged else None,
        prepared_at=document.get("prepared_at"),
        exported_at=document.get("exported_at"),
        returned_at=document.get("returned_at"),
        closed_at=document.get("closed_at"),
        version=document.get("version", 0),
    )


# --- the updates of the steps that go through the unit of work (approve, export, close) -------------------


def approval_update(approval: Approval, status: str) -> Document:
    return {
        "$push": {
            "approvals": {
                "approver_id": approval.approver_id,
                "approved_at": approval.approved_at,
                "reason": approval.reason,
            }
        },
        "$set": {"status": status},
    }


def exported_update(batches: Sequence[Batch], exported_at: datetime, exported_by: str) -> Document:
    return {
        "$set": {
            "status": EXPORTED,
            "batches": [_batch_document(batch) for batch in batches],
            "exported_at": exported_at,
            "exported_by": exported_by,
        }
    }


def closed_update(closed_at: datetime) -> Document:
    return {"$set": {"status": CLOSED, "closed_at": closed_at}}


class PayrollRunRepository:
    """Every query of the payroll_runs collection (and of refused bank returns).

    `versioned` is the same collection as the unit of work reads and writes it (version, applied requests); a run
    is read through it too, so that approving and closing can be tested on the kit's InMemoryRepository.
    """

    def __init__(self, store: PayoutStore, versioned: VersionedRepository | None = None) -> None:
        self._store = store
        self.versioned: VersionedRepository = versioned or MongoRepository(store.payroll_runs)

    async def run(self, payroll_run_id: str) -> PayrollRun | None:
        found = await self.versioned.get(payroll_run_id)
        return run_from_document(found) if found is not None else None

    async def statuses_of(self, payroll_run_ids: Iterable[str]) -> dict[str, str]:
        """The status of each run that exists, in one query by _id (a resident paid for ten years spans 120 runs:
        one query each, in series, was two thirds of the hotline's lookup)."""
        wanted = sorted(set(payroll_run_ids))
        if not wanted:
            return {}
        cursor = self._store.payroll_runs.find({"_id": {"$in": wanted}}, {"status": 1})
        return {run["_id"]: run["status"] async for run in cursor}

    async def page_of_region(self, pooling_region_code: str, *, before: str, limit: int) -> list[PayrollRun]:
        """A region's runs in descending id order (newest month first), from before `before`."""
        query: Document = {"pooling_region_code": pooling_region_code}
        if before:
            query["_id"] = {"$lt": before}
        found = await self._store.payroll_runs.find(query, {"outbox": 0}).sort("_id", -1).limit(limit).to_list()
        return [run_from_document(document) for document in found]

    # --- prepare -----------------------------------------------------------------------------------

    async def open_draft(self, run: PayrollRun, *, preparer: str) -> bool | None:
        """Creates the DRAFT run (True), or marks an existing draft as being prepared again (False); None when
        the run exists and is no longer a draft."""
        try:
            await self._store.payroll_runs.insert_one(
                {
                    "_id": run.payroll_run_id,
                    "pooling_region_code": run.pooling_region_code,
                    "month": str(run.month),
                    "status": DRAFT,
                    "preparing": True,
                    "preparers": [preparer],
                    "approvals": [],
                    "approvals_required": run.approvals_required,
                    "batches": [],
                    "applied_requests": [],
                    "created_at": now_to_millisecond(),
                    "version": 1,
                }
            )
            return True
        except DuplicateKeyError:
            pass
        result = await self._store.payroll_runs.update_one(
            {"_id": run.payroll_run_id, "status": DRAFT},
            {"$set": {"preparing": True}, "$addToSet": {"preparers": preparer}, "$inc": {"version": 1}},
        )
        return False if result.matched_count == 1 else None

    async def prepared(
        self,
        run: PayrollRun,
        *,
        void_approvals: bool,
        events: Sequence[Event],
    ) -> bool:
        """Records a draft's totals and staged file, done preparing; False if it is no longer a draft."""
        assert run.totals is not None and run.staged is not None and run.prepared_at is not None
        fields: Document = {
            "totals": totals_document(run.totals),
            "staged": {"count": run.staged.count, "total_fen": run.staged.total_fen, "sha256": run.staged.sha256},
            "preparing": False,
            "prepared_at": run.prepared_at,
        }
        if void_approvals:
            fields["approvals"] = []
        result = await self._store.payroll_runs.update_one(
            {"_id": run.payroll_run_id, "status": DRAFT},
            outbox_update({"$set": fields, "$inc": {"version": 1}}, events),
        )
        return result.modified_count == 1

    # --- withdrawals ---------------------------------------------------------------------------------

    async def withdraw(self, payroll_run_id: str, payment_id: str) -> bool:
        """Takes a payment out of its run while the run is DRAFT or APPROVED; False once it has begun exporting."""
        result = await self._store.payroll_runs.update_one(
            {"_id": payroll_run_id, "status": {"$in": [DRAFT, APPROVED]}},
            {"$addToSet": {"withdrawn": payment_id}, "$inc": {"version": 1}},
        )
        return result.matched_count == 1

    async def reinstated(self, payroll_run_id: str, payment_id: str) -> None:
        """A withdrawn payment due again is in the draft once more."""
        await self._store.payroll_runs.update_one(
            {"_id": payroll_run_id, "status": DRAFT}, {"$pull": {"withdrawn": payment_id}}
        )

    # --- export and returns --------------------------------------------------------------------------

    async def begin_export(self, payroll_run_id: str) -> None:
        """APPROVED -> EXPORTING: from here no payment can be withdrawn from the run (a no-op if not APPROVED).

        Not through the unit of work: recording the request id here would make a retry after an interrupted
        export a repeat, answered EXPORTING and never finished."""
        await self._store.payroll_runs.update_one(
            {"_id": payroll_run_id, "status": APPROVED}, {"$set": {"status": EXPORTING}, "$inc": {"version": 1}}
        )

    async def batch_returned(
        self, run: PayrollRun, index: int, batch: Batch, *, last: bool, events: Sequence[Event]
    ) -> None:
        """Records a batch's return (and RETURNED if it was the last), unless that batch has its return already."""
        fields: Document = {
            f"batches.{index}.returned": True,
            f"batches.{index}.paid_count": batch.paid_count,
            f"batches.{index}.paid_fen": batch.paid_fen,
            f"batches.{index}.failed_count": batch.failed_count,
            f"batches.{index}.failed_fen": batch.failed_fen,
            f"batches.{index}.return_file_sha256": batch.return_file_sha256,
        }
        if last:
            fields.update({"status": RETURNED, "returned_at": now_to_millisecond()})
        await self._store.payroll_runs.update_one(
            {"_id": run.payroll_run_id, f"batches.{index}.returned": {"$ne": True}},
            outbox_update({"$set": fields, "$inc": {"version": 1}}, events),
        )

    async def return_refused(
        self, run: PayrollRun, batch_id: str, file_sha256: str, mismatch_count: int, events: Sequence[Event]
    ) -> str:
        """Records a refused return once per batch and file; its id."""
        identifier = refused_return_id(batch_id, file_sha256)
        await self._store.bank_returns.update_one(
            {"_id": identifier},
            {
                "$setOnInsert": {
                    "payroll_run_id": run.payroll_run_id,
                    "batch_id": batch_id,
                    "accepted": False,
                    "mismatch_count": mismatch_count,
                    "refused_at": now_to_millisecond(),
                    "outbox": list(events),
                    "outbox_pending": True,
                }
            },
            upsert=True,
        )
        return identifier
