"""On three Kafka brokers and two instances of every service: a 20,000-award payroll and a stream of enrolments
survive a broker and a payout and an enrolment instance killed with SIGKILL mid-payroll.

The cluster is `make up-cluster`'s (pension_deploy.stack.start_stack with cluster=True) on free ports in a tmp
folder: brokers with replication factor 3 and min.insync.replicas 2; enrolment, payout, verification, supervision
and the gateway twice each, sharing consumer groups and databases. The awards are seeded in the store's own
shapes (bench/payroll.py's seed_awards), twice: into payout's database, and into a reference database whose
payroll runs undisturbed in this process. While enrolments go to both enrolment instances (5 a second, from the
seeding to the end of the payroll), payout instance 1 prepares the month; once its first payments are written,
it, a broker and enrolment instance 1 are SIGKILLed. The broker is restarted once the cluster has taken it out of
the ISRs; instance 2 prepares again; two approvals (one on each instance); the restarted instance 1 exports and
is SIGKILLed again part-way; instance 2 finishes the export.

At the end: every payment exactly once and the bank files line for line the reference's; every enrolment in
payout's, verification's and supervision's records once, and once in the audit log; the audit chain intact.
Printed (not asserted): the `cluster:` line with events, payments, kills, the broker's rejoin time (ISR back to
3) and the time until every consumer group's lag was back to zero after the broker's restart.

Minutes long, so not in `make test`: run by `make test-cluster` (pyproject's testpaths leave tests/cluster out).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from datetime import date
from pathlib import Path
from typing import Any

import grpc
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from pymongo import AsyncMongoClient

from bench.payroll import MONTH, REGION, ours, seed_awards
from pension.enrolment.v1 import enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension.supervision.v1 import supervision_service_pb2, supervision_service_pb2_grpc
from pension_deploy.infra import KafkaBroker, free_port
from pension_deploy.stack import Stack, StackSettings, start_stack, topic_names
from pension_kit.grpc_client import create_channel
from pension_kit.identity import Caller, Role
from pension_kit.mongo import ensure_indexes
from pension_kit.pii import PersonalDataVault
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_kit.tokens import SigningKey, TokenSigner, bearer_metadata
from pension_payout.adapters.staging import STAGED_FILE
from pension_payout.adapters.store import INDEXES, PayoutStore, run_id
from pension_payout.config import PayoutSettings
from pension_payout.domain.bank_files import read_batch
from pension_testkit import DEMO_VILLAGE, eventually, new_enrolment

AWARDS = 20_000
# At least this many enrolments, ENROLMENT_RATE a second, from the seeding of the awards to the end of the payroll.
ENROLMENTS = 300
ENROLMENT_RATE = 5.0
CALL_TIMEOUT = 900.0
SETTLE_DEADLINE = 600.0
OFFICER = Caller("officer-1", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-1", Role.COUNTY_APPROVER), Caller("approver-2", Role.COUNTY_APPROVER))
AGENT = Caller("agent-1", Role.VILLAGE_AGENT, frozenset({DEMO_VILLAGE}))
AUDITOR = Caller("auditor-1", Role.AUDITOR)
REFERENCE_DATABASE = "cluster_reference_payout"


def say(line: str) -> None:
    print(f"  {line}", flush=True)  # noqa: T201 - the stack's progress, seen with -s


@pytest.fixture(scope="module")
async def cluster(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stack]:
    """The cluster of `make up-cluster`, on free ports in a tmp folder; stopped after the module."""
    ports = {name: free_port() for name in StackSettings.model_fields if name.endswith("_port")}
    settings = StackSettings(run_dir=tmp_path_factory.mktemp("cluster"), **ports)
    stack = await asyncio.to_thread(start_stack, settings, say, demo=False, cluster=True)
    try:
        yield stack
    finally:
        await asyncio.to_thread(stack.stop)


# --- what Kafka says ---------------------------------------------------------------------------------


async def under_replicated(admin: AIOKafkaAdminClient, topics: list[str]) -> int:
    """Partitions of the topics with fewer than three replicas in sync."""
    described = await admin.describe_topics(topics)
    return sum(len(p["isr"]) < 3 for t in described for p in t["partitions"])


async def asked(question: Awaitable[int]) -> int | None:
    """The answer, or None when the client asked the dead broker (it tries another at the next poll)."""
    try:
        return await question
    except KafkaError:
        return None


async def total_lag(admin: AIOKafkaAdminClient, ends: AIOKafkaConsumer) -> int:
    """Messages not yet consumed, summed over every consumer group and every partition it has committed."""
    committed: list[tuple[TopicPartition, int]] = []
    for group, *_ in await admin.list_consumer_groups():
        offsets = await admin.list_consumer_group_offsets(group)
        committed += [(partition, max(offset.offset, 0)) for partition, offset in offsets.items()]
    if not committed:
        return 0
    end = await ends.end_offsets(list({partition for partition, _ in committed}))
    return sum(max(0, end[partition] - offset) for partition, offset in committed)


async def events_published(admin: AIOKafkaAdminClient, ends: AIOKafkaConsumer, topics: list[str]) -> int:
    """Every event on the topics: the sum of their partitions' end offsets."""
    described = await admin.describe_topics(topics)
    partitions = [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]
    return sum((await ends.end_offsets(partitions)).values())


