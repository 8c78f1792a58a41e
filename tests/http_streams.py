"""Minimal clients for subscriptions over plain HTTP, read off a real httpx stream as it arrives:
GraphQL over SSE (graphql-sse, distinct connections) and Apollo's multipart subscriptions."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

SSE_ACCEPT = "text/event-stream"
MULTIPART_ACCEPT = 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json'
BOUNDARY = "\r\n--graphql"


@dataclass(frozen=True)
class Frame:
    """One thing the server sent: `next` (with its payload), `complete`, or `heartbeat`."""

    kind: str
    payload: dict[str, Any] | None = None


async def sse_frames(response: httpx.Response) -> AsyncIterator[Frame]:
    buffer = ""
    async for text in response.aiter_text():
        buffer += text.replace("\r\n", "\n")
        while "\n\n" in buffer:
            block, buffer = buffer.split("\n\n", 1)
            fields = dict(line.split(": ", 1) if ": " in line else (line.rstrip(":"), "") for line in block.split("\n"))
            if "" in fields and "event" not in fields:  # a comment line (": ping")
                yield Frame("heartbeat")
            elif fields.get("event") == "next":
                yield Frame("next", json.loads(fields["data"]))
            elif fields.get("event") == "complete":
                yield Frame("complete")
            else:
                raise AssertionError(f"unexpected SSE block {block!r}")


async def multipart_frames(response: httpx.Response) -> AsyncIterator[Frame]:
    """Each part ends with the delimiter CRLF--graphql; `--` right after one closes the stream."""
    buffer, after_delimiter = "", False
    async for text in response.aiter_text():
        buffer += text
        while True:
            if after_delimiter and buffer.startswith("--"):
                yield Frame("complete")
                return
            end = buffer.find(BOUNDARY)
            if end < 0:
                break
            part, buffer, after_delimiter = buffer[:end], buffer[end + len(BOUNDARY) :], True
            if not part.strip():
                continue
            headers, _, body = part.partition("\r\n\r\n")
            assert "content-type: application/json" in headers.lower(), part
            message = json.loads(body)
            yield Frame("next", message["payload"]) if "payload" in message else Frame("heartbeat")


async def frames(response: httpx.Response) -> AsyncIterator[Frame]:
    content_type = response.headers["content-type"]
    reader = sse_frames if content_type.startswith(SSE_ACCEPT) else multipart_frames
    async for frame in reader(response):
        yield frame


async def subscribe(
    client: httpx.AsyncClient, accept: str, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> list[Frame]:
    """Every frame of one subscription, until the server completes it."""
    body = {"query": query, "variables": variables or {}}
    async with client.stream("POST", "/graphql", json=body, headers={"accept": accept, **headers}) as response:
        assert response.status_code == 200, await response.aread()
        return [frame async for frame in frames(response)]


def payloads(collected: list[Frame]) -> list[dict[str, Any]]:
    """The `next` payloads of a complete stream (heartbeats aside)."""
    assert collected and collected[-1].kind == "complete", collected
    return [frame.payload for frame in collected if frame.kind == "next" and frame.payload is not None]
