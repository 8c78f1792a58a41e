"""The built-in tools Switchboard serves itself: knowledge_search, memory_search, memory_save, current_time.

Each has a name, a description and a JSON Schema for its input (strings bounded, so a grammar-constrained call
stays short). A tool's `run` gets a `ToolEnv` (the run's owner, agent and messages) and the checked input, and
returns the text the model reads; it raises `ToolFailed` for an error the model should see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.db.models import Agent
from services.errors import ValidationFailed
from services.knowledge import memory as memories
from services.knowledge.index import MAX_QUERY_CHARS, Knowledge
from services.knowledge.retrieve import Retrieved, citation_rows, options
from services.providers.base import ToolSpec
from services.settings import Settings

MAX_RESULTS = 10


class ToolFailed(Exception):
    """A tool could not do what it was asked; the message goes back to the model as the tool's error."""


@dataclass
class ToolEnv:
    """What a tool may touch: the database, the knowledge index, and whose run it is."""

    db: async_sessionmaker[AsyncSession]
    knowledge: Knowledge | None
    settings: Settings
    owner_id: str
    agent: Agent
    user_message_id: str | None  # the user turn being answered: memory_save's source
    message_id: str | None  # the assistant message carrying the call: knowledge_search's citations (none in evals)
    cited: list[dict[str, Any]] = field(default_factory=list)  # citation events to emit, filled by knowledge_search


Run = Callable[[ToolEnv, dict[str, Any]], Awaitable[str]]


@dataclass(frozen=True)
class Builtin:
    spec: ToolSpec
    run: Run


def _search_schema(what: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "query": {
                "type": "string",
                "minLength": 1,
                "maxLength": 500,
                "description": f"What to look for in {what}.",
            },
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_RESULTS, "description": "Most results."},
        },
        "required": ["query"],
        "additionalProperties": False,
    }


def _knowledge(env: ToolEnv) -> Knowledge:
    if env.knowledge is None:
        raise ToolFailed("knowledge search is not available on this server")
    return env.knowledge


async def knowledge_search(env: ToolEnv, args: dict[str, Any]) -> str:
    knowledge = _knowledge(env)
    opts = options(env.agent)
    limit = int(args.get("limit") or env.settings.retrieval.top_k)
    async with env.db() as session, session.begin():
        hits = await knowledge.search(
            session,
            env.owner_id,
            query=str(args["query"])[:MAX_QUERY_CHARS],
            mode=opts.mode,
            agent_ids=[env.agent.id] if opts.knowledge_scope == "agent" else None,
            media_types=None,
            metadata=None,
            limit=limit,
        )
        found = [Retrieved.of_hit(h) for h in hits]
        # Citations are recorded as for retrieval: on the message that asked, ranked after what it has already.
        start = len(env.cited) + 1
        if env.message_id is not None:
            session.add_all(citation_rows(found, message_id=env.message_id, owner_id=env.owner_id, first=start))
    env.cited.extend(item.event(rank) for rank, item in enumerate(found, start=start))
    if not found:
        return "No matching content."
    return "\n".join(item.line(rank) for rank, item in enumerate(found, start=start))


async def memory_search(env: ToolEnv, args: dict[str, Any]) -> str:
    knowledge = _knowledge(env)
    async with env.db() as session:
        hits = await memories.search(
            session,
            env.owner_id,
            knowledge,
            query=str(args["query"])[:MAX_QUERY_CHARS],
            mode=options(env.agent).mode,
            agent_ids=[env.agent.id],
            kinds=None,
            limit=int(args.get("limit") or env.settings.retrieval.top_k),
        )
    if not hits:
        return "No matching memories."
    return "\n".join(f"- ({h.memory.kind}) {h.memory.text}" for h in hits)


async def memory_save(env: ToolEnv, args: dict[str, Any]) -> str:
    knowledge = _knowledge(env)
    try:
        async with env.db() as session, session.begin():
            kept = await memories.remember(
                session,
                knowledge,
                env.agent,
                kind=str(args.get("kind") or "fact"),
                text=str(args["text"]),
                source_message_id=env.user_message_id,
                settings=env.settings,
            )
    except ValidationFailed as exc:
        raise ToolFailed(exc.message) from None
    return "Already remembered." if kept.merged else "Saved."


async def current_time(env: ToolEnv, args: dict[str, Any]) -> str:
    name = args.get("timezone") or "UTC"
    try:
        zone = ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise ToolFailed(f"unknown time zone {name!r}; use an IANA name like 'Europe/Paris'") from None
    now = datetime.now(zone)
    return f"{now.isoformat(timespec='seconds')} ({now.strftime('%A')}, {name})"


BUILTINS: dict[str, Builtin] = {
    b.spec.name: b
    for b in (
        Builtin(
            ToolSpec(
                "knowledge_search",
                "Search the documents available to this agent; returns numbered passages to cite like [1].",
                _search_schema("the documents"),
            ),
            knowledge_search,
        ),
        Builtin(
            ToolSpec(
                "memory_search",
                "Search what this agent remembers about the user and earlier conversations.",
                _search_schema("the memories"),
            ),
            memory_search,
        ),
        Builtin(
            ToolSpec(
                "memory_save",
                "Remember a fact or a detail about the user for later conversations.",
                {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1, "maxLength": 500, "description": "What to keep."},
                        "kind": {"type": "string", "enum": list(memories.KINDS), "description": "Kind of memory."},
                    },
                    "required": ["text"],
                    "additionalProperties": False,
                },
            ),
            memory_save,
        ),
        Builtin(
            ToolSpec(
                "current_time",
                "The current date and time, in UTC or a given IANA time zone.",
                {
                    "type": "object",
                    "properties": {
                        "timezone": {"type": "string", "maxLength": 64, "description": "IANA zone, e.g. Europe/Paris."}
                    },
                    "additionalProperties": False,
                },
            ),
            current_time,
        ),
    )
}


def spec(name: str) -> ToolSpec | None:
    builtin = BUILTINS.get(name)
    return builtin.spec if builtin else None


def available() -> list[ToolSpec]:
    """Every tool an agent can be given, by name."""
    return [BUILTINS[name].spec for name in sorted(BUILTINS)]
