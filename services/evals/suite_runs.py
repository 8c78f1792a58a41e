"""TEST runs: every case of a suite against every target, `repeats` times, with each result stored as a run
item (output, each assertion's verdict and reason, latency, tokens) and announced as it finishes.

The run carries a copy of the cases and of each target (model, system prompt, parameters) taken when it
was started, so editing or deleting the suite or an agent later never changes what a run measured. A case
that names an agent takes that agent's system prompt and parameters; the model is always the target's.
The run waits in its first target's provider queue (by priority) and holds a slot there while it
executes. Generation failures are recorded per case (status `error`) and do not stop the run; a cancel
stops it after the case in flight, whose partial output is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.auth import Actor
from services.db.models import Agent, Run, RunItem
from services.errors import NotFound, ValidationFailed
from services.evals import assertions, judge, suites
from services.evals.model_call import Generated, Target, ToolRunner, auto_tools, generate, resolve_target
from services.knowledge.index import Knowledge
from services.ownership import get_owned_many
from services.providers import Providers
from services.providers.base import ChatMessage, ToolCall, split_model_name
from services.runs import queue
from services.runs.event_kinds import progress
from services.runs.items import finished, record
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings
from services.tools import catalog
from services.tools.catalog import ToolEnv
from services.tools.execute import run_calls
from services.validation import model_name

MAX_TARGETS = 10
MAX_REPEATS = 20
MAX_UNITS = 2_000
MAX_COMPARED = 10
SNIPPET_CHARS = 200


@dataclass(frozen=True)
class TargetSpec:
    model: str | None = None
    agent_id: str | None = None


def _target_dict(target: Target) -> dict[str, Any]:
    return {
        "label": target.label,
        "model": target.model,
        "systemPrompt": target.system_prompt,
        "parameters": dict(target.parameters),
        "agentId": target.agent_id,
        "tools": list(target.tools),
        "toolChoice": target.tool_choice,
    }


def _target(data: dict[str, Any]) -> Target:
    return Target(
        label=data["label"],
        model=data["model"],
        system_prompt=data.get("systemPrompt") or "",
        parameters=tuple(sorted((data.get("parameters") or {}).items())),
        agent_id=data.get("agentId"),
        tools=tuple(data.get("tools") or ()),
        tool_choice=data.get("toolChoice") or "auto",
    )


async def start(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    *,
    suite_id: str,
    suite_ref: str,
    targets: Sequence[TargetSpec],
    repeats: int = 1,
    priority: int = 5,
    max_tokens: int | None = None,
    judge_model: str | None = None,
) -> Run:
    """Queue a TEST run (`suite_ref` is the suite's ID as clients know it, kept in the result)."""
    suite = await suites.get(session, actor, suite_id)
    cases = suites.load_cases(suite.cases)
    if not cases:
        raise ValidationFailed("the suite has no cases", "suiteId")
    if not 1 <= len(targets) <= MAX_TARGETS:
        raise ValidationFailed(f"give between 1 and {MAX_TARGETS} targets", "targets")
    if not 1 <= repeats <= MAX_REPEATS:
        raise ValidationFailed(f"repeats must be between 1 and {MAX_REPEATS}", "repeats")
    if len(cases) * len(targets) * repeats > MAX_UNITS:
        raise ValidationFailed(f"cases x targets x repeats must be at most {MAX_UNITS}", "repeats")
    if max_tokens is not None and not 1 <= max_tokens <= 131_072:
        raise ValidationFailed("maxTokens must be between 1 and 131072", "maxTokens")
    resolved: list[Target] = []
    for index, spec in enumerate(targets):
        target = await resolve_target(
            session, actor.id, model=spec.model, agent_id=spec.agent_id, field=f"targets.{index}"
        )
        if any(t.label == target.label for t in resolved):
            raise ValidationFailed(f"targets.{index}: {target.label} is listed twice", f"targets.{index}")
        resolved.append(target)
    agent_ids = [c.agent_id for c in cases if c.agent_id]
    agents = await get_owned_many(session, Agent, actor, agent_ids)
    for index, case in enumerate(cases):
        if case.agent_id and case.agent_id not in agents:
            raise ValidationFailed(f"cases.{index}.agentId: the case's agent no longer exists", "suiteId")
    run_input = {
        "suiteId": suite.id,
        "suiteRef": suite_ref,
        "suiteName": suite.name,
        "cases": suites.dump_cases(cases),
        "targets": [_target_dict(t) for t in resolved],
        "repeats": repeats,
        "maxTokens": max_tokens,
        "judge": model_name(judge_model or settings.models.chat, "judge"),
        "agents": {
            a.id: {
                "systemPrompt": a.system_prompt,
                "parameters": a.parameters,
                "tools": list(auto_tools(a.tools)),
                "toolChoice": a.tool_choice,
            }
            for a in agents.values()
        },
    }
    return await queue.enqueue(
        session,
        owner_id=actor.id,
        kind="test",
        provider=split_model_name(resolved[0].model)[0],
        model=resolved[0].model,
        priority=priority,
        agent_id=resolved[0].agent_id,
        input=run_input,
    )


@dataclass
class _Tally:
    passed: int = 0
    total: int = 0


@dataclass
class _Progress:
    done: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    errors: list[str] = field(default_factory=list)
    tallies: dict[str, _Tally] = field(default_factory=dict)


class SuiteRunHandler:
    __test__ = False  # not a pytest test class

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        providers: Providers,
        settings: Callable[[], Settings],
        knowledge: Knowledge | None = None,
    ) -> None:
        self.db, self.providers, self.settings, self.knowledge = db, providers, settings, knowledge

    def _tool_runner(self, ctx: RunContext, target: Target) -> ToolRunner:
        """Runs an agent target's tool calls as chat would (checked, in parallel, with timeouts), as the run's
        owner; nothing is cited, since an evaluation writes no messages."""

        async def run(calls: Sequence[ToolCall]) -> list[tuple[ToolCall, str, bool]]:
            settings = self.settings()
            async with self.db() as session:
                agent = await session.get(Agent, target.agent_id) if target.agent_id else None
            if agent is None:
                return [(c, "the agent no longer exists", True) for c in calls]
            env = ToolEnv(self.db, self.knowledge, settings, ctx.run.owner_id, agent, None, None)
            outcomes = await run_calls(
                calls,
                set(target.tools),
                env,
                seconds=settings.tools.call_timeout_seconds,
                max_chars=settings.tools.max_output_chars,
            )
            return [(o.call, o.output, o.error) for o in outcomes]

        return run

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # items are stored as they finish; nothing else is half-written

    async def execute(self, ctx: RunContext) -> Outcome:
        spec = ctx.run.input
        cases = suites.load_cases(spec["cases"])
        targets = [_target(t) for t in spec["targets"]]
        repeats = int(spec.get("repeats") or 1)
        state = _Progress(tallies={t.label: _Tally() for t in targets})
        total = len(targets) * len(cases) * repeats
        await ctx.emit([progress(0, total, None)])
        stored = await finished(self.db, ctx.run.id)  # a resumed run keeps the cases it already ran
        for target in targets:
            for case_index, case in enumerate(cases):
                for repeat in range(1, repeats + 1):
                    if ctx.cancelled.is_set():
                        return self._outcome("cancelled", spec, state)
                    if (kept := stored.get(state.done)) is not None:
                        self._restore(state, target, kept)
                        state.done += 1
                        continue
                    status = await self._unit(ctx, state, target, case_index, case, repeat)
                    state.done += 1
                    message = f"{target.label} / {case.name}" + (f" #{repeat}" if repeats > 1 else "")
                    await ctx.emit([progress(state.done, total, message)])
                    if status == "cancelled":
                        return self._outcome("cancelled", spec, state)
        if state.errors and len(state.errors) == state.done:
            return self._outcome("failed", spec, state, error=f"every case failed to generate: {state.errors[0]}")
        return self._outcome("succeeded", spec, state)

    def _restore(self, state: _Progress, target: Target, kept: Any) -> None:
        state.prompt_tokens += kept.prompt_tokens or 0
        state.completion_tokens += kept.completion_tokens or 0
        if kept.status == "error":
            state.errors.append(kept.error or "error")
        tally = state.tallies[target.label]
        tally.total += 1
        tally.passed += kept.status == "passed"

    async def _unit(
        self, ctx: RunContext, state: _Progress, target: Target, case_index: int, case: suites.CaseDoc, repeat: int
    ) -> str:
        settings = self.settings()
        effective = target
        if case.agent_id and case.agent_id in (ctx.run.input.get("agents") or {}):
            agent = ctx.run.input["agents"][case.agent_id]
            effective = Target(
                label=target.label,
                model=target.model,
                system_prompt=agent.get("systemPrompt") or "",
                parameters=tuple(sorted((agent.get("parameters") or {}).items())),
                agent_id=case.agent_id,
                tools=tuple(agent.get("tools") or ()),
                tool_choice=agent.get("toolChoice") or "auto",
            )
        options = effective.options(max_tokens=case.max_tokens or ctx.run.input.get("maxTokens"))
        specs = tuple(spec for name in effective.tools if (spec := catalog.spec(name)) is not None)
        runner = self._tool_runner(ctx, effective) if specs else None
        made = await generate(
            self.providers, settings, effective, _messages(effective, case), options, ctx.cancelled, specs, runner
        )
        state.prompt_tokens += made.prompt_tokens or 0
        state.completion_tokens += made.completion_tokens or 0
        verdicts: list[dict[str, Any]] = []
        if made.error is not None:
            status = "error"
            state.errors.append(made.error)
        elif made.cancelled:
            status = "cancelled"
        else:
            verdicts = await self._verdicts(ctx, settings, case, made)
            status = "passed" if all(v["passed"] for v in verdicts) else "failed"
        if status != "cancelled":
            tally = state.tallies[target.label]
            tally.total += 1
            tally.passed += status == "passed"
        await record(
            ctx,
            self.db,
            state.done,
            target=target.label,
            key=case.name,
            status=status,
            input=_input(case, repeat),
            output=made.text,
            details={"case": case_index, "repeat": repeat, "assertions": verdicts},
            error=made.error,
            **made.figures(),
        )
        return status

    async def _verdicts(
        self, ctx: RunContext, settings: Settings, case: suites.CaseDoc, made: Generated
    ) -> list[dict[str, Any]]:
        seen = assertions.Observed(
            made.text, made.latency_ms, made.completion_tokens, tuple(made.tool_calls), max(made.rounds, 1)
        )
        out: list[dict[str, Any]] = []
        for assertion in case.assertions:
            if isinstance(assertion, assertions.Rubric):
                model = assertion.judge or ctx.run.input.get("judge") or settings.models.chat
                verdict, answer = await judge.judge(
                    self.providers,
                    settings,
                    model,
                    rubric=assertion.rubric,
                    case_input=case.text(),
                    output=made.text,
                    cancelled=ctx.cancelled,
                )
                out.append({**verdict.as_dict(), "judge": model, "judgeOutput": answer.text[:500]})
            else:
                out.append(assertions.check(assertion, seen).as_dict())
        return out

    def _outcome(self, status: str, spec: dict[str, Any], state: _Progress, error: str | None = None) -> Outcome:
        result = {
            "suiteId": spec.get("suiteRef"),
            "cases": len(spec["cases"]),
            "repeats": int(spec.get("repeats") or 1),
            "targets": [
                {
                    "target": label,
                    "passed": t.passed,
                    "total": t.total,
                    "passRate": round(t.passed / t.total, 4) if t.total else 0.0,
                }
                for label, t in state.tallies.items()
            ],
        }
        usage = {"prompt_tokens": state.prompt_tokens, "completion_tokens": state.completion_tokens}
        return Outcome(status, result=result, error=error, usage=usage)


