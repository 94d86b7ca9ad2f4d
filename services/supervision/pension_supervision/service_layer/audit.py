"""Recording every event of every service in the audit chain, and answering questions about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from pension_kit.errors import InvalidArgument
from pension_kit.events import ReceivedEvent
from pension_kit.identity import Caller, Role
from pension_supervision.adapters.audit_repository import AuditRepository
from pension_supervision.domain.audit import AuditEntry, ChainVerdict, verify_chain

AUDIT_READERS = (Role.AUDITOR, Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.SYSTEM)
MAX_PAGE_SIZE = 1000


@dataclass
class AuditService:
    log: AuditRepository

    async def record(self, event: ReceivedEvent) -> AuditEntry:
        """Appends the event once, whatever the number of deliveries (the event id is unique in the log)."""
        envelope = event.envelope
        return await self.log.append(
            topic=event.topic,
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            producer=envelope.producer,
            subject_key=envelope.subject_key,
            actor=envelope.actor,
            reason=envelope.reason,
            occurred_at=envelope.occurred_at.ToDatetime(tzinfo=UTC),
            recorded_at=datetime.now(UTC),
            envelope=event.raw,
        )

    async def list_entries(
        self, *, caller: Caller, subject_key: str, page_size: int, page_token: str
    ) -> tuple[list[AuditEntry], str]:
        caller.require_role(*AUDIT_READERS)
        if page_size < 0 or page_size > MAX_PAGE_SIZE:
            raise InvalidArgument("PAGE_SIZE_INVALID", f"page_size must be 0 to {MAX_PAGE_SIZE}", field="page_size")
        try:
            after = int(page_token) if page_token else 0
        except ValueError:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token") from None
        limit = page_size or 100
        entries = await self.log.list_entries(subject_key=subject_key, after_sequence=after, limit=limit)
        next_token = str(entries[-1].sequence) if len(entries) == limit else ""
        return entries, next_token

    async def verify(self, *, caller: Caller) -> ChainVerdict:
        caller.require_role(*AUDIT_READERS)
        return await verify_chain(self.log.walk(), await self.log.head())
