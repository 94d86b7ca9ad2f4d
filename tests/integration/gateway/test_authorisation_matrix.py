"""Who may call what, for every route of the gateway and every kind of caller, on the real services: the policy is
written here, one line per route (the roles it admits), independently of the roles the routes declare; a route
the OpenAPI document lists without a line here fails the test."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx
import pytest
from verification_stack import photo

from pension_gateway.auth import USERS, UserStore
from pension_kit.clock import today_in_china
from pension_kit.identity import Caller, Role
from pension_kit.mongo import create_client
from pension_testkit import InProcessGateway, InProcessServices, new_enrolment

AG, TO, CO, CA, AU, HL = (
    Role.VILLAGE_AGENT,
    Role.TOWNSHIP_OFFICER,
    Role.COUNTY_OFFICER,
    Role.COUNTY_APPROVER,
    Role.AUDITOR,
    Role.HOTLINE,
)
SIGNED_IN: Final = frozenset({AG, TO, CO, CA, AU, HL})
# Open to anyone, token or not: health checks and sign-in.
PUBLIC: Final = frozenset({*SIGNED_IN, None})

REGION: Final = "411723"
VILLAGE_A: Final = f"{REGION}101201"
VILLAGE_B: Final = f"{REGION}101202"
# Well-formed identifiers nobody has: what an unknown id answers is what another village's resident must answer.
UNKNOWN_RESIDENT: Final = "R" + "0" * 20
# A user of the gateway's own store, whom the sign-in route signs in.
CLERK: Final = "clerk-1"
CLERK_PASSWORD: Final = "a clerk's long password"
# A village agent of the store, whom the phone's sign-in signs in (always on the same phone).
PHONE_AGENT: Final = "phone-agent-1"
PHONE_AGENT_PASSWORD: Final = "an agent's long password"

Body = Callable[["Targets"], Any]


@dataclass(frozen=True)
class Targets:
    """What a request is about: the resident and village of A (every caller's request names A's)."""

    resident_id: str
    citizen_id_number: str
    village_code: str = VILLAGE_A


def _photo_b64() -> str:
    return base64.b64encode(photo()).decode()


def _request_id() -> str:
    return uuid.uuid4().hex


def _enrolment(targets: Targets) -> dict[str, Any]:
    return new_enrolment(targets.village_code)


def _lookup(targets: Targets) -> dict[str, Any]:
    return {"citizen_id_number": targets.citizen_id_number}


def _photo(_: Targets) -> dict[str, Any]:
    return {"request_id": _request_id(), "image": _photo_b64()}


def _face(_: Targets) -> dict[str, Any]:
    return {"request_id": _request_id(), "challenge_token": "no-such-challenge", "frames": [_photo_b64()] * 2}


def _visit(_: Targets) -> dict[str, Any]:
    visited_at = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    position = {"latitude_e6": 33_000_000, "longitude_e6": 114_000_000, "accuracy_m": 10}
    return {"request_id": _request_id(), "photo": _photo_b64(), "position": position, "visited_at": visited_at}


def _death(_: Targets) -> dict[str, Any]:
    return {"request_id": _request_id(), "date_of_death": (today_in_china() - timedelta(days=2)).isoformat()}


def _phone_sign_in(_: Targets) -> dict[str, Any]:
    return {"user_id": PHONE_AGENT, "password": PHONE_AGENT_PASSWORD, "device_id": "phone-1", "device_name": "红米"}


def _refresh(_: Targets) -> dict[str, Any]:
    return {"refresh_token": "A" * 43}


def _empty(_: Targets) -> dict[str, Any]:
    # Routes not about one resident: a refused role is refused before the body is read; an admitted one is told
    # what is missing (400), which is not a refusal of who they are.
    return {}


@dataclass(frozen=True)
class Row:
    """One route: the roles it admits (None: the anonymous too), and what it is about when it concerns one
    resident ("resident": by the path's id, "citizen": by the ID number in the body) or one village."""

    method: str
    path: str
    roles: frozenset[Role | None]
    body: Body | None = None
    about: str = field(default="")
    # What every caller is told whatever their token, on a route whose credential is in the body (a refresh token).
    everyone: tuple[int, str] | None = None

    def concerns(self) -> str:
        if self.about:
            return self.about
        if "{resident_id}" in self.path:
            return "resident"
        return "village" if "{village_code}" in self.path else ""


def row(method: str, path: str, *roles: Role, body: Body | None = None, about: str = "") -> Row:
    return Row(method, path, frozenset(roles), body, about)


# The policy: one line per route. A new route gets a line here (its method, path as in OpenAPI, the roles it
# admits; a body builder where the route takes one; `about` when the resident or village is in the body).
MATRIX: Final[tuple[Row, ...]] = (
    Row("GET", "/healthz", PUBLIC),
    Row("GET", "/readyz", PUBLIC),
    Row("POST", "/v1/auth/token", PUBLIC, body=lambda _: {"user_id": CLERK, "password": CLERK_PASSWORD}),
    row("GET", "/v1/auth/me", *SIGNED_IN),
    row("POST", "/v1/residents", AG, TO, CO, body=_enrolment, about="village"),
    row("GET", "/v1/residents/{resident_id}", AG, TO, CO, CA, AU, HL),
    row("POST", "/v1/residents/lookup", AG, TO, CO, CA, AU, HL, body=_lookup, about="citizen"),
    row("GET", "/v1/residents/{resident_id}/account", AG, TO, CO, CA, AU, HL),
    row("GET", "/v1/residents/{resident_id}/award", TO, CO, CA, AU, HL),
    row("GET", "/v1/residents/{resident_id}/payments", TO, CO, CA, AU, HL),
    row("GET", "/v1/residents/{resident_id}/certification", AG, TO, CO, CA, AU, HL),
    row("GET", "/v1/residents/{resident_id}/certifications", AG, TO, CO, CA, AU, HL),
    row("GET", "/v1/villages/{village_code}/certification-tasks", AG, TO, CO, AU),
    row("POST", "/v1/residents/{resident_id}/photo", AG, TO, CO, body=_photo),
    row("POST", "/v1/residents/{resident_id}/liveness-challenges", AG, TO, CO),
    row("POST", "/v1/residents/{resident_id}/face-certifications", AG, TO, CO, body=_face),
    row("POST", "/v1/residents/{resident_id}/agent-visits", AG, body=_visit),
    row("POST", "/v1/residents/{resident_id}/death-reports", AG, TO, CO, body=_death),
    row("GET", "/v1/audit/entries", AU, CO, CA),
    row("GET", "/v1/audit/verification", AU, CO, CA),
    row("POST", "/v1/audit/verifications", AU, CO, CA, body=_empty),
    row("POST", "/v1/complaints", HL, AG, TO, CO, body=_empty),
    row("GET", "/v1/complaints", TO, CO, CA, AU),
    row("GET", "/v1/complaints/{ticket_number}", HL, AG, TO, CO, CA, AU),
    row("POST", "/v1/complaints/{ticket_number}/extension", CO, body=_empty),
    row("POST", "/v1/complaints/{ticket_number}/status", CO, body=_empty),
    row("GET", "/v1/notices/{village_code}/{month}.html", AG, TO, CO, AU),
    row("GET", "/v1/notices/{village_code}/{month}.pdf", AG, TO, CO, AU),
    row("GET", "/v1/notices/{village_code}/{month}", AG, TO, CO, AU),
    row("GET", "/v1/disclosure/{region}/{year}.html", *SIGNED_IN),
    row("GET", "/v1/disclosure/{region}/{year}/{month}.html", *SIGNED_IN),
    row("GET", "/v1/disclosure/{region}/{year}/{month}", *SIGNED_IN),
    row("GET", "/v1/disclosure/{region}/{year}", *SIGNED_IN),
    row("GET", "/v1/alerts", AU, CO, CA, TO),
    row("GET", "/v1/alerts/{alert_id}", AU, CO, CA, TO),
    row("POST", "/v1/alerts/{alert_id}/dismissal", CO, AU, body=_empty),
    row("POST", "/v1/cases", CO, AU, body=_empty),
    row("GET", "/v1/cases", AU, CO, CA, TO),
    row("GET", "/v1/cases/{case_id}", AU, CO, CA, TO),
    row("PATCH", "/v1/cases/{case_id}", CO, AU, body=_empty),
    row("POST", "/v1/reconciliations", CO, AU, body=_empty),
    row("GET", "/v1/reconciliations/{pooling_region_code}/{month}", CO, CA, AU),
    # The monthly reports: county officers publish; a township officer reads their township's villages only.
    row("POST", "/v1/reports/review-lists", CO, body=_empty),
    row("GET", "/v1/reports/review-lists/{pooling_region_code}/{month}.xlsx", CO, CA, AU, TO),
    row("GET", "/v1/reports/review-lists/{pooling_region_code}/{month}.html", CO, CA, AU, TO),
    row("GET", "/v1/reports/review-lists/{pooling_region_code}/{month}", CO, CA, AU, TO),
    row("POST", "/v1/reports/annual-checks", CO, body=_empty),
    row("GET", "/v1/reports/annual-checks/{pooling_region_code}/{year}.xlsx", CO, CA, AU, TO),
    row("GET", "/v1/reports/annual-checks/{pooling_region_code}/{year}.html", CO, CA, AU, TO),
    row("GET", "/v1/reports/annual-checks/{pooling_region_code}/{year}", CO, CA, AU, TO),
    row("POST", "/v1/reports/statistics", CO, AU, body=_empty),
    row("GET", "/v1/reports/statistics/{pooling_region_code}/{month}.xlsx", CO, CA, AU),
    row("GET", "/v1/reports/statistics/{pooling_region_code}/{month}.html", CO, CA, AU),
    row("GET", "/v1/reports/statistics/{pooling_region_code}/{month}", CO, CA, AU),
    row("GET", "/v1/agents/{user_id}/devices", TO, CO),
    row("POST", "/v1/agents/{user_id}/devices/{device_id}/revocation", TO, CO, body=_empty),
    row("GET", "/v1/payrolls", CO, CA, TO, AU),
    row("GET", "/v1/payrolls/{run_id}", CO, CA, TO, AU),
    row("POST", "/v1/payrolls/{run_id}/approval", CA, body=_empty),
    row("GET", "/v1/registry-reviews", TO, CO),
    row("POST", "/v1/registry-reviews/decisions", TO, CO, body=_empty),
    # The agents' phones: sign-in takes no token (the password is the credential), refresh its refresh token.
    Row("POST", "/agent/v1/session", PUBLIC, body=_phone_sign_in),
    Row("POST", "/agent/v1/session/refresh", PUBLIC, body=_refresh, everyone=(401, "REFRESH_TOKEN_INVALID")),
    row("DELETE", "/agent/v1/session", AG),
    row("GET", "/agent/v1/devices", AG),
    row("GET", "/agent/v1/villages", AG),
    row("GET", "/agent/v1/villages/{village_code}/notice", AG),
    row("GET", "/agent/v1/residents", AG),
    row("POST", "/agent/v1/residents", AG, body=_empty),
    row("GET", "/agent/v1/residents/{resident_id}", AG),
    row("GET", "/agent/v1/cash", AG),
    row("GET", "/agent/v1/tasks", AG),
    row("POST", "/agent/v1/residents/{resident_id}/photo", AG, body=_photo),
    row("POST", "/agent/v1/residents/{resident_id}/liveness-challenges", AG),
    row("POST", "/agent/v1/residents/{resident_id}/face-certifications", AG, body=_face),
    row("PATCH", "/agent/v1/residents/{resident_id}/mobile", AG, body=_empty),
    row("PATCH", "/agent/v1/residents/{resident_id}/bank-account", AG, body=_empty),
    row("PATCH", "/agent/v1/residents/{resident_id}/village", AG, body=_empty),
    row("POST", "/agent/v1/residents/{resident_id}/contributions", AG, body=_empty),
    row("POST", "/agent/v1/residents/{resident_id}/visits", AG, body=_empty),
    row("POST", "/agent/v1/residents/{resident_id}/death-reports", AG, body=_empty),
    row("POST", "/agent/v1/sync", AG, body=_empty),
    row("GET", "/agent/v1/sync/{operation_id}", AG),
    # The hotline: a caller verified first; a resident's records only with the call's token for that resident.
    row("POST", "/hotline/v1/calls", HL, body=_empty),
    row("GET", "/hotline/v1/residents/{resident_id}", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/contributions", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/account", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/award", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/payments", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/certification", HL),
    row("GET", "/hotline/v1/residents/{resident_id}/summary", HL),
    row("POST", "/hotline/v1/tickets", HL, body=_empty),
    row("GET", "/hotline/v1/tickets/{ticket_number}", HL),
)


@dataclass(frozen=True)
class Who:
    """A kind of caller: a name for the report, and the identity its token carries (None: no token)."""

    name: str
    caller: Caller | None

    @property
    def role(self) -> Role | None:
        return self.caller.role if self.caller else None


def callers(resident_a: str) -> tuple[Who, ...]:
    return (
        Who("anonymous", None),
        Who("agent of A", Caller("agent-a", AG, frozenset({VILLAGE_A}), device_id="phone-a")),
        Who("agent of B", Caller("agent-b", AG, frozenset({VILLAGE_B}), device_id="phone-b")),
        # A township officer's account names the township's villages (supervision reads their regions from them).
        Who("township officer", Caller("township-1", TO, frozenset({VILLAGE_A, VILLAGE_B}))),
        Who("county officer", Caller("officer-1", CO)),
        Who("county approver", Caller("approver-1", CA)),
        Who("auditor", Caller("auditor-1", AU)),
        Who("hotline, caller not verified", Caller("hotline-1", HL)),
        Who("hotline, verified for A", Caller("hotline-1", HL, resident_id=resident_a)),
    )


# What a caller is told: the status, and the problem's code when it is a refusal.
Answer = tuple[int, str]
ALLOWED: Final = "allowed"
# Another village's resident answers exactly as an unknown one does (nothing tells who is enrolled elsewhere).
AS_UNKNOWN: Final = "as unknown"


def expected(line: Row, who: Who, resident_a: str) -> Answer | str:
    """The policy for one route and one caller asking about A's resident or village."""
    if line.everyone is not None:
        return line.everyone
    if who.role not in line.roles:
        return (401, "TOKEN_MISSING") if who.caller is None else (403, "ROLE_NOT_ALLOWED")
    concerns = line.concerns()
    if who.role is AG and VILLAGE_A not in (who.caller.villages if who.caller else ()):
        if concerns in ("resident", "citizen"):
            return AS_UNKNOWN
        if concerns == "village":
            return 403, "VILLAGE_NOT_ASSIGNED"
    verified = who.caller is not None and who.caller.resident_id == resident_a
    if who.role is HL and concerns in ("resident", "citizen") and not verified:
        return 403, "CALLER_NOT_VERIFIED"
    return ALLOWED


# The cells that hold only once the services answer another village's resident as an unknown one and check the
# hotline's verified resident (issue 11's enumeration case; another change to the services).
def depends_on_services(outcome: Answer | str) -> bool:
    return outcome == AS_UNKNOWN or outcome == (403, "CALLER_NOT_VERIFIED")


@dataclass
class Matrix:
    http: httpx.AsyncClient
    gateway: InProcessGateway
    resident_a: str
    resident_b: str
    citizen_a: str
    month: str
    # At most this many requests at once: enough to keep the run short, few enough for a shared machine.
    limit: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(12))

    def targets(self, unknown: bool = False) -> Targets:
        if unknown:
            return Targets(UNKNOWN_RESIDENT, new_enrolment()["citizen_id_number"])
        return Targets(self.resident_a, self.citizen_a)

    def url(self, path: str, targets: Targets) -> str:
        return path.format(
            resident_id=targets.resident_id,
            village_code=targets.village_code,
            month=self.month,
            region=REGION,
            year=self.month[:4],
            alert_id="AL-" + "0" * 24,
            case_id="CASE-unknown",
            ticket_number="TS-20260101-000000001",
            pooling_region_code=REGION,
            user_id="agent-a",
            device_id="phone-unknown",
            operation_id="op-unknown",
            run_id=f"PR-{REGION}-{self.month.replace('-', '')}",
        )

    async def answer(self, line: Row, who: Who, *, unknown: bool = False) -> Answer:
        targets = self.targets(unknown)
        headers = {"Authorization": f"Bearer {self.gateway.token(who.caller)}"} if who.caller else {}
        body = line.body(targets) if line.body else None
        async with self.limit:
            response = await self.http.request(line.method, self.url(line.path, targets), json=body, headers=headers)
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        return response.status_code, response.json().get("code", "") if problem else ""


@pytest.fixture(scope="module")
async def matrix(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Matrix]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, with_verification=True
    ).start()
    settings = services.gateway_settings()
    gateway = InProcessGateway(settings)
    url = await gateway.start()
    database = create_client(settings)
    users = UserStore(database[settings.database_name][USERS])
    await users.add(CLERK, CO, frozenset(), CLERK_PASSWORD)
    await users.add(PHONE_AGENT, AG, frozenset({VILLAGE_A}), PHONE_AGENT_PASSWORD)
    await database.close()
    officer = {"Authorization": f"Bearer {gateway.token(Caller('officer-1', CO))}"}
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        a, b = new_enrolment(VILLAGE_A), new_enrolment(VILLAGE_B)
        enrolled = [await http.post("/v1/residents", json=body, headers=officer) for body in (a, b)]
        assert [response.status_code for response in enrolled] == [201, 201], [r.text for r in enrolled]
        resident_a, resident_b = (response.json()["resident_id"] for response in enrolled)
        month = today_in_china().strftime("%Y-%m")
        yield Matrix(http, gateway, resident_a, resident_b, a["citizen_id_number"], month)
    await gateway.stop()
    await services.stop()


