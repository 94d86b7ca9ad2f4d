"""Photos (enrolment photos, face frames, agents' visit photos) in MongoDB's own file store, GridFS.

A photo never sits in a resident's or a certification's document: documents carry only its reference. Each
file's metadata names the resident and the kind, so that a dead or transferred resident's photos can be found
and deleted when the policy's retention period has passed. Files are written under ids the caller derives from
its request, so a repeated request stores nothing twice.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from gridfs import AsyncGridFSBucket
from gridfs.errors import FileExists, NoFile
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.mongo import Document
from pension_verification.adapters.store import PHOTO_BUCKET, PHOTO_FILES

ENROLMENT: Final = "enrolment"
FACE_FRAME: Final = "face_frame"
VISIT: Final = "visit"
KINDS: Final = (ENROLMENT, FACE_FRAME, VISIT)


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    photo_id: str
    resident_id: str
    kind: str
    content_type: str
    sha256: str
    length: int
    uploaded_at: datetime


class PhotoStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.bucket = AsyncGridFSBucket(database, bucket_name=PHOTO_BUCKET)
        self.files = database[PHOTO_FILES]

    async def put(self, photo_id: str, data: bytes, *, resident_id: str, kind: str, content_type: str) -> StoredPhoto:
        """Stores `data` under `photo_id` once; a second put of the same id keeps the first file."""
        if kind not in KINDS:
            raise ValueError(f"unknown photo kind {kind!r}")
        existing = await self.photo(photo_id)
        if existing is not None:
            return existing
        metadata = {
            "resident_id": resident_id,
            "kind": kind,
            "content_type": content_type,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        # A concurrent put of the same request may win; its file is the same photo.
        with contextlib.suppress(DuplicateKeyError):
            await self.bucket.upload_from_stream_with_id(photo_id, photo_id, data, metadata=metadata)
        stored = await self.photo(photo_id)
        assert stored is not None
        return stored

    async def keep(self, photo_id: str, data: bytes, *, resident_id: str, kind: str, content_type: str) -> None:
        """Stores `data` under `photo_id` in one write, unless a photo has that id already (a repeated request's:
        GridFS refuses its first chunk, and the photo stored first is left as it is). For a caller that needs no
        answer back, such as a proof's frames kept as evidence."""
        if kind not in KINDS:
            raise ValueError(f"unknown photo kind {kind!r}")
        metadata = {
            "resident_id": resident_id,
            "kind": kind,
            "content_type": content_type,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        with contextlib.suppress(FileExists, DuplicateKeyError):
            await self.bucket.upload_from_stream_with_id(photo_id, photo_id, data, metadata=metadata)

    async def photo(self, photo_id: str) -> StoredPhoto | None:
        found = await self.files.find_one({"_id": photo_id})
        if found is None:
            return None
        metadata = found.get("metadata") or {}
        return StoredPhoto(
            photo_id=found["_id"],
            resident_id=metadata.get("resident_id", ""),
            kind=metadata.get("kind", ""),
            content_type=metadata.get("content_type", ""),
            sha256=metadata.get("sha256", ""),
            length=found["length"],
            uploaded_at=found["uploadDate"],
        )

    async def read(self, photo_id: str) -> bytes | None:
        try:
            stream = await self.bucket.open_download_stream(photo_id)
        except NoFile:
            return None
        return await stream.read()

    async def delete(self, photo_id: str) -> None:
        """Deletes one photo (one stored for a request that was then refused); a photo already gone is no error."""
        with contextlib.suppress(NoFile):
            await self.bucket.delete(photo_id)

    async def delete_of_resident(self, resident_id: str) -> int:
        """Deletes every photo of `resident_id` (retention passed); returns how many were deleted."""
        ids = [found["_id"] async for found in self.files.find({"metadata.resident_id": resident_id}, {"_id": 1})]
        for photo_id in ids:
            with contextlib.suppress(NoFile):  # deleted meanwhile by another run of the retention job
                await self.bucket.delete(photo_id)
        return len(ids)
