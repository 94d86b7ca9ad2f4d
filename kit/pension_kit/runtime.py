"""The life of a service process: indexes, gRPC server, outbox relay, consumers, and a graceful SIGTERM."""

from __future__ import annotations

import asyncio
import io
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from pension_kit.config import KitSettings, ServiceSettings, load_settings
from pension_kit.consumer import CONSUMER_INDEXES, IdempotentConsumer
from pension_kit.grpc_server import GrpcServer, Registration
from pension_kit.logs import configure_logging
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS, Document, IndexSpec, create_client, ensure_indexes
from pension_kit.outbox import OutboxRelay, outbox_indexes
from pension_kit.telemetry import configure_telemetry, shutdown_telemetry

log = logging.getLogger(__name__)

# How long one step of a shutdown may take before it is given up on (and reported).
STOP_STEP_SECONDS = 10.0


@dataclass
class ServiceParts:
    """What a service's bootstrap hands to the runtime; everything is built, nothing is started."""

    grpc_services: Sequence[tuple[Registration, Any, str]]
    indexes: Sequence[IndexSpec] = ()
    outbox_collections: Sequence[str] = ()
    consumers: Sequence[IdempotentConsumer] = ()
    jobs: Sequence[Callable[[], Awaitable[None]]] = field(default_factory=list)


@dataclass
class ServiceContext:
    """The shared resources a bootstrap builds its parts from."""

    settings: KitSettings
    client: AsyncMongoClient[Document]
    database: AsyncDatabase[Document]
    # The relay exists from the start so that a unit of work can nudge it after writing events; it
    # publishes the collections named in ServiceParts.outbox_collections.
    relay: OutboxRelay


Bootstrap = Callable[[ServiceContext], ServiceParts]


class ServiceRuntime:
    """Starts and stops one service: usable from `python -m` and, in-process, from end-to-end tests."""

    def __init__(self, settings: ServiceSettings, bootstrap: Bootstrap) -> None:
        self.settings = settings
        client = create_client(settings)
        database = client[settings.database_name]
        self.context = ServiceContext(
            settings, client, database, OutboxRelay(settings, database, sweep_interval=settings.outbox_sweep_seconds)
        )
        self._bootstrap = bootstrap
        self._tasks: list[asyncio.Task[None]] = []
        self._server: GrpcServer | None = None
        self.port = 0

    async def start(self, *, index_deadline: float = 60.0) -> None:
        parts = self._bootstrap(self.context)
        await self._create_indexes(parts, index_deadline)
        self._server = GrpcServer(
            self.settings.grpc_host,
            self.settings.grpc_port,
            parts.grpc_services,
            self.settings.token_verifier(),
            max_receive_bytes=self.settings.grpc_max_receive_bytes,
        )
        self.port = self._server.port
        if parts.outbox_collections:
            self.context.relay.collections = list(parts.outbox_collections)
            self._spawn(self.context.relay.run(), "outbox-relay")
        for consumer in parts.consumers:
            self._spawn(consumer.run(), f"consumer-{consumer.group_id}")
        for job in parts.jobs:
            self._spawn(job(), getattr(job, "__name__", "job"))
        await self._server.start()
        log.info("%s serving gRPC on %s:%d", self.settings.service_name, self.settings.grpc_host, self.port)

    async def _create_indexes(self, parts: ServiceParts, deadline_seconds: float) -> None:
        # Unique indexes are what enforce "at most once"; serving before they exist would be unsafe, so
        # the service waits for the database here and gives up (exits non-zero) after the deadline.
        specs = [*parts.indexes, *CONSUMER_INDEXES]
        for collection in parts.outbox_collections:
            specs.extend(outbox_indexes(collection))
        deadline = time.monotonic() + deadline_seconds
        while True:
            try:
                await ensure_indexes(self.context.database, specs)
                return
            except DATABASE_UNAVAILABLE_ERRORS as exc:
                if time.monotonic() > deadline:
                    raise
                log.warning("waiting for the database to create indexes: %s", exc)
                await asyncio.sleep(1.0)

    def _spawn(self, coroutine: Awaitable[None], name: str) -> None:
        async def guarded() -> None:
            try:
                await coroutine
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background task %s died", name)
                raise

        self._tasks.append(asyncio.create_task(guarded(), name=name))

    async def stop(self, grace: float = 5.0) -> None:
        """Stops taking calls, lets calls in flight finish, then stops background work and closes clients.

        Every step is bounded: a service asked to stop must stop, and one that cannot says which of its
        parts held it up (with that part's stack) instead of hanging its supervisor.
        """
        if self._server is not None:
            await _bounded(self._server.stop(grace), grace + STOP_STEP_SECONDS, "gRPC server stop")
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=STOP_STEP_SECONDS)
            for task in pending:
                log.error(
                    "%s: background task %s did not stop:\n%s",
                    self.settings.service_name,
                    task.get_name(),
                    _stack_of(task),
                )
        self._tasks.clear()
        await _bounded(self.context.client.close(), STOP_STEP_SECONDS, "database client close")


async def _bounded(step: Awaitable[None], seconds: float, what: str) -> None:
    try:
        await asyncio.wait_for(step, seconds)
    except TimeoutError:
        log.error("%s did not finish within %.0f s; going on", what, seconds)


def _stack_of(task: asyncio.Task[Any]) -> str:
    stream = io.StringIO()
    task.print_stack(file=stream)
    return stream.getvalue()


async def serve(runtime: ServiceRuntime) -> None:
    """Runs a service until SIGTERM or SIGINT, then shuts it down gracefully."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    await runtime.start()
    await stopping.wait()
    log.info("%s stopping", runtime.settings.service_name)
    await runtime.stop()
    shutdown_telemetry()


def prepare_process(settings: KitSettings) -> None:
    """Logging and telemetry for a service process; call once, first thing in `__main__`."""
    configure_logging(settings.service_name, settings.log_level)
    configure_telemetry(settings.service_name)


def run_service(settings_class: type[ServiceSettings], bootstrap: Bootstrap) -> None:
    """The whole of a service's `__main__`: settings, logging, telemetry, then serve until SIGTERM."""
    settings = load_settings(settings_class)
    prepare_process(settings)
    asyncio.run(serve(ServiceRuntime(settings, bootstrap)))
