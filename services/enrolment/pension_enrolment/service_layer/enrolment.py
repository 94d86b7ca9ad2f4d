"""Enrolling a resident: validate, seal personal data, write the resident and its event in one insert."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.residents import DuplicateResident, ResidentRepository
from pension_enrolment.domain.enrolment import EnrolmentApplication, ValidatedEnrolment, validate_application
from pension_kit.errors import AlreadyExists, InvalidArgument, NotFound, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_bank_card, mask_citizen_id, mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date, to_sealed_value

CHINA = ZoneInfo("Asia/Shanghai")
ENROLLING_ROLES = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READING_ROLES = (*ENROLLING_ROLES, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE, Role.SYSTEM)


def today_in_china() -> date:
    """Dates are calendar dates in China Standard Time (DOMAIN.md), whatever the server's zone."""
    return datetime.now(CHINA).date()


@dataclass
class EnrolmentService:
    residents: ResidentRepository
    vault: PersonalDataVault
    topic: str
    notify_relay: Callable[[], None]
    today: Callable[[], date] = today_in_china

    async def enrol(self, application: EnrolmentApplication, *, request_id: str, caller: Caller) -> Document:
        """Enrols once per citizen ID number; repeating a request id returns the first result."""
        caller.require_role(*ENROLLING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        caller.require_village(application.village_code)
        if not application.agent_id:
            application = replace(application, agent_id=caller.user_id)
        elif caller.role is Role.VILLAGE_AGENT and application.agent_id != caller.user_id:
            raise PermissionDenied(
                "AGENT_MISMATCH",
                "a village agent enrols in their own name",
                field="agent_id",
                message_zh="协办员只能以本人名义办理参保登记",
            )
        earlier = await self.residents.by_request_id(request_id)
        if earlier is not None:
            return earlier
        valid = validate_application(application, today=self.today())
        document = self._resident_document(valid, request_id=request_id, caller=caller)
        try:
            await self.residents.add(document)
        except DuplicateResident as exc:
            if exc.index == "request_id":
                retried = await self.residents.by_request_id(request_id)
                if retried is not None:
                    return retried
            raise AlreadyExists(
                "DUPLICATE_ENROLMENT",
                "this citizen ID number is already enrolled",
                field="citizen_id_number",
                message_zh="该身份证号码已参保，不能重复登记",
            ) from None
        self.notify_relay()
        document.pop("outbox", None)
        return document

    async def get(self, resident_id: str, *, caller: Caller) -> Document:
        caller.require_role(*READING_ROLES)
        document = await self.residents.get(resident_id)
        if document is None:
            raise NotFound(
                "RESIDENT_NOT_FOUND",
                f"no resident {resident_id}",
                field="resident_id",
                message_zh="未找到该参保人",
            )
        caller.require_village(document["village_code"])
        return document

    def _resident_document(self, valid: ValidatedEnrolment, *, request_id: str, caller: Caller) -> Document:
        resident_id = "R" + uuid.uuid4().hex[:20].upper()
        now = datetime.now(UTC)
        citizen_id = valid.citizen.number
        sealed_card = self.vault.seal(valid.bank_card_number, purpose="bank_card_number")
        sealed_name = self.vault.seal(valid.name, purpose="name")
        sealed_mobile = self.vault.seal(valid.mobile, purpose="mobile")
        bank_account: dict[str, Any] = {
            "bank_code": valid.bank_code,
            "bank_name": valid.bank_name,
            "account_masked": mask_bank_card(valid.bank_card_number),
            "account_token": self.vault.lookup_hash(valid.bank_card_number, purpose="bank_card_number"),
            "sealed_card_number": sealed_card.to_document(),
        }
        special_groups = [
            {
                "group": claim.group,
                "evidence_ref": claim.evidence_ref,
                "effective_from": claim.effective_from.isoformat(),
                "effective_until": claim.effective_until.isoformat() if claim.effective_until else None,
            }
            for claim in valid.special_groups
        ]
        sex = types_pb2.SEX_MALE if valid.citizen.sex == "M" else types_pb2.SEX_FEMALE
        event = events_pb2.ResidentEnrolled(
            resident_id=resident_id,
            pooling_region_code=valid.village.county_code,
            village_code=valid.village.code,
            citizen_id_masked=mask_citizen_id(citizen_id),
            name_masked=mask_name(valid.name),
            sex=sex,
            birth_date=to_calendar_date(valid.citizen.birth_date),
            enrolled_on=to_calendar_date(valid.enrolled_on),
            agent_id=valid.agent_id,
            special_groups=[
                enrolment_pb2.SpecialGroupMembership(
                    group=claim.group,  # type: ignore[arg-type]
                    evidence_ref=claim.evidence_ref,
                    effective_from=to_calendar_date(claim.effective_from),
                    effective_until=to_calendar_date(claim.effective_until),
                )
                for claim in valid.special_groups
            ],
            bank_account=types_pb2.BankAccountRef(
                bank_code=valid.bank_code,
                bank_name=valid.bank_name,
                account_masked=bank_account["account_masked"],
                sealed_card_number=to_sealed_value(sealed_card),
                account_token=bank_account["account_token"],
            ),
            sealed_name=to_sealed_value(sealed_name),
            mobile_masked=mask_mobile(valid.mobile),
            sealed_mobile=to_sealed_value(sealed_mobile),
            photo_ref=valid.photo_ref,
        )
        outbox_entry = new_event(
            topic=self.topic,
            payload=event,
            subject_key=resident_id,
            producer="enrolment",
            actor=caller.user_id,
            reason="enrolment",
            occurred_at=now,
        )
        return {
            "_id": resident_id,
            "request_id": request_id,
            "citizen_id_hash": self.vault.lookup_hash(citizen_id, purpose="citizen_id_number"),
            "citizen_id_sealed": self.vault.seal(citizen_id, purpose="citizen_id_number").to_document(),
            "citizen_id_masked": mask_citizen_id(citizen_id),
            "name": valid.name,
            "name_masked": mask_name(valid.name),
            "sex": sex,
            "birth_date": valid.citizen.birth_date.isoformat(),
            "pooling_region_code": valid.village.county_code,
            "village_code": valid.village.code,
            "mobile": valid.mobile,
            "mobile_masked": mask_mobile(valid.mobile),
            "bank_account": bank_account,
            "special_groups": special_groups,
            "photo_ref": valid.photo_ref,
            "enrolled_on": valid.enrolled_on.isoformat(),
            "enrolled_by_agent_id": valid.agent_id,
            "status": enrolment_pb2.ENROLMENT_STATUS_ACTIVE,
            "created_at": now,
            "updated_at": now,
            "history": [
                {
                    "kind": enrolment_pb2.RESIDENT_CHANGE_KIND_ENROLLED,
                    "old_value": "",
                    "new_value": "",
                    "actor": caller.user_id,
                    "reason": "enrolment",
                    "changed_at": now,
                    "event_id": outbox_entry["event_id"],
                }
            ],
            **outbox_fields([outbox_entry]),
        }
