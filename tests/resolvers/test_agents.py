"""Agents over HTTP: CRUD, templates, filters and input errors."""

from __future__ import annotations

from tests.conftest import CREATE_AGENT, GQL, append_message, create_agent, start_conversation

AGENT_FIELDS = "id name description template model systemPrompt parameters { temperature topP maxTokens }"


async def test_create_from_template_fills_defaults_and_caller_overrides(gql: GQL) -> None:
    coder = await create_agent(gql, name="Coder", template="CORECODER")
    assert coder["template"] == "CORECODER"
    assert coder["model"] == "ollama:qwen2.5-coder:3b"
    assert "CoreCoder" in coder["systemPrompt"]
    assert coder["parameters"]["temperature"] == 0.2

    vision = await create_agent(
        gql, name="Eyes", template="MULTIMODAL", model="anthropic:claude-x", parameters={"temperature": 1.0}
    )
    assert vision["model"] == "anthropic:claude-x"
    assert vision["parameters"] == {"temperature": 1.0, "topP": None, "maxTokens": None}
    assert "multimodal" in vision["systemPrompt"]


async def test_plain_agent_uses_configured_default_model(gql: GQL) -> None:
    agent = await create_agent(gql, name="  Plain  ")
    assert agent["name"] == "Plain"
    assert agent["model"] == "local:gemma-3-270m"
    assert agent["template"] is None
    templates = (await gql("{ agentTemplates { kind model systemPrompt } }"))["agentTemplates"]
    assert {t["kind"] for t in templates} == {"GENERAL", "CORECODER", "MULTIMODAL"}
    assert all(t["systemPrompt"] for t in templates)


async def test_read_update_delete(gql: GQL) -> None:
    agent = await create_agent(gql, name="Before", description="d")
    got = (await gql(f"query($id: ID!) {{ agent(id: $id) {{ {AGENT_FIELDS} }} }}", {"id": agent["id"]}))["agent"]
    assert got == {k: v for k, v in agent.items() if k != "__typename"}

    updated = (
        await gql(
            f"""mutation($id: ID!) {{ updateAgent(id: $id, input: {{name: "After", parameters: {{maxTokens: 64}}}}) {{
                 __typename ... on Agent {{ {AGENT_FIELDS} updatedAt createdAt }} }} }}""",
            {"id": agent["id"]},
        )
    )["updateAgent"]
    assert updated["name"] == "After"
    assert updated["description"] == "d"  # untouched
    assert updated["parameters"]["maxTokens"] == 64
    assert updated["updatedAt"] >= updated["createdAt"]

    deleted = await gql(
        "mutation($id: ID!) { deleteAgent(id: $id) { __typename ... on Deleted { id } } }", {"id": agent["id"]}
    )
    assert deleted["deleteAgent"] == {"__typename": "Deleted", "id": agent["id"]}
    body = await gql.raw("query($id: ID!) { agent(id: $id) { id } }", {"id": agent["id"]})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    again = await gql(
        "mutation($id: ID!) { deleteAgent(id: $id) { __typename ... on Error { code } } }", {"id": agent["id"]}
    )
    assert again["deleteAgent"] == {"__typename": "NotFoundError", "code": "NOT_FOUND"}


async def test_delete_agent_cascades_to_conversations_and_messages(gql: GQL) -> None:
    agent = await create_agent(gql)
    conversation = await start_conversation(gql, agent["id"])
    message = await append_message(gql, conversation["id"], "hello")
    await gql("mutation($id: ID!) { deleteAgent(id: $id) { __typename } }", {"id": agent["id"]})
    for kind, ident in (("conversation", conversation["id"]), ("message", message["id"])):
        body = await gql.raw(f"query($id: ID!) {{ {kind}(id: $id) {{ id }} }}", {"id": ident})
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
    assert (await gql("{ conversations { totalCount } }"))["conversations"]["totalCount"] == 0


async def test_filters(gql: GQL) -> None:
    await create_agent(gql, name="Alpha coder", template="CORECODER")
    await create_agent(gql, name="Beta 100%_done")
    await create_agent(gql, name="gamma", model="ollama:llama3:8b")

    async def names(filter_: dict) -> list[str]:
        data = await gql("query($f: AgentFilter) { agents(filter: $f) { nodes { name } } }", {"f": filter_})
        return [n["name"] for n in data["agents"]["nodes"]]

    assert await names({"search": "CODER"}) == ["Alpha coder"]
    assert await names({"search": "%_"}) == ["Beta 100%_done"]  # LIKE wildcards are literal
    assert await names({"template": "CORECODER"}) == ["Alpha coder"]
    assert await names({"model": "ollama:llama3:8b"}) == ["gamma"]
    assert await names({"search": "a", "model": "ollama:llama3:8b"}) == ["gamma"]
    assert await names({}) == ["Alpha coder", "Beta 100%_done", "gamma"]


async def test_invalid_input_is_a_typed_error_and_changes_nothing(gql: GQL) -> None:
    cases = [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "ok", "model": "gpt4"}, "model"),
        ({"name": "ok", "model": "openai:gpt-4"}, "model"),
        ({"name": "ok", "systemPrompt": "y" * 100_001}, "systemPrompt"),
        ({"name": "ok", "parameters": {"temperature": 9}}, "parameters.temperature"),
        ({"name": "ok", "parameters": {"stop": ["a"] * 9}}, "parameters.stop"),
    ]
    for fields, field in cases:
        result = (await gql(CREATE_AGENT, {"input": fields}))["createAgent"]
        assert result["__typename"] == "ValidationError", (fields, result)
        assert result["code"] == "BAD_USER_INPUT"
        assert result["field"] == field
        assert result["message"]
    assert (await gql("{ agents { totalCount } }"))["agents"]["totalCount"] == 0


async def test_unknown_template_and_bad_ids_are_clear_errors(gql: GQL) -> None:
    body = await gql.raw('mutation { createAgent(input: {name: "x", template: NOPE}) { __typename } }')
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "NOPE" in body["errors"][0]["message"]

    for bad in ("not-base64!", "QWdlbnQ6bm90LWEtdXVpZA==", "Q29udmVyc2F0aW9uOjE="):
        body = await gql.raw("query($id: ID!) { agent(id: $id) { id } }", {"id": bad})
        assert body["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND"), body
        result = await gql(
            'mutation($id: ID!) { updateAgent(id: $id, input: {name: "n"}) { __typename ... on Error { code message } } }',
            {"id": bad},
        )
        assert result["updateAgent"]["__typename"] in ("ValidationError", "NotFoundError")

    conversation_id = "Q29udmVyc2F0aW9uOjAxYTFmZmJkLTNlNzctNzFhYi1hMWMzLTFhMmEwYmJkMjU0Mw=="
    body = await gql.raw("query($id: ID!) { agent(id: $id) { id } }", {"id": conversation_id})
    assert body["errors"][0]["message"] == "`id` must be the ID of a Agent, not a Conversation"


async def test_a_search_longer_than_any_name_is_refused_clearly(gql: GQL) -> None:
    answer = await gql.raw("query($s: String!) { agents(filter: {search: $s}) { totalCount } }", {"s": "x" * 60_000})
    [error] = answer["errors"]
    assert "filter.search must be at most 200 characters" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    literal = await gql('query { agents(filter: {search: "%"}) { totalCount } }')
    assert literal["agents"]["totalCount"] == 0  # `%` is a character, not a wildcard
