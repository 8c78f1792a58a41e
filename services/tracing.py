"""OpenTelemetry spans, when tracing is on (README "Traces"); nothing at all when it is off.

app/tracing.py turns tracing on when `otlp_endpoint` is set, by handing a TracerProvider to `configure`.
Until then `_tracer` is None and every helper returns at once: no span objects, no context changes.

The shape: one trace per GraphQL operation (resolvers/tracing.py) and one per run (a new root, since a run
outlives the request that queued it), tied together by the `switchboard.run_id` attribute: `note_run` puts the
id on the operation's span when `queue.enqueue` queues a run, and the run's root span carries it. Inside a run:
`queue wait` (recorded afterwards, from the run's created and started times), `retrieval`, one span per
provider call (each retry attempt is its own), and tool calls through `span("tool <name>")`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace

RUN_ID = "switchboard.run_id"
_tracer: trace.Tracer | None = None


def configure(provider: trace.TracerProvider | None) -> None:
    global _tracer
    _tracer = provider.get_tracer("switchboard") if provider is not None else None


def enabled() -> bool:
    return _tracer is not None


def _attributes(values: dict[str, Any]) -> dict[str, Any]:
    return {k if "." in k else f"switchboard.{k}": v for k, v in values.items() if v is not None}


@contextmanager
def span(name: str, *, root: bool = False, **attributes: Any) -> Iterator[trace.Span | None]:
    """A span around a block (the current span inside it); `root=True` starts a new trace."""
    if _tracer is None:
        yield None
        return
    parent = otel_context.Context() if root else None
    with _tracer.start_as_current_span(name, context=parent, attributes=_attributes(attributes)) as current:
        yield current


def start(name: str, **attributes: Any) -> trace.Span | None:
    """A span the caller ends (`finish`), for work that spans the yields of an async generator, where the
    current-span context cannot be attached and detached safely."""
    if _tracer is None:
        return None
    return _tracer.start_span(name, attributes=_attributes(attributes))


def finish(current: trace.Span | None, error: BaseException | None = None) -> None:
    if current is None:
        return
    if error is not None:
        current.record_exception(error)
        current.set_status(trace.Status(trace.StatusCode.ERROR, str(error)[:200]))
    current.end()


def record(name: str, started: datetime, ended: datetime, **attributes: Any) -> None:
    """A span for something already over (the time a run waited in its queue), in the current trace."""
    if _tracer is None:
        return
    done = _tracer.start_span(name, start_time=_ns(started), attributes=_attributes(attributes))
    done.end(end_time=_ns(ended))


def note_run(run_id: str) -> None:
    """Tie the current span (a GraphQL operation queueing a run) to the run's own trace."""
    if _tracer is None:
        return
    current = trace.get_current_span()
    if current.is_recording():
        current.add_event("run queued", {RUN_ID: run_id})
        current.set_attribute(RUN_ID, run_id)


def _ns(moment: datetime) -> int:
    return int(moment.timestamp() * 1_000_000_000)
