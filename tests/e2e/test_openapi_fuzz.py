"""The gateway's OpenAPI document against the live gateway on the real services, broker and database: requests
generated from the document for every operation (schemathesis, valid and invalid ones, seeded), and every answer
is no 5xx, a status the operation lists, the media type and body its schema says, and a sound problem document
for every refusal. The run's request count and 5xx count are printed as one line."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import httpx
import hypothesis
import hypothesis.errors
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from pension_gateway.api.problems import PROBLEM_MEDIA_TYPE, PROBLEM_TYPE_BASE, has_chinese
from pension_kit.identity import Caller, Role
from pension_testkit import DEMO_VILLAGE, InProcessGateway, InProcessServices, new_enrolment

# Examples per operation and per mode (valid, invalid): with the operations of today, about 950 requests in about a
# minute on the shared machine. Seeded (derandomised), so the same requests every run; PENSION_FUZZ_EXAMPLES asks
# for a longer hunt (50: about 4,000 requests).
EXAMPLES: Final = int(os.environ.get("PENSION_FUZZ_EXAMPLES", "12"))
# What `default` covers besides the listed statuses: a service that does not answer in time, or a feature a service
# does not offer (a 500 is a failure by itself).
DEFAULT_STATUSES: Final = frozenset({501, 504})

# Who calls each operation: the first of these roles the operation admits (x-roles), so that an operation is
# exercised past its role check: an officer where officers may, an agent on its phone, the verified hotline.
CALLERS: Final[Mapping[Role, Caller]] = {
    Role.COUNTY_OFFICER: Caller("officer-fuzz", Role.COUNTY_OFFICER),
    Role.VILLAGE_AGENT: Caller("agent-fuzz", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}), device_id="phone-fuzz"),
    Role.TOWNSHIP_OFFICER: Caller("township-fuzz", Role.TOWNSHIP_OFFICER, frozenset({DEMO_VILLAGE})),
    Role.AUDITOR: Caller("auditor-fuzz", Role.AUDITOR),
    Role.COUNTY_APPROVER: Caller("approver-fuzz", Role.COUNTY_APPROVER),
}


@dataclass
class Tally:
    """What the run sent and got back, and every answer that broke a check (one per operation and kind)."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    per_operation: Counter[str] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


def caller_for(operation: Mapping[str, Any], hotline: Caller) -> Caller | None:
    roles = [Role(role) for role in operation.get("x-roles", [])]
    if not roles:
        return None
    if Role.COUNTY_OFFICER in roles:
        return CALLERS[Role.COUNTY_OFFICER]
    return hotline if roles[0] is Role.HOTLINE else CALLERS[roles[0]]


def status_listed(response: schemathesis.Response, case: schemathesis.Case[Any]) -> None:
    """The answer's status is one the operation lists itself (its `default` only stands for 501 and 504)."""
    listed = {code for code in case.operation.responses.status_codes if code != "default"}
    status = response.status_code
    assert str(status) in listed or status in DEFAULT_STATUSES, f"status {status} is not listed: {sorted(listed)}"


def sound_problem(response: schemathesis.Response) -> None:
    """A refusal is an RFC 9457 problem: its status, a stable code named in `type`, English and Chinese titles,
    and `field` the first of `errors` when a field is named."""
    if response.status_code < 400:
        return
    media = response.headers.get("content-type", [""])[0].split(";")[0]
    assert media == PROBLEM_MEDIA_TYPE, f"a {response.status_code} answered as {media!r}, not a problem"
    problem = response.json()
    assert problem["status"] == response.status_code, problem
    assert problem["type"] == PROBLEM_TYPE_BASE + problem["code"].lower().replace("_", "-"), problem
    assert problem["title"] and has_chinese(problem["title_zh"]), problem
    if problem.get("field"):
        assert problem["errors"][0]["field"] == problem["field"], problem


CHECKS: Final = [not_a_server_error, content_type_conformance, response_schema_conformance]


def fuzz(base_url: str, document: dict[str, Any], tokens: Mapping[str, str]) -> Tally:
    """Every operation of `document`, `EXAMPLES` valid and `EXAMPLES` invalid requests each (runs in a thread:
    schemathesis calls are blocking, and the gateway and services answer on the test's event loop)."""
    schema = schemathesis.openapi.from_dict(document)
    tally = Tally()
    with requests.Session() as session:
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation = result.ok()
            token = tokens.get(operation.label, "")
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    _exercise(operation, mode, Client(base_url, session, headers, tally))
                except hypothesis.errors.Unsatisfiable:
                    # An operation with no parameter and no body has no invalid request to make.
                    assert mode is GenerationMode.NEGATIVE, operation.label
    return tally


