"""Tools end to end: history with tool turns, agents with tools, and the agent loop over the Ollama and Anthropic
fakes (streamed calls, parallel calls, malformed input, a model that never stops calling tools, cancel)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import GQL
from tests.fakes.script import Script, ScriptedCall, Turn
from tests.resolvers.test_runs import agent_id, collect, send

APPEND = """mutation($input: AppendMessageInput!) { appendMessage(input: $input) {
  __typename ... on Message { id role toolCalls { id name input } toolCallId toolName toolError }
  ... on Error { message code } ... on ValidationError { field } } }"""


async def _append(gql: GQL, **input_: Any) -> dict[str, Any]:
    return (await gql(APPEND, {"input": input_}))["appendMessage"]


async def test_appended_tool_turns_reach_the_provider(live: str, client: GQL, script: Script) -> None:
    agent = await agent_id(client)
    conversation = (
        await client(
            "mutation($a: ID!) { startConversation(input: {agentId: $a}) { ... on Conversation { id } } }", {"a": agent}
        )
    )["startConversation"]["id"]
    call = {"id": "call_1", "name": "lookup", "input": {"q": "tides"}}
    assistant = await _append(client, conversationId=conversation, role="ASSISTANT", content="", toolCalls=[call])
    assert assistant["toolCalls"] == [call]
    refused = await _append(client, conversationId=conversation, role="TOOL", content="x", toolCallId="nope")
    assert refused["__typename"] == "ValidationError" and refused["field"] == "toolCallId"
    result = await _append(
        client, conversationId=conversation, role="TOOL", content="High tide at 6.", toolCallId="call_1"
    )
    assert (result["role"], result["toolCallId"], result["toolName"], result["toolError"]) == (
        "TOOL",
        "call_1",
        "lookup",
        False,
    )
    turn = await send(client, conversationId=conversation, text="So when should I swim?")
    await collect(live, turn["run"]["id"])
    assert script.chat_requests[-1].body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "assistant", "tool_calls": [{"function": {"name": "lookup", "arguments": {"q": "tides"}}}]},
        {"role": "tool", "content": "High tide at 6.", "tool_name": "lookup"},
        {"role": "user", "content": "So when should I swim?"},
    ]


TOOL_EVENTS = """subscription($id: ID!, $after: Int) { runEvents(runId: $id, after: $after) {
  __typename seq
  ... on TokenDelta { text }
  ... on RunStatusChanged { status error }
  ... on RunUsageReported { usage { promptTokens completionTokens } }
  ... on ToolCallArgumentsDelta { callId name delta }
  ... on ToolCallStarted { callId name input messageId round }
  ... on ToolCallFinished { callId name output isError durationMs messageId }
  ... on ToolCallWaiting { call { callId name input reason messageId until } } } }"""
CREATE = """mutation($input: CreateAgentInput!) { createAgent(input: $input) {
  __typename ... on Agent { id tools { name approval definition { name source } } toolChoice { mode name } }
  ... on ValidationError { message field } } }"""
MESSAGES = """query($id: ID!) { conversation(id: $id) { messages { nodes {
  id role content status parent { id } toolCalls { id name input } toolCallId toolName toolError } } } }"""


async def tool_agent(gql: GQL, model: str = "ollama:test-model", **extra: Any) -> str:
    data = (
        await gql(
            CREATE,
            {
                "input": {
                    "name": "Clock",
                    "model": model,
                    "systemPrompt": "Be brief.",
                    "tools": [{"name": "current_time"}, {"name": "memory_search"}],
                    **extra,
                }
            },
        )
    )["createAgent"]
    assert data["__typename"] == "Agent", data
    return str(data["id"])


async def tool_events(base: str, run_id: str) -> list[dict[str, Any]]:
    from tests.gqlws import graphql_ws

    async with graphql_ws(base) as ws:
        return [p["data"]["runEvents"] async for p in ws.subscribe(TOOL_EVENTS, {"id": run_id, "after": 0})]


async def test_available_tools_and_agent_tool_settings(client: GQL) -> None:
    tools = (await client("{ availableTools { name description inputSchema source } }"))["availableTools"]
    assert [t["name"] for t in tools] == ["current_time", "knowledge_search", "memory_save", "memory_search"]
    assert all(t["source"] == "BUILTIN" and t["inputSchema"]["type"] == "object" for t in tools)
    agent = (
        await client(
            CREATE,
            {
                "input": {
                    "name": "A",
                    "tools": [{"name": "current_time", "approval": "AUTO"}],
                    "toolChoice": {"mode": "TOOL", "name": "current_time"},
                }
            },
        )
    )["createAgent"]
    assert agent["tools"] == [
        {"name": "current_time", "approval": "AUTO", "definition": {"name": "current_time", "source": "BUILTIN"}}
    ]
    assert agent["toolChoice"] == {"mode": "TOOL", "name": "current_time"}
    unknown = (await client(CREATE, {"input": {"name": "B", "tools": [{"name": "rm_rf"}]}}))["createAgent"]
    assert unknown["__typename"] == "ValidationError" and "rm_rf" in unknown["message"]
    missing = (await client(CREATE, {"input": {"name": "C", "toolChoice": {"mode": "TOOL", "name": "current_time"}}}))[
        "createAgent"
    ]
    assert missing["__typename"] == "ValidationError" and missing["field"] == "toolChoice.name"
    # Dropping the forced tool without changing the choice is refused; changing both is fine.
    update = """mutation($id: ID!, $input: UpdateAgentInput!) { updateAgent(id: $id, input: $input) {
      __typename ... on Agent { tools { name } toolChoice { mode } } ... on ValidationError { field } } }"""
    refused = (await client(update, {"id": agent["id"], "input": {"tools": []}}))["updateAgent"]
    assert refused == {"__typename": "ValidationError", "field": "toolChoice"}
    changed = (await client(update, {"id": agent["id"], "input": {"tools": [], "toolChoice": {"mode": "AUTO"}}}))[
        "updateAgent"
    ]
    assert changed == {"__typename": "Agent", "tools": [], "toolChoice": {"mode": "AUTO"}}


async def test_agent_loop_runs_parallel_calls_and_answers(live: str, client: GQL, script: Script) -> None:
    script.turns = [
        Turn(
            tokens=["Let me check."],
            calls=[
                ScriptedCall("current_time", {"timezone": "Europe/Paris"}),
                ScriptedCall("current_time", {"timezone": "Mars/Olympus"}),  # a tool error, not a failed run
            ],
        )
    ]
    turn = await send(client, agentId=await tool_agent(client), text="What time is it in Paris?")
    events = await tool_events(live, turn["run"]["id"])
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[-1]["status"] == "SUCCEEDED"
    args = [e for e in events if e["__typename"] == "ToolCallArgumentsDelta"]
    started = [e for e in events if e["__typename"] == "ToolCallStarted"]
    finished = [e for e in events if e["__typename"] == "ToolCallFinished"]
    assert [json.loads(a["delta"]) for a in args] == [{"timezone": "Europe/Paris"}, {"timezone": "Mars/Olympus"}]
    assert [(s["name"], s["input"], s["round"]) for s in started] == [
        ("current_time", {"timezone": "Europe/Paris"}, 1),
        ("current_time", {"timezone": "Mars/Olympus"}, 1),
    ]
    assert [f["callId"] for f in finished] == [s["callId"] for s in started]
    assert not finished[0]["isError"] and "Europe/Paris" in finished[0]["output"]
    assert finished[1]["isError"] and "unknown time zone" in finished[1]["output"]
    text = "".join(e["text"] for e in events if e["__typename"] == "TokenDelta")
    assert text == "Let me check.The answer is 42."
    usage = next(e["usage"] for e in events if e["__typename"] == "RunUsageReported")
    assert usage["promptTokens"] == 2 * script.prompt_tokens  # two rounds, summed
    # Every step is stored: a reload shows the whole loop.
    nodes = (await client(MESSAGES, {"id": turn["conversation"]["id"]}))["conversation"]["messages"]["nodes"]
    assert [(n["role"], n["content"], n["status"]) for n in nodes] == [
        ("USER", "What time is it in Paris?", "COMPLETE"),
        ("ASSISTANT", "Let me check.", "COMPLETE"),
        ("TOOL", finished[0]["output"], "COMPLETE"),
        ("TOOL", finished[1]["output"], "COMPLETE"),
        ("ASSISTANT", "The answer is 42.", "COMPLETE"),
    ]
    step, first, second, answer = nodes[1:]
    assert [c["id"] for c in step["toolCalls"]] == [s["callId"] for s in started]
    assert (first["toolCallId"], first["toolName"], first["toolError"]) == (started[0]["callId"], "current_time", False)
    assert second["toolError"] is True and first["id"] == finished[0]["messageId"]
    assert first["parent"] == second["parent"] == answer["parent"] == {"id": step["id"]}
    run = (await client("query($id: ID!) { run(id: $id) { message { id } result } }", {"id": turn["run"]["id"]}))["run"]
    assert run["message"]["id"] == answer["id"] and run["result"]["rounds"] == 2 and run["result"]["toolCalls"] == 2
    # The provider was offered the tools, and got the results back in its wire format.
    first_body, second_body = (r.body for r in script.chat_requests[-2:])
    assert [t["function"]["name"] for t in first_body["tools"]] == ["current_time", "memory_search"]
    assert [m["role"] for m in second_body["messages"]] == ["system", "user", "assistant", "tool", "tool"]
    assert second_body["messages"][3] == {"role": "tool", "content": finished[0]["output"], "tool_name": "current_time"}
    # The next turn carries the whole loop in its history.
    again = await send(client, conversationId=turn["conversation"]["id"], text="Thanks")
    await tool_events(live, again["run"]["id"])
    roles = [m["role"] for m in script.chat_requests[-1].body["messages"]]
    assert roles == ["system", "user", "assistant", "tool", "tool", "assistant", "user"]


async def test_invalid_input_and_unknown_tool_go_back_to_the_model(live: str, client: GQL, script: Script) -> None:
    script.turns = [Turn(calls=[ScriptedCall("memory_search", {"limit": "many"}), ScriptedCall("rm_rf", {})])]
    turn = await send(client, agentId=await tool_agent(client), text="hm")
    events = await tool_events(live, turn["run"]["id"])
    finished = [e for e in events if e["__typename"] == "ToolCallFinished"]
    assert [f["isError"] for f in finished] == [True, True]
    assert "invalid input for memory_search" in finished[0]["output"]
    assert "no tool named 'rm_rf'" in finished[1]["output"]
    assert events[-1]["status"] == "SUCCEEDED"


async def test_a_model_that_never_stops_calling_tools_is_stopped(live: str, client: GQL, script: Script) -> None:
    script.every_turn = Turn(calls=[ScriptedCall("current_time", {})])
    turn = await send(client, agentId=await tool_agent(client), text="loop")
    events = await tool_events(live, turn["run"]["id"])
    assert events[-1]["status"] == "FAILED" and "stopped after 8 rounds" in events[-1]["error"]
    assert len(script.chat_requests) == 8
    assert len([e for e in events if e["__typename"] == "ToolCallStarted"]) == 7


async def test_tool_choice_per_agent_and_per_message(live: str, client: GQL, script: Script) -> None:
    agent = await tool_agent(client, toolChoice={"mode": "NONE"})
    await tool_events(live, (await send(client, agentId=agent, text="a"))["run"]["id"])
    assert not script.chat_requests[-1].body.get("tools")  # NONE: nothing offered
    script.turns = [Turn(calls=[ScriptedCall("current_time", {})])]
    turn = await send(client, agentId=agent, text="b", toolChoice={"mode": "TOOL", "name": "current_time"})
    await tool_events(live, turn["run"]["id"])
    forced, after = (r.body for r in script.chat_requests[-2:])
    assert [t["function"]["name"] for t in forced["tools"]] == ["current_time"]  # Ollama: only the named tool
    assert [t["function"]["name"] for t in after["tools"]] == ["current_time", "memory_search"]  # then AUTO
    refused = await client.raw(
        "mutation($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on ValidationError { field } } }",
        {"input": {"agentId": agent, "text": "c", "toolChoice": {"mode": "TOOL", "name": "knowledge_search"}}},
    )
    assert refused["data"]["sendMessage"] == {"__typename": "ValidationError", "field": "toolChoice.name"}


@pytest.fixture
def anthropic_script() -> Script:
    return Script(tokens=["It", " is", " noon."], models=["claude-test"], api_key="sk-ant-test")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_anthropic_streams_tool_use_and_gets_tool_results(anthropic_live: str, anthropic_script: Script) -> None:
    anthropic_script.turns = [
        Turn(
            tokens=["Checking"],
            calls=[
                ScriptedCall("current_time", {"timezone": "Asia/Tokyo"}),
                ScriptedCall("current_time", '{"timezone": "Asia/To'),  # malformed: cut off mid-JSON
            ],
        )
    ]
    async with httpx.AsyncClient(base_url=anthropic_live, timeout=30) as http:
        gql = GQL(http)
        agent = await tool_agent(gql, "anthropic:claude-test", toolChoice={"mode": "REQUIRED"})
        turn = await send(gql, agentId=agent, text="Time in Tokyo?")
        events = await tool_events(anthropic_live, turn["run"]["id"])
    assert events[-1]["status"] == "SUCCEEDED"
    pieces = [e["delta"] for e in events if e["__typename"] == "ToolCallArgumentsDelta"]
    assert len(pieces) > 4  # the input arrived in streamed pieces, relayed as they came
    finished = [e for e in events if e["__typename"] == "ToolCallFinished"]
    assert not finished[0]["isError"] and "Asia/Tokyo" in finished[0]["output"]
    assert finished[1]["isError"] and "not a JSON object" in finished[1]["output"]
    first, second = (r.body for r in anthropic_script.chat_requests)
    assert first["tool_choice"] == {"type": "any"} and second["tool_choice"] == {"type": "auto"}
    assert first["tools"][0]["name"] == "current_time" and "input_schema" in first["tools"][0]
    assistant, results = second["messages"][1:]
    assert assistant["role"] == "assistant" and [b["type"] for b in assistant["content"]] == [
        "text",
        "tool_use",
        "tool_use",
    ]
    assert assistant["content"][2]["input"] == {"_malformed": '{"timezone": "Asia/To'}
    assert results["role"] == "user" and [b["tool_use_id"] for b in results["content"]] == [
        b["id"] for b in assistant["content"][1:]
    ]
    assert results["content"][1]["is_error"] is True
    usage = next(e["usage"] for e in events if e["__typename"] == "RunUsageReported")
    assert usage["promptTokens"] == 2 * anthropic_script.prompt_tokens


async def test_test_suites_assert_on_tool_use(live: str, client: GQL, script: Script) -> None:
    from tests.resolvers.test_test_suites import CREATE, follow, start_run

    agent = await tool_agent(client)
    script.turns = [Turn(calls=[ScriptedCall("current_time", {"timezone": "UTC"})])]
    utc = {"type": "object", "properties": {"timezone": {"const": "UTC"}}, "required": ["timezone"]}
    cases = [
        {
            "name": "clock",
            "prompt": "What time is it?",
            "assertions": [
                {"type": "TOOL_CALLED", "name": "current_time", "schema": utc},
                {"type": "MAX_TOOL_ROUNDS", "maxRounds": 1},
                {"type": "TOOL_CALLED", "name": "memory_search"},
                {"type": "TOOL_CALLED", "name": "current_time", "schema": {"required": ["nope"]}},
                {"type": "MAX_TOOL_ROUNDS", "maxRounds": 0},
            ],
        }
    ]
    suite = (await client(CREATE, {"input": {"name": "tools", "cases": cases}}))["createTestSuite"]
    run = await start_run(client, suiteId=suite["id"], targets=[{"agentId": agent}])
    events = await follow(live, run["id"])
    item = next(e["item"] for e in events if e["__typename"] == "RunItemFinished")
    verdicts = [(v["type"], v["passed"]) for v in item["details"]["assertions"]]
    assert verdicts == [
        ("tool_called", True),
        ("max_tool_rounds", True),
        ("tool_called", False),
        ("tool_called", False),
        ("max_tool_rounds", False),
    ]
    assert item["output"] == "The answer is 42."  # the loop ran: the answer came after the tool result
    assert [m["role"] for m in script.chat_requests[-1].body["messages"]] == ["system", "user", "assistant", "tool"]


REGISTER_MCP = """mutation($input: RegisterMcpServerInput!) { registerMcpServer(input: $input) {
  __typename ... on McpServer { id name transport command envNames headerNames health { ok detail toolCount }
    tools { name source inputSchema } }
  ... on Error { message code } } }"""


async def test_an_agent_calls_an_mcp_tool(live: str, client: GQL, script: Script) -> None:
    import sys

    from tests.fakes import mcp_server

    registered = (
        await client(
            REGISTER_MCP,
            {
                "input": {
                    "name": "notes",
                    "command": sys.executable,
                    "args": [mcp_server.__file__],
                    "env": {"NOTES_TOKEN": "s3cret"},
                }
            },
        )
    )["registerMcpServer"]
    assert registered["__typename"] == "McpServer" and registered["transport"] == "STDIO"
    assert registered["envNames"] == ["NOTES_TOKEN"] and "s3cret" not in json.dumps(registered)
    assert registered["health"]["ok"] and registered["health"]["toolCount"] == 4
    assert registered["tools"][0]["name"] == "notes__add" and registered["tools"][0]["source"] == "MCP"
    duplicate = await client(REGISTER_MCP, {"input": {"name": "notes", "url": "http://127.0.0.1:9/mcp"}})
    assert duplicate["registerMcpServer"]["code"] == "CONFLICT"
    names = [t["name"] for t in (await client("{ availableTools { name } }"))["availableTools"]]
    assert "notes__add" in names and "current_time" in names
    agent = (
        await client(
            CREATE,
            {"input": {"name": "M", "model": "ollama:test-model", "tools": [{"name": "notes__add"}]}},
        )
    )["createAgent"]
    unknown = (await client(CREATE, {"input": {"name": "X", "tools": [{"name": "nowhere__add"}]}}))["createAgent"]
    assert unknown["__typename"] == "ValidationError"
    script.turns = [Turn(calls=[ScriptedCall("notes__add", {"a": 2, "b": 3}), ScriptedCall("notes__crash", {})])]
    turn = await send(client, agentId=agent["id"], text="2+3?")
    events = await tool_events(live, turn["run"]["id"])
    finished = [e for e in events if e["__typename"] == "ToolCallFinished"]
    assert (finished[0]["name"], finished[0]["output"], finished[0]["isError"]) == ("notes__add", "5", False)
    assert finished[1]["isError"] and "no tool named 'notes__crash'" in finished[1]["output"]  # not the agent's
    assert events[-1]["status"] == "SUCCEEDED"
    offered = [t["function"]["name"] for t in script.chat_requests[-2].body["tools"]]
    assert offered == ["notes__add"]
    removed = await client("mutation($id: ID!) { deleteMcpServer(id: $id) { __typename } }", {"id": registered["id"]})
    assert removed["deleteMcpServer"]["__typename"] == "Deleted"
    assert (await client("{ mcpServers { name } }"))["mcpServers"] == []


async def test_cancel_stops_the_loop_during_an_mcp_call(live: str, client: GQL, script: Script) -> None:
    import sys

    from tests.fakes import mcp_server
    from tests.gqlws import graphql_ws

    await client(REGISTER_MCP, {"input": {"name": "notes", "command": sys.executable, "args": [mcp_server.__file__]}})
    agent = (
        await client(CREATE, {"input": {"name": "M", "model": "ollama:test-model", "tools": [{"name": "notes__slow"}]}})
    )["createAgent"]
    script.turns = [Turn(calls=[ScriptedCall("notes__slow", {"seconds": 600})])]
    turn = await send(client, agentId=agent["id"], text="wait")
    seen: list[dict[str, Any]] = []
    async with graphql_ws(live) as ws:
        async for payload in ws.subscribe(TOOL_EVENTS, {"id": turn["run"]["id"], "after": 0}):
            seen.append(payload["data"]["runEvents"])
            if seen[-1]["__typename"] == "ToolCallStarted":
                cancelled = await client(
                    "mutation($id: ID!) { cancelRun(id: $id) { __typename } }", {"id": turn["run"]["id"]}
                )
                assert cancelled["cancelRun"]["__typename"] == "Run"
    assert seen[-1]["status"] == "CANCELLED"
    assert not [e for e in seen if e["__typename"] == "ToolCallFinished"]  # the call was stopped, not finished
    assert len(script.chat_requests) == 1  # and the loop did not go on
