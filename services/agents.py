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
from services.ownership import get_owned, get_owned_many, owned
from services.pagination import Page, PageArgs, paginate, row_select
from services.settings import Settings
from services.templates import get_template


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


@dataclass
class AgentFilter:
    search: str | None = None
    template: str | None = None
    model: str | None = None


UPDATABLE = ("name", "description", "model", "system_prompt", "parameters", "retrieval", "fallback_models")


def _checked_fields(values: dict[str, Any], settings: Settings) -> dict[str, Any]:
    limits = settings.limits
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: validation.name(v, "name", limits),
        "description": lambda v: validation.text(v, "description", limits),
        "model": validation.model_name,
        "system_prompt": lambda v: validation.text(v, "systemPrompt", limits),
        "parameters": validation.parameters,
        "retrieval": validation.retrieval,
        "fallback_models": validation.fallback_models,
    }
    return {key: checks[key](value) for key, value in values.items()}


async def create(session: AsyncSession, actor: Actor, data: AgentCreate, settings: Settings) -> Agent:
    """A new agent; a template fills in whatever the caller leaves out."""
    template = get_template(data.template) if data.template else None
    base: dict[str, Any] = {
        "description": template.description if template else "",
        "model": (template.model if template else None) or settings.models.chat,
        "system_prompt": template.system_prompt if template else "",
        "parameters": dict(template.parameters) if template else {},
        "retrieval": {},
    }
    given = {k: v for k, v in vars(data).items() if v is not None and k != "template"}
    fields = _checked_fields({**base, **given}, settings)
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
    fields = _checked_fields({k: v for k, v in changes.items() if v is not None}, settings)
    agent = await get(session, actor, agent_id)
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
        pattern = "%" + where.search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(func.lower(Agent.name).like(pattern, escape="\\"))
    if where.template:
        stmt = stmt.where(col(Agent.template) == where.template)
    if where.model:
        stmt = stmt.where(col(Agent.model) == where.model)
    return stmt


async def list_page(session: AsyncSession, actor: Actor, where: AgentFilter | None, args: PageArgs) -> Page[Any]:
    return await paginate(session, _filtered(actor, where), Agent, args)
