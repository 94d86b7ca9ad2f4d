"""The local stack's bookkeeping: development keys, pids that are ours, refusals, stop by pid."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pension_deploy.infra import ProcessRecord, free_port, process_cmdline, stop_processes
from pension_deploy.stack import (
    DOWN,
    Check,
    StackError,
    StackSettings,
    development_secrets,
    down,
    status,
    topic_names,
    up,
)
from pension_kit.config import KitSettings

# Ignores SIGTERM, the way a wedged service would.
STUBBORN = (
    "import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint('ready', flush=True)\ntime.sleep(600)"
)


def _spawn(code: str = "import time; time.sleep(600)") -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    # Poll for the interpreter to have replaced the fork's argv, so the record matches what runs.
    deadline = time.monotonic() + 30
    while process_cmdline(proc.pid) != [sys.executable, "-c", code]:
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.01)
    return proc


def _record(proc: subprocess.Popen[bytes], name: str = "child") -> ProcessRecord:
    argv = process_cmdline(proc.pid)
    assert argv is not None
    ticks = int(Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    return ProcessRecord(name=name, pid=proc.pid, argv=tuple(argv), start_ticks=ticks, log="")


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _settings(run_dir: Path, **ports: int) -> StackSettings:
    names = [
        "kafka_port",
        "kafka_controller_port",
        "ferretdb_port",
        "enrolment_port",
        "payout_port",
        "verification_port",
        "supervision_port",
        "gateway_port",
    ]
    values: dict[str, int] = {name: ports.get(name) or free_port() for name in names}
    return StackSettings(run_dir=run_dir, **values)


def test_development_keys_are_private_kept_and_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = development_secrets(tmp_path)
    path = tmp_path / "dev-secrets.env"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert development_secrets(tmp_path) == first

    # A key added to the recipe later is appended; the existing ones stay, or sealed data would be lost.
    path.write_text("\n".join(f"{k}={v}" for k, v in first.items() if k != "PENSION_TOKEN_SIGNING_KEY") + "\n")
    again = development_secrets(tmp_path)
    assert again["PENSION_PII_KEYS"] == first["PENSION_PII_KEYS"]
    assert "PENSION_TOKEN_SIGNING_KEY" in again

    for key, value in again.items():
        monkeypatch.setenv(key, value)
    settings = KitSettings(service_name="test")
    assert len(settings.lookup_key) == 32
    assert settings.pii_keys[0][0] == "local1"


def test_topics_are_the_kit_topics() -> None:
    assert set(topic_names()) == {
        "pension.enrolment.resident.v1",
        "pension.enrolment.region.v1",
        "pension.payout.resident.v1",
        "pension.payout.region.v1",
        "pension.verification.resident.v1",
        "pension.supervision.region.v1",
        "pension.registry.record.v1",
        "pension.signs_of_life.v1",  # an input topic: other systems publish signs of life to verification
    }


def test_a_record_is_ours_only_while_the_same_process_runs(children: list[subprocess.Popen[bytes]]) -> None:
    proc = _spawn()
    children.append(proc)
    record = _record(proc)
    assert record.is_alive()
    # The same pid running something else, or started at another time, is not ours.
    assert not ProcessRecord("x", proc.pid, ("/bin/other",), record.start_ticks, "").is_alive()
    assert not ProcessRecord("x", proc.pid, record.argv, (record.start_ticks or 0) + 1, "").is_alive()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not record.is_alive()


def test_stop_kills_what_ignores_sigterm_and_spares_a_reused_pid(children: list[subprocess.Popen[bytes]]) -> None:
    stubborn = _spawn(STUBBORN)
    bystander = _spawn()
    children.extend([stubborn, bystander])
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    reused = ProcessRecord("reused", bystander.pid, ("/bin/not-what-runs",), None, "")

    killed = stop_processes([_record(stubborn), reused], deadline=0.5)

    assert [r.pid for r in killed] == [stubborn.pid]
    assert stubborn.wait(10) == -signal.SIGKILL
    assert bystander.poll() is None


def test_up_refuses_a_port_taken_by_another_program(tmp_path: Path) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        settings = _settings(tmp_path, gateway_port=port)
        with pytest.raises(StackError, match=rf"port {port} \(PENSION_GATEWAY_PORT\) is in use by pid {os.getpid()}"):
            up(settings, lambda line: None)
    assert not (tmp_path / "stack.json").exists()


def _write_stack(run_dir: Path, records: list[ProcessRecord], check: Check) -> None:
    processes = [{"record": r.to_json(), "check": check.kind, "target": check.target} for r in records]
    (run_dir / "stack.json").write_text(json.dumps({"processes": processes}))


def test_up_refuses_when_the_stack_runs_and_down_stops_exactly_it(
    tmp_path: Path, children: list[subprocess.Popen[bytes]]
) -> None:
    service = _spawn()
    children.append(service)
    dead_url = f"http://127.0.0.1:{free_port()}/healthz"
    _write_stack(tmp_path, [_record(service, "gateway")], Check("http", dead_url))
    settings = _settings(tmp_path)

    with pytest.raises(StackError, match=rf"already up: gateway \(pid {service.pid}\)"):
        up(settings, lambda line: None)
    assert [(h.name, h.status) for h in status(settings)] == [("gateway", DOWN)]

    said: list[str] = []
    down(settings, said.append)
    assert service.wait(10) == -signal.SIGTERM
    assert said == [f"stopped gateway (pid {service.pid})"]
    assert status(settings) == []
    down(settings, said.append)
    assert said[-1] == "nothing to stop: the stack is not up"
