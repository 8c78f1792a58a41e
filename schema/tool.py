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
    MCP = strawberry.enum_value("mcp", description="Served by a registered MCP server.")


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


@strawberry.enum(description="How Switchboard talks to an MCP server.")
class McpTransport(Enum):
    STDIO = strawberry.enum_value("stdio", description="Starts `command` with `args` and speaks over its stdin/stdout.")
    HTTP = strawberry.enum_value("http", description="Streamable HTTP at `url`.")


@strawberry.type(description="How an MCP server answered last.")
class McpServerHealth:
    ok: bool | None = strawberry.field(description="Its last listing or call worked; null before any.")
    detail: str = strawberry.field(description="What happened, or what is wrong.")
    tool_count: int | None = strawberry.field(description="Tools it listed last.")


@strawberry.type(
    description="An MCP tool server; its tools are offered as `<name>__<tool>`. Secrets in `env` and "
    "`headers` are never returned, only their names."
)
class McpServer:
    id: strawberry.ID = strawberry.field(description="Its ID, for `deleteMcpServer`.")
    name: str = strawberry.field(description="Its name, the prefix of its tools' names.")
    transport: McpTransport = strawberry.field(description="STDIO or HTTP.")
    command: str | None = strawberry.field(description="The command (STDIO; admins only).")
    args: list[str] | None = strawberry.field(description="Its arguments (STDIO; admins only).")
    url: str | None = strawberry.field(description="The endpoint (HTTP; admins only).")
    env_names: list[str] = strawberry.field(description="Names of the environment variables it gets (values hidden).")
    header_names: list[str] = strawberry.field(description="Names of the headers it gets (values hidden).")
    health: McpServerHealth = strawberry.field(description="How it answered last (listing `tools` refreshes it).")
    tools: list[ToolDefinition] = strawberry.field(description="Its tools, as the model is offered them.")


@strawberry.input(
    description="An MCP server to register: `command` (+ `args`, `env`) for stdio, or `url` (+ `headers`)."
)
class RegisterMcpServerInput:
    name: str = strawberry.field(description="2-32 lowercase letters, digits and _; its tools are `<name>__<tool>`.")
    command: str | None = strawberry.field(default=None, description="STDIO: the executable.")
    args: list[str] | None = strawberry.field(default=None, description="STDIO: its arguments.")
    env: JSON | None = strawberry.field(default=None, description="STDIO: environment variables (secret).")
    url: str | None = strawberry.field(default=None, description="HTTP: the streamable-HTTP endpoint.")
    headers: JSON | None = strawberry.field(default=None, description="HTTP: request headers (secret).")
