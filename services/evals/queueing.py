"""Creating evaluation runs. A batch run waits in the queue of its first target's provider and holds one of
that provider's slots while it executes, so it takes turns with chat by priority like any other run."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.auth import Actor
from services.db.models import Run
from services.errors import ValidationFailed
from services.providers.base import split_model_name
from services.runs import queue


def priority(value: int) -> int:
    if not 1 <= value <= 10:
        raise ValidationFailed("priority must be between 1 (highest) and 10", "priority")
    return value


async def start(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: str,
    model: str,
    input: dict[str, Any],
    priority_: int = 5,
    agent_id: str | None = None,
) -> tuple[Run, list[Any]]:
    """Queue a run; the caller commits, then announces the returned queue events to the scheduler."""
    provider, _ = split_model_name(model)
    await queue.lock(session, provider)
    run = Run(
        owner_id=actor.id,
        kind=kind,
        priority=priority(priority_),
        provider=provider,
        model=model,
        agent_id=agent_id,
        input=input,
    )
    session.add(run)
    await session.flush()
    written = await queue.reposition(session, provider)
    await session.refresh(run)
    return run, written
