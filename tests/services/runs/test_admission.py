"""Fair queues, queue caps and daily token quotas, on SQLite and Postgres, without GraphQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from services import usage
from services.db.engine import create_engine, session_factory
from services.db.migrate import upgrade_to_head
from services.db.models import Run, User
from services.errors import QueueFull, QuotaExceeded
from services.outbox import Outbox
from services.pubsub import PubSub
from services.runs import admission, queue
from services.settings import QuotaSettings


@dataclass
class Queue:
    db: Any
    quotas: QuotaSettings

    async def user(self, name: str, role: str = "user") -> str:
        async with self.db() as session, session.begin():
            user = User(username=name, role=role)
            session.add(user)
            await session.flush()
            return user.id

    async def enqueue(self, owner: str, priority: int = 5, kind: str = "chat", provider: str = "ollama") -> Run:
        async with self.db() as session, session.begin():
            return await queue.enqueue(session, owner_id=owner, kind=kind, provider=provider, priority=priority)

    async def positions(self, provider: str = "ollama") -> list[tuple[str, int]]:
        async with self.db() as session:
            rows = await session.execute(
                select(col(Run.owner_id), col(Run.queue_position))
                .where(col(Run.status) == "queued", col(Run.provider) == provider)
                .order_by(col(Run.queue_position))
            )
            return [(owner, position) for owner, position in rows.all()]

    async def claim(self, n: int, provider: str = "ollama") -> list[Run]:
        async with self.db() as session, session.begin():
            await queue.lock(session, provider)
            runs = await queue.claim(session, provider, "worker", n)
            await queue.reposition(session, provider)
            return runs


@pytest.fixture
async def q(database_url: str) -> AsyncIterator[Queue]:
    engine = create_engine(database_url)
    await upgrade_to_head(engine)
    pubsub = PubSub("memory://")
    await pubsub.connect()
    box = Outbox(pubsub)
    box.start()
    db = session_factory(engine, box.session_class)
    holder = Queue(db, QuotaSettings())
    admission.install(db, lambda: holder.quotas)
    try:
        yield holder
    finally:
        await box.stop()
        await pubsub.disconnect()
        await engine.dispose()


async def test_users_interleave_within_a_priority_and_positions_match_dispatch(q: Queue) -> None:
    alice, bob, carol = await q.user("alice"), await q.user("bob"), await q.user("carol")
    first = [await q.enqueue(alice) for _ in range(200)]
    bobs = await q.enqueue(bob)
    async with q.db() as session:
        assert (await session.get(Run, bobs.id)).queue_position == 2  # type: ignore[union-attr]
    for _ in range(2):
        await q.enqueue(bob)
    await q.enqueue(carol)
    await q.enqueue(carol, priority=1)  # a higher priority still goes first
    order = [owner for owner, _ in await q.positions()]
    names = {alice: "a", bob: "b", carol: "c"}
    # carol's priority-1 run, then round 0 (alice, bob, carol), round 1, round 2, then alice's backlog
    assert "".join(names[o] for o in order[:10]) == "cabcababaa"
    # Dispatch follows the reported positions exactly, and each user's runs keep their own order.
    before = await q.positions()
    claimed = await q.claim(6)
    assert [run.owner_id for run in claimed] == [owner for owner, _ in before[:6]]
    alice_claimed = [run.id for run in claimed if run.owner_id == alice]
    assert alice_claimed == [run.id for run in first[: len(alice_claimed)]]
    after = await q.positions()
    assert [p for _, p in after] == list(range(1, len(after) + 1))
    assert [o for o, _ in after] == [o for o, _ in before[6:]]


async def test_a_newcomer_waits_one_turn_not_a_backlog(q: Queue) -> None:
    alice, bob = await q.user("alice"), await q.user("bob")
    for _ in range(50):
        await q.enqueue(alice)
    await q.claim(20)  # alice's first 20 run; her rounds 20..49 wait
    late = await q.enqueue(bob)
    async with q.db() as session:
        assert (await session.get(Run, late.id)).queue_position == 2  # type: ignore[union-attr]


async def test_queue_caps_refuse_instead_of_growing(q: Queue) -> None:
    q.quotas = QuotaSettings(max_queued_per_provider=5, max_queued_per_user=3)
    alice, bob, admin = await q.user("alice"), await q.user("bob"), await q.user("root", "admin")
    await q.enqueue(alice)
    await q.enqueue(alice)
    await q.enqueue(alice, provider="anthropic")
    with pytest.raises(QueueFull) as refused:  # the per-user cap counts every provider
        await q.enqueue(alice, provider="local")
    assert refused.value.code == "QUEUE_FULL"
    await q.enqueue(bob)
    await q.enqueue(admin)
    await q.enqueue(admin)  # admins skip the per-user cap, not the provider's
    with pytest.raises(QueueFull, match="ollama queue is full"):
        await q.enqueue(bob)
    await q.claim(1)  # a run leaves the queue: there is room again
    await q.enqueue(bob)
    assert len(await q.positions()) == 5


async def test_daily_token_quota_is_checked_at_enqueue_and_admins_are_exempt(q: Queue) -> None:
    q.quotas = QuotaSettings(daily_tokens={"anthropic": 1000})
    alice, admin = await q.user("alice"), await q.user("root", "admin")
    await q.enqueue(alice, provider="anthropic")
    async with q.db() as session, session.begin():
        await usage.record(session, alice, "anthropic", 600, 300)
        await usage.record(session, admin, "anthropic", 5000, 5000)
    await q.enqueue(alice, provider="anthropic")  # 900 of 1000: still allowed
    async with q.db() as session, session.begin():
        await usage.record(session, alice, "anthropic", 50, 50)
    with pytest.raises(QuotaExceeded) as refused:
        await q.enqueue(alice, provider="anthropic")
    assert refused.value.code == "QUOTA_EXCEEDED"
    assert refused.value.retry_after is not None and 0 < refused.value.retry_after <= 86_401
    await q.enqueue(alice, provider="ollama")  # another provider has no quota
    await q.enqueue(alice, provider="anthropic", kind="ingest")  # a kind that spends no tokens
    await q.enqueue(admin, provider="anthropic")
    async with q.db() as session:
        standing = await usage.standing(session, alice, False, q.quotas)
        assert [(s.provider, s.total_tokens, s.quota, s.remaining, s.runs) for s in standing] == [
            ("anthropic", 1000, 1000, 0, 2)
        ]
