"""Photos in GridFS on the real FerretDB: stored once per id, read back byte for byte, deleted per resident."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from pension_verification.adapters.photo_store import ENROLMENT, FACE_FRAME, VISIT, PhotoStore


@pytest.fixture
async def store(mongo_uri: str) -> AsyncIterator[PhotoStore]:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_uri)
    try:
        yield PhotoStore(client[f"photos_{uuid.uuid4().hex[:12]}"])
    finally:
        await client.close()


async def test_a_photo_larger_than_a_chunk_reads_back_byte_for_byte(store: PhotoStore) -> None:
    data = os.urandom(600_000)  # a little over two GridFS chunks of 255 KiB
    stored = await store.put("P-1", data, resident_id="R1", kind=ENROLMENT, content_type="image/jpeg")
    assert (stored.length, stored.resident_id, stored.kind) == (600_000, "R1", ENROLMENT)
    assert await store.read("P-1") == data


async def test_a_second_put_under_the_same_id_keeps_the_first_photo(store: PhotoStore) -> None:
    await store.put("P-2", b"first", resident_id="R1", kind=VISIT, content_type="image/png")
    await store.put("P-2", b"second", resident_id="R1", kind=VISIT, content_type="image/png")
    assert await store.read("P-2") == b"first"


async def test_deleting_a_residents_photos_leaves_other_residents_photos(store: PhotoStore) -> None:
    await store.put("P-3", b"a", resident_id="R1", kind=ENROLMENT, content_type="image/jpeg")
    await store.put("P-4", b"b", resident_id="R1", kind=FACE_FRAME, content_type="image/jpeg")
    await store.put("P-5", b"c", resident_id="R2", kind=ENROLMENT, content_type="image/jpeg")
    assert await store.delete_of_resident("R1") == 2
    assert await store.read("P-3") is None and await store.read("P-4") is None
    assert await store.read("P-5") == b"c"
    assert await store.delete_of_resident("R1") == 0


async def test_a_frame_kept_twice_under_one_id_keeps_the_first_whole(store: PhotoStore) -> None:
    first, second = os.urandom(600_000), os.urandom(700_000)  # several chunks each: the second is refused whole
    await store.keep("F-1", first, resident_id="R1", kind=FACE_FRAME, content_type="image/jpeg")
    await store.keep("F-1", second, resident_id="R1", kind=FACE_FRAME, content_type="image/jpeg")
    assert await store.read("F-1") == first
    stored = await store.photo("F-1")
    assert stored is not None and (stored.length, stored.kind) == (600_000, FACE_FRAME)
    await store.delete("F-1")
    await store.delete("F-1")  # gone already: no error
    assert await store.read("F-1") is None
