"""Error policy: expected failures become typed union members (mutations) or coded GraphQL errors;
everything else is masked to "Internal server error" for the client and logged with the request id."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, ParamSpec, TypeVar

import structlog
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from schema import errors as gql
from services.errors import (
    Conflict,
    Forbidden,
    ImportFailed,
    InvalidCredentials,
    LimitReached,
    NotFound,
    ServiceError,
    Unauthenticated,
    ValidationFailed,
)

log = structlog.get_logger("switchboard.errors")
P = ParamSpec("P")
R = TypeVar("R")


def as_union_member(exc: ServiceError) -> gql.Error:
    """The typed error a mutation returns for an expected failure."""
    code = gql.ErrorCode(exc.code)
    if isinstance(exc, ValidationFailed):
        return gql.ValidationError(message=exc.message, code=code, field=exc.field)
    if isinstance(exc, NotFound):
        return gql.NotFoundError(message=exc.message, code=code, id=exc.ident)  # type: ignore[arg-type]
    if isinstance(exc, Conflict):
        return gql.ConflictError(message=exc.message, code=code)
    if isinstance(exc, InvalidCredentials):
        return gql.AuthError(message=exc.message, code=code)
    if isinstance(exc, ImportFailed):
        return gql.ImportError(message=exc.message, code=code, path=exc.path)
    raise exc


def returns_errors(resolver: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Mutation decorator: expected failures are returned as union members, nothing is committed.

    Missing credentials and forbidden actions stay GraphQL errors (UNAUTHENTICATED, FORBIDDEN),
    as clients handle those globally (e.g. an Apollo error link that refreshes tokens)."""

    @functools.wraps(resolver)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await resolver(*args, **kwargs)
        except (Unauthenticated, Forbidden, LimitReached):
            raise
        except ServiceError as exc:
            return as_union_member(exc)  # type: ignore[return-value]

    return wrapper


class ErrorPolicy(SchemaExtension):
    """Adds `extensions.code` to every error and masks unexpected ones."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [self._process(error) for error in result.errors]

    def on_stream_result(self, result: Any) -> Iterator[None]:
        """Each result of a subscription gets the same treatment before it reaches the socket."""
        if getattr(result, "errors", None):
            result.errors = [self._process(error) for error in result.errors]
        yield

    def _process(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if original is None:
            if "code" in (error.extensions or {}):
                return error
            code = "GRAPHQL_VALIDATION_FAILED" if error.path is None else "BAD_USER_INPUT"
            return _with_code(error, error.message, code)
        if error.path is None and isinstance(original, (GraphQLError, ValueError, TypeError)):
            # Before execution: a variable or literal a scalar refused (the message says which and why).
            return _with_code(error, error.message, "BAD_USER_INPUT")
        if isinstance(original, GraphQLError):  # e.g. a strawberry permission error
            extensions = {"code": "FORBIDDEN", **(original.extensions or {})}
            return _with_code(error, error.message, extensions["code"])
        if isinstance(original, LimitReached):
            return _with_code(error, original.message, original.code, retryAfter=original.retry_after)
        if isinstance(original, ServiceError):
            return _with_code(error, original.message, original.code)
        request_id = getattr(self.execution_context.context, "request_id", None)
        log.error(
            "unhandled error in resolver",
            request_id=request_id,
            path=error.path,
            exc_info=(type(original), original, original.__traceback__),
        )
        return _with_code(error, "Internal server error", "INTERNAL_SERVER_ERROR", request_id=request_id)


def tag_request_errors(errors: list[GraphQLError]) -> None:
    """Parse and validation errors never reach ErrorPolicy (they end the operation early)."""
    for error in errors:
        if error.original_error is None and "code" not in (error.extensions or {}):
            code = "GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error") else "GRAPHQL_VALIDATION_FAILED"
            error.extensions = {**(error.extensions or {}), "code": code}


def _with_code(error: GraphQLError, message: str, code: str, **extra: Any) -> GraphQLError:
    extensions = {**(error.extensions or {}), "code": code, **{k: v for k, v in extra.items() if v}}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )
