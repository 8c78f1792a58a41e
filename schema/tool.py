"""Tool types: what tools exist (`availableTools`), an agent's tool list with approvals, and tool choice."""

from enum import Enum
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from services.providers.base import ToolSpec


@strawberry.enum(description="Where a tool runs.")
class ToolSource(Enum):
    BUILTIN = strawberry.enum_value("builtin", description="Served by Switchboard itself.")
    CLIENT = strawberry.enum_value("client", description="Run by the front end, which answers with `answerToolCall`.")


@strawberry.enum(description="Whether a call of the tool runs at once or waits for the user.")
class ToolApproval(Enum):
    AUTO = strawberry.enum_value("auto", description="Runs at once.")
    ASK = strawberry.enum_value("ask", description="Waits for `approveToolCall` or `denyToolCall`.")


@strawberry.enum(description="Whether the model may, must, or must not call tools.")
class ToolChoiceMode(Enum):
    AUTO = strawberry.enum_value("auto", description="The model decides.")
    NONE = strawberry.enum_value("none", description="No tools are offered.")
    REQUIRED = strawberry.enum_value("required", description="The first round must call a tool (any of them).")
    TOOL = strawberry.enum_value("tool", description="The first round must call the tool named in `name`.")


@strawberry.type(description="A tool a model can be given: its name, what it does and the JSON Schema of its input.")
class ToolDefinition:
    name: str = strawberry.field(description="The name the model calls it by.")
    description: str = strawberry.field(description="What it does, as the model reads it.")
    input_schema: JSON = strawberry.field(description="JSON Schema of its input; calls are checked against it.")
    source: ToolSource = strawberry.field(description="Where it runs.")

    @classmethod
    def of(cls, spec: ToolSpec, source: str = "builtin") -> "ToolDefinition":
        return cls(
            name=spec.name,
            description=spec.description,
            input_schema=cast(JSON, spec.input_schema),
            source=ToolSource(source),
        )


@strawberry.type(description="A tool an agent may use.")
class AgentTool:
    name: str = strawberry.field(description="The tool's name (see `availableTools`).")
    approval: ToolApproval = strawberry.field(description="Whether its calls wait for the user's approval.")
    definition: ToolDefinition | None = strawberry.field(description="The tool itself; null if it no longer exists.")


@strawberry.type(description="Whether the model may, must, or must not call tools, or which one it must call.")
class ToolChoice:
    mode: ToolChoiceMode = strawberry.field(description="The rule.")
    name: str | None = strawberry.field(description="The tool a TOOL choice forces.")

    @classmethod
    def of(cls, stored: str) -> "ToolChoice":
        if stored.startswith("tool:"):
            return cls(mode=ToolChoiceMode.TOOL, name=stored.removeprefix("tool:"))
        return cls(mode=ToolChoiceMode(stored if stored in ("none", "required") else "auto"), name=None)


def agent_tools(items: list[dict[str, Any]]) -> list[AgentTool]:
    from services.tools import catalog

    out = []
    for item in items:
        spec = catalog.spec(item["name"])
        out.append(
            AgentTool(
                name=item["name"],
                approval=ToolApproval(item.get("approval", "auto")),
                definition=ToolDefinition.of(spec) if spec else None,
            )
        )
    return out


@strawberry.input(description="A tool to give an agent.")
class AgentToolInput:
    name: str = strawberry.field(description="The tool's name (see `availableTools`).")
    approval: ToolApproval = strawberry.field(
        default=ToolApproval.AUTO, description="ASK: every call waits for the user's approval."
    )


@strawberry.input(description="Tool choice: AUTO, NONE, REQUIRED, or TOOL with the tool's name.")
class ToolChoiceInput:
    mode: ToolChoiceMode = strawberry.field(description="The rule.")
    name: str | None = strawberry.field(default=None, description="For TOOL: the tool the model must call.")


@strawberry.input(
    description="A tool the front end runs itself; when the model calls it the run waits (WAITING) for "
    "`answerToolCall`."
)
class ClientToolInput:
    name: str = strawberry.field(description="Letters, digits, _ and -, at most 64; not one of the agent's tools.")
    description: str = strawberry.field(default="", description="What it does, as the model reads it.")
    input_schema: JSON = strawberry.field(
        default_factory=lambda: {"type": "object"}, description="JSON Schema of its input; calls are checked first."
    )
