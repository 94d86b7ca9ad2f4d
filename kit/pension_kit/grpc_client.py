"""gRPC channels to the platform's services (each call carries its caller's token: pension_kit.tokens)."""

from __future__ import annotations

import grpc

# Keepalives find a dead peer in seconds instead of waiting for TCP; retries of idempotent calls are
# left to the callers, which know whether a call is safe to repeat (every mutating RPC has a request_id).
_CHANNEL_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.keepalive_timeout_ms", 10_000),
]


def create_channel(address: str) -> grpc.aio.Channel:
    """An insecure channel for the cluster's private network (TLS terminates at the mesh in production)."""
    return grpc.aio.insecure_channel(address, options=_CHANNEL_OPTIONS)
