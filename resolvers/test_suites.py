"""Test suite queries and mutations: suites (CRUD, import/export), startTestRun and compareTestRuns."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Annotated, Any

import strawberry

from resolvers.agents import DeleteResult
from resolvers.errors import returns_errors
from resolvers.permissions import Authenticated
from schema.common import After, Before, Connection, First, Last, ObjectID, value_of
from schema.errors import Deleted, ImportError, NotFoundError, ValidationError
from schema.ids import decode_id, to_global_id
from schema.info import Info
from schema.run import Run
from schema.test_suite import (
    CreateTestSuiteInput,
    StartTestRunInput,
    SuiteFormat,
    TestCaseInput,
    TestComparison,
    TestSuite,
    TestSuiteFilter,
    UpdateTestSuiteInput,
)
from services.evals import suite_runs, suites

TestSuiteResult = Annotated[
    TestSuite | ValidationError | NotFoundError,
    strawberry.union("TestSuiteResult", description="The test suite, or why the change was refused."),
]
ImportTestSuiteResult = Annotated[
    TestSuite | ImportError,
    strawberry.union("ImportTestSuiteResult", description="The imported suite, or what is wrong with the document."),
]
StartTestRunResult = Annotated[
    Run | ValidationError | NotFoundError,
    strawberry.union("StartTestRunResult", description="The queued TEST run, or why none was started."),
]


def _fields(value: Any) -> Any:
    """An input object as the services' suite models take it: field names as they are, enums as values,
    omitted fields left out. The document format (camelCase, validation, paths) is the service's business."""
    if isinstance(value, list):
        return [_fields(item) for item in value]
    if isinstance(value, Enum):
        return value_of(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _fields(v) for k, v in vars(value).items() if v is not None}
    return value


def _cases(cases: list[TestCaseInput]) -> list[dict[str, Any]]:
    """Input cases, agent IDs decoded (a bad one is reported at its path)."""
    out = _fields(cases)
    for index, case in enumerate(cases):
        if case.agent_id:
            out[index]["agent_id"] = decode_id(case.agent_id, "Agent", f"cases.{index}.agentId")
    return list(out)


def _encode_agent(raw: str, field: str) -> str:
    return to_global_id("Agent", raw)


def _decode_agent(value: str, field: str) -> str:
    return decode_id(value, "Agent", field)


