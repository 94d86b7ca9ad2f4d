"""Recording every event of every service in the audit chain, verifying it, and answering questions about it."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from pension.supervision.v1 import events_pb2, supervision_pb2
from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.events import ReceivedEvent, new_event
from pension_kit.identity import Caller, Role
from pension_kit.outbox import NotifyRelay
from pension_kit.text import check_length
from pension_supervision.adapters.audit_head_files import AuditHeadFiles, HeadFileError
from pension_supervision.adapters.audit_publications import AUDIT_VERIFICATIONS, AuditPublications
from pension_supervision.adapters.audit_repository import AuditRepository
from pension_supervision.domain.audit import (
    DELETED,
    EDITED,
    RELINKED,
    AuditEntry,
    ChainVerdict,
    RecordedEvent,
    verify_chain,
)

AUDIT_READERS = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.SYSTEM)
MAX_PAGE_SIZE = 1000
REQUEST_ID_MAX: Final = 100
# The audit chain's events are about the whole platform, not a region: the contract's key for them.
WHOLE_PLATFORM_KEY: Final = "000000"
PRODUCER: Final = "supervision"

BREAK_KINDS: Final = {
    EDITED: supervision_pb2.CHAIN_BREAK_KIND_HASH_MISMATCH,
    RELINKED: supervision_pb2.CHAIN_BREAK_KIND_PREV_HASH_MISMATCH,
    DELETED: supervision_pb2.CHAIN_BREAK_KIND_SEQUENCE_GAP,
}


def recorded_event(event: ReceivedEvent, recorded_at: datetime) -> RecordedEvent:
    envelope = event.envelope
    return RecordedEvent(
        topic=event.topic,
        event_id=envelope.event_id,
        event_type=envelope.event_type,
        producer=envelope.producer,
        subject_key=envelope.subject_key,
        actor=envelope.actor,
        reason=envelope.reason,
        occurred_at=envelope.occurred_at.ToDatetime(tzinfo=UTC),
        recorded_at=recorded_at,
        envelope=event.raw,
    )


@dataclass
class AuditService:
    log: AuditRepository
    chain_key: bytes
    head_files: AuditHeadFiles
    publications: AuditPublications
    topic: str
    notify_relay: NotifyRelay

    async def record(self, event: ReceivedEvent) -> AuditEntry:
        """Appends the event once, whatever the number of deliveries (the event id is unique in the log)."""
        return await self.log.append(recorded_event(event, datetime.now(UTC)))

    async def record_batch(self, events: Sequence[ReceivedEvent]) -> list[AuditEntry]:
        """Appends a delivered batch at once, each event once whatever the number of deliveries."""
        now = datetime.now(UTC)
        return await self.log.append_batch([recorded_event(event, now) for event in events])

    async def list_entries(
        self,
        *,
        caller: Caller,
        subject_key: str,
        page_size: int,
        page_token: str,
        producer: str = "",
        event_type: str = "",
        from_sequence: int = 0,
    ) -> tuple[list[AuditEntry], str]:
        """A page of the log in sequence order, filtered by subject, producer and event type (empty: any), from
        `from_sequence` on (0: the start); the next page's token is the last sequence listed."""
        caller.require_role(*AUDIT_READERS)
        if page_size < 0 or page_size > MAX_PAGE_SIZE:
            raise InvalidArgument("PAGE_SIZE_INVALID", f"page_size must be 0 to {MAX_PAGE_SIZE}", field="page_size")
        if from_sequence < 0:
            raise InvalidArgument("FROM_SEQUENCE_INVALID", "from_sequence must be 0 or more", field="from_sequence")
        try:
            after = int(page_token) if page_token else 0
        except ValueError:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token") from None
        if after < 0:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token")
        after = max(after, from_sequence - 1)
        limit = page_size or 100
        entries = await self.log.list_entries(
            subject_key=subject_key, producer=producer, event_type=event_type, after_sequence=after, limit=limit
        )
        next_token = str(entries[-1].sequence) if len(entries) == limit else ""
        return entries, next_token

    async def check(self, *, from_sequence: int = 0, to_sequence: int = 0) -> ChainVerdict:
        """The chain (or the range from_sequence..to_sequence, 0 meaning the first and the newest) against its own
        links and HMACs, its head, and every published daily head (each file's signature checked first:
        FailedPrecondition AUDIT_HEAD_FILE_INVALID names a file that is not genuine)."""
        try:
            published = [head.published() for head in self.head_files.read_all()]
        except HeadFileError as exc:
            raise FailedPrecondition(
                "AUDIT_HEAD_FILE_INVALID",
                f"the published audit head file {exc.path.name} is not genuine ({exc.why}); it is not trusted",
                message_zh=f"已发布的审计链日终头文件 {exc.path.name} 签名无效或已损坏，不予采信",
            ) from None
        after = None
        if from_sequence > 1:
            after = await self.log.entry(from_sequence - 1)
            if after is None:
                return ChainVerdict(
                    False,
                    0,
                    from_sequence - 1,
                    DELETED,
                    f"entry {from_sequence - 1}, before the range, is missing: deleted",
                    first_sequence=from_sequence,
                )
        return await verify_chain(
            self.log.walk_from(from_sequence),
            await self.log.head(),
            key=self.chain_key,
            published=published,
            after=after,
            last_sequence=to_sequence,
        )

    async def verify(
        self, *, caller: Caller, request_id: str = "", from_sequence: int = 0, to_sequence: int = 0
    ) -> ChainVerdict:
        """Verifies the chain; with a request id the verdict is announced once (AuditChainVerified or
        AuditChainBroken through the outbox), and the same request id again answers that same verdict."""
        caller.require_role(*AUDIT_READERS)
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
        for name, value in (("from_sequence", from_sequence), ("to_sequence", to_sequence)):
            if value < 0:
                raise InvalidArgument(
                    "SEQUENCE_INVALID",
                    f"{name} is 0 or a sequence number",
                    field=name,
                    message_zh=f"{name} 须为 0 或序号",
                )
        if to_sequence and to_sequence < from_sequence:
            raise InvalidArgument(
                "SEQUENCE_RANGE_INVALID",
                "to_sequence comes before from_sequence",
                field="to_sequence",
                message_zh="结束序号早于起始序号",
            )
        if request_id:
            recorded = await self.publications.verdict(request_id)
            if recorded is not None:
                return ChainVerdict(**recorded)
        verdict = await self.check(from_sequence=from_sequence, to_sequence=to_sequence)
        if not request_id:
            return verdict
        if verdict.intact:
            payload: events_pb2.AuditChainVerified | events_pb2.AuditChainBroken = events_pb2.AuditChainVerified(
                entries_checked=verdict.entries_checked,
                first_sequence=verdict.first_sequence if verdict.entries_checked else 0,
                last_sequence=verdict.last_sequence,
                head_hash=verdict.last_hash,
            )
        else:
            payload = events_pb2.AuditChainBroken(
                entries_checked=verdict.entries_checked,
                broken_at_sequence=verdict.broken_at_sequence,
                break_kind=BREAK_KINDS[verdict.kind],
                expected_hash=verdict.expected_hash,
                found_hash=verdict.found_hash,
            )
        event = new_event(
            topic=self.topic,
            payload=payload,
            subject_key=WHOLE_PLATFORM_KEY,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=f"audit chain verification {request_id}",
            # One event id per request id, so that even two racing first requests make one event.
            event_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"pension/supervision/audit-verification/{request_id}")),
        )
        recorded = await self.publications.record_verdict(request_id, dataclasses.asdict(verdict), [event])
        self.notify_relay(AUDIT_VERIFICATIONS, [request_id])
        return ChainVerdict(**recorded)
