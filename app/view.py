"""The Strawberry ASGI view: a typed Context per request (per connection over WebSockets), multipart
uploads with Apollo's CSRF rule, authentication of graphql-transport-ws sockets, and GraphQL over HTTP:
content negotiation, status codes and subscriptions over SSE and multipart HTTP (app/negotiation,
app/streams)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError
from strawberry.file_uploads.utils import replace_placeholders_with_files
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage
from strawberry.types.unset import UNSET

from app.credentials import authenticate, bearer, connection_token
from app.graphiql import graphiql_page
from app.over_http import GraphQLOverHTTP
from app.responses import RequestRefused, error_response
from resolvers import fanout
from resolvers.context import AppServices, Context
from resolvers.persisted_documents import socket_extensions
from services import metrics
from services.settings import LimitSettings

CSRF_HEADERS = ("x-apollo-operation-name", "apollo-require-preflight")


def _dumps(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws where a document that does not parse, or names an unknown operation, fails only
    its own operation with an `error` message; Strawberry closed the whole socket (4400) and so every other
    subscription multiplexed on it."""

    @staticmethod
    def _get_pre_execution_close_reason(error: GraphQLError) -> str | None:
        return None

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        """Hands the payload's `extensions` (a persisted query's hash) to the operation, whose task is created in
        here and so inherits the context var; a payload with a hash may leave out its `query`."""
        payload: Any = message.get("payload")
        extensions = payload.get("extensions") if isinstance(payload, dict) else None
        if not isinstance(extensions, dict):
            await super().handle_subscribe(message)
            return
        if "persistedQuery" in extensions:
            payload.setdefault("query", None)
        token = socket_extensions.set(extensions)
        try:
            await super().handle_subscribe(message)
        finally:
            socket_extensions.reset(token)


class SwitchboardGraphQL(GraphQLOverHTTP):
    """Builds a typed Context per HTTP request (per connection over WebSockets)."""

    limits: Callable[[], LimitSettings]  # the live limits, set by create_app
    graphql_transport_ws_handler_class = TransportWSHandler  # type: ignore[assignment]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry answers a refused HTTP request with plain text; ours has a GraphQL error body."""
        if scope["type"] == "websocket":
            metrics.WEBSOCKETS.inc()
            try:
                await super().__call__(scope, receive, send)
            finally:
                metrics.WEBSOCKETS.dec()
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            code = exc.code if isinstance(exc, RequestRefused) else None
            headers = {"allow": "GET, POST"} if exc.status_code == 405 else None
            accept = request.headers.get("accept")
            response = error_response(exc.status_code, exc.reason, scope.get("request_id", ""), code, accept, headers)
        await response(scope, receive, send)

    def encode_json(self, data: object) -> str:
        """Compact JSON, with an event shared by many subscribers encoded once for them all (resolvers.fanout)."""
        return fanout.encode_json(data, _dumps)

    def decode_json(self, data: str | bytes) -> object:
        """JSON from a body or a socket message, with every way it can be malformed reported as a
        JSONDecodeError (an HTTP 400, or close code 4400 on a socket) rather than a crash."""
        try:
            value = json.loads(data)
        except (RecursionError, UnicodeDecodeError) as exc:
            raise json.JSONDecodeError(f"not valid JSON ({type(exc).__name__})", "", 0) from None
        limit = self.limits().max_json_nesting
        if nesting_exceeds(value, limit):
            raise json.JSONDecodeError(f"JSON nests deeper than {limit} levels (limits.maxJsonNesting)", "", 0)
        return value

    def parse_json(self, data: str | bytes) -> Any:
        try:
            value = self.decode_json(data)
        except json.JSONDecodeError as exc:
            raise HTTPException(400, f"Unable to parse request body as JSON: {exc.msg}") from None
        if not isinstance(value, (dict, list)):
            raise HTTPException(400, f"a GraphQL request is a JSON object, not {type(value).__name__}")
        return value

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page, with every asset from the package (Strawberry's loads from a CDN)."""
        return graphiql_page(request, request.app.state.settings.auth_mode)

    async def parse_multipart(self, request: Any) -> dict[str, str]:
        """GraphQL multipart uploads, with Apollo's CSRF rule and the configured limits.

        A browser may send a multipart form cross-site without a CORS preflight; requiring one of
        these headers forces the preflight, so another site cannot post uploads with your cookies."""
        if not any(request.headers.get(name) for name in CSRF_HEADERS):
            raise HTTPException(
                400,
                "multipart requests need a non-empty `apollo-require-preflight` or `x-apollo-operation-name` header "
                "(CSRF protection; Apollo's and urql's upload links can send it)",
            )
        limits = self.limits()
        form = await request.get_form_data()
        # The adapter hands over every form part; the uploads are the parts with a file name.
        files = {k: v for k, v in form.files.items() if not isinstance(v, str)}
        if len(files) > limits.max_upload_files:
            raise HTTPException(413, f"at most {limits.max_upload_files} files per request")
        for upload in files.values():
            size = getattr(upload, "size", None)
            if size is not None and size > limits.max_upload_bytes:
                raise HTTPException(
                    413,
                    f"{getattr(upload, 'filename', 'a file')} is {size} bytes; the limit is {limits.max_upload_bytes}",
                )
        operations = self.parse_json(form.form.get("operations", "{}"))
        files_map = self.parse_json(form.form.get("map", "{}"))
        try:
            return replace_placeholders_with_files(operations, files_map, files)
        except KeyError:
            raise HTTPException(400, "File(s) missing in form data") from None

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:  # type: ignore[override]
        services: AppServices = request.app.state.services
        actor, auth_error = await authenticate(services, services.config.current, bearer(request.headers))
        return Context(
            services=services,
            request_id=request.scope.get("request_id", ""),
            actor=actor,
            auth_error=auth_error,
            request=request,
            response=response,
        )

    async def on_ws_connect(self, context: Context) -> Any:  # type: ignore[override]
        """Authenticate a WebSocket from its `connection_init` payload (browsers cannot set headers)."""
        token = connection_token(context.connection_params or {})
        if token is not None:
            context.actor, context.auth_error = await authenticate(context.services, context.settings, token)
            if context.actor is None:
                raise ConnectionRejectionError({"message": context.auth_error})
        elif context.actor is None:
            raise ConnectionRejectionError({"message": "authentication required in connection_init"})
        return UNSET


def nesting_exceeds(value: object, limit: int) -> bool:
    """Whether containers nest deeper than `limit`: iterative, stops at the first path past it."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
