"""Helpers shared by the integration and end-to-end tests: polling with a deadline, and services in-process."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import grpc
import uvicorn
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import FastAPI

from pension.enrolment.v1 import enrolment_service_pb2
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics
from pension_enrolment.bootstrap import build as build_enrolment
from pension_enrolment.config import EnrolmentSettings
from pension_gateway.config import GatewaySettings
from pension_gateway.main import create_app
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import PROVINCE_CODES, luhn_check_digit, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.policy import demo_policy
from pension_kit.runtime import ServiceRuntime
from pension_kit.tokens import DEVELOPMENT_SIGNING_KEY, SigningKey, TokenSigner, bearer_metadata
from pension_payout.bootstrap import build as build_payout
from pension_payout.config import PayoutSettings
from pension_supervision.bootstrap import build as build_supervision
from pension_supervision.config import SupervisionSettings
from pension_verification.bootstrap import build as build_verification
from pension_verification.config import VerificationSettings

T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T | None]], *, deadline: float = 30.0, what: str = "") -> T:
    """Polls `check` until it returns something truthy, and returns it; fails after `deadline` seconds."""
    end = time.monotonic() + deadline
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"not true within {deadline}s: {what or check}")
        await asyncio.sleep(0.05)


DEMO_VILLAGE = "411723101201"


# Every citizen ID number fresh_citizen_id handed out in this test process: a random draw can repeat one (a
# module's hundreds of enrolments among a few million numbers), and a repeat is refused as a second enrolment.
_ISSUED_CITIZEN_IDS: set[str] = set()


def fresh_citizen_id(
    born_from: date = date(1950, 1, 1), years: int = 50, *, born: date | None = None, region: str = "411723"
) -> str:
    """A citizen ID number no earlier call in this process returned: born on `born`, or on a random day of the
    `years` from `born_from`, in `region` (a real county's code, as a citizen ID number needs)."""
    rng = random.Random(uuid.uuid4().int)
    while True:
        birth = born or born_from + timedelta(days=rng.randrange(365 * years))
        citizen_id = make_citizen_id(region, birth, rng.randrange(1, 1000))
        if citizen_id not in _ISSUED_CITIZEN_IDS:
            _ISSUED_CITIZEN_IDS.add(citizen_id)
            return citizen_id


def new_enrolment(village_code: str = DEMO_VILLAGE, **overrides: Any) -> dict[str, Any]:
    """A valid enrolment request body for a person nobody has enrolled yet (a fresh citizen ID number)."""
    rng = random.Random(uuid.uuid4().int)
    citizen_id = overrides.get("citizen_id_number") or fresh_citizen_id()
    card = "622848" + "".join(str(rng.randrange(10)) for _ in range(12))
    body: dict[str, Any] = {
        "request_id": uuid.uuid4().hex,
        "citizen_id_number": citizen_id,
        "name": "王建国",
        "village_code": village_code,
        "mobile": "138" + "".join(str(rng.randrange(10)) for _ in range(8)),
        "bank_card_number": card + luhn_check_digit(card),
        "bank_code": "ABC",
        "bank_name": "中国农业银行",
        "enrolled_on": date(2026, 1, 5).isoformat(),
    }
    body.update(overrides)
    return body


# Tests sign in as the sign-in service would: tokens signed with the development key, which every process
# started with default settings trusts.
_SIGNER = TokenSigner(SigningKey.from_jwk(DEVELOPMENT_SIGNING_KEY))


def token_for(caller: Caller, ttl_seconds: int = 3600) -> str:
    """A signed token naming `caller`, as `POST /v1/auth/token` issues after a sign-in."""
    return _SIGNER.mint(caller, ttl_seconds)


def signed(caller: Caller) -> tuple[tuple[str, str], ...]:
    """gRPC metadata of a call made by `caller`: their signed token."""
    return bearer_metadata(token_for(caller))


AUDITOR = Caller("auditor-1", Role.AUDITOR)
COUNTY_OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)


