"""Agent export and import."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import pytest

from tests.conftest import GQL, append_message, create_agent, running, start_conversation

IMPORT = """mutation($doc: JSON!) { importAgent(input: {document: $doc}) {
  __typename
  ... on Agent { id name model systemPrompt template parameters { temperature }
    conversations { nodes { title createdAt messages { nodes { content role model createdAt parent { content } } } } } }
  ... on ImportError { message code path }
} }"""


async def _export(gql: GQL, agent_id: str) -> dict[str, Any]:
    return (await gql("query($id: ID!) { agentExport(id: $id) }", {"id": agent_id}))["agentExport"]


async def _seeded(gql: GQL) -> dict[str, Any]:
    agent = await create_agent(gql, name="Exported", template="CORECODER")
    c1 = await start_conversation(gql, agent["id"], "First")
    q = await append_message(gql, c1["id"], "question")
    await append_message(gql, c1["id"], "answer", role="ASSISTANT", model="ollama:qwen2.5-coder:3b", parentId=q["id"])
    c2 = await start_conversation(gql, agent["id"], "Second")
    await append_message(gql, c2["id"], "unicode ✓ «ok»")
    return agent


async def test_round_trip_keeps_everything_with_new_ids(gql: GQL) -> None:
    agent = await _seeded(gql)
    doc = await _export(gql, agent["id"])
    assert doc["format"] == "switchboard.agent" and doc["version"] == 4
    assert [c["title"] for c in doc["conversations"]] == ["First", "Second"]

    imported = (await gql(IMPORT, {"doc": doc}))["importAgent"]
    assert imported["__typename"] == "Agent"
    assert imported["id"] != agent["id"]
    assert imported["name"] == "Exported" and imported["template"] == "CORECODER"
    assert imported["systemPrompt"] == agent["systemPrompt"]
    convs = imported["conversations"]["nodes"]
    assert [c["title"] for c in convs] == ["First", "Second"]
    first = convs[0]["messages"]["nodes"]
    assert [(m["role"], m["content"]) for m in first] == [("USER", "question"), ("ASSISTANT", "answer")]
    assert first[1]["parent"] == {"content": "question"}
    assert first[1]["model"] == "ollama:qwen2.5-coder:3b"
    assert convs[1]["messages"]["nodes"][0]["content"] == "unicode ✓ «ok»"

    # Exporting the copy gives the same document apart from IDs and the export time.
    again = await _export(gql, imported["id"])

    def strip(d: dict[str, Any]) -> dict[str, Any]:
        d = copy.deepcopy(d)
        d.pop("exportedAt")
        for c in d["conversations"]:
            refs = {m["ref"]: i for i, m in enumerate(c["messages"])}
            for m in c["messages"]:
                m["ref"] = refs[m["ref"]]
                if "parent" in m:
                    m["parent"] = refs[m["parent"]]
        return d

    assert strip(again) == strip(doc)
    # A JSON string is accepted too.
    assert (await gql(IMPORT, {"doc": json.dumps(doc)}))["importAgent"]["__typename"] == "Agent"


async def test_invalid_documents_are_refused_and_create_nothing(gql: GQL) -> None:
    agent = await _seeded(gql)
    good = await _export(gql, agent["id"])

    def variant(**changes: Any) -> dict[str, Any]:
        d = copy.deepcopy(good)
        d.update(changes)
        return d

    dangling = copy.deepcopy(good)
    dangling["conversations"][0]["messages"][1]["parent"] = "no-such-ref"
    bad_model = copy.deepcopy(good)
    bad_model["conversations"][1]["messages"][0]["model"] = "nope"
    late_failure = copy.deepcopy(good)
    late_failure["conversations"][1]["messages"][0]["content"] = "x" * 100_001
    cases = [
        ("{not json", None, "not valid JSON"),
        ([1, 2], None, "JSON object"),
        (variant(format="something.else"), "format", "format"),
        (variant(version=5), "version", "version 5 is not supported"),
        (variant(version="1"), "version", "integer"),
        ({k: v for k, v in good.items() if k != "agent"}, "agent", "agent"),
        (variant(agent={**good["agent"], "name": ""}), "agent.name", "agent.name must not be empty"),
        (variant(extra=1), "extra", "extra"),
        (dangling, "conversations.0.messages.1.parent", "no earlier message"),
        (bad_model, "conversations.1.messages.0.model", "provider:model"),
        (late_failure, "conversations.1.messages.0.content", "at most"),
    ]
    for doc, path, text in cases:
        result = (await gql(IMPORT, {"doc": doc}))["importAgent"]
        assert result["__typename"] == "ImportError", (doc if not isinstance(doc, dict) else path, result)
        assert result["code"] == "INVALID_IMPORT"
        assert text in result["message"], result
        if path:
            assert result["path"] == path, result
    totals = await gql("{ agents { totalCount } conversations { totalCount } }")
    assert totals == {"agents": {"totalCount": 1}, "conversations": {"totalCount": 2}}


async def test_what_the_server_decodes_follows_the_input_rules(gql: GQL) -> None:
    """Found by fuzzing: a document string nested past the recursion limit, a lone surrogate (from a JSON escape
    inside the string) and a createdAt with no UTC equivalent were internal errors, and a NUL was stored on SQLite."""
    agent = await _seeded(gql)
    good = await _export(gql, agent["id"])
    text = json.dumps(good)
    cases = [
        ("[" * 50_000 + "]" * 50_000, "nested more than"),
        ('{"a":' * 65 + "1" + "}" * 65, "nested more than 64 levels"),
        (text.replace('"Exported"', '"Ex\\u0000ported"'), "agent.name contains a NUL character"),
        (text.replace('"Exported"', '"Ex\\ud800ported"'), "agent.name contains an unpaired UTF-16 surrogate"),
        (text.replace('"question"', '"q\\udfff"'), "conversations[0].messages[0].content contains an unpaired"),
    ]
    late = copy.deepcopy(good)
    late["agent"]["createdAt"] = "9999-12-31T23:59:59-05:00"
    cases.append((json.dumps(late), "agent.createdAt: 9999-12-31T23:59:59-05:00 is outside the years 1 to 9999 in UTC"))
    for doc, message in cases:
        result = (await gql(IMPORT, {"doc": doc}))["importAgent"]
        assert result["__typename"] == "ImportError", (doc[:80], result)
        assert message in result["message"], result
    assert len((await gql("{ agents { nodes { id } } }"))["agents"]["nodes"]) == 1  # nothing was stored


MEMORIES = """query($a: ID!) { memories(filter: {agentId: $a}) { nodes { kind text embeddingModel } } }"""
RECALL = """query($a: ID!) { searchMemories(input: {query: "which animals does the user like", agentId: $a}) {
  memory { text } } }"""
FIND = (
    """query($a: ID!) { search(input: {query: "camelids pack animals", agentId: $a}) { content { title metadata } } }"""
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_agent_file_carries_memories_and_knowledge(make_settings: Any) -> None:
    from tests.services.backup.fill import ADD_TEXT, CONTENT_STATUS, MEMORY, wait

    text = "Llamas are domesticated South American camelids used as pack animals."
    async with running(make_settings(retrieval={"chunk_size": 48})) as (_app, gql):
        agent = await create_agent(gql, name="Keeper")
        doc_input = {"title": "Llamas", "text": text, "agentId": agent["id"], "metadata": {"source": "wiki"}}
        added = (await gql(ADD_TEXT, {"input": doc_input}))["addText"]
        await wait(gql, CONTENT_STATUS, added["content"]["id"], "content", ("READY",))
        memory = {"agentId": agent["id"], "kind": "FACT", "text": "The user likes llamas"}
        assert (await gql(MEMORY, {"input": memory}))["createMemory"]["__typename"] == "Memory"

        doc = await _export(gql, agent["id"])
        assert doc["version"] == 4
        assert [(m["kind"], m["text"], m["mentions"]) for m in doc["memories"]] == [
            ("fact", "The user likes llamas", 1)
        ]
        [item] = doc["knowledge"]
        assert item["text"] == text and item["title"] == "Llamas" and item["metadata"]["source"] == "wiki"
        assert "vector" not in json.dumps(doc)

        # Into a fresh account's view: the original goes, the file brings it all back and rebuilds the vectors.
        await gql("mutation($id: ID!) { deleteContent(id: $id) { __typename } }", {"id": added["content"]["id"]})
        await gql("mutation($id: ID!) { deleteAgent(id: $id) { __typename } }", {"id": agent["id"]})
        imported = (await gql(IMPORT, {"doc": doc}))["importAgent"]
        assert imported["__typename"] == "Agent", imported
        new_id = imported["id"]
        for _ in range(1200):
            remembered = (await gql(MEMORIES, {"a": new_id}))["memories"]["nodes"]
            found = (await gql(FIND, {"a": new_id}))["search"]
            if found and remembered and remembered[0]["embeddingModel"]:
                break
            await asyncio.sleep(0.05)
        assert remembered == [
            {"kind": "FACT", "text": "The user likes llamas", "embeddingModel": "local:all-minilm-l6-v2"}
        ]
        assert found[0]["content"]["title"] == "Llamas" and found[0]["content"]["metadata"]["source"] == "wiki"
        assert (await gql(RECALL, {"a": new_id}))["searchMemories"][0]["memory"]["text"] == "The user likes llamas"

        # A version 1 file (no memories, no knowledge) still imports.
        old = {k: v for k, v in doc.items() if k not in ("memories", "knowledge")} | {"version": 1}
        assert (await gql(IMPORT, {"doc": old}))["importAgent"]["__typename"] == "Agent"


async def test_tools_and_tool_turns_round_trip_and_version_1_still_imports(gql: GQL) -> None:
    agent = await create_agent(
        gql,
        name="Clock",
        tools=[{"name": "current_time", "approval": "ASK"}],
        toolChoice={"mode": "TOOL", "name": "current_time"},
    )
    conversation = await start_conversation(gql, agent["id"])
    await append_message(gql, conversation["id"], "time?")
    call = {"id": "call_1", "name": "current_time", "input": {"timezone": "UTC"}}
    await append_message(gql, conversation["id"], "", role="ASSISTANT", toolCalls=[call])
    await append_message(gql, conversation["id"], "noon", role="TOOL", toolCallId="call_1", toolError=False)
    doc = await _export(gql, agent["id"])
    assert doc["agent"]["tools"] == [{"name": "current_time", "approval": "ask"}]
    assert doc["agent"]["toolChoice"] == "tool:current_time"
    messages = doc["conversations"][0]["messages"]
    assert messages[1]["toolCalls"] == [call]
    assert (messages[2]["toolCallId"], messages[2]["toolName"], messages[2]["toolError"]) == (
        "call_1",
        "current_time",
        False,
    )
    query = """mutation($doc: JSON!) { importAgent(input: {document: $doc}) { __typename
      ... on Agent { tools { name approval } toolChoice { mode name }
        conversations { nodes { messages { nodes { role toolCalls { id name input } toolCallId toolName } } } } }
      ... on ImportError { message path } } }"""
    imported = (await gql(query, {"doc": doc}))["importAgent"]
    assert imported["tools"] == [{"name": "current_time", "approval": "ASK"}]
    assert imported["toolChoice"] == {"mode": "TOOL", "name": "current_time"}
    nodes = imported["conversations"]["nodes"][0]["messages"]["nodes"]
    assert nodes[1]["toolCalls"] == [call] and (nodes[2]["toolCallId"], nodes[2]["toolName"]) == (
        "call_1",
        "current_time",
    )
    # A result that answers no call is refused.
    orphan = copy.deepcopy(doc)
    orphan["conversations"][0]["messages"][2]["toolCallId"] = "call_9"
    refused = (await gql(query, {"doc": orphan}))["importAgent"]
    assert refused["__typename"] == "ImportError" and refused["path"] == "conversations.0.messages.2.toolCallId"
    # A version 1 document (no tool fields) still imports.
    old = copy.deepcopy(doc)
    old["version"] = 1
    old["agent"].pop("tools")
    old["agent"].pop("toolChoice")
    old["conversations"][0]["messages"] = old["conversations"][0]["messages"][:1]
    for message in old["conversations"][0]["messages"]:
        message.pop("toolError", None)
    assert (await gql(query, {"doc": old}))["importAgent"]["__typename"] == "Agent"
