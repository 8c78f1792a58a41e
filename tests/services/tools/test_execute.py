"""Running a round's tool calls: schema checks, unknown tools, timeouts, truncation, and which calls wait."""

from __future__ import annotations

import asyncio
from typing import Any

from services.chat.runner import _classify, _Setup
from services.db.models import Agent
from services.providers.base import MALFORMED, GenerationOptions, ToolCall, ToolChoice, ToolSpec
from services.settings import load_settings
from services.tools import catalog
from services.tools.catalog import ToolEnv
from services.tools.execute import TRUNCATED, run_calls

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"], "additionalProperties": False}
SPEC = ToolSpec("box__echo", "Echo.", SCHEMA)


def _env() -> ToolEnv:
    agent = Agent(id="a", owner_id="u", name="A", model="ollama:m")
    return ToolEnv(None, None, load_settings(file_data={}), "u", agent, None, None)  # type: ignore[arg-type]


async def _echo(args: dict[str, Any]) -> tuple[str, bool]:
    return "x" * args["n"], False


async def _hang(args: dict[str, Any]) -> tuple[str, bool]:
    await asyncio.sleep(3600)
    return "never", False


async def test_calls_are_checked_and_failures_become_error_results() -> None:
    calls = [
        ToolCall("1", "box__echo", {"n": 3}),
        ToolCall("2", "box__echo", {"n": "three"}),
        ToolCall("3", "box__echo", {MALFORMED: '{"n": '}),
        ToolCall("4", "rm_rf", {}),
        ToolCall("5", "current_time", {"timezone": "Europe/Paris"}),
        ToolCall("6", "box__echo", {"n": 500}),
    ]
    out = await run_calls(
        calls,
        {"box__echo", "current_time"},
        _env(),
        seconds=5,
        max_chars=100,
        external={"box__echo": (SPEC, _echo)},
    )
    assert [o.call.id for o in out] == ["1", "2", "3", "4", "5", "6"]
    assert (out[0].output, out[0].error) == ("xxx", False)
    assert out[1].error and "invalid input for box__echo at n" in out[1].output
    assert out[2].error and "not a JSON object" in out[2].output
    assert out[3].error and "no tool named 'rm_rf'" in out[3].output
    assert not out[4].error and "Europe/Paris" in out[4].output
    assert out[5].output == "x" * 100 + TRUNCATED


async def test_a_hung_tool_times_out() -> None:
    (outcome,) = await run_calls(
        [ToolCall("1", "box__echo", {"n": 1})],
        {"box__echo"},
        _env(),
        seconds=0.05,
        max_chars=100,
        external={"box__echo": (SPEC, _hang)},
    )
    assert outcome.error and "did not finish within 0.05 seconds" in outcome.output


def test_client_and_ask_calls_wait_and_invalid_ones_are_refused_at_once() -> None:
    client = ToolSpec("get_location", "Where.", {"type": "object", "required": ["precision"]})
    setup = _Setup(
        "m",
        [],
        GenerationOptions(),
        (),
        ToolChoice(),
        None,
        [],
        0,
        client={"get_location": client},
        ask={"box__echo", "memory_save"},
        external={"box__echo": (SPEC, _echo)},
    )
    calls = [
        ToolCall("1", "current_time", {}),
        ToolCall("2", "get_location", {"precision": "city"}),
        ToolCall("3", "get_location", {}),
        ToolCall("4", "box__echo", {"n": 1}),  # an MCP tool with approval ASK waits too
        ToolCall("5", "memory_save", {"text": "tea"}),
    ]
    now, refused, waits = _classify(calls, setup)
    assert [c.id for c in now] == ["1"]
    assert [o.call.id for o in refused] == ["3"] and refused[0].error
    assert [(c.id, reason) for c, reason in waits] == [("2", "client"), ("4", "approval"), ("5", "approval")]
    assert catalog.spec("memory_save") is not None
