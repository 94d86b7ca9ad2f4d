"""Overpayment cases where they are kept: one document per resident and cause, read and written by `_id`.

A case document (money int fen, months "YYYY-MM"): resident_id, award_id, pooling_region_code, village_code,
cause, payments [{payment_id, month, amount_fen}], months, payment_ids, awaiting_return (payment ids at the
bank), amount_fen, recovered_fen, written_off_fen, balance_due_fen, status, recoveries, applied_requests,
opened_at, updated_at, version, and its outbox.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any, Protocol

from pension_kit.identifiers import parse_month
from pension_kit.mongo import Document
from pension_kit.unit_of_work import VersionedRepository
from pension_payout.adapters.insertable import InsertableInMemoryRepository, InsertableMongoRepository
from pension_payout.adapters.store import case_id
from pension_payout.domain.overpayment import OverpaymentCase, PaidMonth, Recovery
from pension_payout.domain.reactions import OverpaymentCause


class OverpaymentCases(VersionedRepository, Protocol):
    """The cases as the overpayment use cases need them: by id, by resident, a region's page; opened once."""

    async def insert(self, case: Document) -> bool:
        """Inserts a new case with its outbox; False when a case of that id exists already."""
        ...

    async def of_resident(self, resident_id: str) -> list[Document]:
        """A resident's cases (one per cause at most), ordered by id."""
        ...

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        """Up to `limit` cases of a region (of one status, if given) whose id comes after `after`, by id."""
        ...


class MongoOverpaymentCases(InsertableMongoRepository):
    """The `overpayment_cases` collection."""

    async def of_resident(self, resident_id: str) -> list[Document]:
        # Found by their ids: FerretDB answers only _id lookups without a scan.
        found = await asyncio.gather(*(self.get(case_id(resident_id, cause)) for cause in OverpaymentCause))
        return sorted((case for case in found if case is not None), key=lambda case: str(case["_id"]))

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        query: dict[str, Any] = {"pooling_region_code": pooling_region_code}
        if status is not None:
            query["status"] = status
        if after:
            query["_id"] = {"$gt": after}
        return await self.collection.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()


class InMemoryOverpaymentCases(InsertableInMemoryRepository):
    """The same in a dict, for unit tests of the overpayment use cases."""

    async def of_resident(self, resident_id: str) -> list[Document]:
        found = [await self.get(case_id(resident_id, cause)) for cause in OverpaymentCause]
        return sorted((case for case in found if case is not None), key=lambda case: str(case["_id"]))

    async def page_of_region(
        self, pooling_region_code: str, status: str | None, after: str, limit: int
    ) -> list[Document]:
        found = [
            case
            for identifier in sorted(self.documents, key=str)
            if (case := await self.get(identifier)) is not None
            and case["pooling_region_code"] == pooling_region_code
            and (status is None or case["status"] == status)
            and str(identifier) > after
        ]
        return found[:limit]


# --- the case as the rules see it, and back ------------------------------------------------------------


def paid_month(payment: Document) -> PaidMonth:
    """A stored payment as a month paid."""
    return PaidMonth(payment["_id"], parse_month(payment["month"]), payment["amount_fen"])


def case_from_document(document: Document) -> OverpaymentCase:
    return OverpaymentCase(
        case_id=document["_id"],
        resident_id=document["resident_id"],
        award_id=document["award_id"],
        pooling_region_code=document["pooling_region_code"],
        village_code=document.get("village_code", ""),
        cause=OverpaymentCause(document["cause"]),
        payments=tuple(
            PaidMonth(p["payment_id"], parse_month(p["month"]), p["amount_fen"]) for p in document.get("payments", [])
        ),
        awaiting_return=tuple(document.get("awaiting_return", [])),
        recovered_fen=document["recovered_fen"],
        written_off_fen=document["written_off_fen"],
        status=document["status"],
        recoveries=tuple(
            Recovery(
                recovery_id=r["recovery_id"],
                amount_fen=r["amount_fen"],
                method=r["method"],
                recovered_on=date.fromisoformat(r["recovered_on"]),
                reference=r["reference"],
                reason=r.get("reason", ""),
                recorded_by=r["recorded_by"],
                recorded_at=r["recorded_at"],
                request_id=r.get("request_id", ""),
            )
            for r in document.get("recoveries", [])
        ),
        opened_at=document["opened_at"],
        updated_at=document["updated_at"],
    )


def recovery_document(recovery: Recovery) -> Document:
    return {
        "recovery_id": recovery.recovery_id,
        "amount_fen": recovery.amount_fen,
        "method": recovery.method,
        "recovered_on": recovery.recovered_on.isoformat(),
        "reference": recovery.reference,
        "reason": recovery.reason,
        "recorded_by": recovery.recorded_by,
        "recorded_at": recovery.recorded_at,
        "request_id": recovery.request_id,
    }


def payments_fields(case: OverpaymentCase) -> Document:
    """What a change of the case's payments writes (amounts and months are kept with them, for readers)."""
    return {
        "payments": [
            {"payment_id": p.payment_id, "month": str(p.month), "amount_fen": p.amount_fen} for p in case.payments
        ],
        "months": [str(p.month) for p in case.payments],
        "payment_ids": [p.payment_id for p in case.payments],
        "awaiting_return": list(case.awaiting_return),
        "amount_fen": case.amount_fen,
        "balance_due_fen": case.balance_due_fen,
        "status": case.status,
        "updated_at": case.updated_at,
    }


def recovery_fields(case: OverpaymentCase) -> Document:
    """What a recovery writes besides the recovery itself."""
    return {
        "recovered_fen": case.recovered_fen,
        "balance_due_fen": case.balance_due_fen,
        "status": case.status,
        "updated_at": case.updated_at,
    }


def case_document(case: OverpaymentCase) -> Document:
    """The case's stored fields (without its version, requests and outbox)."""
    return {
        "_id": case.case_id,
        "resident_id": case.resident_id,
        "award_id": case.award_id,
        "pooling_region_code": case.pooling_region_code,
        "village_code": case.village_code,
        "cause": int(case.cause),
        **payments_fields(case),
        "recovered_fen": case.recovered_fen,
        "written_off_fen": case.written_off_fen,
        "recoveries": [recovery_document(recovery) for recovery in case.recoveries],
        "opened_at": case.opened_at,
    }
