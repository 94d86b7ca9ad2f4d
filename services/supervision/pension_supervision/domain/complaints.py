"""Complaints and enquiries (举报投诉): ticket numbers read out on the phone, due dates, one extension, states.

Pure rules, no storage. A ticket is due 30 calendar days after it was received, and may be extended once, before
its due date passes, to 60 days after receipt, with a reason. Its visible state moves RECEIVED -> IN_PROGRESS ->
ANSWERED -> CLOSED (an answer the complainant does not accept sends it back to IN_PROGRESS); closing needs a
resolution, and a ticket closed after its due date is closed late. An unclosed ticket past its due date is
overdue, and is escalated once to its county's fund supervision office.

A ticket number is `TS-RRRRRR-YYMMDD-NNNN-C`: the pooling region, the day received, that region's and day's
sequence (4 digits, more after 9,999) and a Luhn check digit over all the digits before it, so that one misheard
digit or two swapped neighbours are caught when it is typed back in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from pension_kit.errors import FailedPrecondition, InvalidArgument
from pension_kit.identifiers import Month, luhn_check_digit

DUE_DAYS: Final = 30
EXTENDED_DUE_DAYS: Final = 60
TICKET_PREFIX: Final = "TS"
SEQUENCE_DIGITS: Final = 4
# The most tickets one region can number on one day: the sequence may grow to 6 digits.
MAX_SEQUENCE: Final = 999_999
# Blanks, hyphens and dots a person types or a phone system inserts between the groups.
_SEPARATORS: Final = re.compile(r"[\s\-.\u2014\u2013\uff0d]+")
_DIGITS_AFTER_PREFIX: Final = re.compile(r"(?:TS)?([0-9]{17,23})")


class ComplaintKind(StrEnum):
    COMPLAINT = "COMPLAINT"  # 投诉
    REPORT = "REPORT"  # 举报
    ENQUIRY = "ENQUIRY"  # 咨询
    NOTICE_DISPUTE = "NOTICE_DISPUTE"  # 公示异议


class ComplaintChannel(StrEnum):
    HOTLINE = "HOTLINE"
    AGENT = "AGENT"
    PUBLIC = "PUBLIC"


class ComplaintStatus(StrEnum):
    RECEIVED = "RECEIVED"
    IN_PROGRESS = "IN_PROGRESS"
    ANSWERED = "ANSWERED"
    CLOSED = "CLOSED"


# Where a ticket may go from each state: forward, possibly skipping a step (an enquiry is often answered at once),
# and from ANSWERED back to IN_PROGRESS when the complainant does not accept the answer. CLOSED is final.
_NEXT: Final[dict[ComplaintStatus, frozenset[ComplaintStatus]]] = {
    ComplaintStatus.RECEIVED: frozenset(
        {ComplaintStatus.IN_PROGRESS, ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED}
    ),
    ComplaintStatus.IN_PROGRESS: frozenset({ComplaintStatus.ANSWERED, ComplaintStatus.CLOSED}),
    ComplaintStatus.ANSWERED: frozenset({ComplaintStatus.IN_PROGRESS, ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset(),
}


# --- ticket numbers ----------------------------------------------------------------------------------------


def ticket_number(pooling_region_code: str, received_on: date, sequence: int) -> str:
    """The ticket number of the `sequence`-th ticket (from 1) of a region received on a day."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"a ticket sequence is 1 to {MAX_SEQUENCE}, not {sequence}")
    day = received_on.strftime("%y%m%d")
    serial = f"{sequence:0{SEQUENCE_DIGITS}d}"
    check = luhn_check_digit(pooling_region_code + day + serial)
    return f"{TICKET_PREFIX}-{pooling_region_code}-{day}-{serial}-{check}"


