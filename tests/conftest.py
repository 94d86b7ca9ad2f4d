"""Test-wide fixtures: a private Kafka and FerretDB started when a test asks for one; level markers and counts."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from pension_deploy.infra import (
    FerretDB,
    InfraError,
    Installation,
    KafkaBroker,
    ProcessRecord,
    cache_dir,
    ensure_installed,
    free_port,
    stop_processes,
)

TESTS_DIR = Path(__file__).resolve().parent
LEVELS = ("unit", "integration", "e2e", "cluster")
_LEVEL_OF_TEST = pytest.StashKey[dict[str, str]]()

# Every broker and database this session started, for the post-test restart and the last-resort stops.
_STARTED: list[KafkaBroker | FerretDB] = []
# Records of running test instances, so that a later session can stop those of a session that was
# killed outright (SIGKILL, os._exit) before it could stop them itself.
_REGISTRY = cache_dir() / "test-instances"
# Set once SIGTERM arrived: nothing is started or restarted any more.
_TERMINATING = False
_TERMINATION_GRACE = 30.0


def _level(path: Path) -> str | None:
    try:
        first = path.resolve().relative_to(TESTS_DIR).parts[0]
    except (ValueError, IndexError):
        return None
    return first if first in LEVELS else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Marks tests under tests/integration, tests/e2e and tests/cluster, so `-m "not e2e"` selects by level."""
    levels: dict[str, str] = {}
    for item in items:
        level = _level(item.path)
        if level is None:
            continue
        levels[item.nodeid] = level
        if level != "unit":
            item.add_marker(getattr(pytest.mark, level))
    config.stash[_LEVEL_OF_TEST] = levels


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Prints how many tests passed at each level (the levels the run collected, unit to e2e always)."""
    levels = terminalreporter.config.stash.get(_LEVEL_OF_TEST, {})
    passed = dict.fromkeys(LEVELS, 0)
    for report in terminalreporter.stats.get("passed", []):
        level = levels.get(getattr(report, "nodeid", ""))
        if level is not None and getattr(report, "when", "") == "call":
            passed[level] += 1
    shown = [level for level in LEVELS if level != "cluster" or level in levels.values()]
    terminalreporter.write_line("levels: " + ", ".join(f"{level} {passed[level]} passed" for level in shown))


# --- last resorts ----------------------------------------------------------------------------------


def _stop_all_started() -> None:
    for instance in reversed(_STARTED):
        with contextlib.suppress(Exception):
            instance.stop()
            _registry_entry(instance).unlink(missing_ok=True)


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SIGTERM (a CI time limit, a closed terminal) would end Python without finalizers or atexit;
    # stopping the children here and then interrupting lets pytest finish its teardown as on Ctrl-C.
    global _TERMINATING
    _TERMINATING = True
    _stop_all_started()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # The interrupt may land inside an asyncio task and surface late; a terminated run must still end.
    watchdog = threading.Timer(_TERMINATION_GRACE, os._exit, args=(128 + signum,))
    watchdog.daemon = True
    watchdog.start()
    raise KeyboardInterrupt(f"signal {signum}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_orphans() -> None:
    """Stops the test instances of earlier sessions that died without stopping them."""
    if not _REGISTRY.is_dir():
        return
    for entry in _REGISTRY.glob("*.json"):
        try:
            data = json.loads(entry.read_text())
            owner = int(data["owner"])
            record = ProcessRecord.from_json(data["process"])
        except (OSError, ValueError, KeyError, TypeError):
            entry.unlink(missing_ok=True)
            continue
        if _pid_alive(owner):
            continue  # another pytest, for instance a developer's run beside this one, still owns it
        stop_processes([record], deadline=15.0)
        entry.unlink(missing_ok=True)


def _registry_entry(instance: KafkaBroker | FerretDB) -> Path:
    return _REGISTRY / f"{os.getpid()}-{instance.name}.json"


@contextlib.contextmanager
def _running(instance: KafkaBroker | FerretDB) -> Iterator[None]:
    if _TERMINATING:
        raise KeyboardInterrupt("terminating")
    _sweep_orphans()
    if not _STARTED:
        atexit.register(_stop_all_started)
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
    _STARTED.append(instance)

    def remember(record: ProcessRecord) -> None:
        _REGISTRY.mkdir(parents=True, exist_ok=True)
        _registry_entry(instance).write_text(json.dumps({"owner": os.getpid(), "process": record.to_json()}))

    # On every start, not only the first: tests stop and start these, and each start is a new pid.
    instance.on_start = remember
    try:
        instance.start()
        yield
    finally:
        instance.stop()
        _registry_entry(instance).unlink(missing_ok=True)
        _STARTED.remove(instance)


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def infra_installation() -> Installation:
    """Kafka's home and FerretDB's binary in the cache folder, installed on first use."""
    try:
        return ensure_installed()
    except InfraError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def kafka_broker(infra_installation: Installation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaBroker]:
    """A private single-node Kafka on free ports, running; tests may stop() and start() it."""
    controller_port = free_port()
    port = free_port()
    while port == controller_port:
        port = free_port()
    broker = KafkaBroker(infra_installation.kafka_home, tmp_path_factory.mktemp("kafka"), port, controller_port)
    with _running(broker):
        yield broker


@pytest.fixture(scope="session")
def ferretdb(infra_installation: Installation, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FerretDB]:
    """A private FerretDB on a free port, running; tests may stop() and start() it."""
    database = FerretDB(infra_installation.ferretdb_binary, tmp_path_factory.mktemp("ferretdb"), free_port())
    with _running(database):
        yield database


@pytest.fixture(scope="session")
def kafka_bootstrap(kafka_broker: KafkaBroker) -> str:
    """bootstrap_servers of the private broker."""
    return kafka_broker.bootstrap_servers


@pytest.fixture(scope="session")
def mongo_uri(ferretdb: FerretDB) -> str:
    """The connection string of the private FerretDB."""
    return ferretdb.mongo_uri


@pytest.fixture(autouse=True)
def _restart_stopped_infra() -> Iterator[None]:
    """After each test, starts again a broker or database that the test stopped and left stopped."""
    yield
    for instance in list(_STARTED):
        if not instance.running and not _TERMINATING:
            instance.start()
