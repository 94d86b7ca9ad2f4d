"""What an agent records online (/agent/v1) through the gateway and the real enrolment and verification services,
broker and database: enrol, change a mobile, bank account or village, collect cash, visit, report a death; a retry
is answered, not applied again, and the same operation later in a sync is already applied."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from agent_testkit import GRADE_FEN, OTHER_VILLAGE, SECOND_VILLAGE, AgentStack, agent_stack, ago, enrolment, this_year
from verification_stack import award, hear_policy, photo, register_village, resident_id

from pension_gateway.api.problems import has_chinese
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_testkit import eventually
from pension_verification.adapters.store import REGISTRY_RESIDENTS


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[AgentStack]:
    async for started in agent_stack(kafka_broker.bootstrap_servers, ferretdb.mongo_uri):
        yield started


def problem_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["code"] == code and has_chinese(problem["title_zh"]), problem
    return problem


async def test_an_enrolment_is_the_signed_in_agents_masked_and_a_retry_is_answered_not_applied(
    stack: AgentStack,
) -> None:
    agent = stack.agent()
    body = enrolment(agent_id="agent-someone-else")  # not the gateway's to pass on: the token says who enrols
    created = await stack.http.post("/agent/v1/residents", json=body, headers=stack.bearer(agent))
    assert created.status_code == 201, created.text
    answer = created.json()
    assert (answer["operation_id"], answer["kind"], answer["outcome"]) == (body["operation_id"], "enrol", "applied")
    result = answer["result"]
    assert result["village_code"] == body["village_code"] and result["citizen_id_masked"].endswith(
        body["citizen_id_number"][-4:]
    )
    for secret in (body["citizen_id_number"], body["mobile"], body["bank_card_number"], body["name"]):
        assert secret not in created.text

    again = await stack.http.post("/agent/v1/residents", json=body, headers=stack.bearer(agent))
    assert again.status_code == 201 and again.json() == {**answer, "outcome": "already_applied"}
    changed = {**body, "mobile": "13911112222"}
    problem_of(
        await stack.http.post("/agent/v1/residents", json=changed, headers=stack.bearer(agent)),
        409,
        "OPERATION_ID_REUSED",
    )

    twice = await stack.http.post(
        "/agent/v1/residents", json={**body, "operation_id": uuid.uuid4().hex}, headers=stack.bearer(agent)
    )
    problem_of(twice, 409, "ALREADY_ENROLLED")
    outsider = enrolment(OTHER_VILLAGE)
    problem_of(
        await stack.http.post("/agent/v1/residents", json=outsider, headers=stack.bearer(agent)),
        403,
        "VILLAGE_NOT_ASSIGNED",
    )


async def test_an_agent_changes_a_mobile_a_bank_account_and_a_village_each_once(stack: AgentStack) -> None:
    agent = stack.agent()
    resident = await stack.enrolled(agent)
    path = f"/agent/v1/residents/{resident}"
    changes = [
        ("mobile", {"mobile": "13622223333", "reason": "本人换号"}, "mobile_masked", "3333"),
        (
            "bank-account",
            {
                "bank_card_number": "6228480402564890018",
                "bank_code": "ABC",
                "bank_name": "中国农业银行",
                "reason": "旧卡丢失",
            },
            "bank_account_masked",
            "0018",
        ),
        ("village", {"village_code": SECOND_VILLAGE, "reason": "搬迁"}, "village_code", SECOND_VILLAGE),
    ]
    for route, fields, shown, ending in changes:
        body = {"operation_id": uuid.uuid4().hex, **fields}
        changed = await stack.http.patch(f"{path}/{route}", json=body, headers=stack.bearer(agent))
        assert changed.status_code == 201, changed.text
        assert changed.json()["outcome"] == "applied" and changed.json()["result"][shown].endswith(ending)
        retried = await stack.http.patch(f"{path}/{route}", json=body, headers=stack.bearer(agent))
        assert retried.json()["outcome"] == "already_applied" and retried.json()["result"] == changed.json()["result"]
    assert "13622223333" not in changed.text and "6228480402564890018" not in changed.text

    no_reason = await stack.http.patch(
        f"{path}/mobile",
        json={"operation_id": uuid.uuid4().hex, "mobile": "13622224444", "reason": ""},
        headers=stack.bearer(agent),
    )
    assert problem_of(no_reason, 400, "REASON_REQUIRED")["field"] == "reason"
    stranger = stack.agent(OTHER_VILLAGE)
    refused = await stack.http.patch(
        f"{path}/mobile",
        json={"operation_id": uuid.uuid4().hex, "mobile": "13622225555", "reason": "换号"},
        headers=stack.bearer(stranger),
    )
    problem_of(refused, 403, "RESIDENT_NOT_IN_YOUR_VILLAGES")


async def test_cash_collected_online_is_already_applied_when_the_phone_also_syncs_it(stack: AgentStack) -> None:
    agent = stack.agent()
    resident = await stack.enrolled(agent)
    paid = {
        "operation_id": uuid.uuid4().hex,
        "recorded_at": ago(hours=2),
        "year": this_year(),
        "grade_fen": GRADE_FEN,
        "receipt_number": f"HN{this_year()}-000123",
    }
    collected = await stack.http.post(
        f"/agent/v1/residents/{resident}/contributions", json=paid, headers=stack.bearer(agent)
    )
    assert collected.status_code == 201, collected.text
    result = collected.json()["result"]
    assert (result["receipt_number"], result["grade_fen"], result["year"]) == (
        paid["receipt_number"],
        GRADE_FEN,
        this_year(),
    )
    assert result["balance_fen"] >= GRADE_FEN and result["contribution_id"]

    # The phone did not see the answer and queued it for sync: the same operation, answered as applied before.
    (synced,) = (await stack.sync(agent, [{**paid, "kind": "contribution", "resident_id": resident}]))["answers"]
    assert synced["outcome"] == "already_applied" and synced["result"] == result

    second = {**paid, "operation_id": uuid.uuid4().hex, "receipt_number": f"HN{this_year()}-000124"}
    refused = await stack.http.post(
        f"/agent/v1/residents/{resident}/contributions", json=second, headers=stack.bearer(agent)
    )
    assert problem_of(refused, 422, "CONTRIBUTION_YEAR_PAID")["field"] == "year"
    bad_grade = {**second, "operation_id": uuid.uuid4().hex, "grade_fen": 0}
    problem_of(
        await stack.http.post(
            f"/agent/v1/residents/{resident}/contributions", json=bad_grade, headers=stack.bearer(agent)
        ),
        400,
        "FIELD_OUT_OF_RANGE",
    )


# Near the village committee (verification checks a visit's position against it).
COMMITTEE = (32_950_000, 114_550_000)
NEAR = {"latitude_e6": COMMITTEE[0] + 9_000, "longitude_e6": COMMITTEE[1], "accuracy_m": 15}


async def test_a_visit_is_recorded_as_the_signed_in_agent_with_its_photo(stack: AgentStack) -> None:
    await hear_policy(stack)
    await register_village(stack, stack.village, *COMMITTEE)
    pensioner = resident_id()
    await award(stack, pensioner, Month(2025, 1))
    agent = stack.agent(stack.village)
    visit = {
        "operation_id": uuid.uuid4().hex,
        "recorded_at": ago(hours=1),
        "photo": base64.b64encode(photo()).decode(),
        "position": NEAR,
        "note": "在家中见到本人",
    }
    visited = await stack.http.post(f"/agent/v1/residents/{pensioner}/visits", json=visit, headers=stack.bearer(agent))
    assert visited.status_code == 201, visited.text
    assert visited.json()["result"]["certification_id"] and visited.json()["result"]["next_due_on"]


async def test_a_death_report_is_recorded_as_the_signed_in_agent(stack: AgentStack) -> None:
    agent = stack.agent()
    resident = await stack.enrolled(agent)
    index = stack.runtime.context.database[REGISTRY_RESIDENTS]

    async def indexed() -> bool:
        return await index.find_one({"_id": resident}) is not None

    await eventually(indexed, what=f"verification learnt of {resident} from enrolment's event")
    reports = f"/agent/v1/residents/{resident}/death-reports"
    report = {"operation_id": uuid.uuid4().hex, "date_of_death": ago(days=1)[:10], "evidence_ref": "村委会证明-3"}
    reported = await stack.http.post(reports, json=report, headers=stack.bearer(agent))
    assert reported.status_code == 201, reported.text
    assert reported.json()["result"]["report_id"]
    again = await stack.http.post(reports, json=report, headers=stack.bearer(agent))
    assert again.json()["outcome"] == "already_applied" and again.json()["result"] == reported.json()["result"]
    stranger = stack.agent(OTHER_VILLAGE)
    refused = await stack.http.post(
        reports, json={**report, "operation_id": uuid.uuid4().hex}, headers=stack.bearer(stranger)
    )
    problem_of(refused, 403, "RESIDENT_NOT_IN_YOUR_VILLAGES")


async def test_only_a_village_agent_on_a_registered_phone_records(stack: AgentStack) -> None:
    body = enrolment()
    for caller, code in (
        (Caller("hotline-1", Role.HOTLINE), "ROLE_NOT_ALLOWED"),
        (Caller("officer-1", Role.COUNTY_OFFICER), "ROLE_NOT_ALLOWED"),
        (Caller("agent-1", Role.VILLAGE_AGENT, frozenset({body["village_code"]})), "DEVICE_REQUIRED"),
    ):
        problem_of(await stack.http.post("/agent/v1/residents", json=body, headers=stack.bearer(caller)), 403, code)
    problem_of(await stack.http.post("/agent/v1/residents", json=body), 401, "TOKEN_MISSING")
