"""The audit chain's daily heads: the last entry recorded by the end of a day, signed so it can be kept outside.

A head published outside the database (a signed file, an event) pins the log: an entry at that sequence must keep
that hash, and the log must stay at least that long. Someone holding the chain's HMAC key could rewrite the whole
log consistently, but not the heads published before, which the signing key (Ed25519) vouches for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from pension_kit.clock import CHINA
from pension_supervision.domain.audit import PublishedHead


@dataclass(frozen=True, slots=True)
class DayHead:
    """A day's head, signed: the signature covers day, sequence and head hash (the contract's AuditHeadPublished)."""

    day: date
    sequence: int
    head_hash: str
    entries_that_day: int
    signature: str  # base64url Ed25519
    key_id: str

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "sequence": self.sequence,
            "head_hash": self.head_hash,
            "entries_that_day": self.entries_that_day,
            "signature": self.signature,
            "key_id": self.key_id,
        }

    def published(self) -> PublishedHead:
        return PublishedHead(self.day.isoformat(), self.sequence, self.head_hash)


class ForgedHead(ValueError):
    """A head whose signature does not verify, or that cannot be read at all."""


def day_end(day: date) -> datetime:
    """The first instant after `day` in China Standard Time: the head closes what was recorded before it."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=CHINA)


def day_of(moment: datetime) -> date:
    return moment.astimezone(CHINA).date()


def signed_bytes(day: date, sequence: int, head_hash: str) -> bytes:
    """The canonical bytes a head's signature covers."""
    fields = {"day": day.isoformat(), "sequence": sequence, "head_hash": head_hash}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """The contract's key id: the public key's SHA-256, hex, first 16 characters."""
    return hashlib.sha256(public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def sign_head(
    private_key: Ed25519PrivateKey, *, day: date, sequence: int, head_hash: str, entries_that_day: int
) -> DayHead:
    signature = private_key.sign(signed_bytes(day, sequence, head_hash))
    return DayHead(
        day=day,
        sequence=sequence,
        head_hash=head_hash,
        entries_that_day=entries_that_day,
        signature=base64.urlsafe_b64encode(signature).decode().rstrip("="),
        key_id=key_id_of(private_key.public_key()),
    )


def read_head(document: Any, public_key: Ed25519PublicKey) -> DayHead:
    """A head as published (a file's JSON), once its signature is checked; ForgedHead if it is not genuine."""
    try:
        head = DayHead(
            day=date.fromisoformat(document["day"]),
            sequence=int(document["sequence"]),
            head_hash=str(document["head_hash"]),
            entries_that_day=int(document["entries_that_day"]),
            signature=str(document["signature"]),
            key_id=str(document["key_id"]),
        )
        signature = base64.urlsafe_b64decode(head.signature + "=" * (-len(head.signature) % 4))
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ForgedHead(f"not a head: {type(exc).__name__}: {exc}") from None
    if head.key_id != key_id_of(public_key):
        raise ForgedHead(f"signed by key {head.key_id!r}, not by this service's key {key_id_of(public_key)!r}")
    try:
        public_key.verify(signature, signed_bytes(head.day, head.sequence, head.head_hash))
    except InvalidSignature:
        raise ForgedHead("the signature does not verify") from None
    return head
