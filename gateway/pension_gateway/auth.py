"""Sign-in: the users' store (argon2 password hashes), and the signed tokens the gateway issues and checks.

The gateway is the platform's sign-in service: it alone holds the private key that signs tokens
(pension_kit.tokens). A user signs in with their password and receives a token naming them, their role and
an agent's villages; the gateway forwards that same token to the services, and each service verifies it
again (signature, expiry, audience). Users are created by officers with `python -m pension_gateway users add`.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from pension_kit.errors import AlreadyExists, InvalidArgument, NotFound, Unauthenticated
from pension_kit.identifiers import IdentifierError, validate_village_code
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.tokens import TokenSigner, bearer_metadata

USERS: Final = "users"
USER_ID_PATTERN: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
# A password shorter than this is refused when a user is created; longer than the maximum is refused unread.
MIN_PASSWORD_LENGTH: Final = 10
MAX_PASSWORD_LENGTH: Final = 256

# argon2id with the library's defaults (RFC 9106's second recommended setting): about 50 ms a check here,
# slow enough to make guessing costly, fast enough that a village's agents signing in at once are served.
_hasher = PasswordHasher()
# Checked against when a user does not exist, so that a wrong user name costs what a wrong password costs.
_NO_SUCH_USER_HASH: Final = _hasher.hash("no such user; this hash only makes a miss cost what a check costs")


def _sign_in_failed() -> Unauthenticated:
    """The one refusal of a sign-in, whatever was wrong (a fresh exception each time: a raised instance carries
    its traceback, so one shared between requests would mix them)."""
    return Unauthenticated(
        "SIGN_IN_FAILED",
        "the user name or the password is not right, or the user is disabled",
        field="password",
        message_zh="用户名或密码不正确，或账号已停用",
    )


@dataclass(frozen=True, slots=True)
class SignedInCaller(Caller):
    """A caller the gateway verified, with the token it forwards to the services on the caller's behalf."""

    token: str = ""

    def to_metadata(self) -> tuple[tuple[str, str], ...]:
        """The gRPC metadata of a call made on this caller's behalf: their own signed token."""
        return bearer_metadata(self.token)


def check_user_id(user_id: str) -> str:
    if not USER_ID_PATTERN.fullmatch(user_id):
        raise InvalidArgument(
            "USER_ID_INVALID",
            "a user id is 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'",
            field="user_id",
            message_zh="用户名须为2至64位小写字母、数字或 . _ -",
        )
    return user_id


def _check_villages(role: Role, villages: frozenset[str]) -> None:
    if role is Role.SYSTEM:
        raise InvalidArgument(
            "ROLE_NOT_ALLOWED",
            "the system role belongs to services, not users",
            field="role",
            message_zh="不能创建系统角色用户",
        )
    if role is Role.VILLAGE_AGENT and not villages:
        raise InvalidArgument(
            "VILLAGES_REQUIRED",
            "a village agent needs at least one village",
            field="villages",
            message_zh="协办员须指定所负责的村",
        )
    for village in villages:
        try:
            validate_village_code(village, field="villages")
        except IdentifierError as error:
            raise InvalidArgument(error.reason, error.message, field="villages") from None


class UserStore:
    """The users who may sign in: one document per user id, with an argon2id hash of the password."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._users = collection

    async def add(self, user_id: str, role: Role, villages: frozenset[str], password: str) -> None:
        check_user_id(user_id)
        _check_villages(role, villages)
        if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            raise InvalidArgument(
                "PASSWORD_TOO_SHORT",
                f"a password has {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters",
                field="password",
                message_zh=f"密码须为{MIN_PASSWORD_LENGTH}至{MAX_PASSWORD_LENGTH}个字符",
            )
        document = {
            "_id": user_id,
            "role": role.value,
            "villages": sorted(villages),
            "password_hash": await asyncio.to_thread(_hasher.hash, password),
            "disabled": False,
            "created_at": datetime.now(UTC),
        }
        try:
            await self._users.insert_one(document)
        except DuplicateKeyError:
            raise AlreadyExists(
                "USER_EXISTS", f"user {user_id} exists", field="user_id", message_zh="用户已存在"
            ) from None

    async def set_password(self, user_id: str, password: str) -> None:
        if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            raise InvalidArgument(
                "PASSWORD_TOO_SHORT", "the password is too short", field="password", message_zh="密码太短"
            )
        hashed = await asyncio.to_thread(_hasher.hash, password)
        result = await self._users.update_one({"_id": user_id}, {"$set": {"password_hash": hashed}})
        if result.matched_count == 0:
            raise NotFound("USER_NOT_FOUND", f"no user {user_id}", field="user_id", message_zh="用户不存在")

    async def set_disabled(self, user_id: str, disabled: bool) -> None:
        result = await self._users.update_one({"_id": user_id}, {"$set": {"disabled": disabled}})
        if result.matched_count == 0:
            raise NotFound("USER_NOT_FOUND", f"no user {user_id}", field="user_id", message_zh="用户不存在")

    async def list(self) -> list[dict[str, Any]]:
        return await self._users.find({}, {"password_hash": 0}).sort("_id", 1).to_list()

    async def enabled(self, user_id: str) -> Caller | None:
        """The caller a user is now (role and villages as they stand), or None if disabled or gone: a refresh of an
        agent's session reads it, so that a disabled agent or a changed village list takes effect."""
        document = await self._users.find_one({"_id": user_id}, {"password_hash": 0})
        if document is None or document.get("disabled"):
            return None
        return Caller(user_id, Role(document["role"]), frozenset(document.get("villages", ())))

    async def sign_in(self, user_id: str, password: str) -> Caller:
        """The caller a user name and password belong to; the same refusal whatever was wrong."""
        if len(password) > MAX_PASSWORD_LENGTH or not USER_ID_PATTERN.fullmatch(user_id):
            raise _sign_in_failed()
        document = await self._users.find_one({"_id": user_id})
        stored = document["password_hash"] if document else _NO_SUCH_USER_HASH
        try:
            await asyncio.to_thread(_hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            raise _sign_in_failed() from None
        if document is None or document.get("disabled"):
            raise _sign_in_failed()
        if _hasher.check_needs_rehash(stored):
            # The hashing parameters were raised since this password was set: store it under the new ones.
            hashed = await asyncio.to_thread(_hasher.hash, password)
            await self._users.update_one({"_id": user_id}, {"$set": {"password_hash": hashed}})
        return Caller(user_id, Role(document["role"]), frozenset(document.get("villages", ())))


def issue_token(signer: TokenSigner, caller: Caller, ttl_seconds: int) -> str:
    """A token for a signed-in caller, accepted by the gateway and every service."""
    return signer.mint(caller, ttl_seconds)
