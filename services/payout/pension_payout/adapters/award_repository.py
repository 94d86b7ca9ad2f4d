"""Awards in MongoDB, and what the award job reads and records beside them (residents, short of years, award runs)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from pymongo.errors import DuplicateKeyError

from pension_kit.clock import now_to_millisecond
from pension_kit.identifiers import Month
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.unit_of_work import Event
from pension_payout.adapters.award_documents import (
    award_document,
    award_from_document,
    bank_account_document,
    bank_account_of,
    failed_payment_document,
)
from pension_payout.adapters.store import PayoutStore, award_run_id, short_of_years_id
from pension_payout.domain.award import Award, BankAccount, EnrolledResident, FailedPayment
from pension_payout.domain.benefit import Candidate

# What the payroll reads of an award: everything but the reactions' record of applied events, which only grows.
PAYROLL_FIELDS: Final = {
    "resident_id": 1,
    "pooling_region_code": 1,
    "village_code": 1,
    "name_masked": 1,
    "citizen_id_masked": 1,
    "sealed_name": 1,
    "bank_account": 1,
    "birth_date": 1,
    "first_month": 1,
    "terms": 1,
    "status": 1,
    "suspension": 1,
    "ended_suspensions": 1,
    "stop": 1,
    "back_pay_pending": 1,
    "failed_payments": 1,
    "granted_at": 1,
}


@dataclass(frozen=True)
class ShortOfYearsEntry:
    """A resident found short of contribution years in a month, as the contract's message (stored as bytes)."""

    entry_id: str
    message: bytes


