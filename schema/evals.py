"""Types of evaluation runs: run items and the kind-specific summaries of TEST, BENCHMARK and GENERATION runs.

The summaries are read from the run's stored `result`; each handler writes the shape its type reads.
"""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

if TYPE_CHECKING:
    from services.db import models


@strawberry.enum(description="How one unit of a batch run ended.")
class RunItemStatus(Enum):
    PASSED = strawberry.enum_value("passed", description="A test case whose assertions all held.")
    FAILED = strawberry.enum_value("failed", description="A test case with at least one failed assertion.")
    OK = strawberry.enum_value("ok", description="A benchmark iteration or generated item that completed.")
    ERROR = strawberry.enum_value("error", description="The provider failed; see `error`.")
    CANCELLED = strawberry.enum_value("cancelled", description="Stopped by a cancel; partial output kept.")


@strawberry.type(description="One unit of a batch run, stored as it finishes: a test case, an iteration, an item.")
class RunItem:
    index: int = strawberry.field(description="Position in the run's plan, from 0.")
    target: str | None = strawberry.field(description="What answered: 'provider:model' or 'agent:<id>'.")
    key: str | None = strawberry.field(description="The case name, prompt or item this is about.")
    status: RunItemStatus = strawberry.field(description="How it ended.")
    input: JSON | None = strawberry.field(description="What was sent (prompt, messages or the template's item).")
    output: str | None = strawberry.field(description="The generated text.")
    details: JSON = strawberry.field(description="Kind-specific details, e.g. each assertion's result and reason.")
    error: str | None = strawberry.field(description="Why it failed.")
    latency_ms: float | None = strawberry.field(description="From request to last token, in ms.")
    time_to_first_token_ms: float | None = strawberry.field(description="From request to first token, in ms.")
    tokens_per_second: float | None = strawberry.field(description="Generation speed after the first token.")
    prompt_tokens: int | None = strawberry.field(description="Tokens in the prompt.")
    completion_tokens: int | None = strawberry.field(description="Tokens generated.")
    created_at: datetime = strawberry.field(description="When it finished (UTC).")

    @classmethod
    def from_row(cls, row: "models.RunItem") -> "RunItem":
        return cls(
            index=row.idx,
            target=row.target,
            key=row.key,
            status=RunItemStatus(row.status),
            input=cast(JSON, row.input),
            output=row.output,
            details=cast(JSON, row.details or {}),
            error=row.error,
            latency_ms=row.latency_ms,
            time_to_first_token_ms=row.ttft_ms,
            tokens_per_second=row.tokens_per_second,
            prompt_tokens=row.prompt_tokens,
            completion_tokens=row.completion_tokens,
            created_at=row.created_at,
        )

    @classmethod
    def from_event(cls, d: dict[str, Any]) -> "RunItem":
        return cls(
            index=d["index"],
            target=d.get("target"),
            key=d.get("key"),
            status=RunItemStatus(d["status"]),
            input=cast(JSON, d.get("input")),
            output=d.get("output"),
            details=cast(JSON, d.get("details") or {}),
            error=d.get("error"),
            latency_ms=d.get("latencyMs"),
            time_to_first_token_ms=d.get("ttftMs"),
            tokens_per_second=d.get("tokensPerSecond"),
            prompt_tokens=d.get("promptTokens"),
            completion_tokens=d.get("completionTokens"),
            created_at=datetime.fromisoformat(d["createdAt"]),
        )


@strawberry.type(description="The median and 95th percentile of a measurement.")
class Percentiles:
    p50: float | None = strawberry.field(description="Median.")
    p95: float | None = strawberry.field(description="95th percentile.")

    @classmethod
    def of(cls, value: Any) -> "Percentiles":
        value = value or {}
        return cls(p50=value.get("p50"), p95=value.get("p95"))


@strawberry.type(description="One model's figures in a benchmark.")
class BenchmarkModelResult:
    model: str = strawberry.field(description="'provider:model'.")
    iterations: int = strawberry.field(description="Measured iterations (warm-up excluded).")
    errors: int = strawberry.field(description="Iterations that failed.")
    time_to_first_token_ms: Percentiles = strawberry.field(description="Time to first token, ms.")
    tokens_per_second: Percentiles = strawberry.field(description="Output tokens per second after the first.")
    latency_ms: Percentiles = strawberry.field(description="Total latency per request, ms.")
    output_tokens: Percentiles = strawberry.field(description="Tokens generated per request.")
    details: JSON | None = strawberry.field(description="What the provider says about the model.")


