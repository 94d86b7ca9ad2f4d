"""The facts supervision keeps from other services' events for the notice, the reconciliation and the disclosure.

Each question has its store, keyed so that a report reads by key and an event applied twice writes the same thing
again (a deterministic `_id` and `$set` / `$setOnInsert`):

- `resident_facts`: a resident by id: region, village, masked name and ID number, enrolment and end dates (and
  cause), special-group memberships;
- `village_facts`: a village by code: name, township, region;
- `contribution_facts`: a contribution by id: region, village, month paid, amounts, channel, policy version,
  special group (paid on behalf); reversed and when;
- `award_facts`: an award by id: resident, region, village, first month, the months suspensions and resumptions
  took effect, and its stop (last payable month, cause);
- `payment_facts`: one attempt of a payment (`<payment id>#<attempt>`): region, village, payroll month, kind,
  outcome, amounts by component and fund;
- `fund_movements`: interest, transfers in and out, inheritance payouts, recoveries, by the id of the fact;
- `payroll_exports`: a payroll run's export by run id: month, records, total;
- `bank_returns`: a bank batch's return by batch id: month, paid and failed counts and fen;
- `fund_rollups` and `participation` (adapters/fund_rollups.py): the monthly sums and who took part, which the
  reconciliation and the disclosure read;
- `reconciliations`: a region's month reconciliation (`<region>-<YYYYMM>`), with its ReconciliationCompleted
  events in the outbox.

Amounts are fen; months are "YYYY-MM" and dates "YYYY-MM-DD" strings, which compare in calendar order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec
from pension_supervision.adapters import fund_rollups
from pension_supervision.adapters.fund_rollups import CONTRIBUTING, RECEIVING, FundRollups
from pension_supervision.domain.alerts import Evidence
from pension_supervision.domain.disclosure import Totals
from pension_supervision.domain.facts import (
    AwardFact,
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
    SpecialGroupSpell,
)
from pension_supervision.domain.monthly_statistics import (
    AwardChange,
    AwardRecord,
    BenefitStopCause,
    EnrolmentEndCause,
    EnrolmentRecord,
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
AWARDS: Final = "award_facts"

INDEXES: Final = [
    IndexSpec(RESIDENTS, [("region", 1), ("enrolled_on", 1)], name="region_enrolled_on"),
    IndexSpec(CONTRIBUTIONS, [("village", 1), ("month", 1)], name="village_month"),
    IndexSpec(CONTRIBUTIONS, [("resident_id", 1), ("month", 1)], name="resident_month"),
    IndexSpec(PAYMENTS, [("village", 1), ("payroll_month", 1)], name="village_payroll_month"),
    # The monthly statistics read a region's month at once.
    IndexSpec(CONTRIBUTIONS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(CONTRIBUTIONS, [("region", 1), ("reversed_month", 1)], name="region_reversed_month"),
    IndexSpec(PAYMENTS, [("region", 1), ("payroll_month", 1)], name="region_payroll_month"),
    IndexSpec(AWARDS, [("region", 1), ("first_month", 1)], name="region_first_month"),
    IndexSpec(EXPORTS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(RETURNS, [("region", 1), ("month", 1)], name="region_month"),
    *fund_rollups.INDEXES,
]
_MOVEMENT_SUMS: Final = {
    MovementKind.INTEREST: "interest_fen",
    MovementKind.TRANSFER_IN: "transfer_in_fen",
    MovementKind.TRANSFER_OUT: "transfer_out_fen",
    MovementKind.INHERITANCE: "inheritance_fen",
    MovementKind.RECOVERY: "recovered_fen",
}
_CONTRIBUTION_SUMS: Final = ("personal_fen", "subsidy_fen", "collective_fen", "paid_on_behalf_fen")


class UnknownContribution(LookupError):
    """A reversal of a contribution not seen (its own resident's events come in order: retried, then parked)."""


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


class ReportFacts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._db = database
        self._rollups = FundRollups(database)

    # --- keeping facts (each idempotent by itself) --------------------------------------------------------------

    async def resident_enrolled(self, resident: ResidentFact, special_groups: Sequence[SpecialGroupSpell] = ()) -> None:
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
                    "special_groups": [_spell_document(spell) for spell in special_groups],
                }
            },
            upsert=True,
        )

    async def special_groups_changed(self, resident_id: str, special_groups: Sequence[SpecialGroupSpell]) -> None:
        await self._db[RESIDENTS].update_one(
            {"_id": resident_id}, {"$set": {"special_groups": [_spell_document(s) for s in special_groups]}}
        )

    async def special_group_on(self, resident_id: str, day: date) -> str:
        """The special group the resident belonged to on `day` (the first by name if several), or ""."""
        document = await self._db[RESIDENTS].find_one({"_id": resident_id}, {"special_groups": 1})
        spells = [_spell(d) for d in (document or {}).get("special_groups", [])]
        return min((spell.group for spell in spells if spell.holds_on(day)), default="")

    async def award_granted(self, award: AwardFact) -> None:
        await self._db[AWARDS].update_one(
            {"_id": award.award_id},
            {
                "$set": {
                    "resident_id": award.resident_id,
                    "region": award.pooling_region_code,
                    "village": award.village_code,
                    "first_month": str(award.first_month),
                }
            },
            upsert=True,
        )

    async def award_changed(self, award_id: str, region: str, change: AwardChange) -> None:
        """A suspension or resumption ($addToSet of the same fields in the same order: its event applied again is
        one)."""
        stored = {
            "from": str(change.from_month),
            "at": change.at,
            "event": change.event_id,
            "kind": "suspended" if change.suspended else "resumed",
        }
        await self._db[AWARDS].update_one(
            {"_id": award_id}, {"$addToSet": {"changes": stored}, "$set": {"region": region}}, upsert=True
        )

    async def award_stopped(self, award_id: str, region: str, last_month: Month, cause: str) -> None:
        await self._db[AWARDS].update_one(
            {"_id": award_id},
            {"$set": {"region": region, "stopped_last_month": str(last_month), "stop_cause": cause}},
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
                    "channel": contribution.channel,
                    "policy_version_id": contribution.policy_version_id,
                    "special_group": contribution.special_group,
                    "reversed": False,
                    "reversed_month": None,
                }
            },
            upsert=True,
        )
        region, month = contribution.pooling_region_code, contribution.month
        amounts = {name: getattr(contribution, name) for name in _CONTRIBUTION_SUMS}
        await self._rollups.add(f"contribution:{contribution.contribution_id}", region, month, amounts)
        stored = await self._db[CONTRIBUTIONS].find_one({"_id": contribution.contribution_id}, {"reversed": 1})
        if stored is not None and not stored.get("reversed"):  # applied again after its reversal: not contributing
            await self._rollups.mark(CONTRIBUTING, region, month, contribution.resident_id)

    async def contribution_reversed(self, contribution_id: str, month: Month) -> None:
        """The contribution is taken back in `month`: that month's income is reduced, not the one it was paid in
        (a published month does not change); the resident no longer counts as contributing in the month and year
        it was paid in, unless they paid another contribution then."""
        document = await self._db[CONTRIBUTIONS].find_one({"_id": contribution_id})
        if document is None:
            raise UnknownContribution(f"contribution {contribution_id} was reversed before it was seen")
        await self._db[CONTRIBUTIONS].update_one(
            {"_id": contribution_id, "reversed": False},
            {"$set": {"reversed": True, "reversed_month": str(month)}},
        )
        region, resident_id = document["region"], document["resident_id"]
        amounts = {name: -int(document[name]) for name in _CONTRIBUTION_SUMS}
        await self._rollups.add(f"reversal:{contribution_id}", region, month, amounts)
        paid_month = document["month"]
        for period, match in ((paid_month, paid_month), (paid_month[:4], {"$regex": f"^{paid_month[:4]}-"})):
            others = await self._db[CONTRIBUTIONS].count_documents(
                {"resident_id": resident_id, "month": match, "reversed": False}
            )
            if not others:
                await self._rollups.unmark(CONTRIBUTING, region, period, resident_id)

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
        if payment.outcome is PaymentOutcome.PAID:
            amounts = {"paid_fen": payment.amount_fen}
            amounts.update({f"component_{c.value}": fen for c, fen in payment.components.items()})
            amounts.update({f"fund_{f.value}": fen for f, fen in payment.funds.items()})
            key = f"paid:{payment.payment_id}#{payment.attempt}"
            await self._rollups.add(key, payment.pooling_region_code, payment.payroll_month, amounts)
            await self._rollups.mark(RECEIVING, payment.pooling_region_code, payment.payroll_month, payment.resident_id)

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
        await self._rollups.add(
            f"movement:{movement.movement_id}",
            movement.pooling_region_code,
            movement.month,
            {_MOVEMENT_SUMS[movement.kind]: movement.amount_fen},
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

    # --- reading for the monthly statistics ---------------------------------------------------------------------

    async def villages_of_region(self, region: str) -> list[VillageFact]:
        cursor = self._db[VILLAGES].find({"region": region})
        return [VillageFact(d["_id"], d["name"], d.get("township_name", ""), d["region"]) async for d in cursor]

    async def enrolments_of_region(self, region: str, by: date) -> list[EnrolmentRecord]:
        """Every resident of the region enrolled on or before `by`, with when and why their enrolment ended."""
        cursor = self._db[RESIDENTS].find(
            {"region": region, "enrolled_on": {"$lte": _day(by)}},
            {"village": 1, "enrolled_on": 1, "ended_on": 1, "end_cause": 1},
        )
        records = []
        async for d in cursor:
            ended_on = d.get("ended_on")
            cause = str(d.get("end_cause", "")) if ended_on else ""
            records.append(
                EnrolmentRecord(
                    resident_id=d["_id"],
                    village_code=d["village"],
                    enrolled_on=date.fromisoformat(d["enrolled_on"]),
                    ended_on=date.fromisoformat(ended_on) if ended_on else None,
                    end_cause=EnrolmentEndCause(cause) if cause in EnrolmentEndCause.__members__ else None,
                )
            )
        return records

    async def contributions_for_statistics(
        self, region: str, month: Month
    ) -> list[tuple[ContributionFact, Month | None]]:
        """The contributions paid in the month and those of earlier months reversed in it, each with the month
        it was reversed in (None while it stands)."""
        cursor = self._db[CONTRIBUTIONS].find(
            {"region": region, "$or": [{"month": str(month)}, {"reversed_month": str(month)}]}
        )
        found = []
        async for document in cursor:
            reversed_month = document.get("reversed_month") if document.get("reversed") else None
            found.append((_contribution(document), _month(reversed_month) if reversed_month else None))
        return found

    async def awards_of_region(self, region: str, by: Month) -> list[AwardRecord]:
        """Every award of the region paid from `by` or earlier, with its suspensions, resumptions and stop."""
        cursor = self._db[AWARDS].find({"region": region, "first_month": {"$lte": str(by)}})
        records = []
        async for d in cursor:
            stopped = d.get("stopped_last_month")
            cause = str(d.get("stop_cause", ""))
            records.append(
                AwardRecord(
                    award_id=d["_id"],
                    resident_id=d.get("resident_id", ""),
                    village_code=d.get("village", ""),
                    first_month=_month(d["first_month"]),
                    changes=tuple(
                        sorted(
                            AwardChange(_month(c["from"]), c["at"], c["event"], c["kind"] == "suspended")
                            for c in d.get("changes", [])
                        )
                    ),
                    stopped_last_month=_month(stopped) if stopped else None,
                    stop_cause=BenefitStopCause(cause) if cause in BenefitStopCause.__members__ else None,
                )
            )
        return records

    async def payments_of_region(self, region: str, month: Month) -> list[PaymentFact]:
        """The payments the month's payroll runs paid."""
        cursor = self._db[PAYMENTS].find(
            {"region": region, "payroll_month": str(month), "outcome": PaymentOutcome.PAID.value}
        )
        return [_payment(document) async for document in cursor]

    # --- reading for the reconciliation and the disclosure -------------------------------------------------------

    async def totals(self, region: str, first: str, last: str) -> Totals:
        """Sums of a region's facts from month `first` to month `last` ("YYYY-MM"), reversals netted."""
        sums = await self._rollups.sums(region, first, last)
        return Totals(
            personal_fen=sums.get("personal_fen", 0),
            subsidy_fen=sums.get("subsidy_fen", 0),
            collective_fen=sums.get("collective_fen", 0),
            paid_on_behalf_fen=sums.get("paid_on_behalf_fen", 0),
            interest_fen=sums.get("interest_fen", 0),
            transfer_in_fen=sums.get("transfer_in_fen", 0),
            recovered_fen=sums.get("recovered_fen", 0),
            paid_by_component={c: sums.get(f"component_{c.value}", 0) for c in Component},
            paid_by_fund={f: sums.get(f"fund_{f.value}", 0) for f in (FundName.INDIVIDUAL_ACCOUNT, FundName.POOLED)},
            inheritance_fen=sums.get("inheritance_fen", 0),
            transfer_out_fen=sums.get("transfer_out_fen", 0),
            paid_fen=sums.get("paid_fen", 0),
        )

    async def ledger(self, region: str, month: Month) -> tuple[Ledger, list[EventRef]]:
        """The month's ledger, and the export and return events it read (the evidence of a difference)."""
        totals = await self.totals(region, str(month), str(month))
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
            paid_fen=totals.paid_fen,
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

    async def contributing(self, region: str, period: str) -> int:
        """Residents who contributed in a month ("2026-07") or a year ("2026")."""
        return await self._rollups.count(CONTRIBUTING, region, period)

    async def receiving(self, region: str, period: str) -> int:
        """Residents paid in a month's or a year's payroll runs."""
        return await self._rollups.count(RECEIVING, region, period)


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
        channel=document.get("channel", ""),
        policy_version_id=document.get("policy_version_id", ""),
        special_group=document.get("special_group", ""),
    )


def _spell_document(spell: SpecialGroupSpell) -> Document:
    return {
        "group": spell.group,
        "from": _day(spell.effective_from) if spell.effective_from else None,
        "to": _day(spell.effective_to) if spell.effective_to else None,
    }


def _spell(document: Document) -> SpecialGroupSpell:
    return SpecialGroupSpell(
        document["group"],
        date.fromisoformat(document["from"]) if document.get("from") else None,
        date.fromisoformat(document["to"]) if document.get("to") else None,
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
