"""The facts supervision keeps from other services' events for the notice, the reconciliation and the disclosure.

Each question has its store, keyed so that a report reads by key and an event applied twice writes the same thing
again (a deterministic `_id` and `$set` / `$setOnInsert`):

- `resident_facts`: a resident by id: region, village, masked name and ID number, enrolment and end dates;
- `village_facts`: a village by code: name, township, region;
- `contribution_facts`: a contribution by id: region, village, month paid, amounts; reversed and when;
- `payment_facts`: one attempt of a payment (`<payment id>#<attempt>`): region, village, payroll month, kind,
  outcome, amounts by component and fund;
- `fund_movements`: interest, transfers in and out, inheritance payouts, recoveries, by the id of the fact;
- `payroll_exports`: a payroll run's export by run id: month, records, total;
- `bank_returns`: a bank batch's return by batch id: month, paid and failed counts and fen;
- `reconciliations`: a region's month reconciliation (`<region>-<YYYYMM>`), with its ReconciliationCompleted
  events in the outbox.

Amounts are fen; months are "YYYY-MM" and dates "YYYY-MM-DD" strings, which compare in calendar order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec
from pension_supervision.domain.alerts import Evidence
from pension_supervision.domain.disclosure import Totals
from pension_supervision.domain.facts import (
    Component,
    ContributionFact,
    ContributionKind,
    FundName,
    Movement,
    MovementKind,
    PaymentFact,
    PaymentKind,
    PaymentOutcome,
    ResidentFact,
)
from pension_supervision.domain.reconciliation import Ledger

RESIDENTS: Final = "resident_facts"
VILLAGES: Final = "village_facts"
CONTRIBUTIONS: Final = "contribution_facts"
PAYMENTS: Final = "payment_facts"
MOVEMENTS: Final = "fund_movements"
EXPORTS: Final = "payroll_exports"
RETURNS: Final = "bank_returns"
RECONCILIATIONS: Final = "reconciliations"

INDEXES: Final = [
    IndexSpec(RESIDENTS, [("region", 1), ("enrolled_on", 1)], name="region_enrolled_on"),
    IndexSpec(CONTRIBUTIONS, [("village", 1), ("month", 1)], name="village_month"),
    IndexSpec(CONTRIBUTIONS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(CONTRIBUTIONS, [("region", 1), ("reversed_month", 1)], name="region_reversed_month"),
    IndexSpec(PAYMENTS, [("village", 1), ("payroll_month", 1)], name="village_payroll_month"),
    IndexSpec(PAYMENTS, [("region", 1), ("payroll_month", 1)], name="region_payroll_month"),
    IndexSpec(MOVEMENTS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(EXPORTS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(RETURNS, [("region", 1), ("month", 1)], name="region_month"),
]

FROM_THE_START: Final = "0000-00"


@dataclass(frozen=True, slots=True)
class VillageFact:
    village_code: str
    name: str
    township_name: str
    pooling_region_code: str


@dataclass(frozen=True, slots=True)
class EventRef:
    """Which event a fact came from, for an alert's evidence."""

    event_id: str
    event_type: str
    subject_key: str
    occurred_at: datetime


def _day(value: date) -> str:
    return value.isoformat()


def _in_months(first: str, last: str) -> Document:
    return {"$gte": first, "$lte": last}


