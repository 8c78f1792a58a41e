"""Identity: multi mode needs credentials; tokens, refresh rotation, API keys; local mode guards."""

from __future__ import annotations

from typing import Any

import httpx
import jwt
import pytest
from starlette.applications import Starlette

from app import check_binding
from services.settings import load_settings
from tests.conftest import GQL, MULTI_SECRET, REGISTER, register, running

LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  __typename ... on AuthPayload { accessToken refreshToken user { username role } } ... on Error { code message } } }"""
REFRESH = """mutation($t: String!) { refreshToken(refreshToken: $t) {
  __typename ... on AuthPayload { accessToken refreshToken } ... on Error { code message } } }"""


async def test_multi_mode_requires_credentials(multi: GQL) -> None:
    body = await multi.raw("{ agents { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await multi.raw('mutation { createAgent(input: {name: "x"}) { __typename } }')
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await multi.as_user("not-a-jwt").raw("{ me { username } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "invalid access token" in body["errors"][0]["message"]


async def test_register_login_first_user_is_admin(multi: GQL) -> None:
    alice = await register(multi, "alice")
    assert (await alice("{ me { username role } }"))["me"] == {"username": "alice", "role": "ADMIN"}
    bob = await register(multi, "bob")
    assert (await bob("{ me { username role } }"))["me"] == {"username": "bob", "role": "USER"}

    taken = (await multi(REGISTER, {"u": "bob", "p": "another password"}))["register"]
    assert taken["__typename"] == "ConflictError"
    for user, password, field in (  # noqa: B007  (asserted through the query below)
        ("x", "long enough pw", "username"),
        ("carol", "short", "password"),
        ("bad name!", "long enough pw", "username"),
    ):
        result = (await multi(REGISTER, {"u": user, "p": password}))["register"]
        assert result["__typename"] == "ValidationError", result
    assert (await multi(REGISTER, {"u": "local", "p": "long enough pw"}))["register"]["__typename"] == "ConflictError"

    wrong = (await multi(LOGIN, {"u": "bob", "p": "wrong password"}))["login"]
    assert wrong == {"__typename": "AuthError", "code": "INVALID_CREDENTIALS", "message": "wrong username or password"}
    nobody = (await multi(LOGIN, {"u": "nobody", "p": "whatever1"}))["login"]
    assert nobody["message"] == wrong["message"]  # no user enumeration
    ok = (await multi(LOGIN, {"u": "bob", "p": "correct horse battery"}))["login"]
    assert ok["user"] == {"username": "bob", "role": "USER"}
    assert (await multi.as_user(ok["accessToken"])("{ me { username } }"))["me"]["username"] == "bob"


async def test_refresh_rotates_and_reuse_revokes_the_family(multi: GQL) -> None:
    first = (await multi(REGISTER, {"u": "alice", "p": "correct horse battery"}))["register"]
    second = (await multi(REFRESH, {"t": first["refreshToken"]}))["refreshToken"]
    assert second["__typename"] == "AuthPayload"
    assert second["refreshToken"] != first["refreshToken"]
    assert (await multi.as_user(second["accessToken"])("{ me { username } }"))["me"]["username"] == "alice"

    body = await multi.raw(REFRESH, {"t": first["refreshToken"]})  # replayed: theft assumed
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await multi.raw(REFRESH, {"t": second["refreshToken"]})  # the whole family is gone
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await multi.raw(REFRESH, {"t": "made-up"})
    assert "invalid or expired" in body["errors"][0]["message"]
    # Reuse detection ended the session: its access tokens stop at once, not when they expire.
    for token in (first["accessToken"], second["accessToken"]):
        body = await multi.as_user(token).raw("{ me { username } }")
        assert body["errors"][0]["message"] == "this session was signed out; log in again"
    # Another login of the same user is another session, and goes on.
    other = (await multi(LOGIN, {"u": "alice", "p": "correct horse battery"}))["login"]
    assert (await multi.as_user(other["accessToken"])("{ me { username } }"))["me"]["username"] == "alice"


async def test_a_validly_signed_token_must_name_a_live_user_and_session(multi: GQL) -> None:
    alice = await register(multi, "alice")
    claims = jwt.decode(alice.token, options={"verify_signature": False})
    assert set(claims) >= {"sub", "sid", "exp", "typ"}
    for forged_claims, message in (
        ({**claims, "sub": "00000000-0000-0000-0000-000000000000"}, "this token's session or user no longer exists"),
        ({**claims, "sid": "00000000-0000-0000-0000-000000000000"}, "this token's session or user no longer exists"),
        (
            {k: v for k, v in {**claims, "sub": "00000000-0000-0000-0000-000000000000"}.items() if k != "sid"},
            "this token's user no longer exists",
        ),
    ):
        token = jwt.encode(forged_claims, MULTI_SECRET, algorithm="HS256")
        body = await multi.as_user(token).raw('mutation { createAgent(input: {name: "x"}) { __typename } }')
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", body
        assert body["errors"][0]["message"].startswith(message)
    # A token from before sessions existed (no `sid`) of a live user still works.
    legacy = jwt.encode({k: v for k, v in claims.items() if k != "sid"}, MULTI_SECRET, algorithm="HS256")
    assert (await multi.as_user(legacy)("{ me { username } }"))["me"]["username"] == "alice"


async def test_expired_and_forged_tokens(multi: GQL, multi_app: Starlette) -> None:
    alice = await register(multi, "alice")
    claims = jwt.decode(alice.token, options={"verify_signature": False})
    expired = jwt.encode({**claims, "exp": 1}, MULTI_SECRET, algorithm="HS256")
    body = await multi.as_user(expired).raw("{ me { username } }")
    assert body["errors"][0]["message"] == "access token expired; refresh it"
    forged = jwt.encode({**claims, "role": "admin"}, "another-secret-" + "y" * 32, algorithm="HS256")
    body = await multi.as_user(forged).raw("{ me { username } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_api_keys(multi: GQL) -> None:
    alice = await register(multi, "alice")
    created = (
        await alice(
            'mutation { createApiKey(name: "ci") { __typename ... on ApiKeyCreated { secret apiKey { id name prefix } } } }'
        )
    )["createApiKey"]
    secret = created["secret"]
    assert secret.startswith("sb_" + created["apiKey"]["prefix"])
    keyed = multi.as_user(secret)
    assert (await keyed("{ me { username } }"))["me"]["username"] == "alice"
    header_only = await multi.client.post(
        "/graphql", json={"query": "{ me { username } }"}, headers={"x-api-key": secret}
    )
    assert header_only.json()["data"]["me"]["username"] == "alice"
    listed = (await alice("{ apiKeys { name prefix } }"))["apiKeys"]
    assert listed == [{"name": "ci", "prefix": created["apiKey"]["prefix"]}]
    assert "secret" not in str(listed)
    await alice("mutation($id: ID!) { revokeApiKey(id: $id) { __typename } }", {"id": created["apiKey"]["id"]})
    body = await keyed.raw("{ me { username } }")
    assert body["errors"][0]["message"] == "invalid API key"


async def test_registration_can_be_closed(make_settings: Any) -> None:
    async with running(make_settings(auth_mode="multi", allow_registration=False)) as (_, gql):
        body = await gql.raw(REGISTER, {"u": "alice", "p": "correct horse battery"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_local_mode_acts_as_local_admin_but_only_for_loopback(gql: GQL, app: Starlette) -> None:
    assert (await gql("{ me { username role } }"))["me"] == {"username": "local", "role": "ADMIN"}
    transport = httpx.ASGITransport(app=app, client=("192.168.1.20", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as remote:
        response = await remote.post("/graphql", json={"query": "{ me { username } }"})
    assert response.status_code == 403
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host header.
    rebound = await gql.client.post(
        "/graphql", json={"query": "{ me { username } }"}, headers={"host": "evil.example:8000"}
    )
    assert rebound.status_code == 403 and "addressed to localhost" in rebound.json()["errors"][0]["message"]
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000"):
        ok = await gql.client.post("/graphql", json={"query": "{ me { username } }"}, headers={"host": host})
        assert ok.status_code == 200, host


def test_local_mode_refuses_non_loopback_binding(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit, match="only binds loopback"):
        check_binding(load_settings(data_dir=tmp_path, host="0.0.0.0"))
    check_binding(load_settings(data_dir=tmp_path, host="0.0.0.0", auth_mode="multi"))
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.5"):
        check_binding(load_settings(data_dir=tmp_path, host=host))
