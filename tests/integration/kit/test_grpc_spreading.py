"""The kit's gRPC client spreads calls over every instance its target resolves to (round robin), not one per
client; the kit's servers close old connections, so that clients resolve again, without failing a call."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator

import grpc
import pytest

from pension_kit.grpc_client import create_channel
from pension_kit.grpc_server import server_options

METHOD = "/test.Instances/Which"


async def start_instance(name: bytes, max_connection_age_seconds: float = 300.0) -> tuple[grpc.aio.Server, int]:
    """A server answering its name (or, with `name` empty, the caller's address) with the kit's server options."""

    async def which(request: bytes, context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
        return name or context.peer().encode()

    server = grpc.aio.server(options=server_options(4 * 1024 * 1024, max_connection_age_seconds))
    handler = grpc.unary_unary_rpc_method_handler(which)  # raw bytes: no (de)serialisers
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("test.Instances", {"Which": handler}),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


@pytest.fixture
async def two_instances() -> AsyncIterator[list[int]]:
    started = [await start_instance(b"first"), await start_instance(b"second")]
    yield [port for _, port in started]
    for server, _ in started:
        await server.stop(None)


async def test_one_clients_calls_reach_both_instances_of_a_service(two_instances: list[int]) -> None:
    # A target resolving to two addresses, as dns:/// of a headless Service resolves to two pods.
    target = "ipv4:" + ",".join(f"127.0.0.1:{port}" for port in two_instances)
    channel = create_channel(target)
    try:
        which = channel.unary_unary(METHOD)
        await channel.channel_ready()
        answers = Counter([await which(b"", wait_for_ready=True) for _ in range(20)])
    finally:
        await channel.close()
    assert set(answers) == {b"first", b"second"}, answers


async def test_a_client_is_moved_to_a_new_connection_when_its_connection_ages_without_a_call_failing() -> None:
    # Each new connection resolves the service's name again (how a client finds an instance added since): the
    # server's age limit, shortened here from minutes, makes the client reconnect while calls keep succeeding.
    server, port = await start_instance(b"", max_connection_age_seconds=0.5)
    channel = create_channel(f"127.0.0.1:{port}")
    peers: set[bytes] = set()
    calls = 0
    try:
        which = channel.unary_unary(METHOD)
        deadline = time.monotonic() + 30
        while len(peers) < 3 and time.monotonic() < deadline:
            peers.add(await which(b"", wait_for_ready=True, timeout=10))
            calls += 1
    finally:
        await channel.close()
        await server.stop(None)
    assert len(peers) >= 3, f"{calls} calls, all over {peers}"
