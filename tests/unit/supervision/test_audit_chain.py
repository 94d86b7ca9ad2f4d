"""The audit chain reveals an edited, deleted or re-linked entry and says where."""

import dataclasses
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime

from pension_supervision.domain.audit import AuditEntry, chain_next, verify_chain


def build_chain(length: int) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    for n in range(length):
        entries.append(
            chain_next(
                entries[-1] if entries else None,
                topic="pension.enrolment.resident.v1",
                event_id=f"e{n}",
                event_type="pension.enrolment.v1.ResidentEnrolled",
                producer="enrolment",
                subject_key=f"R{n}",
                actor="agent-1",
                reason="enrolment at the village office",
                occurred_at=datetime(2026, 1, 1, tzinfo=UTC),
                recorded_at=datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC),
                envelope=f"envelope {n}".encode(),
            )
        )
    return entries


async def walk(entries: Iterable[AuditEntry]) -> AsyncIterator[AuditEntry]:
    for entry in entries:
        yield entry


def head_of(entries: list[AuditEntry]) -> tuple[int, str]:
    return entries[-1].sequence, entries[-1].hash


async def test_an_untouched_chain_is_intact() -> None:
    chain = build_chain(5)
    verdict = await verify_chain(walk(chain), head_of(chain))
    assert verdict.intact and verdict.entries_checked == 5


async def test_an_edited_reason_is_found_at_its_sequence() -> None:
    chain = build_chain(5)
    chain[2] = dataclasses.replace(chain[2], reason="nothing to see")
    verdict = await verify_chain(walk(chain), head_of(chain))
    assert not verdict.intact and verdict.broken_at_sequence == 3 and "edited" in verdict.problem


async def test_an_entry_deleted_from_the_middle_is_found() -> None:
    chain = build_chain(5)
    del chain[1]
    verdict = await verify_chain(walk(chain), (5, chain[-1].hash))
    assert not verdict.intact and verdict.broken_at_sequence == 2 and "deleted" in verdict.problem


async def test_entries_deleted_from_the_end_are_found_through_the_head() -> None:
    chain = build_chain(5)
    head = head_of(chain)
    verdict = await verify_chain(walk(chain[:3]), head)
    assert not verdict.intact and verdict.broken_at_sequence == 4


async def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    chain = build_chain(4)
    forged = dataclasses.replace(chain[1], actor="someone else", hash="")
    chain[1] = dataclasses.replace(forged, hash=forged.computed_hash())
    verdict = await verify_chain(walk(chain), head_of(chain))
    assert not verdict.intact and verdict.broken_at_sequence == 3 and "re-linked" in verdict.problem


async def test_a_head_lagging_one_entry_after_a_crash_is_not_a_break() -> None:
    chain = build_chain(4)
    verdict = await verify_chain(walk(chain), head_of(chain[:3]))
    assert verdict.intact


async def test_an_edited_stored_envelope_is_found() -> None:
    chain = build_chain(3)
    chain[0] = dataclasses.replace(chain[0], envelope=b"forged")
    verdict = await verify_chain(walk(chain), head_of(chain))
    assert not verdict.intact and verdict.broken_at_sequence == 1 and verdict.kind == "EDITED"
