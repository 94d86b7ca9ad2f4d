"""The registry import command line on a real CSV file against a running verification service: rows applied,
refused rows named by line, field and reason (never the number), a summary; the same file again changes nothing."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from verification_stack import (
    OFFICER,
    Verification,
    award_from_this_month,
    enrol,
    events_of,
    every_outbox_sent,
    hear_policy,
    of_type,
    person,
    published,
    running_verification,
)

from pension.verification.v1 import events_pb2 as verification_events
from pension.verification.v1 import verification_pb2, verification_service_pb2
from pension_kit import cli_session
from pension_kit.cli_session import save_token
from pension_kit.identity import Caller
from pension_testkit import signed, token_for
from pension_verification.entrypoints import registry_cli


@pytest.fixture
async def verification(kafka_broker: Any, ferretdb: Any) -> AsyncIterator[Verification]:
    async with running_verification(kafka_broker, ferretdb) as running:
        await hear_policy(running)
        yield running


def signed_in(caller: Caller) -> Path:
    path = Path(tempfile.mkdtemp(prefix="registry-cli-")) / "token"
    save_token(path, token_for(caller))
    return path


async def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(registry_cli.main, list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


async def test_a_death_file_imported_twice_applies_once_and_names_its_bad_rows(
    verification: Verification, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wang = person(verification, "王桂芝", date(1951, 4, 9))
    await enrol(verification, wang)
    await award_from_this_month(verification, wang)
    stranger = person(verification, "周国华", date(1944, 10, 3))
    csv_file = tmp_path / "民政死亡登记-2026-07.csv"
    csv_file.write_text(
        "record_ref,citizen_id_number,name,birth_date,village_code,date_of_death\n"
        f"MZ-001,{wang.citizen_id_number},{wang.name},{wang.birth_date.isoformat()},{wang.village_code},2026-06-20\n"
        f"MZ-002,{stranger.citizen_id_number},{stranger.name},,,2026-06-21\n"
        f"MZ-003,{wang.citizen_id_number[:-1]},,,,2026-06-22\n"
        f"MZ-004,{stranger.citizen_id_number},{stranger.name},,,20/06/2026\n",
        encoding="utf-8",
    )
    argv = (
        "import",
        "--source",
        "civil-affairs-death",
        "--batch-name",
        "民政死亡登记 2026-07 第1批",
        str(csv_file),
        "--address",
        verification.address,
        "--token-file",
        str(signed_in(OFFICER)),
    )
    code, out, err = await run_cli(capsys, *argv)
    assert code == cli_session.EXIT_REFUSED, (out, err)  # two rows refused
    assert "line 4: citizen_id_number CITIZEN_ID_LENGTH" in out
    assert "line 5: date_of_death DATE_FORMAT" in out
    assert f"{csv_file.name}: 4 rows: 1 applied, 1 not residents here, 2 refused" in out
    assert "4/4 rows" in err
    for number in (wang.citizen_id_number, stranger.citizen_id_number, wang.citizen_id_number[:-1]):
        assert number not in out and number not in err

    status = await verification.stub.GetCertificationStatus(
        verification_service_pb2.GetCertificationStatusRequest(resident_id=wang.resident_id),
        metadata=signed(OFFICER),
        timeout=10,
    )
    assert status.status.state == verification_pb2.CERTIFICATION_STATE_DECEASED
    (confirmed,) = await events_of(verification, wang.resident_id, verification_events.DeathConfirmed)
    assert confirmed.record_ref == "CIVIL_AFFAIRS_DEATH:MZ-001"

    code, out, _ = await run_cli(capsys, *argv)
    assert code == cli_session.EXIT_REFUSED
    assert f"{csv_file.name}: 4 rows: 2 already applied, 2 refused" in out
    await every_outbox_sent(verification)
    assert len(of_type(await published(verification, wang.resident_id), verification_events.DeathConfirmed)) == 1


async def test_a_file_not_in_its_sources_layout_sends_nothing(
    verification: Verification, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "prison.csv"
    csv_file.write_text("record_ref,citizen_id_number,name\nJY-1,,\n", encoding="utf-8")
    code, _, err = await run_cli(
        capsys,
        "import",
        "--source",
        "prison",
        "--batch-name",
        "prisons 2026-07",
        str(csv_file),
        "--address",
        verification.address,
        "--token-file",
        str(signed_in(OFFICER)),
    )
    assert code == cli_session.EXIT_FAILED
    assert "the header lacks birth_date, village_code, event, term_start, term_end, released_on" in err
