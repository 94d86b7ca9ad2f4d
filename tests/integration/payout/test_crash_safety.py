"""A payroll process killed with SIGKILL at any point and run again ends with exactly an uninterrupted run's payments.

Two real payout processes (`python -m pension_payout`) consume the same enrolment events into their own
databases, so both know the same pensioners. Process B prepares, approves and exports the month without
interruption: its payments and bank files are the reference. Process A is killed with SIGKILL part-way
through preparing (three times, at different points) and part-way through exporting (twice), restarted
each time, and asked again; it must end with exactly B's payments, totals and bank-file lines.

The kill points adapt to the machine: some follow what A has done (its first payments written, a bank
file being written; A runs in slices of milliseconds and is stopped while that is checked, so the kill lands
while the step is under way), the others are fractions of how long B took for the same step. Each kill is
reported with what A's database and folder held just after it (shown on failure, or with -rP).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from payout_testkit import bank_ref, card
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from pension.common.v1 import types_pb2
from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension.payout.v1 import payout_pb2, payout_service_pb2, payout_service_pb2_grpc
from pension_contracts.policy import policy_message
from pension_deploy.infra import create_topics, free_port
from pension_kit.events import new_event
from pension_kit.grpc_client import create_channel
from pension_kit.grpc_errors import from_rpc_error
from pension_kit.identifiers import Month
from pension_kit.identity import Caller, Role
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_kit.protoconv import to_calendar_date, to_year_month
from pension_payout.adapters.staging import STAGED_FILE
from pension_payout.adapters.store import run_id
from pension_payout.config import PayoutSettings
from pension_payout.domain.bank_files import BatchLine, read_batch
from pension_testkit import eventually, publish, random_region, signed, start_at_the_end

MONTH = Month(2026, 12)
# The region's pensioners. Most turned 60 between December 2022 and October 2026, the others were 60 before
# the scheme began and enrolled between 2019 and 2025: each is paid back to their first month, a payment a
# month, so the run holds some 3,200 payments (two of the payroll's 2,000-payment chunks) from 100 awards.
RESIDENTS = 100
BANKS = {"ABC": "中国农业银行", "RCC": "农村信用社", "PSBC": "中国邮政储蓄银行"}
# When process A is killed while preparing, and while exporting: as soon as it has written its first
# payments (or its first bank file), or after fractions of the time process B took for the same step.
PREPARE_KILL_FRACTIONS = (0.5, 0.85)
EXPORT_KILL_FRACTION = 0.3
CALL_TIMEOUT = 120.0
PREPARER = Caller("officer-1", Role.COUNTY_OFFICER)
APPROVERS = (Caller("approver-1", Role.COUNTY_APPROVER), Caller("approver-2", Role.COUNTY_APPROVER))
Stub = payout_service_pb2_grpc.PayoutServiceStub


# --- a payout service as a real process --------------------------------------------------------------


@dataclass
class PayoutProcess:
    """`python -m pension_payout` with its own database, consumer group and bank-files folder."""

    name: str
    environment: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    channel: grpc.aio.Channel | None = None

    @property
    def stub(self) -> Stub:
        assert self.channel is not None, f"{self.name} is not running"
        return Stub(self.channel)

    def _log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _spawn(self, port: int) -> subprocess.Popen[bytes]:
        environment = {**os.environ, **self.environment, "PENSION_GRPC_PORT": str(port)}
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "pension_payout"],
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    async def start(self) -> None:
        """Starts the process on a free port and waits (polling) until its gRPC health says SERVING."""
        await self._forget()
        port = free_port()
        self.proc = self._spawn(port)
        self.channel = create_channel(f"127.0.0.1:{port}")
        health = health_pb2_grpc.HealthStub(self.channel)
        proc = self.proc

        async def serving() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {proc.returncode}:\n{self._log_tail()}")
            try:
                response = await health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0)
            except grpc.aio.AioRpcError:
                return False
            return bool(response.status == health_pb2.HealthCheckResponse.SERVING)

        await eventually(serving, deadline=60.0, what=f"{self.name} SERVING")

    async def pause(self) -> None:
        """SIGSTOP, returning once the kernel reports the process stopped: it does nothing until `resume`."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 10.0
        while _process_state(self.proc.pid) != "T":
            assert time.monotonic() < deadline, f"{self.name} did not stop"
            await asyncio.sleep(0.0005)

    def resume(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)

    async def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed or closed; the process is simply gone."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        assert await asyncio.to_thread(self.proc.wait, 30) == -signal.SIGKILL

    async def stop(self) -> None:
        """SIGTERM, then SIGKILL if the process is still there after a deadline."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(proc.wait, 15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await asyncio.to_thread(proc.wait, 15)
        await self._forget()

    async def _forget(self) -> None:
        if self.channel is not None:
            await self.channel.close()
        self.channel = None


# --- the region's pensioners, as enrolment announces them -------------------------------------------


def contributing(index: int) -> bool:
    """Whether pensioner `index` of region_events contributed (the others were 60 before the scheme began)."""
    return index % 6 != 0


def region_events(region: str, vault: PersonalDataVault) -> list[dict[str, Any]]:
    """The demo policy and RESIDENTS pensioners with varied ages, years, balances and banks."""
    resident_topic = PayoutSettings().topic_enrolment_resident
    policy = demo_policy(region, datetime(2026, 1, 1, tzinfo=UTC))
    events = [
        new_event(
            topic=PayoutSettings().topic_enrolment_region,
            payload=enrolment_events.PolicyChanged(policy=policy_message(policy)),
            subject_key=region,
            producer="enrolment",
            actor="test",
        )
    ]
    name = vault.seal("王建国", purpose="name")
    sealed_name = types_pb2.SealedValue(key_id=name.key_id, nonce=name.nonce, ciphertext=name.ciphertext)
    for index in range(RESIDENTS):
        resident_id = f"R{uuid.uuid4().hex[:20]}"
        if not contributing(index):
            # 60 before the scheme began (no years needed), enrolled later: old-age bonuses that grow with age.
            birth = date(1940, 1, 1) + timedelta(days=(index * 131) % 4000)
            enrolled = date(2019 + index % 7, 1 + index % 12, 5)
            years, balance = 0, 0
        else:
            # Turned 60 between December 2022 and October 2026: paid back to the month after.
            birth = date(1962, 12, 1) + timedelta(days=(index * 37) % 1420)
            enrolled = date(2011, 8, 1)
            years, balance = 15 + index % 21, 100_000 + (index * 7919) % 5_000_000
        events += [
            new_event(
                topic=resident_topic,
                payload=enrolment_events.ResidentEnrolled(
                    resident_id=resident_id,
                    pooling_region_code=region,
                    village_code=f"{region}101{201 + index % 4}",
                    citizen_id_masked="4117**********123X",
                    name_masked="王*国",
                    birth_date=to_calendar_date(birth),
                    enrolled_on=to_calendar_date(enrolled),
                    bank_account=bank_ref(vault, card(index), list(BANKS)[index % len(BANKS)]),
                    sealed_name=sealed_name,
                ),
                subject_key=resident_id,
                producer="enrolment",
                actor="test",
            ),
            new_event(
                topic=resident_topic,
                payload=enrolment_events.ContributionRecorded(
                    resident_id=resident_id,
                    year=2025,
                    contributed_years=years,
                    balance_after_fen=balance,
                    pooling_region_code=region,
                ),
                subject_key=resident_id,
                producer="enrolment",
                actor="test",
            ),
        ]
    return events


# --- the payroll's steps, over gRPC -----------------------------------------------------------------


async def award_everyone(process: PayoutProcess, database: Any, region: str) -> None:
    """Waits until the process has every pensioner with their contributions, then runs the award job.

    Awarding someone whose contributions have not arrived yet would find them short of years (and award
    them later without back pay): the two processes would then pay differently, for a reason of no interest.
    """
    contributors = sum(contributing(index) for index in range(RESIDENTS))

    async def projected() -> bool:
        residents = await database.residents.count_documents({"pooling_region_code": region})
        with_years = await database.residents.count_documents(
            {"pooling_region_code": region, "contributed_years": {"$gte": 15}}
        )
        return bool(residents == RESIDENTS and with_years == contributors)

    async def awarded() -> bool:
        try:
            await process.stub.RunAwards(
                payout_service_pb2.RunAwardsRequest(
                    request_id=uuid.uuid4().hex, pooling_region_code=region, month=to_year_month(MONTH)
                ),
                metadata=signed(PREPARER),
                timeout=CALL_TIMEOUT,
            )
        except grpc.aio.AioRpcError as error:
            if from_rpc_error(error).reason != "POLICY_NOT_IN_FORCE":
                raise
            return False  # the policy has not reached this process yet
        short = await database.short_of_years.count_documents({"pooling_region_code": region})
        assert not short, f"{process.name}: {short} pensioners found short of years"
        return bool(await database.awards.count_documents({"pooling_region_code": region}) == RESIDENTS)

    await eventually(projected, deadline=60.0, what=f"{process.name}: {RESIDENTS} residents projected")
    await eventually(awarded, deadline=30.0, what=f"{process.name}: {RESIDENTS} awards")


def prepare_call(process: PayoutProcess, region: str) -> Any:
    return process.stub.PreparePayroll(
        payout_service_pb2.PreparePayrollRequest(
            request_id=uuid.uuid4().hex, pooling_region_code=region, month=to_year_month(MONTH)
        ),
        metadata=signed(PREPARER),
        timeout=CALL_TIMEOUT,
    )


def export_call(process: PayoutProcess, run: str) -> Any:
    return process.stub.ExportPayroll(
        payout_service_pb2.ExportPayrollRequest(request_id=uuid.uuid4().hex, payroll_run_id=run),
        metadata=signed(PREPARER),
        timeout=CALL_TIMEOUT,
    )


async def approve(process: PayoutProcess, run: str) -> None:
    """The two sign-offs the run needs, by two approvers who did not prepare it."""
    status = None
    for approver in APPROVERS:
        response = await process.stub.ApprovePayroll(
            payout_service_pb2.ApprovePayrollRequest(request_id=uuid.uuid4().hex, payroll_run_id=run, reason="checked"),
            metadata=signed(approver),
            timeout=CALL_TIMEOUT,
        )
        status = response.payroll.status
    assert status == payout_pb2.PAYROLL_STATUS_APPROVED


Trigger = Callable[[], Awaitable[bool]]


@dataclass
class Kill:
    """One SIGKILL: during which step, when, and what the process had done by then."""

    step: str
    trigger: str
    after: float = 0.0  # seconds from sending the call to the kill
    answered_first: bool = False  # the call had answered before the kill (which then lands after it)
    state: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        answered = " (the call had answered first)" if self.answered_first else ""
        facts = ", ".join(f"{key}={value}" for key, value in self.state.items())
        return f"{self.step} killed {self.trigger}, {self.after * 1000:.0f} ms in{answered}: {facts}"


def _process_state(pid: int) -> str:
    """The kernel's one-letter state of a process ("T": stopped): the field after the parenthesised command name."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


