"""Proof of life through the gateway and the real verification service, broker and database: what the hotline reads
out, a village agent's task list page by page, the agent's villages kept by the service, an agent's visit and death
report, and a face proof with real photographs."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from face_testkit import proof_images, real_frames
from verification_stack import (
    OFFICER,
    award,
    hear_policy,
    hospital_visit,
    new_region,
    photo,
    register_village,
    resident_id,
)

from pension.verification.v1 import verification_service_pb2_grpc
from pension_gateway.api.problems import has_chinese
from pension_gateway.api.routes.fields import IMAGE_MAX_BYTES
from pension_kit.clock import CHINA, today_in_china
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.runtime import ServiceRuntime
from pension_testkit import (
    DEMO_VILLAGE,
    InProcessGateway,
    InProcessServices,
    eventually,
    new_enrolment,
    signed,
)
from pension_verification.adapters.store import REGISTRY_RESIDENTS

HOTLINE = Caller("hotline-1", Role.HOTLINE)


@dataclass
class Stack:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    services: InProcessServices
    verification: verification_service_pb2_grpc.VerificationServiceStub
    region: str
    village: str
    other_village: str

    def bearer(self, caller: Caller) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway.token(caller)}"}

    @property
    def runtime(self) -> ServiceRuntime:
        """The verification service (the shared helpers' view of it)."""
        assert self.services.verification is not None
        return self.services.verification

    def agent(self, village: str = "") -> Caller:
        return Caller(f"agent-{uuid.uuid4().hex[:6]}", Role.VILLAGE_AGENT, frozenset({village or self.village}))


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Stack]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_verification=True, with_supervision=False
    ).start()
    assert services.verification is not None
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    # A county of this module's own, and two of its villages.
    region = new_region()
    stub = verification_service_pb2_grpc.VerificationServiceStub(services.channel(services.verification))
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        stack = Stack(http, gateway, services, stub, region, f"{region}101201", f"{region}101202")
        await hear_policy(stack)
        yield stack
    await gateway.stop()
    await services.stop()


def verified_call(resident_id: str) -> Caller:
    """The hotline once it has verified that the caller is this resident: it reads them and nobody else."""
    return Caller(HOTLINE.user_id, Role.HOTLINE, resident_id=resident_id)


async def status_of(stack: Stack, resident_id: str, caller: Caller | None = None) -> httpx.Response:
    headers = stack.bearer(caller or verified_call(resident_id))
    return await stack.http.get(f"/v1/residents/{resident_id}/certification", headers=headers)


async def started(stack: Stack, resident_id: str) -> dict[str, Any]:
    async def status() -> dict[str, Any] | None:
        response = await status_of(stack, resident_id)
        return response.json() if response.status_code == 200 else None

    return await eventually(status, what=f"the award started the cycle of {resident_id}")


