"""Verifying a 12333 caller (`POST /hotline/v1/calls`): the citizen ID number, the name and one shared secret, with
failed attempts counted per number across hotline clients and a lock after too many; a verified call gets a
short-lived token that reads that one resident."""

from __future__ import annotations

import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Final, Literal

import grpc
import pymongo
from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension.enrolment.v1 import enrolment_service_pb2
from pension.payout.v1 import payout_pb2, payout_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings, Signer
from pension_gateway.api.problems import problem, problem_responses
from pension_gateway.api.routes.fields import CitizenIdNumber, Name, RequestId
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.errors import PermissionDenied
from pension_kit.identity import Caller, Role
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS, Document, IndexSpec, ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_kit.tokens import TokenSigner

log = logging.getLogger(__name__)
router = APIRouter(tags=["hotline"])

# Failed verifications per citizen ID number (keyed hash, never the number) and the locks; verified calls.
CALLER_ATTEMPTS: Final = "hotline_caller_attempts"
HOTLINE_CALLS: Final = "hotline_calls"
# The keyed hash's purpose: a number's key here matches no other collection's.
CALLER_KEY_PURPOSE: Final = "hotline_caller"
# How long the gateway's start waits for the database to make the indexes.
PREPARE_TIMEOUT_SECONDS: Final = 2.0
# The token that reads the last payment for the check lives only as long as that one call to payout.
CHECK_TOKEN_TTL_SECONDS: Final = 60
# The largest last payment a caller can name: 10 million yuan, far over any monthly pension.
LAST_PAYMENT_MAX_FEN: Final = 1_000_000_000


class BankCardSecret(BaseModel):
    kind: Literal["bank_card_last4"]
    value: Annotated[str, Field(pattern=r"^[0-9]{4}$", description="The last four digits of the pension's bank card.")]


class LastPaymentSecret(BaseModel):
    kind: Literal["last_payment_fen"]
    value: Annotated[
        int, Field(ge=1, le=LAST_PAYMENT_MAX_FEN, description="The last pension paid to the caller, in fen.")
    ]


class CallIn(BaseModel):
    """What the caller says on the phone; the number is sent in the body, never in the URL."""

    request_id: RequestId
    citizen_id_number: CitizenIdNumber
    name: Name
    secret: Annotated[BankCardSecret | LastPaymentSecret, Field(discriminator="kind")]


class CallOut(BaseModel):
    """A verified call: its token reads this one resident (`/hotline/v1/residents/{resident_id}/...`)."""

    call_id: str
    call_token: str = Field(description="Bearer token of the call: role hotline, this resident only.")
    expires_at: datetime
    resident_id: str
    name: str = Field(description="The verified caller's name, in full.")
    citizen_id_masked: str
    mobile_masked: str
    bank_account_masked: str
    village_code: str


def caller_not_verified() -> PermissionDenied:
    """The one refusal of a verification, whatever was wrong (unknown number, wrong name, wrong secret)."""
    return PermissionDenied(
        "CALLER_NOT_VERIFIED",
        "the caller's answers do not match the records; ask again or open a ticket",
        field="secret",
        message_zh="来电人身份核验未通过，请重新核对或登记工单",
    )


def caller_locked(retry_after_seconds: int) -> JSONResponse:
    return problem(
        429,
        "CALLER_LOCKED",
        "too many failed verifications of this citizen ID number; try again later",
        field="citizen_id_number",
        title_zh="该身份证号码核验失败次数过多，已暂时锁定，请稍后再试",
        headers={"Retry-After": str(max(1, retry_after_seconds))},
    )


@dataclass(frozen=True, slots=True)
class Attempt:
    """A verification attempt of a number: `counted`, the number's attempts with this one (0 when this request was
    counted before: a retry); `locked_for`, the seconds until the lock ends when the number is locked, else 0."""

    key: str
    counted: int
    locked_for: int


class CallerAttempts:
    """Failed verifications per number and the lock they lead to, counted atomically in the gateway's database.

    One document per number key: `attempts` (failed, or under way), the request ids counted, `locked`, and
    `expires_at` (failures older than the lock period are forgotten; a lock ends then). An attempt is counted
    before the check, so simultaneous guesses cannot get more checks than the limit; a success forgets the
    failures; a check that could not be made (a service down) is not counted."""

    def __init__(self, collection: AsyncCollection[Document], *, limit: int, lock_seconds: int) -> None:
        self._attempts = collection
        self._limit = limit
        self._lock = timedelta(seconds=lock_seconds)

    async def begin(self, key: str, request_key: str) -> Attempt:
        now = datetime.now(UTC)
        # Records whose time is up are forgotten first, this number's and any other's: FerretDB has no TTL index,
        # and the collection holds only the last lock period's failures, so the sweep stays small.
        await self._attempts.delete_many({"expires_at": {"$lte": now}})
        existing = await self._attempts.find_one({"_id": key})
        if existing is not None and (existing.get("locked") or request_key in existing.get("requests", ())):
            # Locked, or a retry of a request already counted (its answer was a refusal, and stays one).
            return Attempt(key, self._limit + 1 if existing.get("locked") else 0, self._remaining(existing, now))
        counted = None
        for _ in range(2):
            try:
                counted = await self._attempts.find_one_and_update(
                    {"_id": key, "requests": {"$ne": request_key}},
                    {
                        "$inc": {"attempts": 1},
                        "$push": {"requests": request_key},
                        "$setOnInsert": {"expires_at": now + self._lock, "locked": False},
                    },
                    upsert=True,
                    return_document=ReturnDocument.AFTER,
                )
                break
            except DuplicateKeyError:
                # Another attempt made the record at the same instant (then counting again finds it), or this
                # request is counted already (then it is a retry, answered as one).
                continue
        if counted is None:
            return Attempt(key, 0, 0)
        attempts = int(counted["attempts"])
        if counted.get("locked") or attempts > self._limit:
            return Attempt(key, attempts, self._remaining(counted, now) or int(self._lock.total_seconds()))
        return Attempt(key, attempts, 0)

    async def failed(self, attempt: Attempt) -> None:
        """The attempt's answers were wrong: at the limit, the number is locked for the lock period from now."""
        if attempt.counted >= self._limit:
            await self._attempts.update_one(
                {"_id": attempt.key, "locked": {"$ne": True}},
                {"$set": {"locked": True, "expires_at": datetime.now(UTC) + self._lock}},
            )

    async def succeeded(self, attempt: Attempt) -> None:
        """A verified caller's earlier failures are forgotten (not a lock: a lock ends only with its time)."""
        await self._attempts.delete_one({"_id": attempt.key, "locked": {"$ne": True}})

    async def not_checked(self, attempt: Attempt, request_key: str) -> None:
        """The check could not be made (a service refused the input or was unreachable): it does not count."""
        await self._attempts.update_one(
            {"_id": attempt.key, "requests": request_key},
            {"$inc": {"attempts": -1}, "$pull": {"requests": request_key}},
        )

    def _remaining(self, document: Document, now: datetime) -> int:
        if not document.get("locked"):
            return 0
        expires: datetime = document["expires_at"]
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        return max(1, int((expires - now).total_seconds()))


_INDEXES: Final = (
    IndexSpec(CALLER_ATTEMPTS, [("expires_at", 1)], name="expiry"),
    IndexSpec(HOTLINE_CALLS, [("request_key", 1)], unique=True, name="request_key"),
)
# The databases whose indexes are made (one per gateway process, more in tests).
_prepared: set[str] = set()


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The attempts' expiry index (expired records are swept by CallerAttempts.begin: FerretDB implements no TTL
    index) and the calls' unique index of request ids (a retried verification answers the call it made).

    A gateway started while its database is out of reach still starts (its other routes need no database); the
    indexes are then made by the first verification."""
    try:
        with pymongo.timeout(PREPARE_TIMEOUT_SECONDS):
            await _ensure_indexes(database)
    except DATABASE_UNAVAILABLE_ERRORS as error:
        log.warning("the hotline's indexes will be made at the first verification: %s", type(error).__name__)


async def _ensure_indexes(database: AsyncDatabase[Document]) -> None:
    if database.name not in _prepared:
        await ensure_indexes(database, _INDEXES)
        _prepared.add(database.name)


def caller_key(settings: GatewaySettings, citizen_id_number: str) -> str:
    """The key a number's attempts are counted under: a keyed hash (the lookup key), never the number."""
    vault = PersonalDataVault.from_settings(settings)
    return vault.lookup_hash(citizen_id_number.strip().upper(), purpose=CALLER_KEY_PURPOSE)


