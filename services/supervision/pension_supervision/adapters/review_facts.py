"""The facts the review lists and the annual check read, beside report_facts' own stores.

- `award_facts`: an award by id (AwardGranted): region, village, masked name and ID number, first month, monthly
  total;
- `certification_facts`: verification's certification events by a deterministic id (a passed proof by its
  certification id, a failed attempt by its event id, an overdue notice by resident and due date);
- `contribution_facts` (report_facts'): the contribution's channel is added to it here.

Every write is keyed and `$set`, so an event applied twice writes the same thing again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec
from pension_supervision.adapters.report_facts import (
    CONTRIBUTIONS,
    PAYMENTS,
    RESIDENTS,
    VILLAGES,
    contribution_of,
    payment_of,
)
from pension_supervision.domain.facts import ContributionFact, PaymentFact, PaymentOutcome
from pension_supervision.domain.review_lists import AwardFact, CertificationFact, CertificationOutcome, VillageName

AWARDS: Final = "award_facts"
CERTIFICATIONS: Final = "certification_facts"

INDEXES: Final = [
    IndexSpec(AWARDS, [("region", 1), ("first_month", 1)], name="region_first_month"),
    IndexSpec(CERTIFICATIONS, [("region", 1), ("on", 1)], name="region_on"),
    IndexSpec(CONTRIBUTIONS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(PAYMENTS, [("region", 1), ("payroll_month", 1)], name="region_payroll_month"),
]
_BATCH: Final = 1000


def _month(text: str) -> Month:
    return Month(int(text[:4]), int(text[5:7]))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class ReviewFacts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._db = database

    # --- keeping facts ------------------------------------------------------------------------------------------

    async def award_granted(self, award: AwardFact) -> None:
        await self._db[AWARDS].update_one(
            {"_id": award.award_id},
            {
                "$set": {
                    "resident_id": award.resident_id,
                    "region": award.pooling_region_code,
                    "village": award.village_code,
                    "name_masked": award.name_masked,
                    "citizen_id_masked": award.citizen_id_masked,
                    "first_month": str(award.first_month),
                    "monthly_total_fen": award.monthly_total_fen,
                }
            },
            upsert=True,
        )

    async def certification(self, fact: CertificationFact) -> None:
        await self._db[CERTIFICATIONS].update_one(
            {"_id": fact.fact_id},
            {
                "$set": {
                    "resident_id": fact.resident_id,
                    "region": fact.pooling_region_code,
                    "village": fact.village_code,
                    "outcome": fact.outcome.value,
                    "on": fact.on.isoformat(),
                    "method": fact.method,
                    "failure_code": fact.failure_code,
                    "next_due_on": fact.next_due_on.isoformat() if fact.next_due_on else None,
                }
            },
            upsert=True,
        )

    async def contribution_channel(self, contribution_id: str, channel: str) -> None:
        """The channel it was paid through, on the contribution report_facts keeps (recorded just before)."""
        await self._db[CONTRIBUTIONS].update_one({"_id": contribution_id}, {"$set": {"channel": channel}})

    # --- reading for the lists ----------------------------------------------------------------------------------

    async def villages(self, region: str) -> dict[str, VillageName]:
        return {
            document["_id"]: VillageName(document["_id"], document["name"], document.get("township_name", ""))
            async for document in self._db[VILLAGES].find({"region": region})
        }

    async def contributions(self, region: str, month: Month) -> tuple[list[ContributionFact], dict[str, str]]:
        """The month's contributions not reversed by its end (a later reversal shows in its own month's figures,
        not here), and each one's channel ("" when the event carried none)."""
        cursor = self._db[CONTRIBUTIONS].find(
            {
                "region": region,
                "month": str(month),
                "$or": [{"reversed": False}, {"reversed_month": {"$gt": str(month)}}],
            }
        )
        found, channels = [], {}
        async for document in cursor:
            found.append(contribution_of(document))
            channels[document["_id"]] = document.get("channel", "")
        return found, channels

    async def payments(self, region: str, month: Month) -> list[PaymentFact]:
        cursor = self._db[PAYMENTS].find(
            {"region": region, "payroll_month": str(month), "outcome": PaymentOutcome.PAID.value}
        )
        return [payment_of(document) async for document in cursor]

    async def awards(
        self, region: str, *, first_month: Month | None = None, by: Month | None = None
    ) -> list[AwardFact]:
        """The region's awards starting in `first_month`, or starting by `by`."""
        match: Document = {"region": region}
        if first_month is not None:
            match["first_month"] = str(first_month)
        if by is not None:
            match["first_month"] = {"$lte": str(by)}
        return [
            AwardFact(
                award_id=document["_id"],
                resident_id=document["resident_id"],
                pooling_region_code=document["region"],
                village_code=document["village"],
                name_masked=document["name_masked"],
                citizen_id_masked=document["citizen_id_masked"],
                first_month=_month(document["first_month"]),
                monthly_total_fen=document["monthly_total_fen"],
            )
            async for document in self._db[AWARDS].find(match)
        ]

    async def certifications(self, region: str, year: int) -> list[CertificationFact]:
        of_year = {"$gte": f"{year:04d}-", "$lt": f"{year + 1:04d}-"}
        cursor = self._db[CERTIFICATIONS].find({"region": region, "on": of_year})
        return [
            CertificationFact(
                fact_id=document["_id"],
                resident_id=document["resident_id"],
                pooling_region_code=document["region"],
                village_code=document["village"],
                outcome=CertificationOutcome(document["outcome"]),
                on=date.fromisoformat(document["on"]),
                method=document["method"],
                failure_code=document["failure_code"],
                next_due_on=_day(document["next_due_on"]),
            )
            async for document in cursor
        ]

    async def ended_on(self, resident_ids: Iterable[str]) -> dict[str, date]:
        """When each resident's enrolment ended, for those whose did."""
        ids = sorted(set(resident_ids))
        ended: dict[str, date] = {}
        for start in range(0, len(ids), _BATCH):
            query = {"_id": {"$in": ids[start : start + _BATCH]}, "ended_on": {"$ne": None}}
            async for document in self._db[RESIDENTS].find(query, {"ended_on": 1}):
                ended[document["_id"]] = date.fromisoformat(document["ended_on"])
        return ended
