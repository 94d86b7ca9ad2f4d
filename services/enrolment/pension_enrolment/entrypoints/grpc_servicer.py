"""The EnrolmentService gRPC servicer: turns requests into calls on the service layer, and results into replies."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.domain.villages import VillageEntry
from pension_enrolment.entrypoints.grpc_account import AccountRpcs
from pension_enrolment.entrypoints.grpc_cash import CashRpcs
from pension_enrolment.entrypoints.resident_messages import (
    application_from,
    history_messages,
    resident_message,
    special_group_claims,
)
from pension_enrolment.service_layer.cash import AgentCashService
from pension_enrolment.service_layer.contributions import ContributionService
from pension_enrolment.service_layer.enrolment import EnrolmentService
from pension_enrolment.service_layer.policy import PolicyService
from pension_enrolment.service_layer.posting_runs import PostingRunService
from pension_enrolment.service_layer.resident_changes import ResidentChangeService
from pension_enrolment.service_layer.villages import VillageCatalogue, village_message
from pension_kit.identity import require_caller
from pension_kit.protoconv import check_enum, from_calendar_date

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


class EnrolmentServicer(AccountRpcs, CashRpcs, enrolment_service_pb2_grpc.EnrolmentServiceServicer):
    """RPCs not yet built answer UNIMPLEMENTED (the generated base class); see the open issues."""

    def __init__(
        self,
        enrolment: EnrolmentService,
        changes: ResidentChangeService,
        policy: PolicyService,
        contributions: ContributionService,
        posting_runs: PostingRunService,
        cash: AgentCashService,
        villages: VillageCatalogue,
    ) -> None:
        AccountRpcs.__init__(self, policy, contributions, posting_runs)
        self._cash = cash
        self._villages = villages
        self._enrolment = enrolment
        self._changes = changes

    async def Enrol(
        self, request: enrolment_service_pb2.EnrolRequest, context: Context
    ) -> enrolment_service_pb2.EnrolResponse:
        document = await self._enrolment.enrol(
            application_from(request), request_id=request.request_id, caller=require_caller()
        )
        return enrolment_service_pb2.EnrolResponse(resident=resident_message(document))

    async def LoadVillages(
        self, request: enrolment_service_pb2.LoadVillagesRequest, context: Context
    ) -> enrolment_service_pb2.LoadVillagesResponse:
        entries = [
            VillageEntry(
                village.village_code,
                village.name,
                village.township_code,
                village.township_name,
                village.pooling_region_code,
                village.position.latitude_e6,
                village.position.longitude_e6,
                village.position.accuracy_m,
            )
            for village in request.villages
        ]
        loaded = await self._villages.load(
            request.pooling_region_code,
            entries,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.LoadVillagesResponse(
            loaded=loaded.loaded,
            unchanged=loaded.unchanged,
            violations=[
                types_pb2.Violation(
                    location=code[:32], field=problem.field, reason_code=problem.reason, message=problem.message
                )
                for code, problem in loaded.problems
            ],
        )

    async def GetVillage(
        self, request: enrolment_service_pb2.GetVillageRequest, context: Context
    ) -> enrolment_service_pb2.GetVillageResponse:
        require_caller()
        entry = await self._villages.village(request.village_code)
        return enrolment_service_pb2.GetVillageResponse(village=village_message(entry))

    async def GetResident(
        self, request: enrolment_service_pb2.GetResidentRequest, context: Context
    ) -> enrolment_service_pb2.GetResidentResponse:
        document = await self._enrolment.get(request.resident_id, caller=require_caller())
        return enrolment_service_pb2.GetResidentResponse(resident=resident_message(document))

    async def FindResidentByCitizenId(
        self, request: enrolment_service_pb2.FindResidentByCitizenIdRequest, context: Context
    ) -> enrolment_service_pb2.FindResidentByCitizenIdResponse:
        document = await self._enrolment.find_by_citizen_id(request.citizen_id_number, caller=require_caller())
        return enrolment_service_pb2.FindResidentByCitizenIdResponse(resident=resident_message(document))

    async def CheckCallerIdentity(
        self, request: enrolment_service_pb2.CheckCallerIdentityRequest, context: Context
    ) -> enrolment_service_pb2.CheckCallerIdentityResponse:
        verdict = await self._enrolment.check_caller_identity(
            request.citizen_id_number, request.name, request.bank_card_last4, caller=require_caller()
        )
        return enrolment_service_pb2.CheckCallerIdentityResponse(
            identity_matched=verdict.identity_matched,
            resident_id=verdict.resident_id,
            bank_card_last4_matched=verdict.bank_card_last4_matched,
        )

    async def ListVillageResidents(
        self, request: enrolment_service_pb2.ListVillageResidentsRequest, context: Context
    ) -> enrolment_service_pb2.ListVillageResidentsResponse:
        documents, next_token = await self._enrolment.list_village(
            request.village_code,
            # Unspecified means every status.
            status=check_enum(
                request.status, enrolment_pb2.EnrolmentStatus.DESCRIPTOR, field="status", unspecified_allowed=True
            ),
            page_size=request.page_size,
            page_token=request.page_token,
            caller=require_caller(),
            name_prefix=request.name_prefix,
            citizen_id_suffix=request.citizen_id_suffix,
        )
        return enrolment_service_pb2.ListVillageResidentsResponse(
            residents=[resident_message(d) for d in documents], next_page_token=next_token
        )

    async def GetResidentHistory(
        self, request: enrolment_service_pb2.GetResidentHistoryRequest, context: Context
    ) -> enrolment_service_pb2.GetResidentHistoryResponse:
        document = await self._enrolment.get(request.resident_id, caller=require_caller())
        return enrolment_service_pb2.GetResidentHistoryResponse(changes=history_messages(document))

    async def ChangeMobile(
        self, request: enrolment_service_pb2.ChangeMobileRequest, context: Context
    ) -> enrolment_service_pb2.ChangeMobileResponse:
        document = await self._changes.change_mobile(
            request.resident_id,
            request.mobile,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.ChangeMobileResponse(resident=resident_message(document))

    async def ChangeBankAccount(
        self, request: enrolment_service_pb2.ChangeBankAccountRequest, context: Context
    ) -> enrolment_service_pb2.ChangeBankAccountResponse:
        document = await self._changes.change_bank_account(
            request.resident_id,
            request.bank_card_number,
            request.bank_code,
            request.bank_name,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.ChangeBankAccountResponse(resident=resident_message(document))

    async def ChangeVillage(
        self, request: enrolment_service_pb2.ChangeVillageRequest, context: Context
    ) -> enrolment_service_pb2.ChangeVillageResponse:
        document = await self._changes.change_village(
            request.resident_id,
            request.village_code,
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.ChangeVillageResponse(resident=resident_message(document))

    async def SetSpecialGroups(
        self, request: enrolment_service_pb2.SetSpecialGroupsRequest, context: Context
    ) -> enrolment_service_pb2.SetSpecialGroupsResponse:
        document = await self._changes.set_special_groups(
            request.resident_id,
            special_group_claims(request.special_groups),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.SetSpecialGroupsResponse(resident=resident_message(document))

    async def TerminateEnrolment(
        self, request: enrolment_service_pb2.TerminateEnrolmentRequest, context: Context
    ) -> enrolment_service_pb2.TerminateEnrolmentResponse:
        document = await self._changes.terminate(
            request.resident_id,
            # Which defined causes this call takes (not a transfer out) is the service layer's rule.
            check_enum(
                request.cause, enrolment_pb2.TerminationCause.DESCRIPTOR, field="cause", unspecified_allowed=True
            ),
            from_calendar_date(request.terminated_on, field="terminated_on") or date.min,
            date_of_death=from_calendar_date(request.date_of_death, field="date_of_death", required=False),
            reason=request.reason,
            request_id=request.request_id,
            caller=require_caller(),
        )
        return enrolment_service_pb2.TerminateEnrolmentResponse(resident=resident_message(document))
