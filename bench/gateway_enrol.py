"""Benchmark: N enrolments of distinct residents by 50 concurrent agents through the gateway, against a bare FastAPI
endpoint inserting the same documents with PyMongo, driven by the same 50 clients.

    python -m bench.gateway_enrol [--size 20000] [--clients 50] [--client-processes 1]

A private Kafka and FerretDB are started, then the enrolment service and the gateway, each in its own process as
`make up` runs them (`python -m pension_enrolment`, `python -m pension_gateway`, development settings). Timed as
"ours": 50 clients (httpx AsyncClient, one connection each), each an agent with their own signed token, POST
/v1/residents for N distinct residents of the demo village: the gateway checks the token and the body and calls
enrolment's Enrol over gRPC, which validates, seals the personal data, stores the resident with its outbox event
and answers (the relay then publishes the event to Kafka, in the background as in production). From the first
request sent until the last answer. The floor, in the same run: a bare FastAPI app in its own process (uvicorn,
as the gateway is served), one route that inserts the request's JSON document with PyMongo async `insert_one`
(one per request) into a fresh collection of the same FerretDB; the documents sent are the very ones enrolment
stored (read back after ours, not timed), and the same 50 clients send them. Each request's milliseconds give
p50 and p99 for both. ratio = floor / ours; goal 0.3. One more line measures what a rate limit shared between
gateway instances through the store would add: an atomic counter (find_one_and_update with $inc, upsert) per
request, timed alone with the same 50 concurrent callers. The CPU seconds each process used during ours and during
the floor are printed too: where a request's work goes (gateway, enrolment, FerretDB, Kafka, the clients).

Measured at 20,000 (2 CPUs shared with other work): ratio 0.31 (ours 294.3 s, p50 666 ms, p99 1,696 ms; floor
91.3 s, p50 204 ms, p99 573 ms), at the goal of 0.3. CPU a request during ours: enrolment 4.8 ms, FerretDB 4.7 ms
(enrolment's reads before it writes: the resident, the employees' pension registry, then the resident and its
outbox event), the gateway 2.6 ms, Kafka 1.0 ms; the floor's FerretDB 0.7 ms. One client process used 2.1 ms a
request, under a quarter of a CPU even for the floor, so it limits neither. Profiled (py-spy), the gateway's
share was cut by remembering verified tokens (an Ed25519 check per token, not per request), making the request
dependencies `async def` (no worker-thread hop each) and dropping the tracing spans of each ASGI receive and send.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from bson import json_util
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pymongo import AsyncMongoClient, ReturnDocument

from bench.floors import house_line
from pension_deploy.infra import FerretDB, KafkaBroker, create_topics, ensure_installed, free_port
from pension_deploy.stack import AppProcess, Check, topic_names
from pension_enrolment.adapters.residents import RESIDENTS
from pension_kit.identifiers import luhn_check_digit, make_citizen_id
from pension_kit.identity import Caller, Role
from pension_kit.mongo import Document
from pension_kit.tokens import DEVELOPMENT_SIGNING_KEY, SigningKey, TokenSigner

VILLAGE = "411723101201"  # the demo county's first village, whose region's demo policy enrolment seeds at start
FLOOR_DATABASE = "bench_gateway_enrol_floor"
FLOOR_COLLECTION = "residents"
ENROLMENT_DATABASE = "bench_gateway_enrol_enrolment"
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "建国秀英志强桂兰海燕"


def enrolment_body(index: int) -> dict[str, Any]:
    """The index-th distinct resident's enrolment: a valid ID number (birth day and sequence from the index), a
    mobile and a bank card (Luhn) of their own."""
    birth = date(1950, 1, 1) + timedelta(days=index // 900)
    card = f"622848{index:012d}"
    return {
        "request_id": uuid.uuid4().hex,
        "citizen_id_number": make_citizen_id("411723", birth, index % 900 + 1),
        "name": SURNAMES[index % 10] + GIVEN[(index // 10) % 5 * 2 : (index // 10) % 5 * 2 + 2],
        "village_code": VILLAGE,
        "mobile": f"138{index:08d}",
        "bank_card_number": card + luhn_check_digit(card),
        "bank_code": "ABC",
        "bank_name": "中国农业银行",
        "enrolled_on": date(2026, 1, 5).isoformat(),
    }


# --- the floor's server: `python -m bench.gateway_enrol --serve-floor PORT MONGO_URI` ---------------------------


def serve_floor(port: int, mongo_uri: str) -> None:
    """A bare FastAPI endpoint inserting each request's document with one insert_one, served as the gateway is."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    collection = client[FLOOR_DATABASE][FLOOR_COLLECTION]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await client.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/residents", status_code=201)
    async def insert(request: Request) -> JSONResponse:
        document = json_util.loads(await request.body())
        await collection.insert_one(document)
        return JSONResponse({"resident_id": document["_id"]}, status_code=201)

    uvicorn.run(app, host="127.0.0.1", port=port, log_config=None, access_log=False)


