"""What an agent records online: enrolments, changes, cash contributions, visits and death reports.

Each route takes the phone's `operation_id` (the same id offline sync would use) and goes through sync.record, the
one way an agent's operation is applied: a retried request is answered with the first one's result, not applied
again, and an operation first sent in a sync is answered here as already applied (and the other way round).
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

from pension_gateway.agent import sync
from pension_gateway.agent.deps import AgentCaller
from pension_gateway.agent.operations import (
    BankAccountDetails,
    ChangeBankAccount,
    ChangeMobile,
    ChangeVillage,
    ContributionDetails,
    DeathReportDetails,
    Enrol,
    MobileDetails,
    RecordContribution,
    Recorded,
    RecordVisit,
    ReportDeath,
    ResidentOperation,
    VillageDetails,
    VisitDetails,
)
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, Settings
from pension_gateway.api.problems import problem, problem_responses
from pension_gateway.api.routes.fields import ResidentId
from pension_gateway.api.routes.residents import EnrolmentDetails
from pension_kit.identity import Role

router = APIRouter(tags=["agent: recording"])

_ANSWERS: Final[dict[int | str, dict[str, Any]]] = {
    201: {"description": "Applied now (`outcome` applied) or before (`already_applied`, the same result)."},
}


def _recording(*refusals: int) -> dict[str, Any]:
    """A recording route's keywords: 201 with the operation's answer, village agents only, these refusals."""
    return {
        "status_code": status.HTTP_201_CREATED,
        "response_model": sync.OperationAnswer,
        **allow(Role.VILLAGE_AGENT),
        "responses": {**_ANSWERS, **problem_responses(*refusals)},
    }


_RECORDING_ABOUT_A_RESIDENT: Final = _recording(400, 401, 403, 404, 409, 413, 415, 422, 429, 503)


class OnlineEnrolmentIn(EnrolmentDetails, Recorded):
    """An enrolment by the signed-in agent, in a village of theirs; enrolled on the day it was recorded."""


class OnlineMobileIn(MobileDetails, Recorded):
    pass


class OnlineBankAccountIn(BankAccountDetails, Recorded):
    pass


class OnlineVillageIn(VillageDetails, Recorded):
    pass


class OnlineContributionIn(ContributionDetails, Recorded):
    pass


class OnlineVisitIn(VisitDetails, Recorded):
    pass


class OnlineDeathReportIn(DeathReportDetails, Recorded):
    pass


async def _record(
    operation: Enrol | ResidentOperation,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    answer, status_code = await sync.record(
        operation, caller=caller, clients=clients, settings=settings, operations=sync.operations_of(request)
    )
    if answer.outcome == "refused":
        refusal = sync.refusal_of(answer, status_code)
        return problem(refusal.status, refusal.code, refusal.message, field=refusal.field, title_zh=refusal.message_zh)
    return answer


def _about(resident_id: str, body: Recorded, kind: str, model: type[Any]) -> Any:
    # The body was validated as the route's model; the operation is that body with its kind and resident.
    return model.model_construct(kind=kind, resident_id=resident_id, resident_operation_id=None, **dict(body))


@router.post(
    "/residents",
    **_recording(400, 401, 403, 409, 413, 415, 422, 429, 503),
)
async def enrol(
    body: OnlineEnrolmentIn, caller: AgentCaller, clients: Clients, settings: Settings, request: Request
) -> sync.OperationAnswer | JSONResponse:
    """Enrol a resident of one of the agent's villages (参保登记), as the signed-in agent. Someone already enrolled
    is 409 `ALREADY_ENROLLED`. The answer's `result` has the new resident's id and masked details."""
    operation = Enrol.model_construct(kind="enrol", **dict(body))
    return await _record(operation, caller, clients, settings, request)


@router.patch(
    "/residents/{resident_id}/mobile",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def change_mobile(
    resident_id: ResidentId,
    body: OnlineMobileIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """Change a resident's mobile number, with the reason; the answer shows it masked."""
    operation = _about(resident_id, body, "change_mobile", ChangeMobile)
    return await _record(operation, caller, clients, settings, request)


@router.patch(
    "/residents/{resident_id}/bank-account",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def change_bank_account(
    resident_id: ResidentId,
    body: OnlineBankAccountIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """Change the bank card a resident's pension is paid to (in their own name), with the reason."""
    operation = _about(resident_id, body, "change_bank_account", ChangeBankAccount)
    return await _record(operation, caller, clients, settings, request)


@router.patch(
    "/residents/{resident_id}/village",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def change_village(
    resident_id: ResidentId,
    body: OnlineVillageIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """Move a resident to another village of the same county; an agent only between villages they serve."""
    operation = _about(resident_id, body, "change_village", ChangeVillage)
    return await _record(operation, caller, clients, settings, request)


@router.post(
    "/residents/{resident_id}/contributions",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def record_contribution(
    resident_id: ResidentId,
    body: OnlineContributionIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """Cash the agent collected (现金代收) against a numbered receipt: the year, the grade (annual fen), paid on the
    day recorded; the collecting agent is the signed-in one. A year already paid is 422 `CONTRIBUTION_YEAR_PAID`; a
    receipt number this agent already gave someone else is 409 `RECEIPT_NUMBER_USED`."""
    operation = _about(resident_id, body, "contribution", RecordContribution)
    return await _record(operation, caller, clients, settings, request)


@router.post(
    "/residents/{resident_id}/visits",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def record_visit(
    resident_id: ResidentId,
    body: OnlineVisitIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """A visit as proof of life (入户认证): the photo (JPEG or PNG in base64, at most 4 MiB decoded) and where,
    taken at `recorded_at`."""
    operation = _about(resident_id, body, "visit", RecordVisit)
    return await _record(operation, caller, clients, settings, request)


@router.post(
    "/residents/{resident_id}/death-reports",
    **_RECORDING_ABOUT_A_RESIDENT,
)
async def report_death(
    resident_id: ResidentId,
    body: OnlineDeathReportIn,
    caller: AgentCaller,
    clients: Clients,
    settings: Settings,
    request: Request,
) -> sync.OperationAnswer | JSONResponse:
    """Report a resident's death (not a confirmation: an officer or a registry record confirms it)."""
    operation = _about(resident_id, body, "death_report", ReportDeath)
    return await _record(operation, caller, clients, settings, request)
