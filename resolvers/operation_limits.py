"""The schema extension that counts every operation against the acting user's rates (services/rate_limits.py).

It runs after the document guard, so only documents that would run are counted, and records a refusal as the
operation's pre-execution error: HTTP (429), SSE, multipart and WebSocket clients all get the same GraphQL error,
coded RATE_LIMITED with `retryAfter` (seconds) in its extensions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from graphql.utilities import get_operation_ast
from strawberry.extensions import SchemaExtension

from resolvers.request_info import client_address
from services.errors import LimitReached

# Root mutation fields that queue a run: each call also counts against the `runs` rate.
RUN_STARTING = frozenset(
    {
        "sendMessage",
        "regenerateMessage",
        "addText",
        "uploadContent",
        "reindex",
        "startBenchmark",
        "startGeneration",
        "startTestRun",
        "pullModel",
    }
)


def limit_error(exc: LimitReached) -> GraphQLError:
    extensions: dict[str, Any] = {"code": exc.code}
    if exc.retry_after is not None:
        extensions["retryAfter"] = exc.retry_after
    return GraphQLError(exc.message, extensions=extensions)


def classes_of(operation: OperationDefinitionNode, request: Any) -> list[str]:
    if operation.operation.value != "mutation":
        return ["queries"]  # queries and subscriptions
    kinds = ["mutations"]
    roots = {sel.name.value for sel in operation.selection_set.selections if isinstance(sel, FieldNode)}
    if roots & RUN_STARTING:
        kinds.append("runs")
    headers = getattr(request, "headers", None)
    if headers is not None and (headers.get("content-type") or "").startswith("multipart/form-data"):
        kinds.append("uploads")
    return kinds


class OperationLimits(SchemaExtension):
    async def on_validate(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        context = ctx.context
        limiter = getattr(getattr(context, "services", None), "limiter", None)
        if limiter is not None and not ctx.pre_execution_errors and ctx.graphql_document is not None:
            operation = get_operation_ast(ctx.graphql_document, ctx.operation_name)
            if operation is not None:
                request = getattr(context, "request", None)
                try:
                    for kind in classes_of(operation, request):
                        await limiter.hit(kind, context.actor, client_address(request))
                except LimitReached as exc:
                    ctx.pre_execution_errors = [limit_error(exc)]
        yield
