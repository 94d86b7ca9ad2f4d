"""Which resident each contribution request id was used for: a contribution's id is its request id, and the id must
name one contribution everywhere (supervision's figures, the agents' cash books), not only within a resident."""

from __future__ import annotations

from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document

CONTRIBUTION_REQUESTS = "contribution_requests"


class ContributionRequestIds:
    """One document per request id (its `_id`, so the database refuses a second), naming the resident."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._requests = database[CONTRIBUTION_REQUESTS]

    async def claim(self, request_id: str, resident_id: str) -> bool:
        """Records that `request_id` is for `resident_id`: False when it was used for another resident. A request
        retried (the same resident) is True again, also after a crash between the claim and the contribution's
        write, so a claim never stands in the way of its own request."""
        try:
            await self._requests.insert_one(
                {"_id": request_id, "resident_id": resident_id, "claimed_at": datetime.now(UTC)}
            )
        except DuplicateKeyError:
            existing = await self._requests.find_one({"_id": request_id})
            return existing is None or existing["resident_id"] == resident_id
        return True
