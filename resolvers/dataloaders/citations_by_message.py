"""Every citation of each message, in rank order (citations are few per message: no paging)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.dataloader import DataLoader

from services.auth import Actor
from services.db.models import Citation
from services.knowledge import citations


class CitationsByMessageLoader(DataLoader[str, list[Citation]]):
    """Key: a message id. Result: its citations in rank order."""

    def __init__(self, db: async_sessionmaker[AsyncSession], actor: Actor) -> None:
        self._db, self._actor = db, actor
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[str]) -> list[list[Citation]]:
        async with self._db() as session:
            found = await citations.for_messages(session, self._actor, keys)
        return [found.get(key, []) for key in keys]
