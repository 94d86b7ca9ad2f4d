"""Monthly reconciliation (对账) of a pooling region: run it with the fund accounts' figures, and read the last one.

Each comparison sets the platform's ledgers, the bank returns and the fund accounts side by side; any difference
also raises an alert in the supervision service. The caller's own token goes to the service, which decides who may.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final, Literal

from fastapi import APIRouter, Response, status
from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from pension.common.v1 import types_pb2
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import RequestId
from pension_gateway.api.routes.supervision_fields import (
    BOTH_FUNDS,
    FIGURES_MAX,
    FundName,
    MonthField,
    MonthPath,
    PoolingRegionField,
    PoolingRegionPath,
    ReconciliationItemName,
    SignedAmountFen,
    StatementRef,
    enum_name,
    enum_number,
    moment,
    month_text,
    parse_month_text,
)
from pension_kit.identity import Role
from pension_kit.protoconv import to_year_month

router = APIRouter(prefix="/reconciliations", tags=["supervision"])

# The roles the service behind each route admits, refused at the gateway before any call: supervision's reconciliation
# RUNNERS and READERS.
RUNNING_ROLES: Final = (Role.COUNTY_OFFICER, Role.AUDITOR)
READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.AUDITOR)


class FundAccountFigureIn(BaseModel):
    """One figure from the treasury or a bank statement for the month: at most one per item and fund. Only net
    `transfers` may be negative."""

    item: ReconciliationItemName
    fund: FundName | Literal["both"] = Field(default="both", description="individual_account, pooled, or both.")
    amount_fen: SignedAmountFen
    statement_ref: StatementRef = ""

    @field_validator("amount_fen")
    @classmethod
    def _only_transfers_negative(cls, amount_fen: int, info: ValidationInfo) -> int:
        if amount_fen < 0 and info.data.get("item") != "transfers":
            raise PydanticCustomError("AMOUNT_NEGATIVE", "{message}", {"message": "only net transfers may be negative"})
        return amount_fen


class ReconciliationIn(BaseModel):
    request_id: RequestId
    pooling_region_code: PoolingRegionField
    month: MonthField
    figures: Annotated[list[FundAccountFigureIn], Field(max_length=FIGURES_MAX)] = []


class ReconciliationLineOut(BaseModel):
    """One comparison: the ledgers', the banks' and the fund accounts' figures side by side, and the difference."""

    item: str
    fund: str = Field(description="individual_account, pooled, or both.")
    ledger_fen: int
    bank_fen: int
    fund_account_fen: int
    difference_fen: int = Field(description="Largest absolute difference among the three, fen; 0 when they agree.")
    explanation: str


class ReconciliationOut(BaseModel):
    reconciliation_id: str
    pooling_region_code: str
    month: str = Field(description="YYYY-MM.")
    balanced: bool = Field(description="True when every difference is 0.")
    lines: list[ReconciliationLineOut]
    completed_at: datetime | None


def reconciliation_out(reconciliation: supervision_pb2.Reconciliation) -> ReconciliationOut:
    return ReconciliationOut(
        reconciliation_id=reconciliation.reconciliation_id,
        pooling_region_code=reconciliation.pooling_region_code,
        month=month_text(reconciliation.month),
        balanced=reconciliation.balanced,
        lines=[
            ReconciliationLineOut(
                item=enum_name(supervision_pb2.ReconciliationItem.DESCRIPTOR, line.item),
                fund=enum_name(types_pb2.Fund.DESCRIPTOR, line.fund) if line.fund else BOTH_FUNDS,
                ledger_fen=line.ledger_fen,
                bank_fen=line.bank_fen,
                fund_account_fen=line.fund_account_fen,
                difference_fen=line.difference_fen,
                explanation=line.explanation,
            )
            for line in reconciliation.lines
        ],
        completed_at=moment(reconciliation.completed_at),
    )


def run_request(body: ReconciliationIn) -> supervision_service_pb2.RunReconciliationRequest:
    return supervision_service_pb2.RunReconciliationRequest(
        request_id=body.request_id,
        pooling_region_code=body.pooling_region_code,
        month=to_year_month(parse_month_text(body.month)),
        fund_account_figures=[
            supervision_pb2.FundAccountFigure(
                item=enum_number(supervision_pb2.ReconciliationItem.DESCRIPTOR, f.item),  # type: ignore[arg-type]
                fund=0 if f.fund == BOTH_FUNDS else enum_number(types_pb2.Fund.DESCRIPTOR, f.fund),  # type: ignore[arg-type]
                amount_fen=f.amount_fen,
                statement_ref=f.statement_ref,
            )
            for f in body.figures
        ],
    )


@router.post(
    "",
    **allow(*RUNNING_ROLES),
    status_code=status.HTTP_201_CREATED,
    response_model=ReconciliationOut,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422, 503),
)
async def run_reconciliation(
    body: ReconciliationIn, response: Response, caller: CurrentCaller, clients: Clients, settings: Settings
) -> ReconciliationOut:
    """Reconcile a region's month: payroll ledger vs bank returns vs the fund accounts' `figures`. A rerun
    replaces the month's result; any difference raises an alert. The result is then at `Location`."""
    answer = await clients.supervision.RunReconciliation(
        run_request(body), metadata=caller.to_metadata(), timeout=max(settings.rpc_timeout_seconds, 60.0)
    )
    result = reconciliation_out(answer.reconciliation)
    response.headers["Location"] = f"/v1/reconciliations/{body.pooling_region_code}/{body.month}"
    return result


@router.get(
    "/{pooling_region_code}/{month}",
    **allow(*READING_ROLES),
    response_model=ReconciliationOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_reconciliation(
    pooling_region_code: PoolingRegionPath,
    month: MonthPath,
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
) -> ReconciliationOut:
    """The last reconciliation of a region's month, every comparison side by side."""
    answer = await clients.supervision.GetReconciliation(
        supervision_service_pb2.GetReconciliationRequest(
            pooling_region_code=pooling_region_code, month=to_year_month(parse_month_text(month))
        ),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return reconciliation_out(answer.reconciliation)
