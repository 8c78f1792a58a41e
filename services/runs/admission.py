"""What a run must pass to be queued: the queue caps (per provider, per user) and the user's daily token quota.

The live `[quotas]` settings reach `queue.enqueue` through the session's `info` (installed on the write session
factory by the lifespan), so every service that queues a run is checked without passing settings around; a
session without them (a test calling a service directly) admits everything.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services import usage
from services.db.models import Run, User
from services.errors import QueueFull, QuotaExceeded
from services.settings import QuotaSettings

QUOTAS = "switchboard.quotas"
TOKEN_KINDS = frozenset({"chat", "test", "benchmark", "generation"})  # kinds that spend a provider's tokens


def install(factory: async_sessionmaker[AsyncSession], quotas: Callable[[], QuotaSettings]) -> None:
    factory.configure(info={QUOTAS: quotas})


async def admit(session: AsyncSession, *, owner_id: str, provider: str, kind: str) -> int | None:
    """Raise QueueFull or QuotaExceeded; call with the provider's queue lock held, so the counts stay true.
    Returns how many of the provider's runs are waiting (None when nothing was checked): `enqueue` needs to know
    whether any is, and one statement reads that with the caps' counts and the owner's role."""
    quotas_of = session.sync_session.info.get(QUOTAS)
    if quotas_of is None:
        return None
    quotas: QuotaSettings = quotas_of()
    waiting = select(func.count()).select_from(Run).where(col(Run.status) == "queued")
    queued, role, mine = (
        await session.execute(
            select(
                waiting.where(col(Run.provider) == provider).scalar_subquery(),
                select(col(User.role)).where(col(User.id) == owner_id).scalar_subquery(),
                waiting.where(col(Run.owner_id) == owner_id).scalar_subquery(),
            )
        )
    ).one()
    queued, mine = queued or 0, mine or 0
    if queued >= quotas.max_queued_per_provider:
        raise QueueFull(
            f"the {provider} queue is full ({quotas.max_queued_per_provider} runs waiting); "
            "try again when some have finished"
        )
    if role == "admin":
        return queued  # admins are exempt from the per-user cap and the quotas
    if mine >= quotas.max_queued_per_user:
        raise QueueFull(
            f"you have {mine} runs waiting, the most one user may queue ({quotas.max_queued_per_user}); "
            "wait for some to finish or cancel some"
        )
    quota = quotas.daily_tokens.get(provider)
    if quota is not None and kind in TOKEN_KINDS:
        spent = await usage.spent_today(session, owner_id, provider)
        if spent >= quota:
            raise QuotaExceeded(
                f"today's {provider} token quota is spent ({spent} of {quota}); it renews at 00:00 UTC",
                usage.seconds_to_next_day(),
            )
    return queued
