"""graphql-transport-ws: connection_init authenticates the socket; operations before it are refused."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app import create_app
from tests.conftest import MULTI_SECRET

PROTOCOL = ["graphql-transport-ws"]


def _me(ws: Any) -> dict[str, Any]:
    ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": "{ me { username } }"}})
    message = ws.receive_json()
    assert message["type"] == "next", message
    assert ws.receive_json() == {"id": "1", "type": "complete"}
    return message["payload"]


def test_local_mode_socket_acts_as_local_admin(make_settings: Any) -> None:
    with (
        TestClient(create_app(make_settings()), base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as client,
        client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws,
    ):
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        assert _me(ws) == {"data": {"me": {"username": "local"}}}


def test_multi_mode_socket_needs_a_token_in_connection_init(make_settings: Any) -> None:
    app = create_app(make_settings(auth_mode="multi", secret_key=MULTI_SECRET))
    with TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as client:
        register = client.post(
            "/graphql",
            json={
                "query": 'mutation { register(username: "alice", password: "correct horse battery") { ... on AuthPayload { accessToken } } }'
            },
        )
        token = register.json()["data"]["register"]["accessToken"]

        with client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws:
            ws.send_json({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
            assert ws.receive_json()["type"] == "connection_ack"
            assert _me(ws) == {"data": {"me": {"username": "alice"}}}

        for payload in ({}, {"authorization": "Bearer forged"}):
            with client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws:
                ws.send_json({"type": "connection_init", "payload": payload})
                with pytest.raises(WebSocketDisconnect) as closed:
                    ws.receive_json()
                assert closed.value.code == 4403

        with client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws:
            ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": "{ me { username } }"}})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 4401  # no operation before connection_init