class FloorProcess(AppProcess):
    """The floor's server in its own process, as the gateway runs in its own."""

    def __init__(self, run_dir: Path, port: int, mongo_uri: str) -> None:
        # The child runs in its own folder: it finds the bench package by the repository's folder.
        repository = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
        super().__init__(
            "floor", "bench.gateway_enrol", run_dir, repository, Check("http", f"http://127.0.0.1:{port}/healthz")
        )
        self.port = port
        self.mongo_uri = mongo_uri

    def command(self) -> list[str]:
        return [*super().command(), "--serve-floor", str(self.port), self.mongo_uri]


# --- the clients ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    """A timed run: seconds from the first request to the last answer, and each request's milliseconds."""

    seconds: float
    milliseconds: list[float]

    def latency(self) -> str:
        ms = self.milliseconds
        return f"p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


async def drive(url: str, bodies: Sequence[bytes], tokens: Sequence[str], expect: int) -> list[float]:
    """`len(tokens)` clients, client i sending bodies i, i+clients, ... in turn, each waiting for its answer; the
    milliseconds of each request. Any answer but `expect` stops the run: a benchmark of refusals measures nothing."""
    milliseconds: list[float] = []

    async def client(index: int, token: str) -> None:
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(timeout=60, limits=limits) as http:
            for body in bodies[index :: len(tokens)]:
                started = time.perf_counter()
                response = await http.post(url, content=body, headers=headers)
                milliseconds.append((time.perf_counter() - started) * 1000)
                if response.status_code != expect:
                    raise SystemExit(f"{url} answered {response.status_code}: {response.text[:500]}")

    await asyncio.gather(*(client(index, token) for index, token in enumerate(tokens)))
    return milliseconds


def _drive_in_process(url: str, bodies: Sequence[bytes], tokens: Sequence[str], expect: int) -> list[float]:
    return asyncio.run(drive(url, bodies, tokens, expect))


async def timed(url: str, bodies: Sequence[bytes], tokens: Sequence[str], expect: int, processes: int) -> Run:
    """The clients in this process, or split over `processes` processes (when one client process would be what
    limits the floor); timed from before the first request to after the last answer."""
    started = time.perf_counter()
    if processes <= 1:
        milliseconds = await drive(url, bodies, tokens, expect)
    else:
        shares = [tokens[part::processes] for part in range(processes)]
        body_shares = [
            [body for index, body in enumerate(bodies) if index % len(tokens) % processes == part]
            for part in range(processes)
        ]
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            results = await asyncio.to_thread(
                pool.starmap,
                _drive_in_process,
                [(url, body_shares[part], shares[part], expect) for part in range(processes)],
            )
        milliseconds = [ms for part in results for ms in part]
    return Run(time.perf_counter() - started, milliseconds)


async def shared_counter_cost(mongo_uri: str, requests: int, clients: int) -> Run:
    """What a rate limit shared by gateway instances through the store would add to each request: one atomic
    find_one_and_update ($inc, upsert) of a per-agent, per-minute counter, by `clients` concurrent callers."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    counters = client[FLOOR_DATABASE]["rate_counters"]
    milliseconds: list[float] = []

    async def caller(index: int) -> None:
        for _ in range(requests // clients):
            started = time.perf_counter()
            await counters.find_one_and_update(
                {"_id": f"agent-{index}/{int(time.time() // 60)}"},
                {"$inc": {"count": 1}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
            milliseconds.append((time.perf_counter() - started) * 1000)

    try:
        started = time.perf_counter()
        await asyncio.gather(*(caller(index) for index in range(clients)))
        return Run(time.perf_counter() - started, milliseconds)
    finally:
        await client.close()


async def stored_documents(mongo_uri: str, count: int) -> list[bytes]:
    """The residents enrolment stored, as extended JSON: what the floor inserts (read back, not timed)."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(mongo_uri, tz_aware=True)
    try:
        cursor = client[ENROLMENT_DATABASE][RESIDENTS].find({})
        documents = [json_util.dumps(document).encode() async for document in cursor]
    finally:
        await client.close()
    if len(documents) != count:
        raise SystemExit(f"enrolment stored {len(documents)} residents, not {count}")
    return documents


def agent_tokens(clients: int) -> list[str]:
    """A token for each client: an agent of the demo village, as the gateway's sign-in would issue (development key,
    which the development gateway trusts)."""
    signer = TokenSigner(SigningKey.from_jwk(DEVELOPMENT_SIGNING_KEY))
    return [
        signer.mint(Caller(f"bench-agent-{index}", Role.VILLAGE_AGENT, frozenset({VILLAGE})), 3600)
        for index in range(clients)
    ]


def cpu_seconds(pid: int) -> float:
    """The CPU seconds (user + system) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuUse:
    """The CPU each process of the run used between two moments: where a request's work went."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = {**pids, "the clients": os.getpid()}
        self.started = {name: cpu_seconds(pid) for name, pid in self.pids.items()}

    def line(self, requests: int) -> str:
        used = {name: cpu_seconds(pid) - self.started[name] for name, pid in self.pids.items()}
        return ", ".join(
            f"{name} {seconds:.1f} s ({seconds / requests * 1000:.2f} ms a request)" for name, seconds in used.items()
        )


