"""What a verified 12333 call reads out (/hotline/v1/residents/{resident_id}/...): the enrolment, contributions,
balance, award, payments, proof of life, and a short Chinese summary for the operator's screen; each only with the
call token of that resident (`POST /hotline/v1/calls`)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any, Final, TypeVar

import grpc
from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes import certifications, pensions, residents
from pension_gateway.api.routes.certifications import optional_day
from pension_gateway.api.routes.fields import ResidentId
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_kit.identity import Role
from pension_kit.money import format_yuan

router = APIRouter(prefix="/residents/{resident_id}", tags=["hotline"])

T = TypeVar("T")
_READS: Final = problem_responses(400, 401, 403, 404, 429, 503)


async def verified_call(resident_id: ResidentId, caller: CurrentCaller) -> SignedInCaller:
    """The hotline's call token for the resident in the path: another resident, or a token of no verified call, is
    refused with 403 `CALLER_NOT_VERIFIED` (and each service checks the token's resident again)."""
    caller.require_role(Role.HOTLINE)
    caller.require_resident(resident_id, village_code="")
    return caller


VerifiedCall = Annotated[SignedInCaller, Depends(verified_call)]


class ContributionOut(BaseModel):
    contribution_id: str
    year: int
    kind: str
    channel: str
    grade_fen: int
    personal_fen: int
    subsidy_fen: int
    paid_on_behalf_fen: int
    collective_fen: int
    paid_on: date | None
    status: str


class SummaryOut(BaseModel):
    """What the operator reads out first; amounts in fen in the fields, in yuan only in `lines`."""

    resident_id: str
    lines: list[str] = Field(description="A few lines in Chinese: 参保状态, 账户余额, 待遇, 最近发放, 认证到期日.")
    enrolment_status: str
    balance_fen: int
    monthly_pension_fen: int | None
    last_payment_month: str | None
    last_payment_status: str | None
    certification_due_on: date | None


def _enum(enum: Any, number: int, prefix: str) -> str:
    return str(enum.Name(number)).removeprefix(prefix).lower() if number in enum.values() else "unspecified"


@router.get("", response_model=residents.ResidentOut, **allow(Role.HOTLINE), responses=_READS)
async def get_enrolment(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> residents.ResidentOut:
    """The caller's enrolment: status, village, name in full (the call is verified), numbers masked."""
    return await residents.get_resident(resident_id, call, clients, settings)


@router.get("/contributions", response_model=list[ContributionOut], **allow(Role.HOTLINE), responses=_READS)
async def list_contributions(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> list[ContributionOut]:
    """The caller's contributions, oldest year first, reversed ones included (status `reversed`); amounts in fen."""
    response = await clients.enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=resident_id),
        metadata=call.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return [
        ContributionOut(
            contribution_id=c.contribution_id,
            year=c.year,
            kind=_enum(types_pb2.ContributionKind, c.kind, "CONTRIBUTION_KIND_"),
            channel=_enum(types_pb2.ContributionChannel, c.channel, "CONTRIBUTION_CHANNEL_"),
            grade_fen=c.grade_fen,
            personal_fen=c.personal_fen,
            subsidy_fen=c.subsidy_fen,
            paid_on_behalf_fen=c.paid_on_behalf_fen,
            collective_fen=c.collective_fen,
            paid_on=optional_day(c.paid_on),
            status=_enum(enrolment_pb2.ContributionStatus, c.status, "CONTRIBUTION_STATUS_"),
        )
        for c in response.contributions
    ]


@router.get("/account", response_model=residents.AccountOut, **allow(Role.HOTLINE), responses=_READS)
async def get_account(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> residents.AccountOut:
    """The caller's individual account: balance in fen, contribution years, and the ledger."""
    return await residents.get_account(resident_id, call, clients, settings)


@router.get("/award", response_model=pensions.AwardOut, **allow(Role.HOTLINE), responses=_READS)
async def get_award(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> pensions.AwardOut:
    """The caller's pension award, component by component in fen (404 `AWARD_NOT_FOUND` before any award)."""
    return await pensions.get_award(resident_id, call, clients, settings)


@router.get("/payments", response_model=list[pensions.PaymentOut], **allow(Role.HOTLINE), responses=_READS)
async def get_payments(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> list[pensions.PaymentOut]:
    """The caller's payments of the last twelve months, oldest first: paid, failed with the bank's reason, or on the
    way; the bank account masked."""
    return await pensions.get_payments(resident_id, call, clients, settings)


@router.get(
    "/certification", response_model=certifications.CertificationStatusOut, **allow(Role.HOTLINE), responses=_READS
)
async def get_certification(
    resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings
) -> certifications.CertificationStatusOut:
    """The caller's proof of life (领取资格认证): state and due date."""
    return await certifications.get_certification_status(resident_id, call, clients, settings)


async def _unless_missing(read: Any) -> Any:
    """A read's answer, or None where the service has no such record (no award yet, no certification cycle)."""
    try:
        return await read
    except grpc.aio.AioRpcError as error:
        if error.code() is grpc.StatusCode.NOT_FOUND:
            return None
        raise


_STATUS_ZH: Final = {"active": "正常参保", "terminated": "已终止参保"}
_PAYMENT_ZH: Final = {
    "paid": "已到账",
    "failed": "发放失败",
    "prepared": "待发放",
    "exported": "银行处理中",
    "cancelled": "已取消",
}


def last_payment(payments: list[pensions.PaymentOut] | None) -> pensions.PaymentOut | None:
    """The payment a caller asks about: the newest the bank answered for, else the newest on its way."""
    if not payments:
        return None
    settled = [p for p in payments if p.status in ("paid", "failed")]
    return (settled or payments)[-1]


def summary_lines(
    resident: residents.ResidentOut,
    account: residents.AccountOut,
    award: pensions.AwardOut | None,
    payments: list[pensions.PaymentOut] | None,
    certification: certifications.CertificationStatusOut | None,
) -> list[str]:
    """The operator's few lines, in Chinese, amounts in yuan with two decimals."""
    lines = [
        f"参保状态：{_STATUS_ZH.get(resident.status, resident.status)}（{resident.village_code}）",
        f"账户余额：{format_yuan(account.balance_fen)}元（缴费{account.contributed_years}年）",
    ]
    if award is not None and award.status == "active":
        lines.append(f"待遇：{format_yuan(award.monthly_total_fen)}元/月")
    elif award is not None:
        lines.append(f"待遇：{format_yuan(award.monthly_total_fen)}元/月（{award.status}）")
    else:
        lines.append("待遇：尚未领取养老金")
    last = last_payment(payments)
    if last is not None:
        year, month = last.month.split("-")
        bank = _PAYMENT_ZH.get(last.status, last.status)
        reason = f"（{last.failure_reason}）" if last.failure_reason else ""
        lines.append(f"最近发放：{year}年{int(month)}月 {format_yuan(last.amount_fen)}元 {bank}{reason}")
    else:
        lines.append("最近发放：无")
    if certification is not None and certification.due_on is not None:
        due = certification.due_on
        lines.append(f"认证到期日：{due.year}年{due.month}月{due.day}日")
    else:
        lines.append("认证到期日：无需认证")
    return lines


async def read_summary(
    resident_id: str, call: SignedInCaller, clients: ServiceClients, settings: GatewaySettings
) -> SummaryOut:
    resident, account, award, payments, certification = await asyncio.gather(
        residents.get_resident(resident_id, call, clients, settings),
        residents.get_account(resident_id, call, clients, settings),
        _unless_missing(pensions.get_award(resident_id, call, clients, settings)),
        _unless_missing(pensions.get_payments(resident_id, call, clients, settings)),
        _unless_missing(certifications.get_certification_status(resident_id, call, clients, settings)),
    )
    last = last_payment(payments)
    return SummaryOut(
        resident_id=resident_id,
        lines=summary_lines(resident, account, award, payments, certification),
        enrolment_status=resident.status,
        balance_fen=account.balance_fen,
        monthly_pension_fen=award.monthly_total_fen if award is not None else None,
        last_payment_month=last.month if last else None,
        last_payment_status=last.status if last else None,
        certification_due_on=certification.due_on if certification is not None else None,
    )


@router.get("/summary", response_model=SummaryOut, **allow(Role.HOTLINE), responses=_READS)
async def get_summary(resident_id: ResidentId, call: VerifiedCall, clients: Clients, settings: Settings) -> SummaryOut:
    """A short Chinese summary for the operator's screen: 参保状态, 账户余额 x元, 待遇 x元/月, 最近发放 (month and the
    bank's status), 认证到期日; the same figures in fen beside it."""
    return await read_summary(resident_id, call, clients, settings)
