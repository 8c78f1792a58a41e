"""Publish on commit: a rolled-back transaction publishes nothing; a committed one exactly once, in order."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from services import outbox
from services.db.engine import create_engine, session_factory
from services.outbox import Outbox
from services.pubsub import PubSub


@pytest.fixture
async def wired(tmp_path: Path) -> AsyncIterator[tuple[Any, Outbox, PubSub]]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (x INTEGER)"))
    pubsub = PubSub("memory://")
    await pubsub.connect()
    box = Outbox(pubsub)
    box.start()
    try:
        yield session_factory(engine, box.session_class), box, pubsub
    finally:
        await box.stop()
        await pubsub.disconnect()
        await engine.dispose()


async def _received(pubsub: PubSub, channel: str, work: Any) -> list[dict[str, Any]]:
    """Everything published on `channel` while `work` runs, up to an end marker it must publish last."""
    got: list[dict[str, Any]] = []
    async with pubsub.subscribe(channel) as subscription:
        await work()
        while True:
            message = await asyncio.wait_for(subscription.get(), 5)
            if message.get("end"):
                return got
            got.append(message)


async def test_commit_publishes_exactly_once_in_order_and_rollback_publishes_nothing(wired: Any) -> None:
    db, box, pubsub = wired

    async def work() -> None:
        async with db() as session, session.begin():
            await session.execute(text("INSERT INTO t VALUES (1)"))
            for n in range(3):
                outbox.record(session, "c", {"n": n})
        with pytest.raises(RuntimeError):
            async with db() as session, session.begin():
                await session.execute(text("INSERT INTO t VALUES (2)"))
                outbox.record(session, "c", {"n": "rolled back"})
                raise RuntimeError("the transaction fails")
        async with db() as session, session.begin():
            await session.execute(text("INSERT INTO t VALUES (3)"))
            outbox.record(session, "c", {"n": 3})
            outbox.record(session, "c", {"end": True})

    assert await _received(pubsub, "c", work) == [{"n": 0}, {"n": 1}, {"n": 2}, {"n": 3}]
    assert box.published == 5  # 0, 1, 2, 3 and the end marker: nothing twice, nothing from the rollback


async def test_nothing_is_published_before_the_commit(wired: Any) -> None:
    db, box, _ = wired
    async with db() as session, session.begin():
        outbox.record(session, "c", {"n": 1})
        await session.execute(text("INSERT INTO t VALUES (1)"))
        await asyncio.sleep(0.05)  # the publisher gets every chance to run: it has nothing yet
        assert box.published == 0
    await box.drained()
    assert box.published == 1


async def test_a_session_closed_without_commit_publishes_nothing(wired: Any) -> None:
    db, box, _ = wired
    async with db() as session:
        await session.execute(text("INSERT INTO t VALUES (1)"))
        outbox.record(session, "c", {"n": 1})
    async with db() as session, session.begin():
        await session.execute(text("INSERT INTO t VALUES (2)"))
    await box.drained()
    assert box.published == 0
