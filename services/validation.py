"""Input checks shared by the domain services: clear messages, nothing written on failure."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import jsonschema
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from services.errors import ValidationFailed
from services.settings import LimitSettings, _check_model_name


def camel_path(path: str) -> str:
    """'retrieval.top_k' -> 'retrieval.topK': a settings or input path as clients spell it."""
    return ".".join(part.split("_")[0] + "".join(w.title() for w in part.split("_")[1:]) for part in path.split("."))


def utc_moment(value: datetime) -> datetime:
    """A moment in UTC (one without an offset is taken as UTC). Near the ends of the calendar some moments have no
    UTC equivalent (`9999-12-31T23:59:59-05:00`): that is a ValueError here rather than an OverflowError when a
    query binds the value."""
    try:
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value.isoformat()} is outside the years 1 to 9999 in UTC") from None


UTCMoment = Annotated[datetime, AfterValidator(utc_moment)]


def decoded_problem(value: Any, max_depth: int) -> str | None:
    """What is wrong with a document the server decoded itself (an import's JSON or YAML), which the request's
    checks never saw: nesting deeper than `max_depth`, or a string breaking the rule every string input follows (no
    NUL, no unpaired surrogate: Postgres stores neither, so SQLite must not either), or a binary value (YAML's
    `!!binary`). None when it is fine. Iterative and linear in the number of values."""
    stack: list[tuple[str, Any, int]] = [("", value, 1)]
    while stack:
        where, item, depth = stack.pop()
        if depth > max_depth:
            return f"the document is nested more than {max_depth} levels deep (at {where or 'the top'})"
        if isinstance(item, str):
            if problem := _string_problem(item):
                return f"{where or 'the document'} contains {problem}"
        elif isinstance(item, bytes | bytearray):
            return f"{where or 'the document'} is a binary value; use text"
        elif isinstance(item, dict):
            for key, inner in item.items():
                path = f"{where}.{key}" if where else str(key)
                if isinstance(key, str) and (problem := _string_problem(key)):
                    return f"a key at {where or 'the top'} contains {problem}"
                stack.append((path, inner, depth + 1))
        elif isinstance(item, list):
            stack.extend((f"{where}[{index}]", inner, depth + 1) for index, inner in enumerate(item))
        elif not isinstance(item, int | float | bool | datetime | date) and item is not None:
            return f"{where or 'the document'} holds a {type(item).__name__}, which is not a JSON value"
    return None


def _string_problem(text: str) -> str | None:
    if "\x00" in text:
        return "a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "an unpaired UTF-16 surrogate"
    return None


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


MAX_TOOL_CALLS = 64


class ToolCallData(BaseModel):
    """One tool call as stored on an assistant message."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=200)
    input: dict[str, Any] = Field(default_factory=dict)


def tool_calls(value: list[dict[str, Any]], field: str = "toolCalls") -> list[dict[str, Any]]:
    if len(value) > MAX_TOOL_CALLS:
        raise ValidationFailed(f"{field}: at most {MAX_TOOL_CALLS} tool calls", field)
    checked = [_checked(ToolCallData, call, f"{field}.{index}") for index, call in enumerate(value)]
    if len({c["id"] for c in checked}) != len(checked):
        raise ValidationFailed(f"{field}: call ids must be distinct", field)
    return checked


MAX_AGENT_TOOLS = 64


class AgentTool(BaseModel):
    """One tool an agent may use, and whether each call waits for the user's approval."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    approval: Literal["auto", "ask"] = "auto"


def agent_tools(value: list[dict[str, Any]] | None, known: Callable[[str], bool], field: str = "tools") -> list[Any]:
    """The agent's tool list: known tools, each once."""
    value = value or []
    if len(value) > MAX_AGENT_TOOLS:
        raise ValidationFailed(f"{field}: at most {MAX_AGENT_TOOLS} tools", field)
    checked = [_checked(AgentTool, item, f"{field}.{index}") for index, item in enumerate(value)]
    for index, item in enumerate(checked):
        if not known(item["name"]):
            raise ValidationFailed(f"{field}.{index}.name: no tool named {item['name']!r} (see availableTools)", field)
    if len({item["name"] for item in checked}) != len(checked):
        raise ValidationFailed(f"{field}: each tool may be listed once", field)
    return checked


MAX_CLIENT_TOOLS = 32
MAX_SCHEMA_BYTES = 16_000
TOOL_NAME = r"^[A-Za-z0-9_-]{1,64}$"


class ClientTool(BaseModel):
    """A tool the front end runs itself: the run waits for its answer."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    name: str = Field(pattern=TOOL_NAME)
    description: str = Field(default="", max_length=2000)
    input_schema: dict[str, Any] = Field(default_factory=lambda: {"type": "object"}, alias="inputSchema")


def client_tools(value: list[dict[str, Any]], taken: set[str], field: str = "clientTools") -> list[dict[str, Any]]:
    """Checked client tools in their stored form; names must be new to the agent and each a valid JSON Schema."""
    if len(value) > MAX_CLIENT_TOOLS:
        raise ValidationFailed(f"{field}: at most {MAX_CLIENT_TOOLS} client tools", field)
    out: list[dict[str, Any]] = []
    for index, item in enumerate(value):
        where = f"{field}.{index}"
        try:
            tool = ClientTool.model_validate(item)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ValidationFailed(f"{where}.{first['loc'][0]}: {first['msg']}", where) from None
        if len(json.dumps(tool.input_schema)) > MAX_SCHEMA_BYTES:
            raise ValidationFailed(f"{where}.inputSchema: at most {MAX_SCHEMA_BYTES} bytes", f"{where}.inputSchema")
        try:
            jsonschema.Draft202012Validator.check_schema(tool.input_schema)
        except jsonschema.SchemaError as exc:
            raise ValidationFailed(f"{where}.inputSchema is not a JSON Schema: {exc.message}", where) from None
        if tool.name in taken:
            raise ValidationFailed(f"{where}.name: {tool.name!r} is taken by another tool", f"{where}.name")
        taken = taken | {tool.name}
        out.append({"name": tool.name, "description": tool.description, "inputSchema": tool.input_schema})
    return out
