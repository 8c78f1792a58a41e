"""Readiness: is every part this server needs answering, and how fast (README "Health and readiness").

The database, the vector store and pub/sub are required: when one is down the server cannot serve, and
`/ready` answers 503. Each configured provider is checked too, with its latency and error; a provider is
required only when `ready_required_providers` names it (a chat server whose model host is down may still
serve conversations, search and admin). Every check runs at once, each bounded by `ready_timeout_seconds`;
provider checks are reused for `cache_ttl_seconds` so a load balancer polling every second does not poll
the model hosts every second.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.cache import SharedCache
from services.knowledge.index import Knowledge
from services.providers import Providers
from services.pubsub import PubSub
from services.settings import PROVIDERS, Settings

HEALTH_CHANNEL = "health"


class ProviderDown(Exception):
    """A provider's own health check said no; its detail is the error."""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    required: bool
    latency_ms: float | None
    error: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Readiness:
    checks: list[Check]

    @property
    def ready(self) -> bool:
        return all(c.ok for c in self.checks if c.required)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "ready" if self.ready else "unavailable",
            "checks": {
                c.name: {
                    "ok": c.ok,
                    "required": c.required,
                    "latencyMs": c.latency_ms,
                    "error": c.error,
                    "detail": c.detail,
                }
                for c in self.checks
            },
        }


async def timed(name: str, required: bool, probe: Callable[[], Awaitable[str | None]], limit: float) -> Check:
    """Run one probe within `limit` seconds; it returns a detail or raises."""
    started = time.perf_counter()
    try:
        async with asyncio.timeout(limit):
            detail = await probe()
    except TimeoutError:
        return Check(name, False, required, _ms(started), f"no answer within {limit:g} s")
    except Exception as exc:
        error = str(exc) if isinstance(exc, ProviderDown) else f"{type(exc).__name__}: {exc}"
        return Check(name, False, required, _ms(started), error[:500])
    return Check(name, True, required, _ms(started), None, detail)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def configured_providers(settings: Settings) -> list[str]:
    """The built-in model and Ollama always are (Ollama has a default host); Anthropic needs its key."""
    return [name for name in PROVIDERS if name != "anthropic" or settings.providers.anthropic_api_key is not None]


async def readiness(
    settings: Settings,
    read_db: async_sessionmaker[AsyncSession],
    knowledge: Knowledge,
    pubsub: PubSub,
    providers: Providers,
    cache: SharedCache,
) -> Readiness:
    timeout = settings.ready_timeout_seconds

    async def database() -> str | None:
        async with read_db() as session:
            await session.execute(text("SELECT 1"))
        return None

    async def vectors() -> str | None:
        return f"{len(await knowledge.vectors.collection_names())} collections"

    async def bus() -> str | None:
        await pubsub.publish(HEALTH_CHANNEL, {"op": "ping"})  # reaches Redis or Postgres when they are the bus
        return pubsub.url.split("://", 1)[0]

    def provider(name: str) -> Callable[[], Awaitable[str | None]]:
        async def probe() -> str | None:
            async def check() -> dict[str, Any]:
                health = await providers.get(name).health()
                return asdict(health)

            health = await cache.get_or_load(f"ready:{name}", settings.cache_ttl_seconds, check, shared=False)
            if not health["ok"]:
                raise ProviderDown(health["detail"])
            return str(health["detail"])

        return probe

    required = set(settings.ready_required_providers)
    checks = [
        timed("database", True, database, timeout),
        timed("vectors", True, vectors, timeout),
        timed("pubsub", True, bus, timeout),
        *(
            timed(f"provider:{name}", name in required, provider(name), timeout)
            for name in configured_providers(settings)
        ),
    ]
    return Readiness(list(await asyncio.gather(*checks)))
