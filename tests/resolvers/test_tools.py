"""Tools end to end: history with tool turns, agents with tools, and the agent loop over the Ollama and Anthropic
fakes (streamed calls, parallel calls, malformed input, a model that never stops calling tools, cancel)."""

from __future__ import annotations

from typing import Any

from tests.conftest import GQL
from tests.fakes.script import Script
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
