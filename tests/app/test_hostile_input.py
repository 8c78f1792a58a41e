"""Hostile input over HTTP and WebSockets: every refusal is a GraphQL error body with a code, never a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app import create_app
from tests.conftest import GQL, MULTI_SECRET, register
from tests.resolvers.test_document_limits import fan_out

PROTOCOL = ["graphql-transport-ws"]


def _error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"errors"} and len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    assert error["extensions"]["request_id"] == response.headers["x-request-id"]
    return error


async def test_a_fragment_fan_out_is_refused_by_cost_not_walked(gql: GQL) -> None:
    body = await gql.raw(fan_out(29))
    assert body == {
        "data": None,
        "errors": [
            {
                "message": "the query's cost is 50001; the limit `maxQueryCost` is 50000",
                "extensions": {"code": "QUERY_TOO_COMPLEX", "limit": "maxQueryCost", "value": 50001, "max": 50000},
            }
        ],
    }
    assert (await gql("{ ok }")) == {"ok": True}  # and the server is still there


@pytest.mark.parametrize(
    ("document", "limit"),
    [
        (
            "{ " + " ".join(f"a{i}: agents(first: 100) {{ nodes {{ id name }} }}" for i in range(5000)) + " }",
            "maxDocumentBytes",
        ),
        ("{ " + " ".join(f"a{i}: ok" for i in range(60)) + " }", "maxAliases"),
        ("{ " + "ok " * 12_000 + "}", "maxDocumentTokens"),
        ("{" * 65 + "ok" + "}" * 65, "maxDocumentNesting"),
        ("{ " + " ".join("me { username }" for _ in range(17)) + " }", "maxRepeatedSelections"),
        (
            "{ agents(first: 100) { nodes { conversations(first: 100) { nodes { messages(first: 100) { nodes { id } } } } } } }",
            "maxQueryCost",
        ),
    ],
)
async def test_each_limit_names_itself_and_the_measured_value(gql: GQL, document: str, limit: str) -> None:
    error = (await gql.raw(document))["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    assert error["extensions"]["limit"] == limit
    assert f"`{limit}`" in error["message"]


async def test_limits_are_read_per_operation(gql: GQL) -> None:
    await gql("mutation { updateConfig(input: {limits: {maxAliases: 1}}) { __typename } }")
    error = (await gql.raw("{ a: ok b: ok }"))["errors"][0]
    assert error["message"] == "the number of aliases is 2; the limit `maxAliases` is 1"


@pytest.mark.parametrize(
    ("body", "headers", "status", "fragment"),
    [
        (b'{"query": "{ ok }\xff"}', {"content-type": "application/json"}, 400, "not valid JSON"),
        (b'"{ ok }"', {"content-type": "application/json"}, 400, "a GraphQL request is a JSON object, not str"),
        (b"null", {"content-type": "application/json"}, 400, "not NoneType"),
        (b"{not json", {"content-type": "application/json"}, 400, "Unable to parse request body as JSON"),
        (b"{ ok }", {"content-type": "text/plain"}, 400, "Unsupported content type"),
        (b'{"query": "query A { ok }", "operationName": "B"}', {"content-type": "application/json"}, 400, "B"),
    ],
)
async def test_malformed_bodies_get_a_400_with_a_graphql_body(
    gql: GQL, body: bytes, headers: dict[str, str], status: int, fragment: str
) -> None:
    response = await gql.client.post("/graphql", content=body, headers=headers)
    error = _error(response, status)
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert fragment in error["message"]


async def test_deeply_nested_variables_are_refused_not_recursed(gql: GQL) -> None:
    for depth, message in ((70, "JSON nests deeper than 64 levels"), (100_000, "not valid JSON (RecursionError)")):
        variables = "[" * depth + "]" * depth
        body = '{"query": "query($v: JSON) { ok }", "variables": {"v": ' + variables + "}}"
        response = await gql.client.post("/graphql", content=body, headers={"content-type": "application/json"})
        assert message in _error(response, 400)["message"]


async def test_strings_with_nul_or_lone_surrogates_are_bad_user_input(gql: GQL) -> None:
    create = "mutation($n: String!) { createAgent(input: {name: $n}) { __typename } }"
    for name, what in (("bad\x00name", "a NUL character"), ("bad\ud800name", "an unpaired UTF-16 surrogate")):
        body = json.dumps({"query": create, "variables": {"n": name}})  # json escapes both as \\u sequences
        response = await gql.client.post("/graphql", content=body, headers={"content-type": "application/json"})
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", error
        assert (
            error["message"]
            == f"variable $.n contains {what}; strings must be valid Unicode text without NUL characters"
        )
    literal = await gql.raw('mutation { createAgent(input: {name: "a\\u0000b"}) { __typename } }')
    assert literal["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    nested = await gql.raw(
        'mutation($m: JSON!) { addText(input: {title: "t", text: "x", metadata: $m}) { __typename } }',
        {"m": {"k": ["ok", "no\x00"]}},
    )
    assert nested["errors"][0]["message"].startswith("variable $.m.k[1] contains a NUL character")
    assert (await gql("{ agents { totalCount } }"))["agents"]["totalCount"] == 0  # nothing was stored


async def test_an_upload_given_as_a_string_is_bad_user_input(gql: GQL) -> None:
    body = await gql.raw('mutation { uploadContent(file: "x") { __typename } }')
    assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"), body
    body = await gql.raw("mutation($f: Upload!) { uploadContent(file: $f) { __typename } }", {"f": "x"})
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "multipart/form-data" in error["message"]


def test_limits_and_syntax_errors_reach_websocket_clients_as_error_messages(make_settings: Any) -> None:
    with (
        TestClient(create_app(make_settings()), base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as client,
        client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws,
    ):
        ws.send_json({"type": "connection_init"})
        assert ws.receive_json()["type"] == "connection_ack"
        for op_id, query, code in (
            ("1", fan_out(29), "QUERY_TOO_COMPLEX"),
            ("2", "subscription { runEvents(", "GRAPHQL_PARSE_FAILED"),
            ("3", "{" * 100, "QUERY_TOO_COMPLEX"),
        ):
            ws.send_json({"id": op_id, "type": "subscribe", "payload": {"query": query}})
            message = ws.receive_json()
            assert message["type"] == "error" and message["id"] == op_id, message
            assert message["payload"][0]["extensions"]["code"] == code, message
        ws.send_json({"id": "4", "type": "subscribe", "payload": {"query": "{ ok }"}})
        assert ws.receive_json() == {"id": "4", "type": "next", "payload": {"data": {"ok": True}}}


def test_a_socket_that_never_sends_connection_init_is_closed_after_the_setting(make_settings: Any) -> None:
    app = create_app(make_settings(ws_init_timeout_seconds=0.2))
    with (
        TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000)) as client,
        client.websocket_connect("ws://127.0.0.1/graphql", subprotocols=PROTOCOL) as ws,
    ):
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4408


async def test_multi_mode_hides_config_metrics_and_introspection_from_strangers(
    multi_app: Starlette, multi: GQL
) -> None:
    admin = await register(multi, "admin")
    bob = await register(multi, "bob")
    stranger = multi.as_user(None)
    assert (await stranger.raw("{ __schema { queryType { name } } }"))["errors"][0]["extensions"]["code"] == (
        "UNAUTHENTICATED"
    )
    assert (await bob("{ __schema { queryType { name } } }")) == {"__schema": {"queryType": {"name": "Query"}}}
    assert (await stranger("{ __typename }")) == {"__typename": "Query"}
    assert (await multi.client.get("/metrics")).status_code == 401
    bob_metrics = await multi.client.get("/metrics", headers={"authorization": f"Bearer {bob.token}"})
    assert bob_metrics.status_code == 403
    admin_metrics = await multi.client.get("/metrics", headers={"authorization": f"Bearer {admin.token}"})
    assert admin_metrics.status_code == 200 and "switchboard_http_requests_total" in admin_metrics.text
    assert MULTI_SECRET not in admin_metrics.text


async def test_local_mode_serves_introspection_and_metrics(app: Starlette, gql: GQL) -> None:
    assert (await gql("{ __schema { queryType { name } } }"))["__schema"]["queryType"]["name"] == "Query"
    assert (await gql.client.get("/metrics")).status_code == 200
