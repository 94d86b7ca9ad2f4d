"""Liveness challenges as issued, and their single use: a challenge is consumed once, atomically, by the request
that answers it (a conditional write on `used_at` null), so that a captured answer cannot be replayed.

The token handed to the phone is an opaque encoding of the whole challenge with its signature (base64url of a
compact JSON array); its signature is checked by the domain (liveness.require_usable) before it is trusted.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.errors import InvalidArgument
from pension_kit.mongo import Document
from pension_verification.adapters.store import LIVENESS_CHALLENGES
from pension_verification.domain.liveness import Action, Challenge

TOKEN_VERSION: Final = 1
# A challenge of 3 actions encodes in about 350 characters; anything much longer is not ours.
TOKEN_MAX: Final = 1024
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _moment(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def encode_token(challenge: Challenge) -> str:
    fields = [
        TOKEN_VERSION,
        challenge.challenge_id,
        challenge.resident_id,
        [str(action) for action in challenge.actions],
        _micros(challenge.issued_at),
        _micros(challenge.expires_at),
        challenge.signature,
    ]
    text = json.dumps(fields, separators=(",", ":"), ensure_ascii=True)
    return base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")


def _malformed() -> InvalidArgument:
    return InvalidArgument(
        "CHALLENGE_TOKEN_MALFORMED",
        "challenge_token is not a token this service issued",
        field="challenge_token",
        message_zh="认证挑战无效，请重新获取",
    )


def decode_token(token: str) -> Challenge:
    """The challenge a token encodes, not yet trusted: its signature is the domain's to check."""
    if not token or len(token) > TOKEN_MAX:
        raise _malformed()
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        fields = json.loads(raw)
        version, challenge_id, resident_id, actions, issued, expires, signature = fields
        if version != TOKEN_VERSION or not all(isinstance(v, str) for v in (challenge_id, resident_id, signature)):
            raise ValueError("fields")
        if not isinstance(issued, int) or not isinstance(expires, int) or not isinstance(actions, list):
            raise ValueError("fields")
        return Challenge(
            challenge_id, resident_id, tuple(Action(a) for a in actions), _moment(issued), _moment(expires), signature
        )
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, OverflowError) as error:
        raise _malformed() from error


class Consumption(StrEnum):
    FIRST = "FIRST"  # this request used the challenge now
    SAME_REQUEST = "SAME_REQUEST"  # this request used it before (a retry): carry on, the request decides once
    OTHER_REQUEST = "OTHER_REQUEST"  # used by another request: a replay
    UNKNOWN = "UNKNOWN"  # never stored (signed by us but not issued: a key shared with another deployment)


@dataclass
class LivenessChallenges:
    database: AsyncDatabase[Document]

    def __post_init__(self) -> None:
        self.challenges = self.database[LIVENESS_CHALLENGES]

    async def issued(self, challenge: Challenge) -> None:
        """Stores a challenge just issued (the signature stays in the token only)."""
        try:
            await self.challenges.insert_one(
                {
                    "_id": challenge.challenge_id,
                    "resident_id": challenge.resident_id,
                    "actions": [str(action) for action in challenge.actions],
                    "issued_at": challenge.issued_at,
                    "expires_at": challenge.expires_at,
                    "used_at": None,
                    "used_by": None,
                }
            )
        except DuplicateKeyError as error:  # a random 128-bit id twice: never in practice
            raise RuntimeError("challenge id collision") from error

    async def consume(self, challenge_id: str, *, request_id: str, now: datetime) -> Consumption:
        """Marks the challenge used by `request_id` unless it was used already; says which it was."""
        result = await self.challenges.update_one(
            {"_id": challenge_id, "used_at": None}, {"$set": {"used_at": now, "used_by": request_id}}
        )
        if result.modified_count == 1:
            return Consumption.FIRST
        found = await self.challenges.find_one({"_id": challenge_id}, {"used_by": 1})
        if found is None:
            return Consumption.UNKNOWN
        return Consumption.SAME_REQUEST if found.get("used_by") == request_id else Consumption.OTHER_REQUEST
