"""Sessions: a user lists their logins, revokes one or all; a revoked session's access tokens stop at once."""

from __future__ import annotations

from typing import Any

from tests.conftest import GQL, REGISTER

LOGIN = """mutation($u: String!, $p: String!) { login(username: $u, password: $p) {
  __typename ... on AuthPayload { accessToken refreshToken } ... on Error { code message } } }"""
SESSIONS = "{ sessions { id client address current createdAt lastUsedAt } }"
REFRESH = """mutation($t: String!) { refreshToken(refreshToken: $t) {
  __typename ... on AuthPayload { accessToken } ... on Error { code } } }"""


async def _login(multi: GQL, agent: str) -> dict[str, Any]:
    body = await multi.raw(LOGIN, {"u": "alice", "p": "correct horse battery"}, **{"user-agent": agent})
    return body["data"]["login"]


async def test_list_and_revoke_sessions(multi: GQL) -> None:
    await multi(REGISTER, {"u": "alice", "p": "correct horse battery"})
    laptop = await _login(multi, "laptop-browser/1.0")
    phone = await _login(multi, "phone-app/2.0")
    as_laptop, as_phone = multi.as_user(laptop["accessToken"]), multi.as_user(phone["accessToken"])
    listed = (await as_laptop(SESSIONS))["sessions"]
    assert len(listed) == 3  # register made one too
    current = [s for s in listed if s["current"]]
    assert [s["client"] for s in current] == ["laptop-browser/1.0"]
    assert {s["client"] for s in listed} >= {"laptop-browser/1.0", "phone-app/2.0"}
    assert all(s["address"] == "127.0.0.1" for s in listed)

    phone_id = next(s["id"] for s in listed if s["client"] == "phone-app/2.0")
    revoked = await as_laptop(
        "mutation($id: ID!) { revokeSession(id: $id) { __typename ... on Deleted { id } } }", {"id": phone_id}
    )
    assert revoked["revokeSession"] == {"__typename": "Deleted", "id": phone_id}
    body = await as_phone.raw("{ me { username } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # at once, not at token expiry
    refused = await multi.raw(REFRESH, {"t": phone["refreshToken"]})
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    again = await as_laptop("mutation($id: ID!) { revokeSession(id: $id) { __typename } }", {"id": phone_id})
    assert again["revokeSession"]["__typename"] == "NotFoundError"
    assert len((await as_laptop(SESSIONS))["sessions"]) == 2


async def test_a_user_cannot_revoke_another_users_session(multi: GQL) -> None:
    await multi(REGISTER, {"u": "alice", "p": "correct horse battery"})
    bob = (await multi(REGISTER, {"u": "bob", "p": "correct horse battery"}))["register"]["accessToken"]
    alice = multi.as_user((await _login(multi, "x"))["accessToken"])
    bobs = (await multi.as_user(bob)(SESSIONS))["sessions"][0]["id"]
    result = await alice("mutation($id: ID!) { revokeSession(id: $id) { __typename } }", {"id": bobs})
    assert result["revokeSession"]["__typename"] == "NotFoundError"
    assert (await multi.as_user(bob)("{ me { username } }"))["me"]["username"] == "bob"


async def test_logout_ends_this_session_or_all(multi: GQL) -> None:
    await multi(REGISTER, {"u": "alice", "p": "correct horse battery"})
    one, two, three = [multi.as_user((await _login(multi, f"c{n}"))["accessToken"]) for n in range(3)]
    assert (await one("mutation { logout { revoked } }"))["logout"] == {"revoked": 1}
    assert (await one.raw("{ me { username } }"))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await two("{ me { username } }"))["me"]["username"] == "alice"
    assert (await two("mutation { logout(everywhere: true) { revoked } }"))["logout"] == {"revoked": 3}
    for token in (two, three):
        assert (await token.raw("{ me { username } }"))["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
