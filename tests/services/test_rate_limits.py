"""The rate limiter without GraphQL: exact counts in a moving window, admins exempt, several rates at once, and
counts shared through Redis by limiters that serve one deployment (replicas), apart from another deployment's."""

from __future__ import annotations

import uuid

import pytest

from services.auth import Actor
from services.errors import RateLimited
from services.rate_limits import RateLimiter, storage_for
from services.settings import QuotaSettings
from tests.conftest import REDIS_URL

USER = Actor(id="u1", username="alice", role="user")
ADMIN = Actor(id="a1", username="root", role="admin")


async def _allowed(limiter: RateLimiter, n: int, kind: str = "queries", actor: Actor | None = USER) -> int:
    passed = 0
    for _ in range(n):
        try:
            await limiter.hit(kind, actor, "10.0.0.1")
            passed += 1
        except RateLimited as exc:
            assert exc.code == "RATE_LIMITED" and exc.retry_after is not None and exc.retry_after >= 1
    return passed


async def test_every_rate_of_a_class_holds_and_admins_are_exempt() -> None:
    limiter = RateLimiter(lambda: QuotaSettings(queries="3/minute;4/hour", mutations="off"))
    assert await _allowed(limiter, 10) == 3
    assert await _allowed(limiter, 10, "mutations") == 10  # off
    assert await _allowed(limiter, 10, actor=ADMIN) == 10
    assert await _allowed(limiter, 10, actor=None) == 3  # anonymous: counted per address
    strict = RateLimiter(lambda: QuotaSettings(queries="3/minute", exempt_admins=False))
    assert await _allowed(strict, 5, actor=ADMIN) == 3


async def test_login_failures_are_counted_per_account_and_per_address() -> None:
    limiter = RateLimiter(
        lambda: QuotaSettings(login_failures_per_account="2/hour", login_failures_per_address="3/hour")
    )
    for _ in range(2):
        await limiter.check_login("Alice", "10.0.0.1")
        await limiter.login_failed("Alice", "10.0.0.1")
    with pytest.raises(RateLimited):
        await limiter.check_login("alice", "10.0.0.9")  # the account, from anywhere, any case
    await limiter.check_login("bob", "10.0.0.1")
    await limiter.login_failed("bob", "10.0.0.1")
    with pytest.raises(RateLimited):
        await limiter.check_login("carol", "10.0.0.1")  # the address's third failure
    await limiter.check_login("carol", "10.0.0.2")


async def test_replicas_share_counts_through_redis() -> None:
    deployment = f"postgresql://db/{uuid.uuid4().hex}"
    quotas = QuotaSettings(queries="5/hour")
    one = RateLimiter(lambda: quotas, storage_for(REDIS_URL, deployment))
    two = RateLimiter(lambda: quotas, storage_for(REDIS_URL, deployment))
    other = RateLimiter(lambda: quotas, storage_for(REDIS_URL, deployment + "-other"))
    try:
        assert await _allowed(one, 3) == 3
        assert await _allowed(two, 5) == 2  # the same window, seen from another replica
        assert await _allowed(other, 5) == 5  # another deployment on the same Redis counts apart
    finally:
        for limiter in (one, two, other):
            await limiter.reset()


def test_storage_is_memory_unless_pubsub_is_redis() -> None:
    assert type(storage_for("memory://", "x")).__name__ == "MemoryStorage"
    assert type(storage_for("postgres://db/x", "x")).__name__ == "MemoryStorage"
    assert type(storage_for("redis://127.0.0.1:6379/0", "x")).__name__ == "RedisStorage"


def test_bad_rates_are_refused_by_the_settings() -> None:
    with pytest.raises(ValueError, match="not a rate"):
        QuotaSettings(queries="lots")
    assert QuotaSettings(queries="OFF").queries == ""
    with pytest.raises(ValueError):
        QuotaSettings(daily_tokens={"openai": 5})


async def test_an_unreachable_storage_lets_requests_through() -> None:
    down = RateLimiter(lambda: QuotaSettings(queries="1/hour"), storage_for("redis://127.0.0.1:9/0", "x"))
    assert await _allowed(down, 3) == 3
    await down.check_login("alice", "10.0.0.1")
    await down.login_failed("alice", "10.0.0.1")
