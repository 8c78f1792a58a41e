"""Tool choice as stored (`auto`, `none`, `required`, `tool:<name>`) and as providers take it (`ToolChoice`)."""

from __future__ import annotations

from services.errors import ValidationFailed
from services.providers.base import ToolChoice

MODES = ("auto", "none", "required", "tool")


def parse(stored: str | None) -> ToolChoice:
    if not stored or stored == "auto":
        return ToolChoice()
    if stored.startswith("tool:"):
        return ToolChoice("tool", stored.removeprefix("tool:"))
    if stored in ("none", "required"):
        return ToolChoice(stored)  # type: ignore[arg-type]
    return ToolChoice()


def stored(mode: str, name: str | None, tools: list[str], field: str = "toolChoice") -> str:
    """The stored form of a choice, checked against the agent's tool names."""
    if mode not in MODES:
        raise ValidationFailed(f"{field}.mode must be one of {', '.join(m.upper() for m in MODES)}", field)
    if mode != "tool":
        if name:
            raise ValidationFailed(f"{field}.name is only for mode TOOL", f"{field}.name")
        return mode
    if not name:
        raise ValidationFailed(f"{field}: mode TOOL needs the tool's name", f"{field}.name")
    if name not in tools:
        raise ValidationFailed(f"{field}: the agent has no tool named {name!r}", f"{field}.name")
    return f"tool:{name}"


def for_round(choice: ToolChoice, round_: int) -> ToolChoice:
    """A forced choice (required, or a named tool) holds for the first round only; afterwards the model decides,
    or it could never give its answer."""
    if round_ > 1 and choice.mode in ("required", "tool"):
        return ToolChoice()
    return choice
