"""Residents: enrolment by a village agent, and a resident's record."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Final, Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import (
    SPECIAL_GROUPS_MAX,
    AgentId,
    BankCardNumber,
    BankCode,
    BankName,
    CitizenIdNumber,
    EvidenceRef,
    Mobile,
    Name,
    PhotoRef,
    RequestId,
    ResidentId,
    VillageCode,
)
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date

router = APIRouter(tags=["residents"])

# The roles the service behind each route admits, refused at the gateway before any call: enrolment's ENROLLING_ROLES
# and READING_ROLES.
ENROLLING_ROLES: Final = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READING_ROLES: Final = (*ENROLLING_ROLES, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE)

SpecialGroupName = Literal["severe_disability", "minimum_living_allowance", "extreme_poverty"]
_GROUPS: dict[str, int] = {
    "severe_disability": types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY,
    "minimum_living_allowance": types_pb2.SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE,
    "extreme_poverty": types_pb2.SPECIAL_GROUP_EXTREME_POVERTY,
}
_GROUP_NAMES = {number: name for name, number in _GROUPS.items()}


class SpecialGroupIn(BaseModel):
    group: SpecialGroupName
    evidence_ref: EvidenceRef
    effective_from: date
    effective_until: date | None = None


class EnrolmentDetails(BaseModel):
    """Who is enrolled and where they are paid: what every enrolment gives, from an officer or an agent's phone."""

    citizen_id_number: CitizenIdNumber
    name: Name
    village_code: VillageCode
    mobile: Mobile
    bank_card_number: BankCardNumber
    bank_code: BankCode
    bank_name: BankName = ""
    photo_ref: PhotoRef = ""
    full_time_student: bool = False


class EnrolmentIn(EnrolmentDetails):
    request_id: RequestId
    special_groups: Annotated[list[SpecialGroupIn], Field(max_length=SPECIAL_GROUPS_MAX)] = []
    enrolled_on: date
    agent_id: AgentId = ""


class SpecialGroupOut(BaseModel):
    group: str
    evidence_ref: str
    effective_from: date
    effective_until: date | None


class ResidentOut(BaseModel):
    """A resident as agents and the hotline see it: identifiers masked."""

    resident_id: str
    citizen_id_masked: str
    name: str
    name_masked: str
    sex: Literal["male", "female"]
    birth_date: date
    pooling_region_code: str
    village_code: str
    mobile_masked: str
    bank_name: str
    bank_account_masked: str
    special_groups: list[SpecialGroupOut]
    enrolled_on: date
    enrolled_by_agent_id: str
    status: Literal["active", "terminated"]


def _date(value: types_pb2.CalendarDate) -> date | None:
    return date(value.year, value.month, value.day) if value.year else None


def resident_out(resident: enrolment_pb2.Resident) -> ResidentOut:
    return ResidentOut(
        resident_id=resident.resident_id,
        citizen_id_masked=resident.citizen_id_masked,
        name=resident.name,
        name_masked=resident.name_masked,
        sex="male" if resident.sex == types_pb2.SEX_MALE else "female",
        birth_date=_date(resident.birth_date) or date.min,
        pooling_region_code=resident.pooling_region_code,
        village_code=resident.village_code,
        mobile_masked=resident.mobile_masked,
        bank_name=resident.bank_account.bank_name,
        bank_account_masked=resident.bank_account.account_masked,
        special_groups=[
            SpecialGroupOut(
                group=_GROUP_NAMES.get(g.group, "unknown"),
                evidence_ref=g.evidence_ref,
                effective_from=_date(g.effective_from) or date.min,
                effective_until=_date(g.effective_until),
            )
            for g in resident.special_groups
        ],
        enrolled_on=_date(resident.enrolled_on) or date.min,
        enrolled_by_agent_id=resident.enrolled_by_agent_id,
        status="active" if resident.status == enrolment_pb2.ENROLMENT_STATUS_ACTIVE else "terminated",
    )


