"""The OAuth2 token endpoint (RFC 6749 §4.3 password grant, §6 refresh, §5.2 errors), driven by Authlib's OAuth2
client as a tool that speaks OAuth2 would, and by raw form posts for the error cases."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
import httpx2
import pytest
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client

from tests.conftest import MULTI_SECRET, REGISTER, running

URL = "http://127.0.0.1/oauth/token"


async def test_password_grant_and_refresh_with_an_oauth2_client(make_settings: Any) -> None:
    async with running(make_settings(auth_mode="multi", secret_key=MULTI_SECRET)) as (app, gql):
        await gql(REGISTER, {"u": "alice", "p": "correct horse battery"})
        # Authlib speaks through httpx2 (its successor package) when it is installed, as it is here.
        transport = httpx2.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with AsyncOAuth2Client(
            client_id="cli", token_endpoint=URL, transport=transport, base_url="http://127.0.0.1"
        ) as client:
            token = await client.fetch_token(URL, username="alice", password="correct horse battery", scope="all")
            assert token["token_type"].lower() == "bearer"
            assert token["expires_in"] == 900 and token["refresh_token"] and token["access_token"]
            # The client sends the token as a bearer header: GraphQL knows the user.
            me = await client.post("/graphql", json={"query": "{ me { username } sessions { current } }"})
            assert me.json()["data"]["me"] == {"username": "alice"}
            assert me.json()["data"]["sessions"].count({"current": True}) == 1
            renewed = await client.refresh_token(URL, refresh_token=token["refresh_token"])
            assert renewed["access_token"] and renewed["refresh_token"] != token["refresh_token"]
            with pytest.raises(OAuthError) as reused:  # a refresh token works once
                await client.refresh_token(URL, refresh_token=token["refresh_token"])
            assert reused.value.error == "invalid_grant"
            with pytest.raises(OAuthError) as refused:
                await client.fetch_token(URL, username="alice", password="wrong password!")
            assert refused.value.error == "invalid_grant"


@pytest.fixture
async def raw(make_settings: Any) -> Any:
    settings = make_settings(
        auth_mode="multi", secret_key=MULTI_SECRET, quotas={"login_failures_per_account": "2/hour"}
    )
    async with running(settings) as (_, gql):
        await gql(REGISTER, {"u": "alice", "p": "correct horse battery"})
        yield gql.client


async def test_error_bodies_follow_rfc_6749(raw: httpx.AsyncClient) -> None:
    async def post(data: Any) -> httpx.Response:
        form = urlencode(data)  # a list of pairs may repeat a parameter
        headers = {"content-type": "application/x-www-form-urlencoded"}
        return await raw.post("/oauth/token", content=form, headers=headers)

    ok = await post({"grant_type": "password", "username": "alice", "password": "correct horse battery"})
    assert ok.status_code == 200 and ok.headers["cache-control"] == "no-store"
    assert set(ok.json()) == {"access_token", "token_type", "expires_in", "refresh_token"}
    cases = [
        ({"grant_type": "client_credentials"}, 400, "unsupported_grant_type"),
        ({"grant_type": "password", "username": "alice"}, 400, "invalid_request"),
        ({"username": "alice", "password": "x"}, 400, "invalid_request"),
        ([("grant_type", "password"), ("username", "a"), ("username", "b"), ("password", "p")], 400, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "nope"}, 400, "invalid_grant"),
        ({"grant_type": "password", "username": "alice", "password": "wrong one"}, 400, "invalid_grant"),
    ]
    for data, status, error in cases:
        response = await post(data)
        assert (response.status_code, response.json()["error"]) == (status, error), data
        assert response.json()["error_description"]
    json_body = await raw.post("/oauth/token", json={"grant_type": "password"})
    assert (json_body.status_code, json_body.json()["error"]) == (400, "invalid_request")
    # The second failure spends the account's failures (shared with the login mutation): the next attempt waits.
    await post({"grant_type": "password", "username": "alice", "password": "wrong two"})
    throttled = await post({"grant_type": "password", "username": "alice", "password": "correct horse battery"})
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
