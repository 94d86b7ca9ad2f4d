"""Enrolling a resident: validate, seal personal data, write the resident and its event in one insert."""

from __future__ import annotations

import hmac
import logging
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from pension.enrolment.v1 import events_pb2
from pension_enrolment.adapters.employee_registry import EmployeePensionRegistryRepository
from pension_enrolment.adapters.event_messages import special_group_messages
from pension_enrolment.adapters.resident_documents import (
    CITIZEN_ID_PURPOSE,
    bank_account_document,
    derived_resident_id,
    resident_document,
    special_group_documents,
    stored_sex,
)
from pension_enrolment.adapters.residents import RESIDENTS, DuplicateResident, ResidentRepository
from pension_enrolment.domain.enrolment import EnrolmentApplication, ValidatedEnrolment, validate_application
from pension_enrolment.service_layer import PRODUCER, resident_not_found
from pension_kit.clock import today_in_china
from pension_kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    from_identifier_error,
)
from pension_kit.events import new_event
from pension_kit.identifiers import (
    IdentifierError,
    parse_citizen_id,
    validate_citizen_id_suffix,
    validate_name,
    validate_name_prefix,
    validate_village_code,
)
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_citizen_id, mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import bank_account_ref, to_calendar_date, to_sealed_value
from pension_kit.text import ID_MAX, IDENTIFIER_MAX, REQUEST_ID_MAX, check_length

