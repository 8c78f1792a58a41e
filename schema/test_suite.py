"""Test suite types: suites, their cases and assertions, the inputs that write them, and TEST run comparisons.
No I/O beyond the request's dataloaders."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON

from schema.common import Node
from schema.conversation import MessageRole
from schema.evals import RunItemStatus
from schema.ids import to_global_id
from schema.info import Info
from schema.run import Run
from services.errors import NotFound

if TYPE_CHECKING:
    from schema.agent import Agent
    from services.db import models
    from services.evals import suite_runs


@strawberry.enum(description="What an assertion checks.")
class AssertionType(Enum):
    CONTAINS = strawberry.enum_value(
        "contains", description="The output contains `value` (`caseSensitive`, default false)."
    )
    NOT_CONTAINS = strawberry.enum_value(
        "not_contains", description="The output does not contain `value` (`caseSensitive`, default false)."
    )
    EQUALS = strawberry.enum_value(
        "equals", description="The output, trimmed, equals `value` trimmed (`caseSensitive`, default true)."
    )
    REGEX = strawberry.enum_value(
        "regex",
        description="`pattern` matches somewhere in the output (Python syntax; `(?i)` ignores case). Patterns are "
        "at most 500 characters and may not nest unbounded repeats like `(a+)+`.",
    )
    JSON_VALID = strawberry.enum_value(
        "json_valid", description="The output is one JSON value (a surrounding markdown code fence is allowed)."
    )
    JSON_SCHEMA = strawberry.enum_value(
        "json_schema",
        description="The output is JSON matching `schema` (type, enum, const, properties, required, "
        "additionalProperties, items, min/maxLength, minimum/maximum, exclusiveMinimum/Maximum, min/maxItems).",
    )
    MAX_LATENCY = strawberry.enum_value("max_latency", description="The generation took at most `maxMs` ms.")
    MAX_OUTPUT_TOKENS = strawberry.enum_value(
        "max_output_tokens", description="The output is at most `maxTokens` tokens."
    )
    TOOL_CALLED = strawberry.enum_value(
        "tool_called",
        description="The agent called the tool `name`; with `schema`, with arguments matching that JSON Schema.",
    )
    MAX_TOOL_ROUNDS = strawberry.enum_value(
        "max_tool_rounds", description="The agent answered within `maxRounds` rounds of tool calls."
    )
    RUBRIC = strawberry.enum_value(
        "rubric",
        description="A judge model (`judge`, else the run's judge) reads `rubric`, the input and the output and "
        "answers PASS or FAIL with a reason; output it cannot read fails the assertion.",
    )


@strawberry.enum(description="A test suite document format.")
class SuiteFormat(Enum):
    JSON = strawberry.enum_value("json", description="JSON.")
    YAML = strawberry.enum_value("yaml", description="YAML (anchors and aliases are not accepted).")


@strawberry.type(description="One turn of a case's conversation.")
class TestMessage:
    role: MessageRole = strawberry.field(description="Who says it (SYSTEM, USER or ASSISTANT).")
    content: str = strawberry.field(description="What is said.")


@strawberry.type(description="A check on a case's output. Only the fields its type uses are set.")
class TestAssertion:
    type: AssertionType = strawberry.field(description="What it checks.")
    value: str | None = strawberry.field(description="Text for CONTAINS, NOT_CONTAINS and EQUALS.")
    case_sensitive: bool | None = strawberry.field(description="Whether case matters, for the text checks.")
    pattern: str | None = strawberry.field(description="The regular expression, for REGEX.")
    schema: JSON | None = strawberry.field(description="The JSON schema, for JSON_SCHEMA and TOOL_CALLED.")
    max_ms: float | None = strawberry.field(description="The latency limit in ms, for MAX_LATENCY.")
    max_tokens: int | None = strawberry.field(description="The output token limit, for MAX_OUTPUT_TOKENS.")
    name: str | None = strawberry.field(description="The tool, for TOOL_CALLED.")
    max_rounds: int | None = strawberry.field(description="The limit of tool rounds, for MAX_TOOL_ROUNDS.")
    rubric: str | None = strawberry.field(description="What a good answer does, for RUBRIC.")
    judge: str | None = strawberry.field(description="The judge model for RUBRIC (null: the run's judge).")

    @classmethod
    def of(cls, d: dict[str, Any]) -> "TestAssertion":
        return cls(
            type=AssertionType(d["type"]),
            value=d.get("value"),
            case_sensitive=d.get("caseSensitive"),
            pattern=d.get("pattern"),
            schema=cast(JSON, d.get("schema")),
            max_ms=d.get("maxMs"),
            max_tokens=d.get("maxTokens"),
            name=d.get("name"),
            max_rounds=d.get("maxRounds"),
            rubric=d.get("rubric"),
            judge=d.get("judge"),
        )


@strawberry.type(description="One test case: an input (a prompt or messages), optionally an agent, and assertions.")
class TestCase:
    name: str = strawberry.field(description="Unique within the suite; results are lined up by it.")
    prompt: str | None = strawberry.field(description="A single user prompt (or `messages`).")
    messages: list[TestMessage] | None = strawberry.field(description="A conversation to continue (or `prompt`).")
    max_tokens: int | None = strawberry.field(description="Token budget for this case's output.")
    assertions: list[TestAssertion] = strawberry.field(description="All must hold for the case to pass.")
    _agent_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, d: dict[str, Any]) -> "TestCase":
        messages = d.get("messages")
        return cls(
            name=d.get("name") or "",
            prompt=d.get("prompt"),
            messages=[TestMessage(role=MessageRole(m["role"]), content=m["content"]) for m in messages]
            if messages is not None
            else None,
            max_tokens=d.get("maxTokens"),
            assertions=[TestAssertion.of(a) for a in d.get("assertions", [])],
            _agent_id=d.get("agentId"),
        )

    @strawberry.field(
        description="The agent whose system prompt and parameters the case uses with each target's model "
        "(null: the target's own; also null once the agent is deleted)."
    )
    async def agent(self, info: Info) -> Annotated["Agent", strawberry.lazy("schema.agent")] | None:
        from schema.agent import Agent

        if self._agent_id is None:
            return None
        try:
            return Agent.from_row(await info.context.loaders.agent_by_id.load(self._agent_id))
        except NotFound:
            return None


@strawberry.type(description="A named set of test cases, run against models or agents by `startTestRun`.")
class TestSuite(Node):
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(description="What the suite is for.")
    cases: list[TestCase] = strawberry.field(description="The cases, in order.")
    case_count: int = strawberry.field(description="How many cases there are.")
    created_at: datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_row(cls, row: "models.TestSuite") -> "TestSuite":
        return cls(
            id=strawberry.ID(to_global_id("TestSuite", row.id)),
            name=row.name,
            description=row.description,
            cases=[TestCase.of(c) for c in row.cases],
            case_count=len(row.cases),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


# ------------------------------------------------------------------------------------------ inputs


@strawberry.input(description="One turn of a case's conversation.")
class TestMessageInput:
    role: MessageRole = strawberry.field(description="SYSTEM, USER or ASSISTANT.")
    content: str = strawberry.field(description="What is said.")


@strawberry.input(description="A check on the output. Give `type` and the fields that type uses (see AssertionType).")
class TestAssertionInput:
    type: AssertionType = strawberry.field(description="What it checks.")
    value: str | None = strawberry.field(default=None, description="For CONTAINS, NOT_CONTAINS, EQUALS.")
    case_sensitive: bool | None = strawberry.field(default=None, description="For the text checks.")
    pattern: str | None = strawberry.field(default=None, description="For REGEX.")
    schema: JSON | None = strawberry.field(default=None, description="For JSON_SCHEMA and TOOL_CALLED.")
    max_ms: float | None = strawberry.field(default=None, description="For MAX_LATENCY.")
    max_tokens: int | None = strawberry.field(default=None, description="For MAX_OUTPUT_TOKENS.")
    name: str | None = strawberry.field(default=None, description="For TOOL_CALLED: the tool.")
    max_rounds: int | None = strawberry.field(default=None, description="For MAX_TOOL_ROUNDS.")
    rubric: str | None = strawberry.field(default=None, description="For RUBRIC.")
    judge: str | None = strawberry.field(default=None, description="For RUBRIC: 'provider:model' of the judge.")


@strawberry.input(description="A test case. Give `prompt` or `messages`.")
class TestCaseInput:
    name: str | None = strawberry.field(default=None, description="Unique in the suite; default 'case <n>'.")
    prompt: str | None = strawberry.field(default=None, description="A single user prompt.")
    messages: list[TestMessageInput] | None = strawberry.field(default=None, description="A conversation.")
    agent_id: strawberry.ID | None = strawberry.field(
        default=None, description="Use this agent's system prompt and parameters with each target's model."
    )
    max_tokens: int | None = strawberry.field(default=None, description="Token budget for this case's output.")
    assertions: list[TestAssertionInput] = strawberry.field(
        default_factory=list, description="Checks that must all hold (none: the case passes when it generates)."
    )


@strawberry.input(description="A new test suite.")
class CreateTestSuiteInput:
    name: str = strawberry.field(description="Display name.")
    description: str = strawberry.field(default="", description="What the suite is for.")
    cases: list[TestCaseInput] = strawberry.field(default_factory=list, description="The cases, in order.")


@strawberry.input(description="Changes to a test suite; omitted fields stay. `cases` replaces all cases.")
class UpdateTestSuiteInput:
    name: str | None = strawberry.field(default=None, description="New name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    cases: list[TestCaseInput] | None = strawberry.field(default=None, description="The new list of cases.")


@strawberry.input(description="Narrows a test suite list.")
class TestSuiteFilter:
    search: str | None = strawberry.field(default=None, description="Case-insensitive substring of the name.")


@strawberry.input(description="What answers the cases: give `model` or `agentId`.")
class TestTargetInput:
    model: str | None = strawberry.field(default=None, description="'provider:model'.")
    agent_id: strawberry.ID | None = strawberry.field(
        default=None, description="An agent: its model, system prompt and parameters."
    )


@strawberry.input(description="Run a suite: every case against every target, `repeats` times.")
class StartTestRunInput:
    suite_id: strawberry.ID = strawberry.field(description="The suite.")
    targets: list[TestTargetInput] = strawberry.field(description="1 to 10 models or agents.")
    repeats: int = strawberry.field(default=1, description="Times each case runs per target (1-20).")
    priority: int = strawberry.field(default=5, description="Queue priority, 1 (highest) to 10.")
    max_tokens: int | None = strawberry.field(
        default=None, description="Token budget per output, unless the case sets its own."
    )
    judge: str | None = strawberry.field(
        default=None, description="Judge model for RUBRIC assertions without their own (default: `models.chat`)."
    )


# ------------------------------------------------------------------------------------ comparison


@strawberry.type(description="A target's pass rate in one of the compared runs.")
class TestTargetRunPassRate:
    run_id: strawberry.ID = strawberry.field(description="The run.")
    passed: int | None = strawberry.field(description="Case runs that passed (null: the run had no such target).")
    total: int | None = strawberry.field(description="Case runs finished.")
    pass_rate: float | None = strawberry.field(description="passed / total, 0 to 1.")


@strawberry.type(description="One target across the compared runs.")
class TestTargetComparison:
    target: str = strawberry.field(description="'provider:model' or 'agent:<id>'.")
    runs: list[TestTargetRunPassRate] = strawberry.field(description="Its pass rate per run, in the runs' order.")


@strawberry.type(description="How one case went for one target in one run (over its repeats).")
class TestCaseRunResult:
    run_id: strawberry.ID = strawberry.field(description="The run.")
    target: str = strawberry.field(description="'provider:model' or 'agent:<id>'.")
    passed: bool = strawberry.field(description="Every repeat passed.")
    passes: int = strawberry.field(description="Repeats that passed.")
    total: int = strawberry.field(description="Repeats finished.")
    status: RunItemStatus = strawberry.field(description="How the first repeat ended.")
    output: str | None = strawberry.field(description="The first 200 characters of the first repeat's output.")
    reasons: list[str] = strawberry.field(description="Why assertions failed or generation erred, each once.")


@strawberry.type(description="One case across the compared runs and targets.")
class TestCaseComparison:
    case: str = strawberry.field(description="The case name.")
    results: list[TestCaseRunResult] = strawberry.field(description="Per run (in order), per target.")


@strawberry.type(description="TEST runs side by side: pass rates per target, and every case per run and target.")
class TestComparison:
    runs: list[Run] = strawberry.field(description="The runs, in the order asked.")
    targets: list[TestTargetComparison] = strawberry.field(description="Every target any run tested.")
    cases: list[TestCaseComparison] = strawberry.field(description="Every case any run ran.")

    @classmethod
    def of(cls, c: "suite_runs.Comparison") -> "TestComparison":
        def rid(ident: str) -> strawberry.ID:
            return strawberry.ID(to_global_id("Run", ident))

        return cls(
            runs=[Run.from_row(r) for r in c.runs],
            targets=[
                TestTargetComparison(
                    target=target,
                    runs=[
                        TestTargetRunPassRate(
                            run_id=rid(r.run_id), passed=r.passed, total=r.total, pass_rate=r.pass_rate
                        )
                        for r in rates
                    ],
                )
                for target, rates in c.targets
            ],
            cases=[
                TestCaseComparison(
                    case=key,
                    results=[
                        TestCaseRunResult(
                            run_id=rid(r.run_id),
                            target=r.target,
                            passed=r.passed,
                            passes=r.passes,
                            total=r.total,
                            status=RunItemStatus(r.status),
                            output=r.output,
                            reasons=r.reasons,
                        )
                        for r in results
                    ],
                )
                for key, results in c.cases
            ],
        )
