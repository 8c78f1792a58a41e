"""graphql-transport-ws, one behaviour per test, in typed protocol messages over a handshaken socket."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from starlette.testclient import TestClient, WebSocketTestSession
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    CompleteMessage,
    ConnectionInitMessage,
    SubscribeMessage,
)

from app import create_app
from schema.ids import to_global_id
from services.runs import queue

PROTOCOL = ["graphql-transport-ws"]


def subscribe(op_id: str, query: str, variables: dict[str, Any] | None = None) -> SubscribeMessage:
    return {"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}


def complete(op_id: str) -> CompleteMessage:
    return {"id": op_id, "type": "complete"}


@pytest.fixture
def client(make_settings: Any) -> Iterator[TestClient]:
    app = create_app(make_settings())
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as test_client:
        yield test_client


@pytest.fixture
def ws(client: TestClient) -> Iterator[WebSocketTestSession]:
    with client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as socket:
        init: ConnectionInitMessage = {"type": "connection_init", "payload": {}}
        socket.send_json(init)
        assert socket.receive_json() == {"type": "connection_ack"}
        yield socket


def _stuck_run(client: TestClient) -> str:
    """A QUEUED run of a provider no dispatcher serves: it stays queued, so its subscription stays open."""
    services = client.app.state.services  # type: ignore[attr-defined]

    async def make() -> str:
        async with services.db() as session, session.begin():
            run = await queue.enqueue(session, owner_id=services.local_admin.id, kind="chat", provider="nowhere")
        return str(run.id)

    return client.portal.call(make)  # type: ignore[union-attr]


def test_a_client_complete_releases_the_pubsub_subscription(client: TestClient, ws: WebSocketTestSession) -> None:
    run_id = _stuck_run(client)
    active = client.app.state.services.pubsub.active  # type: ignore[attr-defined]
    ws.send_json(
        subscribe("1", "subscription($r: ID!) { runEvents(runId: $r) { seq } }", {"r": to_global_id("Run", run_id)})
    )
    assert ws.receive_json() == {"id": "1", "type": "next", "payload": {"data": {"runEvents": {"seq": 1}}}}
    assert active[f"run:{run_id}"] == 1
    ws.send_json(complete("1"))
    deadline = time.monotonic() + 10  # the server task unwinds on its own loop
    while active.get(f"run:{run_id}"):
        assert time.monotonic() < deadline, dict(active)
        time.sleep(0.01)
    assert f"run:{run_id}" not in active


def test_config_changes_reach_a_socket_opened_before_them(client: TestClient, ws: WebSocketTestSession) -> None:
    ws.send_json(subscribe("1", "{ serverInfo { maxPageSize } }"))
    assert ws.receive_json()["payload"] == {"data": {"serverInfo": {"maxPageSize": 100}}}
    assert ws.receive_json() == {"id": "1", "type": "complete"}
    changed = client.post(
        "/graphql", json={"query": "mutation { updateConfig(input: {limits: {maxPageSize: 50}}) { __typename } }"}
    )
    assert changed.json() == {"data": {"updateConfig": {"__typename": "Config"}}}
    ws.send_json(subscribe("2", "{ serverInfo { maxPageSize } }"))
    assert ws.receive_json()["payload"] == {"data": {"serverInfo": {"maxPageSize": 50}}}


def test_an_unknown_operation_name_fails_only_that_operation(ws: WebSocketTestSession) -> None:
    message = subscribe("1", "query A { ok }")
    message["payload"]["operationName"] = "B"
    ws.send_json(message)
    reply = ws.receive_json()
    assert reply["type"] == "error" and reply["id"] == "1", reply
    ws.send_json(subscribe("2", "{ ok }"))
    assert ws.receive_json() == {"id": "2", "type": "next", "payload": {"data": {"ok": True}}}


async def test_each_operation_and_each_event_gets_its_own_loaders() -> None:
    from resolvers.context import _loaders, fresh_loaders

    slots: list[object] = []

    async def operation() -> None:
        fresh_loaders()  # the operation starts
        first = _loaders.get()
        seen: list[object] = []

        async def field_resolver() -> None:
            seen.append(_loaders.get())

        async with anyio.create_task_group() as fields:  # graphql-core resolves fields in child tasks
            fields.start_soon(field_resolver)
            fields.start_soon(field_resolver)
        assert seen == [first, first]  # the fields share the operation's loaders, so they batch
        fresh_loaders()  # a subscription's next event
        assert _loaders.get() is not first
        slots.append(first)

    async with anyio.create_task_group() as operations:
        operations.start_soon(operation)
        operations.start_soon(operation)
    assert len(slots) == 2 and slots[0] is not slots[1]  # two operations, two slots
    assert _loaders.get() is None  # nothing leaked into the caller's context
