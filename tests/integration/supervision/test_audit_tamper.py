"""Tampering with the audit log on the real FerretDB: verification names the first broken entry and how, in every
case, and the signed daily heads outside the database reveal what the keyed chain alone cannot."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_supervision.adapters import audit_repository
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.adapters.audit_publications import AuditPublications
from pension_supervision.adapters.audit_repository import ENTRIES, HEAD, AuditRepository
from pension_supervision.domain.audit import DELETED, EDITED, RELINKED, AuditEntry, RecordedEvent, chain_all
from pension_supervision.service_layer.audit import AuditService
from pension_supervision.service_layer.audit_heads import AuditHeadPublisher

KEY = b"tamper-test-audit-chain-key-32by"
SIGNING_KEY = Ed25519PrivateKey.from_private_bytes(b"tamper-test-audit-head-signing-k")
# Entries 1 to 4 are recorded on 1 March (China Standard Time), 5 to 8 on 2 March; heads are published on 3 March.
FIRST_DAY = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
PUBLISHED_ON = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


def event(n: int) -> RecordedEvent:
    return RecordedEvent(
        topic="pension.enrolment.resident.v1",
        event_id=f"event-{n}",
        event_type="pension.enrolment.v1.ResidentEnrolled",
        producer="enrolment",
        subject_key=f"R{n}",
        actor="agent-1",
        reason="enrolment",
        occurred_at=FIRST_DAY,
        recorded_at=FIRST_DAY + timedelta(days=(n - 1) // 4, minutes=n),
        envelope=f"envelope {n}".encode(),
    )


@dataclass
class Log:
    database: AsyncDatabase[Document]
    repository: AuditRepository
    audit: AuditService
    publisher: AuditHeadPublisher
    files: AuditHeadFiles

    async def verdict(self) -> tuple[bool, int, str]:
        verdict = await self.audit.check()
        return verdict.intact, verdict.broken_at_sequence, verdict.kind

    async def document(self, sequence: int) -> Document:
        found = await self.database[ENTRIES].find_one({"_id": f"{sequence:012d}"})
        assert found is not None
        return found

    async def replace(self, sequence: int, document: Document) -> None:
        await self.database[ENTRIES].replace_one({"_id": f"{sequence:012d}"}, document)

    async def rewrite(self, entries: list[AuditEntry]) -> None:
        """Puts these entries in place of whatever the log held at their sequences, and the head after the last."""
        for entry in entries:
            await self.database[ENTRIES].replace_one(
                {"_id": f"{entry.sequence:012d}"}, audit_repository._to_document(entry), upsert=True
            )
        await self.database[HEAD].replace_one(
            {"_id": "head"}, {"sequence": entries[-1].sequence, "hash": entries[-1].hash}
        )


@pytest.fixture
async def log(ferretdb: Any, tmp_path: Path) -> AsyncIterator[Log]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    database = client[f"audit_tamper_{uuid.uuid4().hex[:8]}"]
    repository = AuditRepository(database, KEY)
    publications = AuditPublications(database)
    files = AuditHeadFiles(tmp_path / "heads", SIGNING_KEY.public_key())
    audit = AuditService(repository, KEY, files, publications, "pension.supervision.region.v1", lambda *_: None)
    publisher = AuditHeadPublisher(
        repository, publications, files, SIGNING_KEY, "pension.supervision.region.v1", lambda *_: None
    )
    await repository.append_batch([event(n) for n in range(1, 5)])
    await repository.append_batch([event(n) for n in range(5, 9)])
    yield Log(database, repository, audit, publisher, files)
    await client.close()


def hashed(document: Document, key: bytes | None) -> Document:
    """The document with its hash recomputed as a forger would: plain SHA-256 (None) or HMAC under some key."""
    entry = audit_repository._from_document(document)
    digest = hashlib.sha256(entry.content()).hexdigest() if key is None else entry.computed_hash(key)
    return {**document, "hash": digest}


async def test_an_untouched_log_is_intact(log: Log) -> None:
    await log.publisher.publish_due(PUBLISHED_ON)
    verdict = await log.audit.check()
    assert verdict.intact and verdict.entries_checked == 8


async def test_an_edited_entry_is_named(log: Log) -> None:
    await log.replace(3, {**await log.document(3), "actor": "someone else"})
    assert await log.verdict() == (False, 3, EDITED)


@pytest.mark.parametrize("forger_key", [None, b"a-key-the-database-could-hold-32"], ids=["sha256", "other-key"])
async def test_an_edited_entry_with_its_hash_recomputed_is_named_itself(log: Log, forger_key: bytes | None) -> None:
    await log.replace(3, hashed({**await log.document(3), "reason": "nothing to see"}, forger_key))
    assert await log.verdict() == (False, 3, EDITED)


async def test_a_deleted_entry_is_named(log: Log) -> None:
    await log.database[ENTRIES].delete_one({"_id": "000000000003"})
    assert await log.verdict() == (False, 3, DELETED)


async def test_two_entries_reordered_are_named_at_the_first(log: Log) -> None:
    third, fourth = await log.document(3), await log.document(4)
    await log.replace(3, {**fourth, "_id": third["_id"]})
    await log.replace(4, {**third, "_id": fourth["_id"]})
    assert await log.verdict() == (False, 3, RELINKED)


async def test_a_log_re_linked_from_an_entry_on_is_named_where_it_starts(log: Log) -> None:
    # Only the link changed: the entry's prev_hash no longer names the entry before it.
    await log.replace(5, {**await log.document(5), "prev_hash": "f" * 64})
    assert await log.verdict() == (False, 5, RELINKED)


async def test_a_tail_moved_down_over_a_removed_entry_and_re_linked_is_named_where_it_starts(log: Log) -> None:
    """Entry 4 taken out, 5 to 8 moved down a place, each linked to the one before and hashed without the key."""
    previous = await log.document(3)
    for sequence in range(5, 9):
        moved = hashed(
            {**await log.document(sequence), "_id": f"{sequence - 1:012d}", "prev_hash": previous["hash"]}, None
        )
        await log.replace(sequence - 1, moved)
        previous = moved
    await log.database[ENTRIES].delete_one({"_id": "000000000008"})
    await log.database[HEAD].replace_one({"_id": "head"}, {"sequence": 7, "hash": previous["hash"]})
    assert await log.verdict() == (False, 4, EDITED)


async def test_a_truncation_with_the_head_moved_back_is_named_below_a_published_head(log: Log) -> None:
    heads = await log.publisher.publish_due(PUBLISHED_ON)
    assert [(head.day.isoformat(), head.sequence) for head in heads] == [("2026-03-01", 4), ("2026-03-02", 8)]
    await log.database[ENTRIES].delete_many({"_id": {"$gt": "000000000006"}})
    sixth = await log.document(6)
    await log.database[HEAD].replace_one({"_id": "head"}, {"sequence": 6, "hash": sixth["hash"]})
    assert await log.verdict() == (False, 7, DELETED)


async def test_a_rewrite_of_the_whole_log_with_the_key_is_named_at_a_published_head(log: Log) -> None:
    await log.publisher.publish_due(PUBLISHED_ON)
    # Someone holding the chain key rewrites the log from entry 2 on: consistent in itself.
    first = audit_repository._from_document(await log.document(1))
    forged = [event(n) for n in range(2, 9)]
    rewritten = chain_all(first, [dataclasses.replace(e, actor="agent-2") for e in forged], key=KEY)
    await log.rewrite(rewritten)
    assert await log.verdict() == (False, 4, EDITED)


async def test_a_forged_head_file_is_refused(log: Log) -> None:
    heads = await log.publisher.publish_due(PUBLISHED_ON)
    path = log.files.path_of(heads[0])
    forged = json.loads(path.read_text())
    forged["sequence"] = 2  # with the hash of entry 2 it would pin a shorter log; the signature no longer matches
    forged["head_hash"] = (await log.document(2))["hash"]
    path.write_text(json.dumps(forged))
    with pytest.raises(FailedPrecondition) as refused:
        await log.audit.check()
    assert refused.value.reason == "AUDIT_HEAD_FILE_INVALID" and path.name in str(refused.value)


async def test_a_range_is_checked_by_itself_and_a_bad_range_is_refused(log: Log) -> None:
    await log.replace(3, {**await log.document(3), "actor": "someone else"})
    auditor = Caller("auditor-1", Role.AUDITOR)
    verdict = await log.audit.verify(caller=auditor, from_sequence=5, to_sequence=7)
    assert (verdict.intact, verdict.first_sequence, verdict.last_sequence) == (True, 5, 7)
    verdict = await log.audit.verify(caller=auditor, from_sequence=2, to_sequence=4)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 3, EDITED)
    with pytest.raises(InvalidArgument) as refused:
        await log.audit.verify(caller=auditor, from_sequence=-1)
    assert (refused.value.reason, refused.value.field) == ("SEQUENCE_INVALID", "from_sequence")
    with pytest.raises(InvalidArgument) as refused:
        await log.audit.verify(caller=auditor, from_sequence=6, to_sequence=5)
    assert (refused.value.reason, refused.value.field) == ("SEQUENCE_RANGE_INVALID", "to_sequence")
