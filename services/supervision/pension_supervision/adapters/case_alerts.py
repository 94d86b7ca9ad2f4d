"""The alerts a case is opened from, read and claimed in the alerts collection (owned by the alert rules' store).

Kept in one small adapter so that it can be pointed at the alerts' own repository later. The alert documents it
relies on: `_id` (alert id), `status` ("OPEN" | "IN_CASE" | "DISMISSED"), `case_id` ("" until in a case),
`pooling_region_code`, `amount_fen`, `resident_ids`, and `version`, which every writer increments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_supervision.domain.cases import AlertForCase

ALERTS: Final = "alerts"


class CaseAlerts:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.alerts = database[ALERTS]

    async def find(self, alert_ids: Sequence[str]) -> list[AlertForCase]:
        cursor = self.alerts.find(
            {"_id": {"$in": list(alert_ids)}},
            {"status": 1, "case_id": 1, "pooling_region_code": 1, "amount_fen": 1, "resident_ids": 1},
        )
        return [
            AlertForCase(
                alert_id=d["_id"],
                status=d["status"],
                case_id=d.get("case_id") or "",
                pooling_region_code=d["pooling_region_code"],
                amount_fen=d.get("amount_fen", 0),
                resident_ids=tuple(d.get("resident_ids", ())),
            )
            async for d in cursor
        ]

    async def claim(self, alert_id: str, case_id: str) -> bool:
        """Marks an OPEN alert IN_CASE of `case_id`; True also when it is in this case already (a retry)."""
        result = await self.alerts.update_one(
            {"_id": alert_id, "status": "OPEN"},
            {"$set": {"status": "IN_CASE", "case_id": case_id}, "$inc": {"version": 1}},
        )
        if result.modified_count == 1:
            return True
        return await self.alerts.count_documents({"_id": alert_id, "status": "IN_CASE", "case_id": case_id}) == 1

    async def release(self, alert_id: str, case_id: str) -> None:
        """Gives back an alert claimed for a case that was not opened after all."""
        await self.alerts.update_one(
            {"_id": alert_id, "status": "IN_CASE", "case_id": case_id},
            {"$set": {"status": "OPEN", "case_id": ""}, "$inc": {"version": 1}},
        )