def _messages(target: Target, case: suites.CaseDoc) -> list[ChatMessage]:
    if case.prompt is not None:
        return target.messages(case.prompt)
    turns = [ChatMessage(m.role, m.content) for m in case.messages or []]
    if any(m.role == "system" for m in turns):
        return turns  # the case's own system prompt wins over the target's
    return target.messages(turns)


def _input(case: suites.CaseDoc, repeat: int) -> dict[str, Any]:
    sent: dict[str, Any] = {"prompt": case.prompt} if case.prompt is not None else {}
    if case.messages is not None:
        sent["messages"] = [m.model_dump() for m in case.messages]
    return {**sent, "repeat": repeat}


# --------------------------------------------------------------------------------------- compare


@dataclass
class RunPassRate:
    run_id: str
    passed: int | None  # None: the run had no such target
    total: int | None
    pass_rate: float | None


@dataclass
class CaseResult:
    run_id: str
    target: str
    passed: bool  # every repeat passed
    passes: int
    total: int
    status: str  # the first repeat's status
    output: str | None  # a snippet of the first repeat's output
    reasons: list[str]  # reasons of failed assertions and errors, each once


@dataclass
class Comparison:
    runs: list[Run]
    targets: list[tuple[str, list[RunPassRate]]]
    cases: list[tuple[str, list[CaseResult]]]


