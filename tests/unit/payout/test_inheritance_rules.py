"""The rules of the heir's payout (domain.inheritance): what is withheld for overpayments, who may do what."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_payout.domain.inheritance import (
    APPROVED,
    FAILED,
    PAID,
    REQUESTED,
    Offset,
    check_amounts_unchanged,
    check_may_approve,
    check_may_record_result,
    check_may_request,
    offsets,
)
from pension_payout.domain.overpayment import RECOVERED, OverpaymentCase, PaidMonth, opened
from pension_payout.domain.reactions import OverpaymentCause

NOW = datetime(2026, 7, 15, tzinfo=UTC)


def case(identifier: str, due_fen: int) -> OverpaymentCase:
    found = opened(
        identifier,
        resident_id="R1",
        award_id="AW-R1",
        pooling_region_code="411723",
        village_code="",
        cause=OverpaymentCause.DEATH,
        paid=[PaidMonth(f"{identifier}/p", Month(2026, 4), due_fen)],
        at_bank=(),
        now=NOW,
    )
    assert found is not None
    return found


def reason(call: Callable[..., object], *args: object, **kwargs: object) -> str:
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    return refused.value.reason


def test_the_balance_goes_to_the_open_cases_first_as_far_as_it_reaches() -> None:
    death, prison, closed = case("OP-R1-1", 30_000), case("OP-R1-3", 50_000), case("OP-R1-2", 10_000)
    closed = replace(closed, status=RECOVERED)
    assert offsets(60_000, [death, closed, prison]) == (Offset("OP-R1-1", 30_000), Offset("OP-R1-3", 30_000))
    assert offsets(100, []) == ()
    assert reason(offsets, 0, []) == "INHERITANCE_NOTHING_TO_PAY"


def test_a_payout_is_asked_approved_by_another_officer_and_given_its_result_in_that_order() -> None:
    for status in (REQUESTED, FAILED):
        check_may_request("IH-R1", status)
    assert reason(check_may_request, "IH-R1", APPROVED) == "INHERITANCE_IN_PROGRESS"
    assert reason(check_may_request, "IH-R1", PAID) == "INHERITANCE_ALREADY_PAID"

    check_may_approve("IH-R1", REQUESTED, requested_by="officer-1", approver="approver-1")
    assert (
        reason(check_may_approve, "IH-R1", REQUESTED, requested_by="officer-1", approver="officer-1")
        == "INHERITANCE_APPROVER_IS_REQUESTER"
    )
    assert reason(check_may_approve, "IH-R1", FAILED, requested_by="a", approver="b") == "INHERITANCE_NOT_REQUESTED"
    assert reason(check_may_approve, "IH-R1", PAID, requested_by="a", approver="b") == "INHERITANCE_ALREADY_PAID"

    check_may_record_result("IH-R1", APPROVED)
    assert reason(check_may_record_result, "IH-R1", REQUESTED) == "INHERITANCE_NOT_APPROVED"
    assert reason(check_may_record_result, "IH-R1", PAID) == "INHERITANCE_ALREADY_PAID"


def test_an_approval_is_of_the_amounts_requested() -> None:
    requested = (60_000, (Offset("OP-R1-1", 30_000),))
    check_amounts_unchanged("IH-R1", requested, (60_000, (Offset("OP-R1-1", 30_000),)))
    assert reason(check_amounts_unchanged, "IH-R1", requested, (60_000, ())) == "INHERITANCE_AMOUNT_CHANGED"
    assert reason(check_amounts_unchanged, "IH-R1", requested, (59_000, requested[1])) == "INHERITANCE_AMOUNT_CHANGED"
