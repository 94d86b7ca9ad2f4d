"""The local stand-in for the banks: a return file for each downloaded batch file, every line paid."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from pension_deploy.simulate_return import main
from pension_payout.domain.bank_files import BatchFileWriter, BatchLine, batch_file_name, check_return, parse_return

RUN = "PR-411731-202612"
PAID_ON = date(2026, 12, 20)


def write_batch(folder: Path, bank_code: str, amounts: list[int]) -> Path:
    path = folder / batch_file_name(f"{RUN}-{bank_code}")
    with path.open("wb") as stream:
        writer = BatchFileWriter(
            stream,
            batch_id=f"{RUN}-{bank_code}",
            payroll_run_id=RUN,
            bank_code=bank_code,
            pooling_region_code="411731",
            month="2026-12",
            created_on=date(2026, 12, 3),
        )
        for number, amount in enumerate(amounts):
            writer.write(
                BatchLine(f"A-R{number:05d}/2026-12", "2026-12", "REGULAR", "王建国", "6228480000000000005", amount)
            )
        writer.finish()
    return path


def test_every_batch_gets_a_return_that_answers_it_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_batch(tmp_path, "103", [17_300, 18_800])
    write_batch(tmp_path, "402", [17_300])
    assert main([str(tmp_path), "--paid-on", PAID_ON.isoformat()]) == 0
    assert f"{RUN}-103: 2 lines paid" in capsys.readouterr().out
    for bank_code, amounts in (("103", [17_300, 18_800]), ("402", [17_300])):
        path = tmp_path / "returns" / f"{RUN}-{bank_code}.txt"
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        parsed, problems = parse_return(path.read_bytes())
        assert parsed is not None and problems == []
        assert all(line.paid and line.paid_on == PAID_ON for line in parsed.lines)
        expected = {f"A-R{number:05d}/2026-12": amount for number, amount in enumerate(amounts)}
        assert (
            check_return(
                parsed,
                batch_id=f"{RUN}-{bank_code}",
                bank_code=bank_code,
                expected=expected,
                record_count=len(amounts),
                total_fen=sum(amounts),
            )
            == []
        )


def test_a_folder_without_batch_files_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "no batch file" in capsys.readouterr().err


def test_a_damaged_batch_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_batch(tmp_path, "103", [17_300])
    path.write_bytes(path.read_bytes().replace(b"17300", b"17400"))
    assert main([str(tmp_path)]) == 2
    assert "trailer" in capsys.readouterr().err