async def compare(session: AsyncSession, actor: Actor, run_ids: Sequence[str]) -> Comparison:
    """Targets and cases of several TEST runs side by side, in the order the runs are given."""
    if not 1 <= len(run_ids) <= MAX_COMPARED:
        raise ValidationFailed(f"compare between 1 and {MAX_COMPARED} runs", "ids")
    if len(set(run_ids)) != len(run_ids):
        raise ValidationFailed("a run is listed twice", "ids")
    found = await get_owned_many(session, Run, actor, run_ids)
    for ident in run_ids:
        if ident not in found:
            raise NotFound("Run", ident)
        if found[ident].kind != "test":
            raise ValidationFailed(f"run {ident!r} is not a TEST run", "ids")
    runs = [found[i] for i in run_ids]
    items = (
        await session.scalars(
            select(RunItem).where(col(RunItem.run_id).in_(run_ids)).order_by(col(RunItem.run_id), col(RunItem.idx))
        )
    ).all()
    target_order: dict[str, None] = {}  # insertion-ordered sets
    case_order: dict[str, None] = {}
    for run in runs:  # the plans' order first, then anything only the items mention
        target_order.update((t["label"], None) for t in run.input.get("targets", []))
        case_order.update((c["name"], None) for c in run.input.get("cases", []) if c.get("name"))
    grouped: dict[tuple[str, str, str], list[RunItem]] = {}
    for item in items:
        target, key = item.target or "", item.key or ""
        target_order.setdefault(target)
        case_order.setdefault(key)
        grouped.setdefault((key, item.run_id, target), []).append(item)
    targets = [(t, [_pass_rate(run, t) for run in runs]) for t in target_order]
    cases = [
        (
            key,
            [
                _case_result(run.id, t, grouped[(key, run.id, t)])
                for run in runs
                for t in target_order
                if (key, run.id, t) in grouped
            ],
        )
        for key in case_order
    ]
    return Comparison(runs=runs, targets=targets, cases=cases)


def _pass_rate(run: Run, target: str) -> RunPassRate:
    for row in (run.result or {}).get("targets", []):
        if row.get("target") == target:
            return RunPassRate(run.id, row["passed"], row["total"], row["passRate"])
    return RunPassRate(run.id, None, None, None)


def _case_result(run_id: str, target: str, items: list[RunItem]) -> CaseResult:
    finished = [i for i in items if i.status != "cancelled"]
    passes = sum(i.status == "passed" for i in finished)
    reasons: dict[str, None] = {}
    for item in items:
        failed = [a["reason"] for a in (item.details or {}).get("assertions", []) if not a.get("passed")]
        reasons.update((r, None) for r in ([item.error] if item.error else []) + failed)
    first = items[0]
    return CaseResult(
        run_id=run_id,
        target=target,
        passed=bool(finished) and passes == len(finished),
        passes=passes,
        total=len(finished),
        status=first.status,
        output=(first.output or "")[:SNIPPET_CHARS] if first.output is not None else None,
        reasons=list(reasons),
    )
