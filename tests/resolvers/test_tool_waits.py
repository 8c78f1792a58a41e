"""Client tools and approvals end to end over graphql-transport-ws: the run waits (WAITING), only its owner may
answer, answers re-queue it, a call nobody answers times out, a restart leaves it WAITING, cancel ends it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app import create_app
from tests.conftest import GQL, MULTI_SECRET, chat_settings, register
from tests.fakes.script import Script, ScriptedCall, Turn
from tests.fakes.server import serve
from tests.gqlws import graphql_ws
from tests.resolvers.test_tools import TOOL_EVENTS

SEND = """mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename ... on ChatTurn { run { id } conversation { id } } ... on Error { message } } }"""
PENDING = (
    """query($id: ID!) { run(id: $id) { status pendingToolCalls { callId name input reason messageId until } } }"""
)
APPROVE = """mutation($run: ID!, $call: String!) { approveToolCall(runId: $run, callId: $call) {
  __typename ... on Run { status } ... on Error { code message } } }"""
DENY = """mutation($run: ID!, $call: String!) { denyToolCall(runId: $run, callId: $call, reason: "not now") {
  __typename ... on Run { status } ... on Error { code message } } }"""
ANSWER = """mutation($input: AnswerToolCallInput!) { answerToolCall(input: $input) {
  __typename ... on Run { status } ... on Error { code message } } }"""
LOCATION = {
    "name": "get_location",
    "description": "Where the user is.",
    "inputSchema": {
        "type": "object",
        "properties": {"precision": {"enum": ["city", "street"]}},
        "required": ["precision"],
    },
}


@pytest.fixture
def wait_seconds() -> float:
    return 60.0


@pytest.fixture
def settings(make_settings: Any, ollama_host: str, wait_seconds: float) -> Any:
    return chat_settings(
        make_settings,
        ollama_host,
        auth_mode="multi",
        secret_key=MULTI_SECRET,
        tools={"wait_timeout_seconds": wait_seconds},
    )


@pytest.fixture
def live(settings: Any) -> Iterator[str]:
    with serve(create_app(settings), lifespan="on") as base:
        yield base


async def _ws(base: str, token: str | None, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """One operation over graphql-transport-ws."""
    async with graphql_ws(base, token) as ws:
        payloads = [p async for p in ws.subscribe(query, variables)]
    assert len(payloads) == 1 and "errors" not in payloads[0], payloads
    return payloads[0]["data"]


async def _until(base: str, token: str, run_id: str, status: str, after: int = 0) -> list[dict[str, Any]]:
    """The run's events from `after` up to and including the first with `status`."""
    seen: list[dict[str, Any]] = []
    variables = {"id": run_id, "after": after}
    async with graphql_ws(base, token) as ws, contextlib.aclosing(ws.subscribe(TOOL_EVENTS, variables)) as events:
        async for payload in events:
            seen.append(payload["data"]["runEvents"])
            if seen[-1].get("status") == status:
                return seen
    raise AssertionError(f"the run ended without {status}: {seen[-1]}")


async def _start(base: str, gql: GQL, script: Script, approval: str = "ASK") -> tuple[str, str]:
    agent = await gql(
        """mutation($a: ToolApproval!) { createAgent(input: {name: "Helper", model: "ollama:test-model",
             tools: [{name: "current_time", approval: $a}]}) { ... on Agent { id } } }""",
        {"a": approval},
    )
    script.turns = [
        Turn(
            calls=[
                ScriptedCall("current_time", {"timezone": "UTC"}),
                ScriptedCall("get_location", {"precision": "city"}),
            ]
        )
    ]
    turn = (
        await _ws(
            base,
            gql.token,
            SEND,
            {"input": {"agentId": agent["createAgent"]["id"], "text": "Where and when?", "clientTools": [LOCATION]}},
        )
    )["sendMessage"]
    assert turn["__typename"] == "ChatTurn", turn
    return turn["run"]["id"], turn["conversation"]["id"]