async def bench(
    gateway_url: str,
    floor_url: str,
    mongo_uri: str,
    size: int,
    clients: int,
    processes: int,
    pids: dict[str, int],
) -> None:
    tokens = agent_tokens(clients)
    bodies = [json.dumps(enrolment_body(index)).encode() for index in range(size)]
    # A few enrolments first (not timed): the channels, the policy's cache and the connections are warm, as a
    # gateway's are after its first minute of a working day.
    warm = [json.dumps(enrolment_body(size + index)).encode() for index in range(clients)]
    await timed(f"{gateway_url}/v1/residents", warm, tokens, 201, 1)
    cpu = CpuUse({name: pid for name, pid in pids.items() if name != "floor"})
    ours = await timed(f"{gateway_url}/v1/residents", bodies, tokens, 201, processes)
    print(f"ours: {size:,} enrolments through the gateway in {ours.seconds:.3f} s, {ours.latency()}")
    print(f"CPU during ours: {cpu.line(size)}")

    documents = await stored_documents(mongo_uri, size + clients)
    cpu = CpuUse({name: pid for name, pid in pids.items() if name in ("floor", "FerretDB")})
    floor = await timed(f"{floor_url}/residents", documents[:size], tokens, 201, processes)
    print(f"floor: {size:,} insert_one behind a bare FastAPI endpoint in {floor.seconds:.3f} s, {floor.latency()}")
    print(f"CPU during the floor: {cpu.line(size)}")
    counter = await shared_counter_cost(mongo_uri, min(size, 5_000), clients)
    print(
        f"a shared rate-limit counter (find_one_and_update $inc, upsert) alone: {counter.latency()}, "
        f"{len(counter.milliseconds) / counter.seconds:.0f} a second"
    )
    print(f"{clients} clients in {processes} process(es)")
    print(house_line("gateway_enrol", ours.seconds, floor.seconds, size))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=20_000, help="enrolments (default 20,000)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--client-processes", type=int, default=1, help="processes the clients run in (default 1)")
    parser.add_argument("--serve-floor", nargs=2, metavar=("PORT", "MONGO_URI"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_floor:
        serve_floor(int(args.serve_floor[0]), args.serve_floor[1])
        return
    installation = ensure_installed()
    with tempfile.TemporaryDirectory(prefix="bench-gateway-enrol-") as folder:
        work = Path(folder)
        controller_port = free_port()
        port = free_port()
        while port == controller_port:
            port = free_port()
        broker = KafkaBroker(installation.kafka_home, work / "kafka", port, controller_port)
        database = FerretDB(installation.ferretdb_binary, work / "ferretdb", free_port())
        started: list[AppProcess | KafkaBroker | FerretDB] = []

        def start(process: AppProcess | KafkaBroker | FerretDB) -> None:
            started.append(process)
            process.start()

        try:
            start(broker)
            start(database)
            environment = {
                "PENSION_ENV": "development",
                "PENSION_KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                "PENSION_MONGO_URI": database.mongo_uri,
            }
            asyncio.run(create_topics(broker.bootstrap_servers, topic_names()))
            enrolment_port = free_port()
            enrolment_address = f"127.0.0.1:{enrolment_port}"
            start(
                AppProcess(
                    "enrolment",
                    "pension_enrolment",
                    work,
                    {
                        **environment,
                        "PENSION_SERVICE_NAME": "enrolment",
                        "PENSION_GRPC_PORT": str(enrolment_port),
                        "PENSION_MONGO_DATABASE": ENROLMENT_DATABASE,
                    },
                    Check("grpc", enrolment_address),
                )
            )
            gateway_port = free_port()
            gateway_url = f"http://127.0.0.1:{gateway_port}"
            start(
                AppProcess(
                    "gateway",
                    "pension_gateway",
                    work,
                    {
                        **environment,
                        "PENSION_SERVICE_NAME": "gateway",
                        "PENSION_HTTP_PORT": str(gateway_port),
                        "PENSION_ENROLMENT_ADDRESS": enrolment_address,
                        "PENSION_MONGO_DATABASE": "bench_gateway_enrol_gateway",
                    },
                    Check("http", f"{gateway_url}/healthz"),
                )
            )
            floor_port = free_port()
            start(FloorProcess(work, floor_port, database.mongo_uri))
            named = {"Kafka": broker, "FerretDB": database, "enrolment": started[2], "gateway": started[3]}
            pids = {name: process.pid for name, process in {**named, "floor": started[4]}.items()}
            asyncio.run(
                bench(
                    gateway_url,
                    f"http://127.0.0.1:{floor_port}",
                    database.mongo_uri,
                    args.size,
                    args.clients,
                    args.client_processes,
                    {name: pid for name, pid in pids.items() if pid is not None},
                )
            )
        finally:
            for process in reversed(started):
                process.stop()


if __name__ == "__main__":
    main()