log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
ENROLLING_ROLES = (Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READING_ROLES = (*ENROLLING_ROLES, Role.COUNTY_APPROVER, Role.AUDITOR, Role.HOTLINE, Role.SYSTEM)
# Who may check a caller's answers: the hotline alone (its gateway verifies a caller before any read).
CALLER_CHECKING_ROLES = (Role.HOTLINE,)
CALLER_NAME_MAX = 64
# The agents' search (docs/limits.md): longer is refused as too long before its format is looked at.
NAME_PREFIX_MAX = 20
CITIZEN_ID_SUFFIX_MAX = 4
_LAST4 = re.compile(r"^[0-9]{4}$")
# Lists of many residents: not the hotline, which reads only the one resident whose caller it verified.
LISTING_ROLES = (*ENROLLING_ROLES, Role.COUNTY_APPROVER, Role.AUDITOR, Role.SYSTEM)
# Event ids derived from their cause, so that a repeated cause gives the same id and consumers apply it once.
_EVENT_ID_NAMESPACE = uuid.UUID("6f1d3c52-52a4-4c8e-9a57-1c0a3e1f7b21")


def derived_event_id(*parts: str) -> str:
    """An event id fixed by what caused the event (e.g. a request id), so that a retried cause is deduplicated."""
    return str(uuid.uuid5(_EVENT_ID_NAMESPACE, "\x00".join(parts)))


def enrolled_resident(
    vault: PersonalDataVault,
    valid: ValidatedEnrolment,
    *,
    resident_id: str,
    request_id: str,
    actor: str,
    topic: str,
    reason: str = "enrolment",
    now: datetime | None = None,
    citizen_id_hash: str | None = None,
) -> Document:
    """The document of a newly enrolled resident with the ResidentEnrolled event in its outbox: one builder for
    Enrol and the migration import.

    `citizen_id_hash` may be passed when the caller has already computed it (the import needs it earlier).
    """
    now = now or datetime.now(UTC)
    if citizen_id_hash is None:
        citizen_id_hash = vault.lookup_hash(valid.citizen.number, purpose=CITIZEN_ID_PURPOSE)
    bank_account = bank_account_document(vault, valid.bank_card_number, valid.bank_code, valid.bank_name)
    special_groups = special_group_documents(valid.special_groups)
    event = events_pb2.ResidentEnrolled(
        resident_id=resident_id,
        pooling_region_code=valid.village.county_code,
        village_code=valid.village.code,
        citizen_id_masked=mask_citizen_id(valid.citizen.number),
        name_masked=mask_name(valid.name),
        sex=stored_sex(valid),
        birth_date=to_calendar_date(valid.citizen.birth_date),
        enrolled_on=to_calendar_date(valid.enrolled_on),
        agent_id=valid.agent_id,
        special_groups=special_group_messages(special_groups),
        bank_account=bank_account_ref(bank_account, sealed=True),
        sealed_name=to_sealed_value(vault.seal(valid.name, purpose="name")),
        mobile_masked=mask_mobile(valid.mobile),
        sealed_mobile=to_sealed_value(vault.seal(valid.mobile, purpose="mobile")),
        photo_ref=valid.photo_ref,
        citizen_id_hash=citizen_id_hash,
    )
    outbox_entry = new_event(
        topic=topic,
        payload=event,
        subject_key=resident_id,
        producer=PRODUCER,
        actor=actor,
        reason=reason,
        occurred_at=now,
    )
    return resident_document(
        vault,
        valid,
        resident_id=resident_id,
        request_id=request_id,
        actor=actor,
        reason=reason,
        now=now,
        bank_account=bank_account,
        special_groups=special_groups,
        citizen_id_hash=citizen_id_hash,
        enrolled_event=outbox_entry,
    )


def employee_pension_refusal(
    valid: ValidatedEnrolment, *, registry_source: str, topic: str, actor: str, event_id: str
) -> dict[str, Any]:
    """The outbox entry announcing an enrolment refused because the person receives an employees' pension.

    There is no resident, so it goes out on the region's key; `event_id` is derived from the attempt so that
    retrying the same attempt announces it once.
    """
    payload = events_pb2.EmployeePensionEnrolmentRefused(
        pooling_region_code=valid.village.county_code,
        citizen_id_masked=mask_citizen_id(valid.citizen.number),
        name_masked=mask_name(valid.name),
        attempted_village_code=valid.village.code,
        attempted_by_agent_id=valid.agent_id,
        registry_source=registry_source,
    )
    return new_event(
        topic=topic,
        payload=payload,
        subject_key=valid.village.county_code,
        producer=PRODUCER,
        actor=actor,
        reason="enrolment refused: listed in the employees' pension registry",
        event_id=event_id,
    )


@dataclass
class EnrolmentService:
    residents: ResidentRepository
    vault: PersonalDataVault
    topic: str
    notify_relay: Callable[..., None]
    today: Callable[[], date] = today_in_china
    # People receiving an employees' pension are refused; the refusal is announced on the region topic.
    employee_registry: EmployeePensionRegistryRepository | None = None
    region_topic: str = ""

    async def enrol(self, application: EnrolmentApplication, *, request_id: str, caller: Caller) -> Document:
        """Enrols once per citizen ID number; repeating a request id returns the first result."""
        caller.require_role(*ENROLLING_ROLES)
        if not request_id:
            raise InvalidArgument("REQUEST_ID_REQUIRED", "request_id is required", field="request_id")
        check_length(request_id, field="request_id", max_length=REQUEST_ID_MAX)
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
        valid = validate_application(application, today=self.today())
        # The id is derived from the citizen ID number, so every lookup here is by _id (the only index
        # FerretDB uses) and two simultaneous enrolments of one person collide on it: exactly one wins.
        resident_id = derived_resident_id(self.vault, valid.citizen.number)
        existing = await self.residents.get(resident_id)
        if existing is not None:
            if existing.get("request_id") == request_id:
                return existing  # a retry of the request that enrolled them
            await self._announce_duplicate(existing, valid, caller)
            raise _duplicate()
        await self._refuse_employee_pensioner(valid, request_id=request_id, caller=caller)
        document = self._resident_document(valid, resident_id=resident_id, request_id=request_id, caller=caller)
        try:
            await self.residents.add(document)
        except DuplicateResident as exc:
            winner = await self.residents.get(resident_id)
            if winner is not None and winner.get("request_id") == request_id:
                return winner
            if exc.index == "request_id":
                raise InvalidArgument(
                    "REQUEST_ID_REUSED", "this request id was used for another enrolment", field="request_id"
                ) from None
            if winner is not None:
                await self._announce_duplicate(winner, valid, caller)
            raise _duplicate() from None
        self.notify_relay(RESIDENTS, [resident_id])
        document.pop("outbox", None)
        return document

    async def get(self, resident_id: str, *, caller: Caller) -> Document:
        caller.require_role(*READING_ROLES)
        check_length(resident_id, field="resident_id", max_length=ID_MAX)
        document = await self.residents.get(resident_id)
        caller.require_resident_found(
            resident_id,
            None if document is None else document["village_code"],
            not_found=lambda: resident_not_found(resident_id),
        )
        assert document is not None
        return document

    async def find_by_citizen_id(self, citizen_id_number: str, *, caller: Caller) -> Document:
        """The hotline and officers find a resident by the number the caller gives; it is never stored in the clear."""
        caller.require_role(*READING_ROLES)
        check_length(citizen_id_number, field="citizen_id_number", max_length=IDENTIFIER_MAX)
        number = parse_citizen_id(citizen_id_number, today=self.today(), field="citizen_id_number").number
        resident_id = derived_resident_id(self.vault, number)
        document = await self.residents.get(resident_id)
        # An agent gets the same answer for a resident of another village as for a number nobody enrolled:
        # otherwise the lookup would tell them who is enrolled anywhere in the county.
        caller.require_resident_found(
            resident_id,
            None if document is None else document["village_code"],
            not_found=lambda: NotFound(
                "RESIDENT_NOT_FOUND",
                "no resident has this citizen ID number",
                field="citizen_id_number",
                message_zh="未找到该身份证号码的参保人",
            ),
        )
        assert document is not None
        return document

    async def check_caller_identity(
        self, citizen_id_number: str, name: str, bank_card_last4: str, *, caller: Caller
    ) -> CallerIdentityCheck:
        """Whether a hotline caller's ID number, name and (if given) bank card's last four belong to one enrolled
        resident. An unknown number answers exactly as a wrong name does, so the answer tells nobody who is
        enrolled; the name and numbers on record are never answered."""
        caller.require_role(*CALLER_CHECKING_ROLES)
        check_length(citizen_id_number, field="citizen_id_number", max_length=IDENTIFIER_MAX)
        check_length(name, field="name", max_length=CALLER_NAME_MAX)
        check_length(bank_card_last4, field="bank_card_last4", max_length=4)
        number = parse_citizen_id(citizen_id_number, today=self.today(), field="citizen_id_number").number
        # A name that is no valid name is refused as malformed (the refusal says nothing about who is enrolled).
        # NFKC folds full-width and compatibility forms; validate_name trims and writes look-alike dots as "·".
        given_name = validate_name(unicodedata.normalize("NFKC", name), field="name")
        if bank_card_last4 and not _LAST4.fullmatch(bank_card_last4):
            raise InvalidArgument(
                "BANK_CARD_LAST4_FORMAT",
                "bank_card_last4 is the last 4 digits of the bank card",
                field="bank_card_last4",
                message_zh="银行卡后四位应为4位数字",
            )
        document = await self.residents.get(derived_resident_id(self.vault, number))
        stored_name = unicodedata.normalize("NFKC", str(document["name"])).strip() if document is not None else ""
        # compare_digest: the time taken does not tell how much of the name was right.
        if document is None or not hmac.compare_digest(stored_name.encode(), given_name.encode()):
            return CallerIdentityCheck(identity_matched=False, resident_id="", bank_card_last4_matched=False)
        stored_last4 = str(document.get("bank_account", {}).get("account_masked", ""))[-4:]
        card_matched = bool(bank_card_last4) and hmac.compare_digest(stored_last4.encode(), bank_card_last4.encode())
        return CallerIdentityCheck(
            identity_matched=True, resident_id=str(document["_id"]), bank_card_last4_matched=card_matched
        )

    async def backfill_search_fields(self) -> None:
        """At start: residents written before the search by the ID number's last four get that field (idempotent)."""
        changed = await self.residents.backfill_citizen_id_last4()
        if changed:
            log.info("gave %d residents the ID number's last four for the agents' search", changed)

    async def list_village(
        self,
        village_code: str,
        *,
        status: int,
        page_size: int,
        page_token: str,
        caller: Caller,
        name_prefix: str = "",
        citizen_id_suffix: str = "",
    ) -> tuple[list[Document], str]:
        """Residents of one village in id order, a page at a time; the token is the last id of the page. An agent's
        search narrows them to a name's start and/or the ID number's last four characters."""
        caller.require_role(*LISTING_ROLES)
        check_length(village_code, field="village_code", max_length=IDENTIFIER_MAX)
        check_length(page_token, field="page_token", max_length=ID_MAX)
        check_length(name_prefix, field="name_prefix", max_length=NAME_PREFIX_MAX)
        check_length(citizen_id_suffix, field="citizen_id_suffix", max_length=CITIZEN_ID_SUFFIX_MAX)
        village = validate_village_code(village_code, field="village_code")
        caller.require_village(village.code)
        if not 0 <= page_size <= MAX_PAGE_SIZE:
            raise InvalidArgument("PAGE_SIZE_INVALID", f"page_size must be 0 to {MAX_PAGE_SIZE}", field="page_size")
        try:
            prefix = validate_name_prefix(name_prefix) if name_prefix else ""
            suffix = validate_citizen_id_suffix(citizen_id_suffix) if citizen_id_suffix else ""
        except IdentifierError as error:
            raise from_identifier_error(error) from None
        documents = await self.residents.in_village(
            village.code,
            status=status,
            after_id=page_token,
            limit=page_size or DEFAULT_PAGE_SIZE,
            name_prefix=prefix,
            citizen_id_suffix=suffix,
        )
        next_token = documents[-1]["_id"] if len(documents) == (page_size or DEFAULT_PAGE_SIZE) else ""
        return documents, next_token

    async def _announce_duplicate(self, existing: Document, valid: ValidatedEnrolment, caller: Caller) -> None:
        """A refused duplicate raises an alert: the event goes out on the existing resident's key."""
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
                    producer=PRODUCER,
                    actor=caller.user_id,
                    reason="duplicate enrolment refused",
                )
            ],
        )
        self.notify_relay(RESIDENTS, [existing["_id"]])

    async def _refuse_employee_pensioner(self, valid: ValidatedEnrolment, *, request_id: str, caller: Caller) -> None:
        """Someone in the employees' pension scheme may not enrol (no double receipt); the attempt raises an alert."""
        if self.employee_registry is None:
            return
        citizen_id_hash = self.vault.lookup_hash(valid.citizen.number, purpose=CITIZEN_ID_PURPOSE)
        listed = await self.employee_registry.listed(citizen_id_hash)
        if listed is None:
            return
        event = employee_pension_refusal(
            valid,
            registry_source=str(listed.get("source", "")),
            topic=self.region_topic,
            actor=caller.user_id,
            # A retried request is the same attempt: the same event id, applied once by consumers.
            event_id=derived_event_id("enrolment-refusal", request_id),
        )
        await self.employee_registry.announce(citizen_id_hash, [event])
        self.notify_relay()
        raise FailedPrecondition(
            "EMPLOYEE_PENSION_REGISTERED",
            "this person is in the employees' pension scheme and cannot enrol",
            field="citizen_id_number",
            message_zh="该人员已参加职工基本养老保险，不能参加城乡居民养老保险",
        )

    def _resident_document(
        self, valid: ValidatedEnrolment, *, resident_id: str, request_id: str, caller: Caller
    ) -> Document:
        return enrolled_resident(
            self.vault,
            valid,
            resident_id=resident_id,
            request_id=request_id,
            actor=caller.user_id,
            topic=self.topic,
        )


@dataclass(frozen=True, slots=True)
class CallerIdentityCheck:
    """The verdict on a hotline caller's answers (CheckCallerIdentityResponse)."""

    identity_matched: bool
    resident_id: str
    bank_card_last4_matched: bool


def _duplicate() -> AlreadyExists:
    return AlreadyExists(
        "DUPLICATE_ENROLMENT",
        "this citizen ID number is already enrolled",
        field="citizen_id_number",
        message_zh="该身份证号码已参保，不能重复登记",
    )
