"""Publishing the audit chain's daily heads: for each past day not yet published, a signed file and an event."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pension.supervision.v1 import events_pb2
from pension_kit.events import new_event
from pension_kit.identity import SYSTEM_CALLER
from pension_kit.outbox import NotifyRelay
from pension_kit.protoconv import to_calendar_date
from pension_supervision.adapters.audit_head_files import AuditHeadFiles
from pension_supervision.adapters.audit_publications import AUDIT_HEADS, AuditPublications
from pension_supervision.adapters.audit_repository import AuditRepository
from pension_supervision.domain.audit_heads import DayHead, day_end, day_of, sign_head
from pension_supervision.service_layer.audit import PRODUCER, WHOLE_PLATFORM_KEY

log = logging.getLogger(__name__)

# A day is closed this long after its midnight: a batch recorded just before midnight has been written by then.
SETTLING: Final = timedelta(minutes=5)


@dataclass
class AuditHeadPublisher:
    log: AuditRepository
    publications: AuditPublications
    files: AuditHeadFiles
    signing_key: Ed25519PrivateKey
    topic: str
    notify_relay: NotifyRelay

    async def publish_due(self, now: datetime) -> list[DayHead]:
        """Publishes every closed day not yet published, oldest first, from the log's first day; returns them.

        Idempotent per day: the day's document is inserted once (a second replica finds it) and its file is
        written from that document; the last day published is looked at again in case a crash came between its
        document and its file.
        """
        last_closed = day_of(now - SETTLING) - timedelta(days=1)
        last = await self.publications.last_head()
        if last is not None:
            if not self.files.exists(last):
                self.files.write(last)
            day, sequence = last.day + timedelta(days=1), last.sequence
        else:
            first = await self.log.entry(1)
            if first is None:
                return []
            day, sequence = day_of(first.recorded_at), 0
        published: list[DayHead] = []
        while day <= last_closed:
            head = await self._head_of(day, after=sequence)
            recorded, fresh = await self.publications.record_head(head, [self._event(head)])
            if fresh:
                self.notify_relay(AUDIT_HEADS, [head.day.isoformat()])
            self.files.write(recorded)
            published.append(recorded)
            day, sequence = day + timedelta(days=1), recorded.sequence
        return published

    async def _head_of(self, day: date, *, after: int) -> DayHead:
        """The day's head: the last entry recorded before its end, found by bisection over sequences (recorded_at
        never goes back along the chain); `after` is the previous day's head."""
        end = day_end(day)
        head = await self.log.head()
        low, high = after, max(head[0] if head else 0, after)  # low: recorded before the end; high: the last bound
        while low < high:
            middle = (low + high + 1) // 2
            entry = await self.log.entry(middle)
            if entry is None:
                raise LookupError(f"audit entry {middle} is missing: no head is published over a broken log")
            if entry.recorded_at < end:
                low = middle
            else:
                high = middle - 1
        head_hash = ""
        if low:
            entry = await self.log.entry(low)
            if entry is None:
                raise LookupError(f"audit entry {low} is missing: no head is published over a broken log")
            head_hash = entry.hash
        return sign_head(self.signing_key, day=day, sequence=low, head_hash=head_hash, entries_that_day=low - after)

    def _event(self, head: DayHead) -> dict[str, object]:
        return new_event(
            topic=self.topic,
            payload=events_pb2.AuditHeadPublished(
                day=to_calendar_date(head.day),
                sequence=head.sequence,
                head_hash=head.head_hash,
                entries_that_day=head.entries_that_day,
                signature=head.signature,
                key_id=head.key_id,
            ),
            subject_key=WHOLE_PLATFORM_KEY,
            producer=PRODUCER,
            actor=SYSTEM_CALLER.user_id,
            reason=f"audit chain head of {head.day.isoformat()}",
            event_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"pension/supervision/audit-head/{head.day.isoformat()}")),
        )
