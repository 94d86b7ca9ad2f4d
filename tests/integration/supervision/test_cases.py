"""Cases on the real database: opening claims the alerts once, request ids repeat, escalation, listing pages."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.errors import DomainError
from pension_kit.events import parse_envelope, unpack_payload
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document, ensure_indexes
from pension_supervision.adapters import case_repository
from pension_supervision.adapters.alert_repository import ALERTS, AlertRepository
from pension_supervision.adapters.case_repository import CASES, CaseRepository
from pension_supervision.domain.cases import Case, CaseStatus, Recovery
from pension_supervision.service_layer.cases import CaseService
from pension_testkit import random_region

OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
AUDITOR = Caller("auditor-1", Role.AUDITOR)
TOWNSHIP = Caller("township-1", Role.TOWNSHIP_OFFICER)
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({"410122001001"}))
THRESHOLD = 10_000_000


@dataclass
class Supervision:
    database: AsyncDatabase[Document]
    cases: CaseService
    nudged: list[str] = field(default_factory=list)
    region: str = field(default_factory=lambda: random_region(4))

    async def alert(self, *, amount_fen: int = 100_000, region: str = "", residents: tuple[str, ...] = ()) -> str:
        """An alert document as the alert store writes it (test data for the cases)."""
        alert_id = f"AL-{uuid.uuid4().hex[:24]}"
        await self.database[ALERTS].insert_one(
            {
                "_id": alert_id,
                "rule": "PAYMENT_AFTER_DEATH",
                "status": "OPEN",
                "case_id": "",
                "pooling_region_code": region or self.region,
                "amount_fen": amount_fen,
                "resident_ids": list(residents or (f"R{uuid.uuid4().hex[:12].upper()}",)),
                "agent_ids": [],
                "raised_at": datetime.now(UTC),
                "version": 1,
            }
        )
        return alert_id

    async def open(self, alert_ids: list[str], *, request_id: str = "", **kw: Any) -> Case:
        return await self.cases.open(
            caller=kw.get("caller", OFFICER),
            request_id=request_id or uuid.uuid4().hex,
            alert_ids=alert_ids,
            title=kw.get("title", "疑似死亡后冒领"),
            assigned_to=kw.get("assigned_to", "officer-2"),
            amount_fen=kw.get("amount_fen", 0),
            reason="opened from the alerts",
            overpayment_case_ids=kw.get("overpayment_case_ids", []),
        )

    async def update(self, case_id: str, *, request_id: str = "", **kw: Any) -> Case:
        arguments: dict[str, Any] = {
            "caller": OFFICER,
            "request_id": request_id or uuid.uuid4().hex,
            "case_id": case_id,
            "status": None,
            "assigned_to": "",
            "recovered_fen": 0,
            "amount_fen": 0,
            "note": "",
            "reason": "",
            "attachment_refs": [],
            "overpayment_case_ids": [],
        }
        arguments.update(kw)
        return await self.cases.update(**arguments)

    async def stored_alert(self, alert_id: str) -> Document:
        found = await self.database[ALERTS].find_one({"_id": alert_id})
        assert found is not None
        return found

    async def events(self, case_id: str) -> list[Any]:
        """The case's events in its outbox, opened."""
        found = await self.database[CASES].find_one({"_id": case_id})
        assert found is not None
        return [unpack_payload(parse_envelope(entry["envelope"])) for entry in found["outbox"]]


