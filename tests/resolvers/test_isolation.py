"""One user never sees or changes another's data: lists, node/nodes, mutations, export."""

from __future__ import annotations

from tests.conftest import GQL, append_message, create_agent, register, start_conversation


async def test_users_are_isolated(multi: GQL) -> None:
    admin = await register(multi, "admin")  # the first user is the admin
    alice = await register(multi, "alice")
    bob = await register(multi, "bob")
    a_agent = await create_agent(alice, name="alice-agent")
    a_conv = await start_conversation(alice, a_agent["id"])
    a_msg = await append_message(alice, a_conv["id"], "alice's secret")
    b_agent = await create_agent(bob, name="bob-agent")

    # Lists show only one's own.
    lists = "{ agents { totalCount nodes { name } } conversations { totalCount } }"
    assert (await bob(lists))["agents"] == {"totalCount": 1, "nodes": [{"name": "bob-agent"}]}
    assert (await bob(lists))["conversations"]["totalCount"] == 0
    assert (await alice(lists))["agents"]["nodes"] == [{"name": "alice-agent"}]
    # The admin sees everyone's.
    assert (await admin(lists))["agents"]["totalCount"] == 2

    # Direct reads look exactly like missing objects.
    for field, ident in (
        ("agent", a_agent["id"]),
        ("conversation", a_conv["id"]),
        ("message", a_msg["id"]),
        ("node", a_agent["id"]),
    ):
        body = await bob.raw(f"query($id: ID!) {{ {field}(id: $id) {{ id }} }}", {"id": ident})
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", (field, body)
    body = await bob.raw("query($id: ID!) { agentExport(id: $id) }", {"id": a_agent["id"]})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = await bob.raw(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [b_agent["id"], a_agent["id"], a_conv["id"]]}
    )
    assert body["data"]["nodes"] == [{"id": b_agent["id"]}, None, None]
    assert sorted(e["path"][1] for e in body["errors"]) == [1, 2]
    assert {e["extensions"]["code"] for e in body["errors"]} == {"NOT_FOUND"}

    # Mutations on another's objects are NotFound and change nothing.
    attempts = [
        ('mutation($id: ID!) { updateAgent(id: $id, input: {name: "pwned"}) { __typename } }', {"id": a_agent["id"]}),
        ("mutation($id: ID!) { deleteAgent(id: $id) { __typename } }", {"id": a_agent["id"]}),
        ("mutation($id: ID!) { startConversation(input: {agentId: $id}) { __typename } }", {"id": a_agent["id"]}),
        ('mutation($id: ID!) { renameConversation(id: $id, title: "pwned") { __typename } }', {"id": a_conv["id"]}),
        ("mutation($id: ID!) { deleteConversation(id: $id) { __typename } }", {"id": a_conv["id"]}),
        (
            'mutation($id: ID!) { appendMessage(input: {conversationId: $id, role: USER, content: "x"}) { __typename } }',
            {"id": a_conv["id"]},
        ),
        (
            'mutation($id: ID!, $c: ID!) { appendMessage(input: {conversationId: $c, role: USER, content: "x", parentId: $id}) { __typename } }',
            {"id": a_msg["id"], "c": (await start_conversation(bob, b_agent["id"]))["id"]},
        ),
    ]
    for query, variables in attempts:
        result = await bob(query, variables)
        assert next(iter(result.values()))["__typename"] == "NotFoundError", (query, result)

    check = await alice(
        "query($id: ID!) { agent(id: $id) { name conversations { totalCount nodes { title messages { totalCount } } } } }",
        {"id": a_agent["id"]},
    )
    assert check["agent"] == {
        "name": "alice-agent",
        "conversations": {"totalCount": 1, "nodes": [{"title": "New conversation", "messages": {"totalCount": 1}}]},
    }


async def test_non_admin_cannot_change_config(multi: GQL) -> None:
    await register(multi, "admin")
    bob = await register(multi, "bob")
    for mutation in (
        "mutation { updateConfig(input: {limits: {maxPageSize: 5}}) { __typename } }",
        "mutation { validateConfig(input: {limits: {maxPageSize: 5}}) { valid } }",
        "mutation { reloadConfig { __typename } }",
    ):
        body = await bob.raw(mutation)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body
    # Paths, the database URL and endpoints are the admin's; the limits a client needs are everyone's.
    assert (await bob.raw("{ config { server { dataDir } } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    info = await multi.as_user(None)("{ serverInfo { authMode allowRegistration maxPageSize maxUploadBytes } }")
    assert info["serverInfo"] == {
        "authMode": "MULTI",
        "allowRegistration": True,
        "maxPageSize": 100,
        "maxUploadBytes": 50_000_000,
    }


async def test_config_changes_never_touch_the_auth_mode(multi: GQL) -> None:
    admin = await register(multi, "admin")
    result = await admin(
        "mutation { updateConfig(input: {limits: {maxPageSize: 50}}) { __typename ... on Config { server { authMode } limits { maxPageSize } } } }"
    )
    assert result["updateConfig"] == {
        "__typename": "Config",
        "server": {"authMode": "MULTI"},
        "limits": {"maxPageSize": 50},
    }
    await admin("mutation { reloadConfig { __typename } }")
    body = await multi.raw("{ me { username } }")  # still no anonymous access
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
