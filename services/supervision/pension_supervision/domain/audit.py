"""The keyed hash chain of the audit log: every entry's HMAC covers its content and the previous entry's hash.

The key is a setting of the supervision service (`audit_chain_key`), never stored in the database, so someone
who can write the database cannot make an edited entry, or a re-linked tail, hash consistently again: the edited
entry itself no longer matches its HMAC. Someone who also holds the key could rewrite the whole log; the daily
heads published outside the database (domain/audit_heads.py) reveal that.

Logs written earlier in the unkeyed format (plain SHA-256) need no migration: the product has not gone live.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from collections.abc import AsyncIterable, Sequence
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
        return _content(
            self.sequence,
            self.topic,
            self.event_id,
            self.event_type,
            self.producer,
            self.subject_key,
            self.actor,
            self.reason,
            self.occurred_at,
            self.recorded_at,
            self.envelope_sha256,
            self.prev_hash,
        )

    def computed_hash(self, key: bytes) -> str:
        """HMAC-SHA256 of the content under the chain key, lower-case hex."""
        return hmac.new(key, self.content(), hashlib.sha256).hexdigest()

    def intact(self, key: bytes) -> bool:
        """The stored hash is the content's HMAC, and the stored envelope matches its digest."""
        return hmac.compare_digest(self.computed_hash(key), self.hash) and (
            hashlib.sha256(self.envelope).hexdigest() == self.envelope_sha256
        )


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """What the log records of one event, before it has a place in the chain."""

    topic: str
    event_id: str
    event_type: str
    producer: str
    subject_key: str
    actor: str
    reason: str
    occurred_at: datetime
    recorded_at: datetime
    envelope: bytes


def _content(*fields: object) -> bytes:
    """The fields as a JSON array in AuditEntry's order (sequence, topic, event_id, event_type, producer, subject_key,
    actor, reason, occurred_at, recorded_at, envelope_sha256, prev_hash), times in ISO form to the microsecond: an
    array, not an object, because every event of every service is hashed and its order is fixed here."""
    values = [value.isoformat(timespec="microseconds") if isinstance(value, datetime) else value for value in fields]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def chain_next(previous: AuditEntry | None, event: RecordedEvent, *, key: bytes) -> AuditEntry:
    """The entry that follows `previous` (or starts the chain), with its HMAC computed.

    Its recorded_at is never earlier than the previous entry's, so the log is in recording order and the daily
    heads can find a day's last entry by sequence (a clock stepping back across appenders would break that).
    """
    recorded_at = _storable(event.recorded_at)
    if previous is not None and recorded_at < previous.recorded_at:
        recorded_at = previous.recorded_at
    sequence = previous.sequence + 1 if previous else 1
    occurred_at = _storable(event.occurred_at)
    envelope_sha256 = hashlib.sha256(event.envelope).hexdigest()
    prev_hash = previous.hash if previous else GENESIS_HASH
    content = _content(
        sequence,
        event.topic,
        event.event_id,
        event.event_type,
        event.producer,
        event.subject_key,
        event.actor,
        event.reason,
        occurred_at,
        recorded_at,
        envelope_sha256,
        prev_hash,
    )
    return AuditEntry(
        sequence=sequence,
        topic=event.topic,
        event_id=event.event_id,
        event_type=event.event_type,
        producer=event.producer,
        subject_key=event.subject_key,
        actor=event.actor,
        reason=event.reason,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
        envelope_sha256=envelope_sha256,
        prev_hash=prev_hash,
        hash=hmac.new(key, content, hashlib.sha256).hexdigest(),
        envelope=event.envelope,
    )


def chain_all(previous: AuditEntry | None, events: Sequence[RecordedEvent], *, key: bytes) -> list[AuditEntry]:
    """The entries for `events`, in order, each following the one before (a delivered batch, chained in memory)."""
    entries: list[AuditEntry] = []
    for event in events:
        previous = chain_next(previous, event, key=key)
        entries.append(previous)
    return entries


# Hashing exactly what is stored lets the hash be recomputed on read.
_storable = to_millisecond


# How a chain breaks (the contract's ChainBreakKind): an entry not matching its HMAC, an entry whose prev_hash is
# not the hash of the entry before it, a missing sequence number.
EDITED = "EDITED"
RELINKED = "RELINKED"
DELETED = "DELETED"


@dataclass(frozen=True, slots=True)
class PublishedHead:
    """A day's head, published outside the database with a valid signature: the log had this entry then."""

    day: str  # YYYY-MM-DD, China Standard Time
    sequence: int
    hash: str


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    """Whether the chain is intact; if not, the first sequence number where it breaks and how."""

    intact: bool
    entries_checked: int
    broken_at_sequence: int = 0
    kind: str = ""  # EDITED, RELINKED or DELETED
    problem: str = ""
    last_hash: str = ""
    expected_hash: str = ""
    found_hash: str = ""
    first_sequence: int = 1  # the first sequence checked (a range may start later)

    @property
    def last_sequence(self) -> int:
        """The last sequence checked (0 when none was)."""
        return self.first_sequence + self.entries_checked - 1 if self.entries_checked else 0


