"""What an agent reads on the phone: their villages, residents, cash owed, certification tasks and notices.

Each list is cursor-paged (`cursor`, `limit`, `next_cursor`), across all the agent's villages unless one is named.
A resident outside the agent's villages is answered exactly as an id nobody has (404 `RESIDENT_NOT_FOUND`), so that
the phone cannot tell who is enrolled elsewhere in the county.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Final, Literal, TypeVar

import grpc
from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2
from pension.verification.v1 import verification_service_pb2
from pension_gateway.agent.deps import AgentCaller
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes import notices
from pension_gateway.api.routes.certifications import CertificationStatusOut, optional_day, status_out
from pension_gateway.api.routes.fields import (
    AGENT_PAGE_DEFAULT,
    Cursor,
    DateQuery,
    IdLast4Query,
    MonthQuery,
    NamePrefixQuery,
    OptionalVillageCode,
    PageLimit,
    ResidentId,
    VillageCodePath,
)
from pension_gateway.api.routes.residents import ResidentOut, resident_out
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.clock import today_in_china
from pension_kit.errors import InvalidArgument, NotFound
from pension_kit.identity import Role
from pension_kit.protoconv import to_calendar_date

router = APIRouter(tags=["agent: villages and residents"])

T = TypeVar("T")
_AGENT: Final = allow(Role.VILLAGE_AGENT)


# --- cursors ----------------------------------------------------------------------------------------------------


def _cursor(**where: str) -> str:
    """An opaque cursor: where the next page starts, as URL-safe base64 of a small JSON object."""
    return base64.urlsafe_b64encode(json.dumps(where, separators=(",", ":")).encode()).decode()


def _cursor_invalid() -> InvalidArgument:
    return InvalidArgument(
        "CURSOR_INVALID", "the cursor is not one this list gave", field="cursor", message_zh="分页标记无效"
    )


def _read_cursor(cursor: str, *keys: str) -> dict[str, str]:
    """A cursor this list gave, read back; anything else (edited, from another list) is CURSOR_INVALID."""
    if not cursor:
        return {}
    try:
        where = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _cursor_invalid() from None
    if not isinstance(where, dict) or set(where) != set(keys) or not all(isinstance(v, str) for v in where.values()):
        raise _cursor_invalid()
    return where


def _villages_to_read(caller: SignedInCaller, village_code: str) -> list[str]:
    """The one village asked for (one of mine), or all my villages in code order."""
    if village_code:
        caller.require_village(village_code)
        return [village_code]
    return sorted(caller.villages)


async def _pages_across_villages(
    caller: SignedInCaller,
    village_code: str,
    cursor: str,
    limit: int,
    page: Callable[[str, str, int], Awaitable[tuple[list[T], str]]],
) -> tuple[list[T], str]:
    """Up to `limit` items from my villages in turn, each paged by its service's own token; the cursor says which
    village and which token come next. `page(village, token, size)` answers the items and the next token."""
    villages = _villages_to_read(caller, village_code)
    where = _read_cursor(cursor, "village", "token")
    if not villages:
        return [], ""
    start = where.get("village", villages[0])
    if start not in villages:
        raise _cursor_invalid()
    token = where.get("token", "")
    items: list[T] = []
    for village in villages[villages.index(start) :]:
        while len(items) < limit:
            found, token = await page(village, token, limit - len(items))
            items += found
            if not token:
                break
        if token:
            return items, _cursor(village=village, token=token)
        if len(items) >= limit:
            following = villages[villages.index(village) + 1 :]
            return items, _cursor(village=following[0], token="") if following else ""
    return items, ""


# --- my villages ------------------------------------------------------------------------------------------------


class AgentVillageOut(BaseModel):
    village_code: str
    name: str = Field(description="Empty when the village is not in the county's catalogue yet.")
    township_name: str


class AgentVillagesOut(BaseModel):
    villages: list[AgentVillageOut]
    next_cursor: str


async def _village(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, code: str
) -> AgentVillageOut:
    try:
        response = await clients.enrolment.GetVillage(
            enrolment_service_pb2.GetVillageRequest(village_code=code),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return AgentVillageOut(village_code=code, name="", township_name="")
    village: enrolment_pb2.Village = response.village
    return AgentVillageOut(village_code=code, name=village.name, township_name=village.township_name)


@router.get("/villages", response_model=AgentVillagesOut, responses=problem_responses(400, 401, 403, 503), **_AGENT)
async def my_villages(
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    cursor: Cursor = "",
    limit: PageLimit = AGENT_PAGE_DEFAULT,
) -> AgentVillagesOut:
    """My villages, by code, with their names from the county's catalogue."""
    villages = sorted(caller.villages)
    after = _read_cursor(cursor, "after").get("after", "")
    page = [v for v in villages if v > after][:limit]
    found = await asyncio.gather(*(_village(caller, clients, settings, code) for code in page))
    more = bool(page) and page[-1] != villages[-1]
    return AgentVillagesOut(villages=list(found), next_cursor=_cursor(after=page[-1]) if more else "")


# --- residents --------------------------------------------------------------------------------------------------


