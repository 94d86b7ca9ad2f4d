"""Tickets on the real database: numbers never shared, a notice dispute filed as a ticket, one extension, the
deadline check escalating an overdue ticket once however often and however many run it, the complainant kept
sealed and answered masked, lists oldest due date first."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension.common.v1 import envelope_pb2
from pension.supervision.v1 import events_pb2
from pension_kit.errors import DomainError
from pension_kit.identifiers import Month, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_kit.pii import PersonalDataVault, Sealed
from pension_supervision.adapters.complaint_repository import COMPLAINTS, INDEXES, ComplaintFilter, ComplaintRepository
from pension_supervision.domain.complaints import ComplaintChannel, ComplaintKind, ComplaintStatus
from pension_supervision.entrypoints.daily_complaint_deadlines import daily_complaint_deadlines
from pension_supervision.service_layer.complaints import (
    COMPLAINANT_MOBILE_PURPOSE,
    COMPLAINANT_NAME_PURPOSE,
    ComplaintService,
    Filing,
)
from pension_testkit import random_region

TOPIC = "pension.supervision.region.v1"
TODAY = date(2026, 3, 1)
HOTLINE = Caller("hotline-1", Role.HOTLINE)
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AUDITOR = Caller("auditor-1", Role.AUDITOR)


@dataclass
class Desk:
    """The complaint desk of one county, on a database of its own."""

    database: AsyncDatabase[Document]
    service: ComplaintService
    vault: PersonalDataVault
    region: str
    nudged: list[str] = field(default_factory=list)

    @property
    def village(self) -> str:
        return f"{self.region}101201"

    def filing(self, **changes: Any) -> Filing:
        base = Filing(
            kind=ComplaintKind.COMPLAINT,
            channel=ComplaintChannel.HOTLINE,
            pooling_region_code=self.region,
            village_code=self.village,
            resident_id="",
            subject="养老金本月未到账",
            description="来电反映本月养老金未到账",
            complainant_name="张三丰",
            complainant_mobile="13812345678",
            received_on=date(2026, 1, 2),
            notice_month=None,
        )
        return replace(base, **changes)

    async def file(self, caller: Caller = HOTLINE, **changes: Any) -> str:
        complaint = await self.service.file(caller=caller, request_id=uuid.uuid4().hex, filing=self.filing(**changes))
        return complaint.ticket_number

    async def events(self, ticket: str) -> list[Any]:
        """The events in the ticket's outbox, opened."""
        document = await self.database[COMPLAINTS].find_one({"_id": ticket})
        assert document is not None
        opened = []
        for entry in document["outbox"]:
            envelope = envelope_pb2.EventEnvelope.FromString(entry["envelope"])
            assert envelope.subject_key == document["pooling_region_code"]
            message_class = getattr(events_pb2, envelope.event_type.rsplit(".", 1)[1])
            payload = message_class()
            envelope.payload.Unpack(payload)
            opened.append(payload)
        return opened


