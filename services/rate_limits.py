"""Per-user rate limits per class of operation, and login throttling, on the `limits` library.

Each class ('queries', 'mutations', 'runs', 'uploads') has a rate from `[quotas]`, counted in a moving window per
user (per client address for anonymous requests), so a refusal is exact: the N+1th request inside any window of
the rate's length. The counters live in memory, or in Redis when pub/sub is Redis, so replicas share them.

Login throttling counts failures only, per account and per client address: a brute force soon waits, the real
user (who types the right password) is never counted, and an account an attacker hammers is free again one
window after the attack stops (never locked for longer).
"""

from __future__ import annotations

import functools
import hashlib
import math
import time
from collections.abc import Awaitable, Callable

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter

from services.auth import Actor
from services.errors import RateLimited
from services.settings import QuotaSettings

CLASSES = ("queries", "mutations", "runs", "uploads")
log = structlog.get_logger("switchboard.limits")


@functools.lru_cache(maxsize=64)
def _items(rate: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(rate)) if rate else ()


def storage_for(pubsub_url: str, namespace: str) -> Storage:
    """Redis when pub/sub is Redis (replicas share the counts), else this process's memory. `namespace` keeps two
    deployments on one Redis apart (the lifespan passes a digest of the database URL)."""
    if pubsub_url.startswith(("redis://", "rediss://")):
        prefix = hashlib.sha256(namespace.encode()).hexdigest()[:16]
        return RedisStorage(f"async+{pubsub_url}", implementation="redispy", key_prefix=f"switchboard-limits:{prefix}")
    return MemoryStorage()


class RateLimiter:
    def __init__(self, quotas: Callable[[], QuotaSettings], storage: Storage | None = None) -> None:
        self._quotas = quotas  # read per call: a config reload applies at once
        self.storage = storage or MemoryStorage()
        self._window = MovingWindowRateLimiter(self.storage)

    def exempt(self, actor: Actor | None) -> bool:
        return actor is not None and actor.is_admin and self._quotas().exempt_admins

    async def hit(self, kind: str, actor: Actor | None, address: str) -> None:
        """Count one operation of class `kind`; RateLimited (with seconds to wait) when its rate is spent."""
        assert kind in CLASSES
        if self.exempt(actor):
            return
        who = f"user:{actor.id}" if actor is not None else f"addr:{address}"
        rate: str = getattr(self._quotas(), kind)
        for item in _items(rate):
            if not await self._counted(self._window.hit(item, kind, who)):
                wait = await self._retry_after(item, kind, who)
                raise RateLimited(f"too many {kind} ({rate}); try again in {wait} s", wait)

    async def check_login(self, username: str, address: str) -> None:
        """Before a password is checked: refused while the account's or the address's failures are spent."""
        quotas = self._quotas()
        for rate, key in (
            (quotas.login_failures_per_account, f"account:{username.lower()}"),
            (quotas.login_failures_per_address, f"addr:{address}"),
        ):
            for item in _items(rate):
                if not await self._counted(self._window.test(item, "login", key)):
                    wait = await self._retry_after(item, "login", key)
                    raise RateLimited(f"too many failed logins; try again in {wait} s", wait)

    async def login_failed(self, username: str, address: str) -> None:
        quotas = self._quotas()
        for rate, key in (
            (quotas.login_failures_per_account, f"account:{username.lower()}"),
            (quotas.login_failures_per_address, f"addr:{address}"),
        ):
            for item in _items(rate):
                await self._counted(self._window.hit(item, "login", key))

    async def _counted(self, check: Awaitable[bool]) -> bool:
        """A storage that cannot be reached (Redis down) lets the request through, logged: the limits protect
        the service, and must not be what takes it down."""
        try:
            return await check
        except Exception:
            log.warning("rate limit storage unavailable; not limiting", exc_info=True)
            return True

    async def _retry_after(self, item: RateLimitItem, *identifiers: str) -> int:
        try:
            stats = await self._window.get_window_stats(item, *identifiers)
        except Exception:
            return 1
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def reset(self) -> None:
        await self.storage.reset()