class ReportFacts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._db = database

    # --- keeping facts (each idempotent by itself) --------------------------------------------------------------

    async def resident_enrolled(self, resident: ResidentFact) -> None:
        # $setOnInsert: an enrolment is a resident's first fact; applied again it must not undo a later move.
        await self._db[RESIDENTS].update_one(
            {"_id": resident.resident_id},
            {
                "$setOnInsert": {
                    "region": resident.pooling_region_code,
                    "village": resident.village_code,
                    "name_masked": resident.name_masked,
                    "citizen_id_masked": resident.citizen_id_masked,
                    "enrolled_on": _day(resident.enrolled_on),
                    "ended_on": None,
                }
            },
            upsert=True,
        )

    async def resident_moved(self, resident_id: str, village_code: str) -> None:
        await self._db[RESIDENTS].update_one({"_id": resident_id}, {"$set": {"village": village_code}})

    async def resident_ended(self, resident_id: str, ended_on: date, cause: str) -> None:
        await self._db[RESIDENTS].update_one(
            {"_id": resident_id}, {"$set": {"ended_on": _day(ended_on), "end_cause": cause}}
        )

    async def village_registered(self, village: VillageFact) -> None:
        await self._db[VILLAGES].update_one(
            {"_id": village.village_code},
            {
                "$set": {
                    "name": village.name,
                    "township_name": village.township_name,
                    "region": village.pooling_region_code,
                }
            },
            upsert=True,
        )

    async def contribution_recorded(self, contribution: ContributionFact) -> None:
        await self._db[CONTRIBUTIONS].update_one(
            {"_id": contribution.contribution_id},
            {
                "$setOnInsert": {
                    "resident_id": contribution.resident_id,
                    "region": contribution.pooling_region_code,
                    "village": contribution.village_code,
                    "month": str(contribution.month),
                    "year": contribution.year,
                    "kind": contribution.kind.value,
                    "grade_fen": contribution.grade_fen,
                    "personal_fen": contribution.personal_fen,
                    "subsidy_fen": contribution.subsidy_fen,
                    "paid_on_behalf_fen": contribution.paid_on_behalf_fen,
                    "collective_fen": contribution.collective_fen,
                    "paid_on": _day(contribution.paid_on),
                    "reversed": False,
                    "reversed_month": None,
                }
            },
            upsert=True,
        )

    async def contribution_reversed(self, contribution_id: str, month: Month) -> None:
        """The contribution is taken back in `month` (a later month's income is reduced, not the month it was paid)."""
        await self._db[CONTRIBUTIONS].update_one(
            {"_id": contribution_id, "reversed": False},
            {"$set": {"reversed": True, "reversed_month": str(month)}},
        )

    async def payment_settled(self, payment: PaymentFact) -> None:
        await self._db[PAYMENTS].update_one(
            {"_id": f"{payment.payment_id}#{payment.attempt}"},
            {
                "$set": {
                    "payment_id": payment.payment_id,
                    "attempt": payment.attempt,
                    "resident_id": payment.resident_id,
                    "region": payment.pooling_region_code,
                    "village": payment.village_code,
                    "payroll_month": str(payment.payroll_month),
                    "benefit_month": str(payment.benefit_month),
                    "kind": payment.kind.value,
                    "outcome": payment.outcome.value,
                    "amount_fen": payment.amount_fen,
                    "components": {c.value: fen for c, fen in payment.components.items()},
                    "funds": {f.value: fen for f, fen in payment.funds.items()},
                }
            },
            upsert=True,
        )

    async def movement(self, movement: Movement) -> None:
        await self._db[MOVEMENTS].update_one(
            {"_id": movement.movement_id},
            {
                "$set": {
                    "kind": movement.kind.value,
                    "region": movement.pooling_region_code,
                    "month": str(movement.month),
                    "amount_fen": movement.amount_fen,
                    "resident_id": movement.resident_id,
                }
            },
            upsert=True,
        )

    async def payroll_exported(
        self, payroll_run_id: str, region: str, month: Month, record_count: int, total_fen: int, source: EventRef
    ) -> None:
        await self._db[EXPORTS].update_one(
            {"_id": payroll_run_id},
            {
                "$set": {
                    "region": region,
                    "month": str(month),
                    "record_count": record_count,
                    "total_fen": total_fen,
                    "event": _ref_document(source),
                }
            },
            upsert=True,
        )

    async def payroll_closed(self, payroll_run_id: str, region: str, month: Month) -> None:
        await self._db[EXPORTS].update_one(
            {"_id": payroll_run_id},
            {"$set": {"region": region, "month": str(month), "closed": True}},
            upsert=True,
        )

    async def bank_return_imported(
        self,
        batch_id: str,
        *,
        payroll_run_id: str,
        region: str,
        month: Month,
        paid_count: int,
        paid_fen: int,
        failed_count: int,
        failed_fen: int,
        source: EventRef,
    ) -> None:
        await self._db[RETURNS].update_one(
            {"_id": batch_id},
            {
                "$set": {
                    "payroll_run_id": payroll_run_id,
                    "region": region,
                    "month": str(month),
                    "paid_count": paid_count,
                    "paid_fen": paid_fen,
                    "failed_count": failed_count,
                    "failed_fen": failed_fen,
                    "event": _ref_document(source),
                }
            },
            upsert=True,
        )

    # --- reading for the notice -------------------------------------------------------------------------------

    async def village(self, village_code: str) -> VillageFact | None:
        document = await self._db[VILLAGES].find_one({"_id": village_code})
        if document is None:
            return None
        return VillageFact(village_code, document["name"], document.get("township_name", ""), document["region"])

    async def contributions_of_village(self, village_code: str, month: Month) -> list[ContributionFact]:
        cursor = self._db[CONTRIBUTIONS].find({"village": village_code, "month": str(month), "reversed": False})
        return [_contribution(document) async for document in cursor]

    async def payments_of_village(self, village_code: str, month: Month) -> list[PaymentFact]:
        cursor = self._db[PAYMENTS].find(
            {"village": village_code, "payroll_month": str(month), "outcome": PaymentOutcome.PAID.value}
        )
        return [_payment(document) async for document in cursor]

    async def residents(self, resident_ids: Iterable[str]) -> dict[str, ResidentFact]:
        ids = sorted(set(resident_ids))
        found: dict[str, ResidentFact] = {}
        for start in range(0, len(ids), 1000):
            async for document in self._db[RESIDENTS].find({"_id": {"$in": ids[start : start + 1000]}}):
                found[document["_id"]] = ResidentFact(
                    resident_id=document["_id"],
                    pooling_region_code=document["region"],
                    village_code=document["village"],
                    name_masked=document["name_masked"],
                    citizen_id_masked=document["citizen_id_masked"],
                    enrolled_on=date.fromisoformat(document["enrolled_on"]),
                )
        return found

    # --- reading for the reconciliation and the disclosure -------------------------------------------------------

    async def totals(self, region: str, first: str, last: str) -> Totals:
        """Sums of a region's facts from month `first` to month `last` ("YYYY-MM"), reversals netted."""
        months = _in_months(first, last)
        recorded = await self._sums(
            CONTRIBUTIONS,
            {"region": region, "month": months},
            ["personal_fen", "subsidy_fen", "collective_fen", "paid_on_behalf_fen"],
        )
        reversed_ = await self._sums(
            CONTRIBUTIONS,
            {"region": region, "reversed_month": months},
            ["personal_fen", "subsidy_fen", "collective_fen", "paid_on_behalf_fen"],
        )
        paid = await self._sums(
            PAYMENTS,
            {"region": region, "payroll_month": months, "outcome": PaymentOutcome.PAID.value},
            [f"components.{c.value}" for c in Component]
            + [f"funds.{f.value}" for f in (FundName.INDIVIDUAL_ACCOUNT, FundName.POOLED)],
        )
        movements: dict[str, int] = {}
        async for row in await self._db[MOVEMENTS].aggregate(
            [
                {"$match": {"region": region, "month": months}},
                {"$group": {"_id": "$kind", "amount_fen": {"$sum": "$amount_fen"}}},
            ]
        ):
            movements[row["_id"]] = int(row["amount_fen"])

        def net(name: str) -> int:
            return recorded[name] - reversed_[name]

        return Totals(
            personal_fen=net("personal_fen"),
            subsidy_fen=net("subsidy_fen"),
            collective_fen=net("collective_fen"),
            paid_on_behalf_fen=net("paid_on_behalf_fen"),
            interest_fen=movements.get(MovementKind.INTEREST, 0),
            transfer_in_fen=movements.get(MovementKind.TRANSFER_IN, 0),
            recovered_fen=movements.get(MovementKind.RECOVERY, 0),
            paid_by_component={c: paid[f"components.{c.value}"] for c in Component},
            paid_by_fund={f: paid[f"funds.{f.value}"] for f in (FundName.INDIVIDUAL_ACCOUNT, FundName.POOLED)},
            inheritance_fen=movements.get(MovementKind.INHERITANCE, 0),
            transfer_out_fen=movements.get(MovementKind.TRANSFER_OUT, 0),
        )

    async def ledger(self, region: str, month: Month) -> tuple[Ledger, list[EventRef]]:
        """The month's ledger, and the export and return events it read (the evidence of a difference)."""
        totals = await self.totals(region, str(month), str(month))
        paid = await self._sums(
            PAYMENTS,
            {"region": region, "payroll_month": str(month), "outcome": PaymentOutcome.PAID.value},
            ["amount_fen"],
        )
        sources: list[EventRef] = []
        exported = 0
        async for document in self._db[EXPORTS].find({"region": region, "month": str(month)}):
            exported += int(document.get("total_fen", 0))
            if "event" in document:
                sources.append(_ref(document["event"]))
        returned = False
        bank_paid = bank_failed = 0
        async for document in self._db[RETURNS].find({"region": region, "month": str(month)}):
            returned = True
            bank_paid += int(document["paid_fen"])
            bank_failed += int(document["failed_fen"])
            sources.append(_ref(document["event"]))
        ledger = Ledger(
            contribution_fen=totals.personal_fen + totals.collective_fen + totals.paid_on_behalf_fen,
            subsidy_fen=totals.subsidy_fen,
            paid_fen=paid["amount_fen"],
            paid_individual_account_fen=totals.paid_by_fund.get(FundName.INDIVIDUAL_ACCOUNT, 0),
            paid_pooled_fen=totals.paid_by_fund.get(FundName.POOLED, 0),
            exported_fen=exported,
            returned=returned,
            bank_paid_fen=bank_paid,
            bank_failed_fen=bank_failed,
            inheritance_fen=totals.inheritance_fen,
            transfer_in_fen=totals.transfer_in_fen,
            transfer_out_fen=totals.transfer_out_fen,
            recovered_fen=totals.recovered_fen,
        )
        return ledger, sources

    async def enrolled_at(self, region: str, day: date) -> int:
        """Residents of the region enrolled on or before `day` whose enrolment had not ended by then."""
        return await self._db[RESIDENTS].count_documents(
            {
                "region": region,
                "enrolled_on": {"$lte": _day(day)},
                "$or": [{"ended_on": None}, {"ended_on": {"$gt": _day(day)}}],
            }
        )

    async def contributing(self, region: str, first: str, last: str) -> int:
        return await self._distinct_residents(
            CONTRIBUTIONS, {"region": region, "month": _in_months(first, last), "reversed": False}
        )

    async def receiving(self, region: str, first: str, last: str) -> int:
        return await self._distinct_residents(
            PAYMENTS,
            {"region": region, "payroll_month": _in_months(first, last), "outcome": PaymentOutcome.PAID.value},
        )

    async def _distinct_residents(self, collection: str, match: Document) -> int:
        count = 0
        async for _ in await self._db[collection].aggregate([{"$match": match}, {"$group": {"_id": "$resident_id"}}]):
            count += 1
        return count

    async def _sums(self, collection: str, match: Document, fields: Sequence[str]) -> dict[str, int]:
        # One $group per field: FerretDB (the local store) fills only the first accumulator of a $group and
        # answers 0 for the others, where MongoDB fills them all.
        async def one(name: str) -> int:
            pipeline = [{"$match": match}, {"$group": {"_id": None, "total": {"$sum": f"${name}"}}}]
            async for row in await self._db[collection].aggregate(pipeline):
                return int(row.get("total") or 0)
            return 0

        totals = await asyncio.gather(*(one(name) for name in fields))
        return dict(zip(fields, totals, strict=True))


