"""startBenchmark and startGeneration (TEST runs live in resolvers/test_suites.py)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.errors import NotFoundError, ValidationError
from schema.evals import BenchmarkComparisonRow, BenchmarkResult
from schema.ids import decode_id, to_global_id
from schema.info import Info
from schema.run import Run
from services.evals import benchmark_runs, generation_runs

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


@strawberry.input(
    description="A batch: one template rendered per item and generated, in item order. Give `template` or "
    "`templateId` (exactly one)."
)
class GenerationInput:
    template: str | None = strawberry.field(
        default=None,
        description="A Jinja2 template (sandboxed). An object item's keys are variables; `item` and `index` too.",
    )
    template_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="A saved GenerationTemplate: its required variables must be in every item, optional ones take "
        "their defaults, and its model is used when neither `model` nor `agentId` is given.",
    )
    items: list[JSON] = strawberry.field(description="The items (JSON values, usually objects), at most 1000.")
    model: str | None = strawberry.field(default=None, description="Generate with this model, or ...")
    agent_id: strawberry.ID | None = strawberry.field(default=None, description="... with this agent.")
    max_tokens: int | None = strawberry.field(default=None, description="Token budget per item.")
    temperature: float | None = strawberry.field(default=None, description="Sampling temperature.")
    priority: int = strawberry.field(default=5, description="1 (highest) to 10.")


@strawberry.type
class EvalComparisons:
    @strawberry.field(
        description="BENCHMARK runs side by side: one row per (run, model), in the order of `ids`, then the models' "
        "order in each run. Optionally only some models.",
        permission_classes=[Authenticated],
    )
    async def compare_benchmarks(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="BENCHMARK run IDs (at most 20).")],
        models: Annotated[list[str] | None, strawberry.argument(description="Only these models.")] = None,
    ) -> list[BenchmarkComparisonRow]:
        ctx = info.context
        run_ids = [decode_id(global_id, "Run", "ids") for global_id in ids]
        async with ctx.read() as session:
            compared = await benchmark_runs.compare(session, ctx.user, run_ids, models)
        return [
            BenchmarkComparisonRow(
                run_id=strawberry.ID(to_global_id("Run", row.run.id)),
                created_at=row.run.created_at,
                status=row.run.status.upper(),
                machine=row.machine,
                result=BenchmarkResult.from_result({"models": [row.figures]}).models[0],
            )
            for row in compared
        ]


@strawberry.type
class EvalQueries(EvalComparisons):
    @strawberry.field(
        description="The built-in benchmark prompt sets and their prompts.", permission_classes=[Authenticated]
    )
    def benchmark_prompt_sets(self, info: Info) -> JSON:
        return benchmark_runs.PROMPT_SETS  # type: ignore[return-value]


@strawberry.type
class EvalMutations:
    @strawberry.mutation(
        description="Measure models (a BENCHMARK run): time to first token, tokens/s and latency p50/p95, errors, "
        "with the hardware and model details. Progress and each measured request stream on `runEvents`.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def start_benchmark(
        self, info: Info, input: Annotated[BenchmarkInput, strawberry.argument(description="The plan.")]
    ) -> StartRunResult:
        ctx = info.context
        values: dict[str, Any] = {k: v for k, v in vars(input).items() if k != "priority" and v is not None}
        async with ctx.transaction() as session:
            run = await benchmark_runs.start(session, ctx.user, values, priority=input.priority)
        return Run.from_row(run)

    @strawberry.mutation(
        description="Generate one output per item (a GENERATION run) from an inline template or a saved one. "
        "Every item is rendered first: a missing variable is a ValidationError naming the item, and nothing starts.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def start_generation(
        self, info: Info, input: Annotated[GenerationInput, strawberry.argument(description="The batch.")]
    ) -> StartRunResult:
        ctx = info.context
        template_id = decode_id(input.template_id, "GenerationTemplate", "templateId") if input.template_id else None
        async with ctx.transaction() as session:
            run = await generation_runs.start(
                session,
                ctx.user,
                template=input.template,
                template_id=template_id,
                template_ref=to_global_id("GenerationTemplate", template_id) if template_id else None,
                items_=list(input.items),
                model=input.model,
                agent_id=decode_id(input.agent_id, "Agent", "agentId") if input.agent_id else None,
                max_tokens=input.max_tokens,
                temperature=input.temperature,
                priority=input.priority,
            )
        return Run.from_row(run)