@pytest.fixture
async def supervision(ferretdb: Any) -> AsyncIterator[Supervision]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(ferretdb.mongo_uri, tz_aware=True)
    database = client[f"cases_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, case_repository.INDEXES)
    nudged: list[str] = []
    service = CaseService(
        CaseRepository(database),
        AlertRepository(database),
        topic="pension.supervision.region.v1",
        notify_relay=lambda collection, ids: nudged.extend(str(i) for i in ids),
    )
    yield Supervision(database, service, nudged)
    await client.close()


async def refusal(call: Any) -> tuple[str, str]:
    with pytest.raises(DomainError) as raised:
        await call
    return raised.value.reason, raised.value.field


def names(events: list[Any]) -> list[str]:
    return [type(event).__name__ for event in events]


async def test_opening_marks_the_alerts_in_case_and_a_second_case_cannot_take_them(supervision: Supervision) -> None:
    first, second = await supervision.alert(amount_fen=30_000), await supervision.alert(amount_fen=12_345)
    case = await supervision.open([first, second])
    assert case.amount_fen == 42_345 and case.status is CaseStatus.OPEN
    for alert_id in (first, second):
        stored = await supervision.stored_alert(alert_id)
        assert (stored["status"], stored["case_id"], stored["version"]) == ("IN_CASE", case.case_id, 2)
    assert names(await supervision.events(case.case_id)) == ["CaseOpened"]
    assert supervision.nudged == [case.case_id]

    other = await supervision.alert()
    assert await refusal(supervision.open([other, second])) == ("ALERT_ALREADY_IN_CASE", "alert_ids")
    # The refused opening took nothing: the other alert is still open, and no case was written for it.
    assert (await supervision.stored_alert(other))["status"] == "OPEN"
    assert await supervision.database[CASES].count_documents({}) == 1


async def test_a_retry_with_the_same_request_id_answers_the_same_case_once(supervision: Supervision) -> None:
    alert_id = await supervision.alert()
    request_id = uuid.uuid4().hex
    case = await supervision.open([alert_id], request_id=request_id)
    again = await supervision.open([alert_id], request_id=request_id)
    assert again == case
    assert names(await supervision.events(case.case_id)) == ["CaseOpened"]
    assert (await supervision.stored_alert(alert_id))["version"] == 2
    assert await refusal(supervision.open([await supervision.alert()], request_id=request_id)) == (
        "REQUEST_ID_REUSED",
        "request_id",
    )


async def test_a_retry_after_the_alerts_were_claimed_but_the_case_not_written_opens_it(
    supervision: Supervision,
) -> None:
    alert_id = await supervision.alert()
    request_id = uuid.uuid4().hex
    case = await supervision.open([alert_id], request_id=request_id)
    # As if the process had died after claiming the alert and before inserting the case.
    await supervision.database[CASES].delete_one({"_id": case.case_id})
    reopened = await supervision.open([alert_id], request_id=request_id)
    assert reopened.case_id == case.case_id and reopened.alert_ids == (alert_id,)


async def test_alerts_of_two_regions_or_unknown_alerts_open_nothing(supervision: Supervision) -> None:
    here = await supervision.alert()
    elsewhere = await supervision.alert(region=random_region(5))
    assert await refusal(supervision.open([here, elsewhere])) == ("ALERTS_IN_DIFFERENT_REGIONS", "alert_ids")
    assert await refusal(supervision.open([here, "AL-nothing"])) == ("ALERT_NOT_FOUND", "alert_ids")
    assert (await supervision.stored_alert(here))["status"] == "OPEN"
    assert await supervision.database[CASES].count_documents({}) == 0


async def test_a_case_reaching_the_threshold_is_escalated_once_and_one_under_it_never(
    supervision: Supervision,
) -> None:
    big = await supervision.open([await supervision.alert(amount_fen=THRESHOLD)])
    assert big.escalated and big.escalated_at is not None and big.escalated_to
    assert names(await supervision.events(big.case_id)) == ["CaseOpened", "CaseEscalated"]
    raised = await supervision.update(big.case_id, amount_fen=THRESHOLD * 3)
    assert raised.escalated_at == big.escalated_at
    assert names(await supervision.events(big.case_id)) == ["CaseOpened", "CaseEscalated", "CaseStatusChanged"]

    small = await supervision.open([await supervision.alert(amount_fen=THRESHOLD - 1)])
    assert not small.escalated
    noted = await supervision.update(small.case_id, note="asked the village for the death record")
    assert not noted.escalated
    raised_small = await supervision.update(small.case_id, amount_fen=THRESHOLD + 100)
    assert raised_small.escalated
    escalations = [e for e in await supervision.events(small.case_id) if type(e).__name__ == "CaseEscalated"]
    assert [(e.amount_fen, e.threshold_fen) for e in escalations] == [(THRESHOLD + 100, THRESHOLD)]


async def test_updates_move_the_case_keep_the_history_and_repeat_by_request_id(supervision: Supervision) -> None:
    case = await supervision.open([await supervision.alert()])
    request_id = uuid.uuid4().hex
    investigating = await supervision.update(
        case.case_id, request_id=request_id, status=CaseStatus.INVESTIGATING, assigned_to="officer-3"
    )
    again = await supervision.update(
        case.case_id, request_id=request_id, status=CaseStatus.INVESTIGATING, assigned_to="officer-3"
    )
    assert again == investigating and investigating.assigned_to == "officer-3"
    refused = supervision.update(case.case_id, status=CaseStatus.CLOSED)
    assert await refusal(refused) == ("CASE_STATUS_MOVE_NOT_ALLOWED", "status")
    found = await supervision.update(
        case.case_id,
        status=CaseStatus.SUBSTANTIATED,
        note="paid for two months after the death",
        recovered_fen=5_000,
        attachment_refs=["dms:2026/0712/scan-1.pdf"],
    )
    assert (found.status, found.recovered_fen, found.attachment_refs) == (
        CaseStatus.SUBSTANTIATED,
        5_000,
        ("dms:2026/0712/scan-1.pdf",),
    )
    read = await supervision.cases.get(caller=TOWNSHIP, case_id=case.case_id)
    assert [(n.actor, n.status) for n in read.notes] == [
        ("officer-1", CaseStatus.OPEN),
        ("officer-1", CaseStatus.INVESTIGATING),
        ("officer-1", CaseStatus.SUBSTANTIATED),
    ]
    assert names(await supervision.events(case.case_id)) == ["CaseOpened", "CaseStatusChanged", "CaseStatusChanged"]


async def test_bad_input_and_callers_who_may_not_are_refused_and_change_nothing(supervision: Supervision) -> None:
    alert_id = await supervision.alert()
    assert await refusal(supervision.open([alert_id], title="x" * 201)) == ("FIELD_TOO_LONG", "title")
    assert await refusal(supervision.open([alert_id], title="")) == ("TITLE_REQUIRED", "title")
    assert await refusal(supervision.open([alert_id], amount_fen=-1)) == ("AMOUNT_NEGATIVE", "amount_fen")
    assert await refusal(supervision.open([alert_id], caller=TOWNSHIP)) == ("ROLE_NOT_ALLOWED", "")
    assert await refusal(supervision.open([])) == ("ALERT_IDS_REQUIRED", "alert_ids")
    assert (await supervision.stored_alert(alert_id))["status"] == "OPEN"
    case = await supervision.open([alert_id])
    long_ref = supervision.update(case.case_id, attachment_refs=["r" * 101])
    assert await refusal(long_ref) == ("FIELD_TOO_LONG", "attachment_refs")
    with_number = supervision.update(case.case_id, note="resident 410122195001011234 said so")
    assert (await refusal(with_number))[0] == "FREE_TEXT_PERSONAL_NUMBER"
    assert await refusal(supervision.update(case.case_id, recovered_fen=-1)) == ("AMOUNT_NEGATIVE", "recovered_fen")
    assert await refusal(supervision.update("CS-NOTHING", note="x")) == ("CASE_NOT_FOUND", "case_id")
    assert await refusal(supervision.cases.get(caller=AGENT, case_id=case.case_id)) == ("ROLE_NOT_ALLOWED", "")
    assert (await supervision.cases.get(caller=AUDITOR, case_id=case.case_id)) == case


async def test_cases_are_listed_newest_first_by_pages_and_filters(supervision: Supervision) -> None:
    opened = [await supervision.open([await supervision.alert(amount_fen=1_000 * (n + 1))]) for n in range(5)]
    big = await supervision.open([await supervision.alert(amount_fen=THRESHOLD)])
    elsewhere = random_region(5)
    other = await supervision.open([await supervision.alert(region=elsewhere)])
    await supervision.update(opened[1].case_id, status=CaseStatus.INVESTIGATING)

    seen: list[str] = []
    token = ""
    while True:
        page = await supervision.cases.list(
            caller=AUDITOR,
            pooling_region_code=supervision.region,
            status=None,
            escalated_only=False,
            page_size=2,
            page_token=token,
        )
        seen += [case.case_id for case in page.cases]
        token = page.next_page_token
        if not token:
            break
    expected = sorted([*opened, big], key=lambda c: (c.opened_at, c.case_id), reverse=True)
    assert seen == [case.case_id for case in expected]

    async def only(**filters: Any) -> list[str]:
        arguments: dict[str, Any] = {"pooling_region_code": supervision.region, "status": None, "escalated_only": False}
        arguments.update(filters)
        page = await supervision.cases.list(caller=OFFICER, page_size=0, page_token="", **arguments)
        return [case.case_id for case in page.cases]

    assert await only(status=CaseStatus.INVESTIGATING) == [opened[1].case_id]
    assert await only(escalated_only=True) == [big.case_id]
    assert await only(pooling_region_code=elsewhere) == [other.case_id]
    bad_token = supervision.cases.list(
        caller=AUDITOR, pooling_region_code="", status=None, escalated_only=False, page_size=2, page_token="nonsense"
    )
    assert await refusal(bad_token) == ("PAGE_TOKEN_INVALID", "page_token")
    bad_region = supervision.cases.list(
        caller=AUDITOR, pooling_region_code="41012", status=None, escalated_only=False, page_size=2, page_token=""
    )
    assert (await refusal(bad_region))[1] == "pooling_region_code"


async def test_a_recovery_handled_twice_counts_once_and_one_seen_before_the_link_counts_when_linked(
    supervision: Supervision,
) -> None:
    """The handler itself is idempotent (a crash after its write and before the consumer's record redelivers it)."""
    case = await supervision.open([await supervision.alert()], overpayment_case_ids=["OP-1"])
    first = Recovery("OP-1", "RC-1", 3_000)
    early = Recovery("OP-2", "RC-2", 400)
    for recovery in (first, first, early):
        await supervision.cases.recovery_recorded(
            recovery, pooling_region_code=supervision.region, resident_id="R1", recorded_at=datetime.now(UTC)
        )
    assert (await supervision.cases.get(caller=AUDITOR, case_id=case.case_id)).recovered_fen == 3_000
    linked = await supervision.update(case.case_id, overpayment_case_ids=["OP-2"], recovered_fen=50)
    assert linked.recovered_fen == 3_450
    changes = [e for e in await supervision.events(case.case_id) if type(e).__name__ == "CaseStatusChanged"]
    assert [(e.recovered_fen, e.total_recovered_fen) for e in changes] == [(3_000, 3_000), (50, 3_050), (400, 3_450)]
    # Opened with a link to an overpayment case whose recovery came first: counted at once.
    another = await supervision.open([await supervision.alert()], overpayment_case_ids=["OP-2"])
    assert another.recovered_fen == 400


async def test_two_openings_racing_for_the_same_alerts_make_one_case(supervision: Supervision) -> None:
    shared = [await supervision.alert(), await supervision.alert()]
    outcomes = await asyncio.gather(
        supervision.open(shared), supervision.open(list(reversed(shared))), return_exceptions=True
    )
    opened = [o for o in outcomes if isinstance(o, Case)]
    refused = [o.reason for o in outcomes if isinstance(o, DomainError)]
    # Both may lose (each took one alert before finding the other's claim); never may both win.
    assert len(opened) + len(refused) == 2 and len(opened) <= 1
    assert set(refused) <= {"ALERT_ALREADY_IN_CASE"}
    stored = [await supervision.stored_alert(alert_id) for alert_id in shared]
    if opened:
        assert {(a["status"], a["case_id"]) for a in stored} == {("IN_CASE", opened[0].case_id)}
    else:
        assert {(a["status"], a["case_id"]) for a in stored} == {("OPEN", "")}
    assert await supervision.database[CASES].count_documents({}) == len(opened)
