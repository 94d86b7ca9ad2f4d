"""Runs the real Kafka broker and FerretDB as child processes: for tests, and for the developer's stack."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, NamedTuple, TypeVar
from urllib.parse import urlencode

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import MongoClient
from pymongo.errors import PyMongoError

log = logging.getLogger(__name__)

T = TypeVar("T")

LOCAL_SCRIPTS = Path(__file__).resolve().parent.parent / "local"

# Kafka error codes create_topics answers with (org.apache.kafka.common.protocol.Errors).
_TOPIC_ALREADY_EXISTS = 36
# Answers that mean "the controller is not ready yet, ask again" right after a broker starts.
_RETRIABLE_CREATE_ERRORS = {7, 8, 41, 89}  # REQUEST_TIMED_OUT, BROKER_NOT_AVAILABLE, NOT_CONTROLLER, THROTTLING
_PROBE_INTERVAL = 0.1


class InfraError(RuntimeError):
    """A piece of infrastructure failed to install, start or answer; the message names the log to read."""


class Installation(NamedTuple):
    kafka_home: Path
    ferretdb_binary: Path


def cache_dir() -> Path:
    """Where downloads and builds are kept across clones: PENSION_CACHE_DIR or ~/.cache/pension-platform."""
    configured = os.environ.get("PENSION_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "pension-platform"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    """Whether something already listens on 127.0.0.1:<port>."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR so that a port in TIME_WAIT after our own stop does not count as taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


def _run_install_script(name: str) -> Path:
    script = LOCAL_SCRIPTS / name
    if not script.is_file():
        raise InfraError(f"install script {script} is missing")
    # stderr is left on the terminal: a first install takes minutes and its progress should be seen.
    result = subprocess.run(["bash", str(script)], stdout=subprocess.PIPE, text=True, check=False)
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        raise InfraError(f"{script} failed with exit code {result.returncode} (its output is above)")
    return Path(lines[-1])


def ensure_installed() -> Installation:
    """Fetches Kafka and builds FerretDB into the cache folder unless already there (milliseconds if so)."""
    return Installation(
        kafka_home=_run_install_script("install-kafka.sh"),
        ferretdb_binary=_run_install_script("install-ferretdb.sh"),
    )


def _run_in_thread(factory: Callable[[], Awaitable[T]]) -> T:
    # The probes use aiokafka, which is async; running them on a private loop in a worker thread makes
    # the blocking API usable both from plain code and from inside a running event loop (async tests).
    async def main() -> T:
        return await factory()

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(errors="replace").rstrip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:])


# --- processes we started, recognised again by pid from another process ---------------------------


def _proc_start_ticks(pid: int) -> int | None:
    """The process's start time in clock ticks since boot, or None if it is gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses, so split after its closing one.
    fields = stat[stat.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return int(fields[19])


def process_cmdline(pid: int) -> list[str] | None:
    """The argv of a live process, or None if there is no such process."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0")[:-1]]


@dataclass(frozen=True)
class ProcessRecord:
    """Enough to find a process again later and to be sure it is still ours (pids get reused)."""

    name: str
    pid: int
    argv: tuple[str, ...]
    start_ticks: int | None
    log: str

    def is_alive(self) -> bool:
        """True only if the pid is live and still runs the command we started, started when we started it."""
        if process_cmdline(self.pid) != list(self.argv):
            return False
        ticks = _proc_start_ticks(self.pid)
        return ticks is not None and (self.start_ticks is None or ticks == self.start_ticks)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "pid": self.pid,
            "argv": list(self.argv),
            "start_ticks": self.start_ticks,
            "log": self.log,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProcessRecord:
        return cls(
            name=str(data["name"]),
            pid=int(data["pid"]),
            argv=tuple(str(a) for a in data["argv"]),
            start_ticks=None if data.get("start_ticks") is None else int(data["start_ticks"]),
            log=str(data.get("log", "")),
        )


def _signal_group(pid: int, sig: signal.Signals) -> None:
    # Our children lead their own process group (start_new_session), so the whole group gets the
    # signal, including anything they forked; a process that is not a group leader gets it alone.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)


