"""Offline sync through the gateway and the real enrolment and verification services, broker and database: order
by the time recorded, duplicates, a resent batch that changes nothing, operations overtaken while the phone was
offline, a partial upload resumed, a crash between the service and the gateway's ledger, and a week's 500."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from agent_testkit import (
    GRADE_FEN,
    OTHER_VILLAGE,
    SECOND_VILLAGE,
    AgentStack,
    agent_stack,
    ago,
    enrolment,
    op,
    this_year,
)

from pension.enrolment.v1 import enrolment_service_pb2
from pension_gateway.agent import operations as agent_operations
from pension_gateway.agent.sync import MAX_OPERATIONS, fingerprint_key, ledger_key
from pension_gateway.api.problems import has_chinese
from pension_kit.clock import CHINA
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_testkit import DEMO_VILLAGE, signed


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[AgentStack]:
    async for started in agent_stack(kafka_broker.bootstrap_servers, ferretdb.mongo_uri):
        yield started


def contribution(recorded_at: str, **target: Any) -> dict[str, Any]:
    receipt = f"HN{this_year()}-{uuid.uuid4().hex[:10]}"  # a new paper receipt: one payer's, never reused
    return op("contribution", recorded_at, year=this_year(), grade_fen=GRADE_FEN, receipt_number=receipt, **target)


def by_id(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["operation_id"]: a for a in answer["answers"]}


def assert_refused(answer: dict[str, Any], code: str) -> None:
    assert answer["outcome"] == "refused" and answer["code"] == code, answer
    assert answer["message"] and has_chinese(answer["message_zh"]), answer


async def test_operations_apply_in_the_order_recorded_and_name_a_resident_enrolled_in_the_same_sync(
    stack: AgentStack,
) -> None:
    agent = stack.agent()
    enrol = {**enrolment(), "kind": "enrol", "recorded_at": ago(days=3)}
    # Sent newest first: the contribution and the change come before the enrolment they are about.
    paid = contribution(ago(days=1), resident_operation_id=enrol["operation_id"])
    mobile = op(
        "change_mobile", ago(days=2), resident_operation_id=enrol["operation_id"], mobile="13900001111", reason="换号"
    )
    answer = await stack.sync(agent, [paid, mobile, enrol])

    assert answer["unanswered"] == []
    assert [a["operation_id"] for a in answer["answers"]] == [
        enrol["operation_id"],
        mobile["operation_id"],
        paid["operation_id"],
    ]
    assert [a["outcome"] for a in answer["answers"]] == ["applied"] * 3, answer
    enrolled, changed, collected = (a["result"] for a in answer["answers"])
    resident = enrolled["resident_id"]
    assert changed["resident_id"] == collected["resident_id"] == resident
    assert changed["mobile_masked"].endswith("1111") and "13900001111" not in str(answer)
    assert enrol["citizen_id_number"] not in str(answer) and enrol["bank_card_number"] not in str(answer)
    assert (collected["receipt_number"], collected["year"], collected["grade_fen"]) == (
        paid["receipt_number"],
        this_year(),
        GRADE_FEN,
    )

    # What the service recorded: enrolled on the day recorded, paid in cash by the signed-in agent on its day.
    listed = await stack.enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=resident), metadata=signed(agent), timeout=30
    )
    (recorded,) = listed.contributions
    paid_on = datetime.fromisoformat(paid["recorded_at"]).astimezone(CHINA).date()
    assert recorded.agent_id == agent.user_id and recorded.paid_on == to_calendar_date(paid_on)


async def test_a_duplicate_in_one_batch_is_applied_once_and_a_reused_id_is_refused(stack: AgentStack) -> None:
    agent = stack.agent()
    resident = await stack.enrolled(agent)
    change = op("change_mobile", ago(hours=5), resident_id=resident, mobile="13700002222", reason="换号")
    reused = {**change, "mobile": "13700003333", "recorded_at": ago(hours=4)}
    answer = await stack.sync(agent, [change, dict(change), reused])

    first, again, other = answer["answers"]
    assert first["outcome"] == "applied" and again["outcome"] == "already_applied"
    assert again["result"] == first["result"]
    assert_refused(other, "OPERATION_ID_REUSED")
    assert other["field"] == "operation_id"
    # The mobile is the first one's: the reused id changed nothing.
    read = await stack.http.get(f"/agent/v1/sync/{change['operation_id']}", headers=stack.bearer(agent))
    assert read.json()["result"]["mobile_masked"].endswith("2222")


async def test_a_resent_batch_answers_already_applied_and_changes_nothing(stack: AgentStack) -> None:
    agent = stack.agent()
    known = await stack.enrolled(agent)
    enrol = {**enrolment(), "kind": "enrol", "recorded_at": ago(days=2, hours=3)}
    batch = [
        enrol,
        contribution(ago(days=2), resident_operation_id=enrol["operation_id"]),
        contribution(ago(days=1, hours=2), resident_id=known),
        op("change_village", ago(days=1), resident_id=known, village_code=SECOND_VILLAGE, reason="搬迁"),
        op(
            "change_bank_account",
            ago(hours=20),
            resident_operation_id=enrol["operation_id"],
            bank_card_number="6228480402564890018",
            bank_code="ABC",
            bank_name="中国农业银行",
            reason="旧卡丢失",
        ),
        contribution(ago(days=40), resident_id=known),  # refused: the year is paid by the one above
    ]
    first = await stack.sync(agent, batch)
    outcomes = [a["outcome"] for a in first["answers"]]
    assert outcomes.count("applied") == 5 and outcomes.count("refused") == 1, first
    before = await stack.counts()

    again = await stack.sync(agent, list(reversed(batch)))
    assert again["unanswered"] == []
    resent = by_id(again)
    for answered in first["answers"]:
        repeat = resent[answered["operation_id"]]
        expected = "already_applied" if answered["outcome"] == "applied" else "refused"
        assert repeat["outcome"] == expected and repeat["result"] == answered["result"], repeat
        assert repeat["code"] == answered["code"]
    assert await stack.counts() == before
    listed = await stack.enrolment.ListContributions(
        enrolment_service_pb2.ListContributionsRequest(resident_id=known), metadata=signed(agent), timeout=30
    )
    assert len(listed.contributions) == 1  # the year once, whatever was resent


async def test_operations_overtaken_while_offline_say_what_happened_in_both_languages(stack: AgentStack) -> None:
    agent = stack.agent()
    someone_else = stack.agent()
    # Recorded offline, a week ago...
    dead = await stack.enrolled(agent)
    paid_twice = await stack.enrolled(agent)
    moving = await stack.enrolled(agent)
    person = enrolment()
    offline = [
        contribution(ago(days=7), resident_id=dead),
        {**person, "kind": "enrol", "recorded_at": ago(days=6)},
        contribution(ago(days=5), resident_id=paid_twice),
        op("change_mobile", ago(days=4), resident_id=moving, mobile="13600004444", reason="换号"),
    ]
    # ... while, meanwhile: the resident died, someone else enrolled the person, the year was paid at the
    # township, and the resident moved to a village this agent does not serve.
    await stack.died(dead)
    await stack.enrolled(someone_else, **{k: person[k] for k in ("citizen_id_number", "name", "mobile")})
    township = contribution(ago(days=5, hours=1))
    paid = await stack.http.post(
        f"/agent/v1/residents/{paid_twice}/contributions",
        json={k: v for k, v in township.items() if k not in ("kind",)},
        headers=stack.bearer(agent),
    )
    assert paid.status_code == 201, paid.text
    await stack.moved(moving, OTHER_VILLAGE)

    answers = (await stack.sync(agent, offline))["answers"]
    assert_refused(answers[0], "RESIDENT_DECEASED")
    assert "died" in answers[0]["message"] and "身故" in answers[0]["message_zh"]
    assert_refused(answers[1], "ALREADY_ENROLLED")
    assert "已由他人" in answers[1]["message_zh"] and person["citizen_id_number"] not in str(answers[1])
    assert_refused(answers[2], "CONTRIBUTION_YEAR_PAID")
    assert str(this_year()) in answers[2]["message"] and "已缴费" in answers[2]["message_zh"]
    assert_refused(answers[3], "RESIDENT_NOT_IN_YOUR_VILLAGES")

    # A phone that lost the answer reads it back.
    read = await stack.http.get(f"/agent/v1/sync/{offline[0]['operation_id']}", headers=stack.bearer(agent))
    assert read.status_code == 200 and read.json()["code"] == "RESIDENT_DECEASED"


async def test_a_partial_upload_is_resumed_by_resending_the_queue(stack: AgentStack) -> None:
    agent = stack.agent()
    queue = []
    for day in range(6, 0, -1):
        enrol = {**enrolment(), "kind": "enrol", "recorded_at": ago(days=day, hours=2)}
        queue += [enrol, contribution(ago(days=day), resident_operation_id=enrol["operation_id"])]
    # The connection dropped after the first part arrived (the phone never saw the answer)...
    await stack.sync(agent, queue[:5])
    lost = queue[4]["operation_id"]
    read = await stack.http.get(f"/agent/v1/sync/{lost}", headers=stack.bearer(agent))
    assert read.status_code == 200 and read.json()["outcome"] == "applied"
    never = await stack.http.get(f"/agent/v1/sync/{queue[5]['operation_id']}", headers=stack.bearer(agent))
    assert never.status_code == 404 and never.json()["code"] == "OPERATION_UNKNOWN"

    # ... so it resends the whole queue: the first part is answered, the rest applied.
    answer = by_id(await stack.sync(agent, queue))
    outcomes = [answer[o["operation_id"]]["outcome"] for o in queue]
    assert outcomes == ["already_applied"] * 5 + ["applied"] * 7, outcomes


async def test_an_operation_the_service_applied_before_the_gateway_crashed_is_answered_not_applied_twice(
    stack: AgentStack,
) -> None:
    agent = stack.agent()
    enrol = {**enrolment(), "kind": "enrol", "recorded_at": ago(hours=3)}
    operation = agent_operations.Enrol.model_validate(enrol)
    # The gateway wrote the operation pending, the service enrolled the person, and the gateway died before it
    # wrote the outcome.
    await stack.operations.insert_one(
        {
            "_id": ledger_key(agent.user_id, operation.operation_id),
            "agent_id": agent.user_id,
            "operation_id": operation.operation_id,
            "kind": "enrol",
            "fingerprint": agent_operations.fingerprint(operation, fingerprint_key(stack.gateway.settings)),
            "recorded_at": operation.recorded_at,
            "state": "pending",
        }
    )
    enrolled_on = datetime.fromisoformat(enrol["recorded_at"]).astimezone(CHINA).date()
    applied = await stack.enrolment.Enrol(
        enrolment_service_pb2.EnrolRequest(
            request_id=agent_operations.service_request_id(agent.user_id, operation.operation_id),
            citizen_id_number=enrol["citizen_id_number"],
            name=enrol["name"],
            village_code=enrol["village_code"],
            mobile=enrol["mobile"],
            bank_card_number=enrol["bank_card_number"],
            bank_code=enrol["bank_code"],
            bank_name=enrol["bank_name"],
            enrolled_on=to_calendar_date(enrolled_on),
            agent_id=agent.user_id,
        ),
        metadata=signed(agent),
        timeout=30,
    )
    before = await stack.counts()

    (answer,) = (await stack.sync(agent, [enrol]))["answers"]
    assert answer["outcome"] == "applied" and answer["result"]["resident_id"] == applied.resident.resident_id
    # Nothing new at the service: its replay of the same request answered.
    assert await stack.counts() == before


async def test_a_wrong_clock_an_old_record_or_an_unsynced_reference_is_refused_and_can_be_resent(
    stack: AgentStack,
) -> None:
    agent = stack.agent()
    resident = await stack.enrolled(agent)
    future = contribution(datetime.now(UTC).replace(year=datetime.now(UTC).year + 1).isoformat(), resident_id=resident)
    old = contribution(ago(days=61), resident_id=resident)
    dangling = contribution(ago(hours=1), resident_operation_id=uuid.uuid4().hex)
    answers = (await stack.sync(agent, [old, dangling, future]))["answers"]
    assert_refused(answers[0], "RECORDED_AT_TOO_OLD")
    assert_refused(answers[1], "RESIDENT_OPERATION_UNKNOWN")
    assert_refused(answers[2], "RECORDED_AT_FUTURE")
    # Nothing was kept of them: with the clock put right, the same operation applies.
    fixed = {**future, "recorded_at": ago(minutes=30)}
    (applied,) = (await stack.sync(agent, [fixed]))["answers"]
    assert applied["outcome"] == "applied", applied


async def test_a_sync_is_the_signed_in_agents_bounded_and_refused_whole_when_malformed(stack: AgentStack) -> None:
    agent = stack.agent()
    one = contribution(ago(hours=1), resident_id="R" + "0" * 20)

    too_many = await stack.http.post(
        "/agent/v1/sync", json={"operations": [one] * (MAX_OPERATIONS + 1)}, headers=stack.bearer(agent)
    )
    assert too_many.status_code == 400 and too_many.json()["code"] == "TOO_MANY_ITEMS"
    huge = await stack.http.post(
        "/agent/v1/sync",
        content=b'{"operations": ["' + b"x" * (9 * 1024 * 1024) + b'"]}',
        headers={**stack.bearer(agent), "content-type": "application/json"},
    )
    assert huge.status_code == 413 and huge.json()["code"] == "BODY_TOO_LARGE" and has_chinese(huge.json()["title_zh"])
    both = await stack.http.post(
        "/agent/v1/sync",
        json={"operations": [{**one, "resident_operation_id": "x1"}]},
        headers=stack.bearer(agent),
    )
    assert both.status_code == 400 and both.json()["code"] == "RESIDENT_REQUIRED"
    other_phone = await stack.http.post(
        "/agent/v1/sync", json={"device_id": "phone-2", "operations": [one]}, headers=stack.bearer(agent)
    )
    assert other_phone.status_code == 403 and other_phone.json()["code"] == "DEVICE_MISMATCH"
    no_device = Caller(agent.user_id, Role.VILLAGE_AGENT, agent.villages)
    refused = await stack.http.post("/agent/v1/sync", json={"operations": [one]}, headers=stack.bearer(no_device))
    assert refused.status_code == 403 and refused.json()["code"] == "DEVICE_REQUIRED"
    hotline = Caller("hotline-1", Role.HOTLINE)
    refused = await stack.http.post("/agent/v1/sync", json={"operations": [one]}, headers=stack.bearer(hotline))
    assert refused.status_code == 403 and refused.json()["code"] == "ROLE_NOT_ALLOWED"
    # No such resident is answered as a resident of another village is; an agent reads only their own operations.
    mine = (await stack.sync(agent, [one]))["answers"][0]
    assert_refused(mine, "RESIDENT_NOT_IN_YOUR_VILLAGES")
    theirs = await stack.http.get(f"/agent/v1/sync/{mine['operation_id']}", headers=stack.bearer(stack.agent()))
    assert theirs.status_code == 404


async def test_a_week_offline_of_500_operations_syncs(stack: AgentStack, capsys: pytest.CaptureFixture[str]) -> None:
    agent = stack.agent(DEMO_VILLAGE, SECOND_VILLAGE)
    rng = random.Random(11)
    queue: list[dict[str, Any]] = []
    # 125 people a week: each enrolled, paying in cash, their mobile changed and moved to the other village,
    # recorded at times spread over the seven days.
    for person in range(125):
        start = 7 * 24 * 60 - 30 - person * 80  # minutes ago; each person's four operations 10 minutes apart
        enrol = {**enrolment(), "kind": "enrol", "recorded_at": ago(minutes=start)}
        target = {"resident_operation_id": enrol["operation_id"]}
        queue += [
            enrol,
            contribution(ago(minutes=start - 10), **target),
            op(
                "change_mobile",
                ago(minutes=start - 20),
                mobile=f"139{rng.randrange(10**8):08d}",
                reason="换号",
                **target,
            ),
            op("change_village", ago(minutes=start - 30), village_code=SECOND_VILLAGE, reason="搬迁", **target),
        ]
    assert len(queue) == MAX_OPERATIONS
    rng.shuffle(queue)  # the phone sends its queue in no particular order

    started = time.monotonic()
    answers, requests = await stack.sync_all(agent, queue)
    took = time.monotonic() - started
    each = took / len(queue) * 1000
    figure = f"sync of {len(queue)} operations over a week: {took:.1f} s, {requests} request(s), {each:.0f} ms each"
    with capsys.disabled():
        print(f"\n{figure}")  # noqa: T201 - the figure for the report, not an assertion
    assert len(answers) == MAX_OPERATIONS
    refusals = [(a["kind"], a["code"], a["message"]) for a in answers.values() if a["outcome"] != "applied"]
    assert refusals == []
    villages = {a["result"]["village_code"] for a in answers.values() if a["kind"] == "change_village"}
    assert villages == {SECOND_VILLAGE}