@pytest.fixture
async def desk(ferretdb: Any) -> AsyncIterator[Desk]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    database = client[f"complaints_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, INDEXES)
    vault = PersonalDataVault((("k1", os.urandom(32)),), os.urandom(32))
    nudged: list[str] = []
    service = ComplaintService(
        ComplaintRepository(database),
        vault,
        topic=TOPIC,
        notify_relay=lambda collection, ids: nudged.extend(ids),
        today=lambda: TODAY,
    )
    yield Desk(database, service, vault, random_region(4), nudged)
    await client.drop_database(database.name)
    await client.close()


def reason(error: pytest.ExceptionInfo[DomainError]) -> str:
    return error.value.reason


async def test_an_overdue_ticket_is_escalated_once_across_runs_and_replicas(desk: Desk) -> None:
    late = await desk.file(received_on=date(2026, 1, 2))  # due 2026-02-01
    in_time = await desk.file(received_on=date(2026, 1, 20))  # due 2026-02-19
    other = await desk.file(received_on=date(2026, 1, 3))  # due 2026-02-02

    first = await desk.service.check_deadlines(
        caller=OFFICER, request_id="run-1", pooling_region_code=desk.region, as_of=date(2026, 2, 2)
    )
    assert (first.newly_overdue, first.overdue) == (1, 1)
    second = await desk.service.check_deadlines(
        caller=OFFICER, request_id="run-2", pooling_region_code=desk.region, as_of=date(2026, 2, 2)
    )
    assert (second.newly_overdue, second.overdue) == (0, 1)
    # Two replicas' daily runs at the same moment, a day later: the next ticket is escalated by one of them.
    both = await asyncio.gather(
        *(
            desk.service.check_deadlines(
                caller=Caller("system", Role.SYSTEM),
                request_id=f"replica-{n}",
                pooling_region_code="",
                as_of=date(2026, 2, 3),
            )
            for n in range(2)
        )
    )
    assert sorted(check.newly_overdue for check in both) == [0, 1]
    assert {check.overdue for check in both} == {2}
    # The same request again is answered as it was.
    again = await desk.service.check_deadlines(
        caller=OFFICER, request_id="run-1", pooling_region_code=desk.region, as_of=date(2026, 2, 2)
    )
    assert (again.newly_overdue, again.overdue) == (1, 1)

    for ticket in (late, other):
        overdue = [e for e in await desk.events(ticket) if isinstance(e, events_pb2.ComplaintOverdue)]
        assert len(overdue) == 1
        assert overdue[0].ticket_number == ticket
        assert desk.region in overdue[0].escalated_to
        shown = await desk.service.get(caller=AUDITOR, ticket_number=ticket)
        assert (shown.overdue, shown.escalated) == (True, True)
    assert [e for e in await desk.events(in_time) if isinstance(e, events_pb2.ComplaintOverdue)] == []
    assert not (await desk.service.get(caller=AUDITOR, ticket_number=in_time)).overdue
    listed, _ = await desk.service.list(
        caller=OFFICER,
        where=ComplaintFilter(pooling_region_code=desk.region, overdue_only=True),
        page_size=10,
        page_token="",
    )
    assert [c.ticket_number for c in listed] == [late, other]


async def test_a_ticket_is_extended_once_to_60_days_after_receipt(desk: Desk) -> None:
    ticket = await desk.file(received_on=date(2026, 2, 1))  # due 2026-03-03
    extended = await desk.service.extend(
        caller=OFFICER, request_id="ext-1", ticket_number=ticket, reason="需调取银行流水核实"
    )
    assert (extended.due_on, extended.extended) == (date(2026, 4, 2), True)
    repeated = await desk.service.extend(
        caller=OFFICER, request_id="ext-1", ticket_number=ticket, reason="需调取银行流水核实"
    )
    assert repeated.due_on == date(2026, 4, 2)
    with pytest.raises(DomainError) as second:
        await desk.service.extend(caller=OFFICER, request_id="ext-2", ticket_number=ticket, reason="还需时间")
    assert reason(second) == "EXTENSION_ALREADY_USED"
    with pytest.raises(DomainError) as hotline:
        await desk.service.extend(caller=HOTLINE, request_id="ext-3", ticket_number=ticket, reason="还需时间")
    assert reason(hotline) == "ROLE_NOT_ALLOWED"
    extensions = [e for e in await desk.events(ticket) if isinstance(e, events_pb2.ComplaintExtended)]
    assert len(extensions) == 1
    assert (extensions[0].old_due_on.day, extensions[0].due_on.month, extensions[0].due_on.day) == (3, 4, 2)


async def test_a_notice_dispute_becomes_a_ticket_of_its_village(desk: Desk) -> None:
    agent = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({desk.village}))
    dispute = await desk.service.file(
        caller=agent,
        request_id="dispute-1",
        filing=desk.filing(
            kind=ComplaintKind.NOTICE_DISPUTE,
            channel=ComplaintChannel.AGENT,
            pooling_region_code="",
            notice_month=Month(2026, 1),
            subject="公示名单中李*华已于去年去世",
            received_on=None,
        ),
    )
    assert (dispute.kind, dispute.pooling_region_code, dispute.village_code) == (
        ComplaintKind.NOTICE_DISPUTE,
        desk.region,
        desk.village,
    )
    assert (dispute.notice_month, dispute.received_on, dispute.due_on) == (Month(2026, 1), TODAY, date(2026, 3, 31))
    assert (
        await desk.service.get(caller=agent, ticket_number=dispute.ticket_number)
    ).kind is ComplaintKind.NOTICE_DISPUTE
    [filed] = await desk.events(dispute.ticket_number)
    assert isinstance(filed, events_pb2.ComplaintFiled)
    assert (filed.ticket_number, filed.village_code) == (dispute.ticket_number, desk.village)

    with pytest.raises(DomainError) as no_month:
        await desk.service.file(
            caller=agent,
            request_id="dispute-2",
            filing=desk.filing(kind=ComplaintKind.NOTICE_DISPUTE, notice_month=None),
        )
    assert reason(no_month) == "NOTICE_DISPUTE_MONTH_REQUIRED"
    stranger = Caller("agent-2", Role.VILLAGE_AGENT, frozenset({f"{desk.region}101202"}))
    with pytest.raises(DomainError) as other_village:
        await desk.service.file(
            caller=stranger,
            request_id="dispute-3",
            filing=desk.filing(kind=ComplaintKind.NOTICE_DISPUTE, notice_month=Month(2026, 1)),
        )
    assert reason(other_village) == "VILLAGE_NOT_ASSIGNED"
    with pytest.raises(DomainError) as read_elsewhere:
        await desk.service.get(caller=stranger, ticket_number=dispute.ticket_number)
    # Another village's ticket is answered as an unknown number.
    assert reason(read_elsewhere) == "COMPLAINT_NOT_FOUND"
    assert await desk.database[COMPLAINTS].count_documents({}) == 1  # the refusals stored nothing