def _verdict(outcome: Answer | str, answer: Answer, unknown: Answer | None) -> bool:
    if outcome == ALLOWED:
        return answer[0] not in (401, 403)
    if outcome == AS_UNKNOWN:
        return answer == unknown
    return answer == outcome


async def _mismatches(matrix: Matrix, cells: list[tuple[Row, Who, Answer | str]]) -> list[str]:
    async def check(line: Row, who: Who, outcome: Answer | str) -> str:
        answer = await matrix.answer(line, who)
        unknown = await matrix.answer(line, who, unknown=True) if outcome == AS_UNKNOWN else None
        if _verdict(outcome, answer, unknown):
            return ""
        wanted = f"{outcome} {unknown}" if unknown else str(outcome)
        return f"{line.method} {line.path} as {who.name}: {answer}, expected {wanted}"

    found = await asyncio.gather(*(check(line, who, outcome) for line, who, outcome in cells))
    return [mismatch for mismatch in found if mismatch]


def _cells(matrix: Matrix, *, on_services: bool) -> list[tuple[Row, Who, Answer | str]]:
    return [
        (line, who, outcome)
        for line in MATRIX
        for who in callers(matrix.resident_a)
        if depends_on_services(outcome := expected(line, who, matrix.resident_a)) == on_services
    ]


