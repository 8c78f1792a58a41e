"""LLM providers behind one protocol (base.py), and the registry the app holds for its lifetime."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from services.cache import SharedCache
from services.providers import tls
from services.providers.base import (
    ChatProvider,
    ModelInfo,
    PermanentProviderError,
    ProviderError,
    ProviderHealth,
    split_model_name,
)
from services.settings import PROVIDERS, Settings

Survey = tuple[list[ModelInfo], list[ProviderHealth]]

# The modules behind each provider. Importing one pulls in its SDK (anthropic alone takes seconds on a small
# machine), so they are imported once, in a worker thread, while the app starts: never inside the event loop
# on a run's first use of a provider, where every stream in flight would stall behind the import.
PROVIDER_MODULES = {
    "local": "services.providers.local",
    "ollama": "services.providers.ollama",
    "anthropic": "services.providers.anthropic",
}


# What the SDKs import lazily, on the loop: the Anthropic SDK's transport (httpx2) imports httpcore2 (with h2) as
# its first client is built, ~70 ms, and its tracing imports OpenTelemetry's propagators on its first request;
# httpcore imports anyio's asyncio backend on a client's first request, ~40 ms.
RUNTIME_MODULES = ("httpcore2", "opentelemetry.propagate", "anyio._backends._asyncio")


async def preload_provider_modules() -> None:
    """Import every provider's module (and its SDK, and what their first request imports) off the event loop, and
    load the TLS trust store the providers' HTTP clients share (services/providers/tls.py)."""

    def preload() -> None:
        for module in (*PROVIDER_MODULES.values(), *RUNTIME_MODULES):
            importlib.import_module(module)
        tls.context()

    await asyncio.to_thread(preload)


class Providers:
    """Builds each provider on first use and rebuilds an HTTP provider when its settings change
    (`updateConfig` can move the Ollama host or set the Anthropic key at runtime)."""

    def __init__(self, settings: Callable[[], Settings], cache: SharedCache | None = None) -> None:
        self._current = settings  # the live settings: runtime config changes apply on next use
        self._cache = cache or SharedCache()
        self._built: dict[str, tuple[Any, ChatProvider]] = {}
        self._retired: list[ChatProvider] = []

    @property
    def _settings(self) -> Settings:
        return self._current()

    def _key(self, name: str) -> Any:
        p = self._settings.providers
        if name == "local":
            return (
                str(self._settings.data_dir),
                tuple(sorted(p.local_models.items())),
                p.local_context_tokens,
                p.local_threads,
            )
        if name == "ollama":
            return (p.ollama_host, p.request_timeout_seconds, p.ollama_keep_alive)
        key = p.anthropic_api_key.get_secret_value() if p.anthropic_api_key else None
        return (key, p.anthropic_base_url, p.request_timeout_seconds)

    def get(self, name: str) -> ChatProvider:
        if name not in PROVIDERS:
            raise PermanentProviderError(f"unknown provider {name!r}; known: {', '.join(PROVIDERS)}")
        key = self._key(name)
        built = self._built.get(name)
        if built is not None and built[0] == key:
            return built[1]
        if built is not None:
            self._retired.append(built[1])
        provider = self._build(name)
        self._built[name] = (key, provider)
        return provider

    def resolve(self, model_name: str) -> tuple[ChatProvider, str]:
        """'ollama:qwen2.5-coder:3b' -> (the Ollama provider, 'qwen2.5-coder:3b')."""
        try:
            provider, model = split_model_name(model_name)
        except ValueError as exc:
            raise PermanentProviderError(str(exc)) from None
        return self.get(provider), model

    def _build(self, name: str) -> ChatProvider:
        s, p = self._settings, self._settings.providers
        if name == "local":
            from services.providers.local import LocalProvider

            return LocalProvider(
                Path(s.data_dir),
                models=dict(p.local_models),
                context_tokens=p.local_context_tokens,
                threads=p.local_threads,
            )
        if name == "ollama":
            from services.providers.ollama import OllamaProvider

            return OllamaProvider(p.ollama_host, timeout=p.request_timeout_seconds, keep_alive=p.ollama_keep_alive)
        from services.providers.anthropic import AnthropicProvider

        key = p.anthropic_api_key.get_secret_value() if p.anthropic_api_key else None
        return AnthropicProvider(key, base_url=p.anthropic_base_url, timeout=p.request_timeout_seconds)

    async def models(self) -> Survey:
        """Every model of every reachable provider, and each provider's health: one listing per provider,
        cached for `cache_ttl_seconds` and shared by concurrent callers (README "Caching")."""
        return await self._cache.get_or_load(
            self._survey_key(), self._settings.cache_ttl_seconds, self._survey, _encode_survey, _decode_survey
        )

    async def health(self) -> list[ProviderHealth]:
        return (await self.models())[1]

    async def invalidate(self) -> None:
        """Forget the cached survey: a pulled or deleted model shows at once."""
        await self._cache.invalidate(self._survey_key())

    def _survey_key(self) -> str:
        # The providers' settings are part of the key, so `updateConfig` (a new host or key) is never
        # answered from the old survey; hashed, because the Anthropic key is among them.
        keys = repr([self._key(name) for name in PROVIDERS]).encode()
        return "survey:" + hashlib.sha256(keys).hexdigest()[:32]

    async def _survey(self) -> Survey:
        async def one(name: str) -> tuple[list[ModelInfo], ProviderHealth]:
            provider = self.get(name)
            if getattr(provider, "health_from_listing", False):
                # HTTP providers: the listing is the health check, so one call answers both.
                try:
                    found = await provider.list_models()
                except ProviderError as exc:
                    return [], ProviderHealth(name, False, exc.message)
                except Exception as exc:
                    return [], ProviderHealth(name, False, f"listing models failed: {exc}")
                return found, ProviderHealth(name, True, f"{len(found)} models")
            health = await provider.health()
            if not health.ok:
                return [], health
            try:
                return await provider.list_models(), health
            except Exception as exc:
                return [], ProviderHealth(name, False, f"listing models failed: {exc}")

        results = await asyncio.gather(*(one(name) for name in PROVIDERS))
        return [m for models, _ in results for m in models], [h for _, h in results]

    async def aclose(self) -> None:
        for provider in [*self._retired, *(p for _, p in self._built.values())]:
            await provider.aclose()
        self._built.clear()
        self._retired.clear()


def _encode_survey(survey: Survey) -> list[Any]:
    models, healths = survey
    return [[dataclasses.asdict(m) for m in models], [dataclasses.asdict(h) for h in healths]]


def _decode_survey(data: list[Any]) -> Survey:
    models = [ModelInfo(**{**m, "capabilities": tuple(m.get("capabilities") or ())}) for m in data[0]]
    return models, [ProviderHealth(**h) for h in data[1]]
