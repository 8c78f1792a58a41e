"""BENCHMARK runs: time to first token, output tokens/s and total latency per model (p50/p95), errors,
the provider's model details and a hardware snapshot, from real generations.

Per model: `warmup` unmeasured requests first (model load, caches), then `iterations` rounds over the
prompts with up to `concurrency` requests in flight. Each measured request is stored as a run item and
announced as it finishes (RunItemFinished), with a progress event. A cancel stops new requests and the
ones in flight; what was measured stays stored, and the summary covers it.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.auth import Actor
from services.db.models import Run, RunItem
from services.errors import ValidationFailed
from services.evals.model_call import Generated, Target, generate
from services.providers import Providers
from services.providers.base import GenerationOptions, split_model_name
from services.runs import items, lifecycle, queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings, _check_model_name
from services.validation import camel_path

PROMPT_SETS: dict[str, list[str]] = {
    "general": [
        "Explain in two sentences why the sky is blue.",
        "Write a haiku about a lighthouse.",
        "List three uses of a paperclip.",
        "Summarise the plot of Romeo and Juliet in one sentence.",
    ],
    "coding": [
        "Write a Python function that reverses a string.",
        "What does the SQL keyword JOIN do? Answer briefly.",
        "Write a regular expression that matches an email address.",
    ],
    "short": ["Say hello.", "Count from one to five."],
}


MAX_COMPARED = 20


class BenchmarkSpec(BaseModel):
    """A benchmark's plan, validated before the run is queued (and stored as the run's input)."""

    model_config = ConfigDict(extra="forbid")

    models: list[str] = Field(min_length=1, max_length=10)
    prompts: list[str] | None = Field(default=None, min_length=1, max_length=50)
    prompt_set: str | None = None
    iterations: int = Field(default=3, ge=1, le=200)
    concurrency: int = Field(default=1, ge=1, le=16)
    max_tokens: int = Field(default=64, ge=1, le=4096)
    warmup: int = Field(default=1, ge=0, le=10)
    temperature: float | None = Field(default=0.0, ge=0.0, le=2.0)

    @field_validator("models")
    @classmethod
    def _models(cls, values: list[str]) -> list[str]:
        checked = [_check_model_name(v.strip()) for v in values]
        if len(set(checked)) != len(checked):
            raise ValueError("each model may appear once")
        return checked

    @field_validator("prompts")
    @classmethod
    def _prompts(cls, values: list[str] | None) -> list[str] | None:
        if values is not None and any(not p.strip() or len(p) > 20_000 for p in values):
            raise ValueError("prompts must be non-empty and at most 20000 characters")
        return values

    def prompt_list(self) -> list[str]:
        if self.prompts is not None:
            return self.prompts
        return PROMPT_SETS[self.prompt_set or "general"]


def parse_spec(values: dict[str, Any]) -> BenchmarkSpec:
    try:
        spec = BenchmarkSpec.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = camel_path(".".join(str(part) for part in first["loc"])) or "input"
        raise ValidationFailed(f"{where}: {first['msg'].removeprefix('Value error, ')}", where) from None
    if spec.prompts is not None and spec.prompt_set is not None:
        raise ValidationFailed("give prompts or a promptSet, not both", "prompts")
    if spec.prompt_set is not None and spec.prompt_set not in PROMPT_SETS:
        raise ValidationFailed(f"promptSet must be one of {', '.join(sorted(PROMPT_SETS))}", "promptSet")
    return spec


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None without samples."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return round(value, 2)


def spread(values: list[float]) -> dict[str, float | None]:
    return {"p50": percentile(values, 0.5), "p95": percentile(values, 0.95)}


async def start(session: AsyncSession, actor: Actor, values: dict[str, Any], *, priority: int = 5) -> Run:
    """Queue a BENCHMARK run; it waits in its first model's provider queue."""
    spec = parse_spec(values)
    return await queue.enqueue(
        session,
        owner_id=actor.id,
        kind="benchmark",
        provider=split_model_name(spec.models[0])[0],
        model=spec.models[0],
        priority=priority,
        input=spec.model_dump(exclude_none=True),
    )


@dataclass(frozen=True)
class ComparisonRow:
    """One model of one BENCHMARK run: `figures` is that model's entry in the run's result."""

    run: Run
    figures: dict[str, Any]
    machine: str | None


async def compare(
    session: AsyncSession, actor: Actor, run_ids: Sequence[str], models: Sequence[str] | None = None
) -> list[ComparisonRow]:
    """BENCHMARK runs side by side: one row per (run, model), in the order of `run_ids`, then each run's models."""
    if not 1 <= len(run_ids) <= MAX_COMPARED:
        raise ValidationFailed(f"give between 1 and {MAX_COMPARED} run ids", "ids")
    rows: list[ComparisonRow] = []
    for run_id in run_ids:
        run = await lifecycle.get(session, actor, run_id)
        if run.kind != "benchmark":
            raise ValidationFailed(f"run {run_id} is a {run.kind.upper()} run, not a BENCHMARK", "ids")
        result = run.result or {}
        hardware = result.get("hardware") or {}
        cpu, cores = hardware.get("cpu_model"), hardware.get("logical_cores")
        machine = f"{cpu}, {cores} cores" if cpu or cores else None
        rows += [
            ComparisonRow(run, figures, machine)
            for figures in result.get("models", [])
            if models is None or figures.get("model") in models
        ]
    return rows