async def test_every_route_answers_each_role_as_the_policy_says(matrix: Matrix) -> None:
    """Refused roles get 403 ROLE_NOT_ALLOWED (401 without a token); admitted ones are served for A's resident or
    village, an agent of another village is told the village is not theirs."""
    cells = _cells(matrix, on_services=False)
    mismatches = await _mismatches(matrix, cells)
    assert not mismatches, "\n".join(mismatches)


async def test_another_villages_resident_is_answered_as_an_unknown_one_and_the_hotline_reads_only_its_caller(
    matrix: Matrix,
) -> None:
    """An agent of B asking about A's resident (by id or ID number) is answered exactly as for an id nobody has;
    the hotline reads a resident only once it verified the caller as that resident."""
    cells = _cells(matrix, on_services=True)
    assert cells
    mismatches = await _mismatches(matrix, cells)
    assert not mismatches, "\n".join(mismatches)


async def test_the_hotline_verified_for_a_reads_a_and_not_b(matrix: Matrix) -> None:
    """The other half of the verified call (depends on the services too): the resident it verified, and only them."""
    verified = Caller("hotline-1", HL, resident_id=matrix.resident_a)
    headers = {"Authorization": f"Bearer {matrix.gateway.token(verified)}"}
    own = await matrix.http.get(f"/v1/residents/{matrix.resident_a}", headers=headers)
    assert own.status_code == 200, own.text
    other = await matrix.http.get(f"/v1/residents/{matrix.resident_b}", headers=headers)
    assert (other.status_code, other.json().get("code")) == (403, "CALLER_NOT_VERIFIED"), other.text


async def test_every_route_of_the_openapi_document_has_a_line_in_the_matrix(matrix: Matrix) -> None:
    document = (await matrix.http.get("/openapi.json")).json()
    served = {(method.upper(), path) for path, operations in document["paths"].items() for method in operations}
    written = {(line.method, line.path) for line in MATRIX}
    assert served - written == set(), f"routes without a line in MATRIX: {sorted(served - written)}"
    assert written - served == set(), f"lines for routes the gateway does not serve: {sorted(written - served)}"
