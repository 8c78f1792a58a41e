"""Live subscriptions counted for /metrics, and one span per GraphQL operation (the root of its trace) when
tracing is on: named after the operation, with its type and name, and `switchboard.run_id` when it queued a run
(services/tracing.py). The tracing extension is added only when tracing is on, so it costs nothing otherwise.
Strawberry's own OpenTelemetry extension makes a span per resolver; one per operation is what an operator
reads, and it stays cheap."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from services import metrics, tracing


class SubscriptionCount(SchemaExtension):
    """`switchboard_subscriptions`: up when a subscription starts executing, down when it ends, over any
    transport (Strawberry runs `on_operation` around a subscription's whole life)."""

    counted = False

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            if self.counted:
                metrics.SUBSCRIPTIONS.dec()

    def on_execute(self) -> Iterator[None]:
        if self.execution_context.operation_type is OperationType.SUBSCRIPTION and not self.counted:
            self.counted = True
            metrics.SUBSCRIPTIONS.inc()
        yield


class OperationTracing(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        with tracing.span("graphql", root=True) as span:
            yield
            if span is None:
                return
            kind = context.operation_type.value if context.operation_type else "unknown"
            name = context.operation_name or "anonymous"
            span.update_name(f"graphql {kind} {name}")
            span.set_attribute("graphql.operation.type", kind)
            span.set_attribute("graphql.operation.name", name)
            request_id = getattr(context.context, "request_id", None)
            if request_id:
                span.set_attribute("switchboard.request_id", request_id)
            if context.result is not None and getattr(context.result, "errors", None):
                span.set_attribute("graphql.errors", len(context.result.errors or []))
