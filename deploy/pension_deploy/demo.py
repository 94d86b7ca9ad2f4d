"""The demo county for `make up`: a generated population enrolled through the real enrolment service."""

from __future__ import annotations

import asyncio
import base64
import os
import sys
import time
from dataclasses import dataclass
from datetime import date

import grpc

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension_deploy.stack import Endpoints
from pension_gateway.auth import mint_token
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identity import Caller, Role
from pension_kit.protoconv import to_calendar_date
from pension_synthetic import County, ResidentRecord, generate_county, iter_residents

DEMO_SEED = 20260101
DEMO_REFERENCE_DATE = date(2026, 1, 1)
# Small enough to load in seconds on a laptop, large enough to page through villages.
DEMO_SIZE = int(os.environ.get("PENSION_DEMO_SIZE", "2000"))
IN_FLIGHT = 32

_GROUPS = {
    "severe_disability": types_pb2.SPECIAL_GROUP_SEVERE_DISABILITY,
    "minimum_living_allowance": types_pb2.SPECIAL_GROUP_MINIMUM_LIVING_ALLOWANCE,
    "extreme_poverty": types_pb2.SPECIAL_GROUP_EXTREME_POVERTY,
}

LOADER = Caller("demo-loader", Role.COUNTY_OFFICER)


@dataclass(frozen=True)
class DemoSummary:
    enrolled: int
    already_there: int
    seconds: float


def enrol_request(record: ResidentRecord) -> enrolment_service_pb2.EnrolRequest:
    """The enrolment an agent would have submitted for this resident; the request id makes reloading safe."""
    return enrolment_service_pb2.EnrolRequest(
        request_id=f"demo-{DEMO_SEED}-{record.index}",
        citizen_id_number=record.citizen_id,
        name=record.name,
        village_code=record.village_code,
        mobile=record.mobile,
        bank_card_number=record.bank_card,
        bank_code=record.bank_code,
        bank_name=record.bank_name,
        special_groups=[
            enrolment_pb2.SpecialGroupMembership(
                group=_GROUPS[group.kind],
                evidence_ref=group.evidence_ref,
                effective_from=to_calendar_date(group.effective_from),
                effective_until=to_calendar_date(group.effective_to),
            )
            for group in record.special_groups
        ],
        photo_ref=record.photo_ref,
        enrolled_on=to_calendar_date(record.enrolled_on),
        agent_id=record.enrolling_agent_id,
    )


async def enrol_county(enrolment_address: str, size: int = DEMO_SIZE) -> DemoSummary:
    """Enrols the demo county; residents enrolled by an earlier run are counted, not enrolled again."""
    started = time.monotonic()
    county = generate_county(DEMO_SEED, size, DEMO_REFERENCE_DATE)
    channel = create_channel(enrolment_address)
    stub = enrolment_service_pb2_grpc.EnrolmentServiceStub(channel)
    enrolled = already = 0
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def enrol(record: ResidentRecord) -> None:
        nonlocal enrolled, already
        async with slots:
            try:
                await stub.Enrol(enrol_request(record), metadata=LOADER.to_metadata(), timeout=30)
                enrolled += 1
            except grpc.aio.AioRpcError as exc:
                if from_rpc_error(exc).reason != "DUPLICATE_ENROLMENT":
                    raise
                already += 1

    try:
        pending: set[asyncio.Task[None]] = set()
        for record in iter_residents(county, DEMO_SEED, size, DEMO_REFERENCE_DATE):
            task = asyncio.create_task(enrol(record))
            pending.add(task)
            task.add_done_callback(pending.discard)
            if len(pending) >= IN_FLIGHT * 2:
                # Keep memory flat whatever the size: never more than a few dozen requests queued.
                done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for finished in done:
                    finished.result()
        await asyncio.gather(*pending)
    finally:
        await channel.close()
    return DemoSummary(enrolled, already, time.monotonic() - started)


def demo_users(county: County) -> list[tuple[str, Caller]]:
    """One user per role, the village agent being the generated agent of the first village."""
    agent = county.agents[0]
    return [
        ("village agent", Caller(agent.agent_id, Role.VILLAGE_AGENT, frozenset({agent.village_code}))),
        ("county officer", Caller("officer-demo", Role.COUNTY_OFFICER)),
        ("county approver 1", Caller("approver-1", Role.COUNTY_APPROVER)),
        ("county approver 2", Caller("approver-2", Role.COUNTY_APPROVER)),
        ("auditor", Caller("auditor-demo", Role.AUDITOR)),
        ("12333 hotline", Caller("hotline-demo", Role.HOTLINE)),
    ]


async def load_demo(endpoints: Endpoints) -> None:
    """Called by `python -m pension_deploy up` once every process is healthy."""
    summary = await enrol_county(endpoints.service_addresses["enrolment"])
    out = sys.stdout.write
    out(
        f"demo county: {summary.enrolled} residents enrolled, {summary.already_there} already there "
        f"({summary.seconds:.1f} s)\n"
    )
    session_key = base64.b64decode(endpoints.environment["PENSION_SESSION_KEY"])
    county = generate_county(DEMO_SEED, DEMO_SIZE, DEMO_REFERENCE_DATE)
    out("demo bearer tokens (valid 8 hours; `python -m pension_gateway token --help` mints more):\n")
    for label, caller in demo_users(county):
        out(f"  {label:18} {mint_token(session_key, caller, 8 * 3600)}\n")
