"""gRPC channels to the platform's services (each call carries its caller's token: pension_kit.tokens)."""

from __future__ import annotations

import json

import grpc

# Calls spread over every address the name resolves to: with a `dns:///name:port` target naming a headless
# Service (one address per ready pod), each call goes to the next instance, where gRPC's default (pick_first)
# would send every call of this process to one instance for the channel's life.
ROUND_ROBIN = json.dumps({"loadBalancingConfig": [{"round_robin": {}}]})

# Keepalives find a dead peer in seconds instead of waiting for TCP; retries of idempotent calls are
# left to the callers, which know whether a call is safe to repeat (every mutating RPC has a request_id).
_CHANNEL_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
    ("grpc.service_config", ROUND_ROBIN),
]


def create_channel(address: str) -> grpc.aio.Channel:
    """An insecure channel for the cluster's private network (TLS terminates at the mesh in production).

    `address` is a gRPC target: `dns:///name:port` (the chart's addresses) resolves to every instance of the
    service, and calls are spread over them round robin; `host:port` means the same (dns is gRPC's default).
    """
    return grpc.aio.insecure_channel(address, options=_CHANNEL_OPTIONS)
