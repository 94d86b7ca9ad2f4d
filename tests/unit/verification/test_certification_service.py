"""The certification cycle's use cases (service_layer) on the kit's in-memory repository: the deadlines job, a data
proof, the status and the agent's task list, and their refusals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from verification_testkit import InMemoryCertifications

from pension.verification.v1 import events_pb2
from pension_kit.errors import DomainError
from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.identifiers import Month
from pension_kit.identity import SYSTEM_CALLER, Caller, Role
from pension_kit.policy import demo_policy
from pension_verification.domain.certification import CURRENT, DECEASED, DUE_SOON, OVERDUE
from pension_verification.domain.proofs import HOSPITAL_VISIT
from pension_verification.service_layer.certification_queries import CertificationQueries
from pension_verification.service_layer.cycle import CycleService
from pension_verification.service_layer.deadlines import DeadlineService
from pension_verification.service_layer.proofs import ProofService

REGION = "411723"
VILLAGE = "411723101201"
OTHER_VILLAGE = "411723101202"
TOPIC = "pension.verification.resident.v1"
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({VILLAGE}))
OTHER_AGENT = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({OTHER_VILLAGE}))
HOTLINE = Caller("hotline-1", Role.HOTLINE)
JANUARY_2025 = Month(2025, 1)


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


class Verification:
    def __init__(self, today: date) -> None:
        self.clock = Clock(today)
        self.repository = InMemoryCertifications(demo_policy(REGION, datetime(2011, 1, 1, tzinfo=UTC)))
        self.nudged: list[tuple[str, list[Any]]] = []
        self.cycle = CycleService(self.repository, topic=TOPIC, notify_relay=self.notify)
        self.proofs = ProofService(
            self.repository, topic=TOPIC, notify_relay=self.notify, data_max_age_days=90, today=self.clock
        )
        self.deadlines = DeadlineService(
            self.repository, topic=TOPIC, notify_relay=self.notify, today=self.clock, batch=2
        )
        self.queries = CertificationQueries(self.repository, today=self.clock)

    def notify(self, collection: str, ids: Iterable[Any]) -> None:
        self.nudged.append((collection, list(ids)))

    async def awarded(self, resident_id: str, *, first_month: Month = JANUARY_2025, village: str = VILLAGE) -> None:
        assert await self.cycle.start(
            f"award-{resident_id}",
            resident_id=resident_id,
            award_id=f"AW-{resident_id}",
            pooling_region_code=REGION,
            village_code=village,
            first_month=first_month,
        )

    def payloads(self) -> list[Any]:
        return [unpack_payload(parse_envelope(event["envelope"])) for event in self.repository.events]

    async def data_proof(self, resident_id: str = "R1", **overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "source": HOSPITAL_VISIT,
            "source_ref": "HIS-2026-778",
            "observed_on": date(2026, 1, 10),
            "reason": "",
            "request_id": "req-1",
            "caller": OFFICER,
            **overrides,
        }
        return await self.proofs.record_data(resident_id, **arguments)


async def test_an_award_starts_the_cycle_once() -> None:
    verification = Verification(date(2025, 1, 20))
    await verification.awarded("R1")
    assert not await verification.cycle.start(
        "award-R1", resident_id="R1", award_id="AW-R1", pooling_region_code=REGION, village_code=VILLAGE,
        first_month=Month(2025, 1),
    )  # fmt: skip
    stored = await verification.repository.certification("R1")
    assert stored is not None and stored.state.valid_until == date(2026, 1, 1) and stored.state.status == CURRENT


async def test_an_award_before_any_policy_is_heard_is_refused_so_the_consumer_retries_it() -> None:
    verification = Verification(date(2025, 1, 20))
    verification.repository.versions.clear()
    with pytest.raises(DomainError) as refused:
        await verification.awarded("R1")
    assert refused.value.reason == "POLICY_NOT_IN_FORCE"


async def test_the_deadlines_job_run_twice_announces_due_soon_and_overdue_once_each() -> None:
    verification = Verification(date(2025, 12, 5))
    for resident in ("R1", "R2", "R3"):  # a page of 2 and one more: the job pages on
        await verification.awarded(resident)
    await verification.awarded("R4", first_month=Month(2025, 6))  # due 2026-06-01: not yet
    first = await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    assert (first.due_soon, first.overdue) == (3, 0)
    again = await verification.deadlines.run(REGION, as_of=None, request_id="d-2", caller=SYSTEM_CALLER)
    assert (again.due_soon, again.overdue) == (0, 0)
    verification.clock.day = date(2026, 1, 2)
    late = await verification.deadlines.run(REGION, as_of=None, request_id="d-3", caller=SYSTEM_CALLER)
    assert (late.due_soon, late.overdue) == (0, 3)
    repeat = await verification.deadlines.run(REGION, as_of=None, request_id="d-3", caller=SYSTEM_CALLER)
    assert (repeat.due_soon, repeat.overdue) == (0, 3)  # the same request: answered from its record
    rerun = await verification.deadlines.run(REGION, as_of=None, request_id="d-4", caller=SYSTEM_CALLER)
    assert (rerun.due_soon, rerun.overdue) == (0, 0)
    kinds = [type(payload).__name__ for payload in verification.payloads()]
    assert kinds == ["CertificationDueSoon"] * 3 + ["CertificationOverdue"] * 3
    overdue = verification.payloads()[-1]
    assert isinstance(overdue, events_pb2.CertificationOverdue)
    assert (overdue.suspend_from.year, overdue.suspend_from.month) == (2026, 2)
    keys = {event["key"] for event in verification.repository.events}
    assert keys == {"R1", "R2", "R3"}  # keyed by the resident, so one pensioner's events stay in order


async def test_a_deadlines_job_killed_mid_way_continues_where_it_stopped() -> None:
    verification = Verification(date(2026, 1, 2))
    for resident in ("R1", "R2", "R3"):
        await verification.awarded(resident)
    # The first run dies after its first pensioner's write: R1 is overdue and announced, R2 and R3 are not.
    original = verification.deadlines.unit.repository.apply
    writes = 0

    async def dies_after_one(*args: Any, **kwargs: Any) -> bool:
        nonlocal writes
        if writes == 1:
            raise ConnectionError("process killed")
        writes += 1
        return await original(*args, **kwargs)

    verification.deadlines.unit.repository.apply = dies_after_one  # type: ignore[method-assign]
    with pytest.raises(ConnectionError):
        await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    verification.deadlines.unit.repository.apply = original  # type: ignore[method-assign]
    rerun = await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    assert (rerun.due_soon, rerun.overdue) == (0, 2)
    assert [p.resident_id for p in verification.payloads()] == ["R1", "R2", "R3"]


async def test_a_data_proof_while_overdue_announces_the_month_payment_resumes_from() -> None:
    verification = Verification(date(2026, 1, 2))
    await verification.awarded("R1")
    await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    verification.clock.day = date(2026, 2, 3)
    recorded = await verification.data_proof(observed_on=date(2026, 1, 28))
    assert recorded.certification.state.status == CURRENT
    assert recorded.proof.next_due_on == date(2027, 1, 28) and recorded.proof.sign_of_life_source == HOSPITAL_VISIT
    passed = verification.payloads()[-1]
    assert isinstance(passed, events_pb2.CertificationPassed)
    # Observed in January, recorded in February: payment resumes in February, the month it is recorded in.
    assert passed.was_overdue and (passed.resumes_from.year, passed.resumes_from.month) == (2026, 2)
    assert passed.certification.certified_on.month == 1
    assert passed.certification.resident_id == "R1"
    assert passed.certification.certification_id == recorded.proof.certification_id
    # The same request again: the same proof, no second event.
    again = await verification.data_proof(observed_on=date(2026, 1, 28))
    assert again.proof == recorded.proof
    assert len(verification.payloads()) == 2


@pytest.mark.parametrize(
    ("overrides", "reason", "field"),
    [
        ({"caller": AGENT}, "ROLE_NOT_ALLOWED", ""),
        ({"caller": HOTLINE}, "ROLE_NOT_ALLOWED", ""),
        ({"source": "RUMOUR"}, "SIGN_OF_LIFE_SOURCE_UNKNOWN", "source"),
        ({"source_ref": " "}, "SOURCE_REF_REQUIRED", "source_ref"),
        ({"source_ref": "x" * 101}, "FIELD_TOO_LONG", "source_ref"),
        ({"source_ref": "tel 13800138000"}, "FREE_TEXT_PERSONAL_NUMBER", "source_ref"),
        ({"observed_on": date(2026, 2, 4)}, "OBSERVED_ON_IN_FUTURE", "observed_on"),
        ({"observed_on": date(2025, 11, 4)}, "SIGN_OF_LIFE_TOO_OLD", "observed_on"),
        ({"request_id": ""}, "REQUEST_ID_REQUIRED", "request_id"),
        ({"request_id": "r" * 101}, "FIELD_TOO_LONG", "request_id"),
        ({"reason": "r" * 501}, "FIELD_TOO_LONG", "reason"),
    ],
)
async def test_a_data_proof_is_refused_naming_the_field_and_nothing_is_written(
    overrides: dict[str, Any], reason: str, field: str
) -> None:
    verification = Verification(date(2026, 2, 3))
    await verification.awarded("R1")
    with pytest.raises(DomainError) as refused:
        await verification.data_proof(**overrides)
    assert (refused.value.reason, refused.value.field) == (reason, field)
    assert verification.repository.writes == 0 and verification.payloads() == []


async def test_a_data_proof_of_someone_not_a_pensioner_ended_or_older_than_the_last_is_refused() -> None:
    verification = Verification(date(2026, 2, 3))
    with pytest.raises(DomainError) as unknown:
        await verification.data_proof("R9")
    assert (unknown.value.reason, unknown.value.field) == ("CERTIFICATION_NOT_FOUND", "resident_id")
    await verification.awarded("R1", first_month=Month(2026, 1))
    with pytest.raises(DomainError) as older:
        await verification.data_proof(observed_on=date(2025, 12, 20))
    assert older.value.reason == "PROOF_OLDER_THAN_LAST"
    assert await verification.cycle.end("death-1", "R1", deceased=True, reason="enrolment ended: death")
    with pytest.raises(DomainError) as ended:
        await verification.data_proof(observed_on=date(2026, 1, 20), request_id="req-2")
    assert ended.value.reason == "CERTIFICATION_ENDED"
    assert verification.payloads() == []


async def test_death_ends_the_cycle_once_and_the_job_leaves_it_alone() -> None:
    verification = Verification(date(2026, 1, 2))
    await verification.awarded("R1")
    assert await verification.cycle.end("death-1", "R1", deceased=True, reason="death")
    assert await verification.cycle.end("death-1", "R1", deceased=True, reason="death")  # redelivered
    assert not await verification.cycle.end("death-2", "R9", deceased=True, reason="death")  # not a pensioner
    counts = await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    assert (counts.due_soon, counts.overdue) == (0, 0)
    standing = await verification.queries.status("R1", caller=replace(HOTLINE, resident_id="R1"))
    assert standing.status == DECEASED


async def test_the_status_shows_a_pensioner_past_the_due_date_overdue_before_the_job_runs() -> None:
    verification = Verification(date(2026, 1, 5))
    await verification.awarded("R1")
    standing = await verification.queries.status("R1", caller=AGENT)
    assert standing.status == OVERDUE and standing.certification.state.status == CURRENT
    with pytest.raises(DomainError) as refused:
        await verification.queries.status("R1", caller=OTHER_AGENT)
    # Another village's pensioner is answered as one verification does not follow.
    assert refused.value.reason == "CERTIFICATION_NOT_FOUND"


async def test_the_task_list_is_the_village_agents_oldest_due_first_and_pages_on() -> None:
    verification = Verification(date(2025, 12, 20))
    await verification.awarded("R3", first_month=Month(2025, 1))
    await verification.awarded("R1", first_month=Month(2024, 12))  # overdue since 2025-12-02
    await verification.awarded("R2", first_month=Month(2025, 1))
    await verification.awarded("R4", first_month=Month(2025, 3))  # due 2026-03-01: not within 30 days
    await verification.awarded("R5", first_month=Month(2024, 11), village=OTHER_VILLAGE)
    first = await verification.queries.due(
        pooling_region_code="", village_code=VILLAGE, due_by=None, page_token="", limit=2, caller=AGENT
    )
    assert [(s.certification.state.resident_id, s.status) for s in first.standings] == [
        ("R1", OVERDUE),
        ("R2", DUE_SOON),
    ]
    second = await verification.queries.due(
        pooling_region_code=REGION, village_code=VILLAGE, due_by=None, page_token=first.next_page_token, limit=2,
        caller=AGENT,
    )  # fmt: skip
    assert [s.certification.state.resident_id for s in second.standings] == ["R3"] and second.next_page_token == ""
    region = await verification.queries.due(
        pooling_region_code=REGION, village_code="", due_by=date(2026, 12, 31), page_token="", limit=10, caller=OFFICER
    )
    assert [s.certification.state.resident_id for s in region.standings] == ["R5", "R1", "R2", "R3", "R4"]


@pytest.mark.parametrize(
    ("caller", "arguments", "reason", "field"),
    [
        (OTHER_AGENT, {"village_code": VILLAGE}, "VILLAGE_NOT_ASSIGNED", "village_code"),
        (AGENT, {"pooling_region_code": REGION}, "VILLAGE_NOT_ASSIGNED", "village_code"),
        (HOTLINE, {"village_code": VILLAGE}, "ROLE_NOT_ALLOWED", ""),
        (OFFICER, {"village_code": "411723101"}, "DIVISION_CODE_FORMAT", "village_code"),
        (
            OFFICER,
            {"village_code": VILLAGE, "pooling_region_code": "411724"},
            "VILLAGE_OUTSIDE_POOLING_REGION",
            "village_code",
        ),
        (OFFICER, {}, "POOLING_REGION_CODE_REQUIRED", "pooling_region_code"),
        (OFFICER, {"village_code": VILLAGE, "page_token": "garbage"}, "PAGE_TOKEN_INVALID", "page_token"),
    ],
)
async def test_the_task_list_is_refused_to_another_villages_agent_and_to_a_bad_request(
    caller: Caller, arguments: dict[str, Any], reason: str, field: str
) -> None:
    verification = Verification(date(2025, 12, 20))
    await verification.awarded("R1")
    request: dict[str, Any] = {"pooling_region_code": "", "village_code": "", "page_token": "", **arguments}
    with pytest.raises(Exception) as refused:
        await verification.queries.due(due_by=None, limit=10, caller=caller, **request)
    error = refused.value
    assert (getattr(error, "reason", None), getattr(error, "field", None)) == (reason, field)


async def test_a_move_of_village_moves_the_pensioner_to_the_new_agents_list() -> None:
    verification = Verification(date(2025, 12, 20))
    await verification.awarded("R1")
    assert await verification.cycle.moved("move-1", "R1", OTHER_VILLAGE)
    page = await verification.queries.due(
        pooling_region_code="", village_code=OTHER_VILLAGE, due_by=None, page_token="", limit=10, caller=OTHER_AGENT
    )
    assert [s.certification.state.resident_id for s in page.standings] == ["R1"]


async def test_policy_values_come_from_the_version_in_force() -> None:
    verification = Verification(date(2025, 12, 20))
    shorter = replace(
        demo_policy(REGION, datetime(2025, 1, 1, tzinfo=UTC)),
        policy_version_id="PV-2",
        effective_from=date(2025, 1, 1),
        certification_period_months=6,
        certification_notice_days=10,
    )
    verification.repository.versions.append(shorter)
    await verification.awarded("R1", first_month=Month(2025, 3))
    stored = await verification.repository.certification("R1")
    assert stored is not None and stored.state.valid_until == date(2025, 9, 1)


async def test_an_enrolment_ended_before_the_award_event_is_read_ends_the_cycle_it_starts() -> None:
    verification = Verification(date(2026, 1, 2))
    # Enrolment's topic is read before payout's: the death comes first.
    assert not await verification.cycle.end("death-1", "R1", deceased=True, reason="enrolment ended: death")
    await verification.awarded("R1")
    stored = await verification.repository.certification("R1")
    assert stored is not None and stored.state.status == DECEASED
    counts = await verification.deadlines.run(REGION, as_of=None, request_id="d-1", caller=SYSTEM_CALLER)
    assert (counts.due_soon, counts.overdue) == (0, 0) and verification.payloads() == []
