"""The payroll command line (python -m pension_payout.entrypoints.cli) against the payout service over real gRPC.

The command line uses the synchronous gRPC API, so each command runs in a worker thread while the service answers
in this test's event loop. The setup helpers are copied from test_payroll.py, so that this module stands alone.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from payout_testkit import REGION_TOPIC, enrolment_event, pensioner_events

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension_contracts.policy import policy_message
from pension_deploy.infra import free_port
from pension_kit import cli_session
from pension_kit.cli_session import save_token
from pension_kit.identity import Caller, Role
from pension_kit.pii import PersonalDataVault
from pension_kit.policy import demo_policy
from pension_payout.config import PayoutSettings
from pension_payout.domain.bank_files import read_batch
from pension_payout.entrypoints import cli
from pension_synthetic.bank import answer_batch
from pension_testkit import InProcessServices, eventually, publish, token_for

MONTH = "2026-12"
ENROLLED = date(2011, 8, 1)


@dataclass
class Payout:
    address: str
    kafka: str
    vault: PersonalDataVault
    server_files: Path
    # Each test pays its own pooling region (a valid county code: the command line checks it).
    region: str = ""

    def __post_init__(self) -> None:
        rng = random.Random(uuid.uuid4().int)
        self.region = f"4{rng.randrange(1, 10)}{rng.randrange(10, 100)}{rng.randrange(10, 100)}"

    @property
    def village(self) -> str:
        return f"{self.region}101201"

    @property
    def run_id(self) -> str:
        return f"PR-{self.region}-{MONTH.replace('-', '')}"


@pytest.fixture
async def payout(kafka_broker: Any, ferretdb: Any, tmp_path: Path) -> AsyncIterator[Payout]:
    server_files = tmp_path / "server"
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, bank_files_dir=server_files
    ).start()
    assert services.payout is not None
    yield Payout(
        f"127.0.0.1:{services.payout.port}",
        kafka_broker.bootstrap_servers,
        PersonalDataVault.from_settings(PayoutSettings()),
        server_files,
    )
    await services.stop()


@dataclass
class Result:
    code: int
    out: str
    # Standard error holds this process's other writers too (the in-process services' Kafka clients log there).
    stderr: str

    @property
    def err(self) -> str:
        """The command's own line on standard error: the last one, or the one before a refusal's Chinese line."""
        lines = self.stderr.splitlines()
        if len(lines) > 1 and lines[-1].startswith("拒绝: "):
            return f"{lines[-2]}\n"
        return f"{lines[-1]}\n" if lines else ""


# Each officer's token file, as `login` leaves it (tests/integration/payout/test_cli_sign_in.py signs in for real).
TOKENS = Path(tempfile.mkdtemp(prefix="payroll-cli-tokens-"))


def signed_in(user: str, role: Role) -> Path:
    path = TOKENS / f"{user}-{role.value}"
    save_token(path, token_for(Caller(user, role)))
    return path


async def run_cli(
    capsys: pytest.CaptureFixture[str],
    payout: Payout | None,
    *argv: str,
    user: str = "officer-1",
    role: Role | None = None,
) -> Result:
    """One command, run as a signed-in officer would type it; the service answers in this loop meanwhile."""
    address = ["--address", payout.address] if payout else []
    role = role or (Role.COUNTY_APPROVER if argv[:1] == ("approve",) else Role.COUNTY_OFFICER)
    token_file = ["--token-file", str(signed_in(user, role))]
    code = await asyncio.to_thread(cli.main, [*argv, *address, *token_file])
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


# --- setup, as in test_payroll.py ----------------------------------------------------------------------------------


def pensioner(payout: Payout, **details: Any) -> tuple[str, list[dict[str, Any]]]:
    return pensioner_events(payout.vault, payout.region, payout.village, **details)


async def announce_region(payout: Payout) -> dict[str, str]:
    """The region's policy and three residents, as enrolment announces them (payout hears them asynchronously)."""
    policy = demo_policy(payout.region, datetime(2026, 1, 1, tzinfo=UTC))
    await publish(
        payout.kafka,
        [enrolment_event(enrolment_events.PolicyChanged(policy=policy_message(policy)), payout.region, REGION_TOPIC)],
    )
    # 60 in November 2026 with 20 years: 38,800 fen a month, paid through ABC.
    full_id, full = pensioner(
        payout, birth=date(1966, 11, 10), years=20, balance_fen=2_780_000, bank_code="ABC", seed=1, enrolled_on=ENROLLED
    )
    # 76, needing no contributions: 18,300 fen a month, paid through RCC.
    old_id, old = pensioner(
        payout, birth=date(1950, 3, 1), years=0, balance_fen=0, bank_code="RCC", seed=2, enrolled_on=date(2026, 11, 2)
    )
    # 60 in November 2026 with 9 of 15 years: short of 6.
    short_id, short = pensioner(
        payout, birth=date(1966, 11, 20), years=9, balance_fen=500_000, bank_code="ABC", seed=3, enrolled_on=ENROLLED
    )
    await publish(payout.kafka, full + old + short)
    return {"full": full_id, "old": old_id, "short": short_id}


