"""Monthly sums of a region's fund facts, and who contributed or was paid in each month and year, kept as the facts
arrive so that a disclosure from the start of the scheme reads a few small documents instead of every payment.

- `fund_rollups`: `<region>-<YYYY-MM>-<bucket>`: the month's sums by name (`amounts.<name>`), split over BUCKETS
  documents by the fact's key so that none grows large; each fact is added once (`apply_once` on the fact's key:
  the same fact applied again, by a redelivery or a replay, adds nothing);
- `participation`: `<kind>:<region>:<period>:<resident id>` for kind "contributing" or "receiving" and period a
  month ("2026-07") or a year ("2026"): counting them counts distinct residents.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.consumer import apply_once
from pension_kit.identifiers import Month
from pension_kit.mongo import Document, IndexSpec

ROLLUPS: Final = "fund_rollups"
PARTICIPATION: Final = "participation"
BUCKETS: Final = 64  # a county's busiest month (its contributions) keeps each bucket's list of facts small
CONTRIBUTING: Final = "contributing"
RECEIVING: Final = "receiving"

INDEXES: Final = [
    IndexSpec(ROLLUPS, [("region", 1), ("month", 1)], name="region_month"),
    IndexSpec(PARTICIPATION, [("kind", 1), ("region", 1), ("period", 1)], name="kind_region_period"),
]


def _bucket(fact_key: str) -> int:
    return int.from_bytes(hashlib.sha256(fact_key.encode()).digest()[:4], "big") % BUCKETS


class FundRollups:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._db = database

    async def add(self, fact_key: str, region: str, month: Month, amounts: Mapping[str, int]) -> None:
        """Adds a fact's amounts to its month once, whatever the number of times it is applied."""
        increments = {f"amounts.{name}": fen for name, fen in amounts.items() if fen}
        if not increments:
            return
        key = f"{region}-{month}-{_bucket(fact_key):02d}"
        with contextlib.suppress(DuplicateKeyError):  # created by a concurrent handler meanwhile
            await self._db[ROLLUPS].update_one(
                {"_id": key},
                {"$setOnInsert": {"region": region, "month": str(month), "amounts": {}, "applied_events": []}},
                upsert=True,
            )
        await apply_once(self._db[ROLLUPS], fact_key, {"_id": key}, {"$inc": increments})

    async def sums(self, region: str, first: str, last: str) -> dict[str, int]:
        """The sums of months `first` to `last` ("YYYY-MM"; "0000-00" for the start) by name."""
        sums: dict[str, int] = {}
        cursor = self._db[ROLLUPS].find(
            {"region": region, "month": {"$gte": first, "$lte": last}}, {"amounts": 1, "_id": 0}
        )
        async for document in cursor:
            for name, fen in document.get("amounts", {}).items():
                sums[name] = sums.get(name, 0) + int(fen)
        return sums

    async def mark(self, kind: str, region: str, month: Month, resident_id: str) -> None:
        for period in (str(month), f"{month.year:04d}"):
            await self._db[PARTICIPATION].update_one(
                {"_id": f"{kind}:{region}:{period}:{resident_id}"},
                {"$set": {"kind": kind, "region": region, "period": period, "resident_id": resident_id}},
                upsert=True,
            )

    async def unmark(self, kind: str, region: str, period: str, resident_id: str) -> None:
        await self._db[PARTICIPATION].delete_one({"_id": f"{kind}:{region}:{period}:{resident_id}"})

    async def count(self, kind: str, region: str, period: str) -> int:
        return await self._db[PARTICIPATION].count_documents({"kind": kind, "region": region, "period": period})
