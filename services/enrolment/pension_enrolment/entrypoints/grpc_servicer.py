"""The EnrolmentService gRPC servicer: turns requests into calls on the service layer, and results into replies."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeAlias

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_enrolment.domain.enrolment import EnrolmentApplication, SpecialGroupClaim
from pension_enrolment.service_layer.enrolment import EnrolmentService
from pension_kit.identity import require_caller
from pension_kit.mongo import Document
from pension_kit.protoconv import from_calendar_date, to_calendar_date

Context: TypeAlias = grpc.aio.ServicerContext[Any, Any]


def _timestamp(moment: Any) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def resident_message(document: Document) -> enrolment_pb2.Resident:
    """The Resident reply: identifiers masked, the bank account masked and tokenised (its sealed form stays here)."""
    bank = document["bank_account"]
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
        bank_account=types_pb2.BankAccountRef(
            bank_code=bank["bank_code"],
            bank_name=bank["bank_name"],
            account_masked=bank["account_masked"],
            account_token=bank["account_token"],
        ),
        special_groups=[
            enrolment_pb2.SpecialGroupMembership(
                group=group["group"],
                evidence_ref=group["evidence_ref"],
                effective_from=to_calendar_date(date.fromisoformat(group["effective_from"])),
                effective_until=to_calendar_date(
                    date.fromisoformat(group["effective_until"]) if group["effective_until"] else None
                ),
            )
            for group in document["special_groups"]
        ],
        photo_ref=document["photo_ref"],
        enrolled_on=to_calendar_date(date.fromisoformat(document["enrolled_on"])),
        enrolled_by_agent_id=document["enrolled_by_agent_id"],
        status=document["status"],
        created_at=_timestamp(document["created_at"]),
        updated_at=_timestamp(document["updated_at"]),
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
        special_groups=tuple(
            SpecialGroupClaim(
                group=membership.group,
                evidence_ref=membership.evidence_ref,
                effective_from=from_calendar_date(
                    membership.effective_from, field=f"special_groups[{index}].effective_from"
                )
                or date.min,
                effective_until=from_calendar_date(
                    membership.effective_until,
                    field=f"special_groups[{index}].effective_until",
                    required=False,
                ),
            )
            for index, membership in enumerate(request.special_groups)
        ),
        photo_ref=request.photo_ref,
        enrolled_on=from_calendar_date(request.enrolled_on, field="enrolled_on") or date.min,
        agent_id=request.agent_id,
        full_time_student=request.full_time_student,
    )


class EnrolmentServicer(enrolment_service_pb2_grpc.EnrolmentServiceServicer):
    """RPCs not yet built answer UNIMPLEMENTED (the generated base class); see the open issues."""

    def __init__(self, enrolment: EnrolmentService) -> None:
        self._enrolment = enrolment

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