@dataclass
class InProcessServices:
    """Enrolment and supervision runtimes started in this process on free ports, with private databases."""

    kafka_bootstrap: str
    mongo_uri: str
    prefix: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    enrolment: ServiceRuntime | None = None
    supervision: ServiceRuntime | None = None
    # Payout runs only where a test asks for it (it consumes every enrolment event); supervision's audit
    # consumer appends every event of every topic, a load a long simulation can do without.
    with_payout: bool = False
    with_supervision: bool = True
    # Verification runs where a test asks for it (with payout: it starts cycles from payout's awards).
    with_verification: bool = False
    bank_files_dir: Path | None = None
    payout: ServiceRuntime | None = None
    verification: ServiceRuntime | None = None
    channels: list[grpc.aio.Channel] = field(default_factory=list)

    def common(self) -> dict[str, Any]:
        return {
            "kafka_bootstrap_servers": self.kafka_bootstrap,
            "mongo_uri": self.mongo_uri,
            "mongo_server_selection_timeout_ms": 1000,
            "grpc_port": 0,
            # Tests write events from outside the service too (the import's command line).
            "outbox_sweep_seconds": 0.5,
        }

    async def start(self) -> InProcessServices:
        # Each test gets its own databases and consumer groups; topics are the catalogue's own.
        self.enrolment = ServiceRuntime(
            EnrolmentSettings(
                mongo_database=f"enrolment_{self.prefix}",
                death_consumer_group=f"enrolment-deaths-{self.prefix}",
                cash_consumer_group=f"enrolment-agent-cash-{self.prefix}",
                payout_consumer_group=f"enrolment-payouts-{self.prefix}",
                **self.common(),
            ),
            build_enrolment,
        )
        if self.with_supervision:
            self.supervision = ServiceRuntime(
                SupervisionSettings(
                    mongo_database=f"supervision_{self.prefix}",
                    audit_consumer_group=f"supervision-audit-{self.prefix}",
                    case_consumer_group=f"supervision-cases-{self.prefix}",
                    daily_complaint_deadlines=False,
                    alerts_consumer_group=f"supervision-alerts-{self.prefix}",
                    reports_consumer_group=f"supervision-reports-{self.prefix}",
                    # Tests publish the audit chain's daily heads on the days they choose, into a folder of theirs.
                    daily_audit_heads=False,
                    audit_heads_dir=Path(tempfile.mkdtemp(prefix="audit-heads-")),
                    **self.common(),
                ),
                build_supervision,
            )
        if self.with_payout:
            self.payout = ServiceRuntime(
                PayoutSettings(
                    mongo_database=f"payout_{self.prefix}",
                    enrolment_consumer_group=f"payout-enrolment-{self.prefix}",
                    verification_consumer_group=f"payout-verification-{self.prefix}",
                    bank_files_dir=self.bank_files_dir or Path(tempfile.mkdtemp(prefix="bank-files-")),
                    **{
                        **self.common(),
                        # Payout is told which documents carry events; its sweep (a scan) is only a safety net.
                        "outbox_sweep_seconds": 10.0,
                    },
                ),
                build_payout,
            )
        if self.with_verification:
            self.verification = ServiceRuntime(
                VerificationSettings(
                    mongo_database=f"verification_{self.prefix}",
                    payout_consumer_group=f"verification-payout-{self.prefix}",
                    enrolment_consumer_group=f"verification-enrolment-{self.prefix}",
                    registry_consumer_group=f"verification-registry-{self.prefix}",
                    signs_of_life_consumer_group=f"verification-signs-of-life-{self.prefix}",
                    # Tests run the deadlines on the days they choose (RunCertificationDeadlines).
                    daily_deadlines=False,
                    **self.common(),
                ),
                build_verification,
            )
        # The catalogue's topics, and the input topics verification reads (registry records, signs of life).
        topics = [*self.enrolment.settings.topics(), *self.enrolment.settings.input_topics()]
        await create_topics(self.kafka_bootstrap, topics)
        # This test's consumer groups read what happens from now on, not every earlier test's events.
        await start_at_the_end(self.kafka_bootstrap, self.consumer_groups(), topics)
        await self.enrolment.start()
        if self.supervision is not None:
            await self.supervision.start()
        if self.payout is not None:
            await self.payout.start()
        if self.verification is not None:
            await self.verification.start()
        return self

    def consumer_groups(self) -> list[str]:
        return [
            value
            for runtime in self.runtimes()
            for name, value in runtime.settings.model_dump().items()
            if name.endswith("_consumer_group")
        ]

    def channel(self, runtime: ServiceRuntime) -> grpc.aio.Channel:
        channel = create_channel(f"127.0.0.1:{runtime.port}")
        self.channels.append(channel)
        return channel

    def gateway_settings(self) -> GatewaySettings:
        assert self.enrolment
        addresses: dict[str, Any] = {
            f"{name}_address": f"127.0.0.1:{runtime.port}"
            for name, runtime in (
                ("enrolment", self.enrolment),
                ("supervision", self.supervision),
                ("payout", self.payout),
                ("verification", self.verification),
            )
            if runtime is not None
        }
        return GatewaySettings(
            kafka_bootstrap_servers=self.kafka_bootstrap,
            mongo_uri=self.mongo_uri,
            mongo_database=f"gateway_{self.prefix}",
            http_port=0,
            **addresses,
        )

    async def stop(self) -> None:
        for channel in self.channels:
            await channel.close()
        for runtime in self.runtimes():
            await runtime.stop(grace=1.0)

    def runtimes(self) -> list[ServiceRuntime]:
        started = (self.enrolment, self.supervision, self.payout, self.verification)
        return [runtime for runtime in started if runtime is not None]


