"""The keyed audit chain reveals an edited, deleted, reordered or re-linked entry, and says where and how."""

import dataclasses
import hashlib
import hmac
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta

from pension_supervision.domain.audit import (
    DELETED,
    EDITED,
    RELINKED,
    AuditEntry,
    PublishedHead,
    RecordedEvent,
    chain_all,
    verify_chain,
)

KEY = b"unit-test-audit-chain-key-32byte"
STARTED = datetime(2026, 1, 1, tzinfo=UTC)


def event(n: int, recorded_at: datetime | None = None) -> RecordedEvent:
    return RecordedEvent(
        topic="pension.enrolment.resident.v1",
        event_id=f"e{n}",
        event_type="pension.enrolment.v1.ResidentEnrolled",
        producer="enrolment",
        subject_key=f"R{n}",
        actor="agent-1",
        reason="enrolment at the village office",
        occurred_at=STARTED,
        recorded_at=recorded_at or STARTED + timedelta(seconds=n),
        envelope=f"envelope {n}".encode(),
    )


def build_chain(length: int) -> list[AuditEntry]:
    return chain_all(None, [event(n) for n in range(length)], key=KEY)


async def walk(entries: Iterable[AuditEntry]) -> AsyncIterator[AuditEntry]:
    for entry in entries:
        yield entry


def head_of(entries: list[AuditEntry]) -> tuple[int, str]:
    return entries[-1].sequence, entries[-1].hash


def rehashed(entry: AuditEntry, key: bytes | None) -> AuditEntry:
    """The entry with its hash recomputed as a forger would: plain SHA-256 (None) or HMAC under another key."""
    digest = hashlib.sha256(entry.content()).hexdigest() if key is None else entry.computed_hash(key)
    return dataclasses.replace(entry, hash=digest)


async def verdict_of(chain: list[AuditEntry], head: tuple[int, str] | None, **kwargs: object) -> tuple[bool, int, str]:
    verdict = await verify_chain(walk(chain), head, key=KEY, **kwargs)  # type: ignore[arg-type]
    return verdict.intact, verdict.broken_at_sequence, verdict.kind


async def test_an_untouched_chain_is_intact_and_keyed() -> None:
    chain = build_chain(5)
    verdict = await verify_chain(walk(chain), head_of(chain), key=KEY)
    assert verdict.intact and verdict.entries_checked == 5 and verdict.last_hash == chain[-1].hash
    assert chain[0].hash == hmac.new(KEY, chain[0].content(), hashlib.sha256).hexdigest()
    assert chain[0].hash != hashlib.sha256(chain[0].content()).hexdigest()


async def test_the_same_chain_under_another_key_is_edited_at_its_first_entry() -> None:
    chain = build_chain(3)
    verdict = await verify_chain(walk(chain), head_of(chain), key=b"another-key-of-thirty-two-bytes!")
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 1, EDITED)


async def test_an_edited_reason_is_found_at_its_sequence() -> None:
    chain = build_chain(5)
    chain[2] = dataclasses.replace(chain[2], reason="nothing to see")
    assert await verdict_of(chain, head_of(chain)) == (False, 3, EDITED)


async def test_an_edit_with_its_hash_recomputed_without_the_key_is_found_at_the_edited_entry() -> None:
    for forger_key in (None, b"a-key-the-database-could-hold-32"):
        chain = build_chain(4)
        chain[1] = rehashed(dataclasses.replace(chain[1], actor="someone else"), forger_key)
        assert await verdict_of(chain, head_of(chain)) == (False, 2, EDITED)


async def test_an_entry_deleted_from_the_middle_is_found() -> None:
    chain = build_chain(5)
    del chain[1]
    assert await verdict_of(chain, (5, chain[-1].hash)) == (False, 2, DELETED)


async def test_two_entries_swapped_are_found_at_the_first_place() -> None:
    chain = build_chain(6)
    third, fourth = chain[2], chain[3]
    chain[2], chain[3] = dataclasses.replace(fourth, sequence=3), dataclasses.replace(third, sequence=4)
    verdict = await verify_chain(walk(chain), head_of(chain), key=KEY)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 3, RELINKED)
    assert (verdict.expected_hash, verdict.found_hash) == (chain[1].hash, third.hash)


async def test_a_tail_re_linked_over_a_removed_entry_is_found_where_it_starts() -> None:
    """Entry 3 taken out, the later ones moved down a place and linked to each other, hashed without the key."""
    chain = build_chain(6)
    forged = chain[:2]
    for original in chain[3:]:
        moved = dataclasses.replace(original, sequence=forged[-1].sequence + 1, prev_hash=forged[-1].hash)
        forged.append(rehashed(moved, None))
    assert await verdict_of(forged, head_of(forged)) == (False, 3, EDITED)


async def test_entries_deleted_from_the_end_are_found_through_the_head() -> None:
    chain = build_chain(5)
    assert await verdict_of(chain[:3], head_of(chain)) == (False, 4, DELETED)


async def test_a_head_lagging_after_a_crash_is_not_a_break() -> None:
    chain = build_chain(6)
    assert (await verdict_of(chain, head_of(chain[:3])))[0]


async def test_an_edited_stored_envelope_is_found() -> None:
    chain = build_chain(3)
    chain[0] = dataclasses.replace(chain[0], envelope=b"forged")
    assert await verdict_of(chain, head_of(chain)) == (False, 1, EDITED)


async def test_a_published_head_reveals_a_rewrite_even_with_the_key_and_a_truncation_with_the_head_moved() -> None:
    chain = build_chain(6)
    published = [PublishedHead("2026-01-01", 4, chain[3].hash)]
    assert (await verdict_of(chain, head_of(chain), published=published))[0]
    # Rewritten from entry 2 on by someone holding the key: consistent in itself, not with the published head.
    rewritten = chain[:1] + chain_all(chain[0], [event(n + 100) for n in range(1, 6)], key=KEY)
    assert (await verdict_of(rewritten, head_of(rewritten)))[0]
    assert await verdict_of(rewritten, head_of(rewritten), published=published) == (False, 4, EDITED)
    # Cut back to 2 entries, the head moved back with it: only the published head knows it was longer.
    assert (await verdict_of(chain[:2], head_of(chain[:2])))[0]
    assert await verdict_of(chain[:2], head_of(chain[:2]), published=published) == (False, 3, DELETED)


def test_recorded_at_never_goes_back_along_the_chain() -> None:
    late, early = event(1, STARTED + timedelta(hours=1)), event(2, STARTED)
    first, second = chain_all(None, [late, early], key=KEY)
    assert second.recorded_at == first.recorded_at


async def test_a_range_is_checked_from_the_entry_before_it_to_its_last() -> None:
    chain = build_chain(8)
    chain[1] = dataclasses.replace(chain[1], actor="someone else")  # entry 2, before the range
    verdict = await verify_chain(walk(chain[4:]), head_of(chain), key=KEY, after=chain[3], last_sequence=6)
    assert (verdict.intact, verdict.first_sequence, verdict.last_sequence, verdict.entries_checked) == (True, 5, 6, 2)
    assert verdict.last_hash == chain[5].hash
    verdict = await verify_chain(walk(chain[1:]), head_of(chain), key=KEY, after=chain[0], last_sequence=4)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind, verdict.first_sequence) == (False, 2, EDITED, 2)
    # A range whose end is missing: named where the entries stop.
    verdict = await verify_chain(walk(chain[4:6]), head_of(chain), key=KEY, after=chain[3], last_sequence=8)
    assert (verdict.intact, verdict.broken_at_sequence, verdict.kind) == (False, 7, DELETED)
