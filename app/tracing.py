"""Turns OpenTelemetry tracing on when `otlp_endpoint` is set (off by default; services/tracing.py says what is
traced). Spans leave in batches over OTLP/HTTP (protobuf) to a collector, Jaeger, Tempo, Honeycomb, ..."""

from __future__ import annotations

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

from services import tracing
from services.settings import Settings


def make_exporter(settings: Settings) -> SpanExporter:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    endpoint = str(settings.otlp_endpoint).rstrip("/")
    if not endpoint.endswith("/v1/traces"):
        endpoint += "/v1/traces"  # the collector's base URL is accepted too
    return OTLPSpanExporter(endpoint=endpoint)


def start_tracing(settings: Settings) -> TracerProvider | None:
    """A TracerProvider exporting to the configured endpoint, installed for services/tracing; None when off."""
    if not settings.otlp_endpoint:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": settings.otlp_service_name}))
    provider.add_span_processor(BatchSpanProcessor(make_exporter(settings)))
    tracing.configure(provider)
    return provider


def stop_tracing(provider: TracerProvider | None) -> None:
    """Send what is pending and stop (the lifespan's last step)."""
    if provider is None:
        return
    tracing.configure(None)
    provider.shutdown()
