"""startBenchmark and startGeneration (TEST runs live in resolvers/test_suites.py)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.errors import returns_errors
from schema.errors import NotFoundError, ValidationError
from schema.evals import BenchmarkComparisonRow, BenchmarkResult
from schema.ids import decode_id
from schema.run import Run
from services.errors import ValidationFailed
from services.evals import benchmark_runs, generation_runs
from services.runs import lifecycle as runs

StartRunResult = Annotated[
    Run | ValidationError | NotFoundError,
    strawberry.union("StartRunResult", description="The queued run, or why nothing was started."),
]


@strawberry.input(description="What to benchmark. Give `prompts` or a built-in `promptSet` (default: general).")
class BenchmarkInput:
    models: list[str] = strawberry.field(description="Models to measure, 'provider:model' (1-10).")
    prompts: list[str] | None = strawberry.field(default=None, description="Your prompts (1-50).")
    prompt_set: str | None = strawberry.field(default=None, description="A built-in set: general, coding, short.")
    iterations: int = strawberry.field(default=3, description="Rounds over the prompts per model (1-200).")
    concurrency: int = strawberry.field(default=1, description="Requests in flight at once (1-16).")
    max_tokens: int = strawberry.field(default=64, description="Token budget per request (1-4096).")
    warmup: int = strawberry.field(default=1, description="Unmeasured requests per model first (0-10).")
    temperature: float | None = strawberry.field(default=0.0, description="Sampling temperature.")
    priority: int = strawberry.field(default=5, description="1 (highest) to 10.")


@strawberry.input(description="A batch: one template rendered per item and generated, in item order.")
class GenerationInput:
    template: str = strawberry.field(
        description="A Jinja2 template (sandboxed). An object item's keys are variables; `item` and `index` too."
    )
    items: list[JSON] = strawberry.field(description="The items (JSON values, usually objects), at most 1000.")
    model: str | None = strawberry.field(default=None, description="Generate with this model, or ...")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="... with this agent.")
    max_tokens: int | None = strawberry.field(default=None, description="Token budget per item.")
    temperature: float | None = strawberry.field(default=None, description="Sampling temperature.")
    priority: int = strawberry.field(default=5, description="1 (highest) to 10.")


def _machine(hardware: dict[str, Any]) -> str | None:
    cpu, cores = hardware.get("cpu_model"), hardware.get("logical_cores")
    return f"{cpu}, {cores} cores" if cpu or cores else None


@strawberry.type
class EvalComparisons:
    @strawberry.field(
        description="BENCHMARK runs side by side: one row per (run, model), in the order of `ids`, then the models' "
        "order in each run. Optionally only some models."
    )
    async def compare_benchmarks(
        self,
        info: strawberry.Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="BENCHMARK run IDs (at most 20).")],
        models: Annotated[list[str] | None, strawberry.argument(description="Only these models.")] = None,
    ) -> list[BenchmarkComparisonRow]:
        ctx = info.context
        if not 1 <= len(ids) <= 20:
            raise ValidationFailed("give between 1 and 20 run ids", "ids")
        rows: list[BenchmarkComparisonRow] = []
        async with ctx.read() as session:
            for global_id in ids:
                run = await runs.get(session, ctx.user, decode_id(global_id, "Run", "ids"))
                if run.kind != "benchmark":
                    raise ValidationFailed(f"run {global_id} is a {run.kind.upper()} run, not a BENCHMARK", "ids")
                report = BenchmarkResult.from_result(run.result or {})
                for model in report.models:
                    if models is None or model.model in models:
                        rows.append(
                            BenchmarkComparisonRow(
                                run_id=global_id,
                                created_at=run.created_at,
                                status=run.status.upper(),
                                machine=_machine(dict(report.hardware)),  # type: ignore[call-overload]
                                result=model,
                            )
                        )
        return rows


@strawberry.type
class EvalQueries(EvalComparisons):
    @strawberry.field(description="The built-in benchmark prompt sets and their prompts.")
    def benchmark_prompt_sets(self, info: strawberry.Info) -> JSON:
        info.context.user  # noqa: B018
        return benchmark_runs.PROMPT_SETS  # type: ignore[return-value]


@strawberry.type
class EvalMutations:
    @strawberry.mutation(
        description="Measure models (a BENCHMARK run): time to first token, tokens/s and latency p50/p95, errors, "
        "with the hardware and model details. Progress and each measured request stream on `runEvents`."
    )
    @returns_errors
    async def start_benchmark(
        self, info: strawberry.Info, input: Annotated[BenchmarkInput, strawberry.argument(description="The plan.")]
    ) -> StartRunResult:
        ctx = info.context
        values: dict[str, Any] = {k: v for k, v in vars(input).items() if k != "priority" and v is not None}
        async with ctx.transaction() as session:
            run = await benchmark_runs.start(session, ctx.user, values, priority=input.priority)
        return Run.from_row(run)

    @strawberry.mutation(
        description="Generate one output per item (a GENERATION run). Every item is rendered first: a missing "
        "variable is a ValidationError naming the item, and nothing starts."
    )
    @returns_errors
    async def start_generation(
        self, info: strawberry.Info, input: Annotated[GenerationInput, strawberry.argument(description="The batch.")]
    ) -> StartRunResult:
        ctx = info.context
        async with ctx.transaction() as session:
            run = await generation_runs.start(
                session,
                ctx.user,
                template=input.template,
                items_=list(input.items),
                model=input.model,
                agent_id=decode_id(input.agent_id, "Agent", "agentId") if input.agent_id else None,
                max_tokens=input.max_tokens,
                temperature=input.temperature,
                priority=input.priority,
            )
        return Run.from_row(run)
