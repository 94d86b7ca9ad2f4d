"""Residents' face templates: the model's descriptor of the enrolment photo, sealed at rest (pension_kit.pii), so
that the 128 numbers of a face are never stored, logged or announced in the clear; opened only in memory to
match a proof's frames against.

The descriptor is serialised deterministically (base64 of its 128 little-endian float64s) before sealing, so a
template opens to exactly the numbers the model gave.
"""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault, Sealed
from pension_verification.adapters.face_model import DESCRIPTOR_SIZE, Descriptor
from pension_verification.adapters.store import FACE_TEMPLATES
from pension_verification.domain.face_decision import FaceModel

PURPOSE: Final = "face_template"
_LAYOUT: Final = f"<{DESCRIPTOR_SIZE}d"


def descriptor_text(descriptor: Sequence[float]) -> str:
    if len(descriptor) != DESCRIPTOR_SIZE or not all(math.isfinite(value) for value in descriptor):
        raise ValueError(f"a face template is {DESCRIPTOR_SIZE} finite numbers")
    return base64.b64encode(struct.pack(_LAYOUT, *descriptor)).decode("ascii")


def descriptor_of_text(text: str) -> Descriptor:
    return tuple(struct.unpack(_LAYOUT, base64.b64decode(text, validate=True)))


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    """What is known of a resident's template without opening it."""

    resident_id: str
    model: FaceModel
    photo_ref: str
    request_id: str
    created_at: datetime


class FaceTemplates:
    def __init__(self, database: AsyncDatabase[Document], vault: PersonalDataVault) -> None:
        self.templates = database[FACE_TEMPLATES]
        self.vault = vault

    async def replace(
        self,
        resident_id: str,
        descriptor: Sequence[float],
        *,
        model: FaceModel,
        photo_ref: str,
        request_id: str,
        created_at: datetime,
    ) -> None:
        """The resident's template from now on (an earlier one is replaced whole)."""
        sealed = self.vault.seal(descriptor_text(descriptor), purpose=PURPOSE)
        await self.templates.replace_one(
            {"_id": resident_id},
            {
                "template": sealed.to_document(),
                "model": model.name,
                "model_version": model.version,
                "photo_ref": photo_ref,
                "request_id": request_id,
                "created_at": created_at,
            },
            upsert=True,
        )

    async def record(self, resident_id: str) -> TemplateRecord | None:
        found = await self.templates.find_one({"_id": resident_id}, {"template": 0})
        if found is None:
            return None
        return TemplateRecord(
            resident_id,
            FaceModel(found["model"], found["model_version"]),
            found["photo_ref"],
            found.get("request_id", ""),
            found["created_at"],
        )

    async def opened(self, resident_id: str) -> tuple[TemplateRecord, Descriptor] | None:
        """The template and its descriptor, opened in memory only."""
        found = await self.templates.find_one({"_id": resident_id})
        if found is None:
            return None
        record = TemplateRecord(
            resident_id,
            FaceModel(found["model"], found["model_version"]),
            found["photo_ref"],
            found.get("request_id", ""),
            found["created_at"],
        )
        text = self.vault.open(Sealed.from_document(found["template"]), purpose=PURPOSE)
        return record, descriptor_of_text(text)

    async def delete(self, resident_id: str) -> bool:
        return (await self.templates.delete_one({"_id": resident_id})).deleted_count == 1