async def test_the_complainant_is_kept_sealed_and_answered_masked(desk: Desk) -> None:
    citizen_id = make_citizen_id(desk.region, date(1950, 3, 4), 17)
    ticket = await desk.file(description=f"举报人称邻居身份证号{citizen_id}，手机13987654321，去世后仍领取养老金")
    complaint = await desk.service.get(caller=HOTLINE, ticket_number=ticket)
    assert (complaint.complainant_name_masked, complaint.complainant_mobile_masked) == ("张*丰", "138****5678")
    assert citizen_id not in complaint.description and "13987654321" not in complaint.description
    assert citizen_id[:4] in complaint.description  # masked, not dropped: 4101**********...
    stored = await desk.database[COMPLAINTS].find_one({"_id": ticket})
    assert stored is not None
    raw = repr(stored)
    for clear in ("张三丰", "13812345678", "13987654321", citizen_id):
        assert clear not in raw
    sealed = stored["complainant"]
    assert desk.vault.open(Sealed.from_document(sealed["sealed_name"]), purpose=COMPLAINANT_NAME_PURPOSE) == "张三丰"
    assert (
        desk.vault.open(Sealed.from_document(sealed["sealed_mobile"]), purpose=COMPLAINANT_MOBILE_PURPOSE)
        == "13812345678"
    )
    listed, _ = await desk.service.list(
        caller=OFFICER, where=ComplaintFilter(pooling_region_code=desk.region), page_size=10, page_token=""
    )
    assert [(c.complainant_name_masked, c.complainant_mobile_masked) for c in listed] == [("张*丰", "138****5678")]
    anonymous = await desk.file(complainant_name="", complainant_mobile="", kind=ComplaintKind.REPORT)
    shown = await desk.service.get(caller=OFFICER, ticket_number=anonymous)
    assert (shown.complainant_name_masked, shown.complainant_mobile_masked) == ("", "")


async def test_ticket_numbers_are_never_shared_and_a_repeated_filing_files_nothing(desk: Desk) -> None:
    numbers = await asyncio.gather(*(desk.file(received_on=date(2026, 2, 14)) for _ in range(12)))
    assert len(set(numbers)) == 12
    assert sorted(int(n.split("-")[3]) for n in numbers) == list(range(1, 13))
    assert all(n.startswith(f"TS-{desk.region}-260214-") for n in numbers)

    filing = desk.filing(received_on=date(2026, 2, 15))
    twins = await asyncio.gather(
        *(desk.service.file(caller=HOTLINE, request_id="same-call", filing=filing) for _ in range(3))
    )
    assert len({t.ticket_number for t in twins}) == 1
    assert await desk.database[COMPLAINTS].count_documents({"filing_request": "same-call"}) == 1
    assert len(await desk.events(twins[0].ticket_number)) == 1