async def overdue_pensioner(stack: Stack) -> str:
    """A new pensioner of the module's village, awarded from January 2025 (due 2026-01-01 under the demo policy:
    long past), whose status the hotline reads; their resident id."""
    resident = resident_id()
    await award(stack, resident, Month(2025, 1))
    await started(stack, resident)
    return resident


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def problem_of(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem: dict[str, Any] = response.json()
    assert problem["code"] == code and has_chinese(problem["title_zh"]), problem
    return problem


async def test_the_hotline_reads_the_status_then_the_last_proof_and_its_kind(stack: Stack) -> None:
    resident = resident_id()
    await award(stack, resident, Month(2025, 1))  # due 2026-01-01 under the demo policy: long past
    first = await started(stack, resident)
    assert first["state"] == "overdue" and first["due_on"] == "2026-01-01"
    assert first["village_code"] == stack.village and first["last_certification"] is None
    assert (first["death_reported"], first["imprisoned"], first["duplicate_receipt"]) == (False, False, False)

    # A hospital visit a few days ago proves the pensioner alive (recorded by an officer at the service).
    observed_on = today_in_china() - timedelta(days=3)
    await stack.verification.RecordDataCertification(
        hospital_visit(resident, observed_on), metadata=signed(OFFICER), timeout=30
    )
    response = await status_of(stack, resident)
    assert response.status_code == 200, response.text
    now = response.json()
    assert now["state"] == "current"
    last = now["last_certification"]
    assert last["method"] == "data" and last["sign_of_life_source"] == "hospital_visit"
    assert last["sign_of_life_ref"] == "HIS-2026-000778" and last["certified_on"] == observed_on.isoformat()
    assert now["due_on"] == last["next_due_on"] and date.fromisoformat(now["due_on"]) > today_in_china()
    # The agent of the pensioner's village reads it too.
    assert (await status_of(stack, resident, stack.agent())).json() == now


async def test_a_resident_verification_does_not_follow_is_not_found(stack: Stack) -> None:
    response = await status_of(stack, resident_id())
    assert problem_of(response, 404, "CERTIFICATION_NOT_FOUND")["field"] == "resident_id"


async def test_the_agents_task_list_is_due_and_overdue_oldest_first_page_by_page(stack: Stack) -> None:
    this_month = Month.of(today_in_china())
    overdue, due_soon, later, elsewhere = (resident_id() for _ in range(4))
    await award(stack, overdue, Month(2025, 1), village=stack.village)
    # Due on the first of next month, a year after the first month paid: within the 30 days' notice, or near it.
    await award(stack, due_soon, this_month.next().plus_months(-12))
    await award(stack, later, this_month.plus_months(6))
    await award(stack, elsewhere, Month(2025, 1), village=stack.other_village)
    for resident in (overdue, due_soon, later, elsewhere):
        await started(stack, resident)
    agent = stack.agent()
    due_by = this_month.next().first_day.isoformat()
    tasks = f"/v1/villages/{stack.village}/certification-tasks"

    listed = await stack.http.get(tasks, params={"due_by": due_by}, headers=stack.bearer(agent))
    assert listed.status_code == 200, listed.text
    page = listed.json()
    mine = [task for task in page["tasks"] if task["resident_id"] in (overdue, due_soon, later)]
    assert [task["resident_id"] for task in mine] == [overdue, due_soon]
    assert all(task["village_code"] == stack.village for task in page["tasks"])
    assert mine[0]["state"] == "overdue" and mine[0]["due_on"] == "2026-01-01"
    assert page["due_by"] == due_by and page["next_page_token"] == ""

    # Without a date: what is due within the policy's notice days from today, and every overdue one.
    today = await stack.http.get(tasks, headers=stack.bearer(agent))
    assert today.status_code == 200, today.text
    listed_today = [task["resident_id"] for task in today.json()["tasks"]]
    assert overdue in listed_today and later not in listed_today and today.json()["due_by"] is None

    # One at a time: the cursor the service gives is taken back as it was given.
    seen: list[str] = []
    params = {"due_by": due_by, "page_size": "1"}
    while True:
        response = await stack.http.get(tasks, params=params, headers=stack.bearer(agent))
        assert response.status_code == 200, response.text
        one = response.json()
        seen.extend(task["resident_id"] for task in one["tasks"])
        if not one["next_page_token"]:
            break
        assert len(seen) <= len(page["tasks"]), "the pages do not end"
        params["page_token"] = one["next_page_token"]
    assert seen == [task["resident_id"] for task in page["tasks"]]


async def test_an_agent_of_another_village_gets_403_for_its_list_and_a_resident_of_it_is_not_found(
    stack: Stack,
) -> None:
    resident = await overdue_pensioner(stack)
    stranger = stack.agent(stack.other_village)
    listed = await stack.http.get(f"/v1/villages/{stack.village}/certification-tasks", headers=stack.bearer(stranger))
    assert problem_of(listed, 403, "VILLAGE_NOT_ASSIGNED")["field"] == "village_code"
    # Another village's pensioner is answered as an unknown one: the agent learns nothing of who is a pensioner.
    for someone in (resident, "R0123456789ABCDEF0123"):
        problem_of(await status_of(stack, someone, stranger), 404, "CERTIFICATION_NOT_FOUND")
    # Their own village's list they do get.
    own = await stack.http.get(
        f"/v1/villages/{stack.other_village}/certification-tasks", headers=stack.bearer(stranger)
    )
    assert own.status_code == 200, own.text
    assert resident not in [task["resident_id"] for task in own.json()["tasks"]]


async def test_the_hotline_may_not_read_a_village_task_list(stack: Stack) -> None:
    listed = await stack.http.get(f"/v1/villages/{stack.village}/certification-tasks", headers=stack.bearer(HOTLINE))
    problem_of(listed, 403, "ROLE_NOT_ALLOWED")


# --- agents' visits -----------------------------------------------------------------------------------------------

# The village committee, and points about 1,000 m and 5,000 m north of it (0.009 and 0.045 degrees of latitude).
COMMITTEE = (32_950_000, 114_550_000)
NEAR = {"latitude_e6": COMMITTEE[0] + 9_000, "longitude_e6": COMMITTEE[1], "accuracy_m": 15}
FAR = {"latitude_e6": COMMITTEE[0] + 45_000, "longitude_e6": COMMITTEE[1], "accuracy_m": 15}


def visit_body(**fields: Any) -> dict[str, Any]:
    an_hour_ago = datetime.now(UTC).astimezone(CHINA) - timedelta(hours=1)
    body = {
        "request_id": uuid.uuid4().hex,
        "photo": b64(photo()),
        "position": NEAR,
        "visited_at": an_hour_ago.isoformat(),
        "note": "在家中见到本人，身体健康",
    }
    return {**body, **fields}


async def test_the_village_agents_visit_certifies_as_the_signed_in_agent_and_is_listed(stack: Stack) -> None:
    await register_village(stack, stack.village, *COMMITTEE)
    resident = resident_id()
    await award(stack, resident, Month(2025, 1))
    assert (await started(stack, resident))["state"] == "overdue"
    agent = stack.agent()
    visits = f"/v1/residents/{resident}/agent-visits"

    # An agent_id in the body is not the gateway's to pass on: the visit is the signed-in agent's.
    body = visit_body(agent_id="agent-someone-else")
    recorded = await stack.http.post(visits, json=body, headers=stack.bearer(agent))
    assert recorded.status_code == 201, recorded.text
    certification = recorded.json()["certification"]
    assert certification["method"] == "agent_visit" and certification["agent_id"] == agent.user_id
    assert certification["position"] == NEAR
    assert recorded.json()["status"]["state"] == "current"
    again = await stack.http.post(visits, json=body, headers=stack.bearer(agent))
    assert again.status_code == 201 and again.json()["certification"] == certification  # the same request, once

    listed = await stack.http.get(
        f"/v1/residents/{resident}/certifications", headers=stack.bearer(verified_call(resident))
    )
    assert listed.status_code == 200, listed.text
    assert [c["certification_id"] for c in listed.json()["certifications"]] == [certification["certification_id"]]
    status = (await status_of(stack, resident)).json()
    assert status["last_certification"]["method"] == "agent_visit" and status["state"] == "current"


async def test_a_visit_too_far_or_by_another_villages_agent_is_refused_with_the_services_reason(stack: Stack) -> None:
    await register_village(stack, stack.village, *COMMITTEE)
    resident = await overdue_pensioner(stack)
    visits = f"/v1/residents/{resident}/agent-visits"
    far = await stack.http.post(visits, json=visit_body(position=FAR), headers=stack.bearer(stack.agent()))
    assert problem_of(far, 422, "VISIT_TOO_FAR")["field"] == "position"
    stranger = stack.agent(stack.other_village)
    refused = await stack.http.post(visits, json=visit_body(), headers=stack.bearer(stranger))
    problem_of(refused, 404, "CERTIFICATION_NOT_FOUND")  # another village's pensioner: as if unknown
    assert (await status_of(stack, resident)).json()["state"] == "overdue"


async def enrolled_pensioner(stack: Stack, agent: Caller) -> str:
    """A resident the agent enrols through the gateway in the demo county, whom verification learns of from
    enrolment's event, and whom payout awarded a pension (their cycle started); their resident id."""
    created = await stack.http.post("/v1/residents", json=new_enrolment(), headers=stack.bearer(agent))
    assert created.status_code == 201, created.text
    resident: str = created.json()["resident_id"]
    index = stack.runtime.context.database[REGISTRY_RESIDENTS]

    async def indexed() -> bool:
        return await index.find_one({"_id": resident}) is not None

    await eventually(indexed, what=f"verification learnt of {resident} from enrolment's event")
    await hear_policy(stack, region=DEMO_VILLAGE[:6])
    await award(stack, resident, Month(2025, 1), village=DEMO_VILLAGE)
    await started(stack, resident)
    return resident


async def test_a_death_report_is_the_signed_in_agents_and_shows_in_the_status(stack: Stack) -> None:
    agent = stack.agent(DEMO_VILLAGE)
    resident = await enrolled_pensioner(stack, agent)
    reports = f"/v1/residents/{resident}/death-reports"
    died_on = (today_in_china() - timedelta(days=2)).isoformat()
    body = {"request_id": uuid.uuid4().hex, "date_of_death": died_on, "evidence_ref": "村委会证明-17"}

    stranger = stack.agent(f"{DEMO_VILLAGE[:9]}202")
    # Another village's resident is answered as an unknown one.
    problem_of(await stack.http.post(reports, json=body, headers=stack.bearer(stranger)), 404, "RESIDENT_NOT_FOUND")
    problem_of(await stack.http.post(reports, json=body, headers=stack.bearer(HOTLINE)), 403, "ROLE_NOT_ALLOWED")

    created = await stack.http.post(reports, json=body, headers=stack.bearer(agent))
    assert created.status_code == 201, created.text
    report = created.json()
    assert (report["resident_id"], report["agent_id"], report["status"]) == (resident, agent.user_id, "reported")
    assert report["date_of_death"] == died_on and report["evidence_ref"] == "村委会证明-17" and report["reported_at"]
    again = await stack.http.post(reports, json=body, headers=stack.bearer(agent))
    assert again.status_code == 201 and again.json() == report  # the same request: the same report, once
    second = await stack.http.post(reports, json={**body, "request_id": uuid.uuid4().hex}, headers=stack.bearer(agent))
    problem_of(second, 422, "DEATH_REPORT_PENDING")

    # Reported, not confirmed: the hotline hears of the report, and nothing else changed.
    status = (await status_of(stack, resident)).json()
    assert status["death_reported"] is True and status["state"] == "overdue" and status["date_of_death"] is None


async def test_a_death_report_of_someone_verification_does_not_know_is_not_found(stack: Stack) -> None:
    response = await stack.http.post(
        f"/v1/residents/{resident_id()}/death-reports",
        json={"request_id": uuid.uuid4().hex, "date_of_death": "2026-11-28"},
        headers=stack.bearer(stack.agent()),
    )
    assert problem_of(response, 404, "RESIDENT_NOT_FOUND")["field"] == "resident_id"


# --- face proofs ----------------------------------------------------------------------------------------------------

# A challenge of exactly [turn_right, turn_left] comes about once in 12: 300 tries miss it with a chance of about 5e-12.
MAX_TRIES = 300


@pytest.fixture(scope="module")
def faces() -> dict[str, bytes]:
    """Real photographs and the frames made of them (tests/face_testkit.py): obama.jpg faces the camera, then looks
    to his right and to his left; two people in one frame."""
    return proof_images()


async def challenge_asking(stack: Stack, resident: str, agent: Caller, wanted: list[str] | None) -> dict[str, Any]:
    """Challenges through the gateway until one asks exactly `wanted` (any, when None): the service draws them."""
    for _ in range(MAX_TRIES):
        issued = await stack.http.post(f"/v1/residents/{resident}/liveness-challenges", headers=stack.bearer(agent))
        assert issued.status_code == 201, issued.text
        challenge: dict[str, Any] = issued.json()
        if wanted is None or challenge["actions"] == wanted:
            return challenge
    raise AssertionError(f"no challenge asked {wanted} in {MAX_TRIES} tries")


async def enrol_photo(stack: Stack, resident: str, agent: Caller, image: bytes) -> None:
    """The agent uploads the pensioner's enrolment photo through the gateway."""
    uploaded = await stack.http.post(
        f"/v1/residents/{resident}/photo",
        json={"request_id": uuid.uuid4().hex, "image": b64(image)},
        headers=stack.bearer(agent),
    )
    assert uploaded.status_code == 201, uploaded.text


async def test_a_face_proof_through_the_gateway_passes_for_the_same_person(
    stack: Stack, faces: dict[str, bytes]
) -> None:
    resident = await overdue_pensioner(stack)
    agent = stack.agent()
    photo = {"request_id": uuid.uuid4().hex, "image": b64(faces["obama.jpg"])}
    stranger = stack.agent(stack.other_village)
    refused = await stack.http.post(f"/v1/residents/{resident}/photo", json=photo, headers=stack.bearer(stranger))
    problem_of(refused, 404, "RESIDENT_NOT_FOUND")  # another village's resident: as if unknown
    uploaded = await stack.http.post(f"/v1/residents/{resident}/photo", json=photo, headers=stack.bearer(agent))
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["photo_ref"] and uploaded.json()["model"] == "dlib_face_recognition_resnet_model_v1"

    challenge = await challenge_asking(stack, resident, agent, ["turn_right", "turn_left"])
    assert datetime.fromisoformat(challenge["expires_at"]) > datetime.now(UTC)
    frames = real_frames(faces)
    body = {
        "request_id": uuid.uuid4().hex,
        "challenge_token": challenge["challenge_token"],
        "frames": [b64(frame) for frame in frames],
        "captured_at": datetime.now(UTC).isoformat(),
    }
    proofs = f"/v1/residents/{resident}/face-certifications"
    answered = await stack.http.post(proofs, json=body, headers=stack.bearer(agent))
    assert answered.status_code == 200, answered.text
    answer = answered.json()
    assert answer["passed"] and answer["failure_code"] == "" and answer["retake_hints"] == []
    decision = answer["decision"]
    assert decision["outcome"] == "PASSED" and decision["actions"] == ["turn_right", "turn_left"]
    assert len(decision["frame_distances_e6"]) == 4 and decision["max_distance_e6"] > 0
    certification = answer["certification"]
    assert certification["method"] == "face" and certification["agent_id"] == agent.user_id
    assert certification["face_decision"] == decision and answer["status"]["state"] == "current"
    again = await stack.http.post(proofs, json=body, headers=stack.bearer(agent))
    assert again.status_code == 200 and again.json() == answer  # the same request: the same answer, once

    replayed = await stack.http.post(proofs, json={**body, "request_id": uuid.uuid4().hex}, headers=stack.bearer(agent))
    problem_of(replayed, 422, "CHALLENGE_ALREADY_USED")
    status = (await status_of(stack, resident)).json()
    assert status["last_certification"]["method"] == "face" and status["state"] == "current"


async def test_a_frame_with_two_faces_answers_a_retake_hint_in_both_languages(
    stack: Stack, faces: dict[str, bytes]
) -> None:
    resident = await overdue_pensioner(stack)
    agent = stack.agent()
    await enrol_photo(stack, resident, agent, faces["obama.jpg"])
    challenge = await challenge_asking(stack, resident, agent, None)
    answered = await stack.http.post(
        f"/v1/residents/{resident}/face-certifications",
        json={
            "request_id": uuid.uuid4().hex,
            "challenge_token": challenge["challenge_token"],
            "frames": [b64(faces["obama.jpg"]), b64(faces["two_faces"])],
        },
        headers=stack.bearer(agent),
    )
    assert answered.status_code == 200, answered.text
    answer = answered.json()
    assert not answer["passed"] and answer["failure_code"] == "SEVERAL_FACES"
    assert answer["decision"]["outcome"] == "RETAKE" and answer["certification"] is None
    (hint,) = answer["retake_hints"]
    assert (hint["frame"], hint["code"]) == (1, "SEVERAL_FACES")
    assert has_chinese(hint["message_zh"]) and "face" in hint["message_en"]
    assert (await status_of(stack, resident)).json()["state"] == "overdue"


async def test_images_as_large_as_the_gateway_takes_reach_the_service_whole(
    stack: Stack, faces: dict[str, bytes]
) -> None:
    # A 4 MiB photo is a 5.6 MB body and a 4 MiB gRPC message, five frames a 28 MB body and a 20 MiB message: each
    # gets past the gateway's body limit and the service's message limit, to be refused for what it is (no image),
    # not for its size.
    resident = await overdue_pensioner(stack)
    agent = stack.agent()
    largest = b64(b"\xff\xd8\xff" + b"\0" * (IMAGE_MAX_BYTES - 3))
    photo = await stack.http.post(
        f"/v1/residents/{resident}/photo",
        json={"request_id": uuid.uuid4().hex, "image": largest},
        headers=stack.bearer(agent),
    )
    assert problem_of(photo, 400, "IMAGE_UNREADABLE")["field"] == "image"
    await enrol_photo(stack, resident, agent, faces["obama.jpg"])
    challenge = await challenge_asking(stack, resident, agent, None)
    proof = await stack.http.post(
        f"/v1/residents/{resident}/face-certifications",
        json={"request_id": uuid.uuid4().hex, "challenge_token": challenge["challenge_token"], "frames": [largest] * 5},
        headers=stack.bearer(agent),
    )
    # (The service names the field of an unreadable frame `image`, as for a photo.)
    problem_of(proof, 400, "IMAGE_UNREADABLE")
