"""The floors benchmarks compare against: the same documents, inserted plainly, with only the inserts timed."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

from pymongo.asynchronous.collection import AsyncCollection

from pension_kit.mongo import Document


async def timed_insert_many(
    documents: AsyncIterator[Document], target: AsyncCollection[Document], batch_size: int
) -> tuple[float, int]:
    """Inserts `documents` into `target` with insert_many, `batch_size` at a time; returns the seconds spent
    inside insert_many (reading the documents is not timed) and how many were inserted."""
    elapsed = 0.0
    count = 0
    batch: list[Document] = []

    async def insert() -> None:
        nonlocal elapsed, count
        started = time.perf_counter()
        await target.insert_many(batch)
        elapsed += time.perf_counter() - started
        count += len(batch)

    async for document in documents:
        batch.append(document)
        if len(batch) == batch_size:
            await insert()
            batch = []
    if batch:
        await insert()
    return elapsed, count