def _ref_document(source: EventRef) -> Document:
    return {
        "event_id": source.event_id,
        "event_type": source.event_type,
        "subject_key": source.subject_key,
        "occurred_at": source.occurred_at,
    }


def _ref(document: Document) -> EventRef:
    return EventRef(document["event_id"], document["event_type"], document["subject_key"], document["occurred_at"])


def evidence_of(source: EventRef, summary: str) -> Evidence:
    return Evidence(source.event_id, source.event_type, source.subject_key, source.occurred_at, summary)


def _contribution(document: Document) -> ContributionFact:
    return ContributionFact(
        contribution_id=document["_id"],
        resident_id=document["resident_id"],
        pooling_region_code=document["region"],
        village_code=document["village"],
        year=document["year"],
        kind=ContributionKind(document["kind"]),
        grade_fen=document["grade_fen"],
        personal_fen=document["personal_fen"],
        subsidy_fen=document["subsidy_fen"],
        paid_on_behalf_fen=document["paid_on_behalf_fen"],
        collective_fen=document["collective_fen"],
        paid_on=date.fromisoformat(document["paid_on"]),
    )


def _month(text: str) -> Month:
    return Month(int(text[:4]), int(text[5:7]))


def _payment(document: Document) -> PaymentFact:
    return PaymentFact(
        payment_id=document["payment_id"],
        attempt=document["attempt"],
        resident_id=document["resident_id"],
        pooling_region_code=document["region"],
        village_code=document["village"],
        payroll_month=_month(document["payroll_month"]),
        benefit_month=_month(document["benefit_month"]),
        kind=PaymentKind(document["kind"]),
        outcome=PaymentOutcome(document["outcome"]),
        amount_fen=document["amount_fen"],
        components={Component(k): v for k, v in document.get("components", {}).items()},
        funds={FundName(k): v for k, v in document.get("funds", {}).items()},
    )