@dataclass(frozen=True)
class Client:
    base_url: str
    session: requests.Session
    headers: dict[str, str]
    tally: Tally


def _exercise(operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode, client: Client) -> None:
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: a failure is recorded with the request that found it, and the run stays bounded.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def exercise(case: schemathesis.Case[Any]) -> None:
        # The caller's own token, also where the generated request carries a made-up one (invalid requests
        # include some sent without any: 401 TOKEN_MISSING, as documented).
        case.headers.update(client.headers)
        response = case.call(base_url=client.base_url, session=client.session, timeout=60)
        client.tally.requests += 1
        client.tally.statuses[response.status_code] += 1
        client.tally.per_operation[operation.label] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=client.headers)
            status_listed(response, case)
            sound_problem(response)
        except (AssertionError, Exception, BaseExceptionGroup) as failure:
            key = f"{operation.label} [{mode.value}] {type(failure).__name__}"
            if key not in client.tally.failures:
                request = f"{case.method} {case.formatted_path} query={case.query} body={case.body!r}"[:600]
                answer = f"{response.status_code} {response.text[:400]}"
                client.tally.failures[key] = f"{str(failure)[:1200]}\n    request: {request}\n    answer: {answer}"

    exercise()


@dataclass
class Live:
    url: str
    gateway: InProcessGateway
    hotline: Caller


@pytest.fixture(scope="module")
async def live(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Live]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, with_verification=True
    ).start()
    # The rate limits have tests of their own; here they would answer most of an operation's requests 429 and leave
    # the route behind them unexercised.
    unlimited = 1_000_000
    gateway = InProcessGateway(
        services.gateway_settings().model_copy(
            update={
                "agent_requests_per_window": unlimited,
                "device_requests_per_window": unlimited,
                "hotline_requests_per_window": unlimited,
                "sign_in_attempts_per_window": unlimited,
                "address_requests_per_window": unlimited,
            }
        )
    )
    url = await gateway.start()
    # One enrolled resident: the hotline's token is verified for them.
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        enrolled = await http.post(
            "/v1/residents",
            json=new_enrolment(),
            headers={"Authorization": f"Bearer {gateway.token(CALLERS[Role.COUNTY_OFFICER])}"},
        )
        assert enrolled.status_code == 201, enrolled.text
    hotline = Caller("hotline-fuzz", Role.HOTLINE, resident_id=enrolled.json()["resident_id"])
    yield Live(url, gateway, hotline)
    await gateway.stop()
    await services.stop()


@pytest.mark.timeout(600)
# schemathesis's strategies use `random` inside (its concern, not this test's): one warning per operation otherwise.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
async def test_every_operation_answers_as_its_openapi_document_says(
    live: Live, capsys: pytest.CaptureFixture[str]
) -> None:
    async with httpx.AsyncClient(base_url=live.url, timeout=60) as http:
        document: dict[str, Any] = (await http.get("/openapi.json")).json()
    tokens = {
        f"{method.upper()} {path}": live.gateway.token(caller)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if (caller := caller_for(operation, live.hotline)) is not None
    }
    tally = await asyncio.to_thread(fuzz, live.url, document, tokens)
    line = (
        f"openapi fuzz: {tally.requests} requests, {tally.server_errors} 5xx, "
        f"{len(document['paths'])} paths; statuses {dict(sorted(tally.statuses.items()))}"
    )
    # The figure the closing note quotes, on the terminal whatever pytest captures.
    with capsys.disabled():
        sys.stdout.write(f"\n{line}\n")
    failures = "\n".join(f"- {key}: {message}" for key, message in sorted(tally.failures.items()))
    assert not tally.failures, f"{line}\n{failures}"
    assert tally.server_errors == 0, line
    # Every operation was exercised (a schema schemathesis could not read would otherwise pass unnoticed).
    assert set(tokens) <= set(tally.per_operation), sorted(set(tokens) - set(tally.per_operation))
    assert len(tally.per_operation) == sum(len(operations) for operations in document["paths"].values())
