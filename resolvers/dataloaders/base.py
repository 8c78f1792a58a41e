"""Shared shapes of the dataloaders: rows by id, and one page per parent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel
from strawberry.dataloader import DataLoader

from services.auth import Actor
from services.errors import NotFound
from services.pagination import Page, PageArgs

Row = TypeVar("Row", bound=SQLModel)
ByIds = Callable[[AsyncSession, Actor, Sequence[str]], Awaitable[dict[str, Any]]]
PagesByParents = Callable[[AsyncSession, Actor, Sequence[str], PageArgs], Awaitable[dict[str, Page[Any]]]]
PageKey = tuple[str, PageArgs]  # (parent id, page arguments)


class ByIdLoader(DataLoader[str, Row], Generic[Row]):
    """Key: a row id. Result: the row, in key order, one statement per batch; a missing row is a NotFound error."""

    kind: str
    fetch: ByIds

    def __init__(self, db: async_sessionmaker[AsyncSession], actor: Actor) -> None:
        self._db, self._actor = db, actor
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[str]) -> list[Row | BaseException]:
        async with self._db() as session:
            found = await type(self).fetch(session, self._actor, keys)
        return [found.get(key, NotFound(self.kind, key)) for key in keys]


class PageByParentLoader(DataLoader[PageKey, Page[Row]], Generic[Row]):
    """Key: (parent id, page args). Result: that parent's page of rows; one statement per distinct page args."""

    fetch: PagesByParents

    def __init__(self, db: async_sessionmaker[AsyncSession], actor: Actor) -> None:
        self._db, self._actor = db, actor
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[PageKey]) -> list[Page[Row]]:
        by_args: dict[PageArgs, list[str]] = defaultdict(list)
        for parent, args in keys:
            by_args[args].append(parent)
        pages: dict[PageKey, Page[Row]] = {}
        async with self._db() as session:
            for args, parents in by_args.items():
                found = await type(self).fetch(session, self._actor, parents, args)
                pages.update({(parent, args): page for parent, page in found.items()})
        return [pages[key] for key in keys]