# --- the enrolment stream ------------------------------------------------------------------------------


async def enrol_stream(stubs: list[Any], signer: TokenSigner, enrolled: list[str], over: asyncio.Event) -> int:
    """Enrolments at ENROLMENT_RATE a second, alternating between the instances, until `over` is set and at least
    ENROLMENTS were answered; a call to a dead instance is sent again, with the same request id, to the other
    (the request id makes it once). Returns how many calls were sent again."""
    metadata = bearer_metadata(signer.mint(AGENT, 3600))
    turn = itertools.cycle(range(len(stubs)))
    began = time.monotonic()
    sent_again = 0
    while not over.is_set() or len(enrolled) < ENROLMENTS:
        # A steady rate, as agents in the villages send them, rather than as fast as two cores allow: the
        # stream is to go on through the whole payroll, not to starve it.
        await asyncio.sleep(max(0.0, began + len(enrolled) / ENROLMENT_RATE - time.monotonic()))
        body = new_enrolment(DEMO_VILLAGE)
        request = enrolment_service_pb2.EnrolRequest(
            **{k: v for k, v in body.items() if k != "enrolled_on"},
            enrolled_on=to_calendar_date(date.fromisoformat(body["enrolled_on"])),
        )
        first = next(turn)
        until = time.monotonic() + CALL_TIMEOUT
        for attempt in itertools.count():
            stub = stubs[(first + attempt) % len(stubs)]
            try:
                response = await stub.Enrol(request, metadata=metadata, timeout=30)
                break
            except grpc.aio.AioRpcError as error:
                if error.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    raise
                assert time.monotonic() < until, f"enrolment not answered within {CALL_TIMEOUT}s: {error.details()}"
                sent_again += 1
                await asyncio.sleep(0.2)  # back off before the other instance
        enrolled.append(response.resident.resident_id)
    return sent_again


# --- the test -------------------------------------------------------------------------------------------