def counted(out: str, label: str) -> int:
    [line] = [line for line in out.splitlines() if line.startswith(f"{label}:")]
    return int(line.split(":", 1)[1])


# --- tests ---------------------------------------------------------------------------------------------------------


async def test_a_whole_month_through_the_command_line(
    payout: Payout, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    residents = await announce_region(payout)
    region, run = payout.region, payout.run_id

    # The award job, run until payout has heard of everyone (a run before the policy arrived is refused, exit 2).
    granted = 0

    async def everyone_awarded() -> Result | None:
        nonlocal granted
        result = await run_cli(capsys, payout, "awards", "--region", region, "--month", MONTH, "--show-short")
        if result.code == cli_session.EXIT_REFUSED:
            assert result.err.startswith("refused: POLICY_NOT_IN_FORCE (pooling_region_code): "), result.err
            return None
        assert result.code == cli_session.EXIT_OK, result.err
        granted += counted(result.out, "granted")
        return result if granted == 2 and counted(result.out, "short of years") == 1 else None

    awards = await eventually(everyone_awarded, what="both awards granted, one resident short of years")
    assert f"award run for region {region}, month {MONTH}:" in awards.out
    assert "already awarded: 0" in awards.out
    # Listed as first found this month: a run that saw the resident before their contributions says 0 of 15 years.
    assert re.search(rf"\n  {residents['short']} 王\*国 \(village {payout.village}\): [09] of 15 years", awards.out)

    prepared = await run_cli(capsys, payout, "prepare", "--region", region, "--month", MONTH)
    assert prepared.code == cli_session.EXIT_OK, prepared.err
    lines = prepared.out.splitlines()
    assert f"run:        {run}" in lines
    assert "status:     DRAFT" in lines
    assert "payments:   2, 571.00 yuan (57100 fen)" in lines
    assert "  account pension / individual account: 200.00 yuan (20000 fen)" in lines
    assert "approvals:  0 of 2" in lines

    # Refusals: one line with the reason and the field, exit 2.
    by_preparer = await run_cli(capsys, payout, "approve", run, "--reason", "mine")
    assert by_preparer.code == cli_session.EXIT_REFUSED
    assert by_preparer.err.startswith("refused: PAYROLL_APPROVER_IS_PREPARER (approver_id): officer-1 prepared")
    assert by_preparer.out == ""
    too_early = await run_cli(capsys, payout, "export", run, "--out", str(tmp_path / "early"))
    assert too_early.code == cli_session.EXIT_REFUSED
    assert too_early.err.startswith("refused: PAYROLL_NOT_APPROVED (payroll_run_id): ")
    as_officer = await run_cli(capsys, payout, "approve", run, user="approver-1", role=Role.COUNTY_OFFICER)
    assert as_officer.code == cli_session.EXIT_REFUSED and as_officer.err.startswith("refused: ROLE_NOT_ALLOWED: ")

    first = await run_cli(capsys, payout, "approve", run, "--reason", "checked", user="approver-1")
    assert first.code == cli_session.EXIT_OK, first.err
    assert "status:     DRAFT" in first.out and "approvals:  1 of 2" in first.out
    assert "  approver-1 at " in first.out and ": checked" in first.out
    assert "needs 1 more approval(s)" in first.out
    second = await run_cli(capsys, payout, "approve", run, "--request-id", "approve-2", user="approver-2")
    assert second.code == cli_session.EXIT_OK, second.err
    assert "status:     APPROVED" in second.out and "approvals:  2 of 2" in second.out
    # The same command again with its request id (as after a timeout) is the same approval, not a refusal.
    again = await run_cli(capsys, payout, "approve", run, "--request-id", "approve-2", user="approver-2")
    assert (again.code, again.out) == (cli_session.EXIT_OK, second.out)

    out = tmp_path / "out"
    exported = await run_cli(capsys, payout, "export", run, "--out", str(out))
    assert exported.code == cli_session.EXIT_OK, exported.err
    assert f"run {run}: EXPORTED, 2 bank file(s), 2 records, 571.00 yuan (57100 fen)" in exported.out
    files = {bank: out / f"{run}-{bank}.txt" for bank in ("ABC", "RCC")}
    assert f"ABC 中国农业银行: saved {files['ABC']}, 1 records, 388.00 yuan (38800 fen), sha256 " in exported.out
    assert f"RCC 农村信用社: saved {files['RCC']}, 1 records, 183.00 yuan (18300 fen), sha256 " in exported.out
    assert sorted(path.name for path in out.iterdir()) == sorted(path.name for path in files.values())
    for bank, path in files.items():
        header, batch_lines = read_batch(path.read_bytes())  # the trailer checks out
        assert (header.bank_code, len(batch_lines)) == (bank, 1)
        assert path.read_bytes() == (payout.server_files / run / path.name).read_bytes()

    # A file damaged on the way is not saved, and the command fails (exit 1) saying why.
    served = payout.server_files / run / files["ABC"].name
    original = served.read_bytes()
    served.write_bytes(original.replace(b"|38800\n", b"|38801\n"))
    damaged = await run_cli(capsys, payout, "export", run, "--out", str(tmp_path / "damaged"))
    served.write_bytes(original)
    assert damaged.code == cli_session.EXIT_FAILED
    assert f"failed: ABC {run}-ABC: not saved: the payment lines hash to " in damaged.err
    assert sorted(path.name for path in (tmp_path / "damaged").iterdir()) == [files["RCC"].name]

    # A tampered return is refused whole: every mismatch listed, exit 2, nothing applied.
    good_abc = answer_batch(files["ABC"].read_bytes(), returned_on=date(2026, 12, 10))
    tampered = tmp_path / "abc-tampered.txt"
    tampered.write_bytes(good_abc.replace(b"|38800|PAID|", b"|38801|PAID|"))
    refused = await run_cli(capsys, payout, "import-return", run, f"{run}-ABC", str(tampered))
    assert refused.code == cli_session.EXIT_REFUSED
    assert f"return file {tampered} refused for batch {run}-ABC: 3 problem(s), nothing was applied:" in refused.out
    listed = refused.out.splitlines()[1:]
    assert [line.split(" (")[0] for line in listed] == [
        "  line 2: RETURN_AMOUNT_MISMATCH",
        "  trailer: RETURN_TOTAL_MISMATCH",
        "  trailer: RETURN_CHECKSUM_MISMATCH",
    ]
    assert "  line 2: RETURN_AMOUNT_MISMATCH (amount_fen): " in refused.out
    assert refused.err.startswith(f"refused: the return file {tampered} does not answer batch {run}-ABC: 3 problem")
    status = await run_cli(capsys, payout, "status", run)
    assert "paid:       0, 0.00 yuan (0 fen)" in status.out

    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "abc.txt").write_bytes(good_abc)
    (returns / "rcc.txt").write_bytes(
        answer_batch(
            files["RCC"].read_bytes(),
            returned_on=date(2026, 12, 10),
            fail=lambda payment, number: ("ACCOUNT_CLOSED", "账户已销户"),
        )
    )
    abc = await run_cli(capsys, payout, "import-return", run, f"{run}-ABC", str(returns / "abc.txt"))
    assert abc.code == cli_session.EXIT_OK, abc.err
    assert f"return accepted for batch {run}-ABC (ABC 中国农业银行), file abc.txt:" in abc.out
    assert "paid:       1, 388.00 yuan (38800 fen)" in abc.out
    assert f"run {run}: EXPORTED, 1 of 2 bank returns imported" in abc.out
    too_soon = await run_cli(capsys, payout, "close", run)
    assert too_soon.code == cli_session.EXIT_REFUSED and too_soon.err.startswith("refused: PAYROLL_NOT_RETURNED")
    rcc = await run_cli(capsys, payout, "import-return", run, f"{run}-RCC", str(returns / "rcc.txt"))
    assert rcc.code == cli_session.EXIT_OK, rcc.err
    assert "failed:     1, 183.00 yuan (18300 fen)" in rcc.out
    assert f"every bank has answered: close the run with `close {run}`" in rcc.out

    closed = await run_cli(capsys, payout, "close", run)
    assert closed.code == cli_session.EXIT_OK, closed.err
    assert closed.out.splitlines() == [
        f"run:        {run}",
        "status:     CLOSED",
        "paid:       1, 388.00 yuan (38800 fen)",
        "failed:     1, 183.00 yuan (18300 fen)",
        "exported:   2, 571.00 yuan (57100 fen) = paid + failed",
    ]

    status = await run_cli(capsys, payout, "status", run, "--failed")
    assert status.code == cli_session.EXIT_OK, status.err
    assert "status:     CLOSED" in status.out and "approvals:  2 of 2" in status.out
    assert f"  ABC 中国农业银行: {run}-ABC, {run}-ABC.txt, 1 records, 388.00 yuan (38800 fen), RETURNED: " in status.out
    assert "failed payments: 1" in status.out
    assert f"{residents['old']}, 2026-12, 183.00 yuan (18300 fen), RCC " in status.out
    assert "ACCOUNT_CLOSED 账户已销户" in status.out
    assert "closed at:  " in status.out
    as_json = await run_cli(capsys, payout, "status", "--region", region, "--month", MONTH, "--json")
    assert as_json.code == cli_session.EXIT_OK, as_json.err
    document = json.loads(as_json.out)
    assert (document["payroll_run_id"], document["status"]) == (run, "PAYROLL_STATUS_CLOSED")
    assert (document["paid_fen"], document["failed_fen"]) == ("38800", "18300")  # int64 is a string in JSON
    assert document["back_pay_fen"] == "0"  # zeros are there too
    assert document["batches"][0]["bank_name"] == "中国农业银行"

    listed_runs = await run_cli(capsys, payout, "list", "--region", region)
    assert listed_runs.code == cli_session.EXIT_OK, listed_runs.err
    assert listed_runs.out.splitlines()[1].startswith(f"  {MONTH}  {run}  CLOSED    2 payments, 571.00 yuan")


