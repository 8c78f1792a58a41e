"""Agents: CRUD, templates and listing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services import validation
from services.auth import Actor
from services.db.models import Agent
from services.db.types import utcnow
from services.errors import ValidationFailed
from services.ownership import MAX_NAME_SEARCH, get_owned, get_owned_many, owned
from services.pagination import Page, PageArgs, paginate, row_select
from services.settings import Settings
from services.templates import get_template
from services.tools import catalog, choice, mcp


@dataclass
class AgentCreate:
    name: str
    description: str | None = None
    template: str | None = None
    model: str | None = None
    system_prompt: str | None = None
    parameters: dict[str, Any] | None = None
    retrieval: dict[str, Any] | None = None
    fallback_models: list[str] | None = None
    tools: list[dict[str, Any]] | None = None  # [{"name", "approval"}]
    tool_choice: dict[str, Any] | None = None  # {"mode": auto | none | required | tool, "name": ...}


@dataclass
class AgentFilter:
    search: str | None = None
    template: str | None = None
    model: str | None = None


UPDATABLE = (
    "name",
    "description",
    "model",
    "system_prompt",
    "parameters",
    "retrieval",
    "fallback_models",
    "tools",
    "tool_choice",
)


async def _known_tools(session: AsyncSession) -> Callable[[str], bool]:
    """A check for tool names: a built-in, or `<server>__<tool>` of a registered MCP server."""
    registered = {server.name for server in await mcp.servers(session)}

    def known(name: str) -> bool:
        parts = mcp.split(name)
        return catalog.spec(name) is not None or (parts is not None and parts[0] in registered)

    return known


def _checked_fields(values: dict[str, Any], settings: Settings, known: Callable[[str], bool]) -> dict[str, Any]:
    limits = settings.limits
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: validation.name(v, "name", limits),
        "description": lambda v: validation.text(v, "description", limits),
        "model": validation.model_name,
        "system_prompt": lambda v: validation.text(v, "systemPrompt", limits),
        "parameters": validation.parameters,
        "retrieval": validation.retrieval,
        "fallback_models": validation.fallback_models,
        "tools": lambda v: validation.agent_tools(v, known),
        "tool_choice": lambda v: v,  # checked against the tools in _with_choice
    }
    return {key: checks[key](value) for key, value in values.items()}


def _with_choice(fields: dict[str, Any], tools: list[dict[str, Any]], current: str) -> dict[str, Any]:
    """The stored tool choice: the given one, or the current one, checked against the agent's tools."""
    given = fields.pop("tool_choice", None)
    names = [t["name"] for t in tools]
    if given is not None:
        fields["tool_choice"] = choice.stored(str(given.get("mode")), given.get("name"), names)
    elif current.startswith("tool:") and current.removeprefix("tool:") not in names:
        raise ValidationFailed("toolChoice names a tool the agent would no longer have; change it too", "toolChoice")
    return fields


async def create(session: AsyncSession, actor: Actor, data: AgentCreate, settings: Settings) -> Agent:
    """A new agent; a template fills in whatever the caller leaves out."""
    template = get_template(data.template) if data.template else None
    base: dict[str, Any] = {
        "description": template.description if template else "",
        "model": (template.model if template else None) or settings.models.chat,
        "system_prompt": template.system_prompt if template else "",
        "parameters": dict(template.parameters) if template else {},
        "retrieval": {},
        "tools": [],
    }
    given = {k: v for k, v in vars(data).items() if v is not None and k != "template"}
    checked = _checked_fields({**base, **given}, settings, await _known_tools(session))
    fields = _with_choice(checked, checked["tools"], "auto")
    agent = Agent(owner_id=actor.id, template=data.template, **fields)
    session.add(agent)
    await session.flush()
    return agent


async def get(session: AsyncSession, actor: Actor, agent_id: str) -> Agent:
    return await get_owned(session, Agent, actor, agent_id)


async def get_many(session: AsyncSession, actor: Actor, ids: Sequence[str]) -> dict[str, Any]:
    return await get_owned_many(session, Agent, actor, ids)


async def update(
    session: AsyncSession, actor: Actor, agent_id: str, changes: dict[str, Any], settings: Settings
) -> Agent:
    """Apply only the given fields; ``changes`` keys are from UPDATABLE."""
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    checked = _checked_fields(
        {k: v for k, v in changes.items() if v is not None}, settings, await _known_tools(session)
    )
    agent = await get(session, actor, agent_id)
    fields = _with_choice(checked, checked.get("tools", agent.tools), agent.tool_choice)
    for key, value in fields.items():
        setattr(agent, key, value)
    agent.updated_at = utcnow()
    await session.flush()
    return agent


async def delete(session: AsyncSession, actor: Actor, agent_id: str) -> None:
    """Removes the agent with its conversations and messages (foreign keys cascade)."""
    agent = await get(session, actor, agent_id)
    await session.delete(agent)
    await session.flush()


def _filtered(actor: Actor, where: AgentFilter | None) -> Any:
    stmt = owned(row_select(Agent), Agent, actor)
    if where is None:
        return stmt
    if where.search:
        if len(where.search) > MAX_NAME_SEARCH:  # SQLite refuses LIKE patterns past 50,000 bytes as an internal error
            raise ValidationFailed(f"filter.search must be at most {MAX_NAME_SEARCH} characters", "filter.search")
        pattern = "%" + where.search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(Agent.name).like(pattern, escape="\\"))
    if where.template:
        stmt = stmt.where(col(Agent.template) == where.template)
    if where.model:
        stmt = stmt.where(col(Agent.model) == where.model)
    return stmt


async def list_page(session: AsyncSession, actor: Actor, where: AgentFilter | None, args: PageArgs) -> Page[Any]:
    return await paginate(session, _filtered(actor, where), Agent, args)
