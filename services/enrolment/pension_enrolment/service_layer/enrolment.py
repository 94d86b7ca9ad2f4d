"""Enrolling a resident: validate, seal personal data, write the resident and its event in one insert."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, events_pb2
from pension_enrolment.adapters.account_documents import empty_account
from pension_enrolment.adapters.residents import DuplicateResident, ResidentRepository
from pension_enrolment.domain.enrolment import EnrolmentApplication, ValidatedEnrolment, validate_application
from pension_enrolment.service_layer.records import (
    bank_account_document,
    bank_account_ref,
    special_group_documents,
    special_group_messages,
)
from pension_kit.errors import AlreadyExists, InvalidArgument, NotFound, PermissionDenied
from pension_kit.events import new_event
from pension_kit.identifiers import parse_citizen_id, validate_village_code
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id, mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.outbox import outbox_fields
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date, to_sealed_value

CHINA = ZoneInfo("Asia/Shanghai")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
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
            await self._announce_duplicate(valid, caller)
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

    async def find_by_citizen_id(self, citizen_id_number: str, *, caller: Caller) -> Document:
        """The hotline and officers find a resident by the number the caller gives; it is never stored in the clear."""
        caller.require_role(*READING_ROLES)
        number = parse_citizen_id(citizen_id_number, today=self.today(), field="citizen_id_number").number
        document = await self.residents.by_citizen_id_hash(self.vault.lookup_hash(number, purpose="citizen_id_number"))
        if document is None:
            raise NotFound(
                "RESIDENT_NOT_FOUND",
                "no resident has this citizen ID number",
                field="citizen_id_number",
                message_zh="未找到该身份证号码的参保人",
            )
        caller.require_village(document["village_code"])
        return document

    async def list_village(
        self, village_code: str, *, status: int, page_size: int, page_token: str, caller: Caller
    ) -> tuple[list[Document], str]:
        """Residents of one village in id order, a page at a time; the token is the last id of the page."""
        caller.require_role(*READING_ROLES)
        village = validate_village_code(village_code, field="village_code")
        caller.require_village(village.code)
        if not 0 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidArgument("PAGE_SIZE_INVALID", f"page_size must be 0 to {MAX_PAGE_SIZE}", field="page_size")
        documents = await self.residents.in_village(
            village.code, status=status, after_id=page_token, limit=page_size or DEFAULT_PAGE_SIZE
        )
        next_token = documents[-1]["_id"] if len(documents) == (page_size or DEFAULT_PAGE_SIZE) else ""
        return documents, next_token

    async def _announce_duplicate(self, valid: ValidatedEnrolment, caller: Caller) -> None:
        """A refused duplicate raises an alert: the event goes out on the existing resident's key."""
        existing = await self.residents.by_citizen_id_hash(
            self.vault.lookup_hash(valid.citizen.number, purpose="citizen_id_number")
        )
        if existing is None:
            return
        event = events_pb2.DuplicateEnrolmentRefused(
            existing_resident_id=existing["_id"],
            citizen_id_masked=mask_citizen_id(valid.citizen.number),
            attempted_village_code=valid.village.code,
            attempted_by_agent_id=valid.agent_id,
            existing_village_code=existing["village_code"],
            pooling_region_code=existing["pooling_region_code"],
        )
        await self.residents.announce(
            existing["_id"],
            [
                new_event(
                    topic=self.topic,
                    payload=event,
                    subject_key=existing["_id"],
                    producer="enrolment",
                    actor=caller.user_id,
                    reason="duplicate enrolment refused",
                )
            ],
        )
        self.notify_relay()

    def _resident_document(self, valid: ValidatedEnrolment, *, request_id: str, caller: Caller) -> Document:
        resident_id = "R" + uuid.uuid4().hex[:20].upper()
        now = datetime.now(UTC)
        citizen_id = valid.citizen.number
        sealed_name = self.vault.seal(valid.name, purpose="name")
        sealed_mobile = self.vault.seal(valid.mobile, purpose="mobile")
        bank_account = bank_account_document(self.vault, valid.bank_card_number, valid.bank_code, valid.bank_name)
        special_groups = special_group_documents(valid.special_groups)
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
            special_groups=special_group_messages(special_groups),
            bank_account=bank_account_ref(bank_account, sealed=True),
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
            "version": 0,
            "applied_requests": [request_id],
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
            **empty_account(),
            **outbox_fields([outbox_entry]),
        }