class AwardRepository:
    """Reads awards as domain objects; every query of the awards collection is one of these methods."""

    def __init__(self, store: PayoutStore) -> None:
        self._store = store

    # --- awards ------------------------------------------------------------------------------------

    async def award(self, award_id: str) -> Award | None:
        found = await self._store.awards.find_one({"_id": award_id}, {"outbox": 0})
        return award_from_document(found) if found is not None else None

    async def page_of_region(
        self, pooling_region_code: str, *, status: str | None, village_code: str, after: str, limit: int
    ) -> list[Award]:
        """A region's awards in id order, from after `after`, optionally of one status and village."""
        query: Document = {"pooling_region_code": pooling_region_code}
        if status:
            query["status"] = status
        if village_code:
            query["village_code"] = village_code
        if after:
            query["_id"] = {"$gt": after}
        found = await self._store.awards.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()
        return [award_from_document(document) for document in found]

    async def of_region(self, pooling_region_code: str, *, batch_size: int) -> AsyncIterator[Award]:
        """Every award of a region, for the payroll, read `batch_size` at a time."""
        cursor = self._store.awards.find(
            {"pooling_region_code": pooling_region_code}, PAYROLL_FIELDS, batch_size=batch_size
        )
        async for document in cursor:
            yield award_from_document(document)

    async def stopped_or_suspended(self, pooling_region_code: str) -> set[str]:
        """The ids of a region's awards that are stopped or have a suspension (now or ended), in one pass."""
        cursor = self._store.awards.find(
            {
                "pooling_region_code": pooling_region_code,
                # A suspension is kept (with its end) after a release; ended ones only sit beside a later one.
                "$or": [{"stop": {"$ne": None}}, {"suspension": {"$ne": None}}],
            },
            {"_id": 1},
        )
        return {award["_id"] async for award in cursor}

    async def grant(self, award: Award, events: Sequence[Event]) -> bool:
        """Stores a new award with its events; False when the resident has one already."""
        try:
            await self._store.awards.insert_one({**award_document(award), **outbox_fields(events)})
        except DuplicateKeyError:
            return False
        return True

    async def paid_into(self, award_id: str, account: BankAccount) -> None:
        """The resident's new bank account: later payments (and failed ones paid again) go to it."""
        await self._store.awards.update_one(
            {"_id": award_id}, {"$set": {"bank_account": bank_account_document(account)}}
        )

    async def moved_to_village(self, award_id: str, village_code: str) -> None:
        await self._store.awards.update_one({"_id": award_id}, {"$set": {"village_code": village_code}})

    async def back_pay_paid(self, award_id: str, months: Sequence[Month]) -> None:
        """The months' payments exist now (or the months are no longer paid): no longer pending."""
        await self._store.awards.update_one(
            {"_id": award_id}, {"$pullAll": {"back_pay_pending": [str(month) for month in months]}}
        )

    async def payment_failed(self, award_id: str, failed: FailedPayment) -> None:
        """Keeps a failed payment with the award, to be paid again once the account changes."""
        await self._store.awards.update_one(
            {"_id": award_id}, {"$addToSet": {"failed_payments": failed_payment_document(failed)}}
        )

    async def failed_payment_settled(self, award_id: str, failed: FailedPayment) -> None:
        """A failed payment paid again, or no longer due: the award stops carrying it."""
        await self._store.awards.update_one(
            {"_id": award_id}, {"$pull": {"failed_payments": failed_payment_document(failed)}}
        )

    # --- the award job's other records -------------------------------------------------------------

    async def residents_due(self, pooling_region_code: str, born_by: date) -> AsyncIterator[EnrolledResident]:
        """Enrolled residents of a region not awarded yet who were born by `born_by`."""
        cursor = self._store.residents.find(
            {
                "pooling_region_code": pooling_region_code,
                "status": "ENROLLED",
                "awarded": {"$ne": True},
                "birth_date": {"$lte": born_by.isoformat()},
            }
        )
        async for resident in cursor:
            yield EnrolledResident(
                candidate=Candidate(
                    resident_id=resident["_id"],
                    pooling_region_code=resident["pooling_region_code"],
                    birth_date=date.fromisoformat(resident["birth_date"]),
                    enrolled_on=date.fromisoformat(resident["enrolled_on"]),
                    contributed_years=resident.get("contributed_years", 0),
                    account_balance_fen=resident.get("account_balance_fen", 0),
                ),
                village_code=resident["village_code"],
                name_masked=resident["name_masked"],
                citizen_id_masked=resident["citizen_id_masked"],
                sealed_name=resident["sealed_name"],
                bank_account=bank_account_of(resident["bank_account"]),
                found_short_of_years=resident.get("found_short_of_years", False),
            )

    async def resident_awarded(self, resident_id: str, month: Month) -> None:
        """The resident has an award: not considered again, and no longer short of years this month."""
        await self._store.residents.update_one({"_id": resident_id}, {"$set": {"awarded": True}})
        # Found short earlier this month and awarded now (their years arrived meanwhile): no longer short.
        await self._store.short_of_years.delete_one({"_id": short_of_years_id(resident_id, month)})

    async def found_short(
        self, resident_id: str, pooling_region_code: str, month: Month, message: bytes, events: Sequence[Event]
    ) -> str:
        """Records the resident short of years in `month` (the latest figures kept, the events once); its id."""
        identifier = short_of_years_id(resident_id, month)
        try:
            await self._store.short_of_years.insert_one(
                {
                    "_id": identifier,
                    "resident_id": resident_id,
                    "pooling_region_code": pooling_region_code,
                    "checked_month": str(month),
                    "message": message,
                    **outbox_fields(events),
                }
            )
        except DuplicateKeyError:
            # Found short again this month (a re-run, maybe after more contributions arrived): keep the latest
            # figures; the month's event was announced once.
            await self._store.short_of_years.update_one({"_id": identifier}, {"$set": {"message": message}})
        await self._store.residents.update_one({"_id": resident_id}, {"$set": {"found_short_of_years": True}})
        return identifier

    async def short_of_years(
        self, pooling_region_code: str, checked_month: Month | None, *, after: str, limit: int
    ) -> list[ShortOfYearsEntry]:
        query: Document = {"pooling_region_code": pooling_region_code}
        if checked_month is not None:
            query["checked_month"] = str(checked_month)
        if after:
            query["_id"] = {"$gt": after}
        found = await self._store.short_of_years.find(query, {"outbox": 0}).sort("_id", 1).limit(limit).to_list()
        return [ShortOfYearsEntry(entry["_id"], entry["message"]) for entry in found]

    async def award_run_done(
        self,
        pooling_region_code: str,
        month: Month,
        request_id: str,
        *,
        granted: int,
        short_of_years: int,
        already_awarded: int,
        run_by: str,
        events: Sequence[Event],
    ) -> str | None:
        """Records a completed award job with its event; its id, or None when the same request was recorded."""
        identifier = award_run_id(pooling_region_code, month, request_id)
        try:
            await self._store.award_runs.insert_one(
                {
                    "_id": identifier,
                    "pooling_region_code": pooling_region_code,
                    "month": str(month),
                    "granted": granted,
                    "short_of_years": short_of_years,
                    "already_awarded": already_awarded,
                    "run_by": run_by,
                    "run_at": now_to_millisecond(),
                    **outbox_fields(events),
                }
            )
        except DuplicateKeyError:
            return None
        return identifier
