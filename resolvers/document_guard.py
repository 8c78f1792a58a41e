"""The schema extension that checks every operation, on every transport, before it runs.

It replaces Strawberry's ParserCache, ValidationCache and QueryDepthLimiter with one linear pipeline
(see `document_limits`): source size and nesting, parsing with a token limit, one measuring walk, the
introspection policy, the string rule for inputs, then the standard validation rules (cached).

A failure is recorded as the operation's pre-execution error rather than raised: Strawberry turns
errors raised by extension hooks into a broken stream for subscriptions (a bare `complete` over
graphql-transport-ws), while pre-execution errors reach every transport as GraphQL errors.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, Node, StringValueNode, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from resolvers.document_limits import DocumentLimits, LimitExceeded, check_source, enforce, measure
from services.settings import Settings

CACHE_SIZE = 512
CACHEABLE_CHARS = 20_000  # longer documents are parsed each time, so the cache stays small
# Stands in for a document that was refused before it parsed: Strawberry needs an operation to read
# the operation type from before it reports the pre-execution error.
_PLACEHOLDER = parse("query { __typename }")


@functools.lru_cache(maxsize=CACHE_SIZE)
def _parse(query: str, max_tokens: int) -> DocumentNode:
    return parse(query, max_tokens=max_tokens)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _validate(schema: Any, document: DocumentNode, rules: tuple[Any, ...]) -> list[GraphQLError]:
    return validate_document(schema, document, rules)


def limits_of(settings: Settings | None) -> DocumentLimits:
    if settings is None:
        return DocumentLimits()
    lim = settings.limits
    return DocumentLimits(
        max_bytes=lim.max_document_bytes,
        max_tokens=lim.max_document_tokens,
        max_nesting=lim.max_document_nesting,
        max_depth=lim.max_query_depth,
        max_aliases=lim.max_aliases,
        max_fragments=lim.max_fragments,
        max_spreads=lim.max_fragment_spreads,
        max_cost=lim.max_query_cost,
        max_repetition=lim.max_repeated_selections,
        default_page_size=lim.default_page_size,
        max_page_size=lim.max_page_size,
    )


class DocumentGuard(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        query = ctx.query
        if query is not None and ctx.graphql_document is None:
            limits = limits_of(getattr(ctx.context, "settings", None))
            ctx.parse_options["max_tokens"] = limits.max_tokens
            try:
                check_source(query, limits)
                ctx.graphql_document = (
                    _parse(query, limits.max_tokens)
                    if len(query) <= CACHEABLE_CHARS
                    else parse(query, max_tokens=limits.max_tokens)
                )
            except GraphQLSyntaxError as error:
                # A plain syntax error is left to Strawberry, which parses again and reports it.
                if "Parsing aborted" in error.message:
                    self._refuse(
                        LimitExceeded(
                            "maxDocumentTokens",
                            limits.max_tokens + 1,
                            limits.max_tokens,
                            message=f"the document has more than {limits.max_tokens} tokens "
                            f"(the limit `maxDocumentTokens`)",
                        )
                    )
            except LimitExceeded as error:
                self._refuse(error)
        yield

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.graphql_document is not None:
            context = ctx.context
            limits = limits_of(getattr(context, "settings", None))
            try:
                stats = measure(ctx.graphql_document, ctx.schema._schema, limits, ctx.variables, ctx.operation_name)
                enforce(stats, limits)
                if stats.introspection:
                    _check_introspection(context)
                check_strings(ctx.variables or {}, "$")
                if ctx.query and ("\\u" in ctx.query or "\x00" in ctx.query):
                    check_literals(ctx.graphql_document)
            except GraphQLError as error:
                ctx.pre_execution_errors = [error]
            else:
                rules = tuple(ctx.validation_rules)
                ctx.pre_execution_errors = _validate(ctx.schema._schema, ctx.graphql_document, rules)
        yield

    def _refuse(self, error: GraphQLError) -> None:
        self.execution_context.graphql_document = _PLACEHOLDER
        self.execution_context.pre_execution_errors = [error]


def _check_introspection(context: Any) -> None:
    settings: Settings | None = getattr(context, "settings", None)
    policy = settings.introspection_policy if settings else "on"
    if policy == "on":
        return
    if policy == "off":
        raise GraphQLError("introspection is disabled on this server", extensions={"code": "FORBIDDEN"})
    if getattr(context, "actor", None) is None:
        raise GraphQLError("introspection needs a signed-in user", extensions={"code": "UNAUTHENTICATED"})


def check_strings(value: Any, path: str) -> None:
    """Every string in the variables is valid Unicode without NUL: Postgres stores neither an unpaired
    surrogate nor NUL, and SQLite would store what Postgres refuses. One rule, on every database.
    Iterative, so nesting costs no recursion; linear in the number of values."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            _check_string(item, where)
        elif isinstance(item, Mapping):
            for key, inner in item.items():
                _check_string(str(key), where)
                stack.append((f"{where}.{key}", inner))
        elif isinstance(item, list):
            stack.extend((f"{where}[{index}]", inner) for index, inner in enumerate(item))


def check_literals(document: DocumentNode) -> None:
    """String literals in the document follow the same rule (`"\\u0000"` decodes to NUL)."""
    for node in _string_values(document):
        _check_string(node.value, "in a string literal")


def _string_values(document: DocumentNode) -> Iterator[StringValueNode]:
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, StringValueNode):
            yield node
        elif isinstance(node, Node):
            stack.extend(getattr(node, key) for key in node.keys if key != "loc")
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _check_string(text: str, where: str) -> None:
    if "\x00" in text:
        raise _bad_string(where, "a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _bad_string(where, "an unpaired UTF-16 surrogate") from None


def _bad_string(where: str, what: str) -> GraphQLError:
    subject = f"variable {where}" if where.startswith("$") else where
    return GraphQLError(
        f"{subject} contains {what}; strings must be valid Unicode text without NUL characters",
        extensions={"code": "BAD_USER_INPUT", "variable": where},
    )