class AgentResidentOut(BaseModel):
    """A villager in a list: the full name (the agent's own villager), numbers masked."""

    resident_id: str
    name: str
    citizen_id_masked: str
    sex: Literal["male", "female"]
    birth_date: date
    village_code: str
    mobile_masked: str
    status: Literal["active", "terminated"]


class AgentResidentsOut(BaseModel):
    residents: list[AgentResidentOut]
    next_cursor: str


def _summary(resident: enrolment_pb2.Resident) -> AgentResidentOut:
    return AgentResidentOut(**resident_out(resident).model_dump(include=set(AgentResidentOut.model_fields)))


@router.get("/residents", response_model=AgentResidentsOut, responses=problem_responses(400, 401, 403, 503), **_AGENT)
async def search_residents(
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    village_code: OptionalVillageCode = "",
    name: NamePrefixQuery = "",
    id_last4: IdLast4Query = "",
    cursor: Cursor = "",
    limit: PageLimit = AGENT_PAGE_DEFAULT,
) -> AgentResidentsOut:
    """Search my villagers (one village, or all mine): by the start of the name (`name`), by the ID number's last 4
    characters (`id_last4`), both, or neither for everyone; village by village, each by resident id."""

    async def page(village: str, token: str, size: int) -> tuple[list[AgentResidentOut], str]:
        response = await clients.enrolment.ListVillageResidents(
            enrolment_service_pb2.ListVillageResidentsRequest(
                village_code=village, page_size=size, page_token=token, name_prefix=name, citizen_id_suffix=id_last4
            ),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
        return [_summary(r) for r in response.residents], response.next_page_token

    found, next_cursor = await _pages_across_villages(caller, village_code, cursor, limit, page)
    return AgentResidentsOut(residents=found, next_cursor=next_cursor)


def _resident_not_found() -> NotFound:
    """The one answer for a resident the agent may not see, whether nobody or someone of another village."""
    # The same words for every id, so that not even the text differs between the two.
    return NotFound(
        "RESIDENT_NOT_FOUND",
        "no resident of your villages has this id",
        field="resident_id",
        message_zh="未找到该参保人",
    )


async def own_resident(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, resident_id: str
) -> enrolment_pb2.Resident:
    """A resident of one of my villages; any other is 404 RESIDENT_NOT_FOUND, as an unknown id is."""
    try:
        response = await clients.enrolment.GetResident(
            enrolment_service_pb2.GetResidentRequest(resident_id=resident_id),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED):
            raise _resident_not_found() from None
        raise
    resident: enrolment_pb2.Resident = response.resident
    # The service checked the village; checked again here so that this answer never depends on that alone.
    if resident.village_code not in caller.villages:
        raise _resident_not_found()
    return resident


class AgentResidentDetailOut(BaseModel):
    """One of my villagers: the record (numbers masked), the account's balance and years, and proof of life."""

    resident: ResidentOut
    balance_fen: int
    contributed_years: int
    contribution_years: list[int]
    certification: CertificationStatusOut | None = Field(
        description="Proof of life, for a pensioner; none for someone not (yet) receiving a pension."
    )


async def _certification(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, resident_id: str
) -> CertificationStatusOut | None:
    try:
        response = await clients.verification.GetCertificationStatus(
            verification_service_pb2.GetCertificationStatusRequest(resident_id=resident_id),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        )
    except grpc.aio.AioRpcError as error:
        if error.code() == grpc.StatusCode.NOT_FOUND:
            return None  # not a pensioner: no proof of life is asked of them
        raise
    return status_out(response.status)


@router.get(
    "/residents/{resident_id}",
    response_model=AgentResidentDetailOut,
    responses=problem_responses(400, 401, 403, 404, 503),
    **_AGENT,
)
async def resident_detail(
    resident_id: ResidentId, caller: AgentCaller, clients: Clients, settings: Settings
) -> AgentResidentDetailOut:
    """One of my villagers: masked numbers, status, account balance (fen) and contribution years, and proof of life
    (state, due date). Someone of another village is answered as an unknown id: 404 `RESIDENT_NOT_FOUND`."""
    resident = await own_resident(caller, clients, settings, resident_id)
    account, certification = await asyncio.gather(
        clients.enrolment.GetAccount(
            enrolment_service_pb2.GetAccountRequest(resident_id=resident_id),
            metadata=caller.to_metadata(),
            timeout=settings.rpc_timeout_seconds,
        ),
        _certification(caller, clients, settings, resident_id),
    )
    return AgentResidentDetailOut(
        resident=resident_out(resident),
        balance_fen=account.balance_fen,
        contributed_years=account.contributed_years,
        contribution_years=list(account.contribution_years),
        certification=certification,
    )


# --- my cash ----------------------------------------------------------------------------------------------------


class CashDayOut(BaseModel):
    collected_on: date | None
    collected_fen: int
    deposited_fen: int
    outstanding_fen: int


class CashReceiptOut(BaseModel):
    receipt_number: str
    contribution_id: str
    amount_fen: int
    collected_on: date | None


class AgentCashOut(BaseModel):
    """The cash I collected and have not yet deposited: the total, per day (with what I deposited), and the
    receipts still owed, the oldest first and paged."""

    outstanding_fen: int
    days: list[CashDayOut]
    receipts: list[CashReceiptOut]
    next_cursor: str


@router.get("/cash", response_model=AgentCashOut, responses=problem_responses(400, 401, 403, 503), **_AGENT)
async def my_cash(
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    cursor: Cursor = "",
    limit: PageLimit = AGENT_PAGE_DEFAULT,
) -> AgentCashOut:
    """My cash owed (fen) as of today: per day collected, deposited and owed, and the receipts not yet deposited."""
    response = await clients.enrolment.GetAgentCashOutstanding(
        enrolment_service_pb2.GetAgentCashOutstandingRequest(agent_id=caller.user_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )

    # Paged by (day collected, receipt number): a receipt deposited between two pages leaves the list without
    # moving the others, so a page never repeats or skips one.
    def key(receipt: enrolment_service_pb2.OutstandingReceipt) -> str:
        collected = optional_day(receipt.collected_on)
        return f"{collected.isoformat() if collected else ''}|{receipt.receipt_number}"

    receipts = sorted(response.receipts, key=key)
    after = _read_cursor(cursor, "after").get("after", "")
    following = [r for r in receipts if key(r) > after] if after else receipts
    page = following[:limit]
    more = len(following) > limit
    return AgentCashOut(
        outstanding_fen=response.outstanding_fen,
        days=[
            CashDayOut(
                collected_on=optional_day(d.collected_on),
                collected_fen=d.collected_fen,
                deposited_fen=d.deposited_fen,
                outstanding_fen=d.outstanding_fen,
            )
            for d in response.days
        ],
        receipts=[
            CashReceiptOut(
                receipt_number=r.receipt_number,
                contribution_id=r.contribution_id,
                amount_fen=r.amount_fen,
                collected_on=optional_day(r.collected_on),
            )
            for r in page
        ],
        next_cursor=_cursor(after=key(page[-1])) if more else "",
    )


# --- certification tasks ----------------------------------------------------------------------------------------


class AgentTaskOut(CertificationStatusOut):
    """A pensioner due or overdue for proof of life, with their name to find them by."""

    name: str | None = Field(
        description="The pensioner's name as enrolment records it; none when enrolment could not be read just now "
        "(the task stands: open the resident)."
    )


class AgentTasksOut(BaseModel):
    """Pensioners due or overdue for proof of life in my villages, village by village, the earliest due first."""

    tasks: list[AgentTaskOut]
    next_cursor: str


async def _names(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, resident_ids: list[str]
) -> dict[str, str]:
    """My villagers' names by resident id, read at once (the phone would otherwise ask for each, one slow round trip
    after another); an id enrolment did not answer for is left out."""

    async def name(resident_id: str) -> str | None:
        try:
            return (await own_resident(caller, clients, settings, resident_id)).name
        except (grpc.aio.AioRpcError, NotFound):
            return None

    names = await asyncio.gather(*(name(r) for r in resident_ids))
    return {r: n for r, n in zip(resident_ids, names, strict=True) if n}


@router.get("/tasks", response_model=AgentTasksOut, responses=problem_responses(400, 401, 403, 503), **_AGENT)
async def my_tasks(
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    village_code: OptionalVillageCode = "",
    due_by: DateQuery = None,
    cursor: Cursor = "",
    limit: PageLimit = AGENT_PAGE_DEFAULT,
) -> AgentTasksOut:
    """My certification tasks: pensioners due by `due_by` (YYYY-MM-DD; the service's notice period from today
    without it) and every overdue one, in one village or all mine, each with the pensioner's name."""

    async def page(village: str, token: str, size: int) -> tuple[list[CertificationStatusOut], str]:
        request = verification_service_pb2.ListDueCertificationsRequest(
            village_code=village, page_size=size, page_token=token
        )
        if due_by is not None:
            request.due_by.CopyFrom(to_calendar_date(date.fromisoformat(due_by)))
        response = await clients.verification.ListDueCertifications(
            request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
        )
        return [status_out(s) for s in response.statuses], response.next_page_token

    found, next_cursor = await _pages_across_villages(caller, village_code, cursor, limit, page)
    names = await _names(caller, clients, settings, sorted({t.resident_id for t in found}))
    tasks = [AgentTaskOut(**dict(t), name=names.get(t.resident_id)) for t in found]
    return AgentTasksOut(tasks=tasks, next_cursor=next_cursor)


# --- my village's notice ----------------------------------------------------------------------------------------


@router.get(
    "/villages/{village_code}/notice",
    response_model=notices.NoticeOut,
    responses=problem_responses(400, 401, 403, 404, 503),
    **_AGENT,
)
async def my_village_notice(
    village_code: VillageCodePath,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    month: MonthQuery = None,
) -> Response:
    """My village's public notice (公示) for a month (YYYY-MM; this month in China without it): names and ID numbers
    masked, amounts in fen. Another village's is refused (403 `VILLAGE_NOT_ASSIGNED`)."""
    caller.require_village(village_code)
    asked = month or today_in_china().strftime("%Y-%m")
    return await notices.notice_answer(caller, clients, settings, village_code, asked)
