"""GraphQL over HTTP: the response type follows the client's Accept header; under
application/graphql-response+json a request that fails before execution is a 4xx without `data`, while
legacy application/json clients get 200; every error response has a GraphQL body with `extensions.code`."""

from __future__ import annotations

from typing import Any

import pytest

from app.negotiation import GRAPHQL_RESPONSE, JSON, MULTIPART, SSE, media_ranges, negotiate, streams_accepted
from tests.conftest import GQL

GQL_RESPONSE = "application/graphql-response+json"
APOLLO = "application/graphql-response+json,application/json;q=0.9"
URQL_QUERY = (
    "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed"
)
APOLLO_SUBSCRIPTION = (
    'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/graphql-response+json,application/json;q=0.9'
)


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        (None, GRAPHQL_RESPONSE),  # no Accept: the spec's default since 2025
        ("", GRAPHQL_RESPONSE),
        ("*/*", JSON),
        ("application/json", JSON),
        (APOLLO, GRAPHQL_RESPONSE),
        (URQL_QUERY, GRAPHQL_RESPONSE),  # urql lists SSE too, but prefers JSON for queries
        ("text/event-stream, multipart/mixed", SSE),  # urql's subscriptions
        (APOLLO_SUBSCRIPTION, MULTIPART),
        ('multipart/mixed;boundary="graphql";subscriptionSpec="1.0", application/json', MULTIPART),
        ("multipart/mixed;boundary=other;subscriptionSpec=1.0, application/json", JSON),
        ("application/json;q=0.5, application/graphql-response+json", GRAPHQL_RESPONSE),
        ("application/graphql-response+json;q=0, application/json", JSON),
        ("multipart/mixed;deferSpec=20220824, application/json", JSON),  # @defer is not served: JSON
        ("text/html", None),
        ("application/xml, text/plain;q=0.5", None),
    ],
)
def test_negotiation(accept: str | None, kind: str | None) -> None:
    assert negotiate(accept) == kind


def test_media_ranges_are_bounded_and_streams_listed_in_preference_order() -> None:
    assert len(media_ranges(",".join(["text/plain"] * 10_000))) == 32
    assert streams_accepted(URQL_QUERY) == [SSE]  # bare multipart/mixed is not Apollo's subscription protocol
    assert streams_accepted(f"{APOLLO_SUBSCRIPTION}, text/event-stream;q=0.5") == [MULTIPART, SSE]


async def _post(gql: GQL, accept: str | None, query: str, variables: dict[str, Any] | None = None) -> Any:
    """POST with this Accept header; None sends none at all (httpx would add `*/*`)."""
    body = {"query": query, "variables": variables or {}}
    request = gql.client.build_request("POST", "/graphql", json=body, headers={"accept": accept or ""})
    if accept is None:
        del request.headers["accept"]
    return await gql.client.send(request)


REQUEST_ERRORS = [
    ("{ ok", "GRAPHQL_PARSE_FAILED"),
    ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ("query($n: Int) { runs(first: $n) { totalCount } }", "BAD_USER_INPUT"),
    ("{ " + " ".join(f"a{i}: ok" for i in range(60)) + " }", "QUERY_TOO_COMPLEX"),
]


@pytest.mark.parametrize(("query", "code"), REQUEST_ERRORS)
async def test_request_errors_are_400_for_graphql_response_json_and_200_for_json(
    gql: GQL, query: str, code: str
) -> None:
    variables = {"n": "x"}
    for accept, status, media in (
        (GQL_RESPONSE, 400, GQL_RESPONSE),
        (None, 400, GQL_RESPONSE),
        ("*/*", 200, "application/json"),
    ):
        response = await _post(gql, accept, query, variables)
        assert (response.status_code, response.headers["content-type"].split(";")[0]) == (status, media), accept
        body = response.json()
        assert "data" not in body  # nothing was executed
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]


async def test_an_executed_operation_is_200_even_with_field_errors(gql: GQL) -> None:
    ok = await _post(gql, APOLLO, "{ ok }")
    assert (ok.status_code, ok.json()) == (200, {"data": {"ok": True}})
    assert ok.headers["content-type"] == "application/graphql-response+json; charset=utf-8"
    missing = await _post(gql, APOLLO, '{ run(id: "UnVuOm5vcGU=") { id } }')
    assert missing.status_code == 200
    assert missing.json()["data"] is None and missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_auth_refusals_before_execution_are_401_and_403(multi: GQL) -> None:
    introspection = await _post(multi, GQL_RESPONSE, "{ __schema { queryType { name } } }")
    assert introspection.status_code == 401
    assert introspection.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    legacy = await _post(multi, "application/json", "{ __schema { queryType { name } } }")
    assert legacy.status_code == 200 and "data" not in legacy.json()


async def test_http_level_errors_have_graphql_bodies_in_the_accepted_type(gql: GQL) -> None:
    put = await gql.client.put("/graphql", json={"query": "{ ok }"}, headers={"accept": GQL_RESPONSE})
    assert (put.status_code, put.headers["allow"]) == (405, "GET, POST")
    assert put.headers["content-type"].startswith(GQL_RESPONSE)
    assert put.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    html = await _post(gql, "text/html", "{ ok }")
    assert html.status_code == 406 and html.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"
    bad_json = await gql.client.post(
        "/graphql", content=b"{nope", headers={"content-type": "application/json", "accept": APOLLO}
    )
    assert bad_json.status_code == 400 and bad_json.headers["content-type"].startswith(GQL_RESPONSE)
    assert bad_json.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    legacy = await gql.client.post("/graphql", content=b"{nope", headers={"content-type": "application/json"})
    assert legacy.status_code == 400 and legacy.headers["content-type"].startswith("application/json")


async def test_get_runs_queries_and_refuses_mutations_with_405(gql: GQL) -> None:
    query = await gql.client.get("/graphql", params={"query": "{ ok }"}, headers={"accept": APOLLO})
    assert (query.status_code, query.json()) == (200, {"data": {"ok": True}})
    mutation = await gql.client.get(
        "/graphql", params={"query": 'mutation { createAgent(input: {name: "x"}) { __typename } }'}
    )
    assert mutation.status_code == 405 and mutation.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
