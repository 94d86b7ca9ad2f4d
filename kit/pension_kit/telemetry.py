"""OpenTelemetry traces and metrics for gRPC, aiokafka and pymongo, with exporters chosen by OTEL_* variables."""

from __future__ import annotations

import os
import threading

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
from opentelemetry.instrumentation.grpc import GrpcAioInstrumentorClient, GrpcAioInstrumentorServer
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricExporter,
    MetricReader,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

_lock = threading.Lock()
_configured = False


def _exporter_names(variable: str) -> list[str]:
    # The specification's default is "otlp"; we default to "none" because a developer's machine and CI
    # have no collector, and an OTLP exporter with nowhere to send logs an error every few seconds.
    value = os.environ.get(variable, "none")
    return [name.strip().lower() for name in value.split(",") if name.strip() and name.strip() != "none"]


def _span_exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    if name == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()  # endpoint, headers and protocol come from OTEL_EXPORTER_OTLP_*
    raise ValueError(f"OTEL_TRACES_EXPORTER: unsupported exporter {name!r} (use otlp, console or none)")


def _metric_exporter(name: str) -> MetricExporter:
    if name == "console":
        return ConsoleMetricExporter()
    if name == "otlp":
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter

        return OTLPMetricExporter()
    raise ValueError(f"OTEL_METRICS_EXPORTER: unsupported exporter {name!r} (use otlp, console or none)")


def configure_telemetry(service_name: str) -> None:
    """Installs the tracer and meter providers and the library instrumentations, once per process.

    If a provider is already installed (a test that collects spans in memory, or several services run in
    one process by the end-to-end tests), it is kept, so every hop reports to the same place.
    """
    global _configured
    with _lock:
        if _configured:
            return
        _configured = True
        resource = Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", service_name)})
        if not isinstance(trace.get_tracer_provider(), TracerProvider):
            tracer_provider = TracerProvider(resource=resource)
            for name in _exporter_names("OTEL_TRACES_EXPORTER"):
                tracer_provider.add_span_processor(BatchSpanProcessor(_span_exporter(name)))
            trace.set_tracer_provider(tracer_provider)
        if not isinstance(metrics.get_meter_provider(), MeterProvider):
            readers: list[MetricReader] = [
                PeriodicExportingMetricReader(_metric_exporter(name))
                for name in _exporter_names("OTEL_METRICS_EXPORTER")
            ]
            metrics.set_meter_provider(MeterProvider(resource=resource, metric_readers=readers))
        GrpcAioInstrumentorServer().instrument()
        GrpcAioInstrumentorClient().instrument()
        AIOKafkaInstrumentor().instrument()
        PymongoInstrumentor().instrument()


def shutdown_telemetry() -> None:
    """Flushes spans and metrics still buffered; called on graceful shutdown."""
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.force_flush()
    meter_provider = metrics.get_meter_provider()
    if isinstance(meter_provider, MeterProvider):
        meter_provider.force_flush()