async def test_a_ticket_is_worked_to_its_close_and_a_late_close_says_so(desk: Desk) -> None:
    ticket = await desk.file(received_on=date(2026, 1, 2))  # due 2026-02-01, closed on TODAY (2026-03-01)
    working = await desk.service.update(
        caller=OFFICER,
        request_id="u1",
        ticket_number=ticket,
        status=ComplaintStatus.IN_PROGRESS,
        assigned_to="officer-7",
        resolution="",
        reason="转经办科室",
    )
    assert (working.status, working.assigned_to) == (ComplaintStatus.IN_PROGRESS, "officer-7")
    with pytest.raises(DomainError) as no_resolution:
        await desk.service.update(
            caller=OFFICER,
            request_id="u2",
            ticket_number=ticket,
            status=ComplaintStatus.CLOSED,
            assigned_to="",
            resolution="",
            reason="",
        )
    assert reason(no_resolution) == "RESOLUTION_REQUIRED"
    closed = await desk.service.update(
        caller=OFFICER,
        request_id="u3",
        ticket_number=ticket,
        status=ComplaintStatus.CLOSED,
        assigned_to="",
        resolution="经核实已补发1月养老金",
        reason="办结",
    )
    assert (closed.status, closed.closed_on) == (ComplaintStatus.CLOSED, TODAY)
    events = await desk.events(ticket)
    assert [type(e).__name__ for e in events] == ["ComplaintFiled", "ComplaintStatusChanged", "ComplaintClosed"]
    assert (events[2].closed_late, events[2].resolution) == (True, "经核实已补发1月养老金")
    # A closed ticket is not overdue, whatever the day.
    check = await desk.service.check_deadlines(
        caller=OFFICER, request_id="after-close", pooling_region_code=desk.region, as_of=date(2026, 6, 1)
    )
    assert (check.newly_overdue, check.overdue) == (0, 0)


async def test_lists_are_oldest_due_date_first_page_by_page_and_filtered(desk: Desk) -> None:
    received = [date(2026, 2, 10), date(2026, 1, 5), date(2026, 2, 1), date(2026, 1, 20), date(2026, 1, 5)]
    tickets = [await desk.file(received_on=day) for day in received]
    await desk.file(received_on=date(2026, 1, 1), kind=ComplaintKind.ENQUIRY)
    seen: list[str] = []
    token = ""
    while True:
        page, token = await desk.service.list(
            caller=OFFICER,
            where=ComplaintFilter(pooling_region_code=desk.region, kind=ComplaintKind.COMPLAINT),
            page_size=2,
            page_token=token,
        )
        seen += [c.ticket_number for c in page]
        if not token:
            break
    expected = sorted(tickets, key=lambda t: (received[tickets.index(t)], t))
    assert seen == expected
    with pytest.raises(DomainError) as agent:
        await desk.service.list(
            caller=Caller("agent-1", Role.VILLAGE_AGENT, frozenset({desk.village})),
            where=ComplaintFilter(),
            page_size=10,
            page_token="",
        )
    assert reason(agent) == "ROLE_NOT_ALLOWED"
    with pytest.raises(DomainError) as bad_token:
        await desk.service.list(caller=OFFICER, where=ComplaintFilter(), page_size=10, page_token="x|y")
    assert reason(bad_token) == "PAGE_TOKEN_INVALID"


class Stop(Exception):
    pass


async def test_the_daily_job_escalates_every_regions_overdue_tickets_once_however_often_it_runs(desk: Desk) -> None:
    other_region = random_region(5)
    tickets = [
        await desk.file(received_on=date(2026, 1, 2)),
        await desk.file(
            received_on=date(2026, 1, 2), pooling_region_code=other_region, village_code=f"{other_region}101201"
        ),
    ]
    waits: list[float] = []

    async def wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise Stop

    now = datetime(2026, 2, 28, 20, 0, tzinfo=UTC)  # 04:00 on 1 March in Beijing (the desk's today)
    job = daily_complaint_deadlines(desk.service, at=time(2, 0), now=lambda: now, wait=wait)
    with pytest.raises(Stop):
        await job()  # the start's run, a wait, the same day's run again (a restart), a wait
    assert waits == [22 * 3600, 22 * 3600]
    for ticket in tickets:
        overdue = [e for e in await desk.events(ticket) if isinstance(e, events_pb2.ComplaintOverdue)]
        assert len(overdue) == 1, ticket
        assert (await desk.service.get(caller=AUDITOR, ticket_number=ticket)).escalated
