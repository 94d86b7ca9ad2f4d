"""The agents' registered phones and their refresh tokens: registration on first sign-in, rotation, revocation."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_kit.errors import FailedPrecondition, NotFound, Unauthenticated
from pension_kit.mongo import Document, IndexSpec, ensure_indexes

DEVICES: Final = "agent_devices"
REFRESH_TOKENS: Final = "agent_refresh_tokens"

# An agent works from a phone and perhaps a spare or a tablet: a fourth active device is refused until an officer
# revokes one (a lost phone), so that a leaked password alone cannot register phones without limit.
MAX_ACTIVE_DEVICES: Final = 3
ACCESS_TOKEN_TTL_SECONDS: Final = 15 * 60
REFRESH_TOKEN_TTL: Final = timedelta(days=30)
# 256 bits of randomness, URL-safe base64 without padding: 43 characters.
REFRESH_TOKEN_BYTES: Final = 32
REFRESH_TOKEN_PATTERN: Final = r"^[A-Za-z0-9_-]{43}$"

ACTIVE: Final = "active"
REVOKED: Final = "revoked"
# A refresh token's life: live until used once (rotated), or revoked with its device's sessions.
_LIVE: Final = "live"
_ROTATED: Final = "rotated"
_DEAD: Final = "revoked"

INDEXES: Final = [
    IndexSpec(DEVICES, [("user_id", 1), ("device_id", 1)], unique=True, name="agent_device_unique"),
    # FerretDB has no TTL indexes: a device's spent and expired tokens are deleted when it is issued a new one.
    IndexSpec(REFRESH_TOKENS, [("user_id", 1), ("device_id", 1), ("state", 1)], name="device_refresh_tokens"),
]


def _refresh_refused() -> Unauthenticated:
    return Unauthenticated(
        "REFRESH_TOKEN_INVALID",
        "the refresh token is not valid (expired, signed out, or never issued): sign in again",
        field="refresh_token",
        message_zh="登录已失效，请重新登录",
    )


def device_revoked() -> Unauthenticated:
    """The refusal of anything from a device an officer revoked (a lost phone): it never signs in again."""
    return Unauthenticated(
        "DEVICE_REVOKED",
        "this device was revoked by an officer and can no longer sign in",
        field="device_id",
        message_zh="该设备已被停用，不能再登录",
    )


def _token_hash(token: str) -> str:
    """What is stored of a refresh token: its SHA-256, so that a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _device_key(user_id: str, device_id: str) -> str:
    return f"{user_id}\x00{device_id}"


@dataclass(frozen=True, slots=True)
class Refresh:
    """A refresh token issued to one agent's device (the token itself is shown once, never stored)."""

    token: str
    user_id: str
    device_id: str
    expires_at: datetime


