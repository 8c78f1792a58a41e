"""GraphQL over HTTP on Strawberry's ASGI view: the response type the client prefers (app/negotiation), the
spec's status codes, request errors without `data`, and subscriptions over SSE and multipart HTTP (app/streams)
in place of Strawberry's first-match-wins choice and its `Cannot return null` answer to a subscription in a
plain JSON POST."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import aclosing
from functools import cached_property
from typing import Any, cast

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.http.streaming import HTTPStreamTransport
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from app.negotiation import (
    GRAPHQL_RESPONSE,
    MULTIPART,
    SSE,
    content_type,
    negotiate,
    request_error_status,
    retry_after,
    streams_accepted,
)
from app.responses import RequestRefused
from app.streams import ClosingStreamingResponse, transports, with_heartbeats

STREAMS_HINT = (
    "a subscription needs a stream: send `Accept: text/event-stream` (graphql-sse) or "
    "`Accept: multipart/mixed;subscriptionSpec=1.0` (Apollo's HttpLink), or use the graphql-transport-ws WebSocket"
)
PROTOCOL_OF = {SSE: "sse", MULTIPART: "multipart-subscription"}


class SubResponse(Response):
    """Strawberry's per-request response (status, headers), plus the response type the client prefers."""

    kind: str | None = None


class GraphQLOverHTTP(GraphQL):
    heartbeat_seconds: float = 10.0  # set by create_app

    @cached_property
    def _stream_transport_map(self) -> dict[str, HTTPStreamTransport]:
        return transports(self.heartbeat_seconds)

    def _transport(self, kind: str | None) -> HTTPStreamTransport | None:
        protocol = PROTOCOL_OF.get(kind or "")
        return self._stream_transport_map.get(protocol) if protocol else None

    def _get_stream_transport_from_headers(self, headers: Mapping[str, str]) -> HTTPStreamTransport | None:
        """A stream only when the client prefers one (Strawberry streamed whenever one was listed at all)."""
        return self._transport(negotiate(_accept(headers)))

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Not for a GET that carries a persisted query's hash (its `query` is left out on purpose)."""
        return super().should_render_graphql_ide(request) and not request.query_params.get("extensions")

    async def get_sub_response(self, request: Request | Any) -> Response:
        sub_response = SubResponse()
        sub_response.status_code = None  # type: ignore[assignment]
        del sub_response.headers["content-length"]
        sub_response.kind = negotiate(request.headers.get("accept"))
        return sub_response

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        if negotiate(_accept(request.headers)) is None:
            raise RequestRefused(
                406,
                "none of the accepted media types can carry a GraphQL response: accept "
                "application/graphql-response+json, application/json, text/event-stream or "
                "multipart/mixed;subscriptionSpec=1.0",
                "NOT_ACCEPTABLE",
            )
        if request.method == "POST":
            media, _ = parse_content_type(request.content_type or "")
            if media != "application/json" and not (self.multipart_uploads_enabled and media == "multipart/form-data"):
                raise RequestRefused(
                    415,
                    f"Unsupported content type {media or '(none)'}: send application/json "
                    "(or multipart/form-data for uploads)",
                )
        return await super().parse_http_body(request)

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """One result over plain HTTP. Subscriptions are not run here (Strawberry ran them as queries and
        answered `Cannot return null`): they switch to a stream the client also accepts, or get a 400."""
        allowed = OperationType.from_http(request_adapter.method) - {OperationType.SUBSCRIPTION}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "No GraphQL query found in the request") from exc
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.MUTATION:
                raise RequestRefused(405, "mutations are not allowed over GET: use POST") from exc
            streams = streams_accepted(_accept(request_adapter.headers))
            if not streams:
                raise RequestRefused(400, STREAMS_HINT, "STREAMING_TRANSPORT_REQUIRED") from exc
        transport = self._transport(streams[0])
        assert transport is not None
        request_data.protocol = transport.protocol  # `run` then answers with this transport's stream
        return await self.schema.stream(  # type: ignore[return-value]
            request_data.query,
            variable_values=request_data.variables,
            context_value=context,
            root_value=root_value,
            operation_name=request_data.operation_name,
            operation_extensions=request_data.extensions,
            allowed_operation_types=OperationType.from_http(request_adapter.method),
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """A request error (nothing executed: no error has a path) has no `data` entry, as the GraphQL spec says."""
        body = await super().process_result(request, result)
        if result.data is None and result.errors and all(error.path is None for error in result.errors):
            body.pop("data", None)
        return body

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if getattr(sub_response, "kind", None) == GRAPHQL_RESPONSE:
            response.headers["content-type"] = content_type(GRAPHQL_RESPONSE)
            if not sub_response.status_code and isinstance(response_data, dict):
                response.status_code = request_error_status(cast(Mapping[str, Any], response_data))
                if response.status_code == 429 and (wait := retry_after(cast(Mapping[str, Any], response_data))):
                    response.headers["retry-after"] = str(wait)
        return response

    def _stream_result(self, request: Request, result: Any, transport: HTTPStreamTransport) -> Any:
        async def chunks() -> AsyncGenerator[str, None]:
            pending: list[Any] = []
            async with aclosing(result):
                async for value in result:
                    response, pending = await self._process_stream_result(request, value, pending)
                    yield transport.encode_next(response, self.encode_json_string)
            yield transport.encode_complete()

        def stream() -> AsyncGenerator[str, None]:
            heartbeat = lambda: transport.heartbeat_message(self.encode_json_string)  # noqa: E731
            interval = transport.heartbeat_interval
            return with_heartbeats(chunks(), heartbeat, interval, initial=transport.send_initial_heartbeat)

        return stream

    async def create_streaming_response(
        self,
        request: Request | Any,
        stream: Callable[[], Any],
        sub_response: Response,
        headers: Mapping[str, str],
    ) -> Response:
        return ClosingStreamingResponse(
            stream(), status_code=sub_response.status_code or 200, headers={**sub_response.headers, **headers}
        )


def _accept(headers: Mapping[str, str]) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == "accept"), None)