async def _secret_matches(
    body: CallIn,
    check: enrolment_service_pb2.CheckCallerIdentityResponse,
    client: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    signer: TokenSigner,
) -> bool:
    if isinstance(body.secret, BankCardSecret):
        return check.bank_card_last4_matched
    # The last payment is read as the hotline client, for this one resident only, with a token made for the check.
    scoped = Caller(client.user_id, Role.HOTLINE, resident_id=check.resident_id)
    token = signer.mint(scoped, CHECK_TOKEN_TTL_SECONDS)
    try:
        response = await clients.payout.GetResidentPayments(
            payout_service_pb2.GetResidentPaymentsRequest(resident_id=check.resident_id),
            metadata=SignedInCaller(scoped.user_id, scoped.role, token=token).to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError as error:
        if error.code() is grpc.StatusCode.NOT_FOUND:  # not a pensioner: no payment to name
            return False
        raise
    paid = [p for p in response.payments if p.status == payout_pb2.PAYMENT_STATUS_PAID]
    if not paid:
        return False
    last = max(paid, key=lambda p: (p.month.year, p.month.month, p.paid_on.year, p.paid_on.month, p.paid_on.day))
    return hmac.compare_digest(str(last.amount_fen).encode(), str(body.secret.value).encode())


async def _call_out(
    call_id: str,
    resident_id: str,
    client: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    signer: TokenSigner,
) -> CallOut:
    call = Caller(client.user_id, Role.HOTLINE, resident_id=resident_id)
    token = signer.mint(call, settings.hotline_call_ttl_seconds)
    resident = (
        await clients.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=resident_id),
            metadata=SignedInCaller(call.user_id, call.role, resident_id=resident_id, token=token).to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
    ).resident
    return CallOut(
        call_id=call_id,
        call_token=token,
        expires_at=datetime.now(UTC) + timedelta(seconds=settings.hotline_call_ttl_seconds),
        resident_id=resident_id,
        name=resident.name,
        citizen_id_masked=resident.citizen_id_masked,
        mobile_masked=resident.mobile_masked,
        bank_account_masked=resident.bank_account.account_masked,
        village_code=resident.village_code,
    )


@router.post(
    "/calls",
    status_code=status.HTTP_201_CREATED,
    response_model=CallOut,
    **allow(Role.HOTLINE),
    responses=problem_responses(400, 401, 403, 413, 415, 429, 503),
)
async def verify_caller(
    request: Request,
    body: CallIn,
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    signer: Signer,
) -> CallOut | JSONResponse:
    """Verify a caller (来电人身份核验): their citizen ID number, name, and one shared secret, either the last four
    digits of their pension's bank card or the amount of their last paid pension in fen.

    Whatever was wrong (a number nobody is enrolled under, another name, a wrong secret) the answer is the same
    403 `CALLER_NOT_VERIFIED`. Three failed verifications of one number within 30 minutes, by any hotline client,
    lock the number for 30 minutes from the third (settings `hotline_failures_before_lock`,
    `hotline_lock_seconds`): every verification of it is then refused with 429 `CALLER_LOCKED` and `Retry-After`,
    even with the right answers. A verified call answers the caller's name in full, their numbers masked, and a
    call token (role hotline, this resident only, 20 minutes: `hotline_call_ttl_seconds`) for the reads under
    `/hotline/v1/residents/{resident_id}`. Retrying with the same `request_id` counts once and answers the same
    call."""
    database: AsyncDatabase[Document] = _database(request)
    await _ensure_indexes(database)
    key = caller_key(settings, body.citizen_id_number)
    request_key = f"{caller.user_id}:{body.request_id}"
    calls = database[HOTLINE_CALLS]
    attempts = CallerAttempts(
        database[CALLER_ATTEMPTS],
        limit=settings.hotline_failures_before_lock,
        lock_seconds=settings.hotline_lock_seconds,
    )
    attempt = await attempts.begin(key, request_key)
    if attempt.locked_for:
        return caller_locked(attempt.locked_for)
    if attempt.counted == 0:
        done = await calls.find_one({"request_key": request_key, "caller_key": key})
        if done is None:
            raise caller_not_verified()
        return await _call_out(done["_id"], done["resident_id"], caller, clients, settings, signer)
    try:
        check = await clients.enrolment.CheckCallerIdentity(
            enrolment_service_pb2.CheckCallerIdentityRequest(
                citizen_id_number=body.citizen_id_number,
                name=body.name,
                bank_card_last4=body.secret.value if isinstance(body.secret, BankCardSecret) else "",
            ),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
        verified = check.identity_matched and await _secret_matches(body, check, caller, clients, settings, signer)
    except grpc.aio.AioRpcError:
        await attempts.not_checked(attempt, request_key)
        raise
    if not verified:
        await attempts.failed(attempt)
        raise caller_not_verified()
    await attempts.succeeded(attempt)
    call_id = "CALL-" + uuid.uuid4().hex
    try:
        await calls.insert_one(
            {
                "_id": call_id,
                "request_key": request_key,
                "caller_key": key,
                "resident_id": check.resident_id,
                "hotline_user": caller.user_id,
                "secret_kind": body.secret.kind,
                "verified_at": datetime.now(UTC),
            }
        )
    except DuplicateKeyError:
        # A retry of a verification that succeeded: the same call.
        done = await calls.find_one({"request_key": request_key})
        assert done is not None
        call_id = done["_id"]
    return await _call_out(call_id, check.resident_id, caller, clients, settings, signer)


def _database(request: Request) -> AsyncDatabase[Document]:
    database: AsyncDatabase[Document] = request.app.state.database
    return database
