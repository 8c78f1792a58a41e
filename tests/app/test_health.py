"""/health is liveness (no dependency); /ready checks the database, the vector store, pub/sub and each configured
provider with latency and error, bounded in time, and answers 503 when a required part is down."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.conftest import running


async def test_ready_reports_every_part(make_settings: Any, ollama_host: str) -> None:
    async with running(make_settings(providers={"ollama_host": ollama_host})) as (_, gql):
        response = await gql.client.get("/ready")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "ready"
        checks = body["checks"]
        assert set(checks) == {
            "database",
            "vectors",
            "pubsub",
            "provider:local",
            "provider:ollama",
        }  # no key: no anthropic
        assert all(c["ok"] and c["error"] is None and c["latencyMs"] >= 0 for c in checks.values())
        assert [n for n, c in checks.items() if c["required"]] == ["database", "vectors", "pubsub"]
        assert checks["provider:ollama"]["detail"] == "1 models"


async def test_a_provider_down_is_reported_and_fails_ready_only_when_required(make_settings: Any) -> None:
    down = {"ollama_host": "http://127.0.0.1:9"}
    async with running(make_settings(providers=down)) as (_, gql):
        response = await gql.client.get("/ready")
        assert response.status_code == 200
        ollama = response.json()["checks"]["provider:ollama"]
        assert not ollama["ok"] and not ollama["required"] and "127.0.0.1:9" in ollama["error"]
    async with running(make_settings(providers=down, ready_required_providers=["ollama"])) as (_, gql):
        response = await gql.client.get("/ready")
        assert response.status_code == 503 and response.json()["status"] == "unavailable"
        assert (await gql.client.get("/health")).status_code == 200  # liveness does not care


async def test_a_required_part_down_or_hanging_is_503_within_the_limit(
    make_settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The limit is generous: the hanging check always reaches it, the database never does (a loaded CI machine).
    async with running(make_settings(ready_timeout_seconds=3)) as (app, gql):
        services = app.state.services

        async def hang() -> list[str]:
            await asyncio.Event().wait()
            return []

        async def refuse(channel: str, message: dict[str, Any]) -> None:
            raise ConnectionError("redis is gone")

        monkeypatch.setattr(services.knowledge.vectors, "collection_names", hang)
        monkeypatch.setattr(services.pubsub, "publish", refuse)
        response = await gql.client.get("/ready")
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["vectors"]["error"] == "no answer within 3 s"
        assert checks["pubsub"]["error"] == "ConnectionError: redis is gone"
        assert checks["database"]["ok"], checks["database"]


def test_unknown_required_provider_is_refused(make_settings: Any) -> None:
    with pytest.raises(ValueError, match="unknown providers"):
        make_settings(ready_required_providers=["nope"])
