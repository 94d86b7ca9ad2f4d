"""Verification's findings applied to an award (service_layer.reactions) on in-memory repositories: once each."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from payout_cases_testkit import AWARD, MONTHLY_FEN, REGION, RESIDENT, Payout, award, names, payloads

from pension.payout.v1 import events_pb2
from pension_kit.errors import DomainError
from pension_kit.identifiers import Month
from pension_payout.adapters.store import AWARDS, case_id, run_id
from pension_payout.service_layer.payroll_records import InMemoryPayroll

DEATH = 1


async def test_a_death_delivered_twice_stops_the_award_once_and_reclaims_what_was_paid_after_it() -> None:
    payout = Payout()
    payout.pay("2026-03", "PAID")
    payout.pay("2026-04", "PAID")
    at_bank = payout.pay("2026-05", "EXPORTED")
    prepared = payout.pay("2026-06", "PREPARED")
    for _ in range(2):
        returned = await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
        assert returned is not None and returned["status"] == "STOPPED"

    stopped = payout.stored_award()
    assert stopped["status"] == "STOPPED" and stopped["version"] == 2
    assert stopped["stop"] == {
        "cause": DEATH,
        "from": "2026-04",
        "date_of_death": "2026-03-10",
        "cause_event_id": "E-death",
    }
    # The award keeps its own record of applied events; nothing else is added to the document.
    assert stopped["applied_events"] == ["E-death"] and "applied_requests" not in stopped
    [announced] = payloads(payout.awards.events)
    assert isinstance(announced, events_pb2.BenefitStopped)
    assert (announced.from_month.year, announced.from_month.month, announced.cause_event_id) == (2026, 4, "E-death")
    assert payout.awards.events[0]["key"] == RESIDENT and (AWARDS, [AWARD]) in payout.relay.hints
    # Prepared: withdrawn (once); at the bank: left to the bank; paid after death: an overpayment case.
    assert payout.payroll.withdrawn == [prepared]
    assert payout.payroll.payments[at_bank]["status"] == "PREPARED"
    case = await payout.cases.get(case_id(RESIDENT, DEATH))
    assert case is not None and case["months"] == ["2026-04"] and case["awaiting_return"] == [at_bank]
    assert names(payout.cases.events) == ["OverpaymentCaseOpened"]


async def test_a_redelivered_event_finishes_what_a_crash_left_undone_without_announcing_again() -> None:
    payout = Payout()
    payout.awards.add(
        award(
            status="STOPPED",
            stop={"cause": DEATH, "from": "2026-04", "date_of_death": "2026-03-10", "cause_event_id": "E-death"},
            applied_events=["E-death"],
            version=2,
        )
    )
    prepared = payout.pay("2026-06", "PREPARED")
    payout.pay("2026-04", "PAID")
    await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
    assert payout.awards.events == [] and payout.stored_award()["version"] == 2
    assert payout.payroll.withdrawn == [prepared] and names(payout.cases.events) == ["OverpaymentCaseOpened"]


async def test_an_overdue_certification_suspends_once_and_a_proof_of_life_pays_back_the_missed_months() -> None:
    payout = Payout()
    payout.pay("2026-03", "PAID")
    april = payout.pay("2026-04", "PREPARED")
    for _ in range(2):
        await payout.reactions.certification_overdue(
            RESIDENT, event_id="E-overdue", suspend_from=Month(2026, 4), due_on=date(2026, 3, 20)
        )
    suspended = payout.stored_award()
    assert suspended["status"] == "SUSPENDED" and suspended["version"] == 2
    assert suspended["suspension"] == {"cause": 1, "from": "2026-04", "until": None, "cause_event_id": "E-overdue"}
    assert payout.payroll.withdrawn == [april]
    assert names(payout.awards.events) == ["BenefitSuspended"]

    payout.pay("2026-05", "EXPORTED")  # held by the bank: never back paid
    payout.payroll.runs[run_id(REGION, Month(2026, 7))] = "DRAFT"  # July's run went without the pensioner
    certified_at = datetime(2026, 7, 2, 17, 30, tzinfo=UTC)  # 3 July in China
    for _ in range(2):
        await payout.reactions.certification_passed(RESIDENT, event_id="E-passed", occurred_at=certified_at)
    resumed = payout.stored_award()
    assert resumed["status"] == "ACTIVE" and resumed["suspension"] is None and resumed["version"] == 3
    assert resumed["back_pay_pending"] == ["2026-04", "2026-06", "2026-07"]
    assert resumed["applied_events"] == ["E-overdue", "E-passed"]
    assert names(payout.awards.events) == ["BenefitSuspended", "BenefitResumed"]
    back_paid = payloads(payout.awards.events)[-1].back_pay_months
    assert [(month.year, month.month) for month in back_paid] == [(2026, 4), (2026, 6), (2026, 7)]
    assert payout.cases.documents == {}


async def test_a_prison_term_suspends_without_back_pay_and_a_release_resumes_the_month_after() -> None:
    payout = Payout()
    payout.pay("2026-02", "PAID")
    payout.pay("2026-03", "PAID")
    april = payout.pay("2026-04", "PREPARED")
    await payout.reactions.imprisonment_recorded(
        RESIDENT, event_id="E-prison", term_start=date(2026, 2, 10), term_end=None
    )
    assert payout.stored_award()["suspension"] == {
        "cause": 2,
        "from": "2026-03",
        "until": None,
        "cause_event_id": "E-prison",
    }
    assert payout.payroll.withdrawn == [april]
    case = await payout.cases.get(case_id(RESIDENT, 3))
    assert case is not None and case["months"] == ["2026-03"] and case["amount_fen"] == MONTHLY_FEN

    await payout.reactions.released_from_prison(RESIDENT, event_id="E-release", released_on=date(2026, 5, 20))
    released = payout.stored_award()
    assert released["status"] == "ACTIVE" and released["suspension"]["until"] == "2026-05"
    assert released["back_pay_pending"] == []
    resumed = payloads(payout.awards.events)[-1]
    assert isinstance(resumed, events_pb2.BenefitResumed)
    assert (resumed.from_month.year, resumed.from_month.month, list(resumed.back_pay_months)) == (2026, 6, [])


async def test_a_finding_that_changes_nothing_is_still_recorded_and_announces_nothing() -> None:
    payout = Payout()
    await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
    await payout.reactions.certification_overdue(
        RESIDENT, event_id="E-overdue", suspend_from=Month(2026, 7), due_on=None
    )
    stopped = payout.stored_award()
    assert stopped["status"] == "STOPPED" and stopped["suspension"] is None
    assert stopped["applied_events"] == ["E-death", "E-overdue"] and stopped["version"] == 3
    assert names(payout.awards.events) == ["BenefitStopped"]


async def test_an_award_nobody_granted_is_left_alone() -> None:
    payout = Payout()
    assert await payout.reactions.death_confirmed("R-NOBODY", event_id="E1", date_of_death=date(2026, 1, 1)) is None
    assert payout.awards.events == [] and payout.relay.hints == []


async def test_a_reaction_that_lost_a_race_is_decided_again_on_the_award_as_it_is_now() -> None:
    payout = Payout()
    payout.awards.lose_races = 3
    await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
    stopped = payout.stored_award()
    assert stopped["status"] == "STOPPED" and stopped["version"] == 5 and stopped["applied_events"] == ["E-death"]
    assert names(payout.awards.events) == ["BenefitStopped"]


async def test_an_award_always_changing_is_refused_and_the_event_can_be_delivered_again() -> None:
    payout = Payout()
    payout.awards.lose_races = 8
    with pytest.raises(DomainError) as refused:
        await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
    assert refused.value.reason == "AWARD_CHANGED" and payout.awards.events == []
    await payout.reactions.death_confirmed(RESIDENT, event_id="E-death", date_of_death=date(2026, 3, 10))
    assert payout.stored_award()["status"] == "STOPPED" and names(payout.awards.events) == ["BenefitStopped"]


class RunPreparedMeanwhile(InMemoryPayroll):
    """A region's run is prepared (without the suspended pensioner) just after a resumption read that it was
    missing."""

    def __init__(self, payroll_run_id: str) -> None:
        super().__init__()
        self.appearing = payroll_run_id

    async def run_status(self, payroll_run_id: str) -> str | None:
        status = self.runs.get(payroll_run_id)
        if payroll_run_id == self.appearing:
            self.runs[payroll_run_id] = "DRAFT"
        return status


async def test_a_month_whose_run_appeared_while_the_resumption_was_written_is_added_to_the_back_pay() -> None:
    payout = Payout(payroll=RunPreparedMeanwhile(run_id(REGION, Month(2026, 7))))
    await payout.reactions.certification_overdue(
        RESIDENT, event_id="E-overdue", suspend_from=Month(2026, 6), due_on=None
    )
    await payout.reactions.certification_passed(
        RESIDENT, event_id="E-passed", occurred_at=datetime(2026, 7, 2, 4, 0, tzinfo=UTC)
    )
    resumed = payout.stored_award()
    assert resumed["status"] == "ACTIVE" and resumed["back_pay_pending"] == ["2026-06", "2026-07"]
    assert names(payout.awards.events) == ["BenefitSuspended", "BenefitResumed"]
    # The resumption announced June only: July was added after, as the run that left it out was found.
    assert [(m.year, m.month) for m in payloads(payout.awards.events)[-1].back_pay_months] == [(2026, 6)]
