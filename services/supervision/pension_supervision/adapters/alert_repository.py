"""The alert store in MongoDB: collection `alerts`, one document per alert under its deterministic id, carrying its
events in its outbox (pension_kit.unit_of_work's `version`, `applied_requests`, `outbox`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document, IndexSpec
from pension_kit.outbox import outbox_fields, outbox_indexes
from pension_kit.unit_of_work import MongoRepository
from pension_supervision.adapters.alert_messages import alert_document, alert_from_document
from pension_supervision.domain.alerts import Alert

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