async def test_bad_arguments_and_an_unreachable_service(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bad_month = await run_cli(capsys, None, "prepare", "--region", "411731", "--month", "2026-13")
    assert bad_month.code == 2
    assert "argument --month: '2026-13' is not a month written YYYY-MM, e.g. 2026-12" in bad_month.err
    bad_region = await run_cli(capsys, None, "list", "--region", "411700")
    assert bad_region.code == 2 and "argument --region: '411700': " in bad_region.err
    neither = await run_cli(capsys, None, "status")
    assert neither.code == 2 and "status: give RUN_ID, or both --region and --month" in neither.err
    missing = await run_cli(capsys, None, "import-return", "PR-1", "B-1", str(tmp_path / "none.txt"))
    assert missing.code == 2 and "no such file" in missing.err

    # Nothing listens there: one line, exit 3, with the request id that makes repeating the command safe.
    monkeypatch.setenv(cli.ADDRESS_VARIABLE, f"127.0.0.1:{free_port()}")
    unreachable = await run_cli(capsys, None, "close", "PR-411731-202612", "--request-id", "close-1")
    assert unreachable.code == cli_session.EXIT_UNREACHABLE
    assert unreachable.err.startswith("unavailable: the payout service at 127.0.0.1:")
    assert unreachable.err.endswith("; repeat the command with --request-id close-1 to do it only once\n")
    assert unreachable.stderr == unreachable.err and unreachable.out == ""
