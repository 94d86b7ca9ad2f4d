"""Complaints and enquiries: filing a ticket, extending it once, working it to its close, reading and listing
tickets, and the deadline check that flags and escalates the overdue ones once.

Each change of a ticket is one unit of work (pension_kit.unit_of_work) whose events go out through the ticket's
outbox on the supervision topic, keyed by the pooling region. Filing inserts the ticket with its ComplaintFiled;
the filing's request id is unique among tickets, so a repeated filing answers the ticket it made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final, TypeVar

from google.protobuf.message import Message

from pension_kit.clock import now_to_millisecond, today_in_china
from pension_kit.errors import InvalidArgument, NotFound, PermissionDenied, from_identifier_error
from pension_kit.events import new_event
from pension_kit.identifiers import (
    IdentifierError,
    Month,
    division_code_of_pooling_region,
    validate_mobile,
    validate_name,
    validate_village_code,
)
from pension_kit.identity import Caller, Role
from pension_kit.masking import mask_mobile, mask_name
from pension_kit.mongo import Document
from pension_kit.outbox import NotifyRelay, outbox_fields
from pension_kit.paging import page_size as checked_page_size
from pension_kit.pii import PersonalDataVault
from pension_kit.text import ID_MAX, REASON_MAX, REQUEST_ID_MAX, check_length, mask_free_text
from pension_kit.unit_of_work import Decision, UnitOfWork
from pension_supervision.adapters import complaint_messages as messages
from pension_supervision.adapters.complaint_repository import (
    COMPLAINTS,
    ComplaintFilter,
    ComplaintRepository,
    changes,
    complaint_fields,
    complaint_of,
)
from pension_supervision.domain import complaints as rules
from pension_supervision.domain.complaints import (
    Complaint,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
)

T = TypeVar("T")

PRODUCER: Final = "supervision"
SUBJECT_MAX: Final = 100
DESCRIPTION_MAX: Final = 2000
# Sealed-data purposes (pension_kit.pii): a sealed complainant's name cannot be passed off as anything else.
COMPLAINANT_NAME_PURPOSE: Final = "complainant_name"
COMPLAINANT_MOBILE_PURPOSE: Final = "complainant_mobile"

FILERS: Final = (Role.HOTLINE, Role.VILLAGE_AGENT, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)
READERS: Final = (
    Role.HOTLINE,
    Role.VILLAGE_AGENT,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
    Role.SYSTEM,
)
LISTERS: Final = (
    Role.HOTLINE,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
    Role.SYSTEM,
)
HANDLERS: Final = (Role.COUNTY_OFFICER,)
CHECKERS: Final = (Role.COUNTY_OFFICER, Role.SYSTEM)

_RESIDENT_ID: Final = re.compile(r"R[0-9A-Fa-f]{20}")
_USER_ID: Final = re.compile(r"[A-Za-z0-9._-]+")
_PAGE_TOKEN: Final = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})_(TS-[0-9-]{17,40})")


@dataclass(frozen=True, slots=True)
class Filing:
    """A ticket as filed: the clear complainant data is sealed and masked before anything is stored."""

    kind: ComplaintKind
    channel: ComplaintChannel
    pooling_region_code: str
    village_code: str
    resident_id: str
    subject: str
    description: str
    complainant_name: str
    complainant_mobile: str
    received_on: date | None
    notice_month: Month | None


@dataclass(frozen=True, slots=True)
class DeadlineCheck:
    newly_overdue: int
    overdue: int


def _required_request_id(value: str) -> str:
    if not value.strip():
        raise InvalidArgument(
            "REQUEST_ID_REQUIRED", "request_id is required", field="request_id", message_zh="请求编号必填"
        )
    return check_length(value, field="request_id", max_length=REQUEST_ID_MAX)


def _identifier(check: Callable[[], T]) -> T:
    try:
        return check()
    except IdentifierError as error:
        raise from_identifier_error(error) from None


def _bounded_text(value: str, *, field: str, max_length: int) -> str:
    """Kept as given (blanks around it dropped), bounded, with every personal number masked: a complainant's
    account is recorded as told, so a number in it is masked rather than refused."""
    return mask_free_text(value.strip(), field=field, max_length=max_length)


class ComplaintService:
    def __init__(
        self,
        repository: ComplaintRepository,
        vault: PersonalDataVault,
        *,
        topic: str,
        notify_relay: NotifyRelay,
        today: Callable[[], date] = today_in_china,
    ) -> None:
        self.repository = repository
        self.vault = vault
        self.topic = topic
        self.notify_relay = notify_relay
        self.today = today
        self.work = UnitOfWork(
            repository,
            COMPLAINTS,
            topic=topic,
            producer=PRODUCER,
            notify_relay=notify_relay,
            subject_key=lambda document: str(document["pooling_region_code"]),
        )

    # --- filing ------------------------------------------------------------------------------------------

    async def file(self, *, caller: Caller, request_id: str, filing: Filing) -> Complaint:
        caller.require_role(*FILERS)
        request_id = _required_request_id(request_id)
        region, village = self._region_and_village(filing)
        if caller.role is Role.VILLAGE_AGENT:
            if not village:
                raise InvalidArgument(
                    "VILLAGE_CODE_REQUIRED",
                    "a village agent files tickets of their own villages: village_code is required",
                    field="village_code",
                    message_zh="协办员登记工单须填写所在村",
                )
            caller.require_village(village)
        resident_id = filing.resident_id.strip()
        if (
            resident_id
            and _RESIDENT_ID.fullmatch(check_length(resident_id, field="resident_id", max_length=ID_MAX)) is None
        ):
            raise InvalidArgument(
                "RESIDENT_ID_FORMAT",
                "a resident id is R and 20 hexadecimal digits",
                field="resident_id",
                message_zh="参保人编号格式不正确",
            )
        subject = _bounded_text(filing.subject, field="subject", max_length=SUBJECT_MAX)
        if not subject:
            raise InvalidArgument("SUBJECT_REQUIRED", "subject is required", field="subject", message_zh="请填写事由")
        description = _bounded_text(filing.description, field="description", max_length=DESCRIPTION_MAX)
        name = filing.complainant_name.strip()
        if name:
            name = _identifier(lambda: validate_name(name, field="complainant_name"))
        mobile = filing.complainant_mobile.strip()
        if mobile:
            mobile = _identifier(lambda: validate_mobile(mobile, field="complainant_mobile"))
        today = self.today()
        received_on = filing.received_on or today
        rules.check_filing(
            kind=filing.kind,
            village_code=village,
            notice_month=filing.notice_month,
            received_on=received_on,
            today=today,
        )

        existing = await self.repository.filed_by_request(request_id)
        if existing is not None:
            return _visible_to(caller, complaint_of(existing))
        sequence = await self.repository.next_sequence(region, received_on)
        complaint = Complaint(
            ticket_number=rules.ticket_number(region, received_on, sequence),
            kind=filing.kind,
            channel=filing.channel,
            status=ComplaintStatus.RECEIVED,
            pooling_region_code=region,
            village_code=village,
            resident_id=resident_id,
            subject=subject,
            description=description,
            complainant_name_masked=mask_name(name) if name else "",
            complainant_mobile_masked=mask_mobile(mobile) if mobile else "",
            received_on=received_on,
            due_on=rules.due_date(received_on),
            notice_month=filing.notice_month,
        )
        complainant: Document = {
            "name_masked": complaint.complainant_name_masked,
            "mobile_masked": complaint.complainant_mobile_masked,
            "sealed_name": self.vault.seal(name, purpose=COMPLAINANT_NAME_PURPOSE).to_document() if name else None,
            "sealed_mobile": (
                self.vault.seal(mobile, purpose=COMPLAINANT_MOBILE_PURPOSE).to_document() if mobile else None
            ),
        }
        event = self._event(messages.complaint_filed(complaint), region, caller, "ticket filed")
        document = {
            **complaint_fields(complaint),
            "complainant": complainant,
            "filing_request": request_id,
            "filed_by": caller.user_id,
            "filed_at": now_to_millisecond(),
            "version": 1,
            "applied_requests": [request_id],
            **outbox_fields([event]),
        }
        if not await self.repository.insert(document):
            # The same filing at the same moment (a retry racing its original): answer the ticket it made. Its
            # number was given out for nothing; numbers may have gaps, never duplicates.
            twin = await self.repository.filed_by_request(request_id)
            if twin is None:
                raise RuntimeError(f"ticket {complaint.ticket_number} could not be stored")
            return _visible_to(caller, complaint_of(twin))
        self.notify_relay(COMPLAINTS, [complaint.ticket_number])
        return complaint

    def _region_and_village(self, filing: Filing) -> tuple[str, str]:
        """The pooling region (given, or the village's county) and the village, checked against each other."""
        village = filing.village_code.strip()
        region = filing.pooling_region_code.strip()
        if village:
            county = _identifier(lambda: validate_village_code(village, field="village_code")).county_code
            if region and region != county:
                raise InvalidArgument(
                    "VILLAGE_NOT_IN_REGION",
                    f"village {village} is not in pooling region {region}",
                    field="village_code",
                    message_zh="所填村不属于所填统筹地区",
                )
            region = county
        if not region:
            raise InvalidArgument(
                "POOLING_REGION_REQUIRED",
                "pooling_region_code (or a village_code) is required",
                field="pooling_region_code",
                message_zh="请填写统筹地区或村",
            )
        _identifier(lambda: division_code_of_pooling_region(region, field="pooling_region_code"))
        return region, village

    # --- changes -----------------------------------------------------------------------------------------

    async def extend(self, *, caller: Caller, request_id: str, ticket_number: str, reason: str) -> Complaint:
        caller.require_role(*HANDLERS)
        request_id = _required_request_id(request_id)
        number = rules.parse_ticket_number(ticket_number)
        reason = _bounded_text(reason, field="reason", max_length=REASON_MAX)

        def decide(document: Document) -> Decision[Complaint]:
            before = complaint_of(document)
            after = rules.extend(before, reason=reason, today=self.today())
            return Decision(changes(after), [messages.complaint_extended(before, after)], after)

        return await self._write(number, request_id, caller, reason, decide)

    async def update(
        self,
        *,
        caller: Caller,
        request_id: str,
        ticket_number: str,
        status: ComplaintStatus | None,
        assigned_to: str,
        resolution: str,
        reason: str,
    ) -> Complaint:
        caller.require_role(*HANDLERS)
        request_id = _required_request_id(request_id)
        number = rules.parse_ticket_number(ticket_number)
        assigned_to = check_length(assigned_to.strip(), field="assigned_to", max_length=ID_MAX)
        if assigned_to and _USER_ID.fullmatch(assigned_to) is None:
            raise InvalidArgument(
                "ASSIGNED_TO_FORMAT",
                "assigned_to is a user id: letters, digits and . _ -",
                field="assigned_to",
                message_zh="承办人编号格式不正确",
            )
        resolution = _bounded_text(resolution, field="resolution", max_length=DESCRIPTION_MAX)
        reason = _bounded_text(reason, field="reason", max_length=REASON_MAX)

        def decide(document: Document) -> Decision[Complaint]:
            before = complaint_of(document)
            after = rules.update(
                before, status=status, assigned_to=assigned_to, resolution=resolution, today=self.today()
            )
            payloads: list[Message] = []
            if after.closed:
                payloads.append(messages.complaint_closed(after))
            elif after.status is not before.status or after.assigned_to != before.assigned_to:
                payloads.append(messages.complaint_status_changed(before, after))
            return Decision(changes(after), payloads, after)

        return await self._write(number, request_id, caller, reason or "ticket updated", decide)

    async def check_deadlines(
        self, *, caller: Caller, request_id: str, pooling_region_code: str, as_of: date | None
    ) -> DeadlineCheck:
        """Flags and escalates every unclosed ticket past its due date on `as_of` (today by default), each once
        whatever the number of runs or replicas: the flag is set by a conditional write that only one can win."""
        caller.require_role(*CHECKERS)
        request_id = _required_request_id(request_id)
        region = pooling_region_code.strip()
        if region:
            _identifier(lambda: division_code_of_pooling_region(region, field="pooling_region_code"))
        day = as_of or self.today()
        run_id = f"{region or '*'}/{day.isoformat()}/{request_id}"
        done = await self.repository.deadline_run(run_id)
        if done is not None:
            return DeadlineCheck(int(done["newly_overdue"]), int(done["overdue"]))

        def decide(document: Document) -> Decision[bool]:
            before = complaint_of(document)
            after = rules.flag_overdue(before, as_of=day)
            if after is None:
                return Decision(None, [], False)
            return Decision(changes(after), [messages.complaint_overdue(before, after)], True)

        newly = 0
        for number in await self.repository.not_escalated_due_before(region, day):
            escalated = await self.work.write(
                number,
                request_id=f"deadlines/{day.isoformat()}/{request_id}",
                actor=caller.user_id,
                reason=f"overdue on {day.isoformat()}",
                decide=decide,
                repeated=lambda _document: False,
                not_found=lambda number=number: _not_found(number),  # type: ignore[misc]
            )
            newly += int(escalated)
        overdue = await self.repository.count_overdue(region, day)
        await self.repository.record_deadline_run(run_id, newly_overdue=newly, overdue=overdue, at=now_to_millisecond())
        return DeadlineCheck(newly, overdue)

    async def regions(self) -> list[str]:
        """The regions with unclosed tickets: those the daily check looks at."""
        return await self.repository.regions_with_open_tickets()

    # --- reads -------------------------------------------------------------------------------------------

    async def get(self, *, caller: Caller, ticket_number: str) -> Complaint:
        caller.require_role(*READERS)
        number = rules.parse_ticket_number(ticket_number)
        complaint = await self.repository.find(number)
        # A village agent reads only tickets about their own villages; another village's ticket is answered as if
        # the number were unknown. The hotline reads a ticket by its number, the one it read out to the caller.
        if complaint is None or not caller.may_see_village(complaint.village_code):
            raise _not_found(number)
        return complaint

    async def list(
        self, *, caller: Caller, where: ComplaintFilter, page_size: int, page_token: str
    ) -> tuple[list[Complaint], str]:
        caller.require_role(*LISTERS)
        # The hotline lists the tickets of the resident whose caller it verified, never a region's.
        caller.require_verified_for(where.resident_id)
        limit = checked_page_size(page_size)
        if where.pooling_region_code:
            _identifier(lambda: division_code_of_pooling_region(where.pooling_region_code, field="pooling_region_code"))
        if where.resident_id and _RESIDENT_ID.fullmatch(where.resident_id) is None:
            raise InvalidArgument(
                "RESIDENT_ID_FORMAT",
                "a resident id is R and 20 hexadecimal digits",
                field="resident_id",
                message_zh="参保人编号格式不正确",
            )
        if page_token and _PAGE_TOKEN.fullmatch(page_token) is None:
            raise InvalidArgument("PAGE_TOKEN_INVALID", "page_token is not one we issued", field="page_token")
        return await self.repository.page(where, after=page_token, limit=limit)

    # --- plumbing ----------------------------------------------------------------------------------------

    async def _write(
        self,
        number: str,
        request_id: str,
        caller: Caller,
        reason: str,
        decide: Callable[[Document], Decision[Complaint]],
    ) -> Complaint:
        return await self.work.write(
            number,
            request_id=request_id,
            actor=caller.user_id,
            reason=reason,
            decide=decide,
            repeated=complaint_of,
            not_found=lambda: _not_found(number),
        )

    def _event(self, payload: Message, region: str, caller: Caller, reason: str) -> dict[str, object]:
        return new_event(
            topic=self.topic,
            payload=payload,
            subject_key=region,
            producer=PRODUCER,
            actor=caller.user_id,
            reason=reason,
        )


def _visible_to(caller: Caller, complaint: Complaint) -> Complaint:
    """The ticket a repeated filing made, if the caller may read it: a village agent reads only tickets about their
    own villages."""
    if not caller.may_see_village(complaint.village_code):
        raise PermissionDenied(
            "VILLAGE_NOT_ASSIGNED",
            "this ticket is not about one of the agent's villages",
            field="ticket_number",
            message_zh="该工单不属于本协办员负责的村",
        )
    return complaint


def _not_found(number: str) -> NotFound:
    return NotFound(
        "COMPLAINT_NOT_FOUND", f"no ticket {number}", field="ticket_number", message_zh="未找到该受理编号的工单"
    )
