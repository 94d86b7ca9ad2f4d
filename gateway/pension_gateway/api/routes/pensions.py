"""A pensioner's award and payments, as the 12333 hotline answers "how much is my pension, was I paid"."""

from __future__ import annotations

from datetime import date
from typing import Final

from fastapi import APIRouter
from pydantic import BaseModel, Field

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2, payout_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import MonthQuery, ResidentId
from pension_kit.identity import Role

router = APIRouter(tags=["pensions"])

# The roles the service behind each route admits, refused at the gateway before any call: payout's awards
# READING_ROLES.
READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER, Role.AUDITOR, Role.HOTLINE)


class BreakdownLineOut(BaseModel):
    component: str
    monthly_fen: int
    explanation: str


class AwardOut(BaseModel):
    award_id: str
    resident_id: str
    status: str
    first_month: str
    contributed_years: int
    required_years: int
    account_balance_at_award_fen: int
    account_pension_fen: int
    monthly_total_fen: int = Field(description="The award's first month, fen")
    lines: list[BreakdownLineOut]
    month: str | None = Field(default=None, description="The month explained in month_lines, when one was asked")
    month_lines: list[BreakdownLineOut] = []
    month_total_fen: int | None = None


class PaymentOut(BaseModel):
    payment_id: str
    month: str
    kind: str
    status: str
    amount_fen: int
    paid_on: date | None
    bank_account_masked: str
    failure_reason: str


def _month(value: types_pb2.YearMonth) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def _lines(lines: list[payout_pb2.BreakdownLine]) -> list[BreakdownLineOut]:
    return [
        BreakdownLineOut(
            component=types_pb2.BenefitComponent.Name(line.component).removeprefix("BENEFIT_COMPONENT_").lower(),
            monthly_fen=line.monthly_fen,
            explanation=line.explanation,
        )
        for line in lines
    ]


def _year_month(text: str) -> types_pb2.YearMonth:
    year, month = text.split("-")
    return types_pb2.YearMonth(year=int(year), month=int(month))


@router.get(
    "/residents/{resident_id}/award",
    **allow(*READING_ROLES),
    response_model=AwardOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_award(
    resident_id: ResidentId,
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    month: MonthQuery = None,
) -> AwardOut:
    """A pensioner's award, line by line; with `month` (YYYY-MM), how that month's amount is made up."""
    request = payout_service_pb2.GetAwardRequest(resident_id=resident_id)
    if month is not None:
        request.month.CopyFrom(_year_month(month))
    response = await clients.payout.GetAward(
        request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    award = response.award
    return AwardOut(
        award_id=award.award_id,
        resident_id=award.resident_id,
        status=payout_pb2.AwardStatus.Name(award.status).removeprefix("AWARD_STATUS_").lower(),
        first_month=_month(award.first_month),
        contributed_years=award.contributed_years,
        required_years=award.required_years,
        account_balance_at_award_fen=award.account_balance_at_award_fen,
        account_pension_fen=award.account_pension_fen,
        monthly_total_fen=award.monthly_total_fen,
        lines=_lines(list(award.lines)),
        month=month,
        month_lines=_lines(list(response.month_lines)),
        month_total_fen=response.month_total_fen if month else None,
    )


@router.get(
    "/residents/{resident_id}/payments",
    **allow(*READING_ROLES),
    response_model=list[PaymentOut],
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_payments(
    resident_id: ResidentId,
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    from_month: MonthQuery = None,
    to_month: MonthQuery = None,
) -> list[PaymentOut]:
    """A pensioner's payments, oldest month first: paid, failed (with the bank's reason), or on the way.

    Without `from_month` (YYYY-MM), the twelve months before `to_month` (by default the newest) and that month:
    the year a caller asks about. Give `from_month` for earlier years."""
    request = payout_service_pb2.GetResidentPaymentsRequest(resident_id=resident_id)
    if from_month is not None:
        request.from_month.CopyFrom(_year_month(from_month))
    if to_month is not None:
        request.to_month.CopyFrom(_year_month(to_month))
    response = await clients.payout.GetResidentPayments(
        request, metadata=caller.to_metadata(), timeout=settings.rpc_timeout_seconds
    )
    return [
        PaymentOut(
            payment_id=payment.payment_id,
            month=_month(payment.month),
            kind=payout_pb2.PaymentKind.Name(payment.kind).removeprefix("PAYMENT_KIND_").lower(),
            status=payout_pb2.PaymentStatus.Name(payment.status).removeprefix("PAYMENT_STATUS_").lower(),
            amount_fen=payment.amount_fen,
            paid_on=date(payment.paid_on.year, payment.paid_on.month, payment.paid_on.day)
            if payment.paid_on.year
            else None,
            bank_account_masked=payment.bank_account.account_masked,
            failure_reason=payment.failure_reason,
        )
        for payment in response.payments
    ]
