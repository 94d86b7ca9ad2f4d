"""The EnrolmentService gRPC servicer: turns requests into calls on the service layer, and results into replies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeAlias

import grpc

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.domain.enrolment import EnrolmentApplication, SpecialGroupClaim
from pension_enrolment.entrypoints.grpc_account import AccountRpcs
from pension_enrolment.entrypoints.grpc_cash import CashRpcs
from pension_enrolment.service_layer.batches import BatchService
from pension_enrolment.service_layer.cash import AgentCash
from pension_enrolment.service_layer.changes import ResidentChanges
from pension_enrolment.service_layer.contributions import ContributionService
from pension_enrolment.service_layer.enrolment import EnrolmentService
from pension_enrolment.service_layer.policy import PolicyService
from pension_enrolment.service_layer.records import special_group_messages
from pension_kit.identity import require_caller
from pension_kit.mongo import Document
from pension_kit.protoconv import bank_account_ref, check_enum, from_calendar_date, to_calendar_date, to_timestamp

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _optional_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def resident_message(document: Document) -> enrolment_pb2.Resident:
    """The Resident reply: identifiers masked, the bank account masked and tokenised (its sealed form stays here)."""
    return enrolment_pb2.Resident(
        resident_id=document["_id"],
        citizen_id_masked=document["citizen_id_masked"],
        name=document["name"],
        name_masked=document["name_masked"],
        sex=document["sex"],
        birth_date=to_calendar_date(date.fromisoformat(document["birth_date"])),
        pooling_region_code=document["pooling_region_code"],
        village_code=document["village_code"],
        mobile=document["mobile"],
        mobile_masked=document["mobile_masked"],
        bank_account=bank_account_ref(document["bank_account"], sealed=False),
        special_groups=special_group_messages(document["special_groups"]),
        photo_ref=document["photo_ref"],
        enrolled_on=to_calendar_date(date.fromisoformat(document["enrolled_on"])),
        enrolled_by_agent_id=document["enrolled_by_agent_id"],
        status=document["status"],
        termination_cause=document.get("termination_cause", 0),
        terminated_on=to_calendar_date(_optional_date(document.get("terminated_on"))),
        date_of_death=to_calendar_date(_optional_date(document.get("date_of_death"))),
        created_at=to_timestamp(document["created_at"]),
        updated_at=to_timestamp(document["updated_at"]),
    )


def application_from(request: enrolment_service_pb2.EnrolRequest) -> EnrolmentApplication:
    return EnrolmentApplication(
        citizen_id_number=request.citizen_id_number,
        name=request.name,
        village_code=request.village_code,
        mobile=request.mobile,
        bank_card_number=request.bank_card_number,
        bank_code=request.bank_code,
        bank_name=request.bank_name,
        special_groups=special_group_claims(request.special_groups),
        photo_ref=request.photo_ref,
        enrolled_on=from_calendar_date(request.enrolled_on, field="enrolled_on") or date.min,
        agent_id=request.agent_id,
        full_time_student=request.full_time_student,
    )


def special_group_claims(memberships: Iterable[enrolment_pb2.SpecialGroupMembership]) -> tuple[SpecialGroupClaim, ...]:
    claims = []
    for index, membership in enumerate(memberships):
        field = f"special_groups[{index}]"
        # Unspecified is refused by validate_special_groups with its own reason (SPECIAL_GROUP_REQUIRED).
        check_enum(
            membership.group, types_pb2.SpecialGroup.DESCRIPTOR, field=f"{field}.group", unspecified_allowed=True
        )
        claims.append(
            SpecialGroupClaim(
                group=membership.group,
                evidence_ref=membership.evidence_ref,
                effective_from=from_calendar_date(membership.effective_from, field=f"{field}.effective_from")
                or date.min,
                effective_until=from_calendar_date(
                    membership.effective_until, field=f"{field}.effective_until", required=False
                ),
            )
        )
    return tuple(claims)


def history_messages(document: Document) -> list[enrolment_pb2.ResidentChange]:
    return [
        enrolment_pb2.ResidentChange(
            kind=entry["kind"],
            old_value=entry["old_value"],
            new_value=entry["new_value"],
            actor=entry["actor"],
            reason=entry["reason"],
            changed_at=to_timestamp(entry["changed_at"]),
            event_id=entry["event_id"],
        )
        for entry in document.get("history", [])
    ]


class EnrolmentServicer(AccountRpcs, CashRpcs, enrolment_service_pb2_grpc.EnrolmentServiceServicer):
    """RPCs not yet built answer UNIMPLEMENTED (the generated base class); see the open issues."""

    def __init__(
        self,
        enrolment: EnrolmentService,
        changes: ResidentChanges,
        policy: PolicyService,
        contributions: ContributionService,
        batches: BatchService,
        cash: AgentCash,
    ) -> None:
        AccountRpcs.__init__(self, policy, contributions, batches)
        self._cash = cash
        self._enrolment = enrolment
        self._changes = changes

    async def Enrol(
        self, request: enrolment_service_pb2.EnrolRequest, context: Context
    ) -> enrolment_service_pb2.EnrolResponse:
        document = await self._enrolment.enrol(
            application_from(request), request_id=request.request_id, caller=require_caller()
        )
        return enrolment_service_pb2.EnrolResponse(resident=resident_message(document))

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
