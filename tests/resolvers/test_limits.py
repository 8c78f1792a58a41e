"""Rate limits per class of operation and login throttling, through GraphQL; counted in a moving window, so
the number of refusals is exact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.conftest import GQL, MULTI_SECRET, register, running
from tests.resolvers.test_content import PREFLIGHT, upload

LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  __typename ... on AuthPayload { accessToken } ... on Error { code message } } }"""


def multi_settings(make_settings: Any, **quotas: Any) -> Any:
    return make_settings(auth_mode="multi", secret_key=MULTI_SECRET, quotas=quotas)


@asynccontextmanager
async def from_address(app: Any, address: str) -> AsyncIterator[GQL]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        yield GQL(client)


async def _codes(gql: GQL, query: str, n: int, variables: dict[str, Any] | None = None) -> list[str]:
    codes = []
    for _ in range(n):
        body = await gql.raw(query, variables)
        codes.append(body["errors"][0]["extensions"]["code"] if "errors" in body else "OK")
    return codes


async def test_each_class_has_its_own_rate_per_user(make_settings: Any) -> None:
    settings = multi_settings(make_settings, queries="3/hour", mutations="2/hour", runs="off")
    async with running(settings) as (app, gql), from_address(app, "10.0.0.2") as other:
        admin = await register(gql, "root")
        alice = await register(gql, "alice")
        bob = await register(other, "bob")  # anonymous requests count per address: 2 mutations each
        assert await _codes(alice, "{ me { username } }", 5) == ["OK"] * 3 + ["RATE_LIMITED"] * 2
        assert await _codes(bob, "{ me { username } }", 4) == ["OK"] * 3 + ["RATE_LIMITED"]  # per user
        create = 'mutation { createApiKey(name: "k") { __typename } }'
        assert await _codes(alice, create, 3) == ["OK", "OK", "RATE_LIMITED"]  # mutations count apart
        assert await _codes(admin, "{ me { username } }", 6) == ["OK"] * 6  # admins are exempt by default

        body = await alice.raw("{ me { username } }")
        error = body["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert 3000 < error["extensions"]["retryAfter"] <= 3600
        assert "data" not in body or body["data"] is None
        # GraphQL over HTTP with the spec's media type: 429 with Retry-After.
        response = await gql.client.post(
            "/graphql",
            json={"query": "{ me { username } }"},
            headers={"authorization": f"Bearer {alice.token}", "accept": "application/graphql-response+json"},
        )
        assert response.status_code == 429
        assert 0 < int(response.headers["retry-after"]) <= error["extensions"]["retryAfter"]


async def test_run_starting_mutations_have_their_own_rate(make_settings: Any) -> None:
    settings = multi_settings(make_settings, runs="2/hour")
    async with running(settings) as (_, gql):
        await register(gql, "root")
        alice = await register(gql, "alice")
        add = 'mutation { addText(input: {title: "t", text: "hello there"}) { __typename } }'
        assert await _codes(alice, add, 3) == ["OK", "OK", "RATE_LIMITED"]
        # A mutation that starts no run is not counted against `runs`.
        assert await _codes(alice, 'mutation { createApiKey(name: "k") { __typename } }', 2) == ["OK", "OK"]


async def test_refusals_reach_websocket_and_sse_clients_alike(make_settings: Any) -> None:
    settings = multi_settings(make_settings, queries="1/hour")
    async with running(settings) as (_, gql):
        await register(gql, "root")
        alice = await register(gql, "alice")
        assert await _codes(alice, "{ me { username } }", 1) == ["OK"]
        response = await gql.client.post(
            "/graphql",
            json={"query": 'subscription { runEvents(runId: "UnVuOjE=") { seq } }'},
            headers={"authorization": f"Bearer {alice.token}", "accept": "text/event-stream"},
        )
        assert "RATE_LIMITED" in response.text


async def test_failed_logins_are_throttled_per_account_without_locking_out_for_long(make_settings: Any) -> None:
    settings = multi_settings(make_settings, login_failures_per_account="3/hour", login_failures_per_address="5/hour")
    async with running(settings) as (app, gql):
        await register(gql, "alice")
        wrong = {"u": "alice", "p": "not the password"}
        results = [(await gql(LOGIN, wrong))["login"]["__typename"] for _ in range(3)]
        assert results == ["AuthError"] * 3
        body = await gql.raw(LOGIN, wrong)
        assert body["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert body["errors"][0]["extensions"]["retryAfter"] > 0
        # While throttled even the right password waits: the password is not checked at all.
        right = {"u": "alice", "p": "correct horse battery"}
        assert (await gql.raw(LOGIN, right))["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # Another account from the same address still may try (up to the address's limit of 5 failures).
        other = {"u": "bob", "p": "whatever pw"}
        assert [(await gql(LOGIN, other))["login"]["__typename"] for _ in range(2)] == ["AuthError"] * 2
        assert (await gql.raw(LOGIN, other))["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # The window passes (the limiter's storage is cleared here, as the hour would): the real user logs in.
        await app.state.services.limiter.reset()
        assert (await gql(LOGIN, right))["login"]["__typename"] == "AuthPayload"


async def test_successful_logins_are_never_counted(make_settings: Any) -> None:
    settings = multi_settings(make_settings, login_failures_per_account="1/hour")
    async with running(settings) as (_, gql):
        await register(gql, "alice")
        right = {"u": "alice", "p": "correct horse battery"}
        assert [(await gql(LOGIN, right))["login"]["__typename"] for _ in range(4)] == ["AuthPayload"] * 4


async def test_anonymous_requests_are_counted_per_client_address(make_settings: Any) -> None:
    settings = multi_settings(make_settings, queries="2/hour")
    async with running(settings) as (app, gql):
        assert await _codes(gql, "{ serverInfo { version } }", 3) == ["OK", "OK", "RATE_LIMITED"]
        async with from_address(app, "127.0.0.2") as other:
            assert await _codes(other, "{ serverInfo { version } }", 1) == ["OK"]


async def test_uploads_have_their_own_rate(make_settings: Any) -> None:
    settings = multi_settings(make_settings, uploads="1/hour", runs="off")
    async with running(settings) as (_, gql):
        await register(gql, "root")
        alice = await register(gql, "alice")
        headers = {**PREFLIGHT, "authorization": f"Bearer {alice.token}"}
        first = await upload(alice, "a.txt", b"hello there", "text/plain", headers=headers)
        assert first.json()["data"]["uploadContent"]["__typename"] == "ContentAdded"
        second = (await upload(alice, "b.txt", b"other text", "text/plain", headers=headers)).json()
        assert second["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert "uploads" in second["errors"][0]["message"]
        # A mutation without files is not an upload.
        add = 'mutation { addText(input: {title: "t", text: "hello there"}) { __typename } }'
        assert await _codes(alice, add, 1) == ["OK"]
