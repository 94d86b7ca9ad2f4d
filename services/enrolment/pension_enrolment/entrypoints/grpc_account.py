"""The servicer's RPCs of policy, contributions, individual accounts, the region's account jobs and transfers."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_service_pb2
from pension_contracts.policy import policy_from_message, policy_message
from pension_enrolment.adapters.event_messages import entry_message
from pension_enrolment.entrypoints.resident_messages import (
    contribution_message,
    posted_entry_messages,
    resident_message,
    statement_message,
)
from pension_enrolment.service_layer.contributions import ContributionRequest, ContributionService
from pension_enrolment.service_layer.policy import PolicyService
from pension_enrolment.service_layer.posting_runs import PostingRunService
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum, from_calendar_date

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _optional(value: types_pb2.CalendarDate, field: str) -> date | None:
    return from_calendar_date(value, field=field, required=False)


def _required(value: types_pb2.CalendarDate, field: str) -> date:
    return from_calendar_date(value, field=field) or date.min


class AccountRpcs:
    """A mixin of EnrolmentServicer: each RPC turns the request into a call on the service layer, and back."""

    def __init__(
        self, policy: PolicyService, contributions: ContributionService, posting_runs: PostingRunService
    ) -> None:
        self._policy = policy
        self._contributions = contributions
        self._posting_runs = posting_runs

    # --- policy ---

    async def GetPolicy(
        self, request: enrolment_service_pb2.GetPolicyRequest, context: Context
    ) -> enrolment_service_pb2.GetPolicyResponse:
        version = await self._policy.get(
            request.pooling_region_code, _optional(request.as_of, "as_of"), caller=require_caller()
        )
        return enrolment_service_pb2.GetPolicyResponse(policy=policy_message(version))

    async def ListPolicyVersions(
        self, request: enrolment_service_pb2.ListPolicyVersionsRequest, context: Context
    ) -> enrolment_service_pb2.ListPolicyVersionsResponse:
        versions = await self._policy.list_versions(request.pooling_region_code, caller=require_caller())
        return enrolment_service_pb2.ListPolicyVersionsResponse(policies=[policy_message(v) for v in versions])

    async def ChangePolicy(
        self, request: enrolment_service_pb2.ChangePolicyRequest, context: Context
    ) -> enrolment_service_pb2.ChangePolicyResponse:
        caller = require_caller()
        version = await self._policy.change(
            policy_from_message(request.policy), reason=request.reason, request_id=request.request_id, caller=caller
        )
        return enrolment_service_pb2.ChangePolicyResponse(policy=policy_message(version))

    # --- contributions ---

    async def RecordContribution(
        self, request: enrolment_service_pb2.RecordContributionRequest, context: Context
    ) -> enrolment_service_pb2.RecordContributionResponse:
        result = await self._contributions.record(
            ContributionRequest(
                resident_id=request.resident_id,
                year=request.year,
                # Defined values here; which kinds and channels a request may record is the service layer's rule.
                kind=check_enum(
                    request.kind, types_pb2.ContributionKind.DESCRIPTOR, field="kind", unspecified_allowed=True
                ),
                channel=check_enum(
                    request.channel, types_pb2.ContributionChannel.DESCRIPTOR, field="channel", unspecified_allowed=True
                ),
                grade_fen=request.grade_fen,
                collective_fen=request.collective_fen,
                receipt_number=request.receipt_number,
                agent_id=request.agent_id,
                paid_on=_optional(request.paid_on, "paid_on"),
                payment_ref=request.payment_ref,
                reason=request.reason,
            ),
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.RecordContributionResponse(
            contribution=contribution_message(result.resident_id, result.contributions[0]),
            entries=posted_entry_messages(result),
            balance_fen=result.balance_fen,
        )

    async def ReverseContribution(
        self, request: enrolment_service_pb2.ReverseContributionRequest, context: Context
    ) -> enrolment_service_pb2.ReverseContributionResponse:
        result = await self._contributions.reverse(
            request.resident_id,
            request.contribution_id,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.ReverseContributionResponse(
            contribution=contribution_message(result.resident_id, result.contributions[0]),
            entries=posted_entry_messages(result),
            balance_fen=result.balance_fen,
        )

    async def ListContributions(
        self, request: enrolment_service_pb2.ListContributionsRequest, context: Context
    ) -> enrolment_service_pb2.ListContributionsResponse:
        resident_id, records = await self._contributions.contributions(request.resident_id, caller=require_caller())
        return enrolment_service_pb2.ListContributionsResponse(
            contributions=[contribution_message(resident_id, record) for record in records]
        )

    # --- the region's jobs ---

    # RunPaidOnBehalfBatch: the contract's name for a paid-on-behalf posting run.
    async def RunPaidOnBehalfBatch(
        self, request: enrolment_service_pb2.RunPaidOnBehalfBatchRequest, context: Context
    ) -> enrolment_service_pb2.RunPaidOnBehalfBatchResponse:
        result = await self._posting_runs.run_paid_on_behalf(
            request.pooling_region_code,
            request.year,
            _required(request.paid_on, "paid_on"),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.RunPaidOnBehalfBatchResponse(
            batch_id=result.posting_run_id,  # the contract's name
            residents_credited=result.residents_credited,
            residents_already_credited=result.residents_already_credited,
            paid_on_behalf_fen=result.paid_on_behalf_fen,
            subsidy_fen=result.subsidy_fen,
        )

    async def RunYearEndInterest(
        self, request: enrolment_service_pb2.RunYearEndInterestRequest, context: Context
    ) -> enrolment_service_pb2.RunYearEndInterestResponse:
        result = await self._posting_runs.run_year_end_interest(
            request.pooling_region_code,
            request.year,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.RunYearEndInterestResponse(
            rate_ppm=result.rate_ppm,
            accounts_credited=result.accounts_credited,
            accounts_already_credited=result.accounts_already_credited,
            interest_fen=result.interest_fen,
        )

    # --- the account ---

    async def GetAccount(
        self, request: enrolment_service_pb2.GetAccountRequest, context: Context
    ) -> enrolment_service_pb2.GetAccountResponse:
        account = await self._contributions.account(
            request.resident_id, _optional(request.as_of, "as_of"), caller=require_caller()
        )
        return enrolment_service_pb2.GetAccountResponse(
            resident_id=account.resident_id,
            balance_fen=account.balance_fen,
            entries=[
                entry_message(account.resident_id, entry, account.posted_at.get(entry.entry_id))
                for entry in account.entries
            ],
            contributed_years=len(account.contribution_years),
            contribution_years=account.contribution_years,
        )

    async def GetAnnualStatement(
        self, request: enrolment_service_pb2.GetAnnualStatementRequest, context: Context
    ) -> enrolment_service_pb2.GetAnnualStatementResponse:
        found = await self._contributions.statement(request.resident_id, request.year, caller=require_caller())
        return enrolment_service_pb2.GetAnnualStatementResponse(statement=statement_message(found))

    # --- transfers ---

    async def TransferIn(
        self, request: enrolment_service_pb2.TransferInRequest, context: Context
    ) -> enrolment_service_pb2.TransferInResponse:
        result = await self._contributions.transfer_in(
            request.resident_id,
            from_pooling_region_code=request.from_pooling_region_code,
            transfer_reference=request.transfer_reference,
            balance_fen=request.balance_fen,
            contribution_years=list(request.contribution_years),
            transferred_on=_optional(request.transferred_on, "transferred_on"),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.TransferInResponse(
            entry=entry_message(result.resident_id, result.entry, result.posted_at),
            balance_fen=result.balance_fen,
            contributed_years=result.contributed_years,
        )

    async def TransferOut(
        self, request: enrolment_service_pb2.TransferOutRequest, context: Context
    ) -> enrolment_service_pb2.TransferOutResponse:
        result = await self._contributions.transfer_out(
            request.resident_id,
            to_pooling_region_code=request.to_pooling_region_code,
            transfer_reference=request.transfer_reference,
            transferred_on=_optional(request.transferred_on, "transferred_on"),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.TransferOutResponse(
            resident=resident_message(result.resident),
            balance_fen=result.balance_fen,
            contribution_years=result.contribution_years,
        )
