"""One measured generation: the shared step of test, benchmark and batch runs.

Streams through the provider (retrying transient failures before the first token, like chat), stops
when the run is cancelled, and reports time to first token, total latency, token counts and speed.
A provider failure is returned, not raised: one failed case or iteration must not end its run.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.db.models import Agent
from services.errors import NotFound, ValidationFailed
from services.providers import Providers
from services.providers.base import (
    ChatMessage,
    ChatRequest,
    GenerationOptions,
    ProviderError,
    ToolCall,
    ToolSpec,
)
from services.providers.retry import stream_with_retries
from services.settings import Settings
from services.validation import model_name


@dataclass
class Generated:
    text: str = ""
    error: str | None = None
    cancelled: bool = False
    ttft_ms: float | None = None
    latency_ms: float | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    tokens_per_second: float | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # {"name", "input", "round", "error"}
    rounds: int = 0  # model rounds; more than one when the target called tools

    def figures(self) -> dict[str, Any]:
        return {
            "latency_ms": self.latency_ms,
            "ttft_ms": self.ttft_ms,
            "tokens_per_second": self.tokens_per_second,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
        }


@dataclass(frozen=True)
class Target:
    """What answers: a model ('provider:model'), or an agent (its model, system prompt and parameters)."""

    label: str  # 'ollama:qwen2.5:3b' or 'agent:<id>'
    model: str
    system_prompt: str = ""
    parameters: tuple[tuple[str, Any], ...] = ()
    agent_id: str | None = None
    tools: tuple[str, ...] = ()  # an agent's tools that run without approval: the agent loop runs in evaluations
    tool_choice: str = "auto"

    def options(self, **overrides: Any) -> GenerationOptions:
        values = dict(self.parameters)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return GenerationOptions.from_dict(values)

    def messages(self, prompt_or_messages: str | list[ChatMessage]) -> list[ChatMessage]:
        turns = (
            [ChatMessage("user", prompt_or_messages)]
            if isinstance(prompt_or_messages, str)
            else list(prompt_or_messages)
        )
        system = [ChatMessage("system", self.system_prompt)] if self.system_prompt else []
        return system + turns


async def resolve_target(
    session: AsyncSession, owner_id: str, *, model: str | None, agent_id: str | None, field: str = "target"
) -> Target:
    if (model is None) == (agent_id is None):
        raise ValidationFailed("give either a model or an agent", field)
    if model is not None:
        return Target(label=model_name(model, field), model=model_name(model, field))
    agent = await session.get(Agent, agent_id) if agent_id else None
    if agent is None or agent.owner_id != owner_id:
        raise NotFound("Agent", agent_id or "")
    return Target(
        label=f"agent:{agent.id}",
        model=agent.model,
        system_prompt=agent.system_prompt,
        parameters=tuple(sorted(agent.parameters.items())),
        agent_id=agent.id,
        tools=auto_tools(agent.tools),
        tool_choice=agent.tool_choice,
    )


def auto_tools(tools: list[dict[str, Any]] | None) -> tuple[str, ...]:
    """The tools an evaluation may run: approval cannot be given there, so ASK tools are left out."""
    return tuple(t["name"] for t in tools or [] if t.get("approval", "auto") == "auto")


Outcomes = Sequence[tuple[ToolCall, str, bool]]  # (call, output, is_error)
ToolRunner = Callable[[Sequence[ToolCall]], Awaitable[Outcomes]]


async def generate(
    providers: Providers,
    settings: Settings,
    target: Target,
    messages: list[ChatMessage],
    options: GenerationOptions,
    cancelled: asyncio.Event,
    tools: tuple[ToolSpec, ...] = (),
    run_tools: ToolRunner | None = None,
) -> Generated:
    """One measured answer. With `tools` and `run_tools`, the agent loop: calls are run and their results sent
    back until the model answers without tools or `tools.max_rounds` is reached; latency covers every round and
    the token counts are summed."""
    from services.tools import choice

    out = Generated()
    started = time.perf_counter()
    first: float | None = None
    parts: list[str] = []
    chunks = 0
    totals: list[int | None] = [None, None]  # prompt and completion tokens, summed over the rounds that report them
    conversation = list(messages)
    picked = choice.parse(target.tool_choice)
    if picked.mode == "tool" and picked.name not in {t.name for t in tools}:
        picked = choice.parse("auto")
    try:
        provider, model = providers.resolve(target.model)
        while True:
            out.rounds += 1
            parts = []
            calls: list[ToolCall] = []
            request = ChatRequest(
                model=model,
                messages=tuple(conversation),
                options=options,
                tools=tools if run_tools else (),
                tool_choice=choice.for_round(picked, out.rounds),
            )
            stream = stream_with_retries(
                lambda request=request: provider.stream_chat(request),  # type: ignore[misc]
                max_retries=settings.providers.max_retries,
                base_delay=settings.providers.retry_base_delay_seconds,
                max_delay=settings.providers.retry_max_delay_seconds,
                provider=provider.name,
                model=request.model,
            )
            try:
                async for chunk in stream:
                    if cancelled.is_set():
                        out.cancelled = True
                        break
                    if chunk.text:
                        first = first or time.perf_counter()
                        parts.append(chunk.text)
                        chunks += 1
                    if chunk.usage is not None:
                        for index, value in enumerate((chunk.usage.prompt_tokens, chunk.usage.completion_tokens)):
                            if value is not None:
                                totals[index] = (totals[index] or 0) + value
                    calls = list(chunk.tool_calls) or calls
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()
            if out.cancelled or not calls or run_tools is None or out.rounds >= settings.tools.max_rounds:
                break
            results = await run_tools(calls)
            out.tool_calls += [
                {"name": c.name, "input": c.input, "round": out.rounds, "error": error} for c, _, error in results
            ]
            conversation.append(ChatMessage("assistant", "".join(parts), tool_calls=tuple(calls)))
            conversation += [
                ChatMessage("tool", output, tool_call_id=c.id, tool_name=c.name, is_error=error)
                for c, output, error in results
            ]
    except ProviderError as exc:
        out.error = exc.message
    ended = time.perf_counter()
    out.text = "".join(parts)
    out.latency_ms = round((ended - started) * 1000, 2)
    out.prompt_tokens, out.completion_tokens = totals
    if first is not None:
        out.ttft_ms = round((first - started) * 1000, 2)
    if out.completion_tokens is None and chunks:
        out.completion_tokens = chunks
    if first is not None and out.completion_tokens and ended > first:
        # Tokens after the first over the time after the first: the decode rate, as llama.cpp reports it.
        out.tokens_per_second = round(max(out.completion_tokens - 1, 1) / (ended - first), 2)
    return out
