"""Running one model turn's tool calls: each checked against its JSON Schema, all in parallel, each within a
timeout. Whatever goes wrong (unknown tool, malformed or invalid input, a failure, a timeout) becomes an error
result the model reads on its next round, never a failed run."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jsonschema
import structlog

from services import tracing
from services.providers.base import MALFORMED, ToolCall, ToolSpec
from services.tools.catalog import BUILTINS, ToolEnv, ToolFailed

log = structlog.get_logger("switchboard.tools")
TRUNCATED = "\n[output truncated]"


External = Callable[[dict[str, Any]], Awaitable[tuple[str, bool]]]  # an MCP tool: arguments -> (output, is_error)


@dataclass(frozen=True)
class ToolOutcome:
    call: ToolCall
    output: str
    error: bool
    duration_ms: float


def input_error(name: str, schema: dict[str, object], value: dict[str, object]) -> str | None:
    """Why `value` is not a valid input for the tool, or None. Best-match error only: the message stays short."""
    if MALFORMED in value:
        return f"the arguments for {name} were not a JSON object: {str(value[MALFORMED])[:200]!r}"
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(value))
    if error is None:
        return None
    where = "/".join(str(p) for p in error.absolute_path)
    return f"invalid input for {name}{f' at {where}' if where else ''}: {error.message}"


async def _one(
    call: ToolCall,
    allowed: set[str],
    env: ToolEnv,
    seconds: float,
    max_chars: int,
    external: dict[str, tuple[ToolSpec, External]],
) -> ToolOutcome:
    started = time.perf_counter()

    def done(output: str, error: bool) -> ToolOutcome:
        if len(output) > max_chars:
            output = output[:max_chars] + TRUNCATED
        return ToolOutcome(call, output, error, round((time.perf_counter() - started) * 1000, 2))

    builtin = BUILTINS.get(call.name)
    spec = external[call.name][0] if call.name in external else (builtin.spec if builtin else None)
    if spec is None or call.name not in allowed:
        return done(f"no tool named {call.name!r} is available; available: {', '.join(sorted(allowed))}", True)
    if (problem := input_error(call.name, spec.input_schema, call.input)) is not None:
        return done(problem, True)
    try:
        async with asyncio.timeout(seconds):
            if call.name in external:
                output, failed = await external[call.name][1](call.input)
                return done(output, failed)
            assert builtin is not None
            output = await builtin.run(env, call.input)
    except TimeoutError:
        return done(f"{call.name} did not finish within {seconds:g} seconds", True)
    except ToolFailed as exc:
        return done(str(exc), True)
    except Exception as exc:  # a tool's bug is reported to the model, logged for us
        log.exception("tool failed", tool=call.name)
        return done(f"{call.name} failed: {type(exc).__name__}", True)
    return done(output, False)


async def run_calls(
    calls: Sequence[ToolCall],
    allowed: set[str],
    env: ToolEnv,
    *,
    seconds: float,
    max_chars: int,
    external: dict[str, tuple[ToolSpec, External]] | None = None,
) -> list[ToolOutcome]:
    """Every call's outcome, in the calls' order; independent calls run at the same time. `external` maps the
    names of tools served elsewhere (MCP) to their spec and caller."""
    more = external or {}
    return list(await asyncio.gather(*(_traced(c, allowed, env, seconds, max_chars, more) for c in calls)))


async def _traced(
    call: ToolCall,
    allowed: set[str],
    env: ToolEnv,
    seconds: float,
    max_chars: int,
    external: dict[str, tuple[ToolSpec, External]],
) -> ToolOutcome:
    """One call in a `tool call` span of the run's trace (nothing when tracing is off)."""
    source = "mcp" if call.name in external else "builtin"
    with tracing.span("tool call", tool=call.name, call_id=call.id, tool_source=source) as current:
        outcome = await _one(call, allowed, env, seconds, max_chars, external)
        if current is not None:
            current.set_attribute("switchboard.tool_error", outcome.error)
        return outcome
