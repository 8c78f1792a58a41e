"""Input checks shared by the domain services: clear messages, nothing written on failure."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from services.errors import ValidationFailed
from services.settings import LimitSettings, _check_model_name


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


def model_name(value: str, field: str = "model") -> str:
    try:
        return _check_model_name(value.strip())
    except ValueError as exc:
        raise ValidationFailed(f"{field}: {exc}", field) from None


class GenerationParameters(BaseModel):
    """Sampling parameters an agent passes to its model."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    top_k: int | None = Field(default=None, ge=1, le=1000)
    max_tokens: int | None = Field(default=None, ge=1, le=131_072)
    stop: list[str] | None = Field(default=None, max_length=8)
    seed: int | None = None


def parameters(value: dict[str, Any] | None, field: str = "parameters") -> dict[str, Any]:
    try:
        checked = GenerationParameters.model_validate(value or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValidationFailed(f"{field}.{where}: {first['msg']}", f"{field}.{where}") from None
    return checked.model_dump(exclude_none=True)
