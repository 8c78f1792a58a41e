"""Error policy: coded expected errors, masked unexpected ones with a request id, query limits."""

from __future__ import annotations

import logging

from sqlalchemy import text
from starlette.applications import Starlette

from tests.conftest import GQL


async def test_unexpected_errors_are_masked_and_logged_with_request_id(app: Starlette, gql: GQL, caplog) -> None:  # type: ignore[no-untyped-def]
    async with app.state.services.db() as session, session.begin():
        # Gone from under the app (rename, not drop: no dependent tables to chase on either database).
        await session.execute(text("ALTER TABLE conversations RENAME TO conversations_gone"))
    caplog.set_level(logging.INFO)
    response = await gql.client.post(
        "/graphql", json={"query": "{ conversations { totalCount } }"}, headers={"x-request-id": "req-123"}
    )
    body = response.json()
    assert response.headers["x-request-id"] == "req-123"
    error = body["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "request_id": "req-123"}
    assert "conversations" not in error["message"].lower()


async def test_depth_limit_and_syntax_errors(gql: GQL) -> None:
    deep = "{ agents { nodes { conversations { nodes { agent { conversations { nodes { agent { conversations { nodes { agent { conversations { nodes { agent { name } } } } } } } } } } } } } } }"
    body = await gql.raw(deep)
    assert body["errors"][0]["message"] == "the query's depth is 15; the limit `maxQueryDepth` is 12"
    assert body["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "limit": "maxQueryDepth",
        "value": 15,
        "max": 12,
    }
    await gql("mutation { updateConfig(input: {limits: {maxQueryDepth: 3}}) { __typename } }")
    body = await gql.raw("{ agents { nodes { conversations { nodes { title } } } } }")
    assert body["errors"][0]["message"] == "the query's depth is 5; the limit `maxQueryDepth` is 3"
    body = await gql.raw("{ agents { ")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    body = await gql.raw("{ agents { nope } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_mutations_over_get_are_refused(gql: GQL) -> None:
    response = await gql.client.get(
        "/graphql", params={"query": 'mutation { createAgent(input: {name: "x"}) { __typename } }'}
    )
    # GraphQL over HTTP: "the server MUST respond with error status code 405 (Method Not Allowed)"
    assert response.status_code == 405 and response.headers["allow"] == "GET, POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert (await gql("{ agents { totalCount } }"))["agents"]["totalCount"] == 0


async def test_health_and_metrics(gql: GQL) -> None:
    assert (await gql.client.get("/health")).json() == {"status": "ok"}
    await gql("{ __typename }")
    metrics = (await gql.client.get("/metrics")).text
    assert 'switchboard_http_requests_total{method="POST",path="/graphql",status="200"}' in metrics