def resident_for(caller: Caller, resident: enrolment_pb2.Resident) -> ResidentOut:
    """A resident as this caller may see them: the hotline sees the full name only on a call verified as this
    resident's (pension_gateway.hotline.verification); otherwise the name masked, as every number is."""
    out = resident_out(resident)
    if caller.role is Role.HOTLINE and caller.resident_id != resident.resident_id:
        out.name = out.name_masked
    return out


@router.post(
    "/residents",
    **allow(*ENROLLING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=ResidentOut,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422, 503),
)
async def enrol(body: EnrolmentIn, caller: CurrentCaller, clients: Clients, settings: Settings) -> ResidentOut:
    """Enrol a resident (参保登记); a second enrolment of the same citizen ID number is refused."""
    request = enrolment_service_pb2.EnrolRequest(
        request_id=body.request_id,
        citizen_id_number=body.citizen_id_number,
        name=body.name,
        village_code=body.village_code,
        mobile=body.mobile,
        bank_card_number=body.bank_card_number,
        bank_code=body.bank_code,
        bank_name=body.bank_name,
        special_groups=[
            enrolment_pb2.SpecialGroupMembership(
                group=_GROUPS[g.group],  # type: ignore[arg-type]
                evidence_ref=g.evidence_ref,
                effective_from=to_calendar_date(g.effective_from),
                effective_until=to_calendar_date(g.effective_until),
            )
            for g in body.special_groups
        ],
        photo_ref=body.photo_ref,
        enrolled_on=to_calendar_date(body.enrolled_on),
        agent_id=body.agent_id,
        full_time_student=body.full_time_student,
    )
    response = await clients.enrolment.Enrol(
        request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return resident_out(response.resident)


@router.get(
    "/residents/{resident_id}",
    **allow(*READING_ROLES),
    response_model=ResidentOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_resident(
    resident_id: ResidentId, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ResidentOut:
    """A resident's record; a village agent sees only residents of their own villages, and the hotline sees the name
    masked unless its token is a call verified as this resident's."""
    response = await clients.enrolment.GetResident(
        enrolment_service_pb2.GetResidentRequest(resident_id=resident_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return resident_for(caller, response.resident)


class CitizenIdLookupIn(BaseModel):
    """The citizen ID number is sent in the body, never in the URL, so that it stays out of access logs."""

    citizen_id_number: CitizenIdNumber


class AccountEntryOut(BaseModel):
    kind: str
    amount_fen: int
    value_date: date | None
    year: int


class AccountOut(BaseModel):
    """The individual account as the hotline reads it out: balance in fen, years, and the ledger."""

    resident_id: str
    balance_fen: int
    contributed_years: int
    contribution_years: list[int]
    entries: list[AccountEntryOut]


@router.post(
    "/residents/lookup",
    **allow(*READING_ROLES),
    response_model=ResidentOut,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 503),
)
async def find_by_citizen_id(
    body: CitizenIdLookupIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ResidentOut:
    """Find a resident by the citizen ID number a caller gives (hotline, officers); the hotline sees the name masked
    unless its token is a call verified as this resident's (`POST /hotline/v1/calls`)."""
    response = await clients.enrolment.FindResidentByCitizenId(
        enrolment_service_pb2.FindResidentByCitizenIdRequest(citizen_id_number=body.citizen_id_number),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return resident_for(caller, response.resident)


@router.get(
    "/residents/{resident_id}/account",
    **allow(*READING_ROLES),
    response_model=AccountOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_account(
    resident_id: ResidentId, caller: CurrentCaller, clients: Clients, settings: Settings
) -> AccountOut:
    """How much is in a resident's individual account, and how many years they have contributed."""
    response = await clients.enrolment.GetAccount(
        enrolment_service_pb2.GetAccountRequest(resident_id=resident_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return AccountOut(
        resident_id=response.resident_id,
        balance_fen=response.balance_fen,
        contributed_years=response.contributed_years,
        contribution_years=list(response.contribution_years),
        entries=[
            AccountEntryOut(
                kind=enrolment_pb2.AccountEntryKind.Name(e.kind).removeprefix("ACCOUNT_ENTRY_KIND_").lower(),
                amount_fen=e.amount_fen,
                value_date=_date(e.value_date),
                year=e.year,
            )
            for e in response.entries
        ],
    )