@dataclass
class InProcessGateway:
    """The gateway served by uvicorn in this event loop, on a free port, reached over real HTTP."""

    settings: GatewaySettings
    server: uvicorn.Server | None = None
    task: asyncio.Task[None] | None = None
    # The application to serve when a test has added to the one create_app makes (default: create_app(settings)).
    app: FastAPI | None = None

    async def start(self) -> str:
        app = self.app if self.app is not None else create_app(self.settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_config=None, lifespan="on")
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        await eventually(lambda: _started(self.server), what="gateway started")
        socket = self.server.servers[0].sockets[0]
        return f"http://127.0.0.1:{socket.getsockname()[1]}"

    def token(self, caller: Caller) -> str:
        return token_for(caller)

    async def stop(self) -> None:
        if self.server is not None and self.task is not None:
            self.server.should_exit = True
            await self.task


async def _started(server: uvicorn.Server | None) -> bool:
    return bool(server and server.started)


async def publish(kafka_bootstrap: str, events: list[dict[str, Any]]) -> None:
    """Publishes outbox-style events (kit new_event) to the real broker, in order, as another service would."""
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(event["topic"], event["envelope"], key=event["key"].encode())
    finally:
        await producer.stop()


async def start_at_the_end(bootstrap: str, groups: list[str], topics: list[str]) -> None:
    """Commits the groups' offsets at the topics' ends, so that they read only what this test publishes
    (the session's earlier tests may have left many thousands of events on the same topics)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in await producer.partitions_for(t)]
    finally:
        await producer.stop()

    async def position(group: str) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        await consumer.start()
        try:
            consumer.assign(partitions)
            await consumer.commit(await consumer.end_offsets(partitions))
        finally:
            await consumer.stop()

    await asyncio.gather(*(position(group) for group in groups))


async def ensure_demo_policy(stub: Any, region: str) -> None:
    """The region's demo policy in enrolment: seeded at start in development, otherwise added as its first version."""
    try:
        await stub.GetPolicy(
            enrolment_service_pb2.GetPolicyRequest(pooling_region_code=region),
            metadata=signed(Caller("auditor-1", Role.AUDITOR)),
        )
    except grpc.aio.AioRpcError as error:
        if from_rpc_error(error).reason != "POLICY_NOT_IN_FORCE":
            raise
        await stub.ChangePolicy(
            enrolment_service_pb2.ChangePolicyRequest(
                request_id=uuid.uuid4().hex,
                policy=policy_message(demo_policy(region, datetime.now(UTC))),
                reason="demo values",
            ),
            metadata=signed(Caller(f"officer-{uuid.uuid4().hex[:8]}", Role.COUNTY_OFFICER)),
        )


# Every region code random_region handed out in this test process: the tests share the broker's topics, so two
# tests drawing one county (a few percent of sessions, among the ~60,000 codes of a province digit) would see each
# other's events.
_ISSUED_REGIONS: set[str] = set()


def random_region(province_first_digit: int) -> str:
    """A county's pooling region code no other test uses: a real province's (so that citizen ID numbers born there
    are valid), prefecture and county parts never "00" (a code ending in "00" names a prefecture, which enrolment
    and payout refuse as a pooling region)."""
    rng = random.SystemRandom()
    provinces = sorted(p for p in PROVINCE_CODES if p.startswith(str(province_first_digit)))
    while True:
        code = f"{rng.choice(provinces)}{rng.randrange(1, 100):02d}{rng.randrange(1, 100):02d}"
        if code not in _ISSUED_REGIONS:
            _ISSUED_REGIONS.add(code)
            return code
