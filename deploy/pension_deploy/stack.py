"""The developer's local stack: Kafka, FerretDB, the four services and the gateway on 127.0.0.1, by pid.

`up` runs one of each; `up(cluster=True)` (make up-cluster, and the cluster test) runs three Kafka brokers and two
instances of each service and of the gateway.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from pension_deploy.demo import load_demo
from pension_deploy.endpoints import Endpoints, Say
from pension_deploy.infra import (
    ChildProcess,
    FerretDB,
    InfraError,
    KafkaBroker,
    KafkaCluster,
    ProcessRecord,
    create_topics,
    ensure_installed,
    kafka_metadata_problem,
    mongo_ping_problem,
    port_in_use,
    process_cmdline,
    stop_processes,
)
from pension_kit.config import KitSettings
from pension_kit.tokens import SigningKey, public_key_set

REPO_ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("enrolment", "payout", "verification", "supervision")
GATEWAY = "gateway"
SERVING = "SERVING"
NOT_SERVING = "NOT_SERVING"
DOWN = "down"
# Generous: a first start creates every index, and a cold JVM on a busy 2-core machine is slow.
INFRA_DEADLINE = 120.0
APP_DEADLINE = 120.0
APP_STOP_DEADLINE = 20.0
INFRA_STOP_DEADLINE = 30.0


class StackError(RuntimeError):
    """The stack cannot be brought up, checked or stopped; the message says why and what to read."""


def _port(default: int) -> Any:
    return Field(default=default, ge=1, le=65535)


class StackSettings(BaseSettings):
    """Ports and the run folder, from PENSION_* variables; the defaults are the documented ports."""

    model_config = SettingsConfigDict(env_prefix="PENSION_", extra="ignore", frozen=True)

    kafka_port: int = _port(9092)
    kafka_controller_port: int = _port(9093)
    ferretdb_port: int = _port(27017)
    enrolment_port: int = _port(50051)
    payout_port: int = _port(50052)
    verification_port: int = _port(50053)
    supervision_port: int = _port(50054)
    gateway_port: int = _port(8000)
    # The cluster's (make up-cluster) second and third brokers and second instances; unused by `make up`.
    kafka_2_port: int = _port(9094)
    kafka_2_controller_port: int = _port(9095)
    kafka_3_port: int = _port(9096)
    kafka_3_controller_port: int = _port(9097)
    enrolment_2_port: int = _port(50061)
    payout_2_port: int = _port(50062)
    verification_2_port: int = _port(50063)
    supervision_2_port: int = _port(50064)
    gateway_2_port: int = _port(8001)
    run_dir: Path = REPO_ROOT / ".run"

    def app_port(self, name: str, instance: int = 1) -> int:
        port: int = getattr(self, f"{name}_port" if instance == 1 else f"{name}_{instance}_port")
        return port

    def ports(self, *, cluster: bool = False) -> dict[str, int]:
        """Every port the stack listens on (the cluster's too when asked), by the setting that chooses it."""
        return {
            f"PENSION_{key.upper()}": value
            for key, value in self.model_dump().items()
            if key.endswith("_port") and isinstance(value, int) and (cluster or not _cluster_only(key))
        }

    def kafka_cluster_ports(self) -> list[tuple[int, int]]:
        """(port, controller port) of the cluster's three brokers; the first is `make up`'s broker's."""
        return [(self.kafka_port, self.kafka_controller_port)] + [
            (getattr(self, f"kafka_{node}_port"), getattr(self, f"kafka_{node}_controller_port")) for node in (2, 3)
        ]


def _cluster_only(setting: str) -> bool:
    return any(f"_{instance}_" in setting for instance in (2, 3))


def load_stack_settings() -> StackSettings:
    """The settings, or StackError naming each malformed variable on one line."""
    try:
        return StackSettings()
    except ValidationError as exc:
        problems = "; ".join(
            f"PENSION_{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise StackError(f"configuration error: {problems}") from None


def topic_names() -> list[str]:
    """The topics every service expects, taken from the kit's settings so there is one list."""
    names = [
        str(info.default)
        for key, info in KitSettings.model_fields.items()
        if key.startswith("topic_") and isinstance(info.default, str)
    ]
    if not names:
        raise StackError("pension_kit.config.KitSettings names no topic_* settings")
    return names


# --- development secrets ---------------------------------------------------------------------------


def _random_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


def development_secrets(run_dir: Path) -> dict[str, str]:
    """Random keys made on the first `up` and kept (mode 600) so that data sealed with them stays readable."""
    path = run_dir / "dev-secrets.env"
    wanted: dict[str, Callable[[], str]] = {
        "PENSION_PII_KEYS": lambda: f"local1:{_random_key()}",
        "PENSION_LOOKUP_KEY": _random_key,
        # The gateway's token signing key (a private JWK); its public half is derived, never stored apart.
        "PENSION_TOKEN_SIGNING_KEY": lambda: SigningKey.generate("local1").private_jwk(),
    }
    secrets: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep and not key.startswith("#"):
                secrets[key.strip()] = value.strip()
    missing = {key: make() for key, make in wanted.items() if key not in secrets}
    if missing or not path.is_file():
        secrets.update(missing)
        run_dir.mkdir(parents=True, exist_ok=True)
        text = "# Development-only keys of the local stack, made by `make up`; never use them elsewhere.\n"
        text += "".join(f"{key}={value}\n" for key, value in secrets.items())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(text)
    os.chmod(path, 0o600)  # also tightens a file someone copied in with looser rights
    secrets.pop("PENSION_SESSION_KEY", None)  # an older stack's key for the tokens before JWT; unused
    return secrets


# --- health ----------------------------------------------------------------------------------------


def grpc_health(address: str, deadline: float = 1.0) -> str:
    """The standard gRPC health check for the whole server (service "")."""
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        try:
            response = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=deadline)
        except grpc.RpcError as exc:
            return DOWN if exc.code() == grpc.StatusCode.UNAVAILABLE else f"{NOT_SERVING} ({exc.code().name})"
    status: str = health_pb2.HealthCheckResponse.ServingStatus.Name(response.status)
    return status


def http_health(url: str, deadline: float = 1.0) -> str:
    """SERVING if GET url answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=deadline) as response:
            return SERVING if response.status == 200 else f"{NOT_SERVING} (HTTP {response.status})"
    except urllib.error.HTTPError as exc:
        return f"{NOT_SERVING} (HTTP {exc.code})"
    except (urllib.error.URLError, OSError):
        return DOWN


@dataclass(frozen=True)
class Check:
    """How to ask a process whether it serves: kind is grpc, http, kafka or mongo."""

    kind: str
    target: str

    def run(self) -> str:
        if self.kind == "grpc":
            return grpc_health(self.target)
        if self.kind == "http":
            return http_health(self.target)
        if self.kind == "kafka":
            return SERVING if kafka_metadata_problem(self.target) is None else NOT_SERVING
        if self.kind == "mongo":
            return SERVING if mongo_ping_problem(self.target) is None else NOT_SERVING
        raise StackError(f"unknown health check kind {self.kind!r}")


class AppProcess(ChildProcess):
    """A service or the gateway: `python -m <module>` with the stack's environment."""

    def __init__(self, name: str, module: str, run_dir: Path, environment: Mapping[str, str], check: Check) -> None:
        super().__init__(run_dir)
        self.name = name
        self.module = module
        self.environment = dict(environment)
        self.check = check

    @property
    def output_path(self) -> Path:
        return self.data_dir / "logs" / f"{self.name}.log"

    def command(self) -> list[str]:
        # The interpreter that runs us is the workspace's virtual environment (`uv run`).
        return [sys.executable, "-m", self.module]

    def _prepare(self) -> None:
        self.output_path.parent.mkdir(parents=True, exist_ok=True)

    def _environment(self) -> dict[str, str]:
        return {**os.environ, **self.environment}

    def _probe(self) -> str | None:
        status = self.check.run()
        return None if status == SERVING else f"health: {status}"


# --- the state file --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    record: ProcessRecord
    check: Check


def _state_path(settings: StackSettings) -> Path:
    return settings.run_dir / "stack.json"


def read_state(settings: StackSettings) -> list[Entry]:
    path = _state_path(settings)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text())
        return [
            Entry(ProcessRecord.from_json(item["record"]), Check(str(item["check"]), str(item["target"])))
            for item in data["processes"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise StackError(f"{path} is not a stack file this tool wrote ({exc}); move it away") from None


def _write_state(settings: StackSettings, entries: Sequence[Entry]) -> None:
    path = _state_path(settings)
    data = {
        "processes": [{"record": e.record.to_json(), "check": e.check.kind, "target": e.check.target} for e in entries]
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(path)  # atomic, so that a `down` racing an `up` never reads half a file


# --- port owners, for a clear refusal --------------------------------------------------------------


def _listening_inodes(port: int) -> set[str]:
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A is LISTEN
                inodes.add(inode)
    return inodes


def _readlink(path: Path) -> str:
    # A descriptor can close between listing and reading it (the listing's own one always does).
    try:
        return os.readlink(path)
    except OSError:
        return ""


def port_owner(port: int) -> str | None:
    """'pid N (command)' of the process listening on the port, if this user can see it."""
    inodes = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fds = list((proc / "fd").iterdir())
        except OSError:
            continue
        if any(_readlink(fd) in inodes for fd in fds):
            argv = process_cmdline(int(proc.name)) or ["?"]
            program = Path(argv[0]).name
            if "-m" in argv[:-1]:
                program += f" -m {argv[argv.index('-m') + 1]}"
            return f"pid {proc.name} ({program})"
    return None


# --- up, down, status ------------------------------------------------------------------------------


def _refuse_if_up(settings: StackSettings, say: Say) -> None:
    entries = read_state(settings)
    live = [e.record for e in entries if e.record.is_alive()]
    if live:
        names = ", ".join(f"{r.name} (pid {r.pid})" for r in live)
        raise StackError(f"the stack is already up: {names}; run `make down` first")
    if entries:
        say(f"forgetting a stale {_state_path(settings)} (none of its processes runs)")
        _state_path(settings).unlink()


def _refuse_taken_ports(settings: StackSettings, *, cluster: bool = False) -> None:
    taken = [
        f"{port} ({variable}) is in use by {port_owner(port) or 'another program'}"
        for variable, port in settings.ports(cluster=cluster).items()
        if port_in_use(port)
    ]
    if taken:
        raise StackError("port " + "; port ".join(taken) + "; stop that program or choose another port")


def service_address(settings: StackSettings, name: str, instances: int = 1) -> str:
    """A service's gRPC target: its one address, or (several instances) gRPC's list of every instance's, which
    a channel spreads its calls over or fails over within, so that the loss of one instance goes unnoticed."""
    addresses = [f"127.0.0.1:{settings.app_port(name, instance)}" for instance in range(1, instances + 1)]
    return addresses[0] if instances == 1 else "ipv4:" + ",".join(addresses)


def _app_environment(
    settings: StackSettings, kafka: KafkaBroker | KafkaCluster, ferretdb: FerretDB, instances: int = 1
) -> tuple[dict[str, str], str]:
    """Every process's environment, and the token signing key (a private JWK) that only the gateway gets."""
    environment = {
        "PENSION_ENV": "development",
        "PENSION_KAFKA_BOOTSTRAP_SERVERS": kafka.bootstrap_servers,
        "PENSION_MONGO_URI": ferretdb.mongo_uri,
        "PENSION_GRPC_HOST": "127.0.0.1",
        "PENSION_HTTP_HOST": "127.0.0.1",
        "OTEL_TRACES_EXPORTER": "none",
        "OTEL_METRICS_EXPORTER": "none",
        "OTEL_LOGS_EXPORTER": "none",
        # Log lines reach the log file as they are written, not when a buffer fills.
        "PYTHONUNBUFFERED": "1",
        # Events written by a command-line import (the demo's migration) are published at the relay's next sweep;
        # a short one keeps `make up` quick on a local stack.
        "PENSION_OUTBOX_SWEEP_SECONDS": "2",
        # Payout writes the bank batch files here (one folder per payroll run).
        "PENSION_BANK_FILES_DIR": str(settings.run_dir / "bank-files"),
        # Supervision writes the audit chain's signed daily heads here (in production: a folder the database's
        # administrators cannot write).
        "PENSION_AUDIT_HEADS_DIR": str(settings.run_dir / "audit-heads"),
    }
    for name in SERVICES:
        environment[f"PENSION_{name.upper()}_ADDRESS"] = service_address(settings, name, instances)
    secrets = development_secrets(settings.run_dir)
    # Only the gateway (the sign-in service) gets the private key; every process gets the public one.
    signing_jwk = secrets.pop("PENSION_TOKEN_SIGNING_KEY")
    environment.update(secrets)
    environment["PENSION_TOKEN_PUBLIC_KEYS"] = public_key_set([SigningKey.from_jwk(signing_jwk)])
    return environment, signing_jwk


def _wait_all(processes: Sequence[ChildProcess], deadline: float) -> None:
    """Waits for every process to answer, failing on the first that exits or on the deadline."""
    until = time.monotonic() + deadline
    pending = list(processes)
    while pending:
        problems = {process: process.check_once() for process in pending}  # raises if one has exited
        pending = [process for process, problem in problems.items() if problem is not None]
        if pending and time.monotonic() > until:
            process = pending[0]
            raise StackError(
                f"{process.name} did not become healthy within {deadline:.0f}s ({problems[process]});"
                f" read {process.log_path}"
            )
        if pending:
            time.sleep(0.2)


def _load_demo(endpoints: Endpoints, say: Say) -> None:
    say("loading the demo county ...")
    try:
        asyncio.run(load_demo(endpoints))
    except Exception as exc:
        raise StackError(
            f"loading the demo county failed: {_one_line(exc)}; the services' logs are in {endpoints.run_dir / 'logs'}"
        ) from exc


def _one_line(exc: BaseException) -> str:
    # gRPC and pymongo errors span several lines; the CLI promises one.
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}"


@dataclass
class Stack:
    """What `start_stack` started: the processes (to kill and restart one, in the cluster test) and where they
    listen. apps are by process name: `payout`, and `payout-2` for a cluster's second instance."""

    endpoints: Endpoints
    ferretdb: FerretDB
    brokers: list[KafkaBroker]
    apps: dict[str, AppProcess] = field(default_factory=dict)

    def stop(self) -> None:
        """Stops the services and gateways, then the brokers and FerretDB, each group at once."""
        for group in (list(self.apps.values()), [*self.brokers, self.ferretdb]):
            with ThreadPoolExecutor(max_workers=len(group)) as pool:
                list(pool.map(lambda process: process.stop(), group))


def instance_name(name: str, instance: int) -> str:
    return name if instance == 1 else f"{name}-{instance}"


def up(settings: StackSettings, say: Say, *, demo: bool = True, cluster: bool = False) -> Endpoints:
    """Starts everything, waits until each process is healthy, loads the demo; stops all on failure.

    cluster: three Kafka brokers (replication factor 3, min.insync.replicas 2) and two instances of each service
    and of the gateway, sharing the consumer groups and the database.
    """
    return start_stack(settings, say, demo=demo, cluster=cluster).endpoints


def start_stack(settings: StackSettings, say: Say, *, demo: bool = True, cluster: bool = False) -> Stack:
    """`up`, handing back the processes themselves."""
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    _refuse_if_up(settings, say)
    _refuse_taken_ports(settings, cluster=cluster)
    try:
        installation = ensure_installed()
    except InfraError as exc:
        raise StackError(str(exc)) from None

    kafka: KafkaBroker | KafkaCluster
    if cluster:
        ports = settings.kafka_cluster_ports()
        kafka = KafkaCluster(installation.kafka_home, settings.run_dir / "kafka-cluster", ports)
        brokers = kafka.brokers
    else:
        kafka = KafkaBroker(
            installation.kafka_home, settings.run_dir / "kafka", settings.kafka_port, settings.kafka_controller_port
        )
        brokers = [kafka]
    instances = 2 if cluster else 1
    replication = kafka.replication
    ferretdb = FerretDB(installation.ferretdb_binary, settings.run_dir / "ferretdb", settings.ferretdb_port)
    started: list[ChildProcess] = []
    entries: dict[str, Entry] = {}

    def launch(process: ChildProcess, check: Check) -> None:
        def recorded(record: ProcessRecord) -> None:
            # Also on a restart (the cluster test's), so that `make down` finds the new pid.
            entries[process.name] = Entry(record, check)
            _write_state(settings, list(entries.values()))

        started.append(process)
        process.on_start = recorded
        process.start(wait=False)

    began = time.monotonic()

    def done(what: str) -> None:
        say(f"{what} ({time.monotonic() - began:.1f}s)")

    try:
        say(f"starting Kafka on {kafka.bootstrap_servers} and FerretDB on 127.0.0.1:{ferretdb.port} ...")
        for broker in brokers:
            launch(broker, Check("kafka", broker.bootstrap_servers))
        launch(ferretdb, Check("mongo", ferretdb.mongo_uri))
        _wait_all([*brokers, ferretdb], INFRA_DEADLINE)
        if isinstance(kafka, KafkaCluster):
            kafka.wait_ready(INFRA_DEADLINE)  # all three in the metadata: topics can have three replicas
        asyncio.run(create_topics(kafka.bootstrap_servers, topic_names(), replication=replication))
        done("Kafka and FerretDB are ready, topics exist")

        environment, signing_jwk = _app_environment(settings, kafka, ferretdb, instances)
        apps: dict[str, AppProcess] = {}
        for instance in range(1, instances + 1):
            for name in SERVICES:
                port = settings.app_port(name, instance)
                service_environment = {
                    **environment,
                    "PENSION_SERVICE_NAME": name,
                    "PENSION_GRPC_PORT": str(port),
                }
                process_name = instance_name(name, instance)
                apps[process_name] = AppProcess(
                    process_name,
                    f"pension_{name}",
                    settings.run_dir,
                    service_environment,
                    Check("grpc", f"127.0.0.1:{port}"),
                )
        services = list(apps.values())
        say("starting " + ", ".join(apps) + " ...")
        for service in services:
            launch(service, service.check)
        _wait_all(services, APP_DEADLINE)
        done("the services are SERVING")

        gateways = []
        for instance in range(1, instances + 1):
            url = f"http://127.0.0.1:{settings.app_port(GATEWAY, instance)}"
            gateway = AppProcess(
                instance_name(GATEWAY, instance),
                "pension_gateway",
                settings.run_dir,
                {
                    **environment,
                    "PENSION_SERVICE_NAME": GATEWAY,
                    "PENSION_HTTP_PORT": str(settings.app_port(GATEWAY, instance)),
                    "PENSION_TOKEN_SIGNING_KEY": signing_jwk,
                },
                Check("http", f"{url}/healthz"),
            )
            apps[gateway.name] = gateway
            gateways.append(gateway)
        say("starting " + ", ".join(g.name for g in gateways) + " ...")
        for gateway in gateways:
            launch(gateway, gateway.check)
        _wait_all(gateways, APP_DEADLINE)
        done("the gateway is healthy" if instances == 1 else "the gateways are healthy")

        endpoints = Endpoints(
            gateway_url=f"http://127.0.0.1:{settings.gateway_port}",
            kafka_bootstrap_servers=kafka.bootstrap_servers,
            mongo_uri=ferretdb.mongo_uri,
            service_addresses={name: service_address(settings, name, instances) for name in SERVICES},
            run_dir=settings.run_dir,
            environment=environment,
            token_signing_key=signing_jwk,
        )
        if demo:
            _load_demo(endpoints, say)
        done("up")
        return Stack(endpoints, ferretdb, brokers, apps)
    except BaseException as exc:
        say("stopping what was started ...")
        for process in reversed(started):
            process.stop()
        _state_path(settings).unlink(missing_ok=True)
        if isinstance(exc, StackError):
            raise
        if isinstance(exc, InfraError):
            raise StackError(str(exc)) from None
        if isinstance(exc, Exception):
            raise StackError(_one_line(exc)) from exc
        raise


def down(settings: StackSettings, say: Say) -> None:
    """Stops exactly the processes `up` recorded (services first, then Kafka and FerretDB); idempotent."""
    entries = read_state(settings)
    if not entries:
        say("nothing to stop: the stack is not up")
        return
    infra_kinds = {"kafka", "mongo"}
    apps = [e.record for e in entries if e.check.kind not in infra_kinds]
    infra = [e.record for e in entries if e.check.kind in infra_kinds]
    for group, deadline in ((apps, APP_STOP_DEADLINE), (infra, INFRA_STOP_DEADLINE)):
        gone = [r for r in group if not r.is_alive()]
        killed = stop_processes(group, deadline)
        for record in group:
            if record in gone:
                say(f"{record.name} (pid {record.pid}) was not running")
            elif record in killed:
                say(f"{record.name} (pid {record.pid}) did not stop within {deadline:.0f}s; killed it")
            else:
                say(f"stopped {record.name} (pid {record.pid})")
    _state_path(settings).unlink(missing_ok=True)


@dataclass(frozen=True)
class Health:
    name: str
    pid: int
    status: str
    target: str
    log: str


def status(settings: StackSettings) -> list[Health]:
    """Each recorded process's health: SERVING, NOT_SERVING or down."""
    result = []
    for entry in read_state(settings):
        record = entry.record
        health = entry.check.run() if record.is_alive() else DOWN
        result.append(Health(record.name, record.pid, health, entry.check.target, record.log))
    return result