async def kill_part_way(
    process: PayoutProcess, call: Any, kill: Kill, *, delay: float = 0.0, when: Trigger | None = None
) -> None:
    """Sends `call`, SIGKILLs the process `delay` seconds later or as soon as `when` holds, and waits for it to die."""
    sent = time.monotonic()
    task = asyncio.ensure_future(call)
    if when is None:
        # The kill point itself: a chosen wait while the process works on the call, not a wait for a state.
        await asyncio.sleep(delay)
    else:
        # The process works in slices of a few milliseconds and is stopped (SIGSTOP) while `when` is checked, so a
        # step found under way is still under way when the kill lands, however fast the step or loaded the machine
        # (polling a running process missed exports that took a tenth of a second).
        deadline = time.monotonic() + CALL_TIMEOUT
        while not task.done():
            await process.pause()
            if await when():
                break
            process.resume()
            assert time.monotonic() < deadline, f"{kill.step}: not {kill.trigger} within {CALL_TIMEOUT}s"
            await asyncio.sleep(0.002)
    kill.answered_first = task.done()
    kill.after = time.monotonic() - sent
    await process.kill()
    try:
        await task
    except grpc.aio.AioRpcError as error:
        if error.code() != grpc.StatusCode.UNAVAILABLE:
            raise  # a refusal, not the death of the process