def parse_ticket_number(value: str, *, field: str = "ticket_number") -> str:
    """The ticket number in its written form, from what a person typed (blanks or hyphens anywhere, "TS" or not).

    TICKET_NUMBER_FORMAT when it is not a ticket number's digits, TICKET_NUMBER_CHECK_DIGIT when its check digit
    does not hold (a digit misheard or two swapped).
    """
    text = _SEPARATORS.sub("", value.strip().upper()[:64])
    match = _DIGITS_AFTER_PREFIX.fullmatch(text)
    if match is None:
        raise InvalidArgument(
            "TICKET_NUMBER_FORMAT",
            "a ticket number is TS, the 6-digit region, the 6-digit day, the sequence and a check digit",
            field=field,
            message_zh="受理编号格式不正确，应为 TS-地区代码(6位)-受理日期(6位)-序号-校验位",
        )
    digits = match.group(1)
    if luhn_check_digit(digits[:-1]) != digits[-1]:
        raise InvalidArgument(
            "TICKET_NUMBER_CHECK_DIGIT",
            "the ticket number's check digit does not match: a digit was misheard or mistyped",
            field=field,
            message_zh="受理编号校验位不符，请核对是否听错或输错某一位数字",
        )
    return f"{TICKET_PREFIX}-{digits[:6]}-{digits[6:12]}-{digits[12:-1]}-{digits[-1]}"


def pooling_region_of_ticket(number: str) -> str:
    """The pooling region a (parsed) ticket number names."""
    return number.split("-")[1]


# --- due dates ---------------------------------------------------------------------------------------------


def due_date(received_on: date) -> date:
    """30 calendar days after receipt (2028-01-30 -> 2028-02-29, 2027-02-01 -> 2027-03-03)."""
    return received_on + timedelta(days=DUE_DAYS)


def extended_due_date(received_on: date) -> date:
    """60 calendar days after receipt: the one extension's new due date."""
    return received_on + timedelta(days=EXTENDED_DUE_DAYS)


def escalation_office(pooling_region_code: str) -> str:
    """Who an overdue ticket is escalated to: the county's social insurance fund supervision office."""
    return f"{pooling_region_code} 县级社会保险基金监督机构 (county fund supervision office)"


# --- the ticket --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Complaint:
    """A ticket as the rules see it (the complainant's data is the store's: sealed, and masked for answers)."""

    ticket_number: str
    kind: ComplaintKind
    channel: ComplaintChannel
    status: ComplaintStatus
    pooling_region_code: str
    village_code: str
    resident_id: str
    subject: str
    description: str
    complainant_name_masked: str
    complainant_mobile_masked: str
    received_on: date
    due_on: date
    extended: bool = False
    extension_reason: str = ""
    overdue: bool = False
    escalated: bool = False
    escalated_to: str = ""
    assigned_to: str = ""
    resolution: str = ""
    closed_on: date | None = None
    closed_late: bool = False
    notice_month: Month | None = None

    @property
    def closed(self) -> bool:
        return self.status is ComplaintStatus.CLOSED

    def is_overdue_on(self, day: date) -> bool:
        """Unclosed and past its due date on `day` (the due date itself is still in time)."""
        return not self.closed and day > self.due_on


def check_filing(
    *, kind: ComplaintKind, village_code: str, notice_month: Month | None, received_on: date, today: date
) -> None:
    """What a new ticket needs: a notice dispute names the village and the month of the notice; a ticket is not
    received in the future."""
    if kind is ComplaintKind.NOTICE_DISPUTE:
        if not village_code:
            raise InvalidArgument(
                "NOTICE_DISPUTE_VILLAGE_REQUIRED",
                "a dispute of a public notice names the village whose notice it disputes",
                field="village_code",
                message_zh="公示异议须填写所公示的村",
            )
        if notice_month is None:
            raise InvalidArgument(
                "NOTICE_DISPUTE_MONTH_REQUIRED",
                "a dispute of a public notice names the month of the notice",
                field="notice_month",
                message_zh="公示异议须填写所公示的月份",
            )
    elif notice_month is not None:
        raise InvalidArgument(
            "NOTICE_MONTH_NOT_ALLOWED",
            "only a dispute of a public notice names a notice month",
            field="notice_month",
            message_zh="只有公示异议才填写公示月份",
        )
    if received_on > today:
        raise InvalidArgument(
            "RECEIVED_ON_FUTURE",
            f"received_on {received_on} is after today ({today})",
            field="received_on",
            message_zh="受理日期不能晚于今天",
        )


