"""Building event envelopes for the outbox, and opening them again on the consuming side."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.protobuf import symbol_database
from google.protobuf.message import DecodeError, Message
from opentelemetry import propagate

from pension.common.v1 import envelope_pb2

SCHEMA_VERSION = 1


def new_event(
    *,
    topic: str,
    payload: Message,
    subject_key: str,
    producer: str,
    actor: str,
    reason: str = "",
    occurred_at: datetime | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """An outbox entry: the serialised envelope plus where it goes, ready to embed in an aggregate's write.

    The trace context of the state change is captured now, because the relay publishes later from
    another task, and the consumer's work must join the trace of the request that caused it.
    """
    envelope = envelope_pb2.EventEnvelope(
        event_id=event_id or str(uuid.uuid4()),
        event_type=payload.DESCRIPTOR.full_name,
        producer=producer,
        subject_key=subject_key,
        schema_version=SCHEMA_VERSION,
        actor=actor,
        reason=reason,
    )
    envelope.occurred_at.FromDatetime(occurred_at or datetime.now(UTC))
    envelope.payload.Pack(payload)
    trace_headers: dict[str, str] = {}
    propagate.inject(trace_headers)
    return {
        "event_id": envelope.event_id,
        "topic": topic,
        "key": subject_key,
        "event_type": envelope.event_type,
        "envelope": envelope.SerializeToString(),
        "trace": trace_headers,
    }


class UnreadableEvent(Exception):
    """A record whose bytes are not an envelope, or whose payload type this process does not know."""


@dataclass(frozen=True, slots=True)
class ReceivedEvent:
    """An event as a consumer sees it: the envelope, its bytes as received, and where it was read."""

    envelope: envelope_pb2.EventEnvelope
    raw: bytes
    topic: str
    partition: int
    offset: int

    def payload(self) -> Message:
        """The payload as its generated class; UnreadableEvent if this process does not know the type."""
        return unpack_payload(self.envelope)

    @property
    def event_id(self) -> str:
        return self.envelope.event_id

    @property
    def event_type(self) -> str:
        return self.envelope.event_type


def parse_envelope(value: bytes) -> envelope_pb2.EventEnvelope:
    envelope = envelope_pb2.EventEnvelope()
    try:
        envelope.ParseFromString(value)
    except DecodeError as exc:
        raise UnreadableEvent(f"not an EventEnvelope: {exc}") from exc
    if not envelope.event_id or not envelope.event_type:
        raise UnreadableEvent("envelope without event_id or event_type")
    return envelope


def unpack_payload(envelope: envelope_pb2.EventEnvelope) -> Message:
    """The payload as its generated message class (the class must have been imported by this process)."""
    try:
        message_class = symbol_database.Default().GetSymbol(envelope.event_type)
    except KeyError as exc:
        raise UnreadableEvent(f"unknown event type {envelope.event_type}") from exc
    payload: Message = message_class()
    if not envelope.payload.Unpack(payload):
        raise UnreadableEvent(f"payload is {envelope.payload.type_url}, envelope says {envelope.event_type}")
    return payload
