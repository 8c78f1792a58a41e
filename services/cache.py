"""A short-TTL cache for read-mostly answers that cost a provider call (`models`, `providers`, `hardware`).

Concurrent callers of one key share one in-flight load (single flight): ten simultaneous `{ models }`
queries make one `/api/tags` call. Values live in this process, or in Redis when pub/sub is Redis, so
replicas share them (`shared=False` keeps a value per process: the hardware of *this* machine). A failed
load is never cached; every waiter gets its error. A TTL of 0 turns caching off but keeps the sharing of
in-flight loads.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog

log = structlog.get_logger("switchboard.cache")
T = TypeVar("T")
MAX_LOCAL_ENTRIES = 256
PREFIX = "switchboard:cache:"


class SharedCache:
    def __init__(self, url: str | None = None) -> None:
        self._local: OrderedDict[str, tuple[float, Any]] = OrderedDict()  # key -> (expires, value)
        self._inflight: dict[str, asyncio.Task[Any]] = {}
        self._generation = 0  # bumped by invalidate: a load that started before does not store its answer
        self._redis: Any = None
        if url and url.startswith(("redis://", "rediss://")):
            import redis.asyncio as redis

            self._redis = redis.from_url(url)

    @property
    def shared(self) -> bool:
        return self._redis is not None

    async def get_or_load(
        self,
        key: str,
        ttl: float,
        load: Callable[[], Awaitable[T]],
        encode: Callable[[T], Any] = lambda v: v,
        decode: Callable[[Any], T] = lambda v: v,
        *,
        shared: bool = True,
    ) -> T:
        """The cached value of `key`, or the answer of one `load()` shared by every concurrent caller."""
        found = self._local.get(key)
        if found is not None and found[0] > time.monotonic():
            return decode(found[1])
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.create_task(self._fill(key, ttl, load, encode, shared and self.shared))
            self._inflight[key] = task
            task.add_done_callback(lambda t: self._inflight.pop(key, None) if self._inflight.get(key) is t else None)
        # shield: one caller that goes away (a closed request) must not cancel the load the others wait for
        return decode(await asyncio.shield(task))

    async def _fill(
        self, key: str, ttl: float, load: Callable[[], Awaitable[Any]], encode: Callable[[Any], Any], remote: bool
    ) -> Any:
        generation = self._generation
        if remote and ttl > 0:
            try:
                raw = await self._redis.get(PREFIX + key)
                if raw is not None:
                    return json.loads(raw)
            except Exception as exc:  # the cache is an optimisation: a Redis hiccup loads instead
                log.warning("cache read failed", cache_key=key, error=str(exc))
        value = encode(await load())
        if ttl > 0 and generation == self._generation:
            if not remote:  # a shared value lives in Redis only: another replica's invalidation reaches us
                self._store(key, ttl, value)
            else:
                try:
                    await self._redis.set(PREFIX + key, json.dumps(value, separators=(",", ":")), px=int(ttl * 1000))
                except Exception as exc:
                    log.warning("cache write failed", cache_key=key, error=str(exc))
        return value

    def _store(self, key: str, ttl: float, value: Any) -> None:
        self._local[key] = (time.monotonic() + ttl, value)
        self._local.move_to_end(key)
        while len(self._local) > MAX_LOCAL_ENTRIES:
            self._local.popitem(last=False)

    async def invalidate(self, *keys: str) -> None:
        """Forget these keys here and in Redis (a pulled or deleted model must show at once)."""
        self._generation += 1
        for key in keys:
            self._local.pop(key, None)
            self._inflight.pop(key, None)
        if self._redis is not None and keys:
            try:
                await self._redis.delete(*(PREFIX + k for k in keys))
            except Exception as exc:
                log.warning("cache invalidation failed", keys=keys, error=str(exc))

    async def aclose(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
