"""Automatic memory: after a chat reply, a MEMORY run asks a model which facts are worth keeping.

Off by default; an agent turns it on with `retrieval.extract_memories`. The run is queued at a low
priority behind chat on the memory model's provider. Each proposed fact goes through
`memory.remember`, which merges duplicates into the existing memory (adding this turn's message as a
source) instead of storing them twice. Provenance is the user message the fact came from.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.db.models import Agent, Message, Run
from services.errors import ValidationFailed
from services.knowledge import memory as memories
from services.knowledge.index import Knowledge
from services.knowledge.retrieve import options
from services.providers import Providers
from services.providers.base import ChatMessage, ChatRequest, GenerationOptions, ProviderError, split_model_name
from services.providers.retry import stream_with_retries
from services.runs import queue
from services.runs.event_kinds import progress
from services.runs.scheduler import Outcome, RunContext
from services.settings import Settings

PRIORITY = 8  # behind interactive chat (5 by default)
MAX_FACTS = 10
MAX_FACT_CHARS = 500
INSTRUCTIONS = (
    "You keep an assistant's long-term memory. From the exchange below, list the facts worth remembering "
    "in later conversations: lasting details about the user (prefix PROFILE:) and facts they stated "
    "(prefix FACT:). One per line, each starting with '- '. Leave out small talk, questions and anything "
    "temporary. If nothing is worth keeping, reply NONE."
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")
_KIND = re.compile(r"^(profile|fact)\s*:\s*", re.IGNORECASE)


def parse_facts(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs from the model's list; tolerant of numbering and missing prefixes."""
    facts: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = _BULLET.sub("", raw).strip().strip('"').strip()
        if not line or line.upper().rstrip(".") == "NONE":
            continue
        kind = "fact"
        if match := _KIND.match(line):
            kind, line = match.group(1).lower(), line[match.end() :].strip()
        if line and line not in (f for _, f in facts):
            facts.append((kind, line[:MAX_FACT_CHARS]))
        if len(facts) == MAX_FACTS:
            break
    return facts


class MemoryExtractor:
    """Queues MEMORY runs after replies (ChatHandler's on_reply) and executes them."""

    resumable = True  # idempotent: a run cut short by a crash or shutdown is queued again

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        providers: Providers,
        knowledge: Knowledge,
        settings: Callable[[], Settings],
    ) -> None:
        self.db, self.providers, self.knowledge, self._settings = db, providers, knowledge, settings

    async def queue_for(self, chat_run: Run) -> None:
        if chat_run.agent_id is None or chat_run.message_id is None:
            return
        async with self.db() as session, session.begin():
            agent = await session.get(Agent, chat_run.agent_id)
            opts = options(agent)
            if agent is None or not opts.extract_memories:
                return
            model = opts.memory_model or agent.model
            provider, _ = split_model_name(model)
            await queue.enqueue(
                session,
                owner_id=chat_run.owner_id,
                kind="memory",
                provider=provider,
                model=model,
                priority=PRIORITY,
                agent_id=agent.id,
                conversation_id=chat_run.conversation_id,
                input={"messageId": chat_run.message_id},
                admit=False,  # the follow-up of a reply the user already queued
            )

    async def interrupted(self, session: AsyncSession, run: Run, reason: str) -> None:
        return None  # nothing of its own to settle: memories are written only at the end, in one transaction

    async def execute(self, ctx: RunContext) -> Outcome:
        run, settings = ctx.run, self._settings()
        async with self.db() as session:
            reply = await session.get(Message, str(run.input.get("messageId")))
            user = await session.get(Message, reply.parent_id) if reply and reply.parent_id else None
        if reply is None or user is None:
            return Outcome("failed", error="the chat turn was deleted before its memories were extracted")
        try:
            provider, model = self.providers.resolve(run.model or settings.models.chat)
            request = ChatRequest(
                model=model,
                messages=(
                    ChatMessage("system", INSTRUCTIONS),
                    ChatMessage("user", f"User: {user.content}\n\nAssistant: {reply.content}"),
                ),
                options=GenerationOptions(temperature=0.0, max_tokens=256),
            )
            stream = stream_with_retries(
                lambda: provider.stream_chat(request),
                max_retries=settings.providers.max_retries,
                base_delay=settings.providers.retry_base_delay_seconds,
                max_delay=settings.providers.retry_max_delay_seconds,
                provider=provider.name,
                model=request.model,
            )
            parts: list[str] = []
            try:
                async for chunk in stream:
                    if ctx.cancelled.is_set():
                        return Outcome("cancelled")
                    parts.append(chunk.text or "")
            finally:
                with contextlib.suppress(Exception):
                    await stream.aclose()
        except ProviderError as exc:
            return Outcome("failed", error=exc.message)
        facts = parse_facts("".join(parts))
        await ctx.emit([progress(0, len(facts), "proposed")])
        created: list[str] = []
        merged: list[str] = []
        try:
            async with self.db() as session, session.begin():
                agent = await session.get(Agent, run.agent_id)
                if agent is None:
                    return Outcome("failed", error="the agent was deleted")
                for kind, fact in facts:
                    kept = await memories.remember(
                        session,
                        self.knowledge,
                        agent,
                        kind=kind,
                        text=fact,
                        source_message_id=user.id,
                        settings=settings,
                    )
                    (merged if kept.merged else created).append(kept.memory.id)
        except ValidationFailed as exc:
            return Outcome("failed", error=exc.message)
        done = len(facts)
        await ctx.emit([progress(done, done, "remembered")])
        return Outcome(
            "succeeded",
            result={"proposed": len(facts), "created": created, "merged": merged, "sourceMessageId": user.id},
        )