def files_state(folder: Path) -> dict[str, Any]:
    """What the run's folder holds: the staged payments and bank files, whole or still being written."""
    names = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
    return {
        "staged": "whole"
        if STAGED_FILE in names
        else "partial"
        if any(n.startswith(STAGED_FILE) and n.endswith(".partial") for n in names)
        else "none",
        "bank_files": sum(not name.startswith(STAGED_FILE) and not name.endswith(".partial") for name in names),
        "bank_files_partial": sum(not name.startswith(STAGED_FILE) and name.endswith(".partial") for name in names),
    }


async def prepare_state(database: Any, run: str, region: str, folder: Path) -> dict[str, Any]:
    document = await database.payroll_runs.find_one({"_id": run}, {"status": 1, "preparing": 1})
    return {
        "payments": await database.payments.count_documents({"payroll_run_id": run}),
        "awards_with_back_pay_pending": await database.awards.count_documents(
            {"pooling_region_code": region, "back_pay_pending.0": {"$exists": True}}
        ),
        "run": None if document is None else f"{document['status']}{' preparing' if document['preparing'] else ''}",
        "staged": files_state(folder)["staged"],
    }


async def export_state(database: Any, run: str, folder: Path) -> dict[str, Any]:
    document = await database.payroll_runs.find_one({"_id": run}, {"status": 1})
    assert document is not None
    return {"run": document["status"], **files_state(folder)}


