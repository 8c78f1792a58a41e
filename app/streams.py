"""Subscriptions over plain HTTP: GraphQL over SSE (graphql-sse, distinct connections mode) and Apollo's multipart
subscriptions, from Strawberry's transports with three changes:

- keep-alives every `stream_heartbeat_seconds` (an SSE comment; an empty `{}` part for multipart, which Apollo
  Client skips), so proxies do not cut an idle stream;
- a query or mutation sent with Apollo's multipart Accept header gets one part, not an error;
- events end lines with LF rather than CRLF (the SSE spec allows either): urql splits events only at a blank
  LF line, so with CRLF it never saw one;
- an end that does not depend on the garbage collector: when the client goes away (or the stream ends), every
  generator of the subscription is closed at once, down to the resolver's `finally`, so its pub/sub
  subscription is released right then (`PubSub.active` counts them).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable
from typing import Any, cast

from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send
from strawberry.http.streaming import HTTPStreamTransport, MultipartSubscriptionTransport, SSETransport
from strawberry.types.graphql import OperationType


class SSE(SSETransport):
    def encode_event(self, event: str, data: str | None = None) -> str:
        if data and ("\r" in data or "\n" in data):
            raise ValueError("SSE event data must not contain newlines")
        return f"event: {event}\ndata: {data or ''}\n\n"

    def encode_comment(self, comment: str) -> str:
        return f": {comment}\n\n"


class Multipart(MultipartSubscriptionTransport):
    def __init__(self, heartbeat_interval: float) -> None:
        super().__init__()
        self.heartbeat_interval = heartbeat_interval

    def allowed_operation_types(self, allowed_operation_types: set[OperationType]) -> Iterable[OperationType]:
        return allowed_operation_types


def transports(heartbeat_seconds: float) -> dict[str, HTTPStreamTransport]:
    sse, multipart = SSE(heartbeat_seconds), Multipart(heartbeat_seconds)
    return {sse.protocol: sse, multipart.protocol: multipart}


async def _next(source: AsyncIterator[str]) -> tuple[bool, str]:
    try:
        return False, await anext(source)
    except StopAsyncIteration:
        return True, ""


async def with_heartbeats(
    source: AsyncGenerator[str, None], heartbeat: Callable[[], str], interval: float, *, initial: bool
) -> AsyncGenerator[str, None]:
    """`source`'s chunks, with `heartbeat()` whenever it has been quiet for `interval` seconds. The next chunk
    is awaited in a task of its own, so a heartbeat never interrupts it; closing this generator cancels that
    task and closes `source`."""
    pending: asyncio.Task[tuple[bool, str]] | None = None
    try:
        if initial:
            yield heartbeat()
        while True:
            if pending is None:
                pending = asyncio.ensure_future(_next(source))
            done, _ = await asyncio.wait({pending}, timeout=interval)
            if not done:
                yield heartbeat()
                continue
            ended, chunk = pending.result()
            pending = None
            if ended:
                return
            yield chunk
    finally:
        # When the client goes away, this runs inside Starlette's cancelled task group, where anyio cancels every
        # await again: the closing runs in a task of its own, to its end, shielded from that.
        closing = asyncio.ensure_future(_close(source, pending))
        _closing.add(closing)
        closing.add_done_callback(_closing.discard)
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(closing)


_closing: set[asyncio.Future[None]] = set()  # closings under way (the loop keeps only weak references to tasks)


async def _close(source: AsyncGenerator[str, None], pending: asyncio.Task[tuple[bool, str]] | None) -> None:
    """Stop the chunk being awaited (it runs the subscription's generators: cancelling unwinds them), then close
    `source` for the case where it was waiting at a `yield`."""
    if pending is not None:
        pending.cancel()
        with contextlib.suppress(BaseException):
            await pending
    await source.aclose()


class ClosingStreamingResponse(StreamingResponse):
    """Closes its body when the response ends for any reason: Starlette abandons it when the client disconnects
    while a chunk is being sent, which would leave the subscription open until garbage collection."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            body = cast(Any, self.body_iterator)
            if hasattr(body, "aclose"):
                await body.aclose()
