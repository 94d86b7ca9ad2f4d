"""A region's monthly payroll runs for the county's officers: the list, one run with its totals, and an approval.

Each route forwards the caller's own token to the payout service, which decides again who may read and approve
(its maker-checker: the preparer of a run never approves it, each approver signs once). The officers' pages
(pension_gateway.office) call the same functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final

from fastapi import APIRouter, Path, Query
from pydantic import AfterValidator, BaseModel, Field

from pension.common.v1 import types_pb2
from pension.payout.v1 import payout_pb2, payout_service_pb2
from pension_gateway.api.access import allow
from pension_gateway.api.deps import Clients, CurrentCaller, Settings
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import Reason, RequestId, _matching
from pension_gateway.api.routes.supervision_fields import (
    POOLING_REGION_PATTERN,
    _pooling_region,
    moment,
    month_text,
)
from pension_gateway.auth import SignedInCaller
from pension_gateway.clients import ServiceClients
from pension_gateway.config import GatewaySettings
from pension_gateway.pages import labels
from pension_kit.identity import Role
from pension_kit.paging import MAX_PAGE_SIZE

router = APIRouter(prefix="/payrolls", tags=["payroll"])

# Officers who read runs (payout's RUN_READING_ROLES without the hotline, which reads a resident's payments through
# /hotline/v1 instead), and payout's APPROVING_ROLES.
READING_ROLES: Final = (Role.COUNTY_OFFICER, Role.COUNTY_APPROVER, Role.TOWNSHIP_OFFICER, Role.AUDITOR)
APPROVING_ROLES: Final = (Role.COUNTY_APPROVER,)

# A run's id is its region and month (payout's run_id): PR-411731-202612.
RUN_ID_PATTERN: Final = r"^PR-[0-9]{6}-[0-9]{6}$"
# Payout's list cursor is the last run id of the page.
RUN_PAGE_TOKEN_PATTERN: Final = r"^(PR-[0-9]{6}-[0-9]{6})?$"

STATUS_ZH: Final = {
    payout_pb2.PAYROLL_STATUS_DRAFT: "待审批",
    payout_pb2.PAYROLL_STATUS_APPROVED: "已审批",
    payout_pb2.PAYROLL_STATUS_EXPORTED: "已生成银行文件",
    payout_pb2.PAYROLL_STATUS_RETURNED: "银行已回盘",
    payout_pb2.PAYROLL_STATUS_CLOSED: "已结算",
}
COMPONENT_ZH: Final = {
    types_pb2.BENEFIT_COMPONENT_BASIC_PENSION: "基础养老金",
    types_pb2.BENEFIT_COMPONENT_LONG_CONTRIBUTION_BONUS: "长缴多得加发",
    types_pb2.BENEFIT_COMPONENT_OLD_AGE_BONUS: "高龄加发",
    types_pb2.BENEFIT_COMPONENT_ACCOUNT_PENSION: "个人账户养老金",
}

RunIdPath = Annotated[
    str,
    Path(
        description="A payroll run's id: PR-, the 6-digit region, -, the month as YYYYMM.",
        json_schema_extra={"pattern": RUN_ID_PATTERN, "maxLength": 16},
        examples=["PR-411731-202612"],
    ),
    _matching(RUN_ID_PATTERN, "PAYROLL_RUN_ID_FORMAT", "a payroll run id is PR-<6-digit region>-<YYYYMM>"),
]
RegionQuery = Annotated[
    str,
    Query(
        description="6-digit county code of the pooling region.",
        max_length=6,
        json_schema_extra={"pattern": POOLING_REGION_PATTERN},
        examples=["411731"],
    ),
    AfterValidator(_pooling_region),
]
RunPageToken = Annotated[
    str,
    Query(
        description="The `next_page_token` of the previous page; empty for the first.",
        json_schema_extra={"pattern": RUN_PAGE_TOKEN_PATTERN, "maxLength": 16},
    ),
    _matching(RUN_PAGE_TOKEN_PATTERN, "PAGE_TOKEN_INVALID", "page_token is not one we issued"),
]


class ApprovalOut(BaseModel):
    approver_id: str
    approved_at: datetime | None
    reason: str


class ComponentTotalOut(BaseModel):
    component: str = Field(description="basic_pension, long_contribution_bonus, old_age_bonus or account_pension.")
    component_zh: str
    fund: str = Field(description="individual_account or pooled.")
    fund_zh: str
    amount_fen: int


class PayrollRunOut(BaseModel):
    """A run: its state, month, who prepared and approved it, its counts and totals (fen)."""

    payroll_run_id: str
    pooling_region_code: str
    month: str = Field(description="The month paid, YYYY-MM.")
    status: str = Field(description="draft, approved, exported, returned or closed.")
    status_zh: str
    prepared_by: str
    prepared_at: datetime | None
    approvals: list[ApprovalOut]
    approvals_required: int
    payment_count: int
    total_fen: int
    regular_count: int
    regular_fen: int
    back_pay_count: int
    back_pay_fen: int
    retry_count: int
    retry_fen: int
    suspended_count: int
    totals: list[ComponentTotalOut]
    paid_count: int
    paid_fen: int
    failed_count: int
    failed_fen: int


class PayrollsPageOut(BaseModel):
    payrolls: list[PayrollRunOut] = Field(description="Newest month first.")
    next_page_token: str


class ApprovalIn(BaseModel):
    request_id: RequestId
    reason: Reason = ""


def status_name(status: int) -> str:
    return labels.contract_name(payout_pb2.PayrollStatus, status, "PAYROLL_STATUS_")


def payroll_out(run: payout_pb2.PayrollRun) -> PayrollRunOut:
    return PayrollRunOut(
        payroll_run_id=run.payroll_run_id,
        pooling_region_code=run.pooling_region_code,
        month=month_text(run.month),
        status=status_name(run.status),
        status_zh=STATUS_ZH.get(run.status, labels.UNKNOWN),
        prepared_by=run.prepared_by,
        prepared_at=moment(run.prepared_at),
        approvals=[
            ApprovalOut(approver_id=a.approver_id, approved_at=moment(a.approved_at), reason=a.reason)
            for a in run.approvals
        ],
        approvals_required=run.approvals_required,
        payment_count=run.payment_count,
        total_fen=run.total_fen,
        regular_count=run.regular_count,
        regular_fen=run.regular_fen,
        back_pay_count=run.back_pay_count,
        back_pay_fen=run.back_pay_fen,
        retry_count=run.retry_count,
        retry_fen=run.retry_fen,
        suspended_count=run.suspended_count,
        totals=[
            ComponentTotalOut(
                component=labels.contract_name(types_pb2.BenefitComponent, t.component, "BENEFIT_COMPONENT_"),
                component_zh=COMPONENT_ZH.get(t.component, labels.UNKNOWN),
                fund=labels.contract_name(types_pb2.Fund, t.fund, "FUND_"),
                fund_zh=labels.label(labels.FUNDS, t.fund),
                amount_fen=t.amount_fen,
            )
            for t in run.totals
        ],
        paid_count=run.paid_count,
        paid_fen=run.paid_fen,
        failed_count=run.failed_count,
        failed_fen=run.failed_fen,
    )


async def list_payrolls_of(
    caller: SignedInCaller,
    clients: ServiceClients,
    settings: GatewaySettings,
    region: str,
    *,
    page_size: int = 100,
    page_token: str = "",
) -> PayrollsPageOut:
    response = await clients.payout.ListPayrolls(
        payout_service_pb2.ListPayrollsRequest(pooling_region_code=region, page_size=page_size, page_token=page_token),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return PayrollsPageOut(
        payrolls=[payroll_out(run) for run in response.payrolls], next_page_token=response.next_page_token
    )


async def payroll_of(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, run_id: str
) -> PayrollRunOut:
    response = await clients.payout.GetPayroll(
        payout_service_pb2.GetPayrollRequest(payroll_run_id=run_id),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return payroll_out(response.payroll)


async def approve_payroll_run(
    caller: SignedInCaller, clients: ServiceClients, settings: GatewaySettings, run_id: str, body: ApprovalIn
) -> PayrollRunOut:
    response = await clients.payout.ApprovePayroll(
        payout_service_pb2.ApprovePayrollRequest(request_id=body.request_id, payroll_run_id=run_id, reason=body.reason),
        metadata=caller.to_metadata(),
        timeout=settings.rpc_timeout_seconds,
    )
    return payroll_out(response.payroll)


@router.get(
    "", **allow(*READING_ROLES), response_model=PayrollsPageOut, responses=problem_responses(400, 401, 403, 503)
)
async def list_payrolls(
    caller: CurrentCaller,
    clients: Clients,
    settings: Settings,
    pooling_region_code: RegionQuery,
    page_size: int = Query(100, ge=1, le=MAX_PAGE_SIZE),
    page_token: RunPageToken = "",
) -> PayrollsPageOut:
    """A region's payroll runs, newest month first, with their state and totals (fen); cursor-paged."""
    return await list_payrolls_of(
        caller, clients, settings, pooling_region_code, page_size=page_size, page_token=page_token
    )


@router.get(
    "/{run_id}",
    **allow(*READING_ROLES),
    response_model=PayrollRunOut,
    responses=problem_responses(400, 401, 403, 404, 503),
)
async def get_payroll(run_id: RunIdPath, caller: CurrentCaller, clients: Clients, settings: Settings) -> PayrollRunOut:
    """One run: state, month, preparer, approvals so far of those required, counts and totals by component (fen)."""
    return await payroll_of(caller, clients, settings, run_id)


@router.post(
    "/{run_id}/approval",
    **allow(*APPROVING_ROLES),
    response_model=PayrollRunOut,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
)
async def approve_payroll(
    run_id: RunIdPath, body: ApprovalIn, caller: CurrentCaller, clients: Clients, settings: Settings
) -> PayrollRunOut:
    """One approver's sign-off of a draft run (maker-checker): the run is `approved` once the required number of
    distinct approvers, none of them its preparer, have signed. The preparer is refused with 403
    `PAYROLL_APPROVER_IS_PREPARER`, a second sign-off by the same approver or of a run no longer a draft with 409.
    A retry with the same `request_id` answers the same run."""
    return await approve_payroll_run(caller, clients, settings, run_id, body)