@strawberry.type(description="What a BENCHMARK run measured, per model, and where.")
class BenchmarkResult:
    models: list[BenchmarkModelResult] = strawberry.field(description="Figures per model.")
    prompts: int = strawberry.field(description="Prompts per iteration.")
    iterations: int = strawberry.field(description="Iterations per model.")
    concurrency: int = strawberry.field(description="Requests in flight at once.")
    warmup: int = strawberry.field(description="Unmeasured requests per model before measuring.")
    max_tokens: int = strawberry.field(description="Token budget per request.")
    hardware: JSON = strawberry.field(description="The machine it ran on (the `hardware` query's snapshot).")

    @classmethod
    def from_result(cls, r: dict[str, Any]) -> "BenchmarkResult":
        return cls(
            models=[
                BenchmarkModelResult(
                    model=m["model"],
                    iterations=m["iterations"],
                    errors=m["errors"],
                    time_to_first_token_ms=Percentiles.of(m.get("ttftMs")),
                    tokens_per_second=Percentiles.of(m.get("tokensPerSecond")),
                    latency_ms=Percentiles.of(m.get("latencyMs")),
                    output_tokens=Percentiles.of(m.get("outputTokens")),
                    details=cast(JSON, m.get("details")),
                )
                for m in r.get("models", [])
            ],
            prompts=r.get("prompts", 0),
            iterations=r.get("iterations", 0),
            concurrency=r.get("concurrency", 1),
            warmup=r.get("warmup", 0),
            max_tokens=r.get("maxTokens", 0),
            hardware=cast(JSON, r.get("hardware") or {}),
        )


@strawberry.type(description="What a GENERATION run produced.")
class GenerationResult:
    target: str = strawberry.field(description="What generated: 'provider:model' or 'agent:<id>'.")
    items: int = strawberry.field(description="Items in the batch.")
    succeeded: int = strawberry.field(description="Items generated.")
    failed: int = strawberry.field(description="Items whose generation failed.")
    outputs: list[str | None] = strawberry.field(description="The outputs in item order (null where it failed).")
    template_id: strawberry.ID | None = strawberry.field(
        description="The saved GenerationTemplate it started from (null: an inline template)."
    )
    template_name: str | None = strawberry.field(description="That template's name when the run started.")
    template: str | None = strawberry.field(description="The template body the run rendered, as it was at the start.")

    @classmethod
    def from_result(cls, r: dict[str, Any]) -> "GenerationResult":
        return cls(
            target=r.get("target", ""),
            items=r.get("items", 0),
            succeeded=r.get("succeeded", 0),
            failed=r.get("failed", 0),
            outputs=list(r.get("outputs", [])),
            template_id=r.get("templateId"),
            template_name=r.get("templateName"),
            template=r.get("template"),
        )


@strawberry.type(description="One target's pass rate in a test run.")
class TargetPassRate:
    target: str = strawberry.field(description="'provider:model' or 'agent:<id>'.")
    passed: int = strawberry.field(description="Case runs whose assertions all held.")
    total: int = strawberry.field(description="Case runs (cases x repeats).")
    pass_rate: float = strawberry.field(description="passed / total, 0 to 1.")


@strawberry.type(description="What a TEST run found: the pass rate of each target.")
class TestRunResult:
    suite_id: strawberry.ID | None = strawberry.field(description="The suite that was run.")
    cases: int = strawberry.field(description="Cases in the suite.")
    repeats: int = strawberry.field(description="Times each case ran against each target.")
    targets: list[TargetPassRate] = strawberry.field(description="Pass rate per target.")

    @classmethod
    def from_result(cls, r: dict[str, Any]) -> "TestRunResult":
        suite = r.get("suiteId")
        return cls(
            suite_id=strawberry.ID(suite) if suite else None,
            cases=r.get("cases", 0),
            repeats=r.get("repeats", 1),
            targets=[
                TargetPassRate(target=t["target"], passed=t["passed"], total=t["total"], pass_rate=t["passRate"])
                for t in r.get("targets", [])
            ],
        )


RunReport = Annotated[
    BenchmarkResult | GenerationResult | TestRunResult,
    strawberry.union("RunReport", description="A batch run's typed result, by kind."),
]

REPORTS: dict[str, Any] = {
    "benchmark": BenchmarkResult,
    "generation": GenerationResult,
    "test": TestRunResult,
}


def report(kind: str, result: dict[str, Any] | None) -> Any:
    """The typed result of a finished (or partly finished) batch run; None for other kinds or no result."""
    if kind not in REPORTS or not result:
        return None
    return REPORTS[kind].from_result(result)


@strawberry.enum(description="A download format for a run's items.")
class ExportFormat(Enum):
    CSV = strawberry.enum_value("csv", description="One row per item, a header row first.")
    JSON = strawberry.enum_value("json", description="The run, its result and every item.")


@strawberry.type(description="One model in one BENCHMARK run, for side-by-side comparison.")
class BenchmarkComparisonRow:
    run_id: strawberry.ID = strawberry.field(description="The run.")
    created_at: datetime = strawberry.field(description="When the run was queued (UTC).")
    status: str = strawberry.field(description="The run's status (a cancelled run compares what it measured).")
    machine: str | None = strawberry.field(description="CPU model and cores of the machine it ran on.")
    result: BenchmarkModelResult = strawberry.field(description="The model's figures in that run.")
