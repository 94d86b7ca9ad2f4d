"""The hash-chained audit log: every entry's hash covers its content and the previous entry's hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import AsyncIterable
from dataclasses import dataclass
from datetime import datetime

from pension_kit.clock import to_millisecond

GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One state change of one service: who did it, why, when, and a digest of the event that records it."""

    sequence: int
    topic: str
    event_id: str
    event_type: str
    producer: str
    subject_key: str
    actor: str
    reason: str
    occurred_at: datetime
    recorded_at: datetime
    envelope_sha256: str
    prev_hash: str
    hash: str = ""
    # The envelope exactly as received; covered by the hash through envelope_sha256.
    envelope: bytes = b""

    def content(self) -> bytes:
        """The canonical bytes the hash covers; any edit to any of these fields changes the hash."""
        fields = {
            "sequence": self.sequence,
            "topic": self.topic,
            "event_id": self.event_id,
            "event_type": self.event_type,
            "producer": self.producer,
            "subject_key": self.subject_key,
            "actor": self.actor,
            "reason": self.reason,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "recorded_at": self.recorded_at.isoformat(timespec="microseconds"),
            "envelope_sha256": self.envelope_sha256,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def computed_hash(self) -> str:
        return hashlib.sha256(self.content()).hexdigest()

    def intact(self) -> bool:
        """The stored hash matches the content, and the stored envelope matches its digest."""
        return self.computed_hash() == self.hash and hashlib.sha256(self.envelope).hexdigest() == self.envelope_sha256


def chain_next(
    previous: AuditEntry | None,
    *,
    topic: str,
    event_id: str,
    event_type: str,
    producer: str,
    subject_key: str,
    actor: str,
    reason: str,
    occurred_at: datetime,
    recorded_at: datetime,
    envelope: bytes,
) -> AuditEntry:
    """The entry that follows `previous` (or starts the chain), with its hash computed."""
    entry = AuditEntry(
        sequence=previous.sequence + 1 if previous else 1,
        topic=topic,
        event_id=event_id,
        event_type=event_type,
        producer=producer,
        subject_key=subject_key,
        actor=actor,
        reason=reason,
        occurred_at=_storable(occurred_at),
        recorded_at=_storable(recorded_at),
        envelope_sha256=hashlib.sha256(envelope).hexdigest(),
        prev_hash=previous.hash if previous else GENESIS_HASH,
        envelope=envelope,
    )
    return dataclasses.replace(entry, hash=entry.computed_hash())


# Hashing exactly what is stored lets the hash be recomputed on read.
_storable = to_millisecond


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    """Whether the chain is intact; if not, the first sequence number where it breaks and how."""

    intact: bool
    entries_checked: int
    broken_at_sequence: int = 0
    kind: str = ""  # EDITED, RELINKED or DELETED
    problem: str = ""
    last_hash: str = ""


async def verify_chain(entries: AsyncIterable[AuditEntry], head: tuple[int, str] | None) -> ChainVerdict:
    """Walks the entries in sequence order and reports the first edited, deleted or re-linked entry.

    `head` is the (sequence, hash) recorded after the last append; it reveals entries deleted from the
    end of the chain, which walking alone cannot see. It may lag one entry behind after a crash between
    an append and the head's update, which is not a break.
    """
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    async for entry in entries:
        if entry.sequence != expected_sequence:
            return ChainVerdict(
                False,
                checked,
                expected_sequence,
                "DELETED",
                f"entry {expected_sequence} is missing (next present is {entry.sequence}): deleted",
            )
        if entry.prev_hash != previous_hash:
            return ChainVerdict(
                False,
                checked,
                entry.sequence,
                "RELINKED",
                "prev_hash does not match the previous entry: re-linked",
            )
        if not entry.intact():
            return ChainVerdict(False, checked, entry.sequence, "EDITED", "content does not match its hash: edited")
        if head is not None and entry.sequence == head[0] and entry.hash != head[1]:
            return ChainVerdict(False, checked, entry.sequence, "EDITED", "hash differs from the recorded head: edited")
        checked += 1
        previous_hash = entry.hash
        expected_sequence += 1
    if head is not None and head[0] > checked:
        return ChainVerdict(
            False, checked, checked + 1, "DELETED", f"entries {checked + 1} to {head[0]} are missing: deleted"
        )
    return ChainVerdict(True, checked, last_hash=previous_hash if checked else "")
