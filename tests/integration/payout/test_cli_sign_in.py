"""Officers sign in for the payroll command line: two approvals need two people who each signed in.

Users are created with the documented command (`python -m pension_gateway users add`), sign in through the
gateway's real HTTP sign-in (`login`), and each later command carries only the token that sign-in gave.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from payout_testkit import REGION_TOPIC, enrolment_event

from pension.enrolment.v1 import events_pb2 as enrolment_events
from pension_contracts.policy import policy_message
from pension_gateway.auth import USERS, UserStore
from pension_kit.cli_session import EXIT_OK, EXIT_REFUSED
from pension_kit.identity import Role
from pension_kit.mongo import create_client
from pension_kit.policy import demo_policy
from pension_payout.entrypoints import cli
from pension_testkit import InProcessGateway, InProcessServices, eventually, publish

MONTH = "2026-12"
PASSWORDS = {"officer": "prepare-the-month", "approver-a": "first-to-check", "approver-b": "second-to-check"}


@dataclass
class Stack:
    services: InProcessServices
    gateway_url: str
    payout_address: str
    region: str
    users: dict[str, str]

    @property
    def run_id(self) -> str:
        return f"PR-{self.region}-{MONTH.replace('-', '')}"


@pytest.fixture
async def stack(kafka_broker: Any, ferretdb: Any, tmp_path: Path) -> AsyncIterator[Stack]:
    services = await InProcessServices(
        kafka_broker.bootstrap_servers, ferretdb.mongo_uri, with_payout=True, bank_files_dir=tmp_path / "bank"
    ).start()
    gateway = InProcessGateway(services.gateway_settings())
    url = await gateway.start()
    assert services.payout is not None
    suffix = uuid.uuid4().hex[:6]
    region = f"4{int(suffix, 16) % 9 + 1}{int(suffix, 16) % 90 + 10}01"
    users = {name: f"{name}-{suffix}" for name in PASSWORDS}
    # The officer is created with the documented command; the approvers through the same store, in-process.
    add_user(gateway, users["officer"], "county_officer", PASSWORDS["officer"])
    client = create_client(gateway.settings)
    store = UserStore(client[gateway.settings.database_name][USERS])
    for name in ("approver-a", "approver-b"):
        await store.add(users[name], Role.COUNTY_APPROVER, frozenset(), PASSWORDS[name])
    await client.close()
    yield Stack(services, url, f"127.0.0.1:{services.payout.port}", region, users)
    await gateway.stop()
    await services.stop()


def add_user(gateway: InProcessGateway, user_id: str, role: str, password: str) -> None:
    """`python -m pension_gateway users add`, as an officer of the agency runs it."""
    environment = {
        **os.environ,
        "PENSION_MONGO_URI": gateway.settings.mongo_uri,
        "PENSION_MONGO_DATABASE": gateway.settings.database_name,
    }
    result = subprocess.run(
        [sys.executable, "-m", "pension_gateway", "users", "add", user_id, "--role", role, "--password-stdin"],
        input=f"{password}\n",
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"user {user_id} added" in result.stdout


async def run_cli(capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    def run() -> int:
        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            return cli.main(argv)
        finally:
            sys.stdin = saved

    code = await asyncio.to_thread(run)
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if not line.startswith("拒绝: ")]  # a refusal's Chinese line
    return code, captured.out, lines[-1] if lines else ""


async def login(capsys: pytest.CaptureFixture[str], stack: Stack, user: str, password: str, token_file: Path) -> int:
    argv = [
        "login",
        "--user",
        user,
        "--gateway",
        stack.gateway_url,
        "--password-stdin",
        "--token-file",
        str(token_file),
    ]
    code, _, _ = await run_cli(capsys, argv, stdin=f"{password}\n")
    return code


async def test_the_same_officer_cannot_approve_twice_even_from_two_sign_ins(
    stack: Stack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = demo_policy(stack.region, datetime(2026, 1, 1, tzinfo=UTC))
    await publish(
        stack.services.kafka_bootstrap,
        [enrolment_event(enrolment_events.PolicyChanged(policy=policy_message(policy)), stack.region, REGION_TOPIC)],
    )
    officer = tmp_path / "officer.token"
    assert await login(capsys, stack, stack.users["officer"], PASSWORDS["officer"], officer) == EXIT_OK
    assert officer.stat().st_mode & 0o077 == 0  # the token is the officer's identity: readable by them only

    async def prepared() -> bool:
        argv = ["prepare", "--region", stack.region, "--month", MONTH, "--address", stack.payout_address]
        code, _, err = await run_cli(capsys, [*argv, "--token-file", str(officer)])
        assert code in (EXIT_OK, EXIT_REFUSED), err
        return code == EXIT_OK

    await eventually(prepared, what="the run prepared once payout has the region's policy")

    def approve(token_file: Path) -> list[str]:
        return [
            "approve",
            stack.run_id,
            "--reason",
            "checked",
            "--address",
            stack.payout_address,
            "--token-file",
            str(token_file),
        ]

    first_session, second_session = tmp_path / "a-morning.token", tmp_path / "a-afternoon.token"
    assert await login(capsys, stack, stack.users["approver-a"], PASSWORDS["approver-a"], first_session) == EXIT_OK
    code, out, err = await run_cli(capsys, approve(first_session))
    assert code == EXIT_OK, err
    assert "approvals:  1 of 2" in out and f"  {stack.users['approver-a']} at " in out

    # The same person signs in again (another terminal, another day) and approves again: refused.
    assert await login(capsys, stack, stack.users["approver-a"], PASSWORDS["approver-a"], second_session) == EXIT_OK
    code, out, err = await run_cli(capsys, approve(second_session))
    assert code == EXIT_REFUSED
    assert err.startswith("refused: PAYROLL_ALREADY_APPROVED_BY_CALLER"), err
    # The preparer cannot approve either.
    code, _, err = await run_cli(capsys, approve(officer))
    assert code == EXIT_REFUSED and err.startswith("refused: ROLE_NOT_ALLOWED"), err

    # A second person who signed in with their own password completes the approval.
    other = tmp_path / "b.token"
    assert await login(capsys, stack, stack.users["approver-b"], PASSWORDS["approver-b"], other) == EXIT_OK
    code, out, err = await run_cli(capsys, approve(other))
    assert code == EXIT_OK, err
    assert "status:     APPROVED" in out and "approvals:  2 of 2" in out


async def test_a_wrong_password_gives_no_token_and_no_command_runs_without_one(
    stack: Stack, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_file = tmp_path / "guess.token"
    argv = ["login", "--user", stack.users["approver-a"], "--gateway", stack.gateway_url, "--password-stdin"]
    code, _, err = await run_cli(capsys, [*argv, "--token-file", str(token_file)], stdin="a-good-guess\n")
    assert code == EXIT_REFUSED
    assert "SIGN_IN_FAILED" in err
    assert not token_file.exists()
    nobody = ["approve", stack.run_id, "--address", stack.payout_address, "--token-file", str(token_file)]
    code, _, err = await run_cli(capsys, nobody)
    assert code == EXIT_REFUSED and err.startswith("refused: NOT_SIGNED_IN"), err