async def test_approval_and_client_answer_continue_the_run(live: str, script: Script) -> None:
    async with httpx.AsyncClient(base_url=live, timeout=30) as http:
        alice, bob = await register(GQL(http), "alice"), await register(GQL(http), "bob")
        run_id, conversation = await _start(live, alice, script)
        waited = await _until(live, str(alice.token), run_id, "WAITING")
        waits = [e["call"] for e in waited if e["__typename"] == "ToolCallWaiting"]
        assert [(w["name"], w["reason"]) for w in waits] == [("current_time", "APPROVAL"), ("get_location", "CLIENT")]
        assert not [e for e in waited if e["__typename"] == "ToolCallFinished"]  # nothing ran without the user
        run = (await alice(PENDING, {"id": run_id}))["run"]
        assert run["status"] == "WAITING"
        assert [c["callId"] for c in run["pendingToolCalls"]] == [w["callId"] for w in waits]
        approval, client = (w["callId"] for w in waits)

        # Another user sees nothing and can answer nothing.
        assert (await bob.raw(PENDING, {"id": run_id}))["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        for query, variables in (
            (APPROVE, {"run": run_id, "call": approval}),
            (ANSWER, {"input": {"runId": run_id, "callId": client, "output": "Paris"}}),
        ):
            refused = (await _ws(live, bob.token, query, variables)).popitem()[1]
            assert refused["__typename"] == "NotFoundError", refused
        wrong = await _ws(live, alice.token, ANSWER, {"input": {"runId": run_id, "callId": approval, "output": "x"}})
        assert wrong["answerToolCall"]["__typename"] == "ValidationError"

        approved = (await _ws(live, alice.token, APPROVE, {"run": run_id, "call": approval}))["approveToolCall"]
        assert approved == {"__typename": "Run", "status": "WAITING"}  # the client's answer is still due
        answered = (
            await _ws(live, alice.token, ANSWER, {"input": {"runId": run_id, "callId": client, "output": "Paris"}})
        )["answerToolCall"]
        assert answered == {"__typename": "Run", "status": "QUEUED"}
        again = (await _ws(live, alice.token, APPROVE, {"run": run_id, "call": approval}))["approveToolCall"]
        assert again["__typename"] == "ConflictError"

        rest = await _until(live, str(alice.token), run_id, "SUCCEEDED", after=waited[-1]["seq"])
        finished = {e["name"]: e for e in [*waited, *rest] if e["__typename"] == "ToolCallFinished"}
        assert finished["get_location"]["output"] == "Paris" and not finished["get_location"]["isError"]
        assert "UTC" in finished["current_time"]["output"] and not finished["current_time"]["isError"]
        statuses = [e["status"] for e in rest if e["__typename"] == "RunStatusChanged"]
        assert statuses == ["QUEUED", "RUNNING", "SUCCEEDED"]
        # The model got both results back, in the order it made the calls.
        body = script.chat_requests[-1].body
        assert [(m["role"], m.get("tool_name")) for m in body["messages"][-2:]] == [
            ("tool", "current_time"),
            ("tool", "get_location"),
        ]
        assert [t["function"]["name"] for t in script.chat_requests[0].body["tools"]] == [
            "current_time",
            "get_location",
        ]
        nodes = (
            await alice(
                "query($id: ID!) { conversation(id: $id) { messages { nodes { role content toolName } } } }",
                {"id": conversation},
            )
        )["conversation"]["messages"]["nodes"]
        assert [n["role"] for n in nodes] == ["USER", "ASSISTANT", "TOOL", "TOOL", "ASSISTANT"]
        assert nodes[-1]["content"] == "The answer is 42."


@pytest.mark.parametrize("wait_seconds", [1.0])
async def test_denied_and_unanswered_calls_reach_the_model_as_errors(live: str, script: Script) -> None:
    async with httpx.AsyncClient(base_url=live, timeout=30) as http:
        alice = await register(GQL(http), "alice")
        run_id, _ = await _start(live, alice, script)
        waited = await _until(live, str(alice.token), run_id, "WAITING")
        approval = next(e["call"]["callId"] for e in waited if e["__typename"] == "ToolCallWaiting")
        denied = (await _ws(live, alice.token, DENY, {"run": run_id, "call": approval}))["denyToolCall"]
        assert denied == {"__typename": "Run", "status": "WAITING"}
        # The client never answers: the expiry answers for it and the run goes on.
        rest = await _until(live, str(alice.token), run_id, "SUCCEEDED", after=waited[-1]["seq"])
    finished = {e["name"]: e for e in rest if e["__typename"] == "ToolCallFinished"}
    assert (
        finished["current_time"]["isError"]
        and finished["current_time"]["output"] == "the user denied this call: not now"
    )
    assert finished["get_location"]["isError"] and "timed out" in finished["get_location"]["output"]


async def test_a_waiting_run_survives_a_restart_and_can_be_cancelled(settings: Any, script: Script) -> None:
    with serve(create_app(settings), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            alice = await register(GQL(http), "alice")
            run_id, _ = await _start(base, alice, script, approval="AUTO")
            await _until(base, str(alice.token), run_id, "WAITING")
    with serve(create_app(settings), lifespan="on") as base:  # a new process: recovery leaves the run WAITING
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            alice = alice.as_user(alice.token)
            alice.client = http
            run = (await alice(PENDING, {"id": run_id}))["run"]
            assert run["status"] == "WAITING" and [c["name"] for c in run["pendingToolCalls"]] == ["get_location"]
            cancelled = await alice(
                "mutation($id: ID!) { cancelRun(id: $id) { __typename ... on Run { status } } }", {"id": run_id}
            )
            assert cancelled["cancelRun"] == {"__typename": "Run", "status": "CANCELLED"}
            assert (await alice(PENDING, {"id": run_id}))["run"] == {"status": "CANCELLED", "pendingToolCalls": []}
