"""A minimal graphql-transport-ws client over a real WebSocket (the protocol Apollo and urql speak)."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

PROTOCOL = "graphql-transport-ws"


class GraphQLWS:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def subscribe(
        self, query: str | None, variables: dict[str, Any] | None = None, extensions: dict[str, Any] | None = None
    ) -> AsyncIterator[dict[str, Any]]:
        """Yields each `next` payload until `complete`; raises on `error`. A None query is left out (a hash in
        `extensions` stands for it)."""
        op_id = str(next(self._ids))
        payload: dict[str, Any] = {"variables": variables or {}}
        if query is not None:
            payload["query"] = query
        if extensions is not None:
            payload["extensions"] = extensions
        await self.ws.send(json.dumps({"id": op_id, "type": "subscribe", "payload": payload}))
        try:
            while True:
                message = json.loads(await self.ws.recv())
                if message.get("id") != op_id:
                    continue
                if message["type"] == "next":
                    yield message["payload"]
                elif message["type"] == "complete":
                    return
                elif message["type"] == "error":
                    raise RuntimeError(f"subscription error: {message['payload']}")
        finally:
            if self.ws.state.name != "CLOSED":
                await self.ws.send(json.dumps({"id": op_id, "type": "complete"}))


@asynccontextmanager
async def graphql_ws(base_url: str, token: str | None = None) -> AsyncIterator[GraphQLWS]:
    url = base_url.replace("http://", "ws://") + "/graphql"
    async with connect(url, subprotocols=[PROTOCOL]) as ws:  # type: ignore[list-item]
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await ws.recv())
        assert ack["type"] == "connection_ack", ack
        yield GraphQLWS(ws)