@pytest.mark.timeout(2400)  # the cluster's start, two 20,000-award payrolls and the recovery, on two cores
async def test_a_payroll_and_enrolments_survive_a_broker_and_instances_killed_mid_payroll(
    cluster: Stack, tmp_path: Path
) -> None:
    began = time.monotonic()
    endpoints = cluster.endpoints
    environment = endpoints.environment
    bootstrap = endpoints.kafka_bootstrap_servers
    signer = TokenSigner(SigningKey.from_jwk(endpoints.token_signing_key))

    def signed(caller: Caller) -> tuple[tuple[str, str], ...]:
        return bearer_metadata(signer.mint(caller, 3600))

    # The stack's own keys (as the services got them), so that the seeded awards' sealed cards open.
    settings = PayoutSettings.model_validate(
        {
            "mongo_uri": endpoints.mongo_uri,
            "pii_keys": environment["PENSION_PII_KEYS"],
            "lookup_key": environment["PENSION_LOOKUP_KEY"],
        }
    )
    vault = PersonalDataVault.from_settings(settings)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(endpoints.mongo_uri)
    payout_db = client[settings.database_name]
    reference = PayoutStore(client[REFERENCE_DATABASE])
    run = run_id(REGION, MONTH)
    apps = cluster.apps

    def address(name: str) -> str:
        return str(apps[name].check.target)

    channels = {name: create_channel(address(name)) for name in ("payout", "payout-2", "enrolment", "enrolment-2")}
    payout = {name: payout_service_pb2_grpc.PayoutServiceStub(channels[name]) for name in ("payout", "payout-2")}
    enrolment = [enrolment_service_pb2_grpc.EnrolmentServiceStub(channels[n]) for n in ("enrolment", "enrolment-2")]
    supervision_channel = create_channel(endpoints.service_addresses["supervision"])
    supervision = supervision_service_pb2_grpc.SupervisionServiceStub(supervision_channel)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="cluster-test")
    ends = AIOKafkaConsumer(bootstrap_servers=bootstrap, client_id="cluster-test-ends")
    await admin.start()
    await ends.start()
    topics = topic_names()
    kills: list[str] = []
    figures: dict[str, float] = {}

    def note(line: str) -> None:
        say(f"{time.monotonic() - began:6.1f}s {line}")

    try:
        # --- awards, twice, while the enrolments begin ------------------------------------------------
        enrolled: list[str] = []
        payroll_over = asyncio.Event()
        enrolment_stream = asyncio.create_task(enrol_stream(enrolment, signer, enrolled, payroll_over))
        await ensure_indexes(reference.database, list(INDEXES))
        await seed_awards(PayoutStore(payout_db), vault, AWARDS, seed=1)
        await seed_awards(reference, vault, AWARDS, seed=1)
        note(f"{AWARDS:,} awards seeded twice; {len(enrolled)} enrolments so far")

        # --- the reference: the same payroll, undisturbed, in this process --------------------------------
        reference_settings = settings.model_copy(update={"bank_files_dir": tmp_path / "reference-bank-files"})
        expected = (await ours(reference_settings, reference, vault))["run"]
        assert expected.totals is not None
        note(f"reference run: {expected.totals.payment_count:,} payments, {expected.totals.total_fen:,} fen")

        # --- the payroll on the cluster, with kills -------------------------------------------------------
        def prepare(name: str) -> Any:
            return payout[name].PreparePayroll(
                payout_service_pb2.PreparePayrollRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=REGION, month=to_year_month(MONTH)
                ),
                metadata=signed(OFFICER),
                timeout=CALL_TIMEOUT,
            )

        def export(name: str) -> Any:
            return payout[name].ExportPayroll(
                payout_service_pb2.ExportPayrollRequest(request_id=uuid.uuid4().hex, payroll_run_id=run),
                metadata=signed(OFFICER),
                timeout=CALL_TIMEOUT,
            )

        async def unanswered(call: Any) -> None:
            with contextlib.suppress(grpc.aio.AioRpcError):
                await call  # UNAVAILABLE: its server was killed

        first_prepare = asyncio.ensure_future(prepare("payout"))

        async def some_payments_written() -> bool:
            return bool(await payout_db.payments.find_one({"payroll_run_id": run}, {"_id": 1}))

        await eventually(some_payments_written, deadline=CALL_TIMEOUT, what="payout-1 writing payments")
        victim: KafkaBroker = cluster.brokers[1]
        await asyncio.gather(
            asyncio.to_thread(apps["payout"].kill),
            asyncio.to_thread(victim.kill),
            asyncio.to_thread(apps["enrolment"].kill),
        )
        killed_at = time.monotonic()
        written = await payout_db.payments.count_documents({"payroll_run_id": run})
        kills += [
            f"payout-1 preparing, at {written:,} payments",
            victim.name,
            f"enrolment-1 at {len(enrolled)} enrolments",
        ]
        note("SIGKILLed " + ", ".join(kills))
        await unanswered(first_prepare)

        async def watch_the_broker() -> None:
            """Restarts the broker once the cluster has noticed its death, then times its rejoin and the lag."""

            async def noticed() -> bool:
                return await asked(under_replicated(admin, topics)) not in (None, 0)

            async def in_sync() -> bool:
                return await asked(under_replicated(admin, topics)) == 0

            async def caught_up() -> bool:
                return await asked(total_lag(admin, ends)) == 0

            await eventually(noticed, deadline=SETTLE_DEADLINE, what=f"{victim.name} out of the ISRs")
            figures["noticed"] = time.monotonic() - killed_at
            restarted = time.monotonic()
            await asyncio.to_thread(victim.start, wait=False)
            await eventually(in_sync, deadline=SETTLE_DEADLINE, what=f"{victim.name} back in every ISR")
            figures["rejoin"] = time.monotonic() - restarted
            await eventually(caught_up, deadline=SETTLE_DEADLINE, what="every consumer group's lag at zero")
            figures["lag_zero"] = time.monotonic() - restarted

        broker = asyncio.create_task(watch_the_broker())
        await asyncio.to_thread(apps["payout"].start, wait=False)
        await asyncio.to_thread(apps["enrolment"].start, wait=False)

        prepared = (await prepare("payout-2")).payroll
        assert (prepared.payment_count, prepared.total_fen) == (AWARDS, expected.totals.total_fen)
        note(f"payout-2 prepared {prepared.payment_count:,} payments")
        await asyncio.to_thread(apps["payout"].wait_ready, 120.0)
        for approver, name in zip(APPROVERS, ("payout", "payout-2"), strict=True):
            await payout[name].ApprovePayroll(
                payout_service_pb2.ApprovePayrollRequest(request_id=uuid.uuid4().hex, payroll_run_id=run),
                metadata=signed(approver),
                timeout=CALL_TIMEOUT,
            )

        # The restarted payout-1 exports and is killed again part-way; payout-2 finishes the export.
        first_export = asyncio.ensure_future(export("payout"))

        folder = Path(environment["PENSION_BANK_FILES_DIR"]) / run

        def bank_files() -> list[str]:
            """The bank files in the run's folder, whole or still being written (not the staged payments)."""
            names = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
            return [name for name in names if not name.startswith(STAGED_FILE)]

        async def writing_bank_files() -> bool:
            return bool(bank_files())

        # Killed once it has begun a bank file: the export is then part-way, some lines or files written.
        await eventually(writing_bank_files, deadline=CALL_TIMEOUT, what="payout-1 writing bank files")
        await asyncio.to_thread(apps["payout"].kill)
        at_kill = await payout_db.payroll_runs.find_one({"_id": run}, {"status": 1})
        assert at_kill is not None
        begun = bank_files()
        kills.append(f"payout-1 exporting, run {at_kill['status']}, {len(begun)} bank files begun")
        note(f"SIGKILLed {kills[-1]}: {begun}")
        await unanswered(first_export)
        await asyncio.to_thread(apps["payout"].start, wait=False)
        exported = (await export("payout-2")).payroll
        assert exported.status == payout_pb2.PAYROLL_STATUS_EXPORTED
        note(f"payout-2 exported {len(exported.batches)} bank files")
        payroll_over.set()
        sent_again = await enrolment_stream
        await broker
        # Every process is back: the restarted ones serve again, and no other died along the way.
        for process in [*cluster.brokers, cluster.ferretdb, *apps.values()]:
            await asyncio.to_thread(process.wait_ready, 120.0)
        note(
            f"{len(enrolled)} enrolments answered ({sent_again} sent again to the other instance); "
            f"{victim.name} out of the ISRs {figures['noticed']:.1f}s after its death, back in all "
            f"{figures['rejoin']:.1f}s after its restart; consumer lag zero {figures['lag_zero']:.1f}s after it"
        )

        # --- every payment once, the bank files the reference's ---------------------------------------
        payments = await payout_db.payments.find({"payroll_run_id": run}, {"award_id": 1, "month": 1}).to_list()
        assert len(payments) == AWARDS
        assert len({(p["award_id"], p["month"]) for p in payments}) == AWARDS
        stored = await payout_db.payroll_runs.find_one({"_id": run})
        assert stored is not None
        assert stored["totals"]["payment_count"] == expected.totals.payment_count
        assert stored["totals"]["total_fen"] == expected.totals.total_fen
        reference_folder = tmp_path / "reference-bank-files" / run
        assert sorted(b.file_name for b in expected.batches) == sorted(b["file_name"] for b in stored["batches"])
        for batch in expected.batches:
            header, lines = read_batch((folder / batch.file_name).read_bytes())
            expected_header, expected_lines = read_batch((reference_folder / batch.file_name).read_bytes())
            assert header == expected_header
            assert sorted(lines, key=lambda line: line.payment_id) == sorted(
                expected_lines, key=lambda line: line.payment_id
            )
        assert not [path.name for path in folder.iterdir() if path.name.endswith(".partial")]

        # --- every enrolment reached every consumer once -----------------------------------------------
        assert len(enrolled) == len(set(enrolled)) >= ENROLMENTS
        records = {
            "payout": client[settings.database_name].residents,
            "verification": client["pension_verification"].registry_residents,
            "supervision": client["pension_supervision"].resident_facts,
        }
        audit_log = client["pension_supervision"].audit_log

        async def everyone_everywhere() -> bool:
            for collection in records.values():
                if await collection.count_documents({"_id": {"$in": enrolled}}) != len(enrolled):
                    return False
            audited = await audit_log.count_documents(
                {"event_type": {"$regex": "ResidentEnrolled$"}, "subject_key": {"$in": enrolled}}
            )
            return bool(audited >= len(enrolled))

        await eventually(everyone_everywhere, deadline=SETTLE_DEADLINE, what="every enrolment in every consumer")
        event_ids = Counter(d["event_id"] for d in await audit_log.find({}, {"event_id": 1}).to_list())
        assert [event for event, times in event_ids.items() if times > 1] == []
        enrolled_audited = await audit_log.count_documents(
            {"event_type": {"$regex": "ResidentEnrolled$"}, "subject_key": {"$in": enrolled}}
        )
        assert enrolled_audited == len(enrolled)

        verdict = await supervision.VerifyAuditChain(
            supervision_service_pb2.VerifyAuditChainRequest(request_id=uuid.uuid4().hex),
            metadata=signed(AUDITOR),
            timeout=CALL_TIMEOUT,
        )
        assert verdict.intact, verdict

        events = await events_published(admin, ends, topics)
        print(  # noqa: T201 - the figures the issue asks for, seen with -s
            f"cluster: {events:,} events, {len(payments):,} payments, {len(enrolled)} enrolments "
            f"({sent_again} sent again), {len(kills)} kills ({'; '.join(kills)}), "
            f"{victim.name} out of the ISRs {figures['noticed']:.1f}s after its SIGKILL, "
            f"back in every ISR {figures['rejoin']:.1f}s after its restart, "
            f"consumer lag back to zero {figures['lag_zero']:.1f}s after its restart, "
            f"audit chain intact over {verdict.entries_checked:,} entries, {time.monotonic() - began:.0f}s in all"
        )
    finally:
        await ends.stop()
        await admin.close()
        for channel in (*channels.values(), supervision_channel):
            await channel.close()
        await client.close()
