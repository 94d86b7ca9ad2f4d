"""The walking skeleton: gateway -> enrolment over gRPC -> Kafka -> supervision's audit chain, in one trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from pension_kit.identity import Caller, Role
from pension_kit.telemetry import configure_telemetry
from pension_testkit import (
    AUDITOR,
    DEMO_VILLAGE,
    InProcessGateway,
    InProcessServices,
    eventually,
    new_enrolment,
)

AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))

_exporter = InMemorySpanExporter()


@pytest.fixture(scope="module")
def spans() -> InMemorySpanExporter:
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    provider.add_span_processor(SimpleSpanProcessor(_exporter))
    configure_telemetry("e2e")
    return _exporter


@pytest.fixture
async def gateway(
    spans: InMemorySpanExporter, kafka_broker: Any, ferretdb: Any
) -> AsyncIterator[tuple[str, InProcessGateway, InProcessServices]]:
    services = await InProcessServices(kafka_broker.bootstrap_servers, ferretdb.mongo_uri).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    yield url, gateway, services
    await gateway.stop()
    await services.stop()


async def test_an_enrolment_reaches_the_audit_chain_in_one_trace(
    gateway: tuple[str, InProcessGateway, InProcessServices], spans: InMemorySpanExporter
) -> None:
    url, gw, _ = gateway
    spans.clear()
    body = new_enrolment()
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        created = await http.post("/v1/residents", json=body, headers={"Authorization": f"Bearer {gw.token(AGENT)}"})
        assert created.status_code == 201, created.text
        resident = created.json()
        assert (
            resident["citizen_id_masked"] == body["citizen_id_number"][:4] + "*" * 10 + body["citizen_id_number"][-4:]
        )
        assert body["citizen_id_number"] not in created.text and body["bank_card_number"] not in created.text

        async def audited() -> list[dict[str, Any]]:
            page = await http.get(
                "/v1/audit/entries",
                params={"subject_key": resident["resident_id"]},
                headers={"Authorization": f"Bearer {gw.token(AUDITOR)}"},
            )
            assert page.status_code == 200, page.text
            entries: list[dict[str, Any]] = page.json()["entries"]
            return entries

        entries = await eventually(audited, what="the enrolment is in the audit chain")
    assert [e["event_type"] for e in entries] == ["pension.enrolment.v1.ResidentEnrolled"]
    assert entries[0]["actor"] == "agent-1" and entries[0]["producer"] == "enrolment"

    http_span = next(
        s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER and s.name == "POST /v1/residents"
    )
    trace_id = http_span.context.trace_id

    async def consumer_span_finished() -> list[ReadableSpan]:
        # The audit entry is visible before the consumer's span ends (it still records its progress).
        return [
            s
            for s in spans.get_finished_spans()
            if s.context.trace_id == trace_id
            and s.name == "pension.enrolment.resident.v1 process"
            # supervision's other consumers (reports) read the same topic in the same trace
            and str((s.attributes or {}).get("messaging.consumer.group.name", "")).startswith("supervision-audit")
        ]

    consumer = await eventually(consumer_span_finished, what="the consumer's span in the request's trace")
    in_trace = [s for s in spans.get_finished_spans() if s.context.trace_id == trace_id]
    names = {s.name for s in in_trace}
    assert "/pension.enrolment.v1.EnrolmentService/Enrol" in names  # the gRPC hop to enrolment
    assert any(s.kind is SpanKind.PRODUCER and "pension.enrolment.resident.v1" in s.name for s in in_trace)
    attributes = dict(consumer[0].attributes or {})
    assert str(attributes["messaging.consumer.group.name"]).startswith("supervision-audit")
    consumed_at = consumer[0].start_time or 0
    # supervision's write of the audit entry belongs to the same trace
    assert any(
        s.kind is SpanKind.CLIENT and "insert" in s.name and (s.start_time or 0) > consumed_at for s in in_trace
    ), f"no database write after the consumer started; spans in the trace: {sorted(names)}"


async def test_a_refusal_names_the_field_and_a_stable_code_and_writes_nothing(
    gateway: tuple[str, InProcessGateway, InProcessServices],
) -> None:
    url, gw, services = gateway
    body = new_enrolment()
    body["citizen_id_number"] = body["citizen_id_number"][:17] + ("0" if body["citizen_id_number"][17] != "0" else "1")
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        refused = await http.post("/v1/residents", json=body, headers={"Authorization": f"Bearer {gw.token(AGENT)}"})
    assert refused.status_code == 400
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "CITIZEN_ID_CHECK_CHARACTER" and problem["field"] == "citizen_id_number"
    assert problem["title_zh"]
    assert body["citizen_id_number"] not in refused.text
    assert services.enrolment is not None
    residents = services.enrolment.context.database["residents"]
    assert await residents.count_documents({"request_id": body["request_id"]}) == 0


async def test_the_hotline_finds_a_resident_by_citizen_id_and_reads_the_account(
    gateway: tuple[str, InProcessGateway, InProcessServices],
) -> None:
    url, gw, _ = gateway
    body = new_enrolment()
    unverified = {"Authorization": f"Bearer {gw.token(Caller('hotline-1', Role.HOTLINE))}"}
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        created = await http.post("/v1/residents", json=body, headers={"Authorization": f"Bearer {gw.token(AGENT)}"})
        assert created.status_code == 201, created.text
        lookup = {"citizen_id_number": body["citizen_id_number"]}
        # Until the hotline has verified that the caller is this resident, it finds nobody.
        refused = await http.post("/v1/residents/lookup", json=lookup, headers=unverified)
        assert (refused.status_code, refused.json()["code"]) == (403, "CALLER_NOT_VERIFIED")
        verified_call = Caller("hotline-1", Role.HOTLINE, resident_id=created.json()["resident_id"])
        hotline = {"Authorization": f"Bearer {gw.token(verified_call)}"}
        found = await http.post("/v1/residents/lookup", json=lookup, headers=hotline)
        assert found.status_code == 200, found.text
        resident_id = found.json()["resident_id"]
        assert resident_id == created.json()["resident_id"]
        account = await http.get(f"/v1/residents/{resident_id}/account", headers=hotline)
    assert account.status_code == 200, account.text
    assert account.json()["balance_fen"] == 0 and account.json()["contributed_years"] == 0
