"""SharedCache: one load for concurrent callers, reuse within the TTL, failures never cached, invalidation,
and values shared through Redis between two caches (two replicas)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from services.cache import SharedCache
from tests.conftest import REDIS_URL


class Loader:
    def __init__(self, fail: int = 0) -> None:
        self.calls, self.fail = 0, fail
        self.gate = asyncio.Event()

    async def __call__(self) -> dict[str, int]:
        self.calls += 1
        await self.gate.wait()
        if self.calls <= self.fail:
            raise RuntimeError("provider down")
        return {"n": self.calls}


async def test_concurrent_callers_share_one_load() -> None:
    cache, load = SharedCache(), Loader()
    waiting = [asyncio.create_task(cache.get_or_load("k", 10, load)) for _ in range(20)]
    await asyncio.sleep(0)
    load.gate.set()
    assert [await w for w in waiting] == [{"n": 1}] * 20
    assert await cache.get_or_load("k", 10, load) == {"n": 1} and load.calls == 1  # reused within the TTL


async def test_ttl_zero_loads_every_time_and_failures_are_not_cached() -> None:
    cache, load = SharedCache(), Loader(fail=1)
    load.gate.set()
    with pytest.raises(RuntimeError):
        await cache.get_or_load("k", 10, load)
    assert await cache.get_or_load("k", 10, load) == {"n": 2}
    assert await cache.get_or_load("other", 0, load) == {"n": 3}
    assert await cache.get_or_load("other", 0, load) == {"n": 4}


async def test_a_cancelled_caller_does_not_cancel_the_others() -> None:
    cache, load = SharedCache(), Loader()
    first = asyncio.create_task(cache.get_or_load("k", 10, load))
    second = asyncio.create_task(cache.get_or_load("k", 10, load))
    await asyncio.sleep(0)
    first.cancel()
    load.gate.set()
    assert await second == {"n": 1} and load.calls == 1


async def test_invalidate_forgets_and_a_load_in_flight_does_not_store() -> None:
    cache, load = SharedCache(), Loader()
    load.gate.set()
    assert await cache.get_or_load("k", 10, load) == {"n": 1}
    await cache.invalidate("k")
    assert await cache.get_or_load("k", 10, load) == {"n": 2}


async def test_redis_shares_values_between_replicas() -> None:
    key = f"test-{uuid.uuid4().hex}"
    one, two = SharedCache(REDIS_URL), SharedCache(REDIS_URL)
    try:
        load = Loader()
        load.gate.set()
        assert await one.get_or_load(key, 30, load) == {"n": 1}
        assert await two.get_or_load(key, 30, load) == {"n": 1} and load.calls == 1  # the other replica's value
        assert await two.get_or_load(key + "-here", 30, load, shared=False) == {"n": 2}  # per process
        await one.invalidate(key)  # reaches the other replica
        assert await two.get_or_load(key, 30, load) == {"n": 3}
    finally:
        await one.invalidate(key)
        await one.aclose()
        await two.aclose()
