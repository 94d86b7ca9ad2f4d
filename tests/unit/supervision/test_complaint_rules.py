"""The rules of a ticket: numbers read out on the phone, due dates across month ends and leap years, the one
extension, the states to closing, and the overdue flag."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_supervision.domain.complaints import (
    Complaint,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    check_filing,
    due_date,
    extend,
    extended_due_date,
    flag_overdue,
    parse_ticket_number,
    ticket_number,
    update,
)


def ticket(received_on: date = date(2028, 1, 1), **changes: object) -> Complaint:
    complaint = Complaint(
        ticket_number=ticket_number("410122", received_on, 1),
        kind=ComplaintKind.COMPLAINT,
        channel=ComplaintChannel.HOTLINE,
        status=ComplaintStatus.RECEIVED,
        pooling_region_code="410122",
        village_code="410122101201",
        resident_id="",
        subject="养老金未到账",
        description="",
        complainant_name_masked="王*",
        complainant_mobile_masked="138****5678",
        received_on=received_on,
        due_on=due_date(received_on),
    )
    return replace(complaint, **changes)  # type: ignore[arg-type]


def refusal(error: pytest.ExceptionInfo[DomainError]) -> str:
    return error.value.reason


# --- due dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2028, 1, 30), date(2028, 2, 29)),  # into a leap February
        (date(2027, 2, 1), date(2027, 3, 3)),  # across a 28-day February
        (date(2028, 2, 1), date(2028, 3, 2)),  # across a 29-day February
        (date(2026, 12, 15), date(2027, 1, 14)),  # across the year end
        (date(2026, 7, 31), date(2026, 8, 30)),
    ],
)
def test_a_ticket_is_due_30_calendar_days_after_receipt(received: date, due: date) -> None:
    assert due_date(received) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2028, 1, 1), date(2028, 3, 1)),  # 31 + 29 days: the leap day counts
        (date(2027, 1, 1), date(2027, 3, 2)),
        (date(2026, 11, 15), date(2027, 1, 14)),
    ],
)
def test_an_extension_moves_the_due_date_to_60_days_after_receipt(received: date, due: date) -> None:
    extended = extend(ticket(received), reason="需调取银行流水", today=received)
    assert (extended.due_on, extended.extended, extended.extension_reason) == (due, True, "需调取银行流水")
    assert extended_due_date(received) == due


def test_a_ticket_is_extended_once() -> None:
    once = extend(ticket(), reason="需调取银行流水", today=date(2028, 1, 10))
    with pytest.raises(DomainError) as second:
        extend(once, reason="还需要时间", today=date(2028, 1, 20))
    assert refusal(second) == "EXTENSION_ALREADY_USED"


def test_an_extension_needs_a_reason_and_time_left() -> None:
    with pytest.raises(DomainError) as no_reason:
        extend(ticket(), reason="  ", today=date(2028, 1, 10))
    assert refusal(no_reason) == "EXTENSION_REASON_REQUIRED"
    with pytest.raises(DomainError) as too_late:
        extend(ticket(), reason="需调取银行流水", today=date(2028, 2, 1))  # due 2028-01-31
    assert refusal(too_late) == "EXTENSION_TOO_LATE"
    on_the_due_date = extend(ticket(), reason="需调取银行流水", today=date(2028, 1, 31))
    assert on_the_due_date.due_on == date(2028, 3, 1)


# --- ticket numbers ----------------------------------------------------------------------------------------


def test_a_ticket_number_is_grouped_digits_with_a_check_digit_that_survives_being_read_back() -> None:
    number = ticket_number("410122", date(2026, 7, 1), 1)
    assert number.startswith("TS-410122-260701-0001-")
    assert len(number.replace("-", "")) == 2 + 6 + 6 + 4 + 1
    assert parse_ticket_number(number) == number
    # Typed back with blanks, in lower case, without the prefix: the same ticket.
    spoken = number.removeprefix("TS-").replace("-", " ")
    assert parse_ticket_number(spoken) == number
    assert parse_ticket_number(" ts" + number.lower().removeprefix("ts")) == number


def test_every_single_misheard_digit_is_caught() -> None:
    number = ticket_number("410122", date(2026, 7, 1), 37)
    digits = [index for index, char in enumerate(number) if char.isdigit()]
    for index in digits:
        for wrong in "0123456789":
            if wrong == number[index]:
                continue
            misheard = number[:index] + wrong + number[index + 1 :]
            with pytest.raises(DomainError) as refused:
                parse_ticket_number(misheard)
            assert refusal(refused) == "TICKET_NUMBER_CHECK_DIGIT", misheard


def test_numbers_of_a_day_differ_and_grow_past_9999() -> None:
    numbers = {ticket_number("410122", date(2026, 7, 1), n) for n in range(1, 200)}
    assert len(numbers) == 199
    big = ticket_number("410122", date(2026, 7, 1), 10_000)
    assert big.split("-")[3] == "10000"
    assert parse_ticket_number(big) == big


@pytest.mark.parametrize(
    "typed", ["", "TS-4101", "TS-410122-260701-0001-7-9999999999", "电话号码", "AB-410122-260701-0001-7"]
)
def test_what_is_not_a_ticket_number_is_refused(typed: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_ticket_number(typed)
    assert refusal(refused) in {"TICKET_NUMBER_FORMAT", "TICKET_NUMBER_CHECK_DIGIT"}


# --- filing ------------------------------------------------------------------------------------------------


def test_a_notice_dispute_names_its_village_and_month() -> None:
    day = date(2026, 7, 1)
    check_filing(
        kind=ComplaintKind.NOTICE_DISPUTE,
        village_code="410122101201",
        notice_month=Month(2026, 6),
        received_on=day,
        today=day,
    )
    with pytest.raises(DomainError) as no_village:
        check_filing(
            kind=ComplaintKind.NOTICE_DISPUTE, village_code="", notice_month=Month(2026, 6), received_on=day, today=day
        )
    assert refusal(no_village) == "NOTICE_DISPUTE_VILLAGE_REQUIRED"
    with pytest.raises(DomainError) as no_month:
        check_filing(
            kind=ComplaintKind.NOTICE_DISPUTE,
            village_code="410122101201",
            notice_month=None,
            received_on=day,
            today=day,
        )
    assert refusal(no_month) == "NOTICE_DISPUTE_MONTH_REQUIRED"


def test_a_ticket_is_not_received_in_the_future() -> None:
    with pytest.raises(DomainError) as refused:
        check_filing(
            kind=ComplaintKind.ENQUIRY,
            village_code="",
            notice_month=None,
            received_on=date(2026, 7, 2),
            today=date(2026, 7, 1),
        )
    assert refusal(refused) == "RECEIVED_ON_FUTURE"


# --- states ------------------------------------------------------------------------------------------------


def test_a_ticket_is_worked_to_its_close_and_closing_needs_a_resolution() -> None:
    day = date(2028, 1, 5)
    working = update(ticket(), status=ComplaintStatus.IN_PROGRESS, assigned_to="officer-7", resolution="", today=day)
    assert (working.status, working.assigned_to) == (ComplaintStatus.IN_PROGRESS, "officer-7")
    with pytest.raises(DomainError) as no_resolution:
        update(working, status=ComplaintStatus.CLOSED, assigned_to="", resolution="", today=day)
    assert refusal(no_resolution) == "RESOLUTION_REQUIRED"
    answered = update(working, status=ComplaintStatus.ANSWERED, assigned_to="", resolution="已补发", today=day)
    closed = update(answered, status=ComplaintStatus.CLOSED, assigned_to="", resolution="", today=day)
    assert (closed.status, closed.closed_on, closed.closed_late, closed.resolution) == (
        ComplaintStatus.CLOSED,
        day,
        False,
        "已补发",
    )
    with pytest.raises(DomainError) as after_close:
        update(closed, status=ComplaintStatus.IN_PROGRESS, assigned_to="", resolution="", today=day)
    assert refusal(after_close) == "COMPLAINT_CLOSED"


def test_a_ticket_closed_after_its_due_date_is_closed_late() -> None:
    on_time = update(
        ticket(), status=ComplaintStatus.CLOSED, assigned_to="", resolution="已答复", today=date(2028, 1, 31)
    )
    late = update(ticket(), status=ComplaintStatus.CLOSED, assigned_to="", resolution="已答复", today=date(2028, 2, 1))
    assert (on_time.closed_late, late.closed_late) == (False, True)


def test_a_state_is_not_gone_back_to_nor_an_empty_change_made() -> None:
    working = update(
        ticket(), status=ComplaintStatus.IN_PROGRESS, assigned_to="", resolution="", today=date(2028, 1, 2)
    )
    with pytest.raises(DomainError) as backwards:
        update(working, status=ComplaintStatus.RECEIVED, assigned_to="", resolution="", today=date(2028, 1, 2))
    assert refusal(backwards) == "COMPLAINT_STATUS_TRANSITION"
    with pytest.raises(DomainError) as nothing:
        update(working, status=None, assigned_to="", resolution="", today=date(2028, 1, 2))
    assert refusal(nothing) == "COMPLAINT_UNCHANGED"
    answered = update(
        working, status=ComplaintStatus.ANSWERED, assigned_to="", resolution="已答复", today=date(2028, 1, 3)
    )
    reopened = update(
        answered, status=ComplaintStatus.IN_PROGRESS, assigned_to="", resolution="", today=date(2028, 1, 4)
    )
    assert reopened.status is ComplaintStatus.IN_PROGRESS


# --- overdue -----------------------------------------------------------------------------------------------


def test_an_unclosed_ticket_past_its_due_date_is_flagged_and_escalated_once() -> None:
    received = ticket(date(2028, 1, 1))  # due 2028-01-31
    assert flag_overdue(received, as_of=date(2028, 1, 31)) is None  # the due date itself is in time
    flagged = flag_overdue(received, as_of=date(2028, 2, 1))
    assert flagged is not None
    assert (flagged.overdue, flagged.escalated) == (True, True)
    assert "410122" in flagged.escalated_to
    assert flag_overdue(flagged, as_of=date(2028, 2, 2)) is None
    closed = update(
        received, status=ComplaintStatus.CLOSED, assigned_to="", resolution="已答复", today=date(2028, 1, 9)
    )
    assert flag_overdue(closed, as_of=date(2028, 3, 1)) is None


def test_an_extended_ticket_is_overdue_only_after_its_new_due_date() -> None:
    extended = extend(ticket(date(2028, 1, 1)), reason="需调取银行流水", today=date(2028, 1, 20))
    assert flag_overdue(extended, as_of=date(2028, 3, 1)) is None
    assert flag_overdue(extended, as_of=date(2028, 3, 2)) is not None
