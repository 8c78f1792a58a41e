"""ChatHandler executes CHAT runs: the agent loop (model -> tool calls -> results -> model, bounded rounds), the
prompt within the context, coalesced tokens, typed tool events, usage summed over rounds, and cancel.

Each round's assistant message is stored: a round that calls tools completes its message with the calls, stores
one TOOL message per result (children of that message) and opens the next assistant message as their sibling,
which the run then writes (`run.message_id` follows it). A reload mid-loop thus shows every step so far.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import feeds, metrics, tracing
from services.chat import attachments, waiting
from services.chat.history import call_of, history
from services.db.models import Agent, McpServer, Message, Run
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.knowledge.extract import Bounds
from services.knowledge.index import Knowledge
from services.knowledge.retrieve import Retrieved, citation_rows, context_message, retrieve
from services.providers import Providers
from services.providers.base import (
    ChatMessage,
    ChatRequest,
    GenerationOptions,
    ProviderError,
    ToolCall,
    ToolChoice,
    ToolSpec,
    Usage,
    with_document_text,
)
from services.providers.retry import stream_with_retries
from services.runs.cancellable import until_cancelled
from services.runs.coalesce import TokenCoalescer
from services.runs.event_kinds import (
    CitationAdded,
    FallbackUsed,
    RetryScheduled,
    ToolCallArguments,
    ToolCallFinished,
    ToolCallStarted,
    UsageReported,
)
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings
from services.tools import catalog, choice, mcp
from services.tools.execute import External, ToolOutcome, input_error, run_calls

log = structlog.get_logger("switchboard.chat")
REPLY_RESERVE_TOKENS = 256  # room kept for the answer when the agent sets no max_tokens
# Token deltas are coalesced this long: at most 40 TokenDelta events (database rows, socket messages) a second per
# run, and a token waits at most this long (the first of a quiet spell goes out at once).
TOKEN_FLUSH_SECONDS = 0.025


@dataclass
class _Setup:
    """What every round of one reply shares."""

    model: str
    messages: list[ChatMessage]
    options: GenerationOptions
    tools: tuple[ToolSpec, ...]
    choice: ToolChoice
    agent: Agent | None
    cited: list[Retrieved]
    prompt_estimate: int
    client: dict[str, ToolSpec] = field(default_factory=dict)  # the front end's tools: the run waits for answers
    ask: set[str] = field(default_factory=set)  # tools whose calls wait for the user's approval
    external: dict[str, tuple[ToolSpec, External]] = field(default_factory=dict)  # MCP tools, by offered name


@dataclass
class _Totals:
    """Usage summed over the rounds, and the text of the round being generated."""

    first: float | None = None
    prompt: int = 0
    completion: int = 0
    rounds: int = 0
    calls: int = 0
    parts: list[str] = field(default_factory=list)
    usage: Usage | None = None
    chunks: int = 0
    tool_calls: tuple[ToolCall, ...] = ()
    error: ProviderError | None = None  # the provider failure that ended the last round, if one did
    answered_by: str | None = None  # the model of the fallback chain that answered
    cited: bool = False  # citations are recorded once, for the first model that got as far as its prompt

    ended: tuple[int | None, int] | None = None

    def reached_client(self) -> bool:
        """Something of the reply (a token, a tool call's arguments, a finished round) reached the client."""
        return self.first is not None or self.rounds > 1

    def restart(self) -> None:
        """Start over for a fallback model: nothing of the failed attempt reached the client."""
        self.start_round()
        self.rounds, self.error = 0, None

    def start_round(self) -> None:
        self.rounds += 1
        self.parts, self.usage, self.chunks, self.tool_calls, self.ended = [], None, 0, (), None

    def end_round(self, estimate: int | None) -> tuple[int | None, int]:
        """This round's (prompt, completion) tokens, added to the totals once."""
        if self.ended is not None:
            return self.ended
        usage = self.usage
        prompt = usage.prompt_tokens if usage and usage.prompt_tokens is not None else estimate
        completion = usage.completion_tokens if usage and usage.completion_tokens is not None else self.chunks
        self.prompt += prompt or 0
        self.completion += completion
        self.ended = (prompt, completion)
        return self.ended


class ChatHandler:
    """Executes CHAT runs: builds the prompt within the model's context, runs the agent loop, streams tokens and
    tool calls as events, honours cancel by closing the provider stream (or a tool call in flight), and writes
    each round's message and the summed usage."""

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        providers: Providers,
        settings: Any,
        knowledge: Knowledge | None = None,
        on_reply: Callable[[Run], Awaitable[None]] | None = None,
        mcp_servers: mcp.McpServers | None = None,
        read_db: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.db, self.providers, self.knowledge = db, providers, knowledge
        # Reads (the prompt's history, the agent, its MCP servers) take no write lock: on SQLite a prompt being
        # built must not hold up every other run's token writes.
        self.read = read_db or db
        self.mcp = mcp_servers or mcp.McpServers()
        self._settings = settings  # a callable returning the live settings
        self._on_reply = on_reply  # called after a reply completes (memory extraction queues its run there)

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        if run.message_id:
            await session.execute(
                update(Message)
                .where(col(Message.id) == run.message_id, col(Message.status) == "streaming")
                .values(status="failed", error=reason, updated_at=utcnow())
            )

    async def execute(self, ctx: RunContext) -> Outcome:
        settings: Settings = self._settings()
        run = ctx.run
        started = time.perf_counter()
        totals = _Totals()
        estimate: int | None = None
        resumed = bool(run.waiting)
        try:
            if resumed:
                if not await self._resume(ctx, settings, totals):
                    status, error = "cancelled", None
                else:
                    provider, model = self.providers.resolve(run.model or settings.models.chat)
                    setup = await self._request(run, provider, model, settings)
                    status, error = await self._loop(ctx, provider, setup, settings, totals)
            else:
                status, error, estimate = await self._answer(ctx, settings, totals)
        except ProviderError as exc:
            status, error = "failed", exc.message
        except ValidationFailed as exc:
            status, error = "failed", exc.message
        if status == "waiting":
            return Outcome("waiting")
        outcome = await self._finish(ctx, status, error, totals, estimate, started)
        if outcome.status == "succeeded" and self._on_reply is not None:
            try:
                await self._on_reply(run)
            except Exception:  # the reply is complete; a follow-up that cannot be queued must not undo it
                log.exception("could not queue the follow-up of a reply", run_id=run.id)
        return outcome

    async def _answer(self, ctx: RunContext, settings: Settings, totals: _Totals) -> tuple[str, str | None, int | None]:
        """Run the loop on the model, then on each fallback in turn while an attempt failed before anything reached
        the client, for a failure another model may not share (see `falls_back`)."""
        run = ctx.run
        primary = run.model or settings.models.chat
        chain: list[str] | None = None  # the fallbacks are looked up only when the model failed: not on the way in
        status, error, estimate = "failed", None, None
        index = 0
        while True:
            name = primary if chain is None else chain[index]
            try:
                provider, model = self.providers.resolve(name)
                setup = await self._request(run, provider, model, settings)
                estimate = setup.prompt_estimate
                if not totals.cited:  # what the first model to get this far was given; a fallback is not cited again
                    totals.cited = True
                    await self._cite(ctx, setup.cited)
                status, error = await self._loop(ctx, provider, setup, settings, totals)
            except ProviderError as exc:
                totals.error, status, error = exc, "failed", exc.message
            if status != "failed" or totals.reached_client():
                totals.answered_by = name
            if status != "failed" or totals.reached_client() or not falls_back(totals.error):
                break
            if chain is None:
                chain = fallback_chain(primary, await self._fallbacks(run))
            if index + 1 == len(chain):
                break
            await ctx.emit([FallbackUsed(name, chain[index + 1], error or "failed")])
            metrics.fallback(name, chain[index + 1])
            totals.restart()
            index += 1
        return status, error, estimate

    async def _fallbacks(self, run: Run) -> list[str]:
        """The message's own fallback models when it named some, else its agent's."""
        named = run.input.get("fallbackModels")
        if isinstance(named, list):
            return [str(name) for name in named]
        if run.agent_id is None:
            return []
        async with self.read() as session:
            agent = await session.get(Agent, run.agent_id)
        return list(agent.fallback_models or []) if agent is not None else []

    async def _loop(
        self, ctx: RunContext, provider: Any, setup: _Setup, settings: Settings, totals: _Totals
    ) -> tuple[str, str | None]:
        """Model rounds until one answers without tool calls, a round fails, the run is cancelled, or
        `tools.max_rounds` is used up (the run then fails and says so)."""
        limit = settings.tools.max_rounds
        while True:
            totals.start_round()
            request = ChatRequest(
                model=setup.model,
                messages=tuple(setup.messages),
                options=setup.options,
                tools=setup.tools,
                tool_choice=choice.for_round(setup.choice, totals.rounds),
            )
            stream = stream_with_retries(
                lambda request=request: provider.stream_chat(request),  # type: ignore[misc]
                max_retries=settings.providers.max_retries,
                base_delay=settings.providers.retry_base_delay_seconds,
                max_delay=settings.providers.retry_max_delay_seconds,
                on_retry=lambda attempt, error, delay: self._retrying(ctx, attempt, error, delay),
                provider=provider.name,
                model=request.model,
            )
            status, error = await self._relay(ctx, stream, totals)
            if status != "succeeded" or not totals.tool_calls or not setup.tools:
                return status, error
            if totals.rounds >= limit:
                return "failed", (
                    f"stopped after {limit} rounds: the model was still calling tools (tools.max_rounds is {limit})"
                )
            state = await self._step(ctx, setup, settings, totals)
            if state != "continue":
                return state, None

    async def _step(self, ctx: RunContext, setup: _Setup, settings: Settings, totals: _Totals) -> str:
        """Complete this round's message with its calls, run those that need nobody, store their results, then
        either park the run for the calls that wait on the user ("waiting") or open the next message
        ("continue"). "cancelled" when the run was cancelled meanwhile (the running calls' results are dropped)."""
        run = ctx.run
        assert run.message_id is not None and setup.agent is not None
        text, calls = "".join(totals.parts), totals.tool_calls
        prompt, completion = totals.end_round(setup.prompt_estimate if totals.rounds == 1 else None)
        step_id = run.message_id
        async with self.db() as session, session.begin():
            await session.execute(
                update(Message)
                .where(col(Message.id) == step_id)
                .values(
                    content=text,
                    status="complete",
                    tool_calls=[{"id": c.id, "name": c.name, "input": c.input} for c in calls],
                    prompt_tokens=prompt,
                    completion_tokens=completion,
                    updated_at=utcnow(),
                )
            )
        totals.calls += len(calls)
        now, refused, waits = _classify(calls, setup)
        await ctx.emit([ToolCallStarted(c.id, c.name, c.input, step_id, totals.rounds) for c in now])
        outcomes = await self._run(ctx, setup, settings, now, step_id)
        if outcomes is None:
            return "cancelled"
        await self._store_results(ctx, run, step_id, [*refused, *outcomes], open_next=not waits)
        if waits:
            loop = {"round": totals.rounds, "prompt": totals.prompt, "completion": totals.completion}
            async with self.db() as session, session.begin():
                parked = await waiting.pause(
                    session,
                    run,
                    step_id,
                    waits,
                    settings.tools.wait_timeout_seconds,
                    {**loop, "calls_so_far": totals.calls},
                )
            return "waiting" if parked else "cancelled"
        setup.messages.append(ChatMessage("assistant", text, tool_calls=calls))
        by_id = {o.call.id: o for o in [*refused, *outcomes]}
        setup.messages += [
            ChatMessage("tool", o.output, tool_call_id=o.call.id, tool_name=o.call.name, is_error=o.error)
            for o in (by_id[c.id] for c in calls)
        ]
        return "continue"

    async def _run(
        self, ctx: RunContext, setup: _Setup, settings: Settings, calls: Sequence[ToolCall], step_id: str
    ) -> list[ToolOutcome] | None:
        """Run `calls` (Switchboard's own tools) at once; None if the run was cancelled meanwhile."""
        if not calls:
            return []
        assert setup.agent is not None
        env = catalog.ToolEnv(
            db=self.db,
            knowledge=self.knowledge,
            settings=settings,
            owner_id=ctx.run.owner_id,
            agent=setup.agent,
            user_message_id=(ctx.run.input or {}).get("userMessageId"),
            message_id=step_id,
            cited=[],
        )
        outcomes: list[ToolOutcome] = []

        async def work() -> None:
            outcomes.extend(
                await run_calls(
                    calls,
                    {t.name for t in setup.tools} - set(setup.client),
                    env,
                    seconds=settings.tools.call_timeout_seconds,
                    max_chars=settings.tools.max_output_chars,
                    external=setup.external,
                )
            )

        if not await until_cancelled(work(), ctx.cancelled):
            return None
        if env.cited:
            await ctx.emit([CitationAdded(c) for c in env.cited])
        return outcomes

    async def _resume(self, ctx: RunContext, settings: Settings, totals: _Totals) -> bool:
        """Pick up a loop that waited on the user: restore its round and usage, run the approved calls, and open
        the next message. False when cancelled while those calls ran."""
        run = ctx.run
        parked = dict(run.waiting or {})
        totals.rounds = int(parked.get("round", 0))
        totals.prompt, totals.completion = int(parked.get("prompt", 0)), int(parked.get("completion", 0))
        totals.calls = int(parked.get("calls_so_far", 0))
        approved = [call_of(c) for c in parked.get("calls", []) if c.get("state") == "approved"]
        assert run.message_id is not None
        step_id = run.message_id
        outcomes: list[ToolOutcome] = []
        if approved:
            async with self.read() as session:
                agent = await session.get(Agent, run.agent_id) if run.agent_id else None
            if agent is None:
                raise ValidationFailed("the agent of this run no longer exists")
            external = await self._external(agent)
            names = {t["name"] for t in agent.tools or []}
            specs = tuple(spec for name in names if (spec := catalog.spec(name)) is not None)
            specs += tuple(spec for spec, _ in external.values())
            setup = _Setup("", [], GenerationOptions(), specs, ToolChoice(), agent, [], 0, external=external)
            await ctx.emit([ToolCallStarted(c.id, c.name, c.input, step_id, totals.rounds) for c in approved])
            ran = await self._run(ctx, setup, settings, approved, step_id)
            if ran is None:
                return False
            outcomes = ran
        await self._store_results(ctx, run, step_id, outcomes, open_next=True)
        return True

    async def _store_results(
        self, ctx: RunContext, run: Run, step_id: str, outcomes: Sequence[ToolOutcome], *, open_next: bool
    ) -> None:
        """One TOOL message per result (children of the step) and, with `open_next`, the next assistant message,
        which the run writes from now on (any pause is over then). Logs a ToolCallFinished per result."""
        assert run.conversation_id is not None
        if not outcomes and not open_next:
            return
        async with self.db() as session, session.begin():
            rows = [
                Message(
                    owner_id=run.owner_id,
                    conversation_id=run.conversation_id,
                    parent_id=step_id,
                    role="tool",
                    content=o.output,
                    tool_call_id=o.call.id,
                    tool_name=o.call.name,
                    tool_error=o.error,
                )
                for o in outcomes
            ]
            for row in rows:  # distinct, increasing creation times keep the stored order
                session.add(row)
                await session.flush()
            added = list(rows)
            if open_next:
                following = Message(
                    owner_id=run.owner_id,
                    conversation_id=run.conversation_id,
                    parent_id=step_id,
                    role="assistant",
                    content="",
                    status="streaming",
                    model=run.model,
                )
                session.add(following)
                await session.flush()
                added.append(following)
                await session.execute(
                    update(Run).where(col(Run.id) == run.id).values(message_id=following.id, waiting=None)
                )
            for row in added:
                feeds.message_added(session, run.conversation_id, row.id)
        if open_next:
            run.message_id, run.waiting = added[-1].id, None
        await ctx.emit(
            [
                ToolCallFinished(o.call.id, o.call.name, o.output, o.error, o.duration_ms, row.id)
                for o, row in zip(outcomes, rows, strict=True)
            ]
        )

    async def _cite(self, ctx: RunContext, cited: list[Retrieved]) -> None:
        """Citations are written and announced before the first token, so a client can show sources at once."""
        if not cited or ctx.run.message_id is None:
            return
        async with self.db() as session, session.begin():
            session.add_all(citation_rows(cited, message_id=ctx.run.message_id, owner_id=ctx.run.owner_id))
        await ctx.emit([CitationAdded(item.event(rank)) for rank, item in enumerate(cited, start=1)])

    async def _retrying(self, ctx: RunContext, attempt: int, error: ProviderError, delay: float) -> None:
        await ctx.emit([RetryScheduled(attempt, round(delay, 3), error.message)])

    async def _relay(self, ctx: RunContext, stream: Any, totals: _Totals) -> tuple[str, str | None]:
        """Consume the stream in a task so a cancel can interrupt even a silent provider."""

        async def consume(relay: TokenCoalescer) -> None:
            try:
                async for chunk in stream:
                    if chunk.text:
                        if totals.first is None:
                            totals.first = time.perf_counter()
                        totals.parts.append(chunk.text)
                        relay.add(chunk.text)
                        totals.chunks += 1
                    if chunk.tool_delta is not None:
                        if totals.first is None:
                            totals.first = time.perf_counter()
                        delta = chunk.tool_delta
                        await ctx.emit([ToolCallArguments(delta.id or "", delta.name or "", delta.arguments)])
                    if chunk.usage is not None:
                        totals.usage = chunk.usage
                    if chunk.tool_calls:
                        totals.tool_calls = chunk.tool_calls
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()

        try:
            async with TokenCoalescer(ctx.emit, TOKEN_FLUSH_SECONDS, ctx.behind) as relay:
                # Leaving the block drains every pending token into the log.
                if not await until_cancelled(consume(relay), ctx.cancelled):
                    return "cancelled", None
        except ProviderError as exc:
            totals.error = exc
            return "failed", exc.message
        return ("cancelled", None) if ctx.cancelled.is_set() else ("succeeded", None)

    async def _request(self, run: Run, provider: Any, model: str, settings: Settings) -> _Setup:
        """The agent's system prompt, what retrieval found (within `retrieval.context_share` of the budget), the
        agent's tools and as much recent history as fits, oldest turns dropped first (a turn with its tool calls
        and results is kept or dropped whole)."""
        async with self.read() as session:
            agent = await session.get(Agent, run.agent_id) if run.agent_id else None
            reply = await session.get(Message, run.message_id) if run.message_id else None
            if reply is None or reply.parent_id is None:
                raise ValidationFailed("the message this run answers no longer exists")
            groups = await history(session, reply)
            params = dict(agent.parameters) if agent else {}
            options = GenerationOptions.from_dict(params)
            reserve = options.max_tokens or REPLY_RESERVE_TOKENS
            budget = provider.context_length(model) - reserve
            blobs = self.knowledge.blobs if self.knowledge is not None else None
            groups = await attachments.load(session, blobs, groups, Bounds.of(settings.limits), budget)
            question = groups[-1][0].content if groups else ""
            found: list[Retrieved] = []
            if agent is not None and self.knowledge is not None and groups:
                try:
                    with tracing.span("retrieval", agent_id=agent.id):
                        found = await retrieve(session, self.knowledge, agent, question, settings)
                except ValidationFailed as exc:
                    raise ValidationFailed(f"retrieval failed: {exc.message}") from None
        tools = tuple(spec for t in (agent.tools if agent else []) if (spec := catalog.spec(t["name"])) is not None)
        external = await self._external(agent) if agent else {}
        tools += tuple(spec for spec, _ in external.values())
        client = {
            c["name"]: ToolSpec(c["name"], c.get("description", ""), c.get("inputSchema") or {"type": "object"})
            for c in (run.input or {}).get("clientTools", [])
        }
        tools += tuple(client.values())
        ask = {t["name"] for t in (agent.tools if agent else []) if t.get("approval") == "ask"}
        picked = choice.parse((run.input or {}).get("toolChoice") or (agent.tool_choice if agent else None))
        if picked.mode == "tool" and picked.name not in {t.name for t in tools}:
            picked = ToolChoice()

        async def cost(message: ChatMessage) -> int:
            text = with_document_text(message)
            if message.tool_calls:
                text += json.dumps([[c.name, c.input] for c in message.tool_calls])
            return int(await provider.count_tokens(model, text)) + 4 + attachments.prompt_tokens(message)

        system = [ChatMessage("system", agent.system_prompt)] if agent and agent.system_prompt else []
        used = sum([await cost(m) for m in system])
        if tools:
            described = json.dumps([[t.name, t.description, t.input_schema] for t in tools])
            used += int(await provider.count_tokens(model, described))
        cited: list[Retrieved] = []
        if found and groups:
            room = int((budget - used - await cost(groups[-1][0])) * settings.retrieval.context_share)
            spent = await cost(ChatMessage("system", context_message([])))
            for item in found:  # best first; one that does not fit is skipped, a shorter one may still fit
                extra = await provider.count_tokens(model, item.line(len(cited) + 1)) + 1
                if spent + extra <= room:
                    cited.append(item)
                    spent += extra
            if cited:
                block = ChatMessage("system", context_message(cited))
                system.append(block)
                used += await cost(block)
        kept: list[list[ChatMessage]] = []
        for group in reversed(groups):
            group_cost = sum([await cost(m) for m in group])
            if used + group_cost > budget:
                break
            kept.append(group)
            used += group_cost
        if not kept:
            raise ValidationFailed(
                f"the message is too long for {run.model}'s context of {provider.context_length(model)} tokens"
            )
        messages = [*system, *(m for group in reversed(kept) for m in group)]
        return _Setup(model, messages, options, tools, picked, agent, cited, used, client, ask, external)

    async def _external(self, agent: Agent) -> dict[str, tuple[ToolSpec, External]]:
        """The agent's MCP tools that their servers list now: a server that cannot be reached offers none (its
        health says why), and the model is not offered what cannot run."""
        wanted = {t["name"] for t in agent.tools or [] if mcp.split(t["name"])}
        if not wanted:
            return {}
        async with self.read() as session:
            rows = await mcp.servers(session, sorted({p[0] for n in wanted if (p := mcp.split(n))}))
        out: dict[str, tuple[ToolSpec, External]] = {}
        for server in rows:
            for spec in await self.mcp.tools(server):
                if spec.name in wanted:
                    out[spec.name] = (spec, self._caller(server, spec.name))
        return out

    def _caller(self, server: McpServer, name: str) -> External:
        tool = name.split(mcp.SEPARATOR, 1)[1]
        settings: Settings = self._settings()

        async def call(arguments: dict[str, Any]) -> tuple[str, bool]:
            return await self.mcp.call(server, tool, arguments, settings.tools.call_timeout_seconds)

        return call

    async def _finish(
        self,
        ctx: RunContext,
        status: str,
        error: str | None,
        totals: _Totals,
        estimate: int | None,
        started: float,
    ) -> Outcome:
        run, now = ctx.run, time.perf_counter()
        text = "".join(totals.parts)
        prompt, completion = totals.end_round(estimate if totals.rounds <= 1 else None)
        first = totals.first
        ttft_ms = round((first - started) * 1000, 2) if first is not None else None
        generating = (now - first) if first is not None else 0.0
        tps = round(totals.completion / generating, 2) if totals.completion and generating > 0 else None
        message_status = {"succeeded": "complete"}.get(status, status)
        answered = totals.answered_by
        values: dict[str, Any] = {
            **({"model": answered} if answered else {}),
            "content": text,
            "status": message_status,
            "error": error,
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "updated_at": utcnow(),
        }
        if totals.tool_calls:  # the round limit ended the loop: the unanswered calls are kept on the message
            values["tool_calls"] = [{"id": c.id, "name": c.name, "input": c.input} for c in totals.tool_calls]
        async with self.db() as session, session.begin():
            await session.execute(update(Message).where(col(Message.id) == run.message_id).values(**values))
        prompt_total = totals.prompt if totals.prompt or estimate is None else estimate
        figures = {
            "prompt_tokens": prompt_total,
            "completion_tokens": totals.completion,
            "ttft_ms": ttft_ms,
            "tokens_per_second": tps,
            "answered_by": answered,
        }
        await ctx.emit([UsageReported(prompt_total, totals.completion, ttft_ms, tps)])
        result = {"messageId": run.message_id, "characters": len(text), "rounds": totals.rounds}
        if totals.calls:
            result["toolCalls"] = totals.calls
        return Outcome(status, result=result, error=error, usage=figures)


def fallback_chain(model: str, fallbacks: list[str]) -> list[str]:
    """The model, then each fallback once, in order."""
    chain = [model]
    for name in fallbacks:
        if name not in chain:
            chain.append(name)
    return chain


def falls_back(error: ProviderError | None) -> bool:
    """Failures a different model may not share: the provider unreachable or failing (transient ones come here
    after their retries: connection refused, timeouts, 429, 5xx, 529), or the model missing (404). Not a refused
    request or a bad key: another model would be refused the same way, or should not be used behind the user's back."""
    if error is None:
        return False
    return error.transient or error.status == 404 or (error.status or 0) >= 500


def _classify(
    calls: Sequence[ToolCall], setup: _Setup
) -> tuple[list[ToolCall], list[ToolOutcome], list[tuple[ToolCall, str]]]:
    """Split a round's calls: those to run now, those refused at once (a client or ASK call with invalid input:
    nobody should be asked about it), and those that wait for the client or for approval."""
    now: list[ToolCall] = []
    refused: list[ToolOutcome] = []
    waits: list[tuple[ToolCall, str]] = []
    for call in calls:
        own = setup.external[call.name][0] if call.name in setup.external else catalog.spec(call.name)
        spec = setup.client.get(call.name) or (own if call.name in setup.ask else None)
        if spec is None:
            now.append(call)
        elif (problem := input_error(call.name, spec.input_schema, call.input)) is not None:
            refused.append(ToolOutcome(call, problem, True, 0.0))
        else:
            waits.append((call, "client" if call.name in setup.client else "approval"))
    return now, refused, waits
