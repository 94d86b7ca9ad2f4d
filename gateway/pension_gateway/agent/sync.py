"""Offline sync: operations an agent recorded without a connection, applied in order, each at most once.

Every operation an agent records, online or in a sync, goes through `record`: the gateway's `agent_operations`
collection keeps one document per (agent, operation id), written pending before the service is called and with
the outcome after. A resend is answered from it; a crash between the two writes leaves it pending, and the next
resend calls the service again with the same derived request id, which the service answers as a replay.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Final, Literal

import grpc
from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from pension_gateway.agent.deps import AgentCaller
from pension_gateway.agent.operations import (
    Enrol,
    Operation,
    OperationKind,
    OperationResult,
    Refusal,
    Refused,
    ResidentOperation,
    apply,
    dump_result,
    fingerprint,
    is_transient,
    recorded_moment,
    service_request_id,
)
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import IMAGE_BASE64_MAX, DeviceId, OperationIdPath
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.errors import NotFound, PermissionDenied
from pension_kit.identity import Role
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault

router = APIRouter(tags=["agent: offline sync"])

AGENT_OPERATIONS: Final = "agent_operations"
MAX_OPERATIONS: Final = 500
# A sync's body: 8 MiB. Enough for a week's ordinary work (an operation without a photo is under 1 KiB) and for
# one visit whose photo is as large as any route takes (4 MiB decoded, 5.6 MB in base64); visits with an ordinary
# phone photo (about 300 KB) fit about 20 to a request. The phone splits a larger queue into several syncs.
SYNC_BODY_MAX: Final = 8 * 1024 * 1024
SYNC_ROUTE: Final = r"/agent/v1/sync"
VISIT_ROUTE: Final = r"/agent/v1/residents/[^/]+/visits"
# A sync stops taking new operations after this long and lists the rest as unanswered, for the phone to resend:
# an answer arrives well within any client's or proxy's timeout, however slow the services are that day.
SYNC_TIME_BUDGET_SECONDS: Final = 45.0

Outcome = Literal["applied", "already_applied", "refused", "pending"]


def body_limits(base: int) -> dict[str, int]:
    """The body limits of the agent's routes that take more than the gateway's usual (main.py's BodyLimit)."""
    return {SYNC_ROUTE: SYNC_BODY_MAX, VISIT_ROUTE: IMAGE_BASE64_MAX + base}


class OperationAnswer(BaseModel):
    """What became of one operation: `applied` now (with its result), `already_applied` (an earlier sync or retry
    applied it: the same result), `refused` (code, English and Chinese; final unless `code` says otherwise), or,
    only when read back, `pending` (not answered yet: resend it)."""

    operation_id: str
    kind: OperationKind
    outcome: Outcome
    result: OperationResult | None = None
    code: str = ""
    message: str = ""
    message_zh: str = ""
    field: str = ""


class SyncIn(BaseModel):
    device_id: DeviceId = Field(default="", description="The phone's device id; if sent, the token's own.")
    operations: Annotated[
        list[Operation],
        Field(min_length=1, max_length=MAX_OPERATIONS, description=f"At most {MAX_OPERATIONS}, in any order."),
    ]


class SyncOut(BaseModel):
    answers: list[OperationAnswer] = Field(description="One per operation answered, in the order applied.")
    unanswered: list[str] = Field(
        description="The operations not answered this time (a service was unavailable, or the sync ran out of "
        "time): resend them; the answered ones need not be sent again."
    )


# --- the ledger --------------------------------------------------------------------------------------------------


def ledger_key(agent_id: str, operation_id: str) -> str:
    # One document per (agent, operation id): the _id makes the pair unique, and FerretDB looks up by _id.
    return f"{agent_id}\x1f{operation_id}"


def fingerprint_key(settings: GatewaySettings) -> bytes:
    """The key of the operations' fingerprints: derived from the personal-data lookup key (pension_kit.pii), as every
    keyed hash of a personal number is, and not from the token signing key, so that a key rotation leaves the
    fingerprints of operations already synced as they were."""
    vault = PersonalDataVault.from_settings(settings)
    return bytes.fromhex(vault.lookup_hash("agent operation fingerprints", purpose="agent_operation_key"))


def operations_of(request: Request) -> AsyncCollection[Document]:
    database: AsyncDatabase[Document] = request.app.state.database
    return database[AGENT_OPERATIONS]


def _answer(document: Document, outcome: Outcome) -> OperationAnswer:
    refusal = document.get("refusal") or {}
    result = document.get("result")
    return OperationAnswer(
        operation_id=document["operation_id"],
        kind=document["kind"],
        outcome=outcome,
        result=OperationResult.model_validate(result) if result else None,
        code=refusal.get("code", ""),
        message=refusal.get("message", ""),
        message_zh=refusal.get("message_zh", ""),
        field=refusal.get("field", ""),
    )


def refused(operation: Enrol | ResidentOperation, refusal: Refusal) -> OperationAnswer:
    return OperationAnswer(
        operation_id=operation.operation_id,
        kind=operation.kind,
        outcome="refused",
        code=refusal.code,
        message=refusal.message,
        message_zh=refusal.message_zh,
        field=refusal.field,
    )


def refusal_of(answer: OperationAnswer, status_code: int) -> Refusal:
    return Refusal(status_code, answer.code, answer.message, answer.message_zh, answer.field)


_REUSED: Final = Refusal(
    409,
    "OPERATION_ID_REUSED",
    "this operation id was used for a different operation; give each operation its own id",
    "该业务编号已用于另一笔业务，请为每笔业务生成新的编号",
    "operation_id",
)


async def record(
    operation: Enrol | ResidentOperation,
    *,
    caller: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    operations: AsyncCollection[Document],
) -> tuple[OperationAnswer, int]:
    """Applies an operation once, and answers it; the same operation again is answered from the ledger. Returns
    the answer and, for a refusal, the HTTP status an online route answers with. A transient failure of a service
    (grpc.aio.AioRpcError) propagates and leaves the operation pending."""
    key = ledger_key(caller.user_id, operation.operation_id)
    digest = fingerprint(operation, fingerprint_key(settings))
    stored = await operations.find_one({"_id": key})
    if stored is not None:
        if stored["fingerprint"] != digest:
            return refused(operation, _REUSED), _REUSED.status
        if stored["state"] == "applied":
            return _answer(stored, "already_applied"), 200
        if stored["state"] == "refused":
            return _answer(stored, "refused"), int(stored["refusal"]["status"])
    # Checked before anything is written: a wrong clock or a reference not synced yet can be put right and resent.
    try:
        recorded_moment(operation.recorded_at, datetime.now(UTC))
        resolved = await _resolve(operation, caller.user_id, operations)
    except Refused as refusal:
        return refused(operation, refusal.refusal), refusal.refusal.status
    if stored is None:
        try:
            await operations.insert_one(
                {
                    "_id": key,
                    "agent_id": caller.user_id,
                    "operation_id": operation.operation_id,
                    "device_id": caller.device_id,
                    "kind": operation.kind,
                    "fingerprint": digest,
                    "recorded_at": operation.recorded_at,
                    "state": "pending",
                    "received_at": datetime.now(UTC),
                }
            )
        except DuplicateKeyError:
            # The same operation arrived twice at once (a retry racing its original): the first one applies it.
            return await record(operation, caller=caller, clients=clients, settings=settings, operations=operations)
    request_id = service_request_id(caller.user_id, operation.operation_id)
    try:
        result = await apply(resolved, request_id=request_id, caller=caller, clients=clients, settings=settings)
    except Refused as refusal:
        await operations.update_one(
            {"_id": key},
            {"$set": {"state": "refused", "refusal": asdict(refusal.refusal), "answered_at": datetime.now(UTC)}},
        )
        return refused(operation, refusal.refusal), refusal.refusal.status
    stored_result = dump_result(result)
    await operations.update_one(
        {"_id": key}, {"$set": {"state": "applied", "result": stored_result, "answered_at": datetime.now(UTC)}}
    )
    answer = OperationAnswer(operation_id=operation.operation_id, kind=operation.kind, outcome="applied", result=result)
    return answer, 201


async def _resolve(
    operation: Enrol | ResidentOperation, agent_id: str, operations: AsyncCollection[Document]
) -> Enrol | ResidentOperation:
    """The operation with its resident's id, when it names the resident by the agent's enrolment of them."""
    if isinstance(operation, Enrol) or operation.resident_operation_id is None:
        return operation
    enrolment = await operations.find_one({"_id": ledger_key(agent_id, operation.resident_operation_id)})
    if enrolment is None or enrolment["kind"] != "enrol" or enrolment["state"] == "pending":
        raise Refused(
            Refusal(
                422,
                "RESIDENT_OPERATION_UNKNOWN",
                "the enrolment this refers to has not been synced yet: sync it first (or in the same batch)",
                "所指的参保登记尚未同步，请先同步该登记",
                "resident_operation_id",
            )
        )
    if enrolment["state"] == "refused":
        raise Refused(
            Refusal(
                422,
                "RESIDENT_OPERATION_REFUSED",
                "the enrolment this refers to was refused, so there is no such resident",
                "所指的参保登记未能办理，该业务无法办理",
                "resident_operation_id",
            )
        )
    return operation.model_copy(update={"resident_id": enrolment["result"]["resident_id"]})


def in_order(operations: list[Enrol | ResidentOperation]) -> list[Enrol | ResidentOperation]:
    """By the moment recorded (an instant, whatever offset the phone wrote), ties in the order sent."""
    return sorted(operations, key=lambda operation: datetime.fromisoformat(operation.recorded_at or ""))


# --- the routes ------------------------------------------------------------------------------------------------


@router.post(
    "/sync",
    response_model=SyncOut,
    **allow(Role.VILLAGE_AGENT),
    responses=problem_responses(400, 401, 403, 413, 415, 429, 503),
)
async def sync(body: SyncIn, caller: AgentCaller, clients: Clients, settings: Settings, request: Request) -> SyncOut:
    """Upload what the agent recorded offline (离线同步): at most 500 operations, and at most 8 MiB (413
    `BODY_TOO_LARGE` beyond: split the queue). They are applied in the order recorded (`recorded_at`; ties in the
    order sent), each at most once: every operation is answered `applied` (with its result), `already_applied`
    (the same result as before: a resent batch changes nothing) or `refused` (code, message, message_zh), and an
    operation overtaken while the phone was offline says so: `RESIDENT_DECEASED`, `ALREADY_ENROLLED`,
    `CONTRIBUTION_YEAR_PAID`, `RESIDENT_NOT_IN_YOUR_VILLAGES`. The same `operation_id` with a different body is
    `OPERATION_ID_REUSED`. A resident enrolled offline is named by `resident_operation_id` (the enrolment's
    `operation_id`) in later operations of this sync or a later one. Operations not answered (a service was
    unavailable, or the sync ran out of time) are listed in `unanswered`: resend those."""
    if body.device_id and body.device_id != caller.device_id:
        raise PermissionDenied(
            "DEVICE_MISMATCH",
            "device_id is not the device the token was issued to",
            field="device_id",
            message_zh="设备编号与登录设备不一致",
        )
    operations = operations_of(request)
    ordered = in_order(list(body.operations))
    answers: list[OperationAnswer] = []
    deadline = time.monotonic() + SYNC_TIME_BUDGET_SECONDS
    for index, operation in enumerate(ordered):
        if time.monotonic() > deadline:
            return SyncOut(answers=answers, unanswered=[o.operation_id for o in ordered[index:]])
        try:
            answer, _ = await record(
                operation, caller=caller, clients=clients, settings=settings, operations=operations
            )
        except grpc.aio.AioRpcError as error:
            if not is_transient(error):
                raise
            # A service is down: what follows may depend on this one, so the rest waits for the resend too.
            return SyncOut(answers=answers, unanswered=[o.operation_id for o in ordered[index:]])
        answers.append(answer)
    return SyncOut(answers=answers, unanswered=[])


@router.get(
    "/sync/{operation_id}",
    response_model=OperationAnswer,
    **allow(Role.VILLAGE_AGENT),
    responses=problem_responses(400, 401, 403, 404, 429, 503),
)
async def get_operation(operation_id: OperationIdPath, caller: AgentCaller, request: Request) -> OperationAnswer:
    """What became of one of the signed-in agent's operations, for a phone that lost the answer: `applied` (with
    its result), `refused`, or `pending` (it arrived but was not answered: resend it). 404
    `OPERATION_UNKNOWN` if it never arrived."""
    stored = await operations_of(request).find_one({"_id": ledger_key(caller.user_id, operation_id)})
    if stored is None:
        raise NotFound(
            "OPERATION_UNKNOWN",
            "no operation of yours has this id: it never arrived, send it",
            field="operation_id",
            message_zh="未收到该业务，请重新上传",
        )
    state: Outcome = stored["state"]
    return _answer(stored, state)


async def prepare(database: AsyncDatabase[Document]) -> None:
    """The synced operations' collection needs nothing made at start: one document per agent and operation id is
    its _id, whose index every collection has, and the collection is created by its first write. (Nothing here
    reaches the database, so a gateway starts while the database is still coming up.)"""
    del database
