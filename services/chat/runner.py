"""ChatHandler executes CHAT runs against a provider: prompt within the context, coalesced tokens, cancel."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import metrics, tracing
from services.db.models import Agent, Message, Run
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.knowledge.index import Knowledge
from services.knowledge.retrieve import Retrieved, citation_rows, context_message, retrieve
from services.providers import Providers
from services.providers.base import ChatMessage, ChatRequest, GenerationOptions, ProviderError
from services.providers.retry import stream_with_retries
from services.runs.cancellable import until_cancelled
from services.runs.coalesce import TokenCoalescer
from services.runs.event_kinds import CitationAdded, FallbackUsed, RetryScheduled, UsageReported
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings

log = structlog.get_logger("switchboard.chat")
REPLY_RESERVE_TOKENS = 256  # room kept for the answer when the agent sets no max_tokens
TOKEN_FLUSH_SECONDS = 0.05  # token deltas are coalesced this long to spare the database


class ChatHandler:
    """Executes CHAT runs: builds the prompt within the model's context, streams tokens as coalesced
    events, honours cancel by closing the provider stream, and writes the final message and usage."""

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        providers: Providers,
        settings: Any,
        knowledge: Knowledge | None = None,
        on_reply: Callable[[Run], Awaitable[None]] | None = None,
    ) -> None:
        self.db, self.providers, self.knowledge = db, providers, knowledge
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
        text_parts: list[str] = []
        state: dict[str, Any] = {"first": None, "usage": None, "chunks": 0, "cited": False}
        chain = fallback_chain(run.model or settings.models.chat, await self._fallbacks(run))
        status, error, answered = "failed", None, None
        for index, name in enumerate(chain):
            state["error"] = None
            try:
                status, error = await self._attempt(ctx, name, settings, text_parts, state)
            except ProviderError as exc:
                state["error"] = exc
                status, error = "failed", exc.message
            except ValidationFailed as exc:
                status, error = "failed", exc.message
            if text_parts or status == "succeeded":
                answered = name
            # Fall back only while nothing has reached the client, and only for failures another model may not share.
            if status != "failed" or text_parts or index + 1 == len(chain) or not falls_back(state["error"]):
                break
            await ctx.emit([FallbackUsed(name, chain[index + 1], error or "failed")])
            metrics.fallback(name, chain[index + 1])
            state.update(first=None, usage=None, chunks=0)
        state["answered_by"] = answered
        outcome = await self._finish(ctx, status, error, "".join(text_parts), state, started)
        if outcome.status == "succeeded" and self._on_reply is not None:
            try:
                await self._on_reply(run)
            except Exception:  # the reply is complete; a follow-up that cannot be queued must not undo it
                log.exception("could not queue the follow-up of a reply", run_id=run.id)
        return outcome

    async def _attempt(
        self, ctx: RunContext, name: str, settings: Settings, text_parts: list[str], state: dict[str, Any]
    ) -> tuple[str, str | None]:
        """One model of the chain: build its prompt (its own context and tokenizer), stream with retries."""
        provider, model = self.providers.resolve(name)
        request, state["prompt_estimate"], cited = await self._request(ctx.run, provider, model, settings)
        if not state["cited"]:  # what the first model to get this far was given; a fallback is not cited again
            state["cited"] = True
            await self._cite(ctx, cited)
        stream = stream_with_retries(
            lambda: provider.stream_chat(request),
            max_retries=settings.providers.max_retries,
            base_delay=settings.providers.retry_base_delay_seconds,
            max_delay=settings.providers.retry_max_delay_seconds,
            on_retry=lambda attempt, error, delay: self._retrying(ctx, attempt, error, delay),
            provider=provider.name,
            model=request.model,
        )
        return await self._relay(ctx, stream, text_parts, state)

    async def _fallbacks(self, run: Run) -> list[str]:
        """The message's own fallback models when it named some, else its agent's."""
        named = run.input.get("fallbackModels")
        if isinstance(named, list):
            return [str(name) for name in named]
        if run.agent_id is None:
            return []
        async with self.db() as session:
            agent = await session.get(Agent, run.agent_id)
        return list(agent.fallback_models or []) if agent is not None else []

    async def _cite(self, ctx: RunContext, cited: list[Retrieved]) -> None:
        """Citations are written and announced before the first token, so a client can show sources at once."""
        if not cited or ctx.run.message_id is None:
            return
        async with self.db() as session, session.begin():
            session.add_all(citation_rows(cited, message_id=ctx.run.message_id, owner_id=ctx.run.owner_id))
        await ctx.emit([CitationAdded(item.event(rank)) for rank, item in enumerate(cited, start=1)])

    async def _retrying(self, ctx: RunContext, attempt: int, error: ProviderError, delay: float) -> None:
        await ctx.emit([RetryScheduled(attempt, round(delay, 3), error.message)])

    async def _relay(
        self, ctx: RunContext, stream: Any, parts: list[str], state: dict[str, Any]
    ) -> tuple[str, str | None]:
        """Consume the stream in a task so a cancel can interrupt even a silent provider."""

        async def consume(relay: TokenCoalescer) -> None:
            try:
                async for chunk in stream:
                    if chunk.text:
                        if state["first"] is None:
                            state["first"] = time.perf_counter()
                        parts.append(chunk.text)
                        relay.add(chunk.text)
                        state["chunks"] += 1
                    if chunk.usage is not None:
                        state["usage"] = chunk.usage
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()

        try:
            async with TokenCoalescer(ctx.emit, TOKEN_FLUSH_SECONDS) as relay:
                # Leaving the block drains every pending token into the log.
                if not await until_cancelled(consume(relay), ctx.cancelled):
                    return "cancelled", None
        except ProviderError as exc:
            state["error"] = exc
            return "failed", exc.message
        return ("cancelled", None) if ctx.cancelled.is_set() else ("succeeded", None)

    async def _request(
        self, run: Run, provider: Any, model: str, settings: Settings
    ) -> tuple[ChatRequest, int, list[Retrieved]]:
        """The agent's system prompt, what retrieval found (within `retrieval.context_share` of the budget) and as
        much recent history as fits, oldest dropped first."""
        async with self.db() as session:
            agent = await session.get(Agent, run.agent_id) if run.agent_id else None
            reply = await session.get(Message, run.message_id) if run.message_id else None
            if reply is None or reply.parent_id is None:
                raise ValidationFailed("the message this run answers no longer exists")
            history = await _history(session, reply)
            found: list[Retrieved] = []
            if agent is not None and self.knowledge is not None and history:
                try:
                    with tracing.span("retrieval", agent_id=agent.id):
                        found = await retrieve(session, self.knowledge, agent, history[-1].content, settings)
                except ValidationFailed as exc:
                    raise ValidationFailed(f"retrieval failed: {exc.message}") from None
        params = dict(agent.parameters) if agent else {}
        options = GenerationOptions.from_dict(params)
        reserve = options.max_tokens or REPLY_RESERVE_TOKENS
        budget = provider.context_length(model) - reserve

        async def cost(text: str) -> int:
            return int(await provider.count_tokens(model, text)) + 4

        system = [ChatMessage("system", agent.system_prompt)] if agent and agent.system_prompt else []
        used = sum([await cost(m.content) for m in system])
        cited: list[Retrieved] = []
        if found and history:
            room = int((budget - used - await cost(history[-1].content)) * settings.retrieval.context_share)
            spent = await cost(context_message([]))
            for item in found:  # best first; one that does not fit is skipped, a shorter one may still fit
                extra = await provider.count_tokens(model, item.line(len(cited) + 1)) + 1
                if spent + extra <= room:
                    cited.append(item)
                    spent += extra
            if cited:
                block = context_message(cited)
                system.append(ChatMessage("system", block))
                used += await cost(block)
        kept: list[ChatMessage] = []
        for message in reversed(history):
            message_cost = await cost(message.content)
            if used + message_cost > budget:
                break
            kept.append(message)
            used += message_cost
        if not kept:
            raise ValidationFailed(
                f"the message is too long for {run.model}'s context of {provider.context_length(model)} tokens"
            )
        return ChatRequest(model=model, messages=(*system, *reversed(kept)), options=options), used, cited

    async def _finish(
        self, ctx: RunContext, status: str, error: str | None, text: str, state: dict[str, Any], started: float
    ) -> Outcome:
        run, now = ctx.run, time.perf_counter()
        usage = state.get("usage")
        prompt_tokens = (
            usage.prompt_tokens if usage and usage.prompt_tokens is not None else state.get("prompt_estimate")
        )
        completion = usage.completion_tokens if usage and usage.completion_tokens is not None else state["chunks"]
        first = state["first"]
        ttft_ms = round((first - started) * 1000, 2) if first is not None else None
        generating = (now - first) if first is not None else 0.0
        tps = round(completion / generating, 2) if completion and generating > 0 else None
        message_status = {"succeeded": "complete"}.get(status, status)
        answered = state.get("answered_by")
        async with self.db() as session, session.begin():
            await session.execute(
                update(Message)
                .where(col(Message.id) == run.message_id)
                .values(
                    **({"model": answered} if answered else {}),
                    content=text,
                    status=message_status,
                    error=error,
                    prompt_tokens=prompt_tokens,
                    completion_tokens=completion,
                    updated_at=utcnow(),
                )
            )
        figures = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion,
            "ttft_ms": ttft_ms,
            "tokens_per_second": tps,
            "answered_by": answered,
        }
        await ctx.emit([UsageReported(prompt_tokens, completion, ttft_ms, tps)])
        return Outcome(
            status, result={"messageId": run.message_id, "characters": len(text)}, error=error, usage=figures
        )


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


async def _history(session: AsyncSession, reply: Message) -> list[ChatMessage]:
    """Complete messages up to the user turn being answered; for each user turn its latest complete reply."""
    parent = await session.get(Message, reply.parent_id)
    assert parent is not None
    rows = (
        await session.scalars(
            select(Message)
            .where(col(Message.conversation_id) == reply.conversation_id, col(Message.created_at) <= parent.created_at)
            .order_by(col(Message.created_at), col(Message.id))
        )
    ).all()
    latest_reply: dict[str, Message] = {}
    for row in rows:
        if row.role == "assistant" and row.status == "complete" and row.parent_id:
            latest_reply[row.parent_id] = row
    out: list[ChatMessage] = []
    for row in rows:
        if row.role == "user" and row.status == "complete":
            out.append(ChatMessage("user", row.content))
            if row.id in latest_reply and row.id != parent.id:
                out.append(ChatMessage("assistant", latest_reply[row.id].content))
        elif row.role == "assistant" and row.parent_id is None and row.status == "complete":
            out.append(ChatMessage("assistant", row.content))  # written directly (imports, appendMessage)
        elif row.role == "system":
            out.append(ChatMessage("system", row.content))
    return out