async def verify_chain(
    entries: AsyncIterable[AuditEntry],
    head: tuple[int, str] | None,
    *,
    key: bytes,
    published: Sequence[PublishedHead] = (),
    after: AuditEntry | None = None,
    last_sequence: int = 0,
) -> ChainVerdict:
    """See _verify; the verdict names the range's first sequence, broken or not."""
    verdict = await _verify(entries, head, key=key, published=published, after=after, last_sequence=last_sequence)
    return dataclasses.replace(verdict, first_sequence=after.sequence + 1 if after else 1)


async def _verify(
    entries: AsyncIterable[AuditEntry],
    head: tuple[int, str] | None,
    *,
    key: bytes,
    published: Sequence[PublishedHead] = (),
    after: AuditEntry | None = None,
    last_sequence: int = 0,
) -> ChainVerdict:
    """Walks the entries in sequence order and reports the first deleted, re-linked or edited entry.

    Each entry is checked in that order: its place (a missing sequence number is a deletion), its link (its
    prev_hash must be the hash of the entry before: two entries swapped, or a tail re-linked, fail here), then its
    own HMAC (an edit fails here at the edited entry itself, whether its hash was left or recomputed without the
    key). `head` is the (sequence, hash) recorded after the last append; it reveals entries deleted from the end
    of the chain. It may lag behind after a crash between an append and the head's update, which is not a break.
    `published` are the daily heads kept outside the database (their signatures already checked): an entry at
    such a sequence must have that hash, and the log must be at least that long, which reveals a rewrite of the
    whole log, even by someone holding the key, and a truncation with the head moved back.

    A range: `after` is the entry before the first one to check (its own hash is taken as it is), and
    `last_sequence` (0: to the end) the last one; the end's checks (head, published heads' lengths) are made only
    when the range runs to the end.
    """
    pinned = {head.sequence: head for head in published}
    longest = max((head.sequence for head in published), default=0)
    first_sequence = after.sequence + 1 if after else 1
    expected_sequence = first_sequence
    previous_hash = after.hash if after else GENESIS_HASH
    checked = 0
    async for entry in entries:
        if last_sequence and entry.sequence > last_sequence:
            break
        if entry.sequence != expected_sequence:
            return ChainVerdict(
                False,
                checked,
                expected_sequence,
                DELETED,
                f"entry {expected_sequence} is missing (next present is {entry.sequence}): deleted",
            )
        if entry.prev_hash != previous_hash:
            return ChainVerdict(
                False,
                checked,
                entry.sequence,
                RELINKED,
                "prev_hash is not the previous entry's hash: re-linked, reordered or replaced",
                expected_hash=previous_hash,
                found_hash=entry.prev_hash,
            )
        if not entry.intact(key):
            return ChainVerdict(
                False,
                checked,
                entry.sequence,
                EDITED,
                "content does not match its keyed hash: edited",
                expected_hash=entry.computed_hash(key),
                found_hash=entry.hash,
            )
        published_head = pinned.get(entry.sequence)
        if published_head is not None and entry.hash != published_head.hash:
            return ChainVerdict(
                False,
                checked,
                entry.sequence,
                EDITED,
                f"hash differs from the head published for {published_head.day}: the log was rewritten",
                expected_hash=published_head.hash,
                found_hash=entry.hash,
            )
        if head is not None and entry.sequence == head[0] and entry.hash != head[1]:
            return ChainVerdict(
                False,
                checked,
                entry.sequence,
                EDITED,
                "hash differs from the recorded head: edited",
                expected_hash=head[1],
                found_hash=entry.hash,
            )
        checked += 1
        previous_hash = entry.hash
        expected_sequence += 1
    reached = first_sequence + checked - 1
    if last_sequence:
        if reached < last_sequence:
            return ChainVerdict(
                False, checked, reached + 1, DELETED, f"entries {reached + 1} to {last_sequence} are missing: deleted"
            )
        return ChainVerdict(True, checked, last_hash=previous_hash if checked else "")
    if longest > reached:
        return ChainVerdict(
            False,
            checked,
            reached + 1,
            DELETED,
            f"entries {reached + 1} to {longest} are missing, below a published head: deleted",
        )
    if head is not None and head[0] > reached:
        return ChainVerdict(
            False, checked, reached + 1, DELETED, f"entries {reached + 1} to {head[0]} are missing: deleted"
        )
    return ChainVerdict(True, checked, last_hash=previous_hash if checked else "")
