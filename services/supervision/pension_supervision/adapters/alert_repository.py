"""The alert store in MongoDB: collection `alerts`, one document per alert under its deterministic id, carrying its
events in its outbox (pension_kit.unit_of_work's `version`, `applied_requests`, `outbox`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields, outbox_indexes
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters.alert_messages import alert_document, alert_from_document
from pension_supervision.domain.alerts import Alert, AlertStatus
from pension_supervision.domain.cases import AlertForCase

ALERTS = "alerts"

INDEXES = [
    IndexSpec(ALERTS, [("raised_at", -1), ("_id", -1)], name="newest_first"),
    *outbox_indexes(ALERTS),
]


class AlertRepository:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._alerts = database[ALERTS]
        self.versioned = MongoRepository(self._alerts)

    async def insert(self, alert: Alert, events: list[dict[str, Any]]) -> bool:
        """Stores a new alert with its events in one insert; False when an alert of the same facts exists."""
        try:
            await self._alerts.insert_one(
                {**alert_document(alert), "version": 1, "applied_requests": [], **outbox_fields(events)}
            )
        except DuplicateKeyError:
            return False
        return True

    async def get(self, alert_id: str) -> Alert | None:
        document = await self._alerts.find_one({"_id": alert_id}, {"outbox": 0})
        return alert_from_document(document) if document else None

    # --- the alerts a case is opened from ------------------------------------------------------------------

    async def for_case(self, alert_ids: Sequence[str]) -> list[AlertForCase]:
        """What opening a case needs to know of these alerts (those that exist), in one query."""
        cursor = self._alerts.find(
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

    async def claim_for_case(self, alert_id: str, case_id: str) -> bool:
        """Marks an OPEN alert IN_CASE of `case_id`; True also when it is in this case already (a retry)."""
        result = await self._alerts.update_one(
            {"_id": alert_id, "status": AlertStatus.OPEN.value},
            {"$set": {"status": AlertStatus.IN_CASE.value, "case_id": case_id}, "$inc": {"version": 1}},
        )
        if result.modified_count == 1:
            return True
        in_this_case = {"_id": alert_id, "status": AlertStatus.IN_CASE.value, "case_id": case_id}
        return await self._alerts.count_documents(in_this_case) == 1

    async def release_from_case(self, alert_id: str, case_id: str) -> None:
        """Gives back an alert claimed for a case that was not opened after all."""
        await self._alerts.update_one(
            {"_id": alert_id, "status": AlertStatus.IN_CASE.value, "case_id": case_id},
            {"$set": {"status": AlertStatus.OPEN.value, "case_id": ""}, "$inc": {"version": 1}},
        )

    async def newest_first(
        self,
        *,
        pooling_region_codes: list[str] | None,
        rule: str,
        status: str,
        resident_id: str,
        before: tuple[datetime, str] | None,
        limit: int,
    ) -> list[Alert]:
        """Alerts matching the filters (empty means any; `pooling_region_codes` None means every region), newest
        first, after the cursor `before` (raised_at, id) of the previous page's last alert."""
        query: dict[str, Any] = {}
        if pooling_region_codes is not None:
            query["pooling_region_code"] = {"$in": pooling_region_codes}
        if rule:
            query["rule"] = rule
        if status:
            query["status"] = status
        if resident_id:
            query["resident_ids"] = resident_id
        if before is not None:
            raised_at, alert_id = before
            query["$or"] = [{"raised_at": {"$lt": raised_at}}, {"raised_at": raised_at, "_id": {"$lt": alert_id}}]
        cursor = self._alerts.find(query, {"outbox": 0}).sort([("raised_at", -1), ("_id", -1)]).limit(limit)
        return [alert_from_document(document) async for document in cursor]
