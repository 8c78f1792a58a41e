"""Which embedder a deployment's vectors are built with, kept in the database (table knowledge_state).

Written with the first vectors ever (insert-if-absent, in the writer's own transaction when it holds one:
SQLite has a single writer, so a second session would wait for the caller), moved by a reindex that leaves
nothing on the old model, and inferred at start-up for a deployment whose vectors predate the record: the
model that indexed its most recently updated content or memory.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from services.db.models import Content, KnowledgeState, Memory
from services.db.types import utcnow

KEY = "embedding_model"


class EmbedderRecord:
    """The recorded embedder: read once (`load`), then kept in `name` as this process writes it."""

    def __init__(self, db: async_sessionmaker[AsyncSession] | None) -> None:
        self._db = db
        self.name: str | None = None

    async def load(self) -> None:
        if self._db is None:
            return
        async with self._db() as session:
            row = await session.get(KnowledgeState, KEY)
            if row is not None:
                self.name = row.value
                return
            inferred = await _latest_embedding_model(session)
        if inferred is not None:
            await self.first(inferred)

    async def first(self, name: str, session: AsyncSession | None = None) -> None:
        """Record `name` unless an embedder is recorded already (then that one stands); in `session`'s
        transaction when given."""
        if session is None:
            if self._db is None:
                self.name = name
                return
            async with self._db() as session, session.begin():
                await self.first(name, session)
            return
        insert = postgres_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        await session.execute(
            insert(KnowledgeState)
            .values(key=KEY, value=name, updated_at=utcnow())
            .on_conflict_do_nothing(index_elements=["key"])
        )
        recorded = await session.get(KnowledgeState, KEY, populate_existing=True)
        self.name = recorded.value if recorded is not None else name

    async def switch(self, name: str) -> None:
        """After a reindex left nothing on another model: `name` becomes the recorded embedder."""
        if self._db is not None:
            async with self._db() as session, session.begin():
                row = await session.get(KnowledgeState, KEY)
                if row is None:
                    session.add(KnowledgeState(key=KEY, value=name, updated_at=utcnow()))
                else:
                    row.value, row.updated_at = name, utcnow()
        self.name = name


async def _latest_embedding_model(session: AsyncSession) -> str | None:
    """The model that indexed the most recently updated content or memory, if any was ever indexed."""
    content = (
        await session.execute(
            select(col(Content.embedding_model), col(Content.updated_at))
            .where(col(Content.embedding_model).is_not(None), col(Content.media_type) != "embedding")
            .order_by(col(Content.updated_at).desc())
            .limit(1)
        )
    ).first()
    memory = (
        await session.execute(
            select(col(Memory.embedding_model), col(Memory.updated_at))
            .where(col(Memory.embedding_model).is_not(None))
            .order_by(col(Memory.updated_at).desc())
            .limit(1)
        )
    ).first()
    found = [row for row in (content, memory) if row is not None]
    return max(found, key=lambda row: row[1])[0] if found else None
