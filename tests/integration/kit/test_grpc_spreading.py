"""The kit's gRPC client spreads calls over every instance its target resolves to (round robin), not one per client."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator

import grpc
import pytest

from pension_kit.grpc_client import create_channel

METHOD = "/test.Instances/Which"


async def start_instance(name: bytes) -> tuple[grpc.aio.Server, int]:
    async def which(request: bytes, context: grpc.aio.ServicerContext[bytes, bytes]) -> bytes:
        return name

    server = grpc.aio.server()
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