def without_outbox(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if not key.startswith("outbox")}


def batch_lines(folder: Path, file_name: str) -> tuple[Any, list[BatchLine]]:
    header, lines = read_batch((folder / file_name).read_bytes())
    return header, sorted(lines, key=lambda line: line.payment_id)


# --- the test ---------------------------------------------------------------------------------------


async def test_a_payroll_killed_at_any_point_and_run_again_pays_exactly_what_an_uninterrupted_run_pays(
    kafka_broker: Any, ferretdb: Any, tmp_path: Path
) -> None:
    began = time.monotonic()
    settings = PayoutSettings()
    vault = PersonalDataVault.from_settings(settings)
    region = random_region(5)
    run = run_id(region, MONTH)
    prefix = uuid.uuid4().hex[:8]
    folders = {name: tmp_path / f"bank-files-{name}" for name in ("a", "b")}

    def process(name: str) -> PayoutProcess:
        return PayoutProcess(
            name,
            {
                "PENSION_ENV": "test",
                "PENSION_SERVICE_NAME": "payout",
                "PENSION_KAFKA_BOOTSTRAP_SERVERS": kafka_broker.bootstrap_servers,
                "PENSION_MONGO_URI": ferretdb.mongo_uri,
                "PENSION_MONGO_DATABASE": f"payout_crash_{name}_{prefix}",
                "PENSION_MONGO_SERVER_SELECTION_TIMEOUT_MS": "2000",
                "PENSION_GRPC_HOST": "127.0.0.1",
                "PENSION_ENROLMENT_CONSUMER_GROUP": f"payout-crash-{name}-{prefix}-enrolment",
                "PENSION_VERIFICATION_CONSUMER_GROUP": f"payout-crash-{name}-{prefix}-verification",
                "PENSION_BANK_FILES_DIR": str(folders[name]),
                "PENSION_OUTBOX_SWEEP_SECONDS": "0.5",
                "OTEL_TRACES_EXPORTER": "none",
                "OTEL_METRICS_EXPORTER": "none",
                "OTEL_LOGS_EXPORTER": "none",
                "PYTHONUNBUFFERED": "1",
            },
            tmp_path / f"payout-{name}.log",
        )

    a, b = process("a"), process("b")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(ferretdb.mongo_uri)
    db_a, db_b = client[f"payout_crash_a_{prefix}"], client[f"payout_crash_b_{prefix}"]
    report: list[str] = []

    def note(line: str) -> None:
        report.append(f"{time.monotonic() - began:5.1f}s {line}")

    try:
        await create_topics(kafka_broker.bootstrap_servers, settings.topics())
        groups = [f"payout-crash-{name}-{prefix}-{kind}" for name in "ab" for kind in ("enrolment", "verification")]
        await start_at_the_end(kafka_broker.bootstrap_servers, groups, settings.topics())
        await asyncio.gather(a.start(), b.start())
        await publish(kafka_broker.bootstrap_servers, region_events(region, vault))
        await asyncio.gather(award_everyone(a, db_a, region), award_everyone(b, db_b, region))
        note(f"{RESIDENTS} pensioners awarded by both processes")

        # --- B, never killed: the reference -------------------------------------------------------
        started = time.monotonic()
        reference = (await prepare_call(b, region)).payroll
        prepare_seconds = time.monotonic() - started
        await approve(b, run)
        started = time.monotonic()
        exported_b = (await export_call(b, run)).payroll
        export_seconds = time.monotonic() - started
        assert exported_b.status == payout_pb2.PAYROLL_STATUS_EXPORTED
        total = reference.payment_count
        note(
            f"B (never killed): {total} payments, {reference.total_fen} fen; "
            f"prepared in {prepare_seconds:.2f}s, exported in {export_seconds:.2f}s"
        )

        # --- A: killed part-way through preparing, three times, then prepared to the end ------------
        async def some_payments_written() -> bool:
            return bool(await db_a.payments.find_one({"payroll_run_id": run}, {"_id": 1}))

        export_asked_ns = 0

        async def a_bank_file_rewritten() -> bool:
            # A bank file the export opened since it was asked (a killed export leaves its .partial files behind).
            folder = folders["a"] / run
            return any(
                path.name.endswith(".partial")
                and not path.name.startswith(STAGED_FILE)
                and path.stat().st_mtime_ns >= export_asked_ns
                for path in folder.iterdir()
            )

        kills: list[Kill] = []
        schedule: list[tuple[str, float, Trigger | None]] = [
            ("once its first payments were written", 0.0, some_payments_written),
            *[(f"at {f:.0%} of B's time", f * prepare_seconds, None) for f in PREPARE_KILL_FRACTIONS],
        ]
        for trigger, delay, when in schedule:
            kill = Kill("prepare", trigger)
            await kill_part_way(a, prepare_call(a, region), kill, delay=delay, when=when)
            kill.state = await prepare_state(db_a, run, region, folders["a"] / run)
            kills.append(kill)
            note(str(kill))
            await a.start()
        prepared_a = (await prepare_call(a, region)).payroll
        assert (prepared_a.payment_count, prepared_a.total_fen) == (total, reference.total_fen)
        await approve(a, run)

        # --- A: killed part-way through exporting, twice, then exported to the end ------------------
        schedule = [
            (f"at {EXPORT_KILL_FRACTION:.0%} of B's time", EXPORT_KILL_FRACTION * export_seconds, None),
            ("once it was writing a bank file", 0.0, a_bank_file_rewritten),
        ]
        for trigger, delay, when in schedule:
            kill = Kill("export", trigger)
            export_asked_ns = time.time_ns()
            await kill_part_way(a, export_call(a, run), kill, delay=delay, when=when)
            kill.state = await export_state(db_a, run, folders["a"] / run)
            kills.append(kill)
            note(str(kill))
            await a.start()
        exported_a = (await export_call(a, run)).payroll
        assert exported_a.status == payout_pb2.PAYROLL_STATUS_EXPORTED
        note(f"A prepared and exported after {len(kills)} kills")

        # The kills really landed part-way: some payments written and others not, an export unfinished.
        part_way_prepares = [k for k in kills if k.step == "prepare" and 0 < k.state["payments"] < total]
        part_way_exports = [k for k in kills if k.step == "export" and k.state["run"] == "EXPORTING"]
        summary = "\n".join(report)
        assert part_way_prepares, f"no prepare was killed with some but not all payments written:\n{summary}"
        assert part_way_exports, f"no export was killed unfinished:\n{summary}"

        # --- A ends with exactly B's payments ------------------------------------------------------
        stored_a, stored_b = await asyncio.gather(
            db_a.payments.find({"payroll_run_id": run}).to_list(), db_b.payments.find({"payroll_run_id": run}).to_list()
        )
        payments_a = {p["_id"]: without_outbox(p) for p in stored_a}
        payments_b = {p["_id"]: without_outbox(p) for p in stored_b}
        assert len(stored_a) == len(payments_a) == len(payments_b) == total  # no payment twice, none missing
        assert len({(p["award_id"], p["month"]) for p in stored_a}) == total  # no award paid a month twice
        assert sorted(payments_a) == sorted(payments_b)
        differing = [key for key in payments_b if payments_a[key] != payments_b[key]]
        assert not differing, f"{len(differing)} differ, e.g. {payments_a[differing[0]]} != {payments_b[differing[0]]}"
        assert {p["kind"] for p in stored_a} == {"REGULAR", "BACK_PAY"}
        assert "CANCELLED" not in {p["status"] for p in stored_a}
        assert not await db_a.awards.count_documents({"back_pay_pending.0": {"$exists": True}})
        # The run: its totals, its batches, and the lines of the bank files.
        run_a, run_b = await db_a.payroll_runs.find_one({"_id": run}), await db_b.payroll_runs.find_one({"_id": run})
        assert run_a is not None and run_b is not None
        assert (run_a["status"], run_b["status"]) == ("EXPORTED", "EXPORTED")
        assert run_a["totals"] == run_b["totals"]
        assert (run_a["totals"]["payment_count"], run_a["totals"]["total_fen"]) == (total, reference.total_fen)

        def batches(document: dict[str, Any]) -> list[dict[str, Any]]:
            # Lines may come out in another order (the payments were written in another), so not the sha256.
            return [{k: v for k, v in batch.items() if k != "sha256"} for batch in document["batches"]]

        assert batches(run_a) == batches(run_b)
        # As GetPayroll shows them (less who approved when, and the files' hashes).
        shown = []
        for payout in (a, b):
            message = (
                await payout.stub.GetPayroll(
                    payout_service_pb2.GetPayrollRequest(payroll_run_id=run), metadata=signed(PREPARER)
                )
            ).payroll
            for field_name in ("prepared_at", "exported_at", "approvals"):
                message.ClearField(field_name)
            for batch in message.batches:
                batch.ClearField("sha256")
            shown.append(message)
        assert shown[0] == shown[1]
        assert shown[0].status == payout_pb2.PAYROLL_STATUS_EXPORTED
        assert sorted(batch["bank_code"] for batch in run_a["batches"]) == sorted(BANKS)
        assert sum(batch["record_count"] for batch in run_a["batches"]) == total
        assert sum(batch["total_fen"] for batch in run_a["batches"]) == reference.total_fen
        for batch in run_a["batches"]:
            header_a, lines_a = batch_lines(folders["a"] / run, batch["file_name"])
            header_b, lines_b = batch_lines(folders["b"] / run, batch["file_name"])
            assert header_a == header_b
            assert (len(lines_a), sum(line.amount_fen for line in lines_a)) == (
                batch["record_count"],
                batch["total_fen"],
            )
            assert lines_a == lines_b
        files_a = sorted(path.name for path in (folders["a"] / run).iterdir())
        assert files_a == sorted(path.name for path in (folders["b"] / run).iterdir())
        assert not [name for name in files_a if name.endswith(".partial")]
        note(f"A matched B: {total} payments, {len(run_a['batches'])} bank files")
        print("\n".join(report))  # noqa: T201 - where the kills landed, shown with -s or -rP
    finally:
        await asyncio.gather(a.stop(), b.stop())
        with contextlib.suppress(PyMongoError):
            await client.drop_database(db_a.name)
            await client.drop_database(db_b.name)
        await client.close()
