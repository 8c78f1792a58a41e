"""Input checks shared by the domain services: clear messages, nothing written on failure."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.errors import ValidationFailed
from services.settings import LimitSettings, _check_model_name


def camel_path(path: str) -> str:
    """'retrieval.top_k' -> 'retrieval.topK': a settings or input path as clients spell it."""
    return ".".join(part.split("_")[0] + "".join(w.title() for w in part.split("_")[1:]) for part in path.split("."))


def name(value: str, field: str, limits: LimitSettings) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise ValidationFailed(f"{field} must not be empty", field)
    if len(cleaned) > limits.max_name_length:
        raise ValidationFailed(f"{field} must be at most {limits.max_name_length} characters", field)
    return cleaned


def text(value: str, field: str, limits: LimitSettings, *, required: bool = False) -> str:
    if required and not value.strip():
        raise ValidationFailed(f"{field} must not be empty", field)
    if len(value) > limits.max_text_length:
        raise ValidationFailed(f"{field} must be at most {limits.max_text_length} characters", field)
    return value


def metadata_filter(value: Any, field: str = "metadata") -> dict[str, str]:
    """A metadata filter (`{"key": "value", ...}`, every value compared as text), or why it is not one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed(f"{field} must be a JSON object", field)
    return {str(k): str(v) for k, v in value.items()}


def model_name(value: str, field: str = "model") -> str:
    try:
        return _check_model_name(value.strip())
    except ValueError as exc:
        raise ValidationFailed(f"{field}: {exc}", field) from None


MAX_FALLBACK_MODELS = 5


def fallback_models(values: list[str], field: str = "fallbackModels") -> list[str]:
    """Up to five 'provider:model' names, without repeats, in the order they are to be tried."""
    if len(values) > MAX_FALLBACK_MODELS:
        raise ValidationFailed(f"{field}: at most {MAX_FALLBACK_MODELS} fallback models", field)
    names = [model_name(value, field) for value in values]
    if len(set(names)) != len(names):
        raise ValidationFailed(f"{field}: a model is named twice", field)
    return names


class GenerationParameters(BaseModel):
    """Sampling parameters an agent passes to its model."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    top_k: int | None = Field(default=None, ge=1, le=1000)
    max_tokens: int | None = Field(default=None, ge=1, le=131_072)
    stop: list[str] | None = Field(default=None, max_length=8)
    seed: int | None = None


def _checked(model: type[BaseModel], value: dict[str, Any] | None, field: str) -> dict[str, Any]:
    """The value validated by `model`, without unset keys; the first problem as a ValidationFailed."""
    try:
        checked = model.model_validate(value or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ValidationFailed(f"{field}.{where}: {message}", f"{field}.{where}") from None
    return checked.model_dump(exclude_none=True)


def parameters(value: dict[str, Any] | None, field: str = "parameters") -> dict[str, Any]:
    return _checked(GenerationParameters, value, field)


class RetrievalOptions(BaseModel):
    """What an agent reads before it answers (retrieval-augmented chat) and whether it keeps memories."""

    model_config = ConfigDict(extra="forbid")

    use_knowledge: bool = False
    knowledge_scope: Literal["agent", "all"] = "agent"  # the agent's own contents, or all of the owner's
    use_memory: bool = False
    top_k: int | None = Field(default=None, ge=1, le=20)  # None: retrieval.top_k from config
    score_threshold: float | None = None  # in the chosen mode's score units; None: retrieval.score_threshold
    mode: Literal["dense", "sparse", "hybrid"] = "hybrid"
    extract_memories: bool = False
    memory_model: str | None = None  # proposes facts after each turn; the agent's own model if unset

    @field_validator("memory_model")
    @classmethod
    def _model(cls, value: str | None) -> str | None:
        return _check_model_name(value.strip()) if value else None


def retrieval(value: dict[str, Any] | None, field: str = "retrieval") -> dict[str, Any]:
    return _checked(RetrievalOptions, value, field)