@strawberry.type
class TestSuiteQueries:
    @strawberry.field(description="One of your test suites by ID.", permission_classes=[Authenticated])
    async def test_suite(self, info: Info, id: ObjectID) -> TestSuite:
        ctx = info.context
        async with ctx.read() as session:
            return TestSuite.from_row(await suites.get(session, ctx.user, decode_id(id, "TestSuite")))

    @strawberry.field(description="Your test suites, oldest first.", permission_classes=[Authenticated])
    async def test_suites(
        self,
        info: Info,
        filter: Annotated[TestSuiteFilter | None, strawberry.argument(description="Conditions to meet.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[TestSuite]:
        ctx = info.context
        args = ctx.page_args(first=first, after=after, last=last, before=before)
        async with ctx.read() as session:
            page = await suites.list_page(session, ctx.user, filter.search if filter else None, args)
        return ctx.connection(page, TestSuite.from_row)

    @strawberry.field(
        description="A suite as a JSON or YAML document (`{format: switchboard.test-suite, version: 1, suite}`), "
        "for `importTestSuite`.",
        permission_classes=[Authenticated],
    )
    async def test_suite_export(
        self,
        info: Info,
        id: ObjectID,
        format: Annotated[SuiteFormat, strawberry.argument(description="JSON or YAML.")] = SuiteFormat.JSON,
    ) -> str:
        ctx = info.context
        async with ctx.read() as session:
            return await suites.export_document(
                session, ctx.user, decode_id(id, "TestSuite"), value_of(format), _encode_agent
            )

    @strawberry.field(
        description="TEST runs side by side: each target's pass rate per run, and each case per run and target "
        "(pass/fail, an output snippet, the failure reasons).",
        permission_classes=[Authenticated],
    )
    async def compare_test_runs(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="1 to 10 TEST run IDs, in display order.")],
    ) -> TestComparison:
        ctx = info.context
        run_ids = [decode_id(i, "Run", "ids") for i in ids]
        async with ctx.read() as session:
            return TestComparison.of(await suite_runs.compare(session, ctx.user, run_ids))


@strawberry.type
class TestSuiteMutations:
    @strawberry.mutation(description="Create a test suite.", permission_classes=[Authenticated])
    @returns_errors
    async def create_test_suite(
        self, info: Info, input: Annotated[CreateTestSuiteInput, strawberry.argument(description="It.")]
    ) -> TestSuiteResult:
        ctx = info.context
        cases = _cases(input.cases)
        async with ctx.transaction() as session:
            row = await suites.create(session, ctx.user, name=input.name, description=input.description, cases=cases)
        return TestSuite.from_row(row)

    @strawberry.mutation(
        description="Change a suite's name, description or cases (`cases` replaces them all).",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def update_test_suite(
        self,
        info: Info,
        id: ObjectID,
        input: Annotated[UpdateTestSuiteInput, strawberry.argument(description="The changes.")],
    ) -> TestSuiteResult:
        ctx = info.context
        cases = _cases(input.cases) if input.cases is not None else None
        async with ctx.transaction() as session:
            row = await suites.update(
                session,
                ctx.user,
                decode_id(id, "TestSuite"),
                name=input.name,
                description=input.description,
                cases=cases,
            )
        return TestSuite.from_row(row)

    @strawberry.mutation(
        description="Delete a suite. Its runs stay (each keeps the cases it ran).", permission_classes=[Authenticated]
    )
    @returns_errors
    async def delete_test_suite(self, info: Info, id: ObjectID) -> DeleteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            await suites.delete(session, ctx.user, decode_id(id, "TestSuite"))
        return Deleted(id=id)

    @strawberry.mutation(
        description="Create a suite from a `testSuiteExport` document (new ID); all or nothing.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def import_test_suite(
        self,
        info: Info,
        document: Annotated[str, strawberry.argument(description="The JSON or YAML document.")],
        format: Annotated[SuiteFormat, strawberry.argument(description="Its format.")] = SuiteFormat.JSON,
    ) -> ImportTestSuiteResult:
        ctx = info.context
        async with ctx.transaction() as session:
            row = await suites.import_document(
                session, ctx.user, document, value_of(format), ctx.settings, _decode_agent
            )
        return TestSuite.from_row(row)

    @strawberry.mutation(
        description="Queue a TEST run: every case against every target, `repeats` times. Follow it with "
        "`runEvents` (RunItemFinished per case, RunProgress); `Run.report` has the pass rate per target.",
        permission_classes=[Authenticated],
    )
    @returns_errors
    async def start_test_run(
        self, info: Info, input: Annotated[StartTestRunInput, strawberry.argument(description="The run.")]
    ) -> StartTestRunResult:
        ctx = info.context
        suite_id = decode_id(input.suite_id, "TestSuite", "suiteId")
        targets = [
            suite_runs.TargetSpec(
                model=t.model, agent_id=decode_id(t.agent_id, "Agent", f"targets.{i}.agentId") if t.agent_id else None
            )
            for i, t in enumerate(input.targets)
        ]
        async with ctx.transaction() as session:
            run = await suite_runs.start(
                session,
                ctx.user,
                ctx.settings,
                suite_id=suite_id,
                suite_ref=to_global_id("TestSuite", suite_id),
                targets=targets,
                repeats=input.repeats,
                priority=input.priority,
                max_tokens=input.max_tokens,
                judge_model=input.judge,
            )
        return Run.from_row(run)