def _closed_refusal(complaint: Complaint) -> FailedPrecondition:
    return FailedPrecondition(
        "COMPLAINT_CLOSED",
        f"ticket {complaint.ticket_number} is closed",
        field="ticket_number",
        message_zh="该工单已办结，不能再修改",
    )


def extend(complaint: Complaint, *, reason: str, today: date) -> Complaint:
    """The ticket with its one extension: due 60 days after receipt. Refused when closed, extended already, or
    asked for after the due date has passed (an extension is decided while there is still time)."""
    if not reason.strip():
        raise InvalidArgument(
            "EXTENSION_REASON_REQUIRED", "an extension needs a reason", field="reason", message_zh="延期须说明理由"
        )
    if complaint.closed:
        raise _closed_refusal(complaint)
    if complaint.extended:
        raise FailedPrecondition(
            "EXTENSION_ALREADY_USED",
            f"ticket {complaint.ticket_number} was extended already; a ticket is extended once",
            field="ticket_number",
            message_zh="该工单已延期一次，不能再次延期",
        )
    if today > complaint.due_on:
        raise FailedPrecondition(
            "EXTENSION_TOO_LATE",
            f"ticket {complaint.ticket_number} was due on {complaint.due_on}; an extension is decided before then",
            field="ticket_number",
            message_zh="工单已超过办理期限，不能再延期",
        )
    return replace(
        complaint, extended=True, extension_reason=reason.strip(), due_on=extended_due_date(complaint.received_on)
    )


def update(
    complaint: Complaint,
    *,
    status: ComplaintStatus | None,
    assigned_to: str,
    resolution: str,
    today: date,
) -> Complaint:
    """The ticket after an officer's change of status, assignee or resolution (each optional, one at least).

    Closing needs a resolution, given now or with the answer; a ticket closed after its due date is closed late.
    """
    if complaint.closed:
        raise _closed_refusal(complaint)
    changed = complaint
    if resolution:
        changed = replace(changed, resolution=resolution)
    if assigned_to:
        changed = replace(changed, assigned_to=assigned_to)
    if status is not None and status is not complaint.status:
        if status not in _NEXT[complaint.status]:
            raise FailedPrecondition(
                "COMPLAINT_STATUS_TRANSITION",
                f"a ticket {complaint.status.value} cannot become {status.value}",
                field="status",
                message_zh="工单当前状态不能变更为所选状态",
            )
        if status is ComplaintStatus.CLOSED:
            if not changed.resolution:
                raise InvalidArgument(
                    "RESOLUTION_REQUIRED",
                    "closing a ticket needs its resolution: the answer or outcome",
                    field="resolution",
                    message_zh="办结工单须填写办理结果",
                )
            changed = replace(changed, closed_on=today, closed_late=today > complaint.due_on)
        changed = replace(changed, status=status)
    if changed == complaint:
        raise InvalidArgument(
            "COMPLAINT_UNCHANGED",
            "the update changes nothing: give a new status, assignee or resolution",
            field="status",
            message_zh="未填写任何变更内容",
        )
    return changed


def flag_overdue(complaint: Complaint, *, as_of: date) -> Complaint | None:
    """The ticket flagged overdue and escalated, if it is overdue on `as_of` and was not escalated before; else
    None (nothing to do: in time, closed, or escalated already)."""
    if complaint.escalated or not complaint.is_overdue_on(as_of):
        return None
    return replace(
        complaint, overdue=True, escalated=True, escalated_to=escalation_office(complaint.pooling_region_code)
    )