class DeviceRegistry:
    """The agents' devices and refresh tokens, in the gateway's own database."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._database = database
        self._devices = database[DEVICES]
        self._tokens = database[REFRESH_TOKENS]
        self._indexed = False

    async def _ready(self) -> None:
        """The indexes, made on first use rather than at start: the gateway starts (and answers 503s) while its
        database is away. None of them enforces anything (each _id is the key), so a request before them is safe."""
        if not self._indexed:
            await ensure_indexes(self._database, INDEXES)
            self._indexed = True

    async def register(self, user_id: str, device_id: str, device_name: str) -> Document:
        """The device an agent signs in on: registered on the first sign-in, refused if revoked or one too many."""
        await self._ready()
        now = datetime.now(UTC)
        key = _device_key(user_id, device_id)
        existing = await self._devices.find_one({"_id": key})
        if existing is None:
            try:
                await self._devices.insert_one(
                    {
                        "_id": key,
                        "user_id": user_id,
                        "device_id": device_id,
                        "device_name": device_name,
                        "status": ACTIVE,
                        "registered_at": now,
                        "last_signed_in_at": now,
                    }
                )
            except DuplicateKeyError:
                pass  # The same phone signing in twice at once: one registration.
            else:
                # Counted after the insert, so that two phones registering at once cannot both pass the cap.
                active = await self._devices.count_documents({"user_id": user_id, "status": ACTIVE})
                if active > MAX_ACTIVE_DEVICES:
                    await self._devices.delete_one({"_id": key, "status": ACTIVE})
                    raise FailedPrecondition(
                        "DEVICE_LIMIT_REACHED",
                        f"an agent has at most {MAX_ACTIVE_DEVICES} active devices: ask an officer to revoke one",
                        field="device_id",
                        message_zh=f"每名协办员最多登记{MAX_ACTIVE_DEVICES}台设备，请联系经办人员停用旧设备",
                    )
        device = await self._devices.find_one_and_update(
            {"_id": key, "status": ACTIVE},
            {"$set": {"last_signed_in_at": now, "device_name": device_name}},
            return_document=ReturnDocument.AFTER,
        )
        if device is None:
            raise device_revoked()
        return device

    async def is_revoked(self, user_id: str, device_id: str) -> bool:
        """Whether an officer revoked the device: read on every agent request, so that a revocation takes effect
        at once (one read by _id). Only a revoked device is refused: a token naming a device is minted only by
        sign-in, which registers the device first."""
        await self._ready()
        found = await self._devices.find_one({"_id": _device_key(user_id, device_id), "status": REVOKED}, {"_id": 1})
        return found is not None

    async def of_agent(self, user_id: str) -> list[Document]:
        """An agent's devices, active and revoked, the earliest registered first."""
        await self._ready()
        return await self._devices.find({"user_id": user_id}).sort("registered_at", 1).to_list()

    async def revoke(self, user_id: str, device_id: str, *, by: str, reason: str) -> Document:
        """An officer revokes a lost device: it never signs in again and its sessions end; revoking it again
        changes nothing and answers the same."""
        await self._ready()
        now = datetime.now(UTC)
        key = _device_key(user_id, device_id)
        await self._devices.update_one(
            {"_id": key, "status": ACTIVE},
            {"$set": {"status": REVOKED, "revoked_at": now, "revoked_by": by, "revocation_reason": reason}},
        )
        device = await self._devices.find_one({"_id": key})
        if device is None:
            raise NotFound(
                "DEVICE_NOT_FOUND",
                f"agent {user_id} has no device {device_id}",
                field="device_id",
                message_zh="未找到该协办员的此设备",
            )
        await self.end_sessions(user_id, device_id)
        return device

    async def issue_refresh(self, user_id: str, device_id: str) -> Refresh:
        await self._ready()
        token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        now = datetime.now(UTC)
        expires_at = now + REFRESH_TOKEN_TTL
        # The device's tokens that can only be refused now go; rotated ones are kept until they expire, since a
        # replay of one is how a copied token is recognised.
        await self._tokens.delete_many({"user_id": user_id, "device_id": device_id, "expires_at": {"$lte": now}})
        await self._tokens.insert_one(
            {
                "_id": _token_hash(token),
                "user_id": user_id,
                "device_id": device_id,
                "state": _LIVE,
                "issued_at": now,
                "expires_at": expires_at,
            }
        )
        return Refresh(token, user_id, device_id, expires_at)

    async def use_refresh(self, token: str) -> tuple[str, str]:
        """The agent and device a refresh token belongs to, the token spent (rotation: each is used once).

        A token used a second time was copied: whoever holds it, every session of that device ends (the agent
        signs in again with their password) and the refusal says why."""
        await self._ready()
        hashed = _token_hash(token)
        now = datetime.now(UTC)
        spent = await self._tokens.find_one_and_update(
            {"_id": hashed, "state": _LIVE, "expires_at": {"$gt": now}},
            {"$set": {"state": _ROTATED, "used_at": now}},
        )
        if spent is not None:
            return str(spent["user_id"]), str(spent["device_id"])
        stale = await self._tokens.find_one({"_id": hashed})
        if stale is not None and stale["state"] == _ROTATED:
            await self.end_sessions(str(stale["user_id"]), str(stale["device_id"]))
            raise Unauthenticated(
                "REFRESH_TOKEN_REUSED",
                "this refresh token was already used: the device's sessions are ended, sign in again",
                field="refresh_token",
                message_zh="登录凭证被重复使用，为安全起见已退出登录，请重新登录",
            )
        raise _refresh_refused()

    async def end_sessions(self, user_id: str, device_id: str) -> None:
        """Sign-out, theft or revocation: no refresh token of the device works any more."""
        await self._ready()
        await self._tokens.update_many(
            {"user_id": user_id, "device_id": device_id, "state": _LIVE}, {"$set": {"state": _DEAD}}
        )


def device_view(device: Document) -> dict[str, Any]:
    """A device as the agent and officers see it: no token, nothing but what identifies the phone."""
    return {
        "device_id": device["device_id"],
        "device_name": device.get("device_name", ""),
        "status": device["status"],
        "registered_at": device["registered_at"],
        "last_signed_in_at": device.get("last_signed_in_at"),
        "revoked_at": device.get("revoked_at"),
        "revoked_by": device.get("revoked_by", ""),
    }
