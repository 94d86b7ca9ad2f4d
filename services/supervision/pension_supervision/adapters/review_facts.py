"""The facts the review lists and the annual check read beside report_facts' own (contributions, payments,
villages, residents, awards):

- `award_facts` (report_facts'): the award's masked name and ID number and its monthly total are added to it here;
- `certification_facts`: verification's certification events by a deterministic id (a passed proof by its
  certification id, a failed attempt by its event id, an overdue notice by resident and due date).

Every write is keyed and `$set`, so an event applied twice writes the same thing again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec
from pension_supervision.adapters.report_facts import AWARDS, RESIDENTS
from pension_supervision.domain.review_lists import CertificationFact, CertificationOutcome, ListedAward

CERTIFICATIONS: Final = "certification_facts"

INDEXES: Final = [IndexSpec(CERTIFICATIONS, [("region", 1), ("on", 1)], name="region_on")]
_BATCH: Final = 1000


def _month(text: str) -> Month:
    return Month(int(text[:4]), int(text[5:7]))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class ReviewFacts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._db = database

    # --- keeping facts ------------------------------------------------------------------------------------------

    async def award_shown(self, award: ListedAward) -> None:
        """How the lists show an award, on the award report_facts keeps (recorded just before)."""
        await self._db[AWARDS].update_one(
            {"_id": award.award_id},
            {
                "$set": {
                    "name_masked": award.name_masked,
                    "citizen_id_masked": award.citizen_id_masked,
                    "monthly_total_fen": award.monthly_total_fen,
                }
            },
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

    # --- reading for the lists ----------------------------------------------------------------------------------

    async def awards(
        self, region: str, *, first_month: Month | None = None, by: Month | None = None
    ) -> list[ListedAward]:
        """The region's awards starting in `first_month`, or starting by `by`."""
        # An award a suspension was seen for before its grant has no first month yet: not an award to list.
        match: Document = {"region": region, "first_month": {"$exists": True}}
        if first_month is not None:
            match["first_month"] = str(first_month)
        if by is not None:
            match["first_month"] = {"$lte": str(by)}
        return [
            ListedAward(
                award_id=document["_id"],
                resident_id=document.get("resident_id", ""),
                pooling_region_code=document["region"],
                village_code=document.get("village", ""),
                name_masked=document.get("name_masked", ""),
                citizen_id_masked=document.get("citizen_id_masked", ""),
                first_month=_month(document["first_month"]),
                monthly_total_fen=document.get("monthly_total_fen", 0),
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
