"""The auditors' command line against the running supervision service: signed in at the gateway, cases worked, the
audit chain checked, refusals with their reason code and field, exit codes.

Tested end to end: login, alerts list/show/dismiss, cases open/update/show/list, audit verify/entries, complaints
list/show/extend/update/check-deadlines, reconcile run/show, disclosure show, notice show.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from supervision_api_testkit import SupervisionStack, supervision_stack

from pension.enrolment.v1 import enrolment_pb2, enrolment_service_pb2, enrolment_service_pb2_grpc
from pension.supervision.v1 import supervision_pb2, supervision_service_pb2, supervision_service_pb2_grpc
from pension_gateway.auth import USERS, UserStore
from pension_kit.cli_session import EXIT_OK, EXIT_REFUSED, EXIT_UNREACHABLE
from pension_kit.clock import CHINA
from pension_kit.identity import Caller, Role
from pension_kit.mongo import create_client
from pension_kit.protoconv import to_calendar_date
from pension_supervision.entrypoints import cli
from pension_testkit import eventually, random_region, signed

PASSWORD = "check-the-fund-books"


@pytest.fixture(scope="module")
async def stack(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[SupervisionStack]:
    async with supervision_stack(kafka_broker.bootstrap_servers, ferretdb.mongo_uri) as running:
        yield running


async def signed_in(stack: SupervisionStack, folder: Path, role: Role) -> tuple[str, Path]:
    """A user created in the gateway's users, signed in with the command line's `login`: their token file."""
    user = f"{role.value.replace('_', '-')}-{uuid.uuid4().hex[:6]}"
    client = create_client(stack.gateway.settings)
    await UserStore(client[stack.gateway.settings.database_name][USERS]).add(user, role, frozenset(), PASSWORD)
    await client.close()
    token_file = folder / "token"
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
    code, out, err = await run(argv, stdin=f"{PASSWORD}\n")
    assert code == EXIT_OK, err
    assert f"signed in as {user}" in out and token_file.stat().st_mode & 0o077 == 0
    return user, token_file


@pytest.fixture(scope="module")
async def auditor(stack: SupervisionStack, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    return await signed_in(stack, tmp_path_factory.mktemp("auditor"), Role.AUDITOR)


@pytest.fixture(scope="module")
async def officer(stack: SupervisionStack, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    return await signed_in(stack, tmp_path_factory.mktemp("officer"), Role.COUNTY_OFFICER)


async def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """The command line in a thread (its gRPC calls are blocking; the services answer in this event loop)."""
    out, err = io.StringIO(), io.StringIO()

    def call() -> int:
        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            return cli.main(argv, out=out, err=err)
        finally:
            sys.stdin = saved

    code = await asyncio.to_thread(call)
    return code, out.getvalue(), err.getvalue()


def session(stack: SupervisionStack, token_file: Path) -> list[str]:
    return ["--address", stack.supervision_address, "--token-file", str(token_file), "--timeout", "30"]


async def test_an_auditor_opens_works_and_reads_a_case_from_the_command_line(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    user, token_file = auditor
    alert_id = await stack.alert(amount_fen=123_456)
    code, out, err = await run(
        [
            "cases",
            "open",
            "--alert",
            alert_id,
            "--title",
            "疑似死亡后冒领",
            "--assign",
            "officer-2",
            *session(stack, token_file),
        ]
    )
    assert code == EXIT_OK, err
    assert "已立案 open" in out and "1,234.56 元 yuan (123456 fen)" in out and alert_id in out
    case_id = next(line.split()[-1] for line in out.splitlines() if line.startswith("案件编号 case:"))

    code, out, err = await run(
        [
            "cases",
            "update",
            case_id,
            "--status",
            "investigating",
            "--recovered-fen",
            "23456",
            "--note",
            "家属退回部分",
            "--attach",
            "SCAN-0001.pdf",
            *session(stack, token_file),
        ]
    )
    assert code == EXIT_OK, err
    assert "调查中 investigating" in out and "234.56 元 yuan (23456 fen)" in out
    assert f"{user}  [调查中 investigating]  家属退回部分" in out

    code, out, err = await run(["cases", "show", case_id, "--json", *session(stack, token_file)])
    assert code == EXIT_OK, err
    shown = json.loads(out)
    assert shown["case_record"]["recovered_fen"] == "23456" and shown["case_record"]["attachment_refs"] == [
        "SCAN-0001.pdf"
    ]

    code, out, err = await run(
        ["cases", "list", "--region", stack.region, "--status", "investigating", *session(stack, token_file)]
    )
    assert code == EXIT_OK, err
    assert case_id in out and "共 1 条 1 shown" in out


async def test_a_timed_out_opening_repeated_with_its_request_id_opens_one_case(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    _, token_file = auditor
    alert_id = await stack.alert()
    request_id = uuid.uuid4().hex
    argv = ["cases", "open", "--alert", alert_id, "--title", "重复提交", "--request-id", request_id]
    first = await run(argv + session(stack, token_file))
    second = await run(argv + session(stack, token_file))
    assert first[0] == second[0] == EXIT_OK, (first[2], second[2])
    assert first[1] == second[1]


async def test_the_services_refusal_is_printed_with_its_reason_and_field_and_exits_2(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    _, token_file = auditor
    code, _, err = await run(["cases", "show", "CS-NOTHING", *session(stack, token_file)])
    assert code == EXIT_REFUSED
    assert "refused: CASE_NOT_FOUND (case_id)" in err and "拒绝: 案件不存在" in err
    alert_id = await stack.alert()
    opened = await run(["cases", "open", "--alert", alert_id, "--title", "t", *session(stack, token_file)])
    assert opened[0] == EXIT_OK
    code, _, err = await run(["cases", "open", "--alert", alert_id, "--title", "again", *session(stack, token_file)])
    assert code == EXIT_REFUSED and "ALERT_ALREADY_IN_CASE (alert_ids)" in err


async def test_the_audit_chain_is_checked_and_its_entries_listed(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    user, token_file = auditor
    alert_id = await stack.alert()
    assert (await run(["cases", "open", "--alert", alert_id, "--title", "审计", *session(stack, token_file)]))[0] == 0

    async def listed() -> str | None:
        code, out, _ = await run(
            ["audit", "entries", "--subject", stack.region, "--limit", "1000", *session(stack, token_file)]
        )
        assert code == EXIT_OK
        return out if "pension.supervision.v1.CaseOpened" in out else None

    out = await eventually(listed, what="the case's opening in the audit log")
    assert user in out
    code, out, err = await run(["audit", "verify", *session(stack, token_file)])
    assert code == EXIT_OK, err
    assert "完整 intact" in out and "entries checked:" in out
    code, out, _ = await run(["audit", "verify", "--json", *session(stack, token_file)])
    assert code == EXIT_OK and json.loads(out)["intact"] is True


async def test_an_unreachable_service_exits_3_and_says_how_to_repeat(auditor: tuple[str, Path]) -> None:
    _, token_file = auditor
    request_id = uuid.uuid4().hex
    code, _, err = await run(
        [
            "alerts",
            "dismiss",
            "AL-" + "0" * 24,
            "--reason",
            "误报",
            "--request-id",
            request_id,
            "--address",
            "127.0.0.1:9",
            "--token-file",
            str(token_file),
            "--timeout",
            "5",
        ]
    )
    assert code == EXIT_UNREACHABLE
    assert f"--request-id {request_id}" in err


async def test_an_auditor_reads_alerts_and_dismisses_one_with_a_reason(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    _, token_file = auditor
    region = random_region(4)
    first = await stack.raise_alert(region=region, amount_fen=250_000)
    second = await stack.raise_alert(region=region)
    code, out, err = await run(
        ["alerts", "list", "--region", region, "--rule", "payment_after_death", *session(stack, token_file)]
    )
    assert code == EXIT_OK, err
    assert first.alert_id in out and second.alert_id in out and "共 2 条 2 shown" in out
    assert "死亡后仍发放 payment_after_death" in out and "2,500.00 元 yuan (250000 fen)" in out

    code, out, err = await run(["alerts", "show", first.alert_id, *session(stack, token_file)])
    assert code == EXIT_OK, err
    assert "死亡后仍发放2026年7月待遇" in out and "a pension for 2026-07 was paid after the recorded death" in out
    assert "证据 evidence (1):" in out and "pension.payout.v1.PaymentSettled" in out and "90 / 100" in out

    code, out, err = await run(
        ["alerts", "dismiss", first.alert_id, "--reason", "死亡登记有误，本人健在", *session(stack, token_file)]
    )
    assert code == EXIT_OK, err
    assert "已排除 dismissed" in out and "死亡登记有误，本人健在" in out
    code, out, _ = await run(
        ["alerts", "list", "--region", region, "--status", "open", "--json", *session(stack, token_file)]
    )
    assert code == EXIT_OK
    assert [a["alert_id"] for a in json.loads(out)] == [second.alert_id]
    code, _, err = await run(["alerts", "dismiss", first.alert_id, "--reason", "再次", *session(stack, token_file)])
    assert code == EXIT_REFUSED and "refused: ALERT_NOT_OPEN" in err


async def test_a_reconciliation_with_the_fund_accounts_figures_shows_the_difference(
    stack: SupervisionStack, auditor: tuple[str, Path], tmp_path: Path
) -> None:
    _, token_file = auditor
    region = random_region(4)
    figures = tmp_path / "figures.csv"
    figures.write_text(
        "item,fund,amount_fen,statement_ref\nbenefit_expenditure,pooled,123456,BANK-0731\n", encoding="utf-8"
    )
    code, out, err = await run(
        [
            "reconcile",
            "run",
            "--region",
            region,
            "--month",
            "2026-07",
            "--figures",
            str(figures),
            *session(stack, token_file),
        ]
    )
    assert code == EXIT_OK, err
    assert "不平 NOT BALANCED" in out and "差异 difference" in out and "1,234.56" in out
    code, shown, err = await run(
        ["reconcile", "show", "--region", region, "--month", "2026-07", "--json", *session(stack, token_file)]
    )
    assert code == EXIT_OK, err
    reconciliation = json.loads(shown)["reconciliation"]
    assert reconciliation["balanced"] is False and reconciliation["pooling_region_code"] == region
    assert any(line["fund_account_fen"] == "123456" for line in reconciliation["lines"])

    bad = tmp_path / "bad.csv"
    bad.write_text("item,fund,amount_fen\nbenefit_expenditure,pooled,1234.56\n", encoding="utf-8")
    code, _, err = await run(
        [
            "reconcile",
            "run",
            "--region",
            region,
            "--month",
            "2026-08",
            "--figures",
            str(bad),
            *session(stack, token_file),
        ]
    )
    assert code == EXIT_REFUSED and "FIGURE_AMOUNT_INVALID (figures line 2: amount_fen)" in err
    code, _, err = await run(
        ["reconcile", "show", "--region", region, "--month", "2026-08", *session(stack, token_file)]
    )
    assert code == EXIT_REFUSED and "RECONCILIATION_NOT_FOUND" in err


async def test_a_villages_notice_and_a_regions_disclosure_are_read(
    stack: SupervisionStack, auditor: tuple[str, Path]
) -> None:
    _, token_file = auditor
    region = random_region(4)
    village = f"{region}101201"
    assert stack.services.enrolment is not None
    enrolment = enrolment_service_pb2_grpc.EnrolmentServiceStub(stack.services.channel(stack.services.enrolment))
    await enrolment.LoadVillages(
        enrolment_service_pb2.LoadVillagesRequest(
            request_id=uuid.uuid4().hex,
            pooling_region_code=region,
            villages=[enrolment_pb2.Village(village_code=village, name="李庄村", township_name="城关镇")],
            reason="catalogue",
        ),
        metadata=signed(Caller("officer-1", Role.COUNTY_OFFICER)),
        timeout=30,
    )

    async def notice() -> str | None:
        code, out, err = await run(
            ["notice", "show", "--village", village, "--month", "2026-07", *session(stack, token_file)]
        )
        if code == EXIT_REFUSED and "VILLAGE_NOT_FOUND" in err:
            return None
        assert code == EXIT_OK, err
        return out

    out = await eventually(notice, deadline=60, what="the village reaches supervision's notice")
    assert f"李庄村 {village} 2026-07" in out and "缴费人员 contributors (0):" in out and "0.00 元 yuan (0 fen)" in out

    code, out, err = await run(
        ["disclosure", "show", "--region", region, "--year", "2026", *session(stack, token_file)]
    )
    assert code == EXIT_OK, err
    assert "2026 全年 whole year" in out and "参保人数 enrolled:" in out and "个人缴费 personal_contribution" in out


async def test_a_ticket_is_read_extended_worked_and_flagged_overdue_once(
    stack: SupervisionStack, auditor: tuple[str, Path], officer: tuple[str, Path]
) -> None:
    _, auditor_token = auditor
    officer_id, officer_token = officer
    region = random_region(4)
    # Received five days ago: an extension is decided before the due date, which is 30 days after receipt.
    received = datetime.now(CHINA).date() - timedelta(days=5)
    assert stack.services.supervision is not None
    supervision = supervision_service_pb2_grpc.SupervisionServiceStub(
        stack.services.channel(stack.services.supervision)
    )
    filed = await supervision.FileComplaint(
        supervision_service_pb2.FileComplaintRequest(
            request_id=uuid.uuid4().hex,
            kind=supervision_pb2.COMPLAINT_KIND_REPORT,
            channel=supervision_pb2.COMPLAINT_CHANNEL_HOTLINE,
            pooling_region_code=region,
            subject="举报冒领养老金",
            description="邻居去世后家属仍在领取",
            complainant_name="王建国",
            complainant_mobile="13800138000",
            received_on=to_calendar_date(received),
        ),
        metadata=signed(Caller("hotline-1", Role.HOTLINE)),
        timeout=30,
    )
    ticket = filed.complaint.ticket_number
    code, out, err = await run(["complaints", "show", ticket, *session(stack, auditor_token)])
    assert code == EXIT_OK, err
    assert "举报 report" in out and str(received + timedelta(days=30)) in out
    assert "13800138000" not in out and "王建国" not in out
    code, out, err = await run(["complaints", "list", "--region", region, *session(stack, auditor_token)])
    assert code == EXIT_OK and ticket in out and "共 1 条 1 shown" in out

    code, out, err = await run(
        ["complaints", "extend", ticket, "--reason", "需调取银行流水", *session(stack, officer_token)]
    )
    assert code == EXIT_OK, err
    assert "是 yes: 需调取银行流水" in out and str(received + timedelta(days=60)) in out
    code, out, err = await run(
        [
            "complaints",
            "update",
            ticket,
            "--status",
            "in_progress",
            "--assign",
            officer_id,
            *session(stack, officer_token),
        ]
    )
    assert code == EXIT_OK, err
    assert "办理中 in_progress" in out

    check = ["complaints", "check-deadlines", "--region", region, "--as-of", str(received + timedelta(days=61))]
    code, out, err = await run(check + session(stack, officer_token))
    assert code == EXIT_OK, err
    assert "newly overdue:" in out and out.split("newly overdue:")[1].split()[0] == "1"
    code, out, err = await run(check + session(stack, officer_token))
    assert code == EXIT_OK, err
    assert out.split("newly overdue:")[1].split()[0] == "0" and out.split("overdue in total:")[1].split()[0] == "1"
    code, _, err = await run(["complaints", "extend", ticket, "--reason", "再次延期", *session(stack, officer_token)])
    assert code == EXIT_REFUSED and "refused:" in err
