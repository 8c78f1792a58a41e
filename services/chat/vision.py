"""Which models can see images, in the providers' own words: Ollama's /api/show capabilities, Anthropic's current
models (all of them read images and PDFs), the embedded llama.cpp models (text only).

Used to refuse an image for a model that cannot see it before anything is queued, naming models that can, and to
start a MULTIMODAL agent on a model that can."""

from __future__ import annotations

from services.errors import ValidationFailed
from services.providers import Providers
from services.providers.base import KNOWN_CAPABILITIES as KNOWN
from services.providers.base import ModelInfo
from services.settings import Settings

SUGGESTION = (
    "configure a vision model as models.vision, e.g. ollama:gemma3:4b (after `ollama pull gemma3:4b`) or an "
    "anthropic:claude model with an API key"
)


def _listed(models: list[ModelInfo], name: str) -> ModelInfo | None:
    wanted = {name}
    if name.startswith("ollama:") and ":" not in name.removeprefix("ollama:"):
        wanted.add(name + ":latest")  # Ollama's own default tag
    return next((m for m in models if m.name in wanted), None)


async def capabilities(providers: Providers, name: str) -> tuple[str, ...] | None:
    """The model's capabilities, or None when neither its provider's listing nor the provider says."""
    models, _ = await providers.models()
    if (found := _listed(models, name)) is not None:
        return found.capabilities or KNOWN.get(found.provider)
    return KNOWN.get(name.partition(":")[0])


async def vision_models(providers: Providers, settings: Settings) -> list[str]:
    """Models that can see: the configured one first, then every listed model whose provider says so."""
    models, _ = await providers.models()
    found = [m.name for m in models if "vision" in (m.capabilities or KNOWN.get(m.provider, ()))]
    configured = [settings.models.vision] if settings.models.vision else []
    return configured + [name for name in found if name not in configured]


async def default_model(providers: Providers, settings: Settings) -> str | None:
    """What a MULTIMODAL agent starts on: the configured vision model, else an installed one, else None."""
    found = await vision_models(providers, settings)
    return found[0] if found else None


async def require_vision(providers: Providers, settings: Settings, names: list[str], field: str) -> None:
    """Refuse (ValidationFailed on `field`) when a model among `names` cannot see images, naming models that can."""
    for name in names:
        found = await capabilities(providers, name)
        if found is not None and "vision" in found:
            continue
        can = await vision_models(providers, settings)
        hint = f"models that can: {', '.join(can[:3])}" if can else SUGGESTION
        if found is None:
            reason = f"{name} is not listed by its provider, so it cannot be told whether it sees images"
        else:
            reason = f"{name} cannot see images (its provider lists: {', '.join(found) or 'nothing'})"
        raise ValidationFailed(f"{reason}; {hint}", field)