@dataclass
class ModelTally:
    model: str
    done: list[Generated] = field(default_factory=list)

    def summary(self, details: dict[str, Any] | None) -> dict[str, Any]:
        ok = [g for g in self.done if g.error is None and not g.cancelled]
        return {
            "model": self.model,
            "iterations": len(self.done),
            "errors": sum(1 for g in self.done if g.error is not None),
            "ttftMs": spread([g.ttft_ms for g in ok if g.ttft_ms is not None]),
            "tokensPerSecond": spread([g.tokens_per_second for g in ok if g.tokens_per_second is not None]),
            "latencyMs": spread([g.latency_ms for g in ok if g.latency_ms is not None]),
            "outputTokens": spread([float(g.completion_tokens) for g in ok if g.completion_tokens is not None]),
            "details": details,
        }


def _from_item(item: RunItem) -> Generated:
    return Generated(
        text=item.output or "",
        error=item.error if item.status == "error" else None,
        ttft_ms=item.ttft_ms,
        latency_ms=item.latency_ms,
        prompt_tokens=item.prompt_tokens,
        completion_tokens=item.completion_tokens,
        tokens_per_second=item.tokens_per_second,
    )


class BenchmarkHandler:
    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        providers: Providers,
        settings: Callable[[], Settings],
        hardware: Callable[[], dict[str, Any]],
    ) -> None:
        self.db, self.providers, self._settings, self._hardware = db, providers, settings, hardware

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # measured iterations are already stored; nothing else is half-written

    async def execute(self, ctx: RunContext) -> Outcome:
        spec = parse_spec(ctx.run.input)
        settings = self._settings()
        prompts = spec.prompt_list()
        total = spec.iterations * len(prompts) * len(spec.models)
        hardware = await asyncio.to_thread(self._hardware)
        details = await self._details(spec.models)
        tallies: list[ModelTally] = []
        state = {"done": 0}
        await ctx.emit([progress(0, total, "starting")])
        for m_index, model in enumerate(spec.models):
            tallies.append(await self._model(ctx, spec, settings, m_index, model, state, total))
        result = {
            "models": [t.summary(details.get(t.model)) for t in tallies],
            "prompts": len(prompts),
            "iterations": spec.iterations,
            "concurrency": spec.concurrency,
            "warmup": spec.warmup,
            "maxTokens": spec.max_tokens,
            "hardware": hardware,
        }
        if ctx.cancelled.is_set():
            return Outcome("cancelled", result=result)
        return Outcome("succeeded", result=result)

    async def _model(
        self,
        ctx: RunContext,
        spec: BenchmarkSpec,
        settings: Settings,
        m_index: int,
        model: str,
        state: dict[str, int],
        total: int,
    ) -> ModelTally:
        prompts = spec.prompt_list()
        per_model = spec.iterations * len(prompts)
        options = GenerationOptions(max_tokens=spec.max_tokens, temperature=spec.temperature)
        target = Target(label=model, model=model)
        tally = ModelTally(model)
        for _ in range(spec.warmup):
            if ctx.cancelled.is_set():
                return tally
            await generate(self.providers, settings, target, target.messages(prompts[0]), options, ctx.cancelled)
        plan = [(i, p_index, prompt) for i in range(spec.iterations) for p_index, prompt in enumerate(prompts)]
        gate = asyncio.Semaphore(spec.concurrency)
        reporting = asyncio.Lock()

        stored = await items.finished(self.db, ctx.run.id)  # a resumed run keeps what it measured

        async def one(step: int, iteration: int, p_index: int, prompt: str) -> None:
            if (kept := stored.get(m_index * per_model + step)) is not None:
                tally.done.append(_from_item(kept))
                async with reporting:
                    state["done"] += 1
                return
            async with gate:
                if ctx.cancelled.is_set():
                    return
                result = await generate(
                    self.providers, settings, target, target.messages(prompt), options, ctx.cancelled
                )
            tally.done.append(result)
            status = "cancelled" if result.cancelled else ("error" if result.error else "ok")
            await items.record(
                ctx,
                self.db,
                m_index * per_model + step,
                target=model,
                key=f"iteration {iteration + 1}, prompt {p_index + 1}",
                status=status,
                input={"prompt": prompt, "iteration": iteration},
                output=result.text,
                error=result.error,
                details={"iteration": iteration, "prompt": p_index},
                **result.figures(),
            )
            async with reporting:  # counts and their events leave in the same order
                state["done"] += 1
                done = state["done"]
                await ctx.emit([progress(done, total, model)])

        await asyncio.gather(*(one(step, *entry) for step, entry in enumerate(plan)))
        return tally

    async def _details(self, models: list[str]) -> dict[str, dict[str, Any]]:
        """What each provider says about the models (family, size, quantization, context); best effort."""
        try:
            found, _ = await self.providers.models()
        except Exception:  # details are a nicety; a provider listing failure must not fail the benchmark
            return {}
        return {
            m.name: {
                "provider": m.provider,
                "family": m.family,
                "parameterSize": m.parameter_size,
                "quantization": m.quantization,
                "contextLength": m.context_length,
                "sizeBytes": m.size_bytes,
            }
            for m in found
            if m.name in models
        }
