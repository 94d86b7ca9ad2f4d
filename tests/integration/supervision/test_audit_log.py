"""The audit chain on the real database: appends once per event, survives a crash mid-append, shows tampering."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.mongo import Document
from pension_supervision.adapters import audit_repository
from pension_supervision.adapters.audit_repository import ENTRIES, EVENT_IDS, HEAD, AuditRepository
from pension_supervision.domain.audit import RecordedEvent, verify_chain

KEY = b"integration-test-audit-chain-key"


@pytest.fixture
async def database(ferretdb: Any) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    yield client[f"audit_{uuid.uuid4().hex[:8]}"]
    await client.close()


def event(n: int) -> RecordedEvent:
    return RecordedEvent(
        topic="pension.enrolment.resident.v1",
        event_id=f"event-{n}",
        event_type="pension.enrolment.v1.ResidentEnrolled",
        producer="enrolment",
        subject_key=f"R{n}",
        actor="agent-1",
        reason="enrolment",
        occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
        recorded_at=datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC),
        envelope=f"envelope {n}".encode(),
    )


async def verify(log: AuditRepository) -> Any:
    return await verify_chain(log.walk(), await log.head(), key=KEY)


async def test_appends_are_sequential_once_per_event_and_verify_intact(database: AsyncDatabase[Document]) -> None:
    log = AuditRepository(database, KEY)
    for n in range(5):
        await log.append(event(n))
    again = await log.append(event(2))  # a redelivered event
    assert again.sequence == 3
    verdict = await verify(log)
    assert verdict.intact and verdict.entries_checked == 5


async def test_a_crash_between_the_entry_and_its_claim_is_repaired_by_the_next_append(
    database: AsyncDatabase[Document],
) -> None:
    log = AuditRepository(database, KEY)
    for n in range(3):
        await log.append(event(n))
    # Simulate a crash after entry 3 was written but before its claim and the head moved.
    await database[EVENT_IDS].delete_one({"_id": "event-2"})
    await database[HEAD].update_one({"_id": "head"}, {"$set": {"sequence": 2}})
    log = AuditRepository(database, KEY)  # the process that crashed is gone: a new one knows only the database
    redelivered = await log.append(event(2))
    assert redelivered.sequence == 3
    following = await log.append(event(3))
    assert following.sequence == 4
    assert (await verify(log)).intact


async def test_an_edited_or_deleted_entry_is_found_where_it_is(database: AsyncDatabase[Document]) -> None:
    log = AuditRepository(database, KEY)
    for n in range(6):
        await log.append(event(n))
    await database[ENTRIES].update_one({"_id": "000000000003"}, {"$set": {"actor": "someone else"}})
    verdict = await verify(log)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 3, "EDITED")
    await database[ENTRIES].update_one({"_id": "000000000003"}, {"$set": {"actor": "agent-1"}})
    await database[ENTRIES].delete_one({"_id": "000000000006"})
    verdict = await verify(log)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 6, "DELETED")


@pytest.mark.parametrize("reorder_limit", [10_000, 1], ids=["waits-in-memory", "goes-on-by-key"])
async def test_entries_stored_out_of_order_are_walked_in_sequence(
    database: AsyncDatabase[Document], reorder_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry written back after being taken out comes last in the store's scan; the walk still checks the
    chain in sequence, whether the early ones wait in memory or the walk goes on by key past the limit."""
    monkeypatch.setattr(audit_repository, "REORDER_LIMIT", reorder_limit)
    log = AuditRepository(database, KEY)
    for n in range(8):
        await log.append(event(n))
    for sequence in (2, 5):
        key = f"{sequence:012d}"
        document = await database[ENTRIES].find_one({"_id": key})
        assert document is not None
        await database[ENTRIES].delete_one({"_id": key})
        await database[ENTRIES].insert_one(document)
    assert [entry.sequence async for entry in log.walk()] == list(range(1, 9))
    assert (await verify(log)).intact
    await database[ENTRIES].delete_one({"_id": "000000000004"})
    verdict = await verify(log)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 4, "DELETED")
    # Gaps up to the head are walked past (verify_chain reports them); the first one past the head ends the log.
    await database[ENTRIES].delete_one({"_id": "000000000006"})
    assert [entry.sequence async for entry in log.walk()] == [1, 2, 3, 5, 7, 8]
    await database[HEAD].update_one({"_id": "head"}, {"$set": {"sequence": 3}})
    assert [entry.sequence async for entry in log.walk()] == [1, 2, 3]


async def test_a_batch_is_appended_in_order_once_with_redelivered_and_repeated_events_found(
    database: AsyncDatabase[Document],
) -> None:
    log = AuditRepository(database, KEY)
    first = await log.append_batch([event(n) for n in range(4)])
    assert [entry.sequence for entry in first] == [1, 2, 3, 4]
    # A redelivery overlapping the first batch, with an event twice in it: only the new ones are appended.
    second = await log.append_batch([event(2), event(3), event(4), event(4), event(5)])
    assert [entry.sequence for entry in second] == [3, 4, 5, 5, 6]
    assert await log.head() == (6, second[-1].hash)
    assert await database[ENTRIES].count_documents({}) == 6
    verdict = await verify(log)
    assert verdict.intact and verdict.entries_checked == 6


async def test_a_batch_after_a_crash_past_the_head_goes_on_after_the_entries_already_written(
    database: AsyncDatabase[Document],
) -> None:
    """A crash after a batch's entries were written, before its claims and its head: the redelivered batch appends
    nothing again, a new event goes on after them, and another appender's fresh process finds the tail too."""
    log = AuditRepository(database, KEY)
    await log.append_batch([event(n) for n in range(2)])
    await log.append_batch([event(n) for n in range(2, 5)])
    await database[EVENT_IDS].delete_many({"_id": {"$in": ["event-2", "event-3", "event-4"]}})
    await database[HEAD].update_one({"_id": "head"}, {"$set": {"sequence": 2}})
    restarted = AuditRepository(database, KEY)  # a new process: nothing cached
    again = await restarted.append_batch([event(3), event(4), event(5)])
    assert [entry.sequence for entry in again] == [4, 5, 6]
    assert await database[EVENT_IDS].count_documents({}) == 6
    assert (await restarted.head() or (0, ""))[0] == 6
    # The first process, whose cached tail is stale, goes on after the other's entry too.
    assert (await log.append(event(6))).sequence == 7
    assert (await verify(log)).intact


async def test_a_claim_written_without_its_entry_does_not_count(database: AsyncDatabase[Document]) -> None:
    """A claim whose place does not hold its event (a lost race's, or one whose entry was never written) does not
    count: the event delivered again is appended, and its claim names its place."""
    log = AuditRepository(database, KEY)
    await log.append_batch([event(n) for n in range(3)])
    await database[EVENT_IDS].insert_one({"_id": "event-3", "sequence": 4})
    restarted = AuditRepository(database, KEY)
    assert (await restarted.append(event(3))).sequence == 4
    assert (await restarted.append(event(3))).sequence == 4
    assert await database[EVENT_IDS].find_one({"_id": "event-3"}) == {"_id": "event-3", "sequence": 4}
    assert (await verify(restarted)).entries_checked == 4
