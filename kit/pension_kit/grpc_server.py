"""gRPC server plumbing: every call's token verified, domain errors to statuses, health and reflection."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, Final

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from pension_kit.errors import DomainError, Unavailable, from_identifier_error
from pension_kit.grpc_errors import to_status
from pension_kit.identifiers import IdentifierError
from pension_kit.identity import current_caller
from pension_kit.mongo import DATABASE_UNAVAILABLE_ERRORS
from pension_kit.tokens import TokenVerifier, token_from_metadata

log = logging.getLogger(__name__)

Behaviour = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], Awaitable[Any]]
StreamBehaviour = Callable[[Any, grpc.aio.ServicerContext[Any, Any]], AsyncIterator[Any]]


def _as_domain_error(exc: Exception) -> DomainError | None:
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, IdentifierError):
        return from_identifier_error(exc)
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS):
        return Unavailable(
            "DATABASE_UNAVAILABLE",
            "the database cannot be reached; try again",
            message_zh="数据库暂不可用，请稍后重试",
        )
    return None


async def _refuse(exc: Exception, context: grpc.aio.ServicerContext[Any, Any]) -> None:
    error = _as_domain_error(exc)
    if error is None:
        raise exc  # grpc reports UNKNOWN and the instrumentation records the exception
    if isinstance(error, Unavailable):
        log.warning("refused %s: %s", error.reason, exc)
    await context.abort_with_status(to_status(error))


def _wrap_unary(behaviour: Behaviour, verifier: TokenVerifier) -> Behaviour:
    """A unary response (the request unary or streamed): the token verified, the caller set, refusals as statuses."""

    async def wrapped(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        token = current_caller.set(None)
        try:
            current_caller.set(verifier.verify(token_from_metadata(context.invocation_metadata())))
            return await behaviour(request, context)
        except Exception as exc:
            await _refuse(exc, context)
        finally:
            current_caller.reset(token)

    return wrapped


def _wrap_response_stream(behaviour: StreamBehaviour, verifier: TokenVerifier) -> StreamBehaviour:
    """A streamed response (a file download): the same, around every message the handler yields."""

    async def wrapped(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
        token = current_caller.set(None)
        try:
            current_caller.set(verifier.verify(token_from_metadata(context.invocation_metadata())))
            async for response in behaviour(request, context):
                yield response
        except Exception as exc:
            await _refuse(exc, context)
        finally:
            current_caller.reset(token)

    return wrapped


# Answered without a token: the standard health check (probes, `make status`) and server reflection (the
# contracts, which are public in protos/ anyway). Every method of our own services needs one.
_OPEN_PREFIXES = ("/grpc.health.", "/grpc.reflection.")


class DomainInterceptor(grpc.aio.ServerInterceptor):
    """Verifies the caller's token, sets `current_caller` for the call, and turns domain errors into statuses."""

    def __init__(self, verifier: TokenVerifier) -> None:
        self._verifier = verifier

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler | None]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        if handler is None or handler_call_details.method.startswith(_OPEN_PREFIXES):
            return handler
        serializers = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        if not handler.request_streaming and not handler.response_streaming:
            return grpc.unary_unary_rpc_method_handler(_wrap_unary(handler.unary_unary, self._verifier), **serializers)
        if handler.request_streaming and not handler.response_streaming:  # uploads (a bank return file)
            return grpc.stream_unary_rpc_method_handler(
                _wrap_unary(handler.stream_unary, self._verifier), **serializers
            )
        if handler.response_streaming and not handler.request_streaming:  # downloads (a bank batch file)
            return grpc.unary_stream_rpc_method_handler(
                _wrap_response_stream(handler.unary_stream, self._verifier), **serializers
            )
        raise NotImplementedError(f"{handler_call_details.method}: no caller check for bidirectional streams yet")


Registration = Callable[[Any, grpc.aio.Server], None]

# A client resolves a service's name (every ready instance, pension_kit.grpc_client) only when a connection
# drops: a server that closes each connection after a few minutes (gRPC sends GOAWAY, the client reconnects and
# resolves again; calls in flight finish) makes an instance the autoscaler added get calls within that time.
MAX_CONNECTION_AGE_SECONDS: Final = 300.0
# How long calls in flight on a connection being closed may still run: the longest deadline any caller gives
# (the command lines' 300 s), so age never cuts a call short.
MAX_CONNECTION_AGE_GRACE_SECONDS: Final = 330.0
# The kit's clients ping every 30 s while a call is in flight (grpc_client's keepalive); a gRPC server by default
# counts a ping sooner than 5 minutes after the last as a strike and closes the connection after two, calls in
# flight with it: the server accepts its own clients' rate.
MIN_PING_INTERVAL_SECONDS: Final = 20.0


def server_options(max_receive_bytes: int, max_connection_age_seconds: float) -> list[tuple[str, int]]:
    """The gRPC channel arguments of every server (see the constants above)."""
    return [
        ("grpc.max_receive_message_length", max_receive_bytes),
        ("grpc.max_connection_age_ms", int(max_connection_age_seconds * 1000)),
        ("grpc.max_connection_age_grace_ms", int(MAX_CONNECTION_AGE_GRACE_SECONDS * 1000)),
        ("grpc.http2.min_ping_interval_without_data_ms", int(MIN_PING_INTERVAL_SECONDS * 1000)),
    ]


class GrpcServer:
    """A grpc.aio server with our interceptor, the standard health service and reflection."""

    def __init__(
        self,
        host: str,
        port: int,
        services: Sequence[tuple[Registration, Any, str]],
        verifier: TokenVerifier,
        *,
        max_receive_bytes: int = 4 * 1024 * 1024,
        max_connection_age_seconds: float = MAX_CONNECTION_AGE_SECONDS,
    ) -> None:
        self._server = grpc.aio.server(
            interceptors=[DomainInterceptor(verifier)],
            options=server_options(max_receive_bytes, max_connection_age_seconds),
        )
        self._health = health.aio.HealthServicer()
        health_pb2_grpc.add_HealthServicer_to_server(self._health, self._server)
        self._service_names = [name for _, _, name in services]
        for register, servicer, _ in services:
            register(servicer, self._server)
        reflection.enable_server_reflection(
            [*self._service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], self._server
        )
        self.port = self._server.add_insecure_port(f"{host}:{port}")
        if self.port == 0:
            raise OSError(f"cannot listen on {host}:{port}")

    async def start(self) -> None:
        await self._server.start()
        for name in ["", *self._service_names]:
            await self._health.set(name, health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace: float) -> None:
        """Reports NOT_SERVING, lets calls in flight finish for `grace` seconds, then stops."""
        await self._health.enter_graceful_shutdown()
        await self._server.stop(grace)
