"""Face data retention: the photos (enrolment photos, proof frames, visit photos) and the face template of a
resident whose cycle ended (death, transfer out) longer ago than the region's policy face_data_retention_days are
deleted. Run by the deadlines job for its region; idempotent (deleting what is gone already deletes nothing), so
safe to run twice or to be killed half way.

A resident ended on day E is kept through day E + retention days (China Standard Time) and deleted from the day
after. The end is `ended_at` on the certification, or in `ended_enrolments` for a resident verification never had
a cycle for (the region then from the registry of residents).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.clock import CHINA
from pension_kit.mongo import Document
from pension_kit.policy import in_force
from pension_verification.adapters.certification_repository import Certifications
from pension_verification.adapters.face_templates import FaceTemplates
from pension_verification.adapters.photo_store import PhotoStore
from pension_verification.adapters.store import CERTIFICATIONS, ENDED_ENROLMENTS, REGISTRY_RESIDENTS
from pension_verification.domain.certification import ENDED

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionCounts:
    residents: int = 0
    photos: int = 0
    templates: int = 0


class FaceRetention:
    def __init__(
        self,
        repository: Certifications,
        database: AsyncDatabase[Document],
        *,
        photos: PhotoStore,
        templates: FaceTemplates,
    ) -> None:
        self.repository = repository
        self.certifications = database[CERTIFICATIONS]
        self.ended_enrolments = database[ENDED_ENROLMENTS]
        self.registry = database[REGISTRY_RESIDENTS]
        self.photos = photos
        self.templates = templates

    async def run(self, pooling_region_code: str, day: date) -> RetentionCounts:
        """Deletes the face data of the region's residents ended more than the retention days before `day`."""
        versions = await self.repository.policy_versions(pooling_region_code)
        if not versions:
            return RetentionCounts()  # no policy heard: nothing can be past a period not known
        days = in_force(versions, day).face_data_retention_days
        # Ended before the start of this day (China time): ended more than `days` days before `day`.
        before = datetime.combine(day - timedelta(days=days), time.min, CHINA)
        residents = [
            str(found["resident_id"])
            async for found in self.certifications.find(
                {
                    "pooling_region_code": pooling_region_code,
                    "status": {"$in": list(ENDED)},
                    "ended_at": {"$lt": before},
                },
                {"resident_id": 1},
            )
        ]
        ended_early = [
            str(found["_id"]) async for found in self.ended_enrolments.find({"ended_at": {"$lt": before}}, {"_id": 1})
        ]
        if ended_early:
            residents += [
                str(found["_id"])
                async for found in self.registry.find({"_id": {"$in": ended_early}}, {"village_code": 1})
                if str(found.get("village_code", "")).startswith(pooling_region_code)
            ]
        photos = templates = 0
        for resident_id in dict.fromkeys(residents):
            photos += await self.photos.delete_of_resident(resident_id)
            templates += await self.templates.delete(resident_id)
        if photos or templates:
            log.info(
                "face data retention of %s on %s: %d photos and %d templates deleted",
                pooling_region_code,
                day,
                photos,
                templates,
            )
        return RetentionCounts(len(residents), photos, templates)
