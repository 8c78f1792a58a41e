"""OpenTelemetry: off by default (no tracer, no extension), and with an endpoint one trace per GraphQL operation
and one per run (queue wait, retrieval, each provider call and tool call), tied by the run id. The OTLP exporter is swapped
for the SDK's in-memory one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import app.tracing
from app import create_app
from resolvers.tracing import OperationTracing
from services import tracing
from tests.conftest import GQL, chat_settings, running
from tests.fakes.script import Failure, Script, ScriptedCall, Turn
from tests.fakes.server import serve
from tests.resolvers.test_runs import agent_id, collect
from tests.resolvers.test_tools import tool_agent

SEND = """mutation Ask($input: SendMessageInput!) { sendMessage(input: $input) {
  ... on ChatTurn { run { id } } } }"""


async def test_off_by_default(make_settings: Any) -> None:
    async with running(make_settings()) as (application, gql):
        assert not tracing.enabled() and application.state.tracer_provider is None
        await gql("{ __typename }")
    assert not any(
        isinstance(e, type) and issubclass(e, OperationTracing)
        for e in create_app(make_settings()).routes[0].endpoint.schema.extensions  # type: ignore[attr-defined]
    )


async def test_one_trace_per_operation_and_per_run(
    make_settings: Any, ollama_host: str, script: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = InMemorySpanExporter()
    monkeypatch.setattr(app.tracing, "make_exporter", lambda settings: exporter)
    script.failures = [Failure(503)]  # two provider calls: the refused one and the stream
    settings = chat_settings(make_settings, ollama_host, otlp_endpoint="http://collector.invalid:4318")
    with serve(create_app(settings), lifespan="on") as base:
        assert tracing.enabled()
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            client = GQL(http)
            agent = await agent_id(client)
            sent = (await client(SEND, {"input": {"agentId": agent, "text": "What is the answer?"}}))["sendMessage"]
            events = await collect(base, sent["run"]["id"])
            assert events[-1]["status"] == "SUCCEEDED"
    assert not tracing.enabled()  # the lifespan's end turned it off and flushed the spans
    spans = exporter.get_finished_spans()
    [operation] = [s for s in spans if s.name == "graphql mutation Ask"]
    run_id = operation.attributes["switchboard.run_id"]
    assert operation.parent is None and operation.attributes["graphql.operation.type"] == "mutation"
    [run] = [s for s in spans if s.name == "run chat" and s.attributes["switchboard.run_id"] == run_id]
    assert run.parent is None and run.context.trace_id != operation.context.trace_id  # a trace of its own
    inside = [s for s in spans if s.context.trace_id == run.context.trace_id and s is not run]
    assert all(s.parent is not None and s.parent.span_id == run.context.span_id for s in inside)
    names = [s.name for s in sorted(inside, key=lambda s: s.start_time or 0)]
    assert names == ["queue wait", "retrieval", "provider call", "provider call"]
    calls = [s for s in inside if s.name == "provider call"]
    assert [c.attributes["switchboard.attempt"] for c in calls] == [1, 2]
    assert all(c.attributes["switchboard.provider"] == "ollama" for c in calls)
    assert all(c.attributes["switchboard.model"] == "test-model" for c in calls)
    assert not calls[0].status.is_ok and calls[1].status.is_unset
    wait = next(s for s in inside if s.name == "queue wait")
    assert (wait.end_time or 0) >= (wait.start_time or 0) and wait.start_time < run.start_time  # type: ignore[operator]


async def test_each_tool_call_is_a_span_of_the_run(
    make_settings: Any, ollama_host: str, script: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    exporter = InMemorySpanExporter()
    monkeypatch.setattr(app.tracing, "make_exporter", lambda settings: exporter)
    calls = [ScriptedCall("current_time", {"timezone": "UTC"}), ScriptedCall("current_time", {"timezone": "Mars/X"})]
    script.turns = [Turn(calls=calls)]
    settings = chat_settings(make_settings, ollama_host, otlp_endpoint="http://collector.invalid:4318")
    with serve(create_app(settings), lifespan="on") as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            client = GQL(http)
            agent = await tool_agent(client)
            sent = (await client(SEND, {"input": {"agentId": agent, "text": "What time is it?"}}))["sendMessage"]
            events = await collect(base, sent["run"]["id"])
            assert events[-1]["status"] == "SUCCEEDED"
    spans = exporter.get_finished_spans()
    [run] = [s for s in spans if s.name == "run chat"]
    tools = [s for s in spans if s.name == "tool call"]
    assert len(tools) == 2 and all(s.context.trace_id == run.context.trace_id for s in tools)
    assert {s.attributes["switchboard.tool"] for s in tools} == {"current_time"}
    assert sorted(s.attributes["switchboard.tool_error"] for s in tools) == [False, True]  # Mars/X is no time zone
    assert all(s.attributes["switchboard.tool_source"] == "builtin" for s in tools)
