"""The schema extension for persisted documents (services/persisted_queries): before an operation parses, a hash
in `extensions.persistedQuery` becomes its document (APQ), trusted mode refuses what is not in the manifest, and
a newly sent APQ document is stored once it has passed the document guard and validation.

Refusals are recorded as pre-execution errors with their code, so they reach every transport as GraphQL errors
(HTTP, SSE, multipart and graphql-transport-ws alike)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

import structlog
from graphql import GraphQLError
from sqlalchemy.exc import SQLAlchemyError
from strawberry.extensions import SchemaExtension

from resolvers.document_guard import refuse
from services.persisted_queries import PersistedQueries, Refused

log = structlog.get_logger("switchboard.documents")

# graphql-transport-ws `subscribe` payloads carry `extensions` too, but Strawberry's socket handler does not
# hand them to the operation; the handler (app/view) sets them here, and the operation's task inherits them.
socket_extensions: ContextVar[dict[str, Any] | None] = ContextVar("socket_extensions", default=None)


class PersistedDocuments(SchemaExtension):
    _register: str | None = None

    def _store(self) -> PersistedQueries | None:
        services = getattr(self.execution_context.context, "services", None)
        return getattr(services, "documents", None)

    async def on_operation(self) -> AsyncIterator[None]:
        ctx = self.execution_context
        if (store := self._store()) is not None and ctx.graphql_document is None:
            try:
                extensions = ctx.operation_extensions or socket_extensions.get()
                resolved = await store.resolve(ctx.query, extensions)
            except Refused as exc:
                refuse(ctx, GraphQLError(exc.message, extensions={"code": exc.code}))
            else:
                if resolved is not None:
                    ctx.query, self._register = resolved.document, resolved.register
        yield

    async def on_validate(self) -> AsyncIterator[None]:
        yield
        ctx = self.execution_context
        if self._register and not ctx.pre_execution_errors and ctx.query and (store := self._store()):
            try:
                await store.put(self._register, ctx.query)
            except SQLAlchemyError:  # storing is an optimisation: the operation runs anyway, the client resends
                log.warning("could not store a persisted query", sha256=self._register, exc_info=True)