def stop_processes(records: Sequence[ProcessRecord], deadline: float = 30.0) -> list[ProcessRecord]:
    """SIGTERM to each record still ours, SIGKILL to those alive after `deadline` s; returns those killed."""
    live = [r for r in records if r.is_alive()]
    for record in live:
        _signal_group(record.pid, signal.SIGTERM)
    until = time.monotonic() + deadline
    while live and time.monotonic() < until:
        live = [r for r in live if r.is_alive()]
        if live:
            time.sleep(0.05)
    for record in live:
        _signal_group(record.pid, signal.SIGKILL)
    kill_deadline = time.monotonic() + 10.0
    while any(r.is_alive() for r in live) and time.monotonic() < kill_deadline:
        time.sleep(0.05)
    return live


# --- the child processes ---------------------------------------------------------------------------


class ChildProcess:
    """One long-running program in its own process group, its output in a log file under data_dir."""

    name = "process"
    stop_deadline = 30.0

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._proc: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None
        # Called with the new process's record after every start, so that whoever keeps pids on disk
        # (the stack file, the tests' registry) stays right across stop/start cycles.
        self.on_start: Callable[[ProcessRecord], None] | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def output_path(self) -> Path:
        """The child's own stdout and stderr."""
        return self.data_dir / f"{self.name}.out"

    @property
    def log_path(self) -> Path:
        """The file to read when something goes wrong."""
        return self.output_path

    def command(self) -> list[str]:
        raise NotImplementedError

    def _prepare(self) -> None:
        """Writes configuration and initialises storage before the first start."""

    def _environment(self) -> dict[str, str] | None:
        """The child's environment; None inherits ours."""
        return None

    def _probe(self) -> str | None:
        """None when the program answers as it should, else why not (for the timeout message)."""
        raise NotImplementedError

    def record(self) -> ProcessRecord:
        if self._proc is None:
            raise InfraError(f"{self.name} has not been started")
        return ProcessRecord(
            name=self.name,
            pid=self._proc.pid,
            argv=tuple(self.command()),
            start_ticks=_proc_start_ticks(self._proc.pid),
            log=str(self.log_path),
        )

    def start(self, *, wait: bool = True, deadline: float = 120.0) -> None:
        """Starts the program (no-op if it runs); with wait, returns once it answers or raises InfraError.

        deadline: seconds to wait for it to answer.
        """
        if self.running:
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._prepare()
        self._output = self.output_path.open("ab")
        self._proc = subprocess.Popen(
            self.command(),
            cwd=self.data_dir,
            env=self._environment(),
            stdin=subprocess.DEVNULL,
            stdout=self._output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.on_start is not None:
            self.on_start(self.record())
        if wait:
            self.wait_ready(deadline)

    def check_once(self) -> str | None:
        """None if the program answers, else why not; raises InfraError if it is not running."""
        if self._proc is None:
            raise InfraError(f"{self.name} has not been started")
        code = self._proc.poll()
        if code is not None:
            raise InfraError(
                f"{self.name} exited with code {code}; read {self.log_path} (last lines: {_tail(self.log_path)})"
            )
        return self._probe()

    def wait_ready(self, deadline: float = 120.0) -> None:
        """Polls until the program answers; raises InfraError if it exits or `deadline` seconds pass first."""
        until = time.monotonic() + deadline
        while (why := self.check_once()) is not None:
            if time.monotonic() > until:
                raise InfraError(f"{self.name} did not answer within {deadline:.0f}s ({why}); read {self.log_path}")
            time.sleep(_PROBE_INTERVAL)

    def stop(self, deadline: float | None = None) -> None:
        """SIGTERM to the process group, SIGKILL after `deadline` seconds; returns once it has exited."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                proc.wait(self.stop_deadline if deadline is None else deadline)
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop on SIGTERM; killing it", self.name)
                _signal_group(proc.pid, signal.SIGKILL)
                proc.wait()
        if proc is not None:
            # A child that ended on its own is still reaped so that it leaves no zombie behind.
            proc.wait()
        if self._output is not None:
            self._output.close()
            self._output = None

    def kill(self) -> None:
        """SIGKILL, as a crashed machine: no shutdown, no flush; returns once the process is reaped."""
        proc, self._proc = self._proc, None
        if proc is not None:
            _signal_group(proc.pid, signal.SIGKILL)
            proc.wait()
        if self._output is not None:
            self._output.close()
            self._output = None

    async def astart(self, *, deadline: float = 120.0) -> None:
        """start() without blocking the event loop, so in-process services keep running meanwhile."""
        await asyncio.to_thread(self.start, deadline=deadline)

    async def astop(self, deadline: float | None = None) -> None:
        """stop() without blocking the event loop."""
        await asyncio.to_thread(self.stop, deadline)


def _new_cluster_id() -> str:
    # Kafka's Uuid.randomUuid(): 16 random bytes, URL-safe base64 without padding, never starting with
    # "-" (the command-line tools would read it as an option). Made here to save a JVM start.
    while True:
        text = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not text.startswith("-"):
            return text


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise InfraError("java is not on PATH (Kafka needs Java 17+); run `make install`")
    return found


async def _kafka_cluster(bootstrap: str, request_timeout: float) -> dict[str, Any]:
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap,
        request_timeout_ms=int(request_timeout * 1000),
        client_id="pension-deploy-probe",
    )
    try:
        await admin.start()
        result: dict[str, Any] = await admin.describe_cluster()
        return result
    finally:
        await admin.close()


def _tcp_problem(address: str, timeout: float = 0.5) -> str | None:
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return None
    except OSError as exc:
        return f"nothing accepts connections on {address} ({exc.strerror or exc})"


def kafka_metadata_problem(bootstrap: str, request_timeout: float = 2.0) -> str | None:
    """None if the broker answers a metadata request and has a controller, else what is wrong."""
    # A plain connect first: aiokafka logs an ERROR line for every refused connection, which would
    # fill a terminal or a test log while the broker is still starting.
    problem = _tcp_problem(bootstrap.split(",")[0])
    if problem is not None:
        return problem
    try:
        cluster = _run_in_thread(lambda: _kafka_cluster(bootstrap, request_timeout))
    except Exception as exc:  # any failure to talk to the broker is "not ready", reported by type
        return f"{type(exc).__name__}: {exc}"
    if not cluster.get("brokers"):
        return "metadata lists no broker yet"
    if cluster.get("controller_id", -1) < 0:
        return "no active controller yet"
    return None


class KafkaBroker(ChildProcess):
    """An Apache Kafka node in KRaft combined mode (broker and controller in one JVM) on 127.0.0.1.

    Alone by default (node 1, its own quorum, every topic one replica); a member of a KafkaCluster when given
    its node id, the quorum's voters, the cluster's id and the cluster's replication factor.
    """

    name = "kafka"

    def __init__(
        self,
        home: Path,
        data_dir: Path,
        port: int,
        controller_port: int,
        *,
        heap_min: str = "256m",
        heap_max: str = "768m",
        node_id: int = 1,
        voters: str | None = None,
        cluster_id: str | None = None,
        replication: int = 1,
    ) -> None:
        super().__init__(data_dir)
        self.home = home
        self.port = port
        self.controller_port = controller_port
        self.heap_min = heap_min
        self.heap_max = heap_max
        self.node_id = node_id
        self.voters = voters or f"{node_id}@127.0.0.1:{controller_port}"
        self.given_cluster_id = cluster_id
        self.replication = replication
        if voters is not None:
            self.name = f"kafka-{node_id}"
        self._java = _java()

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "kafka.log"

    @property
    def config_path(self) -> Path:
        return self.data_dir / "server.properties"

    @property
    def log4j_path(self) -> Path:
        return self.data_dir / "log4j2.properties"

    def _java_command(self, main_class: str, *args: str) -> list[str]:
        return [
            self._java,
            f"-Xms{self.heap_min}",
            f"-Xmx{self.heap_max}",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={self.log4j_path}",
            "-cp",
            f"{self.home}/lib/*",  # java expands the wildcard itself
            main_class,
            *args,
        ]

    def command(self) -> list[str]:
        return self._java_command("kafka.Kafka", str(self.config_path))

    def _cluster_id(self) -> str:
        # Kept beside the data: formatting again with another id would make the broker refuse its logs.
        path = self.data_dir / "cluster-id"
        if path.is_file():
            return path.read_text().strip()
        cluster_id = self.given_cluster_id or _new_cluster_id()
        path.write_text(cluster_id + "\n")
        return cluster_id

    def _write_config(self) -> None:
        replicas = str(self.replication)
        # A write is acknowledged (acks=all) once this many replicas have it: with 3 replicas, one broker may
        # be down and producers still write; alone, the one replica.
        min_isr = str(min(self.replication, 2))
        settings = {
            "process.roles": "broker,controller",
            "node.id": str(self.node_id),
            # Static voters: a fixed quorum (one node, or the cluster's three) that needs no --standalone or
            # --initial-controllers at format time.
            "controller.quorum.voters": self.voters,
            "listeners": f"PLAINTEXT://127.0.0.1:{self.port},CONTROLLER://127.0.0.1:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(self.data_dir / "logs"),
            # Alone, every internal topic must be satisfiable by one replica; in a cluster, by three.
            "offsets.topic.replication.factor": replicas,
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": min_isr,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": min_isr,
            "default.replication.factor": replicas,
            "min.insync.replicas": min_isr,
            # Consumers in tests join alone; waiting 3 s for more members would only slow every test.
            "group.initial.rebalance.delay.ms": "0",
            "num.partitions": "6",
            # Topics are created by the project with their partition counts, never by a typo.
            "auto.create.topics.enable": "false",
        }
        self.config_path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
        self.log4j_path.write_text(
            "\n".join(
                [
                    "status = warn",
                    # Without the hook log4j cannot log what the broker says while it shuts down
                    # (it prints "Unable to register Log4j shutdown hook" instead); the file
                    # appender flushes every line, so nothing is lost without the hook.
                    "shutdownHook = disable",
                    "appender.file.type = File",
                    "appender.file.name = file",
                    f"appender.file.fileName = {self.log_path}",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                    "rootLogger.level = WARN",
                    "rootLogger.appenderRef.file.ref = file",
                    "logger.kafka.name = kafka",
                    "logger.kafka.level = INFO",
                    "logger.apachekafka.name = org.apache.kafka",
                    "logger.apachekafka.level = INFO",
                    "",
                ]
            )
        )

    def _prepare(self) -> None:
        if not (self.home / "lib").is_dir():
            raise InfraError(f"no Kafka jars in {self.home}/lib; run `make install`")
        self._write_config()
        if (self.data_dir / "logs" / "meta.properties").is_file():
            return  # formatted before; the cluster id and topics are kept
        command = self._java_command(
            "kafka.tools.StorageTool",
            "format",
            "-t",
            self._cluster_id(),
            "-c",
            str(self.config_path),
            "--ignore-formatted",
        )
        with self.output_path.open("ab") as out:
            result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
        if result.returncode != 0:
            raise InfraError(f"formatting Kafka storage failed (exit {result.returncode}); read {self.output_path}")

    def _probe(self) -> str | None:
        return kafka_metadata_problem(self.bootstrap_servers)


CLUSTER_SIZE: Final = 3


class KafkaCluster:
    """Three KafkaBrokers in KRaft combined mode forming one cluster: each a broker and a quorum voter, topics
    with three replicas and `min.insync.replicas` 2, so that any one broker may die without losing a write.

    ports: (port, controller_port) of each node; node n keeps its data in data_dir/kafka-n.
    """

    def __init__(self, home: Path, data_dir: Path, ports: Sequence[tuple[int, int]], *, heap_max: str = "512m") -> None:
        if len(ports) != CLUSTER_SIZE:
            raise InfraError(f"a Kafka cluster here has {CLUSTER_SIZE} nodes, not {len(ports)}")
        data_dir.mkdir(parents=True, exist_ok=True)
        # One id for every node's storage (kept beside the nodes' folders so a restart formats nothing again).
        id_path = data_dir / "cluster-id"
        if not id_path.is_file():
            id_path.write_text(_new_cluster_id() + "\n")
        cluster_id = id_path.read_text().strip()
        voters = ",".join(f"{node}@127.0.0.1:{controller}" for node, (_, controller) in enumerate(ports, start=1))
        self.brokers = [
            KafkaBroker(
                home,
                data_dir / f"kafka-{node}",
                port,
                controller,
                heap_max=heap_max,
                node_id=node,
                voters=voters,
                cluster_id=cluster_id,
                replication=CLUSTER_SIZE,
            )
            for node, (port, controller) in enumerate(ports, start=1)
        ]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(broker.bootstrap_servers for broker in self.brokers)

    @property
    def replication(self) -> int:
        return CLUSTER_SIZE

    def start(self, *, deadline: float = 180.0) -> None:
        """Starts the three nodes together (a quorum needs two of them) and waits until all three are brokers."""
        for broker in self.brokers:
            broker.start(wait=False)
        self.wait_ready(deadline)

    def wait_ready(self, deadline: float = 180.0) -> None:
        """Polls until every node answers and the cluster's metadata lists all three brokers."""
        until = time.monotonic() + deadline
        while True:
            problems = [problem for broker in self.brokers if (problem := broker.check_once()) is not None]
            if not problems:
                problems = [problem] if (problem := kafka_brokers_problem(self.bootstrap_servers)) else []
            if not problems:
                return
            if time.monotonic() > until:
                raise InfraError(f"the Kafka cluster did not form within {deadline:.0f}s ({problems[0]})")
            time.sleep(_PROBE_INTERVAL)

    def stop(self) -> None:
        """Stops the three nodes at once: the last one alone could not shut down cleanly without a quorum."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(self.brokers)) as pool:
            list(pool.map(lambda broker: broker.stop(), self.brokers))


def kafka_brokers_problem(bootstrap: str, wanted: int = CLUSTER_SIZE) -> str | None:
    """None if the cluster's metadata lists `wanted` brokers and a controller, else what is wrong."""
    try:
        cluster = _run_in_thread(lambda: _kafka_cluster(bootstrap, 2.0))
    except Exception as exc:  # any failure to talk to the cluster is "not ready", reported by type
        return f"{type(exc).__name__}: {exc}"
    brokers = len(cluster.get("brokers") or [])
    if brokers < wanted:
        return f"metadata lists {brokers} of {wanted} brokers"
    if cluster.get("controller_id", -1) < 0:
        return "no active controller yet"
    return None


def mongo_ping_problem(uri: str, timeout: float = 1.0) -> str | None:
    """None if the server at uri answers ping, else why not."""
    ms = int(timeout * 1000)
    client: MongoClient[dict[str, Any]] = MongoClient(
        uri, serverSelectionTimeoutMS=ms, connectTimeoutMS=ms, socketTimeoutMS=ms
    )
    try:
        client.admin.command("ping")
    except PyMongoError as exc:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
    finally:
        client.close()
    return None


# FerretDB's tuning, chosen by bench/ferretdb_tuning.py (deploy/README.md, "FerretDB tuning", has the table).
# FerretDB is only the local and test store (production is MongoDB), and `make up`, the tests and the
# benchmarks all start it here, so they all run with it.
# - GOGC=800: a CPU profile of a scan showed a fifth of it collecting garbage. FerretDB's CPU for the
#   benchmark's work (2,000 documents, summed over both synchronous settings) fell from 6.84 s at Go's default
#   (100) to 5.44 s (200), 5.04 s (400) and 4.62 s (800), while its peak resident memory rose from 52 MiB to
#   62, about 85 and about 120 MiB. GOGC=off was measured too: FerretDB grew to 15 GB.
# - synchronous(normal): FerretDB already sets journal_mode(wal) (with busy_timeout and auto_vacuum), and
#   SQLite's default synchronous (FULL) syncs the WAL at every commit; NORMAL syncs it at checkpoints. The
#   steps that commit (insert_many and 300 update_one), summed over the four GOGC values, took 3.52 s
#   instead of 5.28 s. In WAL mode NORMAL stays consistent: a power loss can undo the last commits, never
#   corrupt the database, and a crash of FerretDB alone loses nothing.
FERRETDB_ENVIRONMENT: Final[Mapping[str, str]] = {"GOGC": "800"}
FERRETDB_SQLITE_PRAGMAS: Final[Sequence[str]] = ("synchronous(normal)",)


class FerretDB(ChildProcess):
    """FerretDB 1.x (MongoDB wire protocol) storing its data in SQLite files under data_dir.

    environment: added to ours for the child (GOGC, say); sqlite_pragmas: `_pragma` values of the SQLite URL,
    beside the busy_timeout, journal_mode(wal) and auto_vacuum(none) FerretDB sets itself; both default to the
    tuning above. debug_port: where FerretDB serves its debug handler (/debug/pprof), off when None.
    """

    name = "ferretdb"
    stop_deadline = 15.0

    def __init__(
        self,
        binary: Path,
        data_dir: Path,
        port: int,
        *,
        environment: Mapping[str, str] = FERRETDB_ENVIRONMENT,
        sqlite_pragmas: Sequence[str] = FERRETDB_SQLITE_PRAGMAS,
        debug_port: int | None = None,
    ) -> None:
        super().__init__(data_dir)
        self.binary = binary
        self.port = port
        self.environment = dict(environment)
        self.sqlite_pragmas = tuple(sqlite_pragmas)
        self.debug_port = debug_port

    @property
    def mongo_uri(self) -> str:
        # FerretDB is a standalone server without retryable writes: direct, no retryWrites.
        return f"mongodb://127.0.0.1:{self.port}/?directConnection=true&retryWrites=false"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "ferretdb.log"

    @property
    def output_path(self) -> Path:
        return self.log_path

    @property
    def sqlite_url(self) -> str:
        """The --sqlite-url: the folder of the SQLite files, with our pragmas (modernc's driver runs each
        `_pragma` on every connection it opens)."""
        query = urlencode([("_pragma", pragma) for pragma in self.sqlite_pragmas], safe="()")
        return f"file:{self.data_dir / 'sqlite'}/" + (f"?{query}" if query else "")

    @property
    def debug_url(self) -> str | None:
        """The debug handler's root, when it is on."""
        return None if self.debug_port is None else f"http://127.0.0.1:{self.debug_port}"

    def command(self) -> list[str]:
        return [
            str(self.binary),
            "--handler=sqlite",
            f"--sqlite-url={self.sqlite_url}",
            f"--listen-addr=127.0.0.1:{self.port}",
            f"--state-dir={self.data_dir / 'state'}",
            "--telemetry=disable",
            "--log-level=warn",
            # "-" turns the debug HTTP listener off unless asked for: its fixed default port (8088) would
            # keep a second instance (tests beside `make up`) from starting.
            f"--debug-addr=127.0.0.1:{self.debug_port}" if self.debug_port is not None else "--debug-addr=-",
        ]

    def _environment(self) -> dict[str, str] | None:
        return {**os.environ, **self.environment}

    def _prepare(self) -> None:
        if not self.binary.is_file():
            raise InfraError(f"no FerretDB binary at {self.binary}; run `make install`")
        # FerretDB refuses to start unless the SQLite folder exists.
        (self.data_dir / "sqlite").mkdir(parents=True, exist_ok=True)
        (self.data_dir / "state").mkdir(parents=True, exist_ok=True)

    def _probe(self) -> str | None:
        # A plain connect first: pymongo waits half a second before retrying a refused connection.
        return _tcp_problem(f"127.0.0.1:{self.port}") or mongo_ping_problem(self.mongo_uri)


# --- topics ----------------------------------------------------------------------------------------


async def create_topics(
    bootstrap: str, names: Iterable[str], partitions: int = 6, *, deadline: float = 60.0, replication: int = 1
) -> None:
    """Creates the topics that do not exist yet (`replication` replicas of each partition) and waits (at most
    `deadline` seconds) for their leaders."""
    wanted = list(dict.fromkeys(names))
    until = time.monotonic() + deadline
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="pension-deploy-topics")
    await admin.start()
    try:
        pending = wanted
        while pending:
            response = await admin.create_topics(
                [NewTopic(name, partitions, replication) for name in pending], timeout_ms=10_000
            )
            retry: list[str] = []
            for name, code, message in response.topic_errors:
                if code in (0, _TOPIC_ALREADY_EXISTS):
                    continue
                if code in _RETRIABLE_CREATE_ERRORS and time.monotonic() < until:
                    retry.append(name)
                    continue
                raise InfraError(f"creating topic {name} failed: error {code} {message or ''}".strip())
            pending = retry
            if pending:
                await asyncio.sleep(_PROBE_INTERVAL)
        # A topic exists before its partitions have leaders; the first produce would be refused.
        while True:
            described = await admin.describe_topics(wanted)
            leaderless = [
                t["topic"] for t in described if t["error_code"] != 0 or any(p["leader"] < 0 for p in t["partitions"])
            ]
            if not leaderless:
                return
            if time.monotonic() > until:
                raise InfraError(f"topics without partition leaders after {deadline:.0f}s: {leaderless}")
            await asyncio.sleep(_PROBE_INTERVAL)
    finally:
        await admin.close()
