"""Conversations and messages over HTTP."""

from __future__ import annotations

from tests.conftest import GQL, append_message, create_agent, start_conversation


async def test_start_list_rename_delete(gql: GQL) -> None:
    a = await create_agent(gql, name="A")
    b = await create_agent(gql, name="B")
    c1 = await start_conversation(gql, a["id"])
    assert c1["title"] == "New conversation"
    c2 = await start_conversation(gql, a["id"], "Second")
    await start_conversation(gql, b["id"], "Other agent")

    data = await gql(
        "query($a: ID!) { conversations(filter: {agentId: $a}) { totalCount nodes { title agent { name } } } }",
        {"a": a["id"]},
    )
    assert data["conversations"] == {
        "totalCount": 2,
        "nodes": [{"title": "New conversation", "agent": {"name": "A"}}, {"title": "Second", "agent": {"name": "A"}}],
    }
    renamed = await gql(
        'mutation($id: ID!) { renameConversation(id: $id, title: " Renamed ") { __typename ... on Conversation { title updatedAt createdAt } } }',
        {"id": c1["id"]},
    )
    assert renamed["renameConversation"]["title"] == "Renamed"
    blank = await gql(
        'mutation($id: ID!) { renameConversation(id: $id, title: "") { __typename ... on ValidationError { field } } }',
        {"id": c1["id"]},
    )
    assert blank["renameConversation"] == {"__typename": "ValidationError", "field": "title"}

    msg = await append_message(gql, c2["id"], "hi")
    deleted = await gql(
        "mutation($id: ID!) { deleteConversation(id: $id) { __typename ... on Deleted { id } } }", {"id": c2["id"]}
    )
    assert deleted["deleteConversation"]["id"] == c2["id"]
    body = await gql.raw("query($id: ID!) { message(id: $id) { id } }", {"id": msg["id"]})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert (await gql("{ conversations { totalCount } }"))["conversations"]["totalCount"] == 2


async def test_messages_keep_order_roles_and_parents(gql: GQL) -> None:
    agent = await create_agent(gql)
    conv = await start_conversation(gql, agent["id"])
    question = await append_message(gql, conv["id"], "What is 2+2?")
    answer = await append_message(
        gql, conv["id"], "4", role="ASSISTANT", model="local:gemma-3-270m", parentId=question["id"]
    )
    for i in range(5):
        await append_message(gql, conv["id"], f"n{i}")
    data = await gql(
        """query($id: ID!) { conversation(id: $id) { messages(first: 3) { totalCount nodes { content role status model parent { id } conversation { id } } } } }""",
        {"id": conv["id"]},
    )
    nodes = data["conversation"]["messages"]["nodes"]
    assert data["conversation"]["messages"]["totalCount"] == 7
    assert [n["content"] for n in nodes] == ["What is 2+2?", "4", "n0"]
    assert nodes[1] == {
        "content": "4",
        "role": "ASSISTANT",
        "status": "COMPLETE",
        "model": "local:gemma-3-270m",
        "parent": {"id": question["id"]},
        "conversation": {"id": conv["id"]},
    }
    assert answer["role"] == "ASSISTANT"


async def test_message_input_errors(gql: GQL) -> None:
    agent = await create_agent(gql)
    conv = await start_conversation(gql, agent["id"])
    other = await start_conversation(gql, agent["id"])
    foreign_parent = await append_message(gql, other["id"], "elsewhere")
    query = """mutation($input: AppendMessageInput!) { appendMessage(input: $input) { __typename ... on ValidationError { field message } ... on NotFoundError { code } } }"""
    cases = [
        ({"content": "x" * 100_001}, "ValidationError", "content"),
        ({"content": "x", "model": "nope"}, "ValidationError", "model"),
        ({"content": "x", "parentId": foreign_parent["id"]}, "ValidationError", "parentId"),
        ({"content": "x", "conversationId": agent["id"]}, "ValidationError", "conversationId"),
    ]
    for extra, typename, field in cases:
        result = (await gql(query, {"input": {"conversationId": conv["id"], "role": "USER", **extra}}))["appendMessage"]
        assert result["__typename"] == typename, (extra, result)
        assert result["field"] == field
    gone = "Q29udmVyc2F0aW9uOjAxYTFmZmJkLTNlNzctNzFhYi1hMWMzLTFhMmEwYmJkMjU0Mw=="
    result = (await gql(query, {"input": {"conversationId": gone, "role": "USER", "content": "x"}}))["appendMessage"]
    assert result == {"__typename": "NotFoundError", "code": "NOT_FOUND"}
    data = await gql("query($id: ID!) { conversation(id: $id) { messages { totalCount } } }", {"id": conv["id"]})
    assert data["conversation"]["messages"]["totalCount"] == 0
