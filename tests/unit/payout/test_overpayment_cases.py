"""Overpayment cases (service_layer.overpayments) on in-memory repositories: opened once, grown, recovered once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from payout_cases_testkit import AWARD, MONTHLY_FEN, REGION, RESIDENT, TODAY, Payout, award, names, payloads

from pension.payout.v1 import events_pb2
from pension_kit.errors import DomainError
from pension_kit.identity import Caller, Role
from pension_payout.adapters.store import OVERPAYMENT_CASES, case_id

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
# A hotline call whose caller was verified as the resident of these cases.
HOTLINE = Caller("hotline-1", Role.HOTLINE, resident_id=RESIDENT)
DEATH = 1
IMPRISONMENT = 3
REPAYMENT = 2
DEATH_CASE = case_id(RESIDENT, DEATH)
STOPPED_BY_DEATH = {
    "status": "STOPPED",
    "stop": {"cause": DEATH, "from": "2026-04", "date_of_death": "2026-03-10", "cause_event_id": "E-death"},
}


def stopped_payout() -> Payout:
    payout = Payout()
    payout.awards.add(award(**STOPPED_BY_DEATH))
    return payout


async def refreshed(payout: Payout) -> list[dict[str, object]]:
    return await payout.overpayments.refresh_for_award(payout.stored_award())


async def test_a_payment_paid_after_death_opens_one_case_however_often_it_is_refreshed() -> None:
    payout = stopped_payout()
    payout.pay("2026-03", "PAID")  # the month of death is paid in full
    paid = payout.pay("2026-04", "PAID")
    at_bank = payout.pay("2026-05", "EXPORTED")
    for _ in range(3):
        [case] = await refreshed(payout)
    assert (case["_id"], case["months"], case["payment_ids"], case["awaiting_return"]) == (
        DEATH_CASE,
        ["2026-04"],
        [paid],
        [at_bank],
    )
    assert case["amount_fen"] == case["balance_due_fen"] == MONTHLY_FEN and case["status"] == "OPEN"
    assert case["version"] == 1 and "outbox" not in case
    [opened] = payloads(payout.cases.events)
    assert isinstance(opened, events_pb2.OverpaymentCaseOpened)
    assert opened.overpayment_case.amount_fen == MONTHLY_FEN
    assert payout.cases.events[0]["key"] == RESIDENT and payout.relay.hints == [(OVERPAYMENT_CASES, [DEATH_CASE])]


async def test_nothing_paid_for_an_unpayable_month_opens_no_case() -> None:
    payout = stopped_payout()
    payout.pay("2026-03", "PAID")
    payout.pay("2026-04", "EXPORTED")
    assert await refreshed(payout) == []
    assert payout.cases.documents == {} and payout.cases.events == []


async def test_the_bank_paying_a_month_at_the_bank_grows_the_case_once_and_announces_it_again() -> None:
    payout = stopped_payout()
    payout.pay("2026-04", "PAID")
    at_bank = payout.pay("2026-05", "EXPORTED")
    await refreshed(payout)
    payout.payroll.payments[at_bank]["status"] = "PAID"
    for _ in range(3):
        await payout.overpayments.refresh_for_award_id(AWARD)
    grown = await payout.overpayments.get_case(DEATH_CASE, caller=HOTLINE)
    assert grown["months"] == ["2026-04", "2026-05"] and grown["awaiting_return"] == []
    assert grown["amount_fen"] == grown["balance_due_fen"] == 2 * MONTHLY_FEN and grown["version"] == 2
    assert names(payout.cases.events) == ["OverpaymentCaseOpened", "OverpaymentCaseOpened"]
    assert payloads(payout.cases.events)[-1].overpayment_case.amount_fen == 2 * MONTHLY_FEN


async def test_a_refresh_that_lost_a_race_is_decided_again() -> None:
    payout = stopped_payout()
    payout.pay("2026-04", "PAID")
    at_bank = payout.pay("2026-05", "EXPORTED")
    await refreshed(payout)
    payout.payroll.payments[at_bank]["status"] = "PAID"
    payout.cases.lose_races = 2
    [grown] = await refreshed(payout)
    assert grown["amount_fen"] == 2 * MONTHLY_FEN and grown["version"] == 4
    assert names(payout.cases.events) == ["OverpaymentCaseOpened", "OverpaymentCaseOpened"]


async def test_a_case_always_changing_is_refused_as_changed() -> None:
    payout = stopped_payout()
    payout.pay("2026-04", "PAID")
    at_bank = payout.pay("2026-05", "EXPORTED")
    await refreshed(payout)
    payout.payroll.payments[at_bank]["status"] = "PAID"
    payout.cases.lose_races = 8
    with pytest.raises(DomainError) as refused:
        await refreshed(payout)
    assert (refused.value.reason, refused.value.field) == ("OVERPAYMENT_CASE_CHANGED", "overpayment_case_id")
    assert names(payout.cases.events) == ["OverpaymentCaseOpened"]


async def test_a_month_paid_inside_a_prison_term_is_a_case_of_its_own_cause() -> None:
    payout = Payout()
    payout.awards.add(
        award(
            status="SUSPENDED",
            suspension={"cause": 2, "from": "2026-03", "until": None, "cause_event_id": "E-prison"},
        )
    )
    payout.pay("2026-02", "PAID")
    payout.pay("2026-03", "PAID")
    [case] = await refreshed(payout)
    assert (case["_id"], case["cause"], case["months"]) == (case_id(RESIDENT, IMPRISONMENT), IMPRISONMENT, ["2026-03"])


# --- recoveries -------------------------------------------------------------------------------------


async def opened_case(months: int = 2) -> Payout:
    payout = stopped_payout()
    for month in ("2026-04", "2026-05", "2026-06")[:months]:
        payout.pay(month, "PAID")
    await refreshed(payout)
    return payout


async def test_a_recovery_repeated_with_the_same_request_id_is_recorded_once() -> None:
    payout = await opened_case()
    record = payout.overpayments.record_recovery
    first = await record(DEATH_CASE, 15_000, REPAYMENT, date(2026, 7, 1), "receipt 88", "family repaid", "r-1", OFFICER)
    again = await record(DEATH_CASE, 15_000, REPAYMENT, date(2026, 7, 1), "receipt 88", "family repaid", "r-1", OFFICER)
    assert first["recovered_fen"] == again["recovered_fen"] == 15_000
    assert first["balance_due_fen"] == again["balance_due_fen"] == 2 * MONTHLY_FEN - 15_000
    assert first["status"] == again["status"] == "OPEN" and first["version"] == again["version"] == 2
    assert first["applied_requests"] == again["applied_requests"] == ["r-1"]
    [recovery] = again["recoveries"]
    assert (recovery["amount_fen"], recovery["method"], recovery["reference"], recovery["recorded_by"]) == (
        15_000,
        REPAYMENT,
        "receipt 88",
        "officer-1",
    )
    assert (
        recovery["recovery_id"].startswith("RC-") and recovery["recovery_id"] == first["recoveries"][0]["recovery_id"]
    )
    assert names(payout.cases.events) == ["OverpaymentCaseOpened", "RecoveryRecorded"]
    recorded = payloads(payout.cases.events)[-1]
    assert (recorded.recovered_fen, recorded.balance_due_fen, recorded.recovery.amount_fen) == (
        15_000,
        2 * MONTHLY_FEN - 15_000,
        15_000,
    )
    assert payout.cases.events[-1]["key"] == RESIDENT


async def test_recovering_the_whole_balance_closes_the_case() -> None:
    payout = await opened_case(months=1)
    closed = await payout.overpayments.record_recovery(
        DEATH_CASE, MONTHLY_FEN, 1, date(2026, 7, 2), "ABC-CLAW-7", "", "r-1", OFFICER
    )
    assert (closed["status"], closed["balance_due_fen"], closed["recovered_fen"]) == ("RECOVERED", 0, MONTHLY_FEN)
    assert names(payout.cases.events) == ["OverpaymentCaseOpened", "RecoveryRecorded", "OverpaymentCaseClosed"]
    closing = payloads(payout.cases.events)[-1]
    assert (closing.recovered_fen, closing.written_off_fen) == (MONTHLY_FEN, 0)
    stored = await payout.cases.get(DEATH_CASE)
    assert stored is not None and stored["status"] == "RECOVERED"


@pytest.mark.parametrize(
    ("amount", "method", "recovered_on", "reference", "caller", "reason"),
    [
        (2 * MONTHLY_FEN + 1, REPAYMENT, date(2026, 7, 1), "receipt 88", OFFICER, "RECOVERY_EXCEEDS_BALANCE"),
        (0, REPAYMENT, date(2026, 7, 1), "receipt 88", OFFICER, "RECOVERY_AMOUNT_NOT_POSITIVE"),
        (100, 9, date(2026, 7, 1), "receipt 88", OFFICER, "RECOVERY_METHOD_INVALID"),
        (100, REPAYMENT, TODAY + timedelta(days=1), "receipt 88", OFFICER, "RECOVERED_ON_IN_FUTURE"),
        (100, REPAYMENT, None, "receipt 88", OFFICER, "DATE_REQUIRED"),
        (100, REPAYMENT, date(2026, 7, 1), "  ", OFFICER, "REFERENCE_REQUIRED"),
        (100, REPAYMENT, date(2026, 7, 1), "receipt 88", HOTLINE, "ROLE_NOT_ALLOWED"),
    ],
)
async def test_a_refused_recovery_says_why_and_writes_nothing(
    amount: int, method: int, recovered_on: date | None, reference: str, caller: Caller, reason: str
) -> None:
    payout = await opened_case()
    before = await payout.cases.get(DEATH_CASE)
    with pytest.raises(DomainError) as refused:
        await payout.overpayments.record_recovery(
            DEATH_CASE, amount, method, recovered_on, reference, "", "r-1", caller
        )
    assert refused.value.reason == reason
    assert await payout.cases.get(DEATH_CASE) == before and names(payout.cases.events) == ["OverpaymentCaseOpened"]


async def test_a_recovery_for_no_case_is_refused_as_not_found() -> None:
    payout = await opened_case()
    with pytest.raises(DomainError) as refused:
        await payout.overpayments.record_recovery(
            case_id(RESIDENT, IMPRISONMENT), 100, REPAYMENT, date(2026, 7, 1), "receipt 88", "", "r-1", OFFICER
        )
    assert (refused.value.reason, refused.value.message_zh) == ("OVERPAYMENT_CASE_NOT_FOUND", "多领追回案件不存在")


async def test_a_recovery_that_lost_a_race_is_recorded_once_on_the_new_state() -> None:
    payout = await opened_case()
    payout.cases.lose_races = 3
    case = await payout.overpayments.record_recovery(
        DEATH_CASE, 100, REPAYMENT, date(2026, 7, 1), "receipt 88", "", "r-1", OFFICER
    )
    assert case["recovered_fen"] == 100 and len(case["recoveries"]) == 1 and case["version"] == 5
    assert names(payout.cases.events) == ["OverpaymentCaseOpened", "RecoveryRecorded"]


# --- reading ---------------------------------------------------------------------------------------


async def test_cases_are_listed_by_region_a_page_at_a_time_and_by_resident() -> None:
    payout = await opened_case()
    payout.awards.add(
        award(
            status="STOPPED",
            stop={"cause": DEATH, "from": "2026-04", "date_of_death": "2026-03-10", "cause_event_id": "E-death"},
            ended_suspensions=[{"cause": 2, "from": "2026-01", "until": "2026-02", "cause_event_id": "E-prison"}],
        )
    )
    payout.pay("2026-01", "PAID")
    await refreshed(payout)
    first, token = await payout.overpayments.list_cases(
        pooling_region_code=REGION, resident_id="", status=None, page_size=1, page_token="", caller=OFFICER
    )
    second, last = await payout.overpayments.list_cases(
        pooling_region_code=REGION, resident_id="", status=None, page_size=1, page_token=token, caller=OFFICER
    )
    assert [c["_id"] for c in first + second] == [DEATH_CASE, case_id(RESIDENT, IMPRISONMENT)] and last == ""
    mine, _ = await payout.overpayments.list_cases(
        pooling_region_code="", resident_id=RESIDENT, status="OPEN", page_size=0, page_token="", caller=HOTLINE
    )
    assert [c["_id"] for c in mine] == [DEATH_CASE, case_id(RESIDENT, IMPRISONMENT)]
    with pytest.raises(DomainError) as refused:
        await payout.overpayments.list_cases(
            pooling_region_code="", resident_id="", status=None, page_size=0, page_token="", caller=OFFICER
        )
    assert refused.value.reason == "POOLING_REGION_OR_RESIDENT_REQUIRED"
    # The hotline lists only its verified caller's cases, never a region's.
    for region, resident in ((REGION, ""), ("", "R0002")):
        with pytest.raises(DomainError) as refused:
            await payout.overpayments.list_cases(
                pooling_region_code=region,
                resident_id=resident,
                status=None,
                page_size=0,
                page_token="",
                caller=HOTLINE,
            )
        assert refused.value.reason == "CALLER_NOT_VERIFIED"


async def test_the_hotline_reads_only_its_verified_callers_cases_whether_a_case_exists_or_not() -> None:
    payout = stopped_payout()
    payout.pay("2026-04", "PAID")
    await refreshed(payout)
    assert (await payout.overpayments.get_case(DEATH_CASE, caller=HOTLINE))["resident_id"] == RESIDENT
    someone_else = Caller("hotline-1", Role.HOTLINE, resident_id="R0002")
    for case in (DEATH_CASE, case_id("R0002", DEATH)):  # another's case, and a case nobody has
        with pytest.raises(DomainError) as refused:
            await payout.overpayments.get_case(case, caller=someone_else)
        assert refused.value.reason == "CALLER_NOT_VERIFIED"
