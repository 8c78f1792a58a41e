"""Token usage per user, provider and UTC day: added to when a run finishes (from its recorded usage), read by
the daily quota check at enqueue and by `me { usage }`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from services.db.models import TokenUsage, User
from services.settings import PROVIDERS, QuotaSettings


def today() -> date:
    return datetime.now(UTC).date()


def _key(day: date) -> str:
    return day.isoformat()  # the stored form: text, so backups and both databases carry it as it is


def seconds_to_next_day() -> int:
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return max(1, int((midnight - now).total_seconds()) + 1)


async def record(
    session: AsyncSession, user_id: str, provider: str, prompt_tokens: int, completion_tokens: int
) -> None:
    """One statement: insert today's row or add to it (an upsert, so concurrent finishes never lose a count)."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(TokenUsage).values(
        user_id=user_id,
        provider=provider,
        day=_key(today()),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        runs=1,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["user_id", "provider", "day"],
            set_={
                "prompt_tokens": col(TokenUsage.prompt_tokens) + statement.excluded.prompt_tokens,
                "completion_tokens": col(TokenUsage.completion_tokens) + statement.excluded.completion_tokens,
                "runs": col(TokenUsage.runs) + 1,
            },
        )
    )


async def role_of(session: AsyncSession, user_id: str) -> str | None:
    return await session.scalar(select(col(User.role)).where(col(User.id) == user_id))


async def spent_today(session: AsyncSession, user_id: str, provider: str) -> int:
    row = await session.get(TokenUsage, (user_id, provider, _key(today())))
    return 0 if row is None else row.prompt_tokens + row.completion_tokens


@dataclass(frozen=True)
class ProviderUsage:
    """Where a user stands today on one provider."""

    provider: str
    day: date
    prompt_tokens: int
    completion_tokens: int
    runs: int
    quota: int | None  # None: unlimited (no quota for the provider, or an exempt admin)

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def remaining(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.total_tokens)


async def standing(session: AsyncSession, user_id: str, exempt: bool, quotas: QuotaSettings) -> list[ProviderUsage]:
    """Today's usage on every provider the user used today or has a quota on, in PROVIDERS order."""
    day = today()
    rows = {
        row.provider: row
        for row in (
            await session.scalars(
                select(TokenUsage).where(col(TokenUsage.user_id) == user_id, col(TokenUsage.day) == _key(day))
            )
        ).all()
    }
    out = []
    for provider in (*PROVIDERS, *sorted(set(rows) - set(PROVIDERS))):
        quota = None if exempt else quotas.daily_tokens.get(provider)
        row = rows.get(provider)
        if row is None and quota is None:
            continue
        out.append(
            ProviderUsage(
                provider,
                day,
                row.prompt_tokens if row else 0,
                row.completion_tokens if row else 0,
                row.runs if row else 0,
                quota,
            )
        )
    return out
