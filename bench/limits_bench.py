"""What limits and fair queues cost: the rate limiter's check per operation (memory and Redis), and `enqueue` with
fair rounds and admission at growing queue depths (SQLite, or Postgres with --database-url).

    .venv/bin/python bench/limits_bench.py [--hits 5000] [--depths 0,200,1000] [--database-url ...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from services.auth import Actor
from services.db.engine import create_engine, session_factory
from services.db.migrate import upgrade_to_head
from services.db.models import Run, User
from services.outbox import Outbox
from services.pubsub import PubSub
from services.rate_limits import RateLimiter, storage_for
from services.runs import admission, queue
from services.settings import QuotaSettings

REDIS = "redis://127.0.0.1:6379/0"


async def limiter_figures(hits: int) -> None:
    actor = Actor(id="u", username="alice", role="user")
    quotas = QuotaSettings(queries=f"{hits * 10}/hour")
    for name, storage in (("memory", None), ("redis", storage_for(REDIS, f"bench-{uuid.uuid4().hex}"))):
        limiter = RateLimiter(lambda: quotas, storage)
        try:
            await limiter.hit("queries", actor, "a")
        except Exception as exc:  # Redis not running
            print(f"limiter {name:6}: skipped ({exc})")
            continue
        started = time.perf_counter()
        for _ in range(hits):
            await limiter.hit("queries", actor, "a")
        elapsed = time.perf_counter() - started
        print(f"limiter {name:6}: {elapsed / hits * 1e6:8.1f} us per counted operation ({hits} hits, moving window)")
        await limiter.reset()


async def enqueue_figures(depths: list[int], database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        engine = create_engine(url)
        await upgrade_to_head(engine)
        pubsub = PubSub("memory://")
        await pubsub.connect()
        box = Outbox(pubsub)
        box.start()
        db = session_factory(engine, box.session_class)
        admission.install(db, lambda: QuotaSettings(max_queued_per_provider=1_000_000, max_queued_per_user=1_000_000))
        async with db() as session, session.begin():
            hog, other = User(username=f"hog-{uuid.uuid4().hex[:6]}"), User(username=f"o-{uuid.uuid4().hex[:6]}")
            session.add_all([hog, other])
        provider = f"bench-{uuid.uuid4().hex[:6]}"
        queued = 0
        for depth in depths:
            while queued < depth:
                async with db() as session, session.begin():
                    await queue.enqueue(session, owner_id=hog.id, kind="chat", provider=provider)
                queued += 1
            times = []
            for _ in range(5):
                started = time.perf_counter()
                async with db() as session, session.begin():
                    run = await queue.enqueue(session, owner_id=other.id, kind="chat", provider=provider)
                times.append(time.perf_counter() - started)
                async with db() as session, session.begin():  # take it out again: the depth stays
                    await session.delete(await session.get(Run, run.id))
                    await queue.reposition(session, provider)
            print(
                f"enqueue at depth {depth:5}: {statistics.median(times) * 1000:7.1f} ms median "
                f"(another user's run lands at position {run.queue_position}; renumbering writes the runs behind it)"
            )
        await box.stop()
        await pubsub.disconnect()
        await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hits", type=int, default=5000)
    parser.add_argument("--depths", default="0,200,1000")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    await limiter_figures(args.hits)
    await enqueue_figures([int(d) for d in args.depths.split(",")], args.database_url)


if __name__ == "__main__":
    asyncio.run(main())
