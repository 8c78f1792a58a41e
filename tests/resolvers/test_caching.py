"""`models`, `providers` and `hardware` are cached for `cache_ttl_seconds` and concurrent requests share one
upstream call: counted on the loopback fakes."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import REDIS_URL, running
from tests.fakes import anthropic as fake_anthropic
from tests.fakes.script import Script

QUERY = "{ models { name } providers { name ok detail } }"


@pytest.fixture
def anthropic_host() -> Iterator[tuple[str, Script]]:
    script = Script(models=["claude-test"], api_key="sk-ant-test")
    with fake_anthropic.running(script) as host:
        yield host, script


def calls(script: Script, path: str) -> int:
    return sum(1 for r in script.requests if r.path == path)


@pytest.mark.parametrize("pubsub_url", ["memory://", REDIS_URL])
async def test_models_and_providers_make_one_listing_per_provider(
    make_settings: Any, ollama_host: str, script: Script, anthropic_host: tuple[str, Script], pubsub_url: str
) -> None:
    base, anthropic = anthropic_host
    providers = {"ollama_host": ollama_host, "anthropic_base_url": base, "anthropic_api_key": "sk-ant-test"}
    async with running(make_settings(providers=providers, pubsub_url=pubsub_url)) as (app, gql):
        data = await gql(QUERY)
        assert {"ollama:test-model", "anthropic:claude-test"} <= {m["name"] for m in data["models"]}
        assert all(p["ok"] for p in data["providers"]), data
        assert calls(script, "/api/tags") == 1 and calls(anthropic, "/v1/models") == 1  # was 3 and 3
        await asyncio.gather(*(gql(QUERY) for _ in range(10)))  # within the TTL: answered from the cache
        assert calls(script, "/api/tags") == 1 and calls(anthropic, "/v1/models") == 1

        await app.state.services.providers.invalidate()
        await asyncio.gather(*(gql(QUERY) for _ in range(10)))  # ten at once share one call
        assert calls(script, "/api/tags") == 2 and calls(anthropic, "/v1/models") == 2


async def test_ttl_zero_turns_caching_off(make_settings: Any, ollama_host: str, script: Script) -> None:
    async with running(make_settings(providers={"ollama_host": ollama_host}, cache_ttl_seconds=0)) as (_, gql):
        await gql(QUERY)
        await gql(QUERY)
        assert calls(script, "/api/tags") == 2


async def test_a_config_change_is_not_answered_from_the_cache(make_settings: Any, ollama_host: str) -> None:
    async with running(make_settings(providers={"ollama_host": ollama_host})) as (_, gql):
        assert {p["name"]: p["ok"] for p in (await gql(QUERY))["providers"]}["ollama"]
        changed = await gql(
            """mutation { updateConfig(input: {providers: {ollamaHost: "http://127.0.0.1:9"}}) {
                 __typename } }"""
        )
        assert changed["updateConfig"]["__typename"] == "Config", changed
        assert not {p["name"]: p["ok"] for p in (await gql(QUERY))["providers"]}["ollama"]


async def test_hardware_is_cached(make_settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from services import hardware

    taken = []
    real = hardware.snapshot
    monkeypatch.setattr(hardware, "snapshot", lambda: taken.append(1) or real())
    async with running(make_settings()) as (_, gql):
        await asyncio.gather(*(gql("{ hardware { logicalCores } }") for _ in range(5)))
        await gql("{ hardware { logicalCores } }")
    assert len(taken) == 1
